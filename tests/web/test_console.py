"""Staff log in by role; the registry shows each AI function's card, quality and use."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from pamong.ai.models import AIFunctionCard
from pamong.catalog.models import CatalogUpload, Service
from pamong.core.models import AuditEntry
from tests.conftest import FIXTURES


def test_the_console_needs_a_login(client, db) -> None:
    response = client.get("/staf/ai/")
    assert response.status_code == 302 and response["Location"].startswith("/staf/masuk/")


def test_a_user_without_a_role_is_refused(client, django_user_model) -> None:
    django_user_model.objects.create_user("tamu", password="kata-sandi-uji-123")
    client.login(username="tamu", password="kata-sandi-uji-123")
    assert client.get("/staf/").status_code == 403


def test_staff_log_in_through_the_form(client, ani) -> None:
    response = client.post("/staf/masuk/", {"username": "ani", "password": "kata-sandi-uji-123"})
    assert response.status_code == 302 and response["Location"] == "/staf/"
    assert "Petugas layanan" in client.get("/staf/").content.decode()


def test_the_registry_shows_card_metrics_volume_overrides_and_satisfaction(
    client, ani, small_catalog
) -> None:
    call_command("eval", "catalog.search", "--csv", str(FIXTURES / "questions-small.csv"), stdout=StringIO())
    client.get("/cari/", {"q": "bikin ktp"})
    client.force_login(ani)
    page = client.get("/staf/ai/").content.decode()
    assert "catalog.search" in page and "Pencarian layanan publik" in page
    assert "hit_at_1: <strong>1,000</strong>" in page  # ours (Indonesian decimal comma), then the baseline
    assert "bm25-norm-stem-v1+catalog-" in page
    detail = client.get("/staf/ai/catalog.search/").content.decode()
    assert "bm25_plain" in detail and "questions-small.csv" in detail
    assert "matched words: buat, ktp" in detail
    assert "Ubah kartu" not in detail  # an officer may look, not change


def test_the_governance_officer_changes_a_threshold_with_a_reason(client, citra, small_catalog) -> None:
    client.force_login(citra)
    client.get("/staf/ai/catalog.search/")
    card = AIFunctionCard.objects.get(key="catalog.search")
    form = {
        "owner_unit": card.owner_unit,
        "risk_level": 1,
        "oversight": "automatic",
        "threshold": "0.7",
        "notice_id": card.notice_id,
        "notice_en": card.notice_en,
        "reason": "terlalu banyak jawaban salah",
    }
    assert client.post("/staf/ai/catalog.search/", form).status_code == 302
    assert AIFunctionCard.objects.get(key="catalog.search").threshold == 0.7
    entry = AuditEntry.objects.get(verb="ai.card.updated")
    assert entry.actor_label == "citra"
    assert entry.data == {"changes": {"threshold": [0.4, 0.7]}, "reason": "terlalu banyak jawaban salah"}
    bad = client.post("/staf/ai/catalog.search/", {**form, "threshold": "3"})
    assert bad.status_code == 200 and "Ambang harus antara 0 dan 1." in bad.content.decode()


def test_an_officer_cannot_change_a_card(client, ani, small_catalog) -> None:
    client.force_login(ani)
    assert client.post("/staf/ai/catalog.search/", {"threshold": "0"}).status_code == 403


def test_the_audit_log_is_for_supervisors_and_governance(client, ani, budi, small_catalog) -> None:
    client.force_login(ani)
    assert client.get("/staf/audit/").status_code == 403
    client.force_login(budi)
    assert "catalog.imported" in client.get("/staf/audit/", {"verb": "catalog"}).content.decode()


@pytest.mark.django_db
def test_a_supervisor_imports_a_catalog_file_in_the_console(
    client, budi, django_capture_on_commit_callbacks
) -> None:
    client.force_login(budi)
    with (
        (FIXTURES / "catalog-small.yaml").open("rb") as handle,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/staf/katalog/", {"file": handle})
    assert response.status_code == 302
    upload = CatalogUpload.objects.get()
    assert upload.status == "done" and upload.result["created"] == ["ktp-uji", "akta-lahir-uji", "skck-uji"]
    assert Service.objects.count() == 3
    assert "3 baru, 0 diperbarui, 2 FAQ" in client.get("/staf/katalog/").content.decode()


@pytest.mark.django_db
def test_a_bad_catalog_file_fails_with_its_problems_and_changes_nothing(
    client, budi, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(budi)
    bad = SimpleUploadedFile("k.yaml", b"services:\n  - slug: Not A Slug\n")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staf/katalog/", {"file": bad})
    upload = CatalogUpload.objects.get()
    assert upload.status == "failed"
    assert any("slug" in p for p in upload.problems)
    assert Service.objects.count() == 0
    assert "bentuk tidak sah" in client.get("/staf/katalog/").content.decode()


def test_an_officer_cannot_import_a_catalog(client, ani) -> None:
    client.force_login(ani)
    assert client.get("/staf/katalog/").status_code == 403


def test_a_task_delivered_twice_imports_once(budi, small_catalog) -> None:
    from pamong.catalog.actions import process

    upload = CatalogUpload.objects.create(
        filename="k.yaml",
        content=(FIXTURES / "catalog-small.yaml").read_bytes(),
        sha256="x",
        uploaded_by=budi,
    )
    assert process(upload.pk).status == "done"
    assert process(upload.pk).status == "done"
    assert AuditEntry.objects.filter(verb="catalog.upload.done").count() == 1


def test_an_oversized_catalog_file_is_refused_in_the_form(client, budi, settings) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CATALOG_MAX_BYTES = 1024
    client.force_login(budi)
    response = client.post("/staf/katalog/", {"file": SimpleUploadedFile("big.yaml", b"#" * 5000)})
    assert response.status_code == 200
    assert "melebihi batas 1024 bait" in response.content.decode()
    assert CatalogUpload.objects.count() == 0
