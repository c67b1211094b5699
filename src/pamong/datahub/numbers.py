"""Numbers as Indonesian statistical tables write them: "1.234,5", "Rp 2 M", "12,3%", "-".

A cell is parsed to a float, or to NaN with the reason; nothing is guessed silently.
Indonesian writes "." for thousands and "," for decimals, English the reverse; a
column's convention is inferred from its values (``infer_decimal``) because a lone
"1.234" is ambiguous.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Cells statisticians use for "no figure": dash, not available, ellipsis, confidential.
MISSING_MARKERS = {
    "",
    "-",
    "–",
    "—",
    "--",
    "---",
    "n/a",
    "na",
    "n.a.",
    "n.a",
    "nan",
    "none",
    "null",
    "…",
    "...",
    "..",
    ".",
    "x",
    "tidak ada",
    "tidak tersedia",
    "td",
    "t.d.",
    "#n/a",
    "#na",
    "#div/0!",
    "#value!",
    "#ref!",
    "?",
}

# Scale words after a number: "Rp 2 M" is two billion rupiah (M = miliar in Indonesian).
SCALES = {
    "ribu": 1e3,
    "rb": 1e3,
    "rbu": 1e3,
    "k": 1e3,
    "thousand": 1e3,
    "juta": 1e6,
    "jt": 1e6,
    "jta": 1e6,
    "million": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "miliar": 1e9,
    "milyar": 1e9,
    "milyard": 1e9,
    "m": 1e9,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "triliun": 1e12,
    "trilyun": 1e12,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
}

_CURRENCY = re.compile(r"^(rp\.?|idr|usd|\$)\s*", re.IGNORECASE)
_FLAGS = re.compile(r"[*¹²³†‡]+$|\s*\((?:r|p|e|rev|prelim|sementara|sangat sementara)\)$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(\d[\d.,\s']*\d|\d)$")


@dataclass(frozen=True)
class Parsed:
    """A cell's value (NaN when missing or unreadable) and what was noticed about it."""

    value: float
    note: str = ""  # "missing", "unreadable", "percent", "provisional", "" (plain)

    @property
    def missing(self) -> bool:
        return math.isnan(self.value)


def infer_decimal(values: list[str]) -> str:
    """ "," (Indonesian) or "." (English) as the decimal separator of a column of text numbers."""
    comma = dot = 0
    for text in values:
        text = str(text).strip()
        if re.search(r"\d,\d{1,2}(?!\d)", text) or re.search(r"\d\.\d{3}\.\d{3}", text):
            comma += 1
        elif re.search(r"\d\.\d{1,2}(?!\d)", text) or re.search(r"\d,\d{3},\d{3}", text):
            dot += 1
        elif re.search(r"\d\.\d{3},\d", text):
            comma += 1
        elif re.search(r"\d,\d{3}\.\d", text):
            dot += 1
    return "." if dot > comma else ","


def _digits(text: str, decimal: str) -> float | None:
    """A plain numeral with separators -> float, or None when it is not one."""
    text = text.replace(" ", "").replace("\u00a0", "").replace("'", "")
    if not _NUMBER.match(text):
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
    thousands = "." if decimal == "," else ","
    if text.count(decimal) > 1:  # "1.234.567" read with "." decimal: those were thousands
        decimal, thousands = thousands, decimal
    parts = text.split(thousands)
    if len(parts) > 1 and not all(len(part.split(decimal)[0]) == 3 for part in parts[1:]):
        # "12.5" with an Indonesian convention: a decimal point, not a thousands group
        if text.count(thousands) == 1 and decimal not in text:
            return float(text.replace(thousands, "."))
        return None
    text = text.replace(thousands, "").replace(decimal, ".")
    try:
        return float(text)
    except ValueError:
        return None


def parse_number(cell: object, decimal: str = ",") -> Parsed:
    """One cell -> ``Parsed``. Numbers from Excel pass through; text is read carefully."""
    if cell is None:
        return Parsed(math.nan, "missing")
    if isinstance(cell, bool):
        return Parsed(math.nan, "unreadable")
    if isinstance(cell, int | float | np.integer | np.floating):
        value = float(cell)
        return Parsed(value, "missing" if math.isnan(value) else "")
    text = str(cell).strip().replace("\u2212", "-").replace("\u00a0", " ")
    if text.lower() in MISSING_MARKERS:
        return Parsed(math.nan, "missing")
    note = ""
    stripped = _FLAGS.sub("", text).strip()
    if stripped != text:
        note, text = "provisional", stripped
    negative = False
    if text.startswith("(") and text.endswith(")"):  # accounting negative: (1.234)
        negative, text = True, text[1:-1].strip()
    text = _CURRENCY.sub("", text)
    if text.startswith("-"):
        negative, text = not negative, text[1:].strip()
    elif text.startswith("+"):
        text = text[1:].strip()
    text = _CURRENCY.sub("", text)
    if text.endswith("%"):
        note, text = note or "percent", text[:-1].strip()
    scale = 1.0
    match = re.match(r"^(.*?\d)\s*([a-zA-Z]+)\.?$", text)
    if match and match.group(2).lower() in SCALES:
        text, scale = match.group(1), SCALES[match.group(2).lower()]
    value = _digits(text, decimal)
    if value is None:
        return Parsed(math.nan, "unreadable")
    value *= scale
    return Parsed(-value if negative else value, note)


def parse_series(values: pd.Series, decimal: str | None = None) -> tuple[np.ndarray, pd.Series]:
    """A column -> (floats, note per row). Each distinct cell is parsed once (fast on big files)."""
    if values.empty:
        return np.array([], dtype=float), pd.Series([], dtype=object)
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        floats = values.astype(float).to_numpy()
        notes = pd.Series(np.where(np.isnan(floats), "missing", ""), index=values.index, dtype=object)
        return floats, notes
    if decimal is None:
        texts = [v for v in pd.unique(values.dropna()) if isinstance(v, str)][:5000]
        decimal = infer_decimal(texts)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = [parse_number(value, decimal) for value in uniques]
    floats = np.array([p.value for p in parsed] + [math.nan])[codes]
    notes = np.array([p.note for p in parsed] + ["missing"], dtype=object)[codes]
    return floats, pd.Series(notes, index=values.index, dtype=object)
