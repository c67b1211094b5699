"""When a region came into being and what it was carved out of.

Provinces formed since 1999 are listed in ``data/datahub/province-history.csv`` (the law
and date of each); the 2020 and 2025 Kemendagri lists add what changed in between
(``core.regions.formed_from``). Values for a region dated before it existed are the
zeros and gaps statistical tables put there, not observations.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
from django.conf import settings

from pamong.core import regions


@dataclass(frozen=True)
class Formation:
    code: str
    established: pd.Timestamp | None
    formed_from: str
    law: str


@cache
def formations() -> dict[str, Formation]:
    found: dict[str, Formation] = {}
    for new, old in regions.formed_from().items():
        found[new] = Formation(new, None, old, "Kepmendagri 2025 vs 2020 list")
    path = Path(settings.DATA_DIR) / "datahub" / "province-history.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found[row["code"]] = Formation(
                row["code"], pd.Timestamp(row["established"]), row["formed_from"], row["law"]
            )
    return found


def established(code: str) -> pd.Timestamp | None:
    """The date a region was formed, when it was formed since 1999."""
    formation = formations().get(code) or formations().get(code.split(".")[0])
    return formation.established if formation else None


def split_children(code: str) -> list[str]:
    """Regions carved out of ``code`` (Papua 91 -> 93, 94, 95)."""
    return sorted(c for c, f in formations().items() if f.formed_from == code)


def existed(code: str, period: pd.Timestamp, freq: str) -> bool:
    """False when the whole period ended before the region was formed."""
    start = established(code)
    if start is None:
        return True
    end = period + {
        "A": pd.DateOffset(years=1),
        "S": pd.DateOffset(months=6),
        "Q": pd.DateOffset(months=3),
    }.get(freq, pd.DateOffset(months=1))
    return end > start
