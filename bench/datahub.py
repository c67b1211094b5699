"""Datahub benchmarks: region harmonisation, DuckDB aggregation, and the messy real BPS panel.

    .venv/bin/python bench/datahub.py [--rows 1000000] [--agg-rows 10000000] [--runs 3]
    .venv/bin/python bench/datahub.py --bps-panel [--bps-dir DIR] [--runs 3]

Regions: 1 million rows of messy regency names (the held-out styles repeated) resolved
through the pipeline's column resolver (each distinct name once), beside the exact
lower-case baseline. Aggregation: a province weighted average of a regency indicator over
N rows, through ``aggregate.rollup`` and through a hand-written DuckDB query, medians.

BPS panel (``--bps-panel``): the wide Excel sheets of ``../shared/data/indicators/
bps-provincial/`` (evaluation only: read in place, never copied) imported the way an
analyst does (``create_dataset``, ``add_source`` with a mapping, ``request_build``) into
a throw-away database, beside a plain ``pandas.read_excel`` + melt + exact name match.
Both are scored against the shipped re-entered BPS table
(``data/indicators/bps/provincial-indicators-2010-2022.csv``): a row agrees when the same
indicator, region code and year carry the same figure.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
SHARED = REPO.parent.parent / "shared" / "data" / "indicators" / "bps-provincial"
if not SHARED.exists():
    SHARED = Path("/work/shared/data/indicators/bps-provincial")
# The analyst's mapping, once per sheet: the region column is headed "Tahun" (the year row's label).
BPS_SHEETS = {
    "persentasemiskin.xlsx": "poverty_rate",
    "pengangguran.xlsx": "unemployment_rate",
    "giniratio.xlsx": "gini_ratio",
    "Laju PDRB.xlsx": "grdp_growth",
    "Indeks Pembangunan Manusia.xlsx": "hdi",
    "Inflasi.xlsx": "inflation",
    "KFD.xlsx": "fiscal_capacity",
}
NOT_REGION_TABLES = {
    ".xlsx": "national RKP target band (tahun, batas_bawah, batas_atas): no region column",
    ".csv": "provinces only by column position (no names): no region column to map",
}
LOOKUPS = {
    "mappingprovinsi.csv": "a lookup of province names to the APBN file's column positions, not figures"
}


def setup() -> None:
    """A throw-away var folder (database, version files), so the bench never touches var/."""
    var_dir = tempfile.mkdtemp(prefix="pamong-bench-datahub-")
    atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
    os.environ.update({"PAMONG_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "pamong.settings"})
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "PAMONG_DATAHUB_DIR"):
        os.environ.pop(name, None)
    import django

    django.setup()


def regions(rows: int, runs: int) -> None:
    import numpy as np
    import pandas as pd

    from pamong.datahub.pipeline import RegionColumn
    from pamong.datahub.regions import Resolver, exact_lower_baseline

    with open(REPO / "data/eval/region_names_heldout.csv", encoding="utf-8") as handle:
        labelled = list(csv.DictReader(handle))
    labelled = [r for r in labelled if r["style"] == "regency-styles"]
    rng = np.random.default_rng(7)
    picks = rng.integers(0, len(labelled), rows)
    names = pd.Series([labelled[i]["name"] for i in picks])
    gold = np.array([labelled[i]["code"] for i in picks])
    times = []
    for _ in range(runs):
        column = RegionColumn(Resolver(), None)
        started = time.perf_counter()
        codes, _ = column.resolve(names)
        times.append(time.perf_counter() - started)
    codes = codes.to_numpy()
    resolved = codes != "?"
    baseline = exact_lower_baseline()
    started = time.perf_counter()
    plain = names.str.lower().str.strip().map(baseline)
    base_time = time.perf_counter() - started
    plain_resolved = plain.notna().to_numpy()
    print(
        f"regions: {rows:,} rows, {names.nunique()} distinct names, median {statistics.median(times):.2f} s "
        f"({rows / statistics.median(times):,.0f} rows/s)"
    )
    print(
        f"  pamong   resolved {resolved.mean():.3f}  precision {(codes[resolved] == gold[resolved]).mean():.4f}"
    )
    print(
        f"  baseline resolved {plain_resolved.mean():.3f}  precision "
        f"{(plain.to_numpy()[plain_resolved] == gold[plain_resolved]).mean():.4f}  ({base_time:.2f} s)"
    )


def aggregation(rows: int, runs: int) -> None:
    import duckdb
    import numpy as np
    import pandas as pd

    from pamong.datahub import aggregate

    regencies = [f"{p:02d}.{r:02d}" for p in range(11, 40) for r in range(1, 18)]
    years = rows // (2 * len(regencies))
    grid = pd.MultiIndex.from_product(
        [regencies, pd.date_range("1900-01-01", periods=years, freq="D")]
    ).to_frame(index=False)
    rng = np.random.default_rng(1)
    frames = []
    for indicator, values in (
        ("poverty_rate", rng.uniform(2, 30, len(grid))),
        ("population", rng.uniform(1e5, 3e6, len(grid))),
    ):
        frames.append(
            grid.set_axis(["region_code", "period"], axis=1).assign(
                indicator=indicator, region_name="", level="regency", freq="A", value=values, unit=""
            )
        )
    data = pd.concat(frames, ignore_index=True)
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/bench.parquet"
        duckdb.from_df(data).write_parquet(path)
        del data, frames
        request = aggregate.Request("poverty_rate", "province", "A", "value", "weighted", "population")
        ours, hand = [], []
        for _ in range(runs):
            with duckdb.connect() as con:
                started = time.perf_counter()
                a = aggregate.rollup(path, request, con)
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                b = con.execute(
                    aggregate.hand_written_weighted_average(path, "poverty_rate", "population")
                ).df()
                hand.append(time.perf_counter() - started)
        same = np.allclose(
            a.sort_values(["region_code", "period"])["value"].to_numpy(), b["value"].to_numpy()
        )
        print(
            f"aggregation: {2 * len(grid):,} rows, province weighted average: pamong median {statistics.median(ours):.2f} s, "
            f"hand-written {statistics.median(hand):.2f} s, ratio {statistics.median(ours) / statistics.median(hand):.2f}, same result: {same}"
        )


def bps_panel(folder: Path, runs: int) -> None:
    """The real wide BPS sheets through the datahub, beside read_excel + melt + exact names."""
    if not folder.is_dir():
        print(f"bps-panel: skipped: {folder} is absent (evaluation-only data, read in place when present)")
        return
    sheets = {name: slug for name, slug in BPS_SHEETS.items() if (folder / name).is_file()}
    for path in sorted(folder.iterdir()):
        if path.name not in sheets and path.suffix in NOT_REGION_TABLES:
            print(f"  not imported: {path.name}: {LOOKUPS.get(path.name) or NOT_REGION_TABLES[path.suffix]}")
    reference = _reference()
    ours = _panel_through_datahub(folder, sheets, runs)
    plain = _panel_plain(folder, sheets, runs)
    for label, result in (("pamong datahub", ours), ("baseline", plain)):
        agree, compared = _agreement(result["rows"], reference)
        print(
            f"  {label:15} {result['sheet_rows']} sheet rows -> {len(result['rows']):,} long rows; "
            f"names {result['names']} distinct: {result['resolved']} resolved automatically, "
            f"{result['review']} to review; rows placed {result['placed']:,}; "
            f"agree with the shipped table {agree:,}/{compared:,}; "
            f"median {statistics.median(result['seconds']):.2f} s {[round(s, 2) for s in result['seconds']]}"
        )
        print(f"  {'':15} one code per name within each sheet: {_one_code_per_name(result['rows'])}")
    print(f"  methods: {dict(sorted(ours['methods'].items()))}")
    print(f"  baseline zeros taken as figures: {plain['zeros']}")
    for check in ours["checks"]:
        print(
            f"  finding {check['check']:18} {check['severity']:8} {check['count']:5}  e.g. {_example(check)}"
        )
    print(f"  quality score {ours['score']}; review list: {ours['review_names']}")


def _panel_through_datahub(folder: Path, sheets: dict[str, str], runs: int) -> dict:
    """create_dataset, add_source per sheet, request_build (in process, as the embedded default)."""
    import pandas as pd
    from django.core.management import call_command

    from pamong.ai.models import Decision
    from pamong.datahub import actions

    call_command("migrate", verbosity=0)
    seconds, version = [], None
    for run in range(runs):
        started = time.perf_counter()
        dataset = actions.create_dataset(f"BPS panel {run}", slug=f"bps-panel-{run}", actor="bench")
        for name, slug in sheets.items():
            mapping = {"region": "Tahun", "wide": True, "indicator_value": slug}
            actions.add_source(
                dataset, name, kind="excel", actor="bench", path=str(folder / name), mapping=mapping
            )
        version = actions.request_build(dataset, actor="bench")
        version.refresh_from_db()
        seconds.append(time.perf_counter() - started)
    assert version is not None and version.parquet_path, version.error if version else "no run"
    columns = ["indicator", "region_code", "period", "value", "raw_region"]
    rows = pd.read_parquet(version.parquet_path, columns=columns)
    rows["year"] = rows.pop("period").dt.year
    decisions = Decision.objects.filter(subject=f"datahub.version:{version.pk}")
    methods = Counter(d.explanation for d in decisions)
    review = {item["name"] for item in version.review}
    return {
        "rows": rows,
        "sheet_rows": sum(s["rows_read"] for s in version.lineage["sources"]),
        "names": rows["raw_region"].nunique(),
        "resolved": rows.loc[rows["region_code"] != "?", "raw_region"].nunique(),
        "review": len(review),
        "review_names": sorted(review),
        "placed": int((rows["region_code"] != "?").sum()),
        "methods": methods,
        "checks": version.checks,
        "score": version.score,
        "seconds": seconds,
    }


def _panel_plain(folder: Path, sheets: dict[str, str], runs: int) -> dict:
    """pandas.read_excel, melt the year columns, match the name lower-cased to an official name."""
    import pandas as pd

    from pamong.datahub.regions import exact_lower_baseline

    seconds, rows = [], None
    for _ in range(runs):
        started = time.perf_counter()
        names = exact_lower_baseline()
        frames = []
        for name, slug in sheets.items():
            wide = pd.read_excel(folder / name, header=0)
            long = wide.rename(columns={wide.columns[0]: "raw_region"}).melt(
                id_vars="raw_region", var_name="year", value_name="value"
            )
            long["year"] = pd.to_numeric(long["year"], errors="coerce").astype("Int64")
            long["indicator"] = slug
            long["region_code"] = long["raw_region"].astype(str).str.lower().str.strip().map(names)
            frames.append(long)
        rows = pd.concat(frames, ignore_index=True)
        seconds.append(time.perf_counter() - started)
    assert rows is not None
    resolved = rows["region_code"].notna()
    return {
        "rows": rows.assign(region_code=rows["region_code"].fillna("?")),
        "sheet_rows": sum(len(pd.read_excel(folder / name, header=0)) for name in sheets),
        "names": rows["raw_region"].nunique(),
        "resolved": rows.loc[resolved, "raw_region"].nunique(),
        "review": rows.loc[~resolved, "raw_region"].nunique(),
        "placed": int(resolved.sum()),
        "zeros": int((rows["value"] == 0).sum()),
        "seconds": seconds,
    }


def _reference() -> dict[tuple[str, str, int], float]:
    """The shipped table BPS figures were re-entered in, with Kemendagri codes."""
    with open(REPO / "data/indicators/bps/provincial-indicators-2010-2022.csv", encoding="utf-8") as handle:
        return {
            (row["indicator"], row["region_code"], int(row["year"])): float(row["value"])
            for row in csv.DictReader(handle)
        }


def _agreement(rows, reference: dict[tuple[str, str, int], float]) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Reference rows found with the same figure, out of the reference rows of the indicators read."""
    found = {
        (r.indicator, r.region_code, int(r.year)): r.value
        for r in rows.itertuples()
        if r.region_code != "?" and r.value == r.value
    }
    indicators = set(rows["indicator"])
    keys = [key for key in reference if key[0] in indicators]
    agree = sum(1 for key in keys if key in found and abs(found[key] - reference[key]) < 1e-9)
    return agree, len(keys)


def _one_code_per_name(rows) -> str:  # type: ignore[no-untyped-def]
    """Within a sheet, distinct placed names vs distinct codes: fewer codes means two names merged."""
    placed = rows[rows["region_code"] != "?"].groupby("indicator")
    names, codes = placed["raw_region"].nunique(), placed["region_code"].nunique()
    merged = int((names - codes).sum())
    return (
        f"{int(codes.min())}-{int(codes.max())} codes per sheet, {merged} name(s) merged onto another's code"
    )


def _example(check: dict) -> str:
    if not check["rows"]:
        return ""
    row = check["rows"][0]
    return f"{row.get('indicator', '')} {row.get('raw_region') or row.get('region_code', '')} {row.get('period', '')}: {row.get('detail', '')}"[
        :160
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--agg-rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bps-panel", action="store_true", help="import the real BPS Excel panel only")
    parser.add_argument("--bps-dir", type=Path, default=SHARED, help="folder of the BPS panel")
    options = parser.parse_args()
    setup()
    print(f"load average before: {os.getloadavg()}")
    if options.bps_panel:
        print(f"bps-panel: {options.bps_dir}")
        bps_panel(options.bps_dir, options.runs)
    else:
        regions(options.rows, options.runs)
        aggregation(options.agg_rows, options.runs)
    print(f"load average after: {os.getloadavg()}")
