"""Small letters made on the fly for the tests: text, born-digital PDF, scanned page, DOCX."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

LETTER = """PEMERINTAH KABUPATEN CONTOH
DINAS PENDIDIKAN DAN KEBUDAYAAN
Jalan Merdeka No. 12, Contoh 12345, Telepon (0271) 123456

Contoh, 12 Maret 2024
Nomor : 400.3.5/1234/DISDIK/2024
Sifat : Segera
Lampiran : 1 (satu) berkas
Hal : Undangan Rapat Koordinasi Penerimaan Peserta Didik Baru

Yth. Kepala Badan Perencanaan Pembangunan Daerah
di Tempat

Dengan hormat,
Dalam rangka persiapan penerimaan peserta didik baru, kami mengundang Bapak/Ibu untuk hadir pada:
Hari/tanggal : Senin, 18 Maret 2024
Pukul : 09.00 WIB s.d. selesai
Tempat : Aula Dinas Pendidikan
Narahubung Sdr. Budi Santoso (0812-3456-7890), NIK pelapor 3372015708900002.

Kepala Dinas Pendidikan dan Kebudayaan,

Drs. AHMAD SUBAGYO, M.Pd.
Pembina Utama Muda
NIP 19700101 199003 1 005
"""


def text_letter(
    nomor: str = "400.3.5/1234/DISDIK/2024",
    perihal: str = "Undangan Rapat Koordinasi Penerimaan Peserta Didik Baru",
) -> str:
    return LETTER.replace("400.3.5/1234/DISDIK/2024", nomor).replace(
        "Undangan Rapat Koordinasi Penerimaan Peserta Didik Baru", perihal
    )


def pdf_letter(text: str = LETTER, *, password: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, encrypt=password, invariant=1)
    y = 800
    for line in text.split("\n"):
        page.setFont("Helvetica", 11)
        page.drawString(60, y, line)
        y -= 15
    page.save()
    return buffer.getvalue()


def scanned_png(text: str = LETTER, *, rotate: int = 0) -> bytes:
    """The PDF letter rendered at 150 DPI as a grayscale PNG, as a scanner would give it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_letter(text))
    image = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    pdf.close()
    if rotate:
        image = image.rotate(rotate, expand=True, fillcolor=255)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def docx_letter(text: str = LETTER, *, macros: bool = False) -> bytes:
    import zipfile

    import docx

    document = docx.Document()
    lines = text.split("\n")
    for line in lines[:3]:
        document.sections[0].header.add_paragraph(line)
    table = document.add_table(rows=0, cols=2)
    for line in lines[3:]:
        if line.startswith(("Nomor", "Sifat", "Lampiran", "Hal")):
            label, _, value = line.partition(":")
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label.strip(), f": {value.strip()}"
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    if not macros:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake macro")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims to be width x height pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def blank_pdf(width: float, height: float) -> bytes:
    """One empty page of ``width`` × ``height`` points: no text layer, so OCR would read it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(width, height).close()
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()
