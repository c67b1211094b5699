"""Citizens file, follow, add to and rate cases on the portal; mistakes and hostile input cost nothing."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from pamong.cases import filing
from pamong.cases.models import Case, Draft
from pamong.core.models import AuditEntry

SCRIPT = "<script>alert('x')</script>"


def _png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge image: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


# Who applies in the application tests: a valid NIK, phone and village of the demo regency.
APPLICANT = {
    "name": "Budi Santoso",
    "nik": "3321011208900003",
    "phone": "081234567890",
    "region": "33.21.01.2001",
    "address": "Jl. Melati 3 RT 02/RW 04",
}


def _upload(name: str, content: bytes, content_type: str = "image/png") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def test_the_complaint_form_offers_the_villages_of_our_regency(client, units) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("cases:complaint")).content.decode()
    assert "Banyumeneng" in page and "Kecamatan Mranggen" in page
    assert 'name="anonymous"' in page and 'type="file" name="photo"' in page
    assert (
        page.count("(tidak wajib)") >= 1
        and "wajib) (tidak wajib" not in page
        and "dikosongkan) (" not in page
    )


def test_a_filed_complaint_shows_its_number_and_code_once(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    response = post_complaint()
    assert response.status_code == 302 and response.url == reverse("cases:receipt")
    receipt = client.get(response.url).content.decode()
    case = Case.objects.get()
    assert case.tracking_number in receipt and "Kode rahasia" in receipt
    assert client.get(reverse("cases:receipt")).status_code == 302  # shown once
    status = client.get(reverse("cases:status", args=[case.tracking_number])).content.decode()
    assert "Jalan di depan balai desa rusak parah" in status and "Perkiraan selesai" in status


def test_a_mistake_keeps_everything_typed_in_a_draft(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    response = post_complaint(phone="12345", email="")
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ada yang perlu diperbaiki" in page and "08 atau +62" in page
    assert "Jalan di depan balai desa rusak parah" in page  # what was typed is still there
    assert Case.objects.count() == 0
    draft = Draft.objects.get()
    assert draft.data["description"].startswith("Jalan di depan balai desa")
    # Coming back later on the same device brings the draft back.
    again = client.get(reverse("cases:complaint")).content.decode()
    assert "Jalan di depan balai desa rusak parah" in again


def test_html_in_a_complaint_is_shown_as_text_everywhere(client, units, post_complaint, budi) -> None:  # type: ignore[no-untyped-def]
    post_complaint(description=f"Jalan rusak parah di dekat pasar {SCRIPT} sudah lama sekali")
    case = Case.objects.get()
    citizen_page = client.get(reverse("cases:status", args=[case.tracking_number])).content.decode()
    client.force_login(budi)
    officer_page = client.get(reverse("cases:case", args=[case.tracking_number])).content.decode()
    for page in (citizen_page, officer_page):
        assert SCRIPT not in page and "&lt;script&gt;" in page


def test_someone_else_needs_the_secret_code_to_see_a_case(client, units, post_complaint, settings) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    post_complaint()
    case = Case.objects.get()
    stranger = Client()
    assert stranger.get(reverse("cases:status", args=[case.tracking_number])).status_code == 302
    wrong = stranger.post(reverse("cases:track"), {"number": case.tracking_number, "code": "AAAAAAAA"})
    unknown = stranger.post(reverse("cases:track"), {"number": "A2611-ZZZZZZ", "code": "AAAAAAAA"})
    errors = [
        re.search(r'<p class="error"[^>]*>(.*?)</p>', r.content.decode()).group(1) for r in (wrong, unknown)
    ]
    assert errors[0] == errors[1] and "tidak cocok" in errors[0]  # nothing tells which part was wrong


def test_the_number_and_code_can_be_typed_as_people_copy_them(client, units, complaint_data) -> None:  # type: ignore[no-untyped-def]
    from pamong.cases import actions

    submitted = actions.submit_complaint(complaint_data)
    number, code = submitted.case.tracking_number, submitted.secret_code
    typed = number.lower().replace("-", " ")  # "a2611 7kq3px"
    spaced = f"{code[:4]} {code[4:]}".lower()
    response = client.post(reverse("cases:track"), {"number": typed, "code": spaced})
    assert response.status_code == 302 and response.url == reverse("cases:status", args=[number])
    wrong = client.post(reverse("cases:track"), {"number": typed, "code": "AAAAAAAA"}).content.decode()
    assert f'value="{typed}"' in wrong and "AAAAAAAA" not in wrong  # the number stays, the code is not echoed


def test_guessing_tracking_numbers_is_rate_limited(client, units, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_LOOKUPS_PER_HOUR = 3
    codes = [
        client.post(reverse("cases:track"), {"number": f"A2611-00000{i}", "code": "X"}).status_code
        for i in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]


def test_a_disguised_program_is_refused_and_the_report_kept_as_draft(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    response = post_complaint(photo=_upload("foto.jpg", b"MZ\x90\x00" + b"\0" * 200, "image/jpeg"))
    assert response.status_code == 422
    assert "bukan salah satunya" in response.content.decode()
    assert Case.objects.count() == 0 and Draft.objects.count() == 1


def test_a_refused_photo_does_not_hide_the_other_mistakes(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    response = post_complaint(photo=_upload("foto.jpg", b"MZ" + b"\0" * 200, "image/jpeg"), phone="123")
    page = response.content.decode()
    assert response.status_code == 422
    assert "bukan salah satunya" in page and 'id="err-phone"' in page


def test_an_image_bomb_and_an_oversized_file_are_refused(client, units, post_complaint, settings) -> None:  # type: ignore[no-untyped-def]
    bomb = post_complaint(photo=_upload("peta.png", _png_claiming(20_000, 20_000)))
    assert "Gambar terlalu besar" in bomb.content.decode()
    settings.CASES_UPLOAD_MAX_BYTES = 100 * 1024
    big = post_complaint(photo=_upload("besar.png", _png() + b"\0" * (200 * 1024)))
    assert "Berkas lebih dari 100,0\xa0KB" in big.content.decode()
    assert Case.objects.count() == 0


def test_a_real_photo_is_kept_with_the_case(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    post_complaint(photo=_upload("jalan.png", _png()))
    attachment = Case.objects.get().attachments.get()
    assert attachment.content_type == "image/png" and attachment.size > 0
    assert not attachment.file.url.endswith("jalan.png")  # stored under our own name


def test_flooding_submissions_from_one_client_is_stopped(client, units, post_complaint, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_SUBMISSIONS_PER_HOUR = 2
    codes = [post_complaint().status_code for _ in range(3)]
    assert codes == [302, 302, 422]
    assert Case.objects.count() == 2
    assert Draft.objects.filter(submitted_case__isnull=True).count() == 1  # the refused one is kept


def test_the_citizen_adds_information_and_rates_after_resolution(
    client, trained_router, post_complaint, budi
) -> None:  # type: ignore[no-untyped-def]
    from pamong.cases import actions

    post_complaint()
    case = Case.objects.get()
    action = reverse("cases:citizen-action", args=[case.tracking_number])
    client.post(action, {"action": "rate", "score": "5"})
    assert not hasattr(Case.objects.get(), "rating")  # not before it is resolved
    client.post(action, {"action": "add", "text": "Lubangnya makin besar setelah hujan kemarin."})
    assert case.events.filter(kind="citizen").count() == 1
    actions.resolve(case, actor=budi, resolution="Sudah ditambal.")
    client.post(action, {"action": "rate", "score": "5", "comment": "cepat"})
    assert Case.objects.get().rating.score == 5
    assert AuditEntry.objects.filter(verb="cases.case.rated").count() == 1


def test_an_application_needs_the_police_report_when_the_card_was_lost(
    client, shipped_catalog, units, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cases:application", args=["ktp-el-penggantian"])
    page = client.get(url).content.decode()
    assert "Surat keterangan kehilangan" in page and "KTP-el Anda hilang atau rusak?" in page
    data = {
        **APPLICANT,
        "reason": "hilang",
        "action": "submit",
        "doc-0": _upload("kk.png", _png()),
    }
    response = client.post(url, data)
    assert response.status_code == 422 and "Dokumen ini wajib diunggah" in response.content.decode()
    data.update({"doc-0": _upload("kk.png", _png()), "doc-1": _upload("polisi.png", _png())})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.service.slug, case.unit.code) == (
        "application",
        "ktp-el-penggantian",
        "disdukcapil",
    )
    assert case.attachments.count() == 2 and case.fields == {"reason": "hilang"}
    assert case.citizen_nik == "3321011208900003"
    assert mail.outbox == []  # no e-mail given: nothing to send


def test_an_invalid_nik_is_explained(client, shipped_catalog, units) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cases:application", args=["akta-kelahiran"])
    response = client.post(url, {"name": "Ani", "nik": "9999011208900003", "action": "submit"})
    assert "kode provinsi 99 tidak ada" in response.content.decode()


def test_a_service_that_cannot_be_applied_for_online_says_where_to_go(client, shipped_catalog) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("cases:application", args=["skck"]))
    assert response.status_code == 404 and "Lihat cara mengurusnya" in response.content.decode()


def test_the_application_forms_agree_with_the_shipped_catalog(shipped_catalog) -> None:  # type: ignore[no-untyped-def]
    """Every document a form answer makes mandatory exists in that service's requirements."""
    from pamong.cases import filing
    from pamong.catalog.models import Service

    for slug, (_unit, online) in filing.service_units().items():
        service = Service.objects.get(slug=slug)
        if not online:
            continue
        spec = filing.application_spec(service)
        starts = [doc.requirement for doc in spec.documents]
        for field in spec.fields:
            for _option, requirement in field.requires:
                assert any(doc.startswith(requirement) for doc in starts), (slug, requirement)
        assert not any(doc.startswith("Formulir") for doc in starts), slug


# --- Numbers typed in a service's form -----------------------------------------------------

HOUSEHOLD = filing.FieldSpec("household_members", "number", filing.Text("Jumlah anggota rumah tangga"))
FLOOR_AREA = filing.FieldSpec("building_area", "decimal_number", filing.Text("Luas bangunan (m²)"))


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("2,5", 2.5),
        ("2.5", 2.5),
        ("1.000", 1000),
        ("1,000", 1000),
        ("1.250.000", 1_250_000),
        ("1,250,000", 1_250_000),
        ("Rp 1.250.000", 1_250_000),
        ("Rp1.250.000,-", 1_250_000),
        ("1 250 000", 1_250_000),
        ("1.250.000,50", 1_250_000.5),
        ("1,250,000.50", 1_250_000.5),
        ("72,25", 72.25),
        ("0,125", 0.125),  # three digits after a leading 0 are decimals
        ("1234.567", 1234.567),  # ... and after more than three digits
        ("2,1250", 2.125),
        ("12", 12),
        (2.125, 2.125),  # a JSON number (API) or an answer checked before is not re-read as text
    ],
)
def test_a_decimal_field_reads_indonesian_and_english_numbers(typed, number) -> None:  # type: ignore[no-untyped-def]
    assert filing.check_value(FLOOR_AREA, typed) == number


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("3", 3),
        ("1.000", 1000),
        ("1,000", 1000),
        ("1.250.000", 1_250_000),
        ("Rp 1.250.000", 1_250_000),
        ("Rp 1.250.000,00", 1_250_000),
        ("2,0", 2),
        (4, 4),
    ],
)
def test_a_whole_number_field_takes_thousands_separators(typed, number) -> None:  # type: ignore[no-untyped-def]
    value = filing.check_value(HOUSEHOLD, typed)
    assert value == number and isinstance(value, int)


@pytest.mark.parametrize("typed", ["2.5", "2,5", "0,5", "1.250.000,50", 2.5])
def test_a_whole_number_field_refuses_a_decimal_in_indonesian(typed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        filing.check_value(HOUSEHOLD, typed)
    assert refused.value.messages == ["Isi bilangan bulat, tanpa angka di belakang koma, misalnya 3."]


@pytest.mark.parametrize(
    "typed", ["dua", "-3", "1.25.000", "1,2.5", "1,250.000,5", "2,", ".5", "3 orang", "nan"]
)
def test_what_is_not_a_number_is_refused(typed) -> None:  # type: ignore[no-untyped-def]
    for spec, message in ((HOUSEHOLD, "misalnya 3."), (FLOOR_AREA, "misalnya 2,5.")):
        with pytest.raises(ValidationError) as refused:
            filing.check_value(spec, typed)
        assert (
            refused.value.messages[0].startswith("Tulis angka saja") and message in refused.value.messages[0]
        )


def test_two_and_a_half_household_members_are_refused_not_stored_as_25(
    client, shipped_catalog, units, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cases:application", args=["dtks-pendaftaran"])
    data = {
        **APPLICANT,
        "household_members": "2.5",
        "action": "submit",
        "doc-0": _upload("ktp-kk.png", _png()),
    }
    response = client.post(url, data)
    assert response.status_code == 422 and "Isi bilangan bulat" in response.content.decode()
    assert not Case.objects.exists()
    data.update({"household_members": "4", "doc-0": _upload("ktp-kk.png", _png())})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert Case.objects.get().fields == {"household_members": 4}


def test_a_citizen_at_a_shared_computer_can_delete_what_they_typed(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    post_complaint(action="save")
    assert "Siti Aminah" in client.get(reverse("cases:complaint")).content.decode()  # the draft came back
    response = client.post(reverse("cases:complaint"), {"action": "discard"})
    assert response.status_code == 302 and not Draft.objects.exists()
    assert response.cookies["pamong_draft_complaint"]["max-age"] == 0
    page = client.get(reverse("cases:complaint")).content.decode()
    assert "Siti Aminah" not in page and "0812 3456 7890" not in page
    assert "Isian Anda sudah dihapus" in page


def test_drafts_untouched_for_thirty_days_are_forgotten_by_the_tick(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from pamong.cases.tasks import tick

    post_complaint()  # a sent one: emptied when its case was filed, kept as the case's link
    Draft.objects.create(
        token="abandoned", kind="complaint", data={"name": "Siti", "nik": "3321014107900001"}
    )
    Draft.objects.update(updated_at=timezone.now() - timedelta(days=31))
    assert tick()["drafts_forgotten"] == 1
    assert list(Draft.objects.values_list("data", flat=True)) == [{}]
