"""Reading a file's text: the PDF text layer first, OCR only for pages without one.

Each reader raises ``ReadError`` with a reason a clerk can act on (in Indonesian, the
clerk's language); nothing here writes to the database.
"""

from __future__ import annotations

import email
import html
import math
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from PIL import Image

from pamong.documents import ocr, sniff

MIN_LAYER_CHARS = 25  # fewer characters than this on a page: treat the page as scanned
MAX_DOCX_UNPACKED = 200 * 1024 * 1024  # a DOCX that unpacks beyond this is a zip bomb
MAX_RENDER_PIXELS = 40_000_000
"""Most pixels a PDF page is rendered to for OCR (40 MB in grayscale).

A PDF page may be 200 × 200 inches; at 300 DPI that is 3.6 gigapixels, enough to take a
worker's memory. Pages are rendered at a lower resolution to stay within this (an A0 page
still gets 150 DPI).
"""
MIN_OCR_DPI = 100  # below this tesseract misreads ordinary letter text: refuse the page


class ReadError(Exception):
    """The file cannot be read; ``reason`` says why and what to do."""

    def __init__(self, reason: str, *, retryable: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


@dataclass
class Reading:
    text: str
    source: str  # layer, ocr, mixed, docx, image, text, email
    pages: int = 1
    ocr_pages: int = 0
    notes: list[str] = field(default_factory=list)


def read(path: Path, mime: str | None = None) -> Reading:
    """The text of the file at ``path`` (its type sniffed from the content when not given)."""
    size = path.stat().st_size
    if size == 0:
        raise ReadError("berkas kosong (0 bait)", retryable=False)
    mime = mime or sniff.sniff(path)
    readers = {
        sniff.PDF: read_pdf,
        sniff.DOCX: read_docx,
        sniff.DOCM: read_docx,
        sniff.PNG: read_image,
        sniff.JPEG: read_image,
        sniff.TIFF: read_image,
        sniff.TEXT: read_text,
        sniff.EMAIL: read_email,
    }
    reader = readers.get(mime)
    if reader is None:
        raise ReadError(
            f"jenis berkas tidak didukung ({mime}); kirim PDF, DOCX, JPEG/PNG/TIFF, teks, atau e-mail",
            retryable=False,
        )
    return reader(path)


# --- PDF -------------------------------------------------------------------------------
def _open_pdf(path: Path):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise ReadError(
                "PDF dilindungi kata sandi (terenkripsi); minta pengirim mengirim versi tanpa sandi",
                retryable=False,
            ) from None
        if "format" in message.lower():
            raise ReadError(
                "PDF rusak atau terpotong: strukturnya tidak dapat dibaca", retryable=False
            ) from None
        raise ReadError(f"PDF tidak dapat dibuka ({message[:120]})", retryable=False) from None


def page_scale(page) -> float:  # type: ignore[no-untyped-def]
    """Render a scanned page at the resolution it was scanned at (its largest image), 150-300 DPI."""
    import pypdfium2.raw as pdfium_c

    width_points = page.get_width() or 595
    widest = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        widest = max(widest, obj.get_px_size()[0])
    if widest == 0:
        return 300 / 72
    return min(max(widest / width_points, 150 / 72), 300 / 72)


def capped_scale(width: float, height: float, wanted: float, max_pixels: int) -> float:
    """The render scale closest to ``wanted`` whose bitmap of a ``width`` × ``height`` point
    page has at most ``max_pixels`` pixels (pdfium rounds each side up)."""
    width, height = max(width, 1.0), max(height, 1.0)
    scale = min(wanted, math.sqrt(max_pixels / (width * height)))
    while math.ceil(width * scale) * math.ceil(height * scale) > max_pixels:
        scale *= 0.999
    return scale


def ocr_scale(page, index: int) -> float:  # type: ignore[no-untyped-def]
    """The scale to render a page for OCR, within the pixel cap; a page so large that even
    ``MIN_OCR_DPI`` exceeds the cap is refused (a decompression bomb, or a poster)."""
    width, height = page.get_size()
    scale = capped_scale(width, height, page_scale(page), MAX_RENDER_PIXELS)
    if scale < MIN_OCR_DPI / 72:
        raise ReadError(
            f"halaman {index + 1} berukuran {width / 72:.0f} × {height / 72:.0f} inci, terlalu besar untuk "
            f"di-OCR dalam batas {MAX_RENDER_PIXELS:,} piksel (kemungkinan bom dekompresi); "
            "minta pengirim mengirim ulang dalam ukuran kertas biasa",
            retryable=False,
        )
    return scale


def page_image(page, folder: Path, index: int) -> Path:  # type: ignore[no-untyped-def]
    """The image tesseract reads for a scanned page: the scan itself when the page is one
    JPEG covering the page (no decoding, no re-encoding), else the page rendered."""
    import pypdfium2.raw as pdfium_c

    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1))
    if len(images) == 1 and math.prod(images[0].get_px_size()) <= MAX_RENDER_PIXELS:
        image = images[0]
        matrix = image.get_matrix()
        upright = matrix.b == 0 and matrix.c == 0 and matrix.a > 0 and matrix.d > 0
        covers = matrix.a >= page.get_width() * 0.9 and matrix.d >= page.get_height() * 0.9
        if upright and covers and image.get_filters() == ["DCTDecode"]:
            target = folder / f"page-{index}"
            image.extract(str(target))
            extracted = folder / f"page-{index}.jpg"
            if extracted.exists():
                return extracted
    target = folder / f"page-{index}.pgm"  # uncompressed: writing a PNG costs more than it saves
    bitmap = page.render(scale=ocr_scale(page, index), grayscale=True)
    bitmap.to_pil().save(target)
    bitmap.close()
    return target


def read_pdf(path: Path) -> Reading:
    pdf = _open_pdf(path)
    try:
        total = len(pdf)
        if total == 0:
            raise ReadError("PDF tidak berisi halaman", retryable=False)
        notes: list[str] = []
        limit = settings.DOCUMENTS_MAX_PAGES
        if total > limit:
            notes.append(f"hanya {limit} dari {total} halaman yang dibaca (batas halaman)")
        texts: list[str] = []
        ocr_pages = 0
        layer_pages = 0
        skipped_ocr = 0
        with tempfile.TemporaryDirectory(prefix="pamong-pdf-") as folder:
            for index in range(min(total, limit)):
                page = pdf[index]
                textpage = page.get_textpage()
                layer = textpage.get_text_bounded() or ""
                textpage.close()
                if len(layer.strip()) >= MIN_LAYER_CHARS:
                    texts.append(layer)
                    layer_pages += 1
                elif ocr_pages < settings.DOCUMENTS_OCR_MAX_PAGES:
                    image = page_image(page, Path(folder), index)
                    texts.append(ocr.read_image(image).text)
                    image.unlink()
                    ocr_pages += 1
                else:
                    skipped_ocr += 1
                    texts.append(layer)
                page.close()
        if skipped_ocr:
            notes.append(
                f"{skipped_ocr} halaman pindaian tidak di-OCR (batas {settings.DOCUMENTS_OCR_MAX_PAGES} halaman)"
            )
    except (ocr.OcrUnavailable, ocr.OcrFailed) as error:
        raise ReadError(str(error)) from None
    finally:
        pdf.close()
    source = "ocr" if ocr_pages and not layer_pages else "mixed" if ocr_pages else "layer"
    return Reading("\n\f".join(texts), source, total, ocr_pages, notes)


# --- images ----------------------------------------------------------------------------
def read_image(path: Path) -> Reading:
    try:
        with Image.open(path) as picture:
            width, height = picture.size
            frames = getattr(picture, "n_frames", 1)
    except Image.DecompressionBombError:
        raise ReadError(
            f"gambar melebihi batas {settings.DOCUMENTS_MAX_IMAGE_PIXELS:,} piksel (kemungkinan bom dekompresi); "
            "pindai ulang pada 200-300 DPI",
            retryable=False,
        ) from None
    except (OSError, ValueError) as error:
        raise ReadError(
            f"gambar rusak atau tidak dapat dibaca ({str(error)[:100]})", retryable=False
        ) from None
    if width * height > settings.DOCUMENTS_MAX_IMAGE_PIXELS:
        raise ReadError(
            f"gambar {width} × {height} piksel melebihi batas {settings.DOCUMENTS_MAX_IMAGE_PIXELS:,} piksel; "
            "pindai ulang pada 200-300 DPI",
            retryable=False,
        )
    try:
        if frames == 1:
            return Reading(ocr.read_image(path).text, "image", 1, 1)
        texts = []
        with Image.open(path) as picture, tempfile.TemporaryDirectory(prefix="pamong-tif-") as folder:
            for index in range(min(frames, settings.DOCUMENTS_OCR_MAX_PAGES)):
                picture.seek(index)
                frame = Path(folder) / f"frame-{index}.png"
                picture.save(frame)
                texts.append(ocr.read_image(frame).text)
        return Reading("\n\f".join(texts), "image", frames, len(texts))
    except (ocr.OcrUnavailable, ocr.OcrFailed) as error:
        raise ReadError(str(error)) from None


# --- DOCX ------------------------------------------------------------------------------
def _docx_checks(path: Path) -> list[str]:
    """Refuse zip bombs; note macros and external links (never run, never fetched)."""
    notes = []
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_DOCX_UNPACKED:
                raise ReadError("DOCX terlalu besar setelah dibuka (kemungkinan bom zip)", retryable=False)
            names = {info.filename for info in infos}
            if "word/vbaProject.bin" in names:
                notes.append("DOCX berisi makro; makro tidak dijalankan")
            rels = (
                archive.read("word/_rels/document.xml.rels")
                if "word/_rels/document.xml.rels" in names
                else b""
            )
    except zipfile.BadZipFile:
        raise ReadError("DOCX rusak: arsip zip tidak dapat dibuka", retryable=False) from None
    if b'TargetMode="External"' in rels:
        notes.append("DOCX berisi tautan eksternal; tautan tidak diikuti")
    return notes


def read_docx(path: Path) -> Reading:
    notes = _docx_checks(path)
    try:
        import docx

        document = docx.Document(str(path))
    except ValueError:  # python-docx refuses macro-enabled content types: read the XML ourselves
        return Reading(_docx_xml_text(path), "docx", 1, 0, notes)
    except SoftTimeLimitExceeded:
        raise  # the pipeline files it as a time-out, not as an unreadable DOCX
    except Exception as error:
        raise ReadError(f"DOCX tidak dapat dibaca ({error.__class__.__name__})", retryable=False) from None
    parts: list[str] = []
    for section in document.sections[:1]:
        parts.extend(paragraph.text for paragraph in section.header.paragraphs)
        for table in section.header.tables:
            parts.extend(_table_lines(table))
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            from docx.table import Table

            parts.extend(_table_lines(Table(block, document)))
    return Reading("\n".join(parts), "docx", 1, 0, notes)


def _table_lines(table) -> list[str]:  # type: ignore[no-untyped-def]
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = cell.text.strip()
            if value and (not cells or cells[-1] != value):  # merged cells repeat their text
                cells.append(value)
        if cells:
            lines.append(
                " ".join(cells) if len(cells) > 1 and cells[1].startswith(":") else " | ".join(cells)
            )
    return lines


def _docx_xml_text(path: Path) -> str:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"), parser)
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join(
        "".join(node.text or "" for node in paragraph.iter(f"{namespace}t"))
        for paragraph in root.iter(f"{namespace}p")
    )


# --- text and e-mail -------------------------------------------------------------------
def decode_text(raw: bytes) -> str:
    """Bytes of unknown encoding to text (UTF-8 first, then the best guess of charset-normalizer)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[: 2 * 1024 * 1024]).best()
    if best is None:
        raise ReadError("teks tidak dapat dikenali pengodeannya", retryable=False)
    return str(best)


def read_text(path: Path) -> Reading:
    return Reading(decode_text(path.read_bytes()), "text")


def html_to_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def read_email(path: Path) -> Reading:
    """The attached letters' text first (the letter is usually the attachment), then the message."""
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    header = [f"Dari: {message.get('From', '')}", f"Subjek: {message.get('Subject', '')}", ""]
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        content = body.get_content()
        header.append(html_to_text(content) if body.get_content_type() == "text/html" else content)
    notes: list[str] = []
    attached: list[str] = []
    ocr_pages = 0
    with tempfile.TemporaryDirectory(prefix="pamong-mail-") as folder:
        for index, attachment in enumerate(message.iter_attachments()):
            name = attachment.get_filename() or f"lampiran-{index + 1}"
            payload = attachment.get_payload(decode=True) or b""
            target = Path(folder) / f"attachment-{index}"
            target.write_bytes(payload)
            try:
                inner = read(target)
            except ReadError as error:
                notes.append(f"lampiran {name}: {error.reason}")
                continue
            ocr_pages += inner.ocr_pages
            notes.extend(f"lampiran {name}: {note}" for note in inner.notes)
            attached.extend([inner.text, f"--- akhir lampiran: {name} ---", ""])
    parts = [*attached, "--- isi surel ---", *header] if attached else header
    return Reading("\n".join(parts), "email", 1, ocr_pages, notes)
