"""SDMX-ML (XML) and SDMX-JSON data messages, the exchange format of statistical offices.

Parsed offline with ``sdmx1``; each data set becomes a table with a column per dimension
(``REF_AREA``, ``TIME_PERIOD``...), its attributes (``UNIT_MEASURE``...) and ``value``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pandas as pd
import sdmx
from django.utils.translation import gettext as _

from pamong.datahub.connectors import Chunk, ConnectorError


def read(path: str, options: dict[str, Any]) -> Iterator[Chunk]:
    try:
        with open(path, "rb") as handle:  # sdmx1 leaves a file it opened itself unclosed
            message = sdmx.read_sdmx(handle)
    except Exception as error:  # sdmx1 raises many types for a malformed or unsupported file
        raise ConnectorError(
            _("%(name)s bukan pesan data SDMX yang dapat dibaca pamong: %(error)s")
            % {"name": os.path.basename(path), "error": error}
        ) from None
    data = getattr(message, "data", None)
    if not data:
        raise ConnectorError(_("Pesan SDMX ini tidak berisi set data (mungkin pesan struktur?)."))
    for position, dataset in enumerate(data):
        series = sdmx.to_pandas(dataset, attributes="dsgo")
        frame = series.reset_index() if isinstance(series, pd.Series | pd.DataFrame) else pd.DataFrame(series)
        frame.columns = [str(c) for c in frame.columns]
        structure = getattr(dataset, "structured_by", None)
        name = getattr(structure, "id", "") or f"dataset_{position + 1}"
        yield Chunk(name, frame.astype(object), 1, (position + 1) / len(data))
