"""Connectors: one folder per kind of source, each a ``read(path, options)`` of raw chunks.

A connector yields ``Chunk``s: raw cells under their header, the row number a person
sees in the source for the first row, and how much of the source has been read (for the
progress bar of big files). Nothing is converted here: numbers, periods and region names
are read by the harmonisation step, so every connector's output is checked the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

KINDS = ("csv", "excel", "json", "parquet", "sql", "sdmx")
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xml": "sdmx",
    ".sdmx": "sdmx",
}


class ConnectorError(ValueError):
    """A source that cannot be read; the message says why in the analyst's language."""


@dataclass
class Chunk:
    table: str
    frame: pd.DataFrame
    first_row: int
    progress: float
    warnings: list[str] = field(default_factory=list)


def kind_for(filename: str) -> str | None:
    """The connector a file name suggests (``.xlsx`` -> excel), or None."""
    return EXTENSIONS.get(Path(filename).suffix.lower())


def reader(kind: str) -> Callable[[str, dict[str, Any]], Iterator[Chunk]]:
    if kind not in KINDS:
        raise ConnectorError(
            _("Jenis sumber %(kind)s tidak dikenal. Jenis yang dikenal: %(known)s.")
            % {"kind": repr(kind), "known": ", ".join(KINDS)}
        )
    return importlib.import_module(f"pamong.datahub.connectors.{kind}").read


def read(kind: str, path: str, options: dict[str, Any] | None = None) -> Iterator[Chunk]:
    """The chunks of one source; a ``ConnectorError`` for anything unreadable."""
    return reader(kind)(path, dict(options or {}))


def preview(kind: str, path: str, options: dict[str, Any] | None = None, rows: int = 15) -> list[Chunk]:
    """The first rows of each table of a source (what the mapping page shows)."""
    seen: dict[str, Chunk] = {}
    for chunk in read(kind, path, {**(options or {}), "chunk_rows": max(rows, 50)}):
        if chunk.table not in seen:
            seen[chunk.table] = Chunk(chunk.table, chunk.frame.head(rows), chunk.first_row, 0, chunk.warnings)
        if len(seen) >= 20 or kind in ("csv", "json", "parquet", "sql"):
            break
    return list(seen.values())
