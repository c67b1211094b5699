"""A table as CSV, Excel or PDF, with its source and version written on it."""

from __future__ import annotations

import io
import re

import pandas as pd
from fpdf import FPDF

_SCREEN_READER_ONLY = re.compile(r"<(title|desc)\b[^>]*>.*?</\1>", re.DOTALL)
_TYPOGRAPHY = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
    }
)


def to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")  # the BOM lets Excel open it as UTF-8


def to_excel(frame: pd.DataFrame, *, title: str, provenance: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="data", startrow=2)
        sheet = writer.sheets["data"]
        sheet["A1"] = title
        sheet["A2"] = provenance
    return buffer.getvalue()


def to_pdf(frame: pd.DataFrame, *, title: str, provenance: str, svg: str = "") -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, latin(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(0, 5, latin(provenance), new_x="LMARGIN", new_y="NEXT")
    if svg and not draw_svg(pdf, svg, width=220):
        pdf.multi_cell(0, 5, "(chart omitted)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    columns = [str(c) for c in frame.columns]
    width = min(270 / max(len(columns), 1), 60)
    pdf.set_font("Helvetica", "B", 8)
    for column in columns:
        pdf.cell(width, 6, latin(column)[:30], border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for row in frame.head(2000).itertuples(index=False):
        for value in row:
            text = (
                f"{value:,.4g}"
                if isinstance(value, float)
                else (value.strftime("%Y-%m") if isinstance(value, pd.Timestamp) else str(value))
            )
            pdf.cell(width, 5, latin(text)[:40], border=1)
        pdf.ln()
    return bytes(pdf.output())


def draw_svg(pdf: FPDF, svg: str, *, width: float) -> bool:
    """Draw a server-rendered SVG chart at the cursor; False when fpdf cannot draw it.

    ``<title>`` and ``<desc>`` are for screen readers and fpdf logs a warning for each.
    """
    drawable = _SCREEN_READER_ONLY.sub("", str(svg))
    try:
        pdf.image(io.BytesIO(drawable.encode("utf-8")), w=width)
    except Exception:  # a chart fpdf cannot draw must not stop the document
        return False
    return True


def latin(text: str) -> str:
    """The PDF's core font is Latin-1: dashes and quotes become their ASCII look-alikes, others '?'."""
    return str(text).translate(_TYPOGRAPHY).encode("latin-1", "replace").decode("latin-1")
