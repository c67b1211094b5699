"""Periods as tables write them -> (start of the period, frequency).

Frequencies: "A" annual, "S" semiannual, "Q" quarterly, "M" monthly. A period is
stored as the Timestamp of its start (2019 S2 -> 2019-07-01). Accepted: 2010, 2010.0,
"Tahun 2010", "2019Q1", "Triwulan II 2019", "Semester 1 2019", "Agustus 2019",
"2019-08-01", Excel serial dates, datetimes.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

FREQS = ("A", "S", "Q", "M")
MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "februari": 2, "pebruari": 2, "february": 2, "peb": 2,
    "mar": 3, "maret": 3, "march": 3,
    "apr": 4, "april": 4,
    "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "agu": 8, "agt": 8, "ags": 8, "agus": 8, "agustus": 8, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oct": 10, "oktober": 10, "october": 10,
    "nov": 11, "nop": 11, "november": 11, "nopember": 11,
    "des": 12, "dec": 12, "desember": 12, "december": 12,
}  # fmt: skip
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
YEAR_RANGE = (1900, 2100)

_YEAR = re.compile(r"^(?:tahun|thn|th\.?|year|ta\.?)?\s*((?:19|20)\d\d)(?:\.0+)?\s*[*a-z]{0,2}$")
_QUARTER = re.compile(
    r"^(?:(\d{4})\s*[-/ ]?\s*(?:q|tw|triwulan|kuartal|quarter)\s*[-]?\s*(i{1,3}|iv|[1-4])"
    r"|(?:q|tw|triwulan|kuartal|quarter)\s*[-]?\s*(i{1,3}|iv|[1-4])\s*[-/ ]?\s*(\d{4}))$"
)
_HALF = re.compile(
    r"^(?:(\d{4})\s*[-/ ]?\s*(?:s|h|sem|semester|half)\s*[-]?\s*(i{1,2}|[12])"
    r"|(?:s|h|sem|semester|half)\s*[-]?\s*(i{1,2}|[12])\s*[-/ ]?\s*(\d{4}))$"
)
_MONTH_NAME = re.compile(r"^([a-z]+)\.?[\s\-/]*'?(\d{2}|\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")


class PeriodError(ValueError):
    """A cell that is not a period pamong can read."""


def _number(text: str) -> int:
    return ROMAN.get(text) or int(text)


def _full_year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if len(text) == 2 else year


def parse_period(cell: object, freq: str | None = None) -> tuple[pd.Timestamp, str | None]:
    """One cell -> (period start, frequency or None when only the column can tell)."""
    if isinstance(cell, pd.Timestamp | dt.datetime | dt.date | np.datetime64):
        return pd.Timestamp(cell).normalize(), freq
    if isinstance(cell, int | float | np.integer | np.floating) and not isinstance(cell, bool):
        value = float(cell)
        if math.isnan(value):
            raise PeriodError(_("periode kosong"))
        if value.is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            return pd.Timestamp(year=int(value), month=1, day=1), freq or "A"
        if 10000 <= value <= 80000:  # an Excel serial date (days since 1899-12-30)
            return (EXCEL_EPOCH + pd.Timedelta(days=int(value))).normalize(), freq
        raise PeriodError(_("%(cell)s bukan tahun maupun tanggal Excel") % {"cell": repr(cell)})
    text = re.sub(r"\s+", " ", str(cell or "").strip().lower())
    if not text:
        raise PeriodError(_("periode kosong"))
    if match := _YEAR.match(text):
        return pd.Timestamp(year=int(match.group(1)), month=1, day=1), freq or "A"
    if match := _QUARTER.match(text):
        year = match.group(1) or match.group(4)
        quarter = _number(match.group(2) or match.group(3))
        return pd.Timestamp(year=int(year), month=3 * quarter - 2, day=1), "Q"
    if match := _HALF.match(text):
        year = match.group(1) or match.group(4)
        half = _number(match.group(2) or match.group(3))
        return pd.Timestamp(year=int(year), month=1 if half == 1 else 7, day=1), "S"
    if (match := _MONTH_NAME.match(text)) and match.group(1) in MONTHS:
        return pd.Timestamp(year=_full_year(match.group(2)), month=MONTHS[match.group(1)], day=1), freq
    if match := _YEAR_MONTH.match(text):
        return pd.Timestamp(year=int(match.group(1)), month=int(match.group(2)), day=1), freq
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return parse_period(float(text), freq)
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, OverflowError):
        raise PeriodError(
            _("%(cell)s bukan periode (gunakan tahun, 2019Q1, Agustus 2019, atau tanggal)")
            % {"cell": repr(cell)}
        ) from None
    if pd.isna(stamp):
        raise PeriodError(_("%(cell)s bukan periode") % {"cell": repr(cell)})
    return stamp.normalize().tz_localize(None), freq


def infer_freq(starts: pd.Series) -> str:
    """The frequency of dated observations from the months they fall in."""
    months = set(pd.DatetimeIndex(starts.dropna()).month)
    if not months or months == {1}:
        return "A"
    if len(months) <= 2 and all((a - b) % 6 == 0 for a in months for b in months):
        return "S"  # e.g. February and August surveys (Sakernas)
    if len(months) <= 4 and all((a - b) % 3 == 0 for a in months for b in months):
        return "Q"
    return "M"


def period_start(stamp: pd.Timestamp, freq: str) -> pd.Timestamp:
    """Snap an observation date to the start of its period (Aug 2019, S -> 2019-07-01)."""
    if freq == "A":
        return pd.Timestamp(year=stamp.year, month=1, day=1)
    if freq == "S":
        return pd.Timestamp(year=stamp.year, month=1 if stamp.month <= 6 else 7, day=1)
    if freq == "Q":
        return pd.Timestamp(year=stamp.year, month=3 * ((stamp.month - 1) // 3) + 1, day=1)
    return pd.Timestamp(year=stamp.year, month=stamp.month, day=1)


def parse_column(cells: pd.Series, freq: str | None = None) -> tuple[pd.Series, str, dict[int, str]]:
    """A column of periods -> (period starts, frequency, {row position: error}).

    Each distinct cell is parsed once; the frequency is the mapping's, else the one the
    cells say ("2019Q1"), else inferred from the months of the dates.
    """
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    parsed: list[tuple[pd.Timestamp, str | None] | None] = []
    problems: dict[int, str] = {}
    failures: dict[int, str] = {}
    for position, cell in enumerate(uniques):
        try:
            parsed.append(parse_period(cell, freq))
        except PeriodError as error:
            parsed.append(None)
            failures[position] = str(error)
    said = {p[1] for p in parsed if p is not None and p[1] is not None}
    if freq is None:
        freq = said.pop() if len(said) == 1 else None
    if freq is None:
        freq = infer_freq(pd.Series([p[0] for p in parsed if p is not None]))
    starts_of_uniques = [period_start(p[0], freq) if p is not None else pd.NaT for p in parsed]
    lookup = pd.DatetimeIndex([*starts_of_uniques, pd.NaT])
    starts = pd.Series(lookup[codes], index=cells.index)
    for row, code in enumerate(codes):
        if code == -1:
            problems[row] = _("periode kosong")
        elif code in failures:
            problems[row] = failures[code]
    return starts, freq, problems
