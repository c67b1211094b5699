"""A photo is kept without what the phone wrote about its taker: position, time, owner, comments."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from pamong.cases import uploads
from pamong.cases.models import Case

OWNER, GPS_IFD, ORIENTATION, MAKE = 0x013B, 0x8825, 0x0112, 0x010F


def _phone_photo(*, orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: camera owner, GPS position, a comment, an orientation."""
    exif = Image.Exif()
    exif[MAKE] = "Samsung"
    exif[OWNER] = "Budi Santoso"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "S", 2: (6.0, 59.0, 42.5), 3: "E", 4: (110.0, 30.0, 44.3)}
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(buffer, "JPEG", exif=exif.tobytes(), comment=b"rumah Budi")
    return buffer.getvalue()


def _opened(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def test_a_phone_photo_loses_its_position_owner_and_comment() -> None:
    kept = uploads.check("jalan.jpg", _phone_photo()).content
    image = _opened(kept)
    assert image.format == "JPEG" and image.size == (60, 40)
    assert dict(image.getexif()) == {} and "comment" not in image.info
    assert b"Budi" not in kept and b"Samsung" not in kept


def test_a_photo_taken_sideways_is_turned_upright_before_its_orientation_is_dropped() -> None:
    image = _opened(uploads.check("jalan.jpg", _phone_photo(orientation=6)).content)
    assert image.size == (40, 60) and ORIENTATION not in image.getexif()


def test_a_cut_off_phone_photo_is_refused_as_damaged_not_a_crash() -> None:
    photo = _phone_photo()
    with pytest.raises(uploads.UploadRejected, match="rusak"):
        uploads.check("jalan.jpg", photo[: len(photo) // 2])


def test_a_png_loses_its_text_chunks_but_keeps_its_transparency() -> None:
    info = PngInfo()
    info.add_text("Author", "Siti Aminah, Jl. Mawar 5")
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(buffer, "PNG", pnginfo=info)
    kept = uploads.check("peta.png", buffer.getvalue()).content
    image = _opened(kept)
    assert b"Mawar" not in kept and not image.text
    assert image.convert("RGBA").getpixel((0, 0))[3] == 0  # still see-through


def test_a_photo_without_metadata_is_kept_byte_for_byte() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(buffer, "JPEG", quality=80)
    assert uploads.check("a.jpg", buffer.getvalue()).content == buffer.getvalue()


def test_the_stored_attachment_of_a_complaint_has_no_gps(client, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    post_complaint(photo=SimpleUploadedFile("jalan.jpg", _phone_photo(), content_type="image/jpeg"))
    attachment = Case.objects.get().attachments.get()
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    assert GPS_IFD not in _opened(stored).getexif() and b"Budi" not in stored
    assert attachment.size == len(stored)
