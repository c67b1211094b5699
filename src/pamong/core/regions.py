"""Kemendagri region codes (Kepmendagri 300.2.2-2138/2025, and the 2020 list for older codes).

Codes look like ``32`` (province), ``32.04`` (regency/city), ``32.04.05`` (district),
``32.04.05.2001`` (village). The tables ship in ``data/regions/`` (cahyadsn/wilayah, MIT).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.conf import settings

LEVELS = {1: "province", 2: "regency", 3: "district", 4: "village"}


def _path(year: int) -> Path:
    return Path(settings.DATA_DIR) / "regions" / f"regions-{year}.csv"


@cache
def table(year: int = 2025) -> dict[str, str]:
    """Code -> official name for one edition of the list."""
    with open(_path(year), encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def level(code: str) -> str:
    return LEVELS.get(code.count(".") + 1, "unknown")


def name(code: str) -> str | None:
    """The current name of a code, or its 2020 name for a code retired since."""
    return table(2025).get(code) or table(2020).get(code)


def exists(code: str, *, current_only: bool = False) -> bool:
    return code in table(2025) or (not current_only and code in table(2020))


def district_of_digits(digits: str) -> str:
    """'320405' -> '32.04.05' (the first six digits of a NIK or KK number)."""
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"


def children(code: str) -> list[tuple[str, str]]:
    """The regions directly under ``code`` in the current list, as (code, name), by code."""
    depth = code.count(".") + 1 if code else 0
    prefix = f"{code}." if code else ""
    return sorted(
        (child, child_name)
        for child, child_name in table(2025).items()
        if child.startswith(prefix) and child.count(".") == depth
    )


def within(code: str, area: str) -> bool:
    """Whether region ``code`` lies in ``area`` (or is it); an empty area contains everything."""
    return not area or code == area or code.startswith(f"{area}.")
