"""The village letters (surat keterangan domisili, surat keterangan usaha) are open for online
application: on the portal and through the assistant, each routed to the unit the catalog table names."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pamong.cases import filing
from pamong.cases.models import Case, Draft
from pamong.catalog.models import Service

IDENTITY = {
    "name": "Budi Santoso",
    "nik": "3321011208900003",
    "phone": "081234567890",
    "email": "",
    "region": "33.21.01.2001",
    "address": "Jl. Melati 3 RT 02/RW 04",
}
DOMICILE = {"residence_status": "sewa", "living_since": "01-03-2020", "purpose": "Melamar kerja di pabrik"}
BUSINESS = {
    "business_type": "Warung makan",
    "business_name": "Warung Bu Sri",
    "business_address": "Jl. Raya Mranggen 12 RT 01/RW 02, Banyumeneng",
    "purpose": "Pengajuan KUR",
}


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("dokumen.png", buffer.getvalue(), content_type="image/png")


def _uploads(slug: str, *starts: str) -> dict[str, Any]:
    """The upload fields of the page for the documents whose requirement starts so."""
    spec = filing.application_spec(Service.objects.get(slug=slug))
    return {
        f"doc-{index}": _png()
        for index, doc in enumerate(spec.documents)
        if doc.requirement.startswith(starts)
    }


@pytest.mark.parametrize(
    ("slug", "unit", "fields", "labels"),
    [
        (
            "surat-keterangan-domisili",
            "disdukcapil",
            {**DOMICILE, "residence_status": "milik_sendiri"},
            ["Anda tinggal di alamat ini sebagai apa?", "Untuk apa surat domisili digunakan?"],
        ),
        ("surat-keterangan-usaha", "dpmptsp", BUSINESS, ["Jenis usaha", "Alamat tempat usaha"]),
    ],
)
def test_a_village_letter_is_applied_for_on_the_portal_and_routed(
    client, shipped_catalog, units, django_capture_on_commit_callbacks, slug, unit, fields, labels
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cases:application", args=[slug])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert all(label in text for label in labels)
    assert "Surat pengantar dari RT dan RW" in text and "KTP-el dan Kartu Keluarga (KK)" in text

    data = {**IDENTITY, **fields, "action": "submit"}
    missing = client.post(url, {**data, **_uploads(slug, "Surat pengantar")})
    assert missing.status_code == 422 and "Dokumen ini wajib diunggah" in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {**data, **_uploads(slug, "Surat pengantar", "KTP-el dan Kartu Keluarga")}
        )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.service.slug, case.unit.code) == ("application", slug, unit)
    assert case.tracking_number.startswith("P") and case.attachments.count() == 2
    expected = {**fields, "living_since": "2020-03-01"} if "living_since" in fields else fields
    assert case.fields == expected


def test_renting_makes_the_proof_of_residence_mandatory(client, shipped_catalog, units) -> None:  # type: ignore[no-untyped-def]
    slug = "surat-keterangan-domisili"
    url = reverse("cases:application", args=[slug])
    data = {**IDENTITY, **DOMICILE, "action": "submit"}
    response = client.post(url, {**data, **_uploads(slug, "Surat pengantar", "KTP-el dan Kartu Keluarga")})
    assert response.status_code == 422
    assert "Bukti tempat tinggal" in response.content.decode() and Case.objects.count() == 0


@pytest.mark.parametrize(
    ("question", "slug", "unit", "answers", "documents", "kept"),
    [
        (
            "syarat surat keterangan domisili",
            "surat-keterangan-domisili",
            "disdukcapil",
            [("Anda tinggal di alamat ini sebagai apa?", "3"), ("Sejak tanggal", "01-03-2020")],
            ("Surat pengantar", "KTP-el dan Kartu Keluarga", "Bukti tempat tinggal"),
            {"residence_status": "sewa", "living_since": "2020-03-01", "purpose": "Melamar kerja di pabrik"},
        ),
        (
            "syarat surat keterangan usaha untuk KUR",
            "surat-keterangan-usaha",
            "dpmptsp",
            [
                ("Jenis usaha", "Warung makan"),
                ("Nama usaha", "lewati"),
                ("Alamat tempat usaha", BUSINESS["business_address"]),
            ],
            ("Surat pengantar", "KTP-el dan Kartu Keluarga"),
            {
                "business_type": "Warung makan",
                "business_name": "",
                "business_address": BUSINESS["business_address"],
                "purpose": "Pengajuan KUR",
            },
        ),
    ],
)
def test_a_village_letter_is_applied_for_by_chat_and_finished_on_the_upload_page(
    chat, client, django_capture_on_commit_callbacks, question, slug, unit, answers, documents, kept
) -> None:  # type: ignore[no-untyped-def]
    answer = chat(question)
    assert answer.service.slug == slug and "Ajukan permohonan" in answer.quick_replies
    start = chat("Ajukan permohonan")
    assert start.kind == "filing" and "Nama lengkap" in start.text
    for reply in ("Budi Santoso", "3321011208900003", "081234567890", "lewati", "Banyumeneng"):
        chat(reply)
    asked = chat("Jl. Melati 3 RT 02/RW 04")
    for label, reply in answers:
        assert label in asked.text  # one question at a time, the service's own
        asked = chat(reply)
    assert "Untuk apa" in asked.text
    confirm = chat(kept["purpose"])
    assert confirm.text.startswith("Periksa lagi")
    last = chat("ya")
    assert f"/permohonan/{slug}/?draf=" in last.text and "Surat pengantar dari RT dan RW" in last.text
    assert Case.objects.count() == 0  # the documents go through the web form

    token = last.text.split("?draf=")[1].split()[0]
    url = reverse("cases:application", args=[slug])
    page = client.get(url, {"draf": token}).content.decode()
    assert "Budi Santoso" in page and kept["purpose"] in page  # the chat's answers fill the form
    draft = Draft.objects.get(token=token)
    form = {key: value for key, value in draft.data.items() if not key.startswith("_")}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{url}?draf={token}", {**form, "action": "submit", **_uploads(slug, *documents)}
        )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.service.slug, case.unit.code) == ("application", slug, unit)
    assert case.fields == kept and case.citizen_nik == "3321011208900003"
    assert Draft.objects.get(token=token).submitted_case == case
