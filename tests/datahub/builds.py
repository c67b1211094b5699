"""Reading a built version's findings (the ``build_csv`` fixture is in conftest.py)."""

from __future__ import annotations

from pamong.datahub.models import DatasetVersion

CODED = {
    "region_code": "kode",
    "region": "wilayah",
    "period": "tahun",
    "value": "nilai",
    "indicator": "indikator",
    "freq": "A",
}


def finding(version: DatasetVersion, check: str) -> dict:
    found = [c for c in version.checks if c["check"] == check]
    assert found, f"no {check!r} finding; got {[c['check'] for c in version.checks]}"
    return found[0]


def rows_of(entry: dict, *keys: str) -> list[tuple]:
    return [tuple(row[k] for k in keys) for row in entry["rows"]]
