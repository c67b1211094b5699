"""JSON: a list of records, a list under a key ({"data": [...]}), or JSON Lines (streamed)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pandas as pd

from pamong.datahub.connectors import Chunk, ConnectorError

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


def read(path: str, options: dict[str, Any]) -> Iterator[Chunk]:
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    lines = path.endswith((".jsonl", ".ndjson")) or (
        head.startswith(b"{") and b"}\n{" in head.replace(b"\r", b"")
    )
    if lines:
        first = 2
        try:
            with open(path, "rb") as raw:
                for frame in pd.read_json(
                    raw, lines=True, chunksize=int(options.get("chunk_rows") or CHUNK_ROWS), dtype=False
                ):
                    yield Chunk("", frame.astype(object), first, min(raw.tell() / size, 1.0) if size else 1.0)
                    first += len(frame)
        except ValueError as error:
            raise ConnectorError(f"the JSON Lines file is malformed: {error}") from None
        return
    try:
        with open(path, encoding="utf-8-sig") as handle:
            document = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ConnectorError(f"the JSON is malformed: {error}") from None
    records = _records(document)
    if records is None:
        raise ConnectorError(
            'no list of records found in the JSON (expected [{...}, ...] or {"data": [...]})'
        )
    frame = pd.json_normalize(records).astype(object)
    yield Chunk("", frame, 1, 1.0)
