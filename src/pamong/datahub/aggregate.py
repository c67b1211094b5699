"""Statistical aggregation in DuckDB over a version's Parquet file.

By region level and period: plain or weighted averages, sums, growth rates, shares of
the level's total, per-capita figures. Each function writes one SQL query; DuckDB reads
only the columns and row groups it needs, so ten million rows stay fast.

Regions split over time: where a parent's figure predates a split (Papua's 2021 figure
still covers Papua Selatan) and the child has a figure for the same period too, the
child's figure is left out of the level above, so the area is counted once.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from pamong.datahub import history, indicators

LEVEL_DEPTH = {"national": 0, "province": 1, "regency": 2, "district": 3}
MEASURES = ("value", "growth", "share", "per_capita")
# What the explore page offers: MEASURES, with the weighted average as a measure of its own.
PAGE_MEASURES = ("value", "growth", "share", "weighted_mean", "per_capita")


@dataclass(frozen=True)
class Request:
    indicator: str
    level: str = "province"
    freq: str = "A"
    measure: str = "value"
    method: str = "mean"  # how lower levels combine: mean, sum, weighted
    weight: str = ""  # indicator used as weights (population) for weighted averages / per capita
    # (child, parent, formed YYYY-MM-DD) of regions split over time; None: the shipped history
    splits: tuple[tuple[str, str, str], ...] | None = None


def split_pairs(dataset_checks: dict | None = None) -> tuple[tuple[str, str, str], ...]:
    """The splits a rollup must respect: shipped, plus those the dataset declares."""
    return tuple(
        (f.code, f.formed_from, f.established.date().isoformat())
        for f in history.splits(dataset_checks)
        if f.established is not None
    )


def _path(path: str) -> str:
    return str(path).replace("'", "''")


def _group_code(level: str) -> str:
    depth = LEVEL_DEPTH[level]
    if depth == 0:
        return "''"
    return f"array_to_string(list_slice(string_split(region_code, '.'), 1, {depth}), '.')"


def rollup(path: str, request: Request, con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """Figures of ``request.indicator`` at ``request.level``: the level's own rows where the
    source has them, otherwise aggregated from the level below (regencies -> province)."""
    own = con or duckdb.connect()
    try:
        return own.execute(_sql(path, request), _params(request)).df()
    finally:
        if con is None:
            own.close()


def _params(request: Request) -> list[str]:
    params = [request.indicator, request.freq]
    if request.method == "weighted" or request.measure == "per_capita":
        params += [request.weight, request.freq]
    return params


def _sql(path: str, request: Request) -> str:
    if request.level not in LEVEL_DEPTH or request.measure not in MEASURES:
        raise ValueError("unknown level or measure")
    depth = LEVEL_DEPTH[request.level]
    source = f"read_parquet('{_path(path)}')"
    group = _group_code(request.level)
    weighted = request.method == "weighted" or request.measure == "per_capita"
    # Only regions with both a figure and a weight count, on both sides of the division:
    # a regency without a poverty rate must not dilute the province's weighted average.
    combine = {
        "mean": "avg(v.value)",
        "sum": "sum(v.value)",
        "weighted": "sum(v.value * w.value) / nullif(sum(w.value) FILTER (WHERE v.value IS NOT NULL), 0)",
    }[request.method]
    if request.measure == "per_capita":
        combine = """sum(v.value) FILTER (WHERE w.value IS NOT NULL)
                     / nullif(sum(w.value) FILTER (WHERE v.value IS NOT NULL), 0)"""
    join = (
        f"""LEFT JOIN (SELECT region_code, period, value FROM {source} WHERE indicator = ? AND freq = ?) w
              USING (region_code, period)"""
        if weighted
        else ""
    )
    # Villages are never rolled up (a district's own rows only); the placeholders stay bound.
    lower = f"""SELECT region_code, period, value FROM {source} WHERE indicator = ? AND freq = ?
              AND len(string_split(region_code, '.')) = {depth + 1} AND region_code <> ''
              {"AND false" if depth >= 3 else ""}"""
    below = f"""SELECT {group} AS code, v.period, {combine} AS value, count(v.value) AS parts
            FROM kept v {join} GROUP BY ALL"""
    own_rows = _own(source, request)
    base = f"""
        WITH lower AS ({lower}),
             kept AS ({_kept(request, depth)}),
             below AS ({below}),
             own AS ({own_rows}),
             figures AS (
               SELECT coalesce(o.code, b.code) AS code, coalesce(o.period, b.period) AS period,
                      coalesce(o.value, b.value) AS value,
                      CASE WHEN o.code IS NOT NULL THEN 'source' ELSE 'aggregated' END AS origin
               FROM own o FULL OUTER JOIN below b ON o.code = b.code AND o.period = b.period)"""
    if request.measure == "growth":
        select = """SELECT code AS region_code, period, value,
                      100 * (value / nullif(lag(value) OVER (PARTITION BY code ORDER BY period), 0) - 1) AS growth, origin
                    FROM figures"""
    elif request.measure == "share":
        select = """SELECT code AS region_code, period, value,
                      100 * value / nullif(sum(value) OVER (PARTITION BY period), 0) AS share, origin FROM figures"""
    else:
        select = "SELECT code AS region_code, period, value, origin FROM figures"
    return f"{base} {select} ORDER BY region_code, period"


def _own(source: str, request: Request) -> str:
    """The level's own rows: a mean or weighted mean of one region is its figure, and its
    per-capita figure is its figure over its own population. Sums come from below only."""
    if request.method == "sum" and request.measure != "per_capita":
        return "SELECT NULL AS code, NULL::TIMESTAMP AS period, NULL::DOUBLE AS value WHERE false"
    own = f"""SELECT region_code AS code, period, value FROM {source}
              WHERE indicator = '{_path(request.indicator)}' AND freq = '{_path(request.freq)}' AND level = '{request.level}'"""
    if request.measure != "per_capita":
        return own
    return f"""SELECT o.code, o.period, o.value / nullif(w.value, 0) AS value FROM ({own}) o
               JOIN {source} w ON w.region_code = o.code AND w.period = o.period
               WHERE w.indicator = '{_path(request.weight)}' AND w.freq = '{_path(request.freq)}'
                 AND o.value IS NOT NULL AND w.value IS NOT NULL"""


def _kept(request: Request, depth: int) -> str:
    """The level below without the children whose parent's figure for the period still covers them."""
    splits = request.splits if request.splits is not None else split_pairs()
    relevant = [(c, p, d) for c, p, d in splits if c.count(".") == depth]
    if not relevant:
        return "SELECT * FROM lower"
    values = ", ".join(f"('{_path(c)}', '{_path(p)}', DATE '{_path(d)}')" for c, p, d in relevant)
    half = history.HALF_PERIOD.get(request.freq, "15 DAY")
    return f"""SELECT l.* FROM lower l WHERE NOT EXISTS (
                 SELECT 1 FROM (VALUES {values}) s(child, parent, established)
                 JOIN lower p ON p.region_code = s.parent AND p.period = l.period AND p.value IS NOT NULL
                 WHERE s.child = l.region_code AND l.period + INTERVAL {half} < s.established)"""


def weights_for(indicator: str, present: list[str], dataset_checks: dict | None = None) -> list[str]:
    """What a weighted average of ``indicator`` may weigh by: the additive indicators of the
    version (population first). A count (additive itself) is summed, never averaged."""
    checks = dataset_checks or {}
    if indicators.settings_for(indicator, checks).additive:
        return []
    found = [s for s in present if s != indicator and indicators.settings_for(s, checks).additive]
    return sorted(found, key=lambda slug: (slug != "population", slug))


def population_for(indicator: str, present: list[str], dataset_checks: dict | None = None) -> str:
    """The population a per-capita figure of ``indicator`` divides by ('' when there is none).

    Only counts (additive: rupiah, persons) have a per-capita figure; a rate has none.
    """
    checks = dataset_checks or {}
    if not indicators.settings_for(indicator, checks).additive:
        return ""
    found = [
        s
        for s in present
        if s != indicator
        and indicators.settings_for(s, checks).unit == "persons"
        and indicators.settings_for(s, checks).additive
    ]
    return "population" if "population" in found else (found[0] if found else "")


def page_measures(indicator: str, present: list[str], dataset_checks: dict | None = None) -> list[str]:
    """The measures the explore page offers for ``indicator``: those whose weight exists."""
    hidden = set()
    if not weights_for(indicator, present, dataset_checks):
        hidden.add("weighted_mean")
    if not population_for(indicator, present, dataset_checks):
        hidden.add("per_capita")
    return [m for m in PAGE_MEASURES if m not in hidden]


def page_request(
    indicator: str, level: str, freq: str, measure: str, weight: str = "", splits: tuple | None = None
) -> Request:
    """The rollup behind a page measure (``weighted_mean`` is the weighted method's value)."""
    if measure == "weighted_mean":
        return Request(indicator, level, freq, "value", "weighted", weight, splits)
    return Request(indicator, level, freq, measure, "mean", weight, splits)


def hand_written_weighted_average(path: str, indicator: str, weight: str) -> str:
    """The same province weighted average written by hand (the benchmark's baseline)."""
    source = f"read_parquet('{_path(path)}')"
    return f"""
        SELECT split_part(v.region_code, '.', 1) AS region_code, v.period,
               sum(v.value * w.value) / sum(w.value) AS value
        FROM {source} v JOIN {source} w ON v.region_code = w.region_code AND v.period = w.period
        WHERE v.indicator = '{indicator}' AND w.indicator = '{weight}' AND v.level = 'regency' AND w.level = 'regency'
        GROUP BY ALL ORDER BY 1, 2"""


def frequencies(path: str, indicator: str) -> list[str]:
    """The frequencies an indicator has in a version (A, S...)."""
    with duckdb.connect() as con:
        rows = con.execute(
            f"SELECT DISTINCT freq FROM read_parquet('{_path(path)}') WHERE indicator = ? ORDER BY 1",
            [indicator],
        ).fetchall()
    return [row[0] for row in rows]
