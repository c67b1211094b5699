"""When a region came into being, what it was carved out of, and which figures predate a split.

Provinces formed since 1999 are listed in ``data/datahub/province-history.csv`` (the law
and date of each); the 2020 and 2025 Kemendagri lists add what changed in between
(``core.regions.formed_from``): the 2022 split of Papua (91 -> 93, 94, 95) and Papua
Barat (92 -> 96), and the regencies that moved with them, which keep their place under
a new code (a *recode*, not a split). Neither list shows a regency carved out of another
(none was formed between 2020 and 2025); a dataset may declare its own in
``Dataset.checks["splits"]`` (``[{"code", "formed_from", "established", "law"}]``).

A parent's figure dated before a split still covers the region carved out of it: it is
not comparable with the parent's later figures, and summed with the child's figure for
the same period it counts the child twice. A figure is taken to follow the boundaries
that held for most of its period: Papua's 2022 figure predates the split of 25 July 2022,
a 2007 figure of Kabupaten Bandung does not predate the split of 2 January 2007. Values for a region dated before it existed
are the zeros and gaps statistical tables put there, or back-casts on today's boundaries.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
from django.conf import settings

from pamong.core import regions

SPLIT, RECODE = "split", "recode"
HALF_PERIOD = {"A": "6 MONTH", "S": "3 MONTH", "Q": "45 DAY", "M": "15 DAY"}


def midpoint_sql(period: str, freq: str) -> str:
    """SQL for the middle of a period (``period`` and ``freq`` are column names)."""
    cases = " ".join(f"WHEN '{code}' THEN INTERVAL {half}" for code, half in HALF_PERIOD.items())
    return f"({period} + CASE {freq} {cases} ELSE INTERVAL 15 DAY END)"


@dataclass(frozen=True)
class Formation:
    code: str
    established: pd.Timestamp | None
    formed_from: str
    law: str
    kind: str = SPLIT


@cache
def formations() -> dict[str, Formation]:
    found: dict[str, Formation] = {}
    recoded = {new for new in regions.recoded().values()}
    for new, old in regions.formed_from().items():
        kind = RECODE if new in recoded else SPLIT
        found[new] = Formation(new, None, old, "Kepmendagri 2025 vs 2020 list", kind)
    path = Path(settings.DATA_DIR) / "datahub" / "province-history.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found[row["code"]] = Formation(
                row["code"], pd.Timestamp(row["established"]), row["formed_from"], row["law"]
            )
    return found


def formation_of(code: str, dataset_checks: dict | None = None) -> Formation | None:
    """How a region came to be: the dataset's declared split, else the shipped history.

    A regency of a province formed since 1999 answers with its province's formation.
    """
    if dataset_checks and dataset_checks.get("splits"):
        declared = next((f for f in splits(dataset_checks) if f.code == code), None)
        if declared is not None:
            return declared
    return formations().get(code) or formations().get(code.split(".")[0])


def established(code: str, dataset_checks: dict | None = None) -> pd.Timestamp | None:
    """The date a region was formed, when it was formed since 1999 (or the dataset says so)."""
    formation = formation_of(code, dataset_checks)
    return formation.established if formation else None


def splits(dataset_checks: dict | None = None) -> list[Formation]:
    """Every dated split: the shipped ones and those the dataset declares (which win)."""
    found = {f.code: f for f in formations().values() if f.kind == SPLIT and f.established is not None}
    for item in (dataset_checks or {}).get("splits") or []:
        try:
            code, parent = str(item["code"]).strip(), str(item["formed_from"]).strip()
            date = pd.Timestamp(item["established"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"a declared split needs code, formed_from and established (a date): {item!r} ({error})"
            ) from None
        if code.count(".") != parent.count(".") or not regions.exists(code) or not regions.exists(parent):
            raise ValueError(f"declared split {parent} -> {code}: both must be region codes of one level")
        found[code] = Formation(code, date, parent, str(item.get("law", "")))
    return sorted(found.values(), key=lambda f: f.code)


def split_children(code: str, dataset_checks: dict | None = None) -> list[str]:
    """Regions carved out of ``code`` (Papua 91 -> 93, 94, 95); a recode is not a split."""
    return sorted(f.code for f in splits(dataset_checks) if f.formed_from == code)


def split_table(dataset_checks: dict | None = None) -> pd.DataFrame:
    """The splits as rows (child, parent, established, law), for DuckDB to join against."""
    found = splits(dataset_checks)
    return pd.DataFrame(
        {
            "child": pd.Series([f.code for f in found], dtype=str),
            "parent": pd.Series([f.formed_from for f in found], dtype=str),
            "established": pd.Series([f.established for f in found], dtype="datetime64[ns]"),
            "law": pd.Series([f.law for f in found], dtype=str),
        }
    )


def existed(code: str, period: pd.Timestamp, freq: str, dataset_checks: dict | None = None) -> bool:
    """False when the whole period ended before the region was formed."""
    start = established(code, dataset_checks)
    if start is None:
        return True
    end = period + {
        "A": pd.DateOffset(years=1),
        "S": pd.DateOffset(months=6),
        "Q": pd.DateOffset(months=3),
    }.get(freq, pd.DateOffset(months=1))
    return end > start
