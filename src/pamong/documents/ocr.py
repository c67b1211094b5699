"""Tesseract OCR, one thread per process, straightening a skewed page first and turning the
page upright only when it reads badly.

Tesseract runs as a subprocess (the Debian binary with the Indonesian model) with
``OMP_THREAD_LIMIT=1``: with OpenMP threads it is about ten times slower on a loaded
2-core machine. Orientation detection costs about half a pass more, so it runs only when
the first pass finds too few ordinary Indonesian words to be a readable page. A page
skewed by more than half a degree is rotated straight before tesseract sees it
(``deskew``; finding the angle costs about 2% of a tesseract pass).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from pamong.documents import deskew

COMMON_WORDS = frozenset(
    [
        "dan",
        "yang",
        "di",
        "dengan",
        "untuk",
        "dalam",
        "dari",
        "pada",
        "ini",
        "itu",
        "ke",
        "kepada",
        "surat",
        "nomor",
        "tahun",
        "bahwa",
        "atau",
        "oleh",
        "sebagai",
        "tersebut",
        "hal",
        "kami",
        "bapak",
        "ibu",
        "tanggal",
        "tempat",
        "kabupaten",
        "dinas",
        "pemerintah",
    ]
)
MIN_COMMON_WORDS = 4


class OcrUnavailable(RuntimeError):
    """Tesseract (or its Indonesian model) is not installed."""


class OcrFailed(RuntimeError):
    """Tesseract ran but could not read the page (timeout, unreadable image)."""


VERSION = "tesseract-deskew-4"
"""Changes whenever the same image would be read differently (kept caches of text are keyed by it)."""


@dataclass(frozen=True)
class OcrResult:
    text: str
    turned: bool  # read a second time with orientation detection
    straightened: float = 0.0  # degrees the page was rotated by before OCR (0.0: read as it came)


def tesseract_binary() -> str:
    binary = shutil.which(settings.DOCUMENTS_TESSERACT)
    if binary is None:
        raise OcrUnavailable(
            "OCR tidak tersedia: program tesseract tidak ditemukan (pasang paket Debian "
            "tesseract-ocr dan tesseract-ocr-ind)"
        )
    return binary


def environment() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def run_tesseract(image: Path, *extra: str) -> str:
    """Plain text of one image file, as ``tesseract IMAGE stdout -l ind``."""
    command = [tesseract_binary(), str(image), "stdout", "-l", settings.DOCUMENTS_OCR_LANGUAGE, *extra]
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            env=environment(),
            timeout=settings.DOCUMENTS_OCR_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrFailed(
            f"OCR melebihi batas waktu {settings.DOCUMENTS_OCR_TIMEOUT_SECONDS} detik untuk satu halaman"
        ) from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"kode keluar {result.returncode}"
        if "Failed loading language" in result.stderr.decode("utf-8", "replace"):
            raise OcrUnavailable(
                "OCR tidak tersedia: model bahasa Indonesia (tesseract-ocr-ind) belum dipasang"
            )
        raise OcrFailed(f"tesseract tidak dapat membaca gambar: {detail[:200]}")
    return result.stdout.decode("utf-8", "replace")


def common_words(text: str) -> int:
    return sum(1 for word in re.findall(r"[a-z]+", text.lower()) if word in COMMON_WORDS)


def readable(text: str) -> bool:
    return common_words(text) >= MIN_COMMON_WORDS


def read_image(image: Path, *, straighten: bool = True) -> OcrResult:
    """Text of one page image, straightened first when it is skewed (``straighten=False``
    reads it as it came); a page lying on its side or upside down is read again with
    tesseract's orientation detection (``--psm 1``), which turns it upright in the same pass."""
    source, angle = deskew.straighten(image) if straighten else (image, 0.0)
    try:
        text = run_tesseract(source)
        if readable(text) or len(text.strip()) < 20:
            return OcrResult(text, False, angle)
        turned = run_tesseract(source, "--psm", "1")
        if common_words(turned) > common_words(text):
            return OcrResult(turned, True, angle)
        return OcrResult(text, False, angle)
    finally:
        if source != image:
            source.unlink(missing_ok=True)
