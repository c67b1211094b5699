"""The records clerk's pages, the API and the ingest command, as people and systems use them."""

from __future__ import annotations

import base64
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from pamong.core.models import AuditEntry, Unit
from pamong.documents import actions
from pamong.documents.models import Document, State
from tests.documents import letters


@pytest.fixture
def fitri_client(client, fitri):  # type: ignore[no-untyped-def]
    client.force_login(fitri)
    return client


def test_the_clerk_uploads_several_letters_at_once_and_finds_them_in_the_agenda(
    fitri_client, django_capture_on_commit_callbacks
) -> None:
    files = [
        SimpleUploadedFile("satu.pdf", letters.pdf_letter()),
        SimpleUploadedFile(
            "dua.txt", letters.text_letter("B-123/KPK/01/2024", "Permohonan Data Aset Daerah").encode()
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = fitri_client.post(reverse("documents:upload"), {"files": files})
    assert response.status_code == 302
    assert Document.objects.count() == 2
    page = fitri_client.get(reverse("documents:agenda"), {"q": "aset daerah"}).content.decode()
    assert "B-123/KPK/01/2024" in page and "400.3.5/1234/DISDIK/2024" not in page
    page = fitri_client.get(reverse("documents:agenda"), {"q": "peserta didik"}).content.decode()
    assert "400.3.5/1234/DISDIK/2024" in page  # full-text search reaches the body


def test_the_agenda_exports_csv_with_the_filters_applied(receive, fitri_client) -> None:
    receive("satu.txt", letters.LETTER)
    receive("dua.txt", letters.text_letter("000.7.2/77/BAPPEDA/2024", "Permohonan Narasumber"))
    response = fitri_client.get(reverse("documents:agenda"), {"type": "surat_permohonan", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["nomor_surat"] for row in rows] == ["000.7.2/77/BAPPEDA/2024"]
    assert rows[0]["jenis"] == "surat_permohonan" and rows[0]["klasifikasi"] == "000.7.2"


def test_hostile_text_in_a_letter_is_shown_escaped(receive, fitri_client) -> None:
    document = receive("jahat.txt", letters.text_letter(perihal="<script>alert(1)</script> Permohonan"))
    page = fitri_client.get(reverse("documents:document", args=[document.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_error_queue_shows_the_reason_and_retries(
    receive, fitri_client, settings, django_capture_on_commit_callbacks
) -> None:
    settings.DOCUMENTS_TESSERACT = "no-such-tesseract"
    document = receive("pindai.png", letters.scanned_png())
    page = fitri_client.get(reverse("documents:errors")).content.decode()
    assert "OCR tidak tersedia" in page and f"#{document.pk}" in page
    settings.DOCUMENTS_TESSERACT = "tesseract"
    with django_capture_on_commit_callbacks(execute=True):
        fitri_client.post(reverse("documents:errors"), {"document": document.pk})
    document.refresh_from_db()
    assert document.state != State.FAILED and document.error == ""


def test_officers_see_only_letters_disposed_to_their_unit_and_mark_them_read(
    receive, fitri, ani, units, client
) -> None:
    document = receive("surat.txt", letters.LETTER)
    disdik = Unit.objects.get(code="disdik")
    client.force_login(ani)
    assert client.get(reverse("documents:document", args=[document.pk])).status_code == 403
    actions.dispose(document, disdik, actor=fitri, instruction="Mohon hadir")
    disdik.members.add(ani)
    page = client.get(reverse("documents:document", args=[document.pk])).content.decode()
    assert "NIK pelapor [NIK]" in page and "3372015708900002" not in page  # officers read the redacted text
    assert client.get(reverse("documents:original", args=[document.pk])).status_code == 403
    disposition = document.dispositions.get(suggested=False)
    client.post(reverse("documents:dispositions"), {"disposition": disposition.pk})
    disposition.refresh_from_db()
    assert disposition.read_by == ani and disposition.read_at is not None
    assert AuditEntry.objects.filter(verb="documents.disposition.read", actor_label="ani").exists()
    assert AuditEntry.objects.filter(verb="documents.document.redacted_viewed", actor_label="ani").exists()


def test_every_look_at_an_original_is_audited(receive, fitri_client) -> None:
    document = receive("surat.pdf", letters.pdf_letter())
    response = fitri_client.get(reverse("documents:original", args=[document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        AuditEntry.objects.filter(verb="documents.document.original_viewed", actor_label="fitri").count() == 1
    )


def test_an_analyst_cannot_open_the_agenda(client, eko) -> None:
    client.force_login(eko)
    assert client.get(reverse("documents:agenda")).status_code == 403


def _basic(user: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:kata-sandi-uji-123".encode()).decode()


def test_a_scanner_sends_a_letter_through_the_api(fitri, client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/documents/",
            {"file": SimpleUploadedFile("x.pdf", letters.pdf_letter())},
            HTTP_AUTHORIZATION=_basic("fitri"),
        )
    assert response.status_code == 201, response.content
    body = client.get(f"/api/v1/documents/{response.json()['id']}", HTTP_AUTHORIZATION=_basic("fitri")).json()
    assert body["nomor_surat"] == "400.3.5/1234/DISDIK/2024" and body["type"] == "surat_undangan"
    again = client.post(
        "/api/v1/documents/",
        {"file": SimpleUploadedFile("y.pdf", letters.pdf_letter())},
        HTTP_AUTHORIZATION=_basic("fitri"),
    )
    assert again.status_code == 409 and again.json()["id"] == body["id"]
    read = client.get(f"/api/v1/documents/{body['id']}", HTTP_AUTHORIZATION=_basic("fitri"))
    assert read.json()["tanggal"] == "2024-03-12"


def test_the_api_refuses_strangers_and_other_roles(eko, client) -> None:
    upload = {"file": SimpleUploadedFile("x.txt", b"isi")}
    assert client.post("/api/v1/documents/", upload).status_code == 401
    upload = {"file": SimpleUploadedFile("x.txt", b"isi")}
    assert client.post("/api/v1/documents/", upload, HTTP_AUTHORIZATION=_basic("eko")).status_code == 403


def test_ingest_registers_a_folder_and_reports_throughput_and_errors(tmp_path) -> None:
    from tests.services import pamong, pamong_env

    folder = tmp_path / "arsip"
    (folder / "2024").mkdir(parents=True)
    letters.write(folder, "a.pdf", letters.pdf_letter())
    letters.write(folder / "2024", "b.txt", letters.text_letter("005/1/DISHUB/2024", "Permohonan Izin"))
    letters.write(folder, "c.pdf", b"%PDF-1.4 broken")
    letters.write(folder, "d.txt", letters.LETTER)
    env = pamong_env(tmp_path / "var")
    pamong("migrate", "-v0", env=env)
    report = pamong("documents", "ingest", str(folder), env=env).stdout
    assert "4 received (failed 1, review 3)" in report and "files/s" in report
    assert "c.pdf: PDF rusak" in report
    again = pamong("documents", "ingest", str(folder), "--no-progress", env=env).stdout
    assert "0 received" in again and "4 duplicates" in again


def test_extract_prints_one_json_line_per_file_without_registering(db, tmp_path) -> None:
    import json

    path = letters.write(tmp_path, "surat.docx", letters.docx_letter())
    broken = letters.write(tmp_path, "rusak.pdf", b"%PDF-1.4 broken")
    out = io.StringIO()
    call_command("documents", "extract", str(path), str(broken), "--json", stdout=out)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["nomor_surat"] == "400.3.5/1234/DISDIK/2024" and first["tanggal"] == "2024-03-12"
    assert first["type"] == "surat_undangan" and first["classification"] == "400.3.5"
    assert {"kind": "nik", "masked": "3372********0002"} in first["pii"]
    assert "PDF rusak" in second["error"]
    assert Document.objects.count() == 0
