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


@cache
def _children_by_parent() -> dict[str, list[tuple[str, str]]]:
    """Parent code ('' for Indonesia) -> its direct children, by code: read once, not per call
    (a scan of the 90,000 regions took 45 ms, several times per chat filing)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for code, region_name in table(2025).items():
        found.setdefault(parent(code), []).append((code, region_name))
    for rows in found.values():
        rows.sort()
    return found


def children(code: str) -> list[tuple[str, str]]:
    """The regions directly under ``code`` in the current list, as (code, name), by code."""
    return list(_children_by_parent().get(code, []))


def within(code: str, area: str) -> bool:
    """Whether region ``code`` lies in ``area`` (or is it); an empty area contains everything."""
    return not area or code == area or code.startswith(f"{area}.")


def parent(code: str) -> str:
    """'32.04.05' -> '32.04'; a province's parent is Indonesia ('')."""
    return code.rsplit(".", 1)[0] if "." in code else ""


def _plain(name: str) -> str:
    return " ".join(name.lower().replace("kab.", "kabupaten").split())


@cache
def recoded() -> dict[str, str]:
    """Regency/city codes of the 2020 list retired since -> the 2025 code of the same place.

    Regions moved into a new province get a new code (Kabupaten Merauke 91.01 became
    93.01 when Papua Selatan was formed in 2022); matched by name within Indonesia.
    """
    old, new = table(2020), table(2025)
    current_by_name: dict[str, list[str]] = {}
    for code, label in new.items():
        if code.count(".") == 1:
            current_by_name.setdefault(_plain(label), []).append(code)
    moved = {}
    for code, label in old.items():
        if code.count(".") == 1 and code not in new:
            matches = current_by_name.get(_plain(label), [])
            if len(matches) == 1:
                moved[code] = matches[0]
    return moved


@cache
def recoded_below_regency() -> dict[str, str]:
    """District and village codes under a re-coded regency -> their 2025 code (same name only)."""
    old, new = table(2020), table(2025)
    moved = recoded()
    out = {}
    for code, label in old.items():
        regency = code[:5]
        if code.count(".") >= 2 and code not in new and regency in moved:
            candidate = moved[regency] + code[5:]
            if _plain(new.get(candidate, "")) == _plain(label):
                out[code] = candidate
    return out


def current_code(code: str) -> str:
    """The 2025 code of a place written with its retired 2020 code; any other code unchanged."""
    return recoded().get(code) or recoded_below_regency().get(code) or code


@cache
def formed_from() -> dict[str, str]:
    """Codes new since the 2020 list -> the 2020 code they were carved out of.

    A new province is formed from the old province its regencies came from (Papua
    Selatan 93 from Papua 91); a re-coded regency from its old code.
    """
    history: dict[str, str] = {}
    for old, new in recoded().items():
        history[new] = old
        history.setdefault(parent(new), parent(old))
    return history
