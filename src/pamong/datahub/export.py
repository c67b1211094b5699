"""A table as CSV, Excel or PDF, with its source and version written on it."""

from __future__ import annotations

import io

import pandas as pd
from fpdf import FPDF


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
    pdf.multi_cell(0, 8, _latin(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(0, 5, _latin(provenance), new_x="LMARGIN", new_y="NEXT")
    if svg:
        try:
            pdf.image(io.BytesIO(svg.encode("utf-8")), w=220)
        except Exception:  # a chart fpdf cannot draw must not stop the table
            pdf.multi_cell(0, 5, "(chart omitted)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    columns = [str(c) for c in frame.columns]
    width = min(270 / max(len(columns), 1), 60)
    pdf.set_font("Helvetica", "B", 8)
    for column in columns:
        pdf.cell(width, 6, _latin(column)[:30], border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for row in frame.head(2000).itertuples(index=False):
        for value in row:
            text = (
                f"{value:,.4g}"
                if isinstance(value, float)
                else (value.strftime("%Y-%m") if isinstance(value, pd.Timestamp) else str(value))
            )
            pdf.cell(width, 5, _latin(text)[:40], border=1)
        pdf.ln()
    return bytes(pdf.output())


def _latin(text: str) -> str:
    """The PDF's core font is Latin-1: other characters become '?' rather than failing."""
    return str(text).encode("latin-1", "replace").decode("latin-1")
