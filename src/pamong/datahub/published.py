"""The public face of the datahub for other apps (insight): published datasets only.

``datasets()`` lists them, ``frame(slug)`` returns a version in the long format every
consumer relies on, ``query(sql, name=slug)`` runs DuckDB over published versions with
file access switched off (the SQL can read the named datasets and nothing else).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow.dataset as pads

from pamong.datahub import storage
from pamong.datahub.models import Dataset, DatasetVersion, VersionStatus
from pamong.datahub.pipeline import read_version

COLUMNS = storage.CONTRACT
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


@dataclass(frozen=True)
class DatasetInfo:
    slug: str
    title: str
    indicators: list[str]
    version: int
    quality: float | None


def datasets() -> list[DatasetInfo]:
    """Every dataset with a published version, with its latest published version."""
    found = []
    for dataset in Dataset.objects.order_by("slug"):
        version = dataset.published()
        if version is not None:
            found.append(
                DatasetInfo(
                    dataset.slug,
                    dataset.title,
                    list(version.lineage.get("indicators", [])),
                    version.number,
                    version.score,
                )
            )
    return found


def published_version(slug: str, version: int | None = None) -> DatasetVersion:
    versions = DatasetVersion.objects.filter(dataset__slug=slug, status=VersionStatus.PUBLISHED)
    chosen = (
        versions.filter(number=version).first()
        if version is not None
        else versions.order_by("-number").first()
    )
    if chosen is None:
        what = f"version {version} of {slug!r}" if version is not None else f"a published version of {slug!r}"
        raise LookupError(f"no {what}")
    return chosen


def frame(slug: str, version: int | None = None) -> pd.DataFrame:
    """The long format: indicator, region_code, region_name, level, period, freq, value, unit."""
    return read_version(published_version(slug, version).parquet_path)[COLUMNS]


def query(sql: str, **named: str | tuple[str, int]) -> pd.DataFrame:
    """DuckDB SQL over published datasets, each visible under the keyword's name.

    ``query("SELECT avg(value) FROM pov WHERE indicator='poverty_rate'", pov="indicators")``;
    give ``(slug, version)`` to pin a version. The connection cannot touch files.
    """
    con = duckdb.connect()
    try:
        for name, target in named.items():
            if not IDENTIFIER.match(name):
                raise ValueError(f"{name!r} is not a plain name for a dataset in SQL")
            slug, number = (target, None) if isinstance(target, str) else target
            path = published_version(slug, number).parquet_path
            con.register(f"_{name}_file", pads.dataset(path, format="parquet"))
            con.execute(f"CREATE VIEW {name} AS SELECT {', '.join(COLUMNS)} FROM _{name}_file")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        return con.execute(sql).df()
    finally:
        con.close()
