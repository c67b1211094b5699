"""Files citizens upload: the type comes from the content, sizes and pixels are limited.

A renamed ``.exe`` is refused because its bytes are not a PDF or an image; an image bomb
because Pillow reports its pixel count before decoding; a huge file because we stop
reading one byte past the limit. A photo is kept without its metadata: a phone writes the
GPS position, the time and often the owner's name into it, and an officer, a printout or
the public listing has no need for them.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# What a photo may carry about its taker (position, time, camera owner, editing software).
PRIVATE_INFO = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "Raw profile type exif")
KEPT_INFO = ("icc_profile", "transparency", "dpi")  # how it looks, nothing about who took it
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; larger is refused, not decoded
KINDS = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}


class UploadRejected(ValueError):
    """A file we will not keep; the message says why in the citizen's language."""


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def read_limited(upload: object, limit: int | None = None) -> bytes:
    """Read at most ``limit`` + 1 bytes, so an oversize file is known without reading it all."""
    limit = limit or settings.CASES_UPLOAD_MAX_BYTES
    return upload.read(limit + 1)  # type: ignore[attr-defined]


def sniff(content: bytes) -> str | None:
    for magic, kind in KINDS.items():
        if content.startswith(magic):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def _check_image(content: bytes) -> None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise UploadRejected(
                    _("Gambar terlalu besar (%(w)s × %(h)s piksel). Kirim foto biasa dari kamera HP.")
                    % {"w": width, "h": height}
                )
            image.verify()
    except Image.DecompressionBombError:
        raise UploadRejected(_("Gambar terlalu besar. Kirim foto biasa dari kamera HP.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise UploadRejected(_("Gambar ini rusak atau tidak bisa dibaca. Coba foto ulang.")) from None


def without_metadata(content: bytes) -> bytes:
    """The photo without EXIF, XMP, comments or text chunks, turned upright first.

    A photo that carries none is returned unchanged (byte for byte), so checking a kept
    file again does not re-encode it. The EXIF orientation is applied before it is dropped,
    so a portrait photo does not end up on its side.
    """
    with Image.open(io.BytesIO(content)) as image:
        text = getattr(image, "text", None) or {}  # PNG tEXt/iTXt chunks
        if not text and not any(key in image.info for key in PRIVATE_INFO):
            return content
        fmt = image.format or "PNG"
        kept = {key: image.info[key] for key in KEPT_INFO if key in image.info}
        upright = ImageOps.exif_transpose(image)
        upright.info = {}
        out = io.BytesIO()
        options: dict[str, object] = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
        upright.save(out, fmt, **options, **kept)
        return out.getvalue()


def _check_pdf(content: bytes) -> None:
    if b"%%EOF" not in content[-2048:]:
        raise UploadRejected(_("Berkas PDF ini terpotong atau rusak. Coba simpan ulang lalu kirim lagi."))
    if b"/Encrypt" in content:
        raise UploadRejected(_("PDF ini dikunci dengan kata sandi. Kirim PDF tanpa kata sandi."))


def check_size(size: int, *, limit: int | None = None) -> None:
    """Refuse a file over the limit; a channel that is told the size first (Telegram) asks before fetching."""
    limit = limit or settings.CASES_UPLOAD_MAX_BYTES
    if size > limit:
        raise UploadRejected(
            _("Berkas lebih dari %(size)s. Perkecil fotonya atau pindai dengan resolusi lebih rendah.")
            % {"size": filesizeformat(limit)}
        )


def check_declared_type(content_type: str) -> None:
    """Refuse, before fetching it, a file its sender already calls something we never keep.

    Only a first filter: what is kept is decided by ``check`` from the bytes themselves."""
    if content_type.split(";")[0].strip().lower() not in EXTENSIONS:
        raise _wrong_type()


def _wrong_type() -> UploadRejected:
    return UploadRejected(
        _("Hanya PDF, JPG, PNG atau WebP yang diterima; isi berkas ini bukan salah satunya.")
    )


def check(name: str, content: bytes, *, limit: int | None = None) -> CheckedUpload:
    """Accept a PDF, JPEG, PNG or WebP within the size limit; anything else is UploadRejected."""
    if not content:
        raise UploadRejected(_("Berkas kosong (0 bait). Pilih berkas yang benar."))
    check_size(len(content), limit=limit)
    kind = sniff(content)
    if kind is None:
        raise _wrong_type()
    if kind == "application/pdf":
        _check_pdf(content)
    else:
        _check_image(content)
        try:
            content = without_metadata(content)
        except (OSError, SyntaxError, ValueError):  # verify() passed, but the pixels do not decode
            raise UploadRejected(_("Gambar ini rusak atau tidak bisa dibaca. Coba foto ulang.")) from None
    safe_name = "".join(ch for ch in (name or "berkas") if ch.isalnum() or ch in "._- ")[:120] or "berkas"
    return CheckedUpload(safe_name, content, kind, hashlib.sha256(content).hexdigest())
