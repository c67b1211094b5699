"""Indonesian dates as letters write them: "12 Maret 2024", "12-03-2024", "12 Mar. 2024"."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8,
    "agt": 8, "ags": 8, "agst": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nopember": 11, "nop": 11, "desember": 12, "des": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip
ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
    "xii": 12,
}
DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad")
MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))

# 12 Maret 2024 / 12 Mar. 2024 / 12 - Maret - 2024 / Maret 12, 2024
NAMED = re.compile(
    rf"(?<![\w/])(\d{{1,2}})\s*[-\s.]?\s*({MONTH_WORD})\.?\s*[-\s.,]?\s*((?:19|20)\d\d)(?!\d)", re.IGNORECASE
)
NAMED_US = re.compile(rf"\b({MONTH_WORD})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
NUMERIC = re.compile(r"(?<![\w/.-])(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*((?:19|20)\d\d)(?![\w/])")
ISO = re.compile(r"(?<![\w/.-])((?:19|20)\d\d)-(\d{2})-(\d{2})(?![\w/])")
DATE_PATTERNS = (NAMED, NAMED_US, NUMERIC, ISO)


def make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_match(match: re.Match) -> date | None:
    pattern = match.re
    if pattern is NAMED:
        return make(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    if pattern is NAMED_US:
        return make(int(match.group(3)), MONTHS[match.group(1).lower()], int(match.group(2)))
    if pattern is NUMERIC:
        return make(int(match.group(4)), int(match.group(3)), int(match.group(1)))
    return make(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Every date in the text as (start, end, date), in order of position."""
    found: list[tuple[int, int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            value = parse_match(match)
            if value is not None:
                found.append((match.start(), match.end(), value))
                taken.append((match.start(), match.end()))
    return sorted(found)


def first_date(text: str) -> date | None:
    dates = find_dates(text)
    return dates[0][2] if dates else None
