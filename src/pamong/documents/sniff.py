"""What a file really is, from its first bytes and never from its name."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCM = "application/vnd.ms-word.document.macroEnabled.12"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
EMAIL = "message/rfc822"
TEXT = "text/plain"
UNKNOWN = "application/octet-stream"
ZIP = "application/zip"

IMAGES = (PNG, JPEG, TIFF)
SUPPORTED = (PDF, DOCX, DOCM, *IMAGES, EMAIL, TEXT)
EMAIL_HEADER = re.compile(
    rb"^(received|from|to|subject|date|message-id|mime-version|return-path|delivered-to|content-type):",
    re.IGNORECASE,
)


def sniff(path: Path) -> str:
    """The file's type by content: ``report.pdf`` that is really a PNG is a PNG."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if not head:
        return UNKNOWN
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if head.startswith(b"PK\x03\x04"):
        return _office(path)
    if b"\x00" in head[:4096]:
        return UNKNOWN
    lines = head.lstrip().splitlines()[:5]
    if lines and EMAIL_HEADER.match(lines[0]) and sum(1 for line in lines if EMAIL_HEADER.match(line)) >= 2:
        return EMAIL
    return TEXT


def _office(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                return ZIP
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return ZIP
    return DOCM if b"macroEnabled" in types or "word/vbaProject.bin" in names else DOCX
