"""Parquet files, read in row batches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.utils.translation import gettext as _

from pamong.datahub.connectors import Chunk, ConnectorError

BATCH_ROWS = 200_000


def read(path: str, options: dict[str, Any]) -> Iterator[Chunk]:
    try:
        source = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise ConnectorError(
            _("Bukan berkas Parquet yang dapat dibaca pamong: %(error)s") % {"error": error}
        ) from None
    total = source.metadata.num_rows or 1
    done = 0
    for batch in source.iter_batches(batch_size=int(options.get("chunk_rows") or BATCH_ROWS)):
        frame = batch.to_pandas()
        yield Chunk("", frame, done + 1, min((done + len(frame)) / total, 1.0))
        done += len(frame)
