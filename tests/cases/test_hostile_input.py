"""Hostile and careless input at the complaint form and in the console: refused clearly, kept as
text, nothing lost; and the lifecycle's rejection and reopening, each with its reason."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from pamong.cases import actions
from pamong.cases.models import Case, Draft, Status

SCRIPT = "<script>alert('x')</script>"


def _upload(name: str, content: bytes, content_type: str = "image/jpeg") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def _zip_bomb() -> bytes:
    """A few kilobytes that unpack to 200 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("foto.jpg", b"\0" * (200 * 1024 * 1024))
    return buffer.getvalue()


def test_a_50_mb_photo_is_refused_with_the_limit_and_the_typing_is_kept(
    client, units, post_complaint
) -> None:  # type: ignore[no-untyped-def]
    photo = b"\xff\xd8\xff\xe0" + b"\0" * (50 * 1024 * 1024)
    response = post_complaint(photo=_upload("sawah.jpg", photo))
    assert response.status_code == 422
    assert "Berkas lebih dari 10,0\xa0MB" in response.content.decode()
    assert Case.objects.count() == 0
    assert Draft.objects.get().data["description"].startswith("Jalan di depan balai desa")


def test_a_zip_bomb_sent_as_a_photo_is_refused_without_unpacking(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    bomb = _zip_bomb()
    assert len(bomb) < 1024 * 1024
    response = post_complaint(photo=_upload("foto.jpg", bomb))
    assert response.status_code == 422 and "bukan salah satunya" in response.content.decode()
    assert Case.objects.count() == 0 and Draft.objects.count() == 1


def test_script_in_every_field_and_in_the_officer_reply_stays_text(
    client, units, post_complaint, budi, committed
) -> None:  # type: ignore[no-untyped-def]
    post_complaint(
        name=f"Siti {SCRIPT}",
        address=f"Jl. Mawar {SCRIPT}",
        description=f"Jalan rusak parah dan berlubang di dekat pasar {SCRIPT} sudah lama sekali",
    )
    case = Case.objects.get()
    committed(actions.reply, case, actor=budi, text=f"Sudah kami cek {SCRIPT} besok diperbaiki")
    citizen_page = client.get(reverse("cases:status", args=[case.tracking_number])).content.decode()
    assert "Sudah kami cek" in citizen_page
    client.force_login(budi)
    officer_page = client.get(reverse("cases:case", args=[case.tracking_number])).content.decode()
    assert "Jl. Mawar" in officer_page
    for page in (citizen_page, officer_page):
        assert SCRIPT not in page and "&lt;script&gt;" in page
    listing = client.get("/open311/v2/requests.xml").content.decode()
    assert SCRIPT not in listing


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_rejection_needs_a_reason_the_citizen_reads_and_can_be_reopened(
    client, units, post_complaint, budi, committed, blank
) -> None:  # type: ignore[no-untyped-def]
    post_complaint()
    case = Case.objects.get()
    with pytest.raises(actions.MoveRefused):
        actions.reject(case, actor=budi, reason=blank)
    case = committed(actions.reject, case, actor=budi, reason="Lokasi di luar wilayah kabupaten kami.")
    assert case.status == Status.REJECTED
    page = client.get(reverse("cases:status", args=[case.tracking_number])).content.decode()
    assert "Lokasi di luar wilayah kabupaten kami." in page
    case = committed(actions.reopen, case, actor=budi, reason="Warga mengirim lokasi yang benar.")
    assert case.status == Status.REOPENED
    moves = list(case.events.filter(kind="status").values_list("to_status", flat=True))
    assert moves[-2:] == [Status.REJECTED, Status.REOPENED]
