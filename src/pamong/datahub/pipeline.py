"""Building a dataset version: read every source, harmonise, check, write Parquet.

Each source is read in chunks (a 2 GB CSV never sits in memory whole): the mapping
turns a chunk into long rows, region names are resolved once per distinct name, periods
and numbers are parsed once per distinct cell, row checks run, and the chunk is appended
to a staging Parquet file. Checks across rows then run in DuckDB over that file, which
also writes the final, sorted version file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from django.utils import formats
from django.utils.translation import gettext as _

from pamong.core import regions as official
from pamong.datahub import connectors, history, numbers, periods, storage, validation
from pamong.datahub.mapping import Mapping, to_long
from pamong.datahub.regions import NOT_A_REGION, Resolution, Resolver, normalise_code

ARROW_SCHEMA = pa.schema(
    [
        ("indicator", pa.string()),
        ("region_code", pa.string()),
        ("region_name", pa.string()),
        ("level", pa.string()),
        ("period", pa.timestamp("ns")),
        ("freq", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("source", pa.string()),
        ("table", pa.string()),
        ("source_row", pa.int64()),
        ("raw_region", pa.string()),
        ("note", pa.string()),
    ]
)
Progress = Callable[[float, str], None]


@dataclass
class SourceInput:
    """One source to read: what the pipeline needs, without the database."""

    name: str
    kind: str
    path: str
    options: dict[str, Any]
    mapping: Mapping
    sha256: str = ""


@dataclass
class BuildResult:
    rows: int
    findings: validation.Findings
    review: list[dict[str, Any]]
    resolutions: dict[str, Resolution]
    quality: dict[str, float]
    indicators: list[str]
    sources: list[dict[str, Any]]
    excluded_rows: int
    seconds: float
    warnings: list[str] = field(default_factory=list)


class RegionColumn:
    """Resolves region names chunk by chunk, each distinct name (with its parent) once."""

    def __init__(self, resolver: Resolver, level: str | None):
        self.resolver = resolver
        self.level = level
        self.done: dict[str, Resolution] = {}
        self.rows_per_name: dict[str, int] = {}

    def resolve(self, raw: pd.Series, parents: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
        """(code, level) per row; code '?' where an analyst must decide.

        ``parents`` (the mapping's parent column) narrows each name to its parent region
        and to the regions split from it since: a pre-2022 table writes Merauke under Papua.
        """
        text = raw.astype(str).str.strip()
        counts = text.value_counts()
        for name, count in counts.items():
            self.rows_per_name[name] = self.rows_per_name.get(name, 0) + int(count)
        new = [name for name in counts.index if name not in self.done]
        if new:
            within = self._within(text, parents, new) if parents is not None else None
            self.done.update(self.resolver.resolve_many(new, level=self.level, within=within))
        codes = text.map(lambda n: self.done[n].code if self.done[n].code is not None else "?")
        levels = text.map(lambda n: self.done[n].level if self.done[n].code is not None else "unknown")
        return codes, levels

    def _within(self, text: pd.Series, parents: pd.Series, names: list[str]) -> dict[str, tuple[str, ...]]:
        """Each name's most frequent parent, as its code and the codes split from it."""
        pairs = pd.DataFrame({"name": text.to_numpy(), "parent": parents.astype(str).str.strip().to_numpy()})
        pairs = pairs[pairs["name"].isin(names) & (pairs["parent"] != "")]
        if pairs.empty:
            return {}
        usual = pairs.groupby("name")["parent"].agg(lambda s: s.value_counts().index[0])
        found = self.resolver.resolve_many(sorted(set(usual)))
        return {
            name: (found[parent].code, *history.split_children(found[parent].code))
            for name, parent in usual.items()
            if found[parent].code  # None (unsure) or '' (Indonesia) narrows nothing
        }


def _recode_retired(long: pd.DataFrame, codes: pd.Series, findings: validation.Findings) -> pd.Series:
    """Codes of the 2020 list retired since -> the 2025 code of the same place, said on the report.

    Regencies moved into a new province got new codes (Kabupaten Merauke 91.01 is 93.01 in
    Papua Selatan since 2022); figures written with the old code belong to the new one.
    """
    current = codes.map(official.current_code)
    changed = current != codes
    if changed.any():
        rows = long[changed.to_numpy()]
        findings.add(
            "recoded region",
            "info",
            _("kode wilayah daftar 2020 yang sudah diganti, dibaca sebagai kode 2025 tempat yang sama"),
            rows.assign(
                detail=[
                    _("%(old)s → %(new)s (%(name)s)") % {"old": old, "new": new, "name": official.name(new)}
                    for old, new in zip(codes[changed], current[changed], strict=True)
                ]
            ),
        )
    return current


def _codes_from_column(raw: pd.Series) -> pd.Series:
    """A column of written codes -> normalised codes ('?' where the code does not exist)."""
    uniques = {value: normalise_code(value) for value in pd.unique(raw.astype(str))}
    return raw.astype(str).map(
        lambda v: uniques[v] if uniques[v] is not None else ("" if v.strip() in ("", "0", "00") else "?")
    )


def harmonise(
    long: pd.DataFrame, mapping: Mapping, regions: RegionColumn, findings: validation.Findings
) -> pd.DataFrame:
    """Raw long rows -> the contract columns (and where each row came from)."""
    out = pd.DataFrame(index=long.index)
    out["indicator"] = long["indicator"].astype(str)
    parents = long["raw_parent"] if mapping.parent else None
    if mapping.region_code:
        codes = _codes_from_column(long["raw_code"])
        unknown = long[codes == "?"]
        if len(unknown):
            findings.add(
                "unknown region code",
                "error",
                _("kode wilayah yang tidak ada dalam daftar 2020 maupun 2025"),
                unknown.assign(detail=[_("kode %(code)s") % {"code": code} for code in unknown["raw_code"]]),
            )
        codes = _recode_retired(long, codes, findings)
        if mapping.region:  # a code that does not exist: try the name instead
            by_name, _levels = regions.resolve(long["raw_region"], parents)
            codes = codes.where(codes != "?", by_name)
        out["region_code"] = codes
        out["level"] = codes.map(
            lambda c: (
                "national" if c == "" else ("unknown" if c in ("?", NOT_A_REGION) else official.level(c))
            )
        )
    else:
        out["region_code"], out["level"] = regions.resolve(long["raw_region"], parents)
    out["region_name"] = out["region_code"].map(_official_name)
    starts, freq, problems = periods.parse_column(long["raw_period"].reset_index(drop=True), mapping.freq)
    out["period"] = starts.to_numpy()
    out["freq"] = freq
    if problems:
        bad = long.iloc[list(problems)].assign(detail=[problems[i] for i in problems])
        findings.add(
            "unreadable period",
            "error",
            _("periode yang tidak terbaca: baris tidak dapat ditempatkan dan tidak diikutkan"),
            bad,
        )
    values, notes = numbers.parse_series(long["raw_value"].reset_index(drop=True), mapping.decimal)
    out["value"] = values * float(mapping.scale or 1.0)
    out["note"] = notes.to_numpy()
    unreadable = long[(notes == "unreadable").to_numpy()]
    if len(unreadable):
        findings.add(
            "unreadable value",
            "warning",
            _("nilai yang tidak terbaca sebagai angka: disimpan sebagai kosong"),
            unreadable.assign(
                detail=[_("sel %(cell)s") % {"cell": str(cell)[:40]} for cell in unreadable["raw_value"]]
            ),
        )
    out["unit"] = long["unit"].astype(str)
    out["source"] = ""
    out["table"] = long["table"].astype(str)
    out["source_row"] = long["source_row"].astype("int64")
    out["raw_region"] = long["raw_region"].astype(str)
    return out[out["period"].notna()]


def _official_name(code: str) -> str:
    if code == "":
        return "Indonesia"
    if code in ("?", NOT_A_REGION):
        return ""
    return official.name(code) or ""


def build(
    sources: list[SourceInput],
    *,
    output: str,
    staging: str,
    dataset_checks: dict | None = None,
    resolver: Resolver | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Read, harmonise and check every source into one Parquet file at ``output``."""
    started = time.perf_counter()
    dataset_checks = dataset_checks or {}
    resolver = resolver or Resolver()
    findings = validation.Findings()
    writer = pq.ParquetWriter(staging, ARROW_SCHEMA)
    lineage, warnings, resolutions = [], [], {}
    excluded = 0
    review_counts: dict[str, int] = {}
    try:
        for number, source in enumerate(sources):
            regions = RegionColumn(resolver, source.mapping.level)
            rows_in = rows_out = 0
            for chunk in connectors.read(source.kind, source.path, source.options):
                if source.mapping.tables and chunk.table and chunk.table not in source.mapping.tables:
                    continue
                warnings.extend(chunk.warnings)
                long = to_long(chunk, source.mapping, source.name)
                rows_in += len(chunk.frame)
                if long.empty:
                    continue
                frame = harmonise(long, source.mapping, regions, findings)
                not_region = frame["region_code"] == NOT_A_REGION
                excluded += int(not_region.sum())
                frame = frame[~not_region]
                frame["source"] = source.name
                schema = validation.row_schema(dataset_checks, sorted(frame["indicator"].unique()))
                validation.check_rows(frame, schema, findings)
                writer.write_table(pa.Table.from_pandas(frame, schema=ARROW_SCHEMA, preserve_index=False))
                rows_out += len(frame)
                if progress:
                    share = (number + chunk.progress) / len(sources)
                    progress(0.9 * share, _rows_read(source.name, rows_in))
            for name, resolution in regions.done.items():
                resolutions[name] = resolution
                if resolution.code is None:
                    review_counts[name] = review_counts.get(name, 0) + regions.rows_per_name.get(name, 0)
            lineage.append(
                {
                    "name": source.name,
                    "kind": source.kind,
                    "file": source.path.rsplit("/", 1)[-1],
                    "sha256": source.sha256,
                    "options": source.options,
                    "mapping": source.mapping.to_dict(),
                    "rows_read": rows_in,
                    "rows_out": rows_out,
                }
            )
    finally:
        writer.close()
    if progress:
        progress(0.92, _("pemeriksaan antarbaris"))
    con = duckdb.connect()
    try:
        con.execute(f"CREATE TEMP VIEW staged AS SELECT * FROM read_parquet('{_sql_path(staging)}')")
        final_sql = validation.cross_checks(con, "staged", dataset_checks, findings)
        con.execute(
            f"COPY ({final_sql} ORDER BY indicator, region_code, freq, period) TO '{_sql_path(output)}' (FORMAT parquet)"
        )
        rows, missing, unresolved = con.execute(
            f"SELECT count(*), count(*) - count(value), count(*) FILTER (WHERE region_code = '?') FROM read_parquet('{_sql_path(output)}')"
        ).fetchone()
        present = [
            i
            for (i,) in con.execute(
                f"SELECT DISTINCT indicator FROM read_parquet('{_sql_path(output)}') ORDER BY 1"
            ).fetchall()
        ]
    finally:
        con.close()
    if excluded:
        findings.add(
            "not a region",
            "info",
            _("baris yang labelnya ditandai analis sebagai bukan wilayah (tidak diikutkan)"),
            count=excluded,
        )
    for warning in warnings:
        findings.add("source warning", "warning", warning, count=1)
    review = [
        {
            "name": name,
            "rows": count,
            "alternatives": [
                {"code": code, "name": _official_name(code), "score": score}
                for code, score in resolutions[name].alternatives
            ],
        }
        for name, count in sorted(review_counts.items(), key=lambda item: -item[1])
    ]
    return BuildResult(
        rows=int(rows),
        findings=findings,
        review=review,
        resolutions=resolutions,
        quality=validation.quality(int(rows), findings, int(unresolved), int(missing)),
        indicators=present,
        sources=lineage,
        excluded_rows=excluded,
        seconds=round(time.perf_counter() - started, 3),
        warnings=warnings,
    )


def _rows_read(source: str, rows: int) -> str:
    return _("%(source)s: %(rows)s baris terbaca") % {
        "source": source,
        "rows": formats.number_format(rows, force_grouping=True),
    }


def _sql_path(path: str) -> str:
    return str(path).replace("'", "''")


def read_version(path: str) -> pd.DataFrame:
    """The contract columns of a version file, periods as Timestamps, values as floats (NaN kept)."""
    frame = pq.read_table(path, columns=storage.CONTRACT).to_pandas()
    frame["value"] = frame["value"].astype(float)
    frame["period"] = pd.to_datetime(frame["period"])
    return frame.reset_index(drop=True)
