"""Straightening a slightly skewed scan before OCR (a projection-profile search).

A page fed crooked through a scanner or photographed at an angle has its text lines a
degree or two off the horizontal; tesseract then splits lines and misreads the small
characters of a nomor (``III`` as ``IN1``). The angle is found on a downscaled,
binarised copy: the dark pixels are sheared by each candidate angle and the angle whose
row histogram is sharpest (largest sum of squares) is the one that lines the text up.
Finding it costs about 10 ms a page (against about 600 ms for tesseract), so it runs on
every OCR'd page; the full-size image is rotated and rewritten only when the page is off
by more than ``MIN_ANGLE``.

Pages lying on their side (90° steps) are left alone here: their rows of text run
vertically, so the column histogram is sharper than any row histogram, and
``ocr.read_image`` turns them with tesseract's orientation detection instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

cv2.setNumThreads(1)  # one thread per process, as tesseract runs

MAX_ANGLE = 10.0  # degrees searched either way; beyond this a page is photographed, not scanned
MIN_ANGLE = 0.5  # below this tesseract reads as well as on a straight page: do not rewrite it
DETECT_SIDE = 1000  # longest side, in pixels, of the copy the angle is found on
DARK = 160  # grey level below which a pixel of the small copy counts as ink
MIN_INK = 500  # fewer dark pixels than this: a blank page, nothing to line up
COARSE_STEP = 0.5
FINE_STEP = 0.05


@dataclass(frozen=True)
class Skew:
    """The angle (degrees, counter-clockwise as ``Image.rotate`` takes it) the page's text
    lines are turned by; ``sideways`` when its text runs vertically."""

    angle: float
    sideways: bool = False


def small_copy(picture: Image.Image) -> Image.Image:
    """A greyscale copy with its longest side near ``DETECT_SIDE``: a JPEG is decoded at a
    reduced scale directly (``draft``), which is several times faster than a full decode."""
    width, height = picture.size
    factor = max(width, height) / DETECT_SIDE
    if picture.format == "JPEG" and factor >= 2:
        picture.draft("L", (math.ceil(width / factor), math.ceil(height / factor)))
    grey = picture.convert("L")
    reduce = max(grey.size) // DETECT_SIDE
    return grey.reduce(reduce) if reduce > 1 else grey


def _sharpness(rows: np.ndarray, columns: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Sum of squares of the row histogram of the ink after shearing it by each angle."""
    scores = np.empty(len(angles))
    for index, angle in enumerate(angles):
        sheared = (rows + columns * math.tan(math.radians(angle))).astype(np.int64)
        counts = np.bincount(sheared - sheared.min())
        scores[index] = float(np.dot(counts, counts))
    return scores


def detect(picture: Image.Image) -> Skew:
    """The skew of the text on ``picture`` within ±``MAX_ANGLE`` degrees, to about 0.1°."""
    ink = np.asarray(small_copy(picture)) < DARK
    rows, columns = np.nonzero(ink)
    if len(rows) < MIN_INK:
        return Skew(0.0)
    centred = columns - ink.shape[1] / 2.0
    coarse = np.arange(-MAX_ANGLE, MAX_ANGLE + COARSE_STEP / 2, COARSE_STEP)
    scores = _sharpness(rows, centred, coarse)
    best = float(coarse[scores.argmax()])
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + FINE_STEP / 2, FINE_STEP)
    fine_scores = _sharpness(rows, centred, fine)
    column_counts = np.bincount(columns)
    if float(np.dot(column_counts, column_counts)) > fine_scores.max():
        return Skew(0.0, sideways=True)
    # shearing by +a lines up text that Image.rotate turned by +a (y grows downwards)
    return Skew(round(float(fine[fine_scores.argmax()]), 2))


def rotated(grey: np.ndarray, angle: float) -> np.ndarray:
    """``grey`` turned ``angle`` degrees counter-clockwise about its centre, white behind.

    Bilinear: nearest-neighbour's jagged strokes cost held-out scans two nomors (0.8 against
    1.0). OpenCV's warpAffine does it in about 6 ms a page where Pillow's rotate took 60–80
    ms, which alone put scanned pages beyond 15% of raw tesseract's time.
    """
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def straighten(image: Path) -> tuple[Path, float]:
    """The image tesseract should read and the rotation applied (0.0 when none was needed):
    a page skewed by more than ``MIN_ANGLE`` is rotated back and written beside ``image``
    as an uncompressed TIFF (the caller deletes it). An image Pillow cannot open is passed
    on as it came: tesseract may still read it, and says why when it cannot."""
    try:
        with Image.open(image) as picture:
            skew = detect(picture)
    except (OSError, ValueError, Image.DecompressionBombError):
        return image, 0.0
    if skew.sideways or abs(skew.angle) <= MIN_ANGLE:
        return image, 0.0
    with Image.open(image) as picture:
        grey = np.asarray(picture.convert("L"))
        dpi = picture.info.get("dpi")
    straight = Image.fromarray(rotated(grey, -skew.angle))
    target = image.with_name(f"{image.stem}-straight.tif")
    # uncompressed TIFF: as quick to write as PGM (5 ms) and tesseract reads it about 50 ms
    # faster; the scan's resolution is kept when it has one (tesseract estimates it otherwise)
    keep = {"dpi": dpi} if dpi and min(dpi) >= 70 else {}
    straight.save(target, **keep)
    return target, -skew.angle
