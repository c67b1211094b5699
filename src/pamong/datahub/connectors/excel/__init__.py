"""Excel workbooks: every sheet, merged header rows, formulas read as their cached values.

Statistical tables put a title above the table and a merged header over a block of year
columns ("Persentase Penduduk Miskin" over 2019 2020 2021). Title rows are skipped, a
merged cell's value fills its whole range, and header rows are joined into one name per
column ("Persentase Penduduk Miskin / 2019"), which the wide-to-long step reads.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
import pandas as pd
from django.utils.translation import gettext as _

from pamong.datahub.connectors import Chunk, ConnectorError

MAX_HEADER_ROWS = 5


def _filled_rows(sheet) -> list[list[Any]]:  # type: ignore[no-untyped-def]
    """The sheet's cells with each merged range filled with its top-left value."""
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            for c in range(merged.min_col - 1, merged.max_col):
                if c < len(rows[r]):
                    rows[r][c] = value
    return rows


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_title(row: list[Any], width: int) -> bool:
    """An empty row, or one text above a wider table; a title merged across it counts once."""
    texts = {str(v).strip() for v in row if not _empty(v)}
    return len(texts) <= (1 if width > 2 else 0)


def _header_rows(sheet, start: int) -> int:  # type: ignore[no-untyped-def]
    """1, or more when merged cells in the header span several rows."""
    extent = 1
    for merged in sheet.merged_cells.ranges:
        if merged.min_row - 1 == start and merged.max_row > merged.min_row:
            extent = max(extent, merged.max_row - merged.min_row + 1)
        if merged.min_row - 1 == start and merged.max_col > merged.min_col:
            extent = max(extent, 2)  # a label over several columns: the next row names them
    return min(extent, MAX_HEADER_ROWS)


def _column_names(header: list[list[Any]]) -> list[str]:
    names = []
    for parts in zip(*header, strict=True):
        words: list[str] = []
        for part in parts:
            text = "" if _empty(part) else str(part).strip()
            if text and text not in words:
                words.append(text)
        names.append(" / ".join(words))
    seen: dict[str, int] = {}
    unique = []
    for position, name in enumerate(names):
        name = name or f"kolom_{position + 1}"
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def _uncached_formulas(path: str, sheet_name: str) -> int:
    """Formula cells with no cached value (the file was saved by a tool that never computed them)."""
    book = openpyxl.load_workbook(path, data_only=False, read_only=True)
    cached = openpyxl.load_workbook(path, data_only=True, read_only=True)
    count = 0
    try:
        for formula_row, value_row in zip(
            book[sheet_name].iter_rows(values_only=True),
            cached[sheet_name].iter_rows(values_only=True),
            strict=False,
        ):
            for formula, value in zip(formula_row, value_row, strict=False):
                if isinstance(formula, str) and formula.startswith("=") and value is None:
                    count += 1
    finally:  # read-only workbooks keep the file open until closed
        book.close()
        cached.close()
    return count


def read(path: str, options: dict[str, Any]) -> Iterator[Chunk]:
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ConnectorError(
            _("%(name)s bukan buku kerja Excel (.xlsx) yang dapat dibuka pamong: %(error)s")
            % {"name": os.path.basename(path), "error": error}
        ) from None
    wanted = options.get("tables") or []
    sheets = [s for s in book.worksheets if not wanted or s.title in wanted]
    if wanted and not sheets:
        raise ConnectorError(
            _("Tidak ada lembar bernama %(wanted)s. Lembar di buku kerja ini: %(sheets)s.")
            % {"wanted": ", ".join(wanted), "sheets": ", ".join(book.sheetnames)}
        )
    for position, sheet in enumerate(sheets):
        rows = _filled_rows(sheet)
        width = max((len(r) for r in rows), default=0)
        rows = [r + [None] * (width - len(r)) for r in rows]
        used = [c for c in range(width) if any(not _empty(r[c]) for r in rows)]
        rows = [[r[c] for c in used] for r in rows]
        start = 0
        while start < len(rows) and _is_title(rows[start], len(used)):
            start += 1
        if start >= len(rows):
            continue
        header_count = int(options.get("header_rows") or _header_rows(sheet, start))
        columns = _column_names(rows[start : start + header_count])
        body = [r for r in rows[start + header_count :]]
        while body and all(_empty(v) for v in body[-1]):
            body.pop()
        frame = pd.DataFrame(body, columns=columns, dtype=object)
        warnings = []
        uncached = _uncached_formulas(path, sheet.title)
        if uncached:
            warnings.append(
                f"sheet {sheet.title}: {uncached} formula cell(s) have no saved result; "
                "open and save the file in Excel, or those cells are read as missing"
            )
        yield Chunk(sheet.title, frame, start + header_count + 1, (position + 1) / len(sheets), warnings)
