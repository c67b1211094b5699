"""Receiving letters: kept unchanged, registered once, read whatever the file is, never lost."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.storage import default_storage

from pamong.core.models import AuditEntry
from pamong.documents import actions
from pamong.documents.models import Document, State, StepOutcome
from tests.documents import letters


def test_a_text_letter_is_registered_with_its_fields_and_the_reasons_it_waits(receive) -> None:
    document = receive("surat.txt", letters.LETTER)
    assert document.nomor_surat == "400.3.5/1234/DISDIK/2024"
    assert document.tanggal.isoformat() == "2024-03-12"
    assert document.perihal == "Undangan Rapat Koordinasi Penerimaan Peserta Didik Baru"
    assert document.pengirim == "Dinas Pendidikan dan Kebudayaan"
    assert document.doc_type == "surat_undangan" and document.classification == "400.3.5"
    assert document.state == State.REVIEW  # no disposition model yet: a person decides the unit
    assert any("unit disposisi" in reason for reason in document.review_reasons)
    assert [step.name for step in document.steps.all()] == ["read", "understand", "file"]
    assert all(
        step.outcome == StepOutcome.OK and step.duration_ms is not None for step in document.steps.all()
    )


def test_the_original_is_kept_byte_for_byte(receive) -> None:
    raw = letters.pdf_letter()
    document = receive("surat.pdf", raw)
    with default_storage.open(document.original.name, "rb") as handle:
        assert handle.read() == raw
    assert document.sha256 == hashlib.sha256(raw).hexdigest()


def test_the_same_file_twice_is_refused_as_a_duplicate(receive) -> None:
    first = receive("a.txt", letters.LETTER)
    with pytest.raises(actions.Duplicate) as refused:
        receive("b-other-name.txt", letters.LETTER)
    assert refused.value.existing == first
    assert Document.objects.count() == 1


def test_the_file_type_comes_from_the_content_not_the_name(receive) -> None:
    document = receive("scan.txt", letters.pdf_letter())
    assert document.mime == "application/pdf" and document.text_source == "layer"
    assert document.nomor_surat == "400.3.5/1234/DISDIK/2024"


def test_a_docx_letter_is_read_with_its_header_and_tables(receive) -> None:
    document = receive("surat.docx", letters.docx_letter())
    assert document.text_source == "docx"
    assert document.nomor_surat == "400.3.5/1234/DISDIK/2024"
    assert document.pengirim == "Dinas Pendidikan dan Kebudayaan"
    assert document.perihal.startswith("Undangan Rapat Koordinasi")


def test_text_in_an_old_windows_encoding_is_read(receive) -> None:
    raw = letters.LETTER.replace("Tempat", "Tempat — Gedung Graha Widya").encode("cp1252")
    document = receive("surat-lama.txt", raw)
    assert document.state != State.FAILED
    assert "Gedung Graha Widya" in document.text and document.nomor_surat == "400.3.5/1234/DISDIK/2024"


def test_an_empty_file_is_refused_at_the_door_and_nothing_is_stored(receive) -> None:
    with pytest.raises(actions.IntakeError, match="kosong"):
        receive("kosong.pdf", b"")
    assert Document.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(receive, settings) -> None:
    settings.DOCUMENTS_MAX_BYTES = 2048
    with pytest.raises(actions.IntakeError, match="batas"):
        receive("besar.txt", "x" * 5000)
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("rusak.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "PDF rusak"),
        ("terpotong.pdf", letters.pdf_letter()[:300], "PDF rusak"),
        ("bersandi.pdf", letters.pdf_letter(password="rahasia"), "kata sandi"),
        ("bom.png", letters.png_header_only(20_000, 20_000), "melebihi batas"),
        ("data.bin", bytes(range(256)) * 10, "tidak didukung"),
        ("arsip.docx", b"PK\x03\x04" + b"\x00" * 100, "tidak didukung"),
    ],
)
def test_bad_input_ends_in_the_error_queue_with_a_clear_reason(receive, name, content, reason) -> None:
    document = receive(name, content)
    assert document.state == State.FAILED
    assert reason in document.error
    assert document.steps.get(name="read").outcome == StepOutcome.FAILED
    assert AuditEntry.objects.filter(verb="documents.document.failed", object_id=str(document.pk)).exists()
    assert default_storage.exists(document.original.name)  # kept, to retry or inspect


def test_a_docx_with_macros_is_read_and_the_macros_are_noted_not_run(receive) -> None:
    document = receive("makro.docx", letters.docx_letter(macros=True))
    assert document.state == State.REVIEW
    assert document.nomor_surat == "400.3.5/1234/DISDIK/2024"
    assert any("makro" in reason for reason in document.review_reasons)


def test_a_failed_letter_is_retried_and_resumes_at_the_failed_step(
    receive, fitri, settings, django_capture_on_commit_callbacks
) -> None:
    settings.DOCUMENTS_TESSERACT = "tesseract-that-is-not-installed"
    document = receive("pindaian.png", letters.scanned_png())
    assert document.state == State.FAILED and "tesseract" in document.error
    settings.DOCUMENTS_TESSERACT = "tesseract"
    with django_capture_on_commit_callbacks(execute=True):
        actions.retry(document, actor=fitri)
    document.refresh_from_db()
    assert document.state in (State.REVIEW, State.REGISTERED)
    assert list(document.steps.values_list("name", "attempt", "outcome")) == [
        ("read", 1, "failed"),
        ("read", 2, "ok"),
        ("understand", 1, "ok"),
        ("file", 1, "ok"),
    ]
    assert document.nomor_surat == "400.3.5/1234/DISDIK/2024"  # read by OCR
    assert document.ocr_pages == 1 and document.scanned


def test_a_letter_left_half_read_by_a_dead_worker_is_resumed(db, fitri) -> None:
    from pamong.documents.models import PipelineStep
    from pamong.documents.pipeline import run

    with_text = Document.objects.create(
        original="documents/originals/x.txt", filename="x.txt", size=10, sha256="a" * 64, mime="text/plain",
        source="cli", state=State.PROCESSING, text=letters.LETTER, text_source="text",
    )  # fmt: skip
    PipelineStep.objects.create(document=with_text, name="read", outcome=StepOutcome.OK, duration_ms=3)
    PipelineStep.objects.create(document=with_text, name="understand")  # running when the worker died
    document = run(with_text.pk)
    assert document.state == State.REVIEW and document.nomor_surat == "400.3.5/1234/DISDIK/2024"
    steps = list(document.steps.values_list("name", "outcome"))
    assert steps == [("read", "ok"), ("understand", "failed"), ("understand", "ok"), ("file", "ok")]
    assert "terhenti" in document.steps.filter(name="understand").first().error


def test_a_page_lying_upside_down_is_turned_and_read(receive) -> None:
    document = receive("terbalik.png", letters.scanned_png(rotate=180))
    assert document.nomor_surat == "400.3.5/1234/DISDIK/2024"


def test_an_e_mail_with_a_pdf_attachment_is_read_whole(receive) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Disdik <disdik@contohkab.go.id>"
    message["To"] = "tu@contohkab.go.id"
    message["Subject"] = "Undangan rapat"
    message.set_content("Terlampir surat undangan.")
    message.add_attachment(
        letters.pdf_letter(), maintype="application", subtype="pdf", filename="undangan.pdf"
    )
    document = receive("pesan.eml", message.as_bytes())
    assert document.mime == "message/rfc822" and document.text_source == "email"
    assert "Terlampir surat undangan." in document.text
    assert document.nomor_surat == "400.3.5/1234/DISDIK/2024"


def test_receive_stores_no_row_when_the_file_cannot_be_stored(db, fitri, monkeypatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(default_storage, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        actions.receive("a.txt", io.BytesIO(b"isi surat"), source="upload", actor=fitri)
    assert Document.objects.count() == 0


def test_a_docx_with_an_external_link_is_read_and_the_link_is_not_followed(receive) -> None:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE

    document = docx.Document(io.BytesIO(letters.docx_letter()))
    document.part.relate_to("http://tracker.invalid/pixel.png", RELATIONSHIP_TYPE.IMAGE, is_external=True)
    buffer = io.BytesIO()
    document.save(buffer)
    received = receive("tautan.docx", buffer.getvalue())
    assert received.nomor_surat == "400.3.5/1234/DISDIK/2024"
    assert any("tautan eksternal" in reason for reason in received.review_reasons)


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(receive, monkeypatch) -> None:
    import zipfile

    from pamong.documents import reading

    monkeypatch.setattr(reading, "MAX_DOCX_UNPACKED", 1024 * 1024)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(letters.docx_letter())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        bomb.writestr("word/media/filler.bin", b"\0" * (4 * 1024 * 1024))
    document = receive("bom.docx", buffer.getvalue())
    assert document.state == State.FAILED and "bom zip" in document.error


def test_a_letter_that_runs_out_of_time_is_filed_in_the_error_queue_and_can_be_retried(
    receive, fitri, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from celery.exceptions import SoftTimeLimitExceeded

    from pamong.documents import reading

    def stuck(path):  # type: ignore[no-untyped-def]
        raise SoftTimeLimitExceeded  # what the worker raises when the soft time limit passes

    monkeypatch.setattr(reading, "read_pdf", stuck)
    document = receive("macet.pdf", letters.pdf_letter())
    assert document.state == State.FAILED
    assert document.error.startswith("waktu pemrosesan habis pada langkah read (batas 15 menit)")
    assert document.steps.get(name="read").error == document.error
    assert AuditEntry.objects.filter(verb="documents.document.failed", object_id=str(document.pk)).exists()
    assert actions.retryable(document)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        actions.retry(document, actor=fitri)
    document.refresh_from_db()
    assert document.state == State.REVIEW and document.nomor_surat == "400.3.5/1234/DISDIK/2024"
    assert list(document.steps.filter(name="read").values_list("attempt", "outcome")) == [
        (1, "failed"),
        (2, "ok"),
    ]


def test_the_document_task_is_killed_before_its_letter_would_count_as_stalled(settings) -> None:
    from pamong.documents.tasks import SOFT_TIME_LIMIT, TIME_LIMIT, process_document

    assert (process_document.soft_time_limit, process_document.time_limit) == (SOFT_TIME_LIMIT, TIME_LIMIT)
    assert SOFT_TIME_LIMIT < TIME_LIMIT < settings.DOCUMENTS_STALE_MINUTES * 60


def test_a_poster_sized_scanned_page_is_refused_instead_of_rendered(receive) -> None:
    document = receive("poster.pdf", letters.blank_pdf(14400, 14400))  # 200 × 200 inches
    assert document.state == State.FAILED
    assert document.error.startswith("halaman 1 berukuran 200 × 200 inci, terlalu besar untuk di-OCR")
    assert document.steps.get(name="read").outcome == StepOutcome.FAILED


def test_a_large_page_is_rendered_for_ocr_within_the_pixel_cap(tmp_path) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    from pamong.documents import reading

    pdf = pdfium.PdfDocument(letters.blank_pdf(3000, 2000))  # 300 DPI would be 104 megapixels
    image = reading.page_image(pdf[0], tmp_path, 0)
    pdf.close()
    with Image.open(image) as rendered:
        width, height = rendered.size
    assert width * height <= reading.MAX_RENDER_PIXELS
    assert width * height > 0.99 * reading.MAX_RENDER_PIXELS  # as sharp as the cap allows
    assert width / (3000 / 72) >= reading.MIN_OCR_DPI


@pytest.mark.parametrize(
    ("width", "height", "wanted", "expected"),
    [(595, 842, 300 / 72, 300 / 72), (14400, 14400, 300 / 72, 0.4391), (100_000, 1, 1.0, 1.0)],
)
def test_the_render_scale_keeps_within_the_pixel_cap(width, height, wanted, expected) -> None:
    from math import ceil

    from pamong.documents.reading import capped_scale

    scale = capped_scale(width, height, wanted, 40_000_000)
    assert scale == pytest.approx(expected, abs=1e-3)
    assert ceil(width * scale) * ceil(height * scale) <= 40_000_000
