"""Checks of a dataset version: declarative row checks (pandera), then checks across rows (DuckDB).

Every finding names the rows (source, row number as the analyst sees it in the file,
region, period) and the reason. Nothing is dropped silently: rows that cannot be placed
are listed, values that cannot be read become missing and are listed, leading zeros
before a region's first figure become missing and are listed. Figures dated before a
region split (``history``) are listed on both sides, and a child's figure its parent's
pre-split figure still covers is not added to the totals above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
import pandera.pandas as pa
from django.utils import formats
from django.utils.translation import gettext as _

from pamong.core import regions as official
from pamong.datahub import history, indicators
from pamong.datahub.periods import FREQS

LEVELS = ("national", "province", "regency", "district", "village")
EXAMPLES_PER_CHECK = 100
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
JUMP_Z = 6.0  # robust z-score of a change beyond which a year-on-year jump is flagged
JUMP_MIN_POINTS = 5


@dataclass
class Findings:
    """Issues by check, each with a count and up to 100 example rows."""

    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(
        self,
        check: str,
        severity: str,
        reason: str,
        rows: pd.DataFrame | None = None,
        count: int | None = None,
    ) -> None:
        entry = self.checks.setdefault(
            check, {"check": check, "severity": severity, "reason": reason, "count": 0, "rows": []}
        )
        n = count if count is not None else (len(rows) if rows is not None else 1)
        entry["count"] += int(n)
        if rows is not None and len(entry["rows"]) < EXAMPLES_PER_CHECK:
            room = EXAMPLES_PER_CHECK - len(entry["rows"])
            entry["rows"].extend(_examples(rows.head(room)))

    def as_list(self) -> list[dict[str, Any]]:
        return sorted(self.checks.values(), key=lambda c: (SEVERITY_ORDER[c["severity"]], c["check"]))

    def count(self, severity: str) -> int:
        return sum(c["count"] for c in self.checks.values() if c["severity"] == severity)


def _examples(rows: pd.DataFrame) -> list[dict[str, Any]]:
    keep = ["table", "source_row", "raw_region", "region_code", "indicator", "period", "value", "detail"]
    out = []
    for record in rows.to_dict("records"):
        item = {}
        for key in keep:
            if key in record:
                value = record[key]
                if isinstance(value, pd.Timestamp):
                    value = value.date().isoformat()
                elif isinstance(value, float) and pd.isna(value):
                    value = None
                elif hasattr(value, "item"):
                    value = value.item()
                item[key] = value
        out.append(item)
    return out


def _within(slug: str, low: float, high: float):  # type: ignore[no-untyped-def]
    """A dataframe check: rows of ``slug`` hold a value in [low, high] (missing passes)."""

    def check(df: pd.DataFrame) -> pd.Series:
        return (df["indicator"] != slug) | df["value"].isna() | df["value"].between(low, high)

    return check


def row_schema(dataset_checks: dict, present: list[str]) -> pa.DataFrameSchema:
    """The declarative checks of one dataset: types and, per indicator, the plausible range."""
    checks = []
    for slug in present:
        meta = indicators.settings_for(slug, dataset_checks)
        if meta.low is None and meta.high is None:
            continue
        low = meta.low if meta.low is not None else float("-inf")
        high = meta.high if meta.high is not None else float("inf")

        checks.append(pa.Check(_within(slug, low, high), name=f"range:{slug}", error=f"range:{slug}"))
    return pa.DataFrameSchema(
        {
            "indicator": pa.Column(str, pa.Check.str_length(1, 80)),
            "region_code": pa.Column(str),
            "level": pa.Column(str, pa.Check.isin([*LEVELS, "unknown"])),
            "period": pa.Column("datetime64[ns]", nullable=False),
            "freq": pa.Column(str, pa.Check.isin(list(FREQS))),
            "value": pa.Column(float, nullable=True),
            "unit": pa.Column(str),
        },
        checks=checks,
        coerce=False,
    )


def check_rows(frame: pd.DataFrame, schema: pa.DataFrameSchema, findings: Findings) -> None:
    """Run the row checks on one chunk; failures are findings, the rows stay."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        cases = error.failure_cases
        for check, group in cases.groupby("check", dropna=False):
            index = sorted({int(i) for i in group["index"].dropna() if int(i) in frame.index})
            rows = frame.loc[index].copy()
            name = str(check)
            if name.startswith("range:"):
                slug = name.split(":", 1)[1]
                meta = indicators.settings_for(slug, {})
                rows["detail"] = _("di luar rentang wajar %(low)s..%(high)s") % {
                    "low": _number(meta.low),
                    "high": _number(meta.high),
                }
                reason = _("nilai di luar rentang wajar %(indicator)s") % {"indicator": slug}
                findings.add(f"range {slug}", "error", reason, rows)
            else:
                column = group["column"].iloc[0]
                findings.add(
                    f"schema {column}",
                    "error",
                    _("kolom %(column)s: pemeriksaan %(check)s gagal") % {"column": column, "check": name},
                    rows,
                    len(index) or 1,
                )


SERIES = "indicator, region_code, freq"


def cross_checks(con: duckdb.DuckDBPyConnection, table: str, dataset_checks: dict, findings: Findings) -> str:
    """Checks across rows on the staged table; returns the SQL of the corrected table.

    Duplicates, leading zeros (set to missing), year-on-year jumps (known method breaks
    reported as such), regencies that do not add up to their province, gaps, short series.
    """

    def rows(sql: str) -> pd.DataFrame:
        return con.execute(sql).df()

    duplicates = _duplicates(con, table)
    if len(duplicates):
        conflicting = duplicates[duplicates["distinct_values"] > 1]
        if len(conflicting):
            findings.add(
                "duplicate conflicting",
                "error",
                _("indikator, wilayah, dan periode yang sama dengan nilai berbeda"),
                conflicting,
            )
        same = duplicates[duplicates["distinct_values"] <= 1]
        if len(same):
            findings.add(
                "duplicate",
                "warning",
                _("indikator, wilayah, dan periode yang sama lebih dari sekali (nilai sama)"),
                same,
            )

    zeros = rows(
        f"""WITH ordered AS (
              SELECT *, max(CASE WHEN value <> 0 THEN 1 ELSE 0 END) OVER (
                PARTITION BY {SERIES} ORDER BY period ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS seen
              FROM {table} WHERE region_code NOT IN ('?', ''))
            SELECT * FROM ordered o
            WHERE value = 0 AND seen = 0
              AND EXISTS (SELECT 1 FROM {table} t WHERE t.indicator = o.indicator AND t.region_code = o.region_code
                          AND t.freq = o.freq AND t.value <> 0)"""
    )
    if len(zeros):
        zeros["detail"] = [_zero_reason(code) for code in zeros["region_code"]]
        findings.add(
            "leading zeros",
            "warning",
            _(
                "angka nol sebelum angka pertama suatu wilayah (sering sebelum wilayah itu ada): dibaca sebagai kosong"
            ),
            zeros,
        )
    con.register(
        "leading_zero_keys",
        zeros[["indicator", "region_code", "freq", "period"]]
        if len(zeros)
        else pd.DataFrame(
            {
                "indicator": pd.Series(dtype=str),
                "region_code": pd.Series(dtype=str),
                "freq": pd.Series(dtype=str),
                "period": pd.Series(dtype="datetime64[ns]"),
            }
        ),
    )
    corrected = f"""
        SELECT t.* REPLACE (CASE WHEN z.indicator IS NOT NULL THEN NULL ELSE t.value END AS value)
        FROM {table} t LEFT JOIN leading_zero_keys z
          ON t.indicator = z.indicator AND t.region_code = z.region_code AND t.freq = z.freq AND t.period = z.period"""
    con.execute(f"CREATE OR REPLACE TEMP TABLE corrected AS {corrected}")

    _register_splits(con, dataset_checks)
    _jumps(con, dataset_checks, findings)
    _totals(con, dataset_checks, findings)
    _splits(con, dataset_checks, findings)
    gaps = rows(
        f"""SELECT indicator, region_code, freq, count(*) AS n, count(value) AS filled,
                   min(period) AS first, max(period) AS last
            FROM corrected WHERE region_code <> '?' GROUP BY {SERIES}"""
    )
    short = gaps[gaps["filled"] < 4]
    if len(short):
        short = short.assign(
            detail=[
                _("%(count)s angka: terlalu pendek untuk diramalkan atau diperiksa lonjakannya")
                % {"count": n}
                for n in short["filled"]
            ],
            period=short["last"],
        )
        findings.add("short series", "info", _("deret dengan kurang dari empat angka"), short)
    missing = rows("SELECT * FROM corrected WHERE value IS NULL AND region_code <> '?'")
    if len(missing):
        missing["detail"] = _("tanpa angka")
        findings.add(
            "missing values",
            "info",
            _("baris tanpa angka (disimpan sebagai kosong, tidak dibuang)"),
            missing,
        )
    return "SELECT * FROM corrected"


def _duplicates(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    frame = con.execute(
        f"""SELECT t.*, d.n, d.distinct_values
            FROM {table} t JOIN (
              SELECT {SERIES}, period, count(*) AS n, count(DISTINCT value) AS distinct_values
              FROM {table} WHERE region_code <> '?' GROUP BY ALL HAVING count(*) > 1) d
            USING (indicator, region_code, freq, period)
            ORDER BY indicator, region_code, period"""
    ).df()
    frame["detail"] = [
        _("indikator, wilayah, dan periode yang sama %(count)s kali") % {"count": n} for n in frame["n"]
    ]
    return frame


def _zero_reason(code: str) -> str:
    formation = history.formations().get(code)
    if formation and formation.established is not None:
        formed = _formed(code, formation.established, formation.law, name=False)
        return _("%(formed)s; nol dibaca sebagai kosong") % {"formed": formed}
    return _("nol sebelum angka pertama deret; dibaca sebagai kosong")


def _jumps(con: duckdb.DuckDBPyConnection, dataset_checks: dict, findings: Findings) -> None:
    """Changes far outside a series' usual changes (robust z-score of first differences)."""
    changes = con.execute(
        f"""WITH d AS (
              SELECT *, value - lag(value) OVER (PARTITION BY {SERIES} ORDER BY period) AS change,
                     lag(value) OVER (PARTITION BY {SERIES} ORDER BY period) AS previous
              FROM corrected WHERE region_code <> '?' AND value IS NOT NULL),
            s AS (
              SELECT {SERIES}, median(change) AS med, median(abs(change - m.mc)) AS mad, count(change) AS n
              FROM d JOIN (SELECT {SERIES}, median(change) AS mc FROM d GROUP BY ALL) m USING (indicator, region_code, freq)
              GROUP BY ALL)
            SELECT d.*, s.med, s.mad, s.n FROM d JOIN s USING (indicator, region_code, freq)
            WHERE d.change IS NOT NULL AND s.n >= {JUMP_MIN_POINTS}"""
    ).df()
    if changes.empty:
        return
    changes["z"] = (changes["change"] - changes["med"]).abs() / _change_scale(changes)
    jumps = changes[changes["z"] > JUMP_Z].copy()
    if jumps.empty:
        return
    known = []
    for position, row in jumps.iterrows():
        meta = indicators.settings_for(row["indicator"], dataset_checks)
        note = next(
            (reason for year, reason in meta.known_breaks if pd.Timestamp(row["period"]).year == int(year)),
            None,
        )
        known.append(note)
        jumps.loc[position, "detail"] = _jump_detail(row["change"], row["previous"], row["z"], note)
    jumps["known"] = known
    expected = jumps[jumps["known"].notna()]
    unexpected = jumps[jumps["known"].isna()]
    if len(expected):
        findings.add(
            "known break",
            "info",
            _("lonjakan pada perubahan metode atau guncangan yang diketahui (disimpan seperti terbitannya)"),
            expected,
        )
    if len(unexpected):
        findings.add(
            "jump",
            "warning",
            _("perubahan antartahun jauh di luar perubahan biasa deret ini: periksa angkanya"),
            unexpected,
        )


def _jump_detail(change: float, previous: float, z: float, note: str | None) -> str:
    sign = "+" if change > 0 else ""
    text = _("perubahan %(change)s dari %(previous)s (z robust %(z)s)") % {
        "change": sign + _number(change, 3),
        "previous": _number(previous, 4),
        "z": formats.number_format(round(z, 1), decimal_pos=1),
    }
    return text + (_("; sebab yang diketahui: %(note)s") % {"note": note} if note else "")


def _change_scale(changes: pd.DataFrame) -> pd.Series:
    """The usual size of a series' change: 1.4826 x MAD (a standard deviation without outliers).

    A steady series (most changes equal, MAD 0) has no spread to measure; the mean change
    would be the jump itself, hiding it, so 1% of the series' typical level is used instead.
    """
    level = changes.groupby(["indicator", "region_code", "freq"])["value"].transform(
        lambda v: v.abs().median()
    )
    steady = changes["mad"] <= 1e-9 * level  # rounding noise (13.3 - 13.2 is not exactly 0.1) is no spread
    spread = changes["mad"].where(~steady, 0.01 * level)
    return (1.4826 * spread).where(lambda s: s > 0)


def _totals(con: duckdb.DuckDBPyConnection, dataset_checks: dict, findings: Findings) -> None:
    """Additive indicators: regencies must add up to their province (within 0.5%)."""
    additive = [
        slug
        for (slug,) in con.execute("SELECT DISTINCT indicator FROM corrected").fetchall()
        if indicators.settings_for(slug, dataset_checks).additive
    ]
    if not additive:
        return
    listed = ", ".join("'" + slug.replace("'", "''") + "'" for slug in additive)
    mismatches = con.execute(
        f"""WITH kids AS (
              SELECT indicator, split_part(region_code, '.', 1) AS province, period, freq, sum(value) AS children, count(*) AS k
              FROM corrected c WHERE level = 'regency' AND indicator IN ({listed})
                AND NOT EXISTS (SELECT 1 FROM covered v WHERE v.indicator = c.indicator
                  AND v.region_code = c.region_code AND v.freq = c.freq AND v.period = c.period)
              GROUP BY ALL)
            SELECT p.*, kids.children, kids.k FROM corrected p JOIN kids
              ON p.indicator = kids.indicator AND p.region_code = kids.province AND p.period = kids.period AND p.freq = kids.freq
            WHERE p.level = 'province' AND p.value IS NOT NULL
              AND abs(p.value - kids.children) > 0.005 * greatest(abs(p.value), 1)"""
    ).df()
    if len(mismatches):
        mismatches["detail"] = [
            _("provinsi %(province)s, tetapi %(count)s kabupaten/kotanya berjumlah %(children)s")
            % {"province": _number(v), "count": k, "children": _number(c)}
            for v, c, k in zip(mismatches["value"], mismatches["children"], mismatches["k"], strict=True)
        ]
        findings.add(
            "totals", "error", _("jumlah kabupaten/kota tidak sama dengan angka provinsinya"), mismatches
        )


def _register_splits(con: duckdb.DuckDBPyConnection, dataset_checks: dict) -> None:
    """``splits`` (child, parent, established, law) and ``covered``: children's rows whose
    parent's figure for the same period predates the split and so still covers them."""
    con.register("splits", history.split_table(dataset_checks))
    con.execute(
        """CREATE OR REPLACE TEMP TABLE covered AS
           SELECT c.indicator, c.region_code, c.freq, c.period, s.parent, s.established, s.law
           FROM corrected c JOIN splits s ON c.region_code = s.child AND {middle} < s.established
           JOIN corrected p ON p.region_code = s.parent AND p.indicator = c.indicator
             AND p.freq = c.freq AND p.period = c.period
           WHERE c.value IS NOT NULL AND p.value IS NOT NULL""".format(
            middle=history.midpoint_sql("c.period", "c.freq")
        )
    )


def _splits(con: duckdb.DuckDBPyConnection, dataset_checks: dict, findings: Findings) -> None:
    """Figures dated before a split, on either side of it, each with what it covers."""
    _before_split(con, findings)
    _split_overlap(con, findings)
    _before_formation(con, dataset_checks, findings)


def _before_split(con: duckdb.DuckDBPyConnection, findings: Findings) -> None:
    """A parent's figures that still cover a region carved out of it later."""
    parents = con.execute(
        """SELECT c.*, list(s.child ORDER BY s.child) AS children, list(s.established ORDER BY s.child) AS dates,
                  list(s.law ORDER BY s.child) AS laws
           FROM corrected c JOIN splits s ON c.region_code = s.parent AND {middle} < s.established
           WHERE c.value IS NOT NULL GROUP BY ALL ORDER BY indicator, region_code, freq, period""".format(
            middle=history.midpoint_sql("c.period", "c.freq")
        )
    ).df()
    if len(parents):
        parents["detail"] = [
            _("mencakup juga %(children)s: tidak sebanding dengan angka sesudah pemekaran")
            % {"children": "; ".join(_formed(*item) for item in zip(c, d, law, strict=True))}
            for c, d, law in zip(parents["children"], parents["dates"], parents["laws"], strict=True)
        ]
        findings.add(
            "before split",
            "info",
            _(
                "angka wilayah induk sebelum pemekaran: masih mencakup wilayah yang kemudian dimekarkan darinya"
            ),
            parents,
        )


def _split_overlap(con: duckdb.DuckDBPyConnection, findings: Findings) -> None:
    """A child's figures for a period its parent's pre-split figure covers: summed once."""
    overlap = con.execute(
        """SELECT c.*, v.parent, v.established FROM corrected c JOIN covered v
             USING (indicator, region_code, freq, period) ORDER BY indicator, region_code, freq, period"""
    ).df()
    if len(overlap):
        overlap["detail"] = [
            _(
                "angka %(parent)s untuk periode yang sama masih mencakup wilayah ini (dibentuk %(date)s): tidak dijumlahkan lagi ke tingkat di atasnya"
            )
            % {"parent": _named(parent), "date": pd.Timestamp(date).date().isoformat()}
            for parent, date in zip(overlap["parent"], overlap["established"], strict=True)
        ]
        findings.add(
            "split overlap",
            "info",
            _(
                "wilayah pemekaran dengan angka untuk periode yang masih dicakup angka induknya: tidak dihitung dua kali"
            ),
            overlap,
        )


def _before_formation(con: duckdb.DuckDBPyConnection, dataset_checks: dict, findings: Findings) -> None:
    """Figures of a region for a period that ended before it was formed (back-casts or misplaced rows)."""
    codes = [
        c
        for (c,) in con.execute(
            "SELECT DISTINCT region_code FROM corrected WHERE value IS NOT NULL"
        ).fetchall()
    ]
    formed = {
        code: formation
        for code in codes
        if code not in ("", "?")
        and (formation := history.formation_of(code, dataset_checks)) is not None
        and formation.established is not None
    }
    if not formed:
        return
    con.register(
        "formed",
        pd.DataFrame(
            {"region_code": list(formed), "established": [f.established for f in formed.values()]}
        ).astype({"established": "datetime64[ns]"}),
    )
    early = con.execute(
        """SELECT c.* FROM corrected c JOIN formed f USING (region_code)
           WHERE c.value IS NOT NULL AND c.period < f.established ORDER BY indicator, region_code, freq, period"""
    ).df()
    early = early[
        [
            not history.existed(code, pd.Timestamp(period), freq, dataset_checks)
            for code, period, freq in zip(early["region_code"], early["period"], early["freq"], strict=True)
        ]
    ].copy()
    if len(early):
        early["detail"] = [
            _(
                "angka untuk periode sebelum wilayah ini dibentuk (%(formed)s): hitungan mundur dengan batas wilayah sekarang, atau baris yang salah tempat"
            )
            % {"formed": _formed(code, formed[code].established, formed[code].law, name=False)}
            for code in early["region_code"]
        ]
        findings.add(
            "before formation",
            "info",
            _("angka wilayah untuk periode sebelum wilayah itu dibentuk"),
            early,
        )


def _named(code: str) -> str:
    return f"{official.name(code) or code} ({code})"


def _formed(code: str, date: Any, law: str, *, name: bool = True) -> str:
    when = pd.Timestamp(date).date().isoformat()
    text = _("dibentuk %(date)s") % {"date": when} + (f", {law}" if law else "")
    return f"{_named(code)}, {text}" if name else text


def _number(value: float | None, digits: int = 6) -> str:
    """A figure to ``digits`` significant digits, written the reader's way (1.010,5 in Indonesian)."""
    if value is None:
        return ""
    rounded = float(f"{value:.{digits}g}")
    return formats.number_format(int(rounded) if rounded.is_integer() else rounded, force_grouping=True)


def quality(rows: int, findings: Findings, unresolved_rows: int, missing_rows: int) -> dict[str, float]:
    """Four shares between 0 and 1 and their weighted score out of 100."""
    if rows == 0:
        return {"completeness": 0.0, "validity": 0.0, "consistency": 0.0, "harmonisation": 0.0, "score": 0.0}
    errors = findings.count("error")
    warnings = findings.count("warning")
    parts = {
        "completeness": 1 - missing_rows / rows,
        "validity": max(0.0, 1 - errors / rows),
        "consistency": max(0.0, 1 - warnings / rows),
        "harmonisation": 1 - unresolved_rows / rows,
    }
    weights = {"completeness": 0.3, "validity": 0.3, "consistency": 0.2, "harmonisation": 0.2}
    score = 100 * sum(parts[k] * w for k, w in weights.items())
    return {**{k: round(v, 4) for k, v in parts.items()}, "score": round(score, 1)}
