"""The clerk's review, learning from it, touch time, and the other ways letters come in."""

from __future__ import annotations

import io
import json
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from pamong.ai.models import DecisionReview
from pamong.core.models import AuditEntry, Unit
from pamong.documents import actions, learning
from pamong.documents.models import Document, ReviewSession, State
from tests.documents import letters

TOPICS = {
    "disdik": (
        "400.3.5/{n}/DISDIK/2024",
        "Undangan Rapat Penerimaan Peserta Didik Baru Sekolah Dasar",
        "sekolah murid guru pendidikan",
    ),
    "dinkes": (
        "400.7.7/{n}/DINKES/2024",
        "Undangan Rapat Imunisasi Anak dan Puskesmas",
        "imunisasi vaksin puskesmas kesehatan",
    ),
}


def letter_about(unit: str, n: int) -> str:
    nomor, perihal, words = TOPICS[unit]
    return letters.text_letter(nomor.format(n=n), perihal).replace(
        "Aula Dinas Pendidikan", f"Aula ({words} {n})"
    )


@pytest.fixture
def confirmed_history(receive, fitri, units):  # type: ignore[no-untyped-def]
    """Six letters the clerk confirmed and disposed: three to Disdik, three to Dinkes."""
    for n in range(3):
        for unit in TOPICS:
            document = receive(f"{unit}-{n}.txt", letter_about(unit, n))
            actions.confirm(document, actor=fitri, values={"unit": Unit.objects.get(code=unit)}, seconds=20)


def test_the_clerk_confirms_in_one_action_and_corrections_become_overrides(
    receive, fitri, units, client
) -> None:
    document = receive("surat.pdf", letters.pdf_letter())
    client.force_login(fitri)
    page = client.get(reverse("documents:review", args=[document.pk])).content.decode()
    assert "400.3.5/1234/DISDIK/2024" in page and "halaman.png" in page
    assert client.get(reverse("documents:page-image", args=[document.pk]))["Content-Type"] == "image/png"
    time.sleep(1.1)
    form = {
        "nomor_surat": "400.3.5/1234/DISDIK/2024",
        "tanggal": "2024-03-13",  # the clerk corrects the date
        "perihal": document.perihal,
        "pengirim": document.pengirim,
        "sifat": document.sifat,
        "doc_type": document.doc_type,
        "classification": document.classification,
        "unit": Unit.objects.get(code="disdik").pk,
        "instruction": "Mohon ditindaklanjuti",
    }
    assert client.post(reverse("documents:review", args=[document.pk]), form).status_code == 302
    document.refresh_from_db()
    assert document.state == State.REGISTERED and document.confirmed_by == fitri
    assert document.tanggal.isoformat() == "2024-03-13"
    session = ReviewSession.objects.get(document=document)
    assert session.fields_changed == ["tanggal", "unit"] and session.seconds >= 1
    override = DecisionReview.objects.get(
        decision__subject=document.subject, decision__card__key="documents.fields"
    )
    assert override.outcome == "overridden" and override.corrected_output == {"tanggal": "2024-03-13"}
    confirmed = DecisionReview.objects.get(
        decision__subject=document.subject, decision__card__key="documents.type"
    )
    assert confirmed.outcome == "confirmed"
    assert document.dispositions.get(suggested=False).unit.code == "disdik"


def test_an_unknown_archive_code_is_refused_with_a_clear_message(receive, fitri, client) -> None:
    document = receive("surat.txt", letters.LETTER)
    client.force_login(fitri)
    page = client.post(
        reverse("documents:review", args=[document.pk]), {"classification": "999.9"}
    ).content.decode()
    assert "Kode 999.9 tidak ada dalam daftar klasifikasi arsip." in page
    document.refresh_from_db()
    assert document.confirmed_at is None


def test_only_confirmed_letters_train_and_an_unchanged_set_is_skipped(
    confirmed_history, receive, settings
) -> None:
    unconfirmed = receive("belum.txt", letter_about("dinkes", 99))
    assert unconfirmed.confirmed_at is None
    out = io.StringIO()
    call_command("documents", "retrain", stdout=out)
    assert (
        "documents.disposition: trained nb-" in out.getvalue() and "on 6 confirmed letters" in out.getvalue()
    )
    model = json.loads((settings.MODEL_DIR / "documents" / "disposition.json").read_text())
    assert sorted(model["labels"]) == ["dinkes", "disdik"] and model["n"] == 6
    again = io.StringIO()
    call_command("documents", "retrain", stdout=again)
    assert "documents.disposition: skipped: unchanged" in again.getvalue()
    assert AuditEntry.objects.filter(verb="ai.model.trained", object_id="documents.disposition").count() == 1


def test_after_retraining_a_new_letter_gets_a_disposition_with_its_reasons(
    confirmed_history, receive, settings
) -> None:
    settings.MODEL_DIR = settings.MEDIA_ROOT.parent / "models"
    learning.retrain_all(actor="test")
    document = receive("baru.txt", letter_about("dinkes", 7))
    suggestion = document.extraction["disposition"]
    assert suggestion["value"] == "dinkes" and suggestion["confidence"] >= 0.6
    assert "imunisasi" in suggestion["why"] or "kode 400.7" in suggestion["why"]
    assert document.dispositions.get(suggested=True).unit.code == "dinkes"


def _letter(name: str, *, ocr_pages: int = 0, **values) -> Document:  # type: ignore[no-untyped-def]
    """A letter in ``state`` as the pipeline left it, with no review session."""
    return Document.objects.create(
        original=f"documents/originals/{name}", filename=name, size=10, sha256=name.ljust(64, "0"),
        source="cli", doc_type="surat_undangan", ocr_pages=ocr_pages, **values,
    )  # fmt: skip


def test_the_report_counts_reviews_and_letters_registered_with_no_one_touching_them(receive, fitri) -> None:
    for n, (seconds, corrected) in enumerate([(10, False), (30, False), (50, True)]):
        document = receive(f"s{n}.txt", letters.text_letter(f"400.3.5/{n}/DISDIK/2024"))
        values = {"perihal": "Diperbaiki"} if corrected else {}
        actions.confirm(document, actor=fitri, values=values, seconds=seconds)
    _letter("a1", state=State.REGISTERED)
    _letter("a2", state=State.REGISTERED)
    _letter("a3", state=State.REGISTERED, ocr_pages=2)
    _letter("waiting", state=State.REVIEW)  # not processed yet: not counted
    _letter("failed", state=State.FAILED)
    demo = _letter("demo", state=State.REVIEW)
    actions.confirm(demo, actor=fitri, values={}, seconds=0, touch=False)  # loaded, not worked on
    out = io.StringIO()
    call_command("documents", "report", "--json", stdout=out)
    digital, scanned = json.loads(out.getvalue())
    assert digital == {
        "doc_type": "surat_undangan",
        "form": "digital",
        "letters": 5,
        "reviewed": 3,
        "automatic": 2,
        "without_correction": 0.8,  # 2 confirmed as read + 2 untouched, of 5
        "median_seconds": 10.0,  # of 0, 0, 10, 30, 50
    }
    assert scanned == {
        "doc_type": "surat_undangan",
        "form": "scanned",
        "letters": 1,
        "reviewed": 0,
        "automatic": 1,
        "without_correction": 1.0,
        "median_seconds": 0.0,
    }
    table = io.StringIO()
    call_command("documents", "report", stdout=table)
    assert table.getvalue().splitlines()[1].split() == [
        "surat_undangan",
        "digital",
        "5",
        "3",
        "2",
        "80%",
        "10.0",
    ]


def test_a_watched_folder_registers_files_once_they_stop_growing(
    db, tmp_path, django_capture_on_commit_callbacks
) -> None:
    from pamong.documents import intake

    letters.write(tmp_path, "a.txt", letters.LETTER)
    letters.write(tmp_path, "b.pdf", b"%PDF-1.4 rusak")
    sizes: dict = {}
    first = intake.watch_once(tmp_path, sizes)
    assert first.received == 0  # seen once: it may still be copying
    with django_capture_on_commit_callbacks(execute=True):
        second = intake.watch_once(tmp_path, sizes)
    assert second.received == 2
    assert (tmp_path / "diproses" / "a.txt").exists() and not (tmp_path / "a.txt").exists()
    assert Document.objects.count() == 2


def test_a_two_thousand_page_pdf_is_read_and_registered(receive) -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for page in range(2000):
        pdf.drawString(72, 720, f"Lampiran halaman {page + 1}: daftar penerima bantuan sosial tahun 2024")
        pdf.showPage()
    pdf.save()
    document = receive("lampiran-besar.pdf", buffer.getvalue())
    assert document.state in (State.REVIEW, State.REGISTERED)
    assert document.pages == 2000 and "halaman 2000" in document.text


def test_the_preview_of_a_poster_sized_page_stays_within_the_preview_pixels(receive, fitri, client) -> None:
    from PIL import Image

    from pamong.documents.review import PREVIEW_BOX

    document = receive("poster.pdf", letters.blank_pdf(14400, 14400))  # 200 × 200 inches
    client.force_login(fitri)
    response = client.get(reverse("documents:page-image", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(response.content)) as preview:
        width, height = preview.size
    assert width == height and width * height <= PREVIEW_BOX[0] * PREVIEW_BOX[1]
    assert width > 1400  # the whole allowance is used, not a thumbnail of a thumbnail
