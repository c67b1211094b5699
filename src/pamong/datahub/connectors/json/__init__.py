"""JSON: a list of records, a list under a key ({"data": [...]}), or JSON Lines (streamed).

An SDMX-JSON data message saved as ``.json`` is handed to the SDMX connector: read as
plain records it would be one meaningless row of nested series.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from pamong.datahub.connectors import Chunk, ConnectorError, reader

CHUNK_ROWS = 200_000


def _records(document: Any) -> list[dict] | None:
    """The first list of objects in the document, looking one level down."""
    if isinstance(document, list) and (not document or isinstance(document[0], dict)):
        return document
    if isinstance(document, dict):
        for value in document.values():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                return value
    return None


def is_sdmx(document: Any) -> bool:
    """SDMX-JSON data: ``dataSets`` beside ``structure`` (1.0) or under ``data`` (2.0)."""
    if not isinstance(document, dict):
        return False
    inner = document.get("data")
    if isinstance(inner, dict) and isinstance(inner.get("dataSets"), list):
        return True
    return isinstance(document.get("dataSets"), list) and isinstance(document.get("structure"), dict)


def read(path: str, options: dict[str, Any]) -> Iterator[Chunk]:
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    lines = path.endswith((".jsonl", ".ndjson")) or (
        head.startswith(b"{") and b"}\n{" in head.replace(b"\r", b"")
    )
    if lines:
        first = 1  # no header line: the first record is line 1
        try:
            with open(path, "rb") as raw:
                for frame in pd.read_json(
                    raw, lines=True, chunksize=int(options.get("chunk_rows") or CHUNK_ROWS), dtype=False
                ):
                    yield Chunk("", frame.astype(object), first, min(raw.tell() / size, 1.0) if size else 1.0)
                    first += len(frame)
        except ValueError as error:
            raise ConnectorError(_("Berkas JSON Lines-nya rusak: %(error)s") % {"error": error}) from None
        return
    try:
        with open(path, encoding="utf-8-sig") as handle:
            document = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ConnectorError(_("JSON-nya rusak: %(error)s") % {"error": error}) from None
    if is_sdmx(document):
        yield from reader("sdmx")(path, options)
        return
    records = _records(document)
    if records is None:
        raise ConnectorError(
            _(
                'Tidak ada daftar rekaman di JSON ini. Bentuk yang diharapkan: [{...}, ...] atau {"data": [...]}.'
            )
        )
    frame = pd.json_normalize(records).astype(object)
    yield Chunk("", frame, 1, 1.0)
