"""A skewed scan is straightened before OCR; a straight or sideways one is left as it came.

The skewed pages are made here: the test letter rendered as a scanner would give it, then
rotated by a known angle (never the held-out letters).
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image

from pamong.documents import deskew, fields, ocr
from tests.documents.letters import LETTER, pdf_letter


def rendered(dpi: int = 200) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_letter(LETTER))
    image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    pdf.close()
    return image


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return rendered()


def as_jpeg(image: Image.Image, folder: Path, name: str) -> Path:
    """Saved as a scanner's JPEG (the bytes a scanned PDF or a photo hands to tesseract)."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=60)
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("angle", [-7.5, -4.0, -1.2, 0.8, 2.5, 4.0, 9.0])
def test_the_skew_of_a_rotated_page_is_found_within_a_fifth_of_a_degree(page, angle) -> None:
    skew = deskew.detect(page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255))
    assert not skew.sideways
    assert abs(skew.angle - angle) <= 0.2


def test_a_page_rotated_4_degrees_is_straightened_to_within_half_a_degree_and_its_nomor_read(
    page, tmp_path
) -> None:
    skewed = as_jpeg(page.rotate(4.0, resample=Image.Resampling.BICUBIC, fillcolor=255), tmp_path, "p.jpg")
    straight, applied = deskew.straighten(skewed)
    assert straight != skewed and straight.suffix == ".tif"
    assert applied == pytest.approx(-4.0, abs=0.5)
    with Image.open(straight) as picture:
        assert abs(deskew.detect(picture).angle) <= 0.5
    straight.unlink()

    result = ocr.read_image(skewed)
    assert result.straightened == pytest.approx(-4.0, abs=0.5)
    assert fields.extract(result.text)["nomor_surat"]["value"] == "400.3.5/1234/DISDIK/2024"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["p.jpg"]  # the rotated copy is gone


def test_a_straight_page_is_passed_to_tesseract_untouched(page, tmp_path) -> None:
    for angle in (0.0, 0.3, -0.4):
        path = as_jpeg(page.rotate(angle, fillcolor=255) if angle else page, tmp_path, "straight.jpg")
        assert deskew.straighten(path) == (path, 0.0)
    assert [p.name for p in tmp_path.iterdir()] == ["straight.jpg"]


def test_a_page_lying_on_its_side_is_left_to_the_orientation_pass(page, tmp_path) -> None:
    lying = page.rotate(1.5, fillcolor=255).rotate(90, expand=True)
    assert deskew.detect(lying).sideways
    path = as_jpeg(lying, tmp_path, "lying.jpg")
    assert deskew.straighten(path) == (path, 0.0)


def test_a_blank_page_and_an_unreadable_file_are_read_as_they_came(tmp_path) -> None:
    blank = as_jpeg(Image.new("L", (1654, 2339), 250), tmp_path, "blank.jpg")
    assert deskew.detect(Image.open(blank)) == deskew.Skew(0.0)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff not really a jpeg")
    assert deskew.straighten(broken) == (broken, 0.0)


def test_finding_the_angle_costs_a_small_part_of_a_tesseract_pass(page, tmp_path) -> None:
    """About 10 ms on a 200 DPI scan against about 600 ms for tesseract; 150 ms leaves room
    for a loaded machine and still flags a search that became far slower."""
    path = as_jpeg(page.rotate(0.2, fillcolor=255), tmp_path, "timed.jpg")
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        deskew.straighten(path)
        timings.append(time.perf_counter() - started)
    assert sorted(timings)[2] < 0.15
