"""CSV files in any delimiter and encoding, streamed in chunks (a 2 GB file is never loaded whole).

The encoding comes from the byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8 when the
bytes are valid UTF-8, else Windows-1252 (what Excel on Indonesian Windows saves). The
delimiter is sniffed from the first lines (comma, semicolon, tab, pipe).
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterator
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from pamong.datahub.connectors import Chunk, ConnectorError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SAMPLE_BYTES = 1 << 16
CHUNK_ROWS = 200_000


def detect_encoding(sample: bytes) -> str:
    for bom, name in BOMS:
        if sample.startswith(bom):
            return name
    if sample[:200].count(b"\x00") > 20:  # UTF-16 without a mark: every other byte is zero
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def detect_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sum(line.count(d) for line in lines) for d in ",;\t|"}
        return max(counts, key=counts.get)  # type: ignore[arg-type]


def read(path: str, options: dict[str, Any]) -> Iterator[Chunk]:
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
    except OSError as error:
        raise ConnectorError(
            _("%(name)s tidak dapat dibuka: %(reason)s")
            % {"name": os.path.basename(path), "reason": error.strerror}
        ) from None
    if not sample.strip():
        raise ConnectorError(_("Berkasnya kosong."))
    encoding = options.get("encoding") or detect_encoding(sample)
    text = sample.decode(encoding.replace("-sig", ""), errors="ignore").lstrip("\ufeff")
    delimiter = options.get("delimiter") or detect_delimiter(text)
    skip = int(options.get("skip_rows") or 0)
    chunk_rows = int(options.get("chunk_rows") or CHUNK_ROWS)
    with open(path, "rb") as raw:
        try:
            frames = pd.read_csv(
                raw,
                sep=delimiter,
                encoding=encoding,
                dtype=str,
                keep_default_na=False,
                skiprows=skip,
                chunksize=chunk_rows,
                skipinitialspace=True,
            )
            first_row = skip + 2  # the header is the line before
            for frame in frames:
                frame.columns = [str(c).strip() for c in frame.columns]
                yield Chunk("", frame, first_row, min(raw.tell() / size, 1.0) if size else 1.0)
                first_row += len(frame)
        except pd.errors.ParserError as error:
            raise ConnectorError(_("CSV-nya rusak: %(error)s") % {"error": error}) from None
        except UnicodeDecodeError as error:
            raise ConnectorError(
                _(
                    "Berkasnya bukan %(encoding)s (bait ke-%(byte)s). Pilih pengodean berkasnya, lalu coba lagi."
                )
                % {"encoding": encoding, "byte": error.start}
            ) from None
        except pd.errors.EmptyDataError:
            raise ConnectorError(_("Berkasnya tidak punya baris judul kolom.")) from None
