"""Datahub benchmarks: region harmonisation speed/quality and DuckDB aggregation vs hand-written SQL.

    .venv/bin/python bench/datahub.py [--rows 1000000] [--agg-rows 10000000] [--runs 3]

Regions: 1 million rows of messy regency names (the held-out styles repeated) resolved
through the pipeline's column resolver (each distinct name once), beside the exact
lower-case baseline. Aggregation: a province weighted average of a regency indicator over
N rows, through ``aggregate.rollup`` and through a hand-written DuckDB query, medians.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
django.setup()

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from pamong.datahub import aggregate  # noqa: E402
from pamong.datahub.pipeline import RegionColumn  # noqa: E402
from pamong.datahub.regions import Resolver, exact_lower_baseline  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def regions(rows: int, runs: int) -> None:
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--agg-rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    regions(options.rows, options.runs)
    aggregation(options.agg_rows, options.runs)
    print(f"load average after: {os.getloadavg()}")
