"""The mapping from a source's columns to pamong's long format, saved per source.

An analyst maps columns once (region, period, value, indicator, unit); the mapping is
stored on the source as JSON and reused on every refresh. Wide tables (a column per
year, "2010", "2010.0", "Tahun 2010", "Persentase / 2019") are reshaped to long here.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from pamong.datahub.connectors import Chunk

LONG_COLUMNS = [
    "table",
    "source_row",
    "raw_region",
    "raw_code",
    "raw_parent",
    "indicator",
    "raw_period",
    "raw_value",
    "unit",
]
_YEAR_IN_HEADER = re.compile(
    r"(?:^|[\s/(_-])(?:tahun\s*|th\.?\s*|year\s*)?((?:19|20)\d\d)(?:\.0+)?\s*\**\)?$", re.IGNORECASE
)
SLUG = re.compile(r"[^a-z0-9]+")


class MappingError(ValueError):
    """A mapping that does not fit the source (a column that is not there)."""


@dataclass
class Mapping:
    region: str | None = None
    region_code: str | None = None
    parent: str | None = None
    period: str | None = None
    value: str | None = None
    wide: bool = False
    indicator: str | None = None
    indicator_value: str = ""
    indicator_names: dict[str, str] = field(default_factory=dict)
    unit: str = ""
    unit_column: str | None = None
    freq: str | None = None
    scale: float = 1.0
    level: str | None = None
    tables: list[str] = field(default_factory=list)
    decimal: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mapping:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise MappingError(
                _("Isian pemetaan tidak dikenal: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
            )
        return cls(**{k: v for k, v in data.items() if v not in (None, "") or k == "indicator_value"})

    def to_dict(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in asdict(self).items()
            if v not in (None, "", [], {})
            and not (k == "scale" and v == 1.0)
            and not (k == "wide" and v is False)
        }

    def problems(self, columns: list[str]) -> list[str]:
        """What is wrong with this mapping for a table with ``columns`` (empty: it fits)."""
        found = []
        for name in ("region", "region_code", "parent", "period", "value", "indicator", "unit_column"):
            column = getattr(self, name)
            if column and column not in columns:
                found.append(
                    _("Kolom %(column)s (%(name)s) tidak ada di sumber. Kolom yang ada: %(columns)s.")
                    % {"column": repr(column), "name": name, "columns": ", ".join(columns)}
                )
        if not self.region and not self.region_code:
            found.append(
                _("Petakan kolom wilayah (nama atau kode). Tanpa itu, baris tidak dapat ditempatkan.")
            )
        if self.wide:
            if not year_columns(columns):
                found.append(_("Tata letak lebar dipilih, tetapi tidak ada judul kolom yang berupa tahun."))
        else:
            if not self.period:
                found.append(_("Petakan kolom periode, atau pilih tata letak lebar (satu kolom per tahun)."))
            if not self.value:
                found.append(_("Petakan kolom nilai."))
        if not self.indicator and not self.indicator_value:
            found.append(_("Sebutkan indikatornya: sebuah kolom, atau satu indikator untuk seluruh sumber."))
        if self.freq and self.freq not in ("A", "S", "Q", "M"):
            found.append(_("Frekuensi harus A, S, Q, atau M."))
        return found


def year_columns(columns: list[str]) -> dict[str, tuple[str, str]]:
    """Headers that carry a year -> (label before the year, the year)."""
    found = {}
    for column in columns:
        text = str(column).strip()
        match = _YEAR_IN_HEADER.search(text)
        if match:
            label = text[: match.start(1)].strip(" /-_(").strip()
            label = re.sub(r"(?i)\b(tahun|th\.?|year)$", "", label).strip(" /-_(")
            found[column] = (label, match.group(1))
    return found


def slug(text: str) -> str:
    return SLUG.sub("_", str(text).lower()).strip("_")


def to_long(chunk: Chunk, mapping: Mapping, source_name: str = "") -> pd.DataFrame:
    """One chunk of raw cells -> long rows (still raw: names, periods and values as written)."""
    frame = chunk.frame
    columns = [str(c) for c in frame.columns]
    problems = mapping.problems(columns)
    if problems:
        raise MappingError("; ".join(problems))
    rows = pd.Series(range(chunk.first_row, chunk.first_row + len(frame)), index=frame.index)
    base = pd.DataFrame(
        {
            "source_row": rows,
            "raw_region": frame[mapping.region] if mapping.region else "",
            "raw_code": frame[mapping.region_code] if mapping.region_code else "",
            "raw_parent": frame[mapping.parent] if mapping.parent else "",
            "unit": frame[mapping.unit_column] if mapping.unit_column else mapping.unit,
        },
        index=frame.index,
    )
    if mapping.indicator:
        base["indicator_label"] = frame[mapping.indicator]
    if mapping.wide:
        years = year_columns(columns)
        long = []
        for column, (label, year) in years.items():
            part = base.copy()
            part["raw_period"] = year
            part["raw_value"] = frame[column]
            if "indicator_label" not in part:
                part["indicator_label"] = label or mapping.indicator_value or chunk.table
            long.append(part)
        out = (
            pd.concat(long, ignore_index=True) if long else base.iloc[0:0].assign(raw_period="", raw_value="")
        )
    else:
        out = base.copy()
        out["raw_period"] = frame[mapping.period]
        out["raw_value"] = frame[mapping.value]
        if "indicator_label" not in out:
            out["indicator_label"] = mapping.indicator_value or chunk.table
    labels = out.pop("indicator_label").astype(str).str.strip()
    constant = mapping.indicator_value if not mapping.indicator else ""
    if constant and constant != "{table}":
        out["indicator"] = constant
    else:
        out["indicator"] = labels.map(
            lambda label: mapping.indicator_names.get(label) or slug(label or chunk.table)
        )
    out["table"] = chunk.table or source_name
    return out[LONG_COLUMNS]


def suggest(frame: pd.DataFrame, table: str = "") -> Mapping:
    """A first guess the analyst corrects: which column is the region, the period, the value."""
    columns = [str(c) for c in frame.columns]
    lowered = {c: c.lower() for c in columns}

    def first(pattern: str) -> str | None:
        return next((c for c in columns if re.search(pattern, lowered[c])), None)

    mapping = Mapping()
    mapping.region = first(r"prov|wilayah|daerah|kab|kota|region|province|area|nama") or (
        columns[0] if columns else None
    )
    code = first(r"^kode|code|kd_|^id_wil|bps")
    mapping.region_code = code if code and code != mapping.region else None
    years = year_columns(columns)
    if len(years) >= 2:
        mapping.wide = True
        labels = {label for label, _ in years.values()}
        mapping.indicator_value = "" if len(labels) > 1 or labels == {""} else slug(next(iter(labels)))
        if not mapping.indicator_value:
            mapping.indicator_value = slug(table) if table and labels == {""} else ""
    else:
        mapping.period = first(r"tahun|year|period|date|tanggal|bulan|waktu|time")
        numeric = [
            c
            for c in columns
            if c not in (mapping.region, mapping.period, mapping.region_code)
            and pd.to_numeric(frame[c], errors="coerce").notna().mean() > 0.6
        ]
        mapping.value = numeric[0] if numeric else None
        if mapping.value:
            mapping.indicator_value = slug(mapping.value)
    return mapping
