"""Reading budget realisation files (CSV or Excel): all rows or none, each problem by row.

Columns (Indonesian or English names): year/tahun, month/bulan, organisation/satker,
program, activity/kegiatan, function/fungsi, account/akun, approved/pagu,
revised/pagu_revisi, executed/realisasi, and optionally region_code, payee/penerima,
document/dokumen. Amounts may be written the Indonesian way ("1.234.567,50", "Rp 2,5 M").
A .zip is read as a Fiscal Data Package (``fiscal_package.py``) into the same columns.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation

import pandas as pd
from django.utils.translation import gettext as _

MAX_ROWS = 200_000
ALIASES = {
    "tahun": "year",
    "bulan": "month",
    "satker": "organisation",
    "organisasi": "organisation",
    "organization": "organisation",
    "kegiatan": "activity",
    "fungsi": "function",
    "akun": "account",
    "pagu": "approved",
    "pagu_revisi": "revised",
    "realisasi": "executed",
    "penerima": "payee",
    "dokumen": "document",
    "kode_wilayah": "region_code",
}
REQUIRED = ("year", "month", "organisation", "executed")
TEXT = ("organisation", "region_code", "program", "activity", "function", "account", "payee", "document")
SCALES = {
    "rb": 1e3,
    "ribu": 1e3,
    "jt": 1e6,
    "juta": 1e6,
    "m": 1e9,
    "miliar": 1e9,
    "milyar": 1e9,
    "t": 1e12,
    "triliun": 1e12,
}
MISSING = {"", "-", "n/a", "na", "…", "...", "nan"}


class BudgetFileError(ValueError):
    """The file cannot be imported; ``problems`` lists what is wrong, row by row."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if problems else "invalid budget file")
        self.problems = problems


def parse_amount(text: object) -> Decimal | None:
    """'1.234.567,50' -> 1234567.50; 'Rp 2,5 M' -> 2500000000; '-' -> None; nonsense raises."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    if isinstance(text, Decimal):  # already read by a file's own number format
        return text
    if isinstance(text, int | float):
        return Decimal(str(text))
    raw = str(text).strip().lower().replace("rp", "").replace("\u00a0", " ").strip()
    if raw in MISSING:
        return None
    scale = 1.0
    match = re.fullmatch(r"([-\d.,\s]+?)\s*([a-z]+)\.?", raw)
    if match and match.group(2) in SCALES:
        raw, scale = match.group(1), SCALES[match.group(2)]
    raw = raw.replace(" ", "")
    if "," in raw and "." in raw:
        raw = (
            raw.replace(".", "").replace(",", ".")
            if raw.rfind(",") > raw.rfind(".")
            else raw.replace(",", "")
        )
    elif "," in raw:
        raw = raw.replace(",", ".") if re.fullmatch(r"-?\d+,\d{1,2}", raw) else raw.replace(",", "")
    elif raw.count(".") > 1 or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):
        raw = raw.replace(".", "")
    try:
        return Decimal(raw) * Decimal(str(scale))
    except InvalidOperation:
        raise ValueError(text) from None


def read_table(filename: str, raw: bytes) -> pd.DataFrame:
    """A CSV (any usual delimiter, UTF-8/UTF-16/Windows-1252) or the first sheet of an Excel file."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        try:
            return pd.read_excel(io.BytesIO(raw), dtype=str)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise BudgetFileError(
                [_("Berkas Excel tidak dapat dibaca: %(error)s") % {"error": error}]
            ) from None
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 decodes almost anything; kept for completeness
        raise BudgetFileError([_("Berkas bukan teks CSV.")])
    sample = text[:4096]
    delimiter = max((",", ";", "\t", "|"), key=sample.count)
    try:
        return pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as error:
        raise BudgetFileError([_("Berkas CSV rusak: %(error)s") % {"error": error}]) from None


def parse_budget(filename: str, raw: bytes) -> pd.DataFrame:
    """Validated rows ready to store, or BudgetFileError with every problem found (first 50)."""
    if filename.lower().endswith(".zip"):
        from pamong.insight.fiscal_package import parse_fiscal_zip

        return parse_fiscal_zip(raw)
    table = read_table(filename, raw)
    table.columns = [ALIASES.get(str(c).strip().lower(), str(c).strip().lower()) for c in table.columns]
    return validate_rows(table)


def validate_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of a table with the app's column names, checked all at once (row 2 is the first)."""
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise BudgetFileError([_("Kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}])
    if len(table) > MAX_ROWS:
        raise BudgetFileError(
            [_("Berkas berisi %(n)s baris; batasnya %(limit)s.") % {"n": len(table), "limit": MAX_ROWS}]
        )
    if table.empty:
        raise BudgetFileError([_("Berkas tidak berisi baris data.")])
    problems: list[str] = []
    rows = []
    for number, record in enumerate(table.to_dict("records"), start=2):
        row, row_problems = _row(record)
        problems += [_("Baris %(n)s: %(problem)s") % {"n": number, "problem": p} for p in row_problems]
        rows.append(row)
        if len(problems) >= 50:
            break
    if problems:
        raise BudgetFileError(problems)
    frame = pd.DataFrame(rows)
    duplicates = frame.duplicated().sum()
    if duplicates:
        frame.attrs["warnings"] = [
            _("%(n)s baris persis sama (disimpan, ditandai di pemeriksaan duplikat).") % {"n": duplicates}
        ]
    return frame


def _row(record: dict) -> tuple[dict, list[str]]:
    problems = []
    row: dict = {name: str(record.get(name) or "").strip()[:160] for name in TEXT}
    for name in ("year", "month"):
        value = str(record.get(name) or "").strip()
        row[name] = int(value) if value.isdigit() else None
    if row["year"] is None or not 2000 <= row["year"] <= 2100:
        problems.append(_("tahun '%(value)s' tidak dikenali") % {"value": record.get("year")})
    if row["month"] is None or not 1 <= row["month"] <= 12:
        problems.append(_("bulan '%(value)s' harus 1 sampai 12") % {"value": record.get("month")})
    if not row["organisation"]:
        problems.append(_("organisasi kosong"))
    for name in ("approved", "revised", "executed"):
        try:
            amount = parse_amount(record.get(name))
        except ValueError:
            problems.append(
                _("%(column)s '%(value)s' bukan angka") % {"column": name, "value": record.get(name)}
            )
            amount = None
        if name == "executed" and amount is None and not problems:
            problems.append(_("realisasi kosong"))
        row[name] = amount if amount is not None else Decimal(0)
    return row, problems
