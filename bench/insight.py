"""Benchmark insight.forecast against the naive baselines, in the same process.

    .venv/bin/python bench/insight.py [--only unemployment,poverty,monthly] [--series 1000] [--runs 3]

1. semiannual unemployment by province (shipped Recovery Tracker file), 2019 held out:
   target MASE below the seasonal naive's;
2. annual poverty rate by province (BPS ``persentasemiskin.xlsx``, read in place from
   ``../shared/data``; evaluation only), 2017-2019 held out: target at least 5% better
   than the random walk with drift;
3. 1,000 generated monthly series (seeded; trend, seasonality, noise, level shifts), the
   last 12 months held out, the default model set with its backtest: target never worse
   than the seasonal naive, 80% interval coverage within 5 points, at most 90 s.

Quality figures are deterministic; times are medians of ``--runs`` runs, printed beside
``os.getloadavg()`` because the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
SHARED = REPO.parent.parent / "shared" / "data" / "indicators" / "bps-provincial"
if not SHARED.exists():
    SHARED = Path("/work/shared/data/indicators/bps-provincial")


def setup() -> None:
    os.environ.update({"PAMONG_VAR_DIR": tempfile.mkdtemp(), "DJANGO_SETTINGS_MODULE": "pamong.settings"})
    import django

    django.setup()


def poverty_frame():  # type: ignore[no-untyped-def]
    """The BPS wide sheet as a long frame; zeros (province not yet created) are missing values."""
    import pandas as pd

    from pamong.insight.sources import province_code

    wide = pd.read_excel(SHARED / "persentasemiskin.xlsx", header=0)
    long = wide.rename(columns={wide.columns[0]: "province"}).melt(
        id_vars="province", var_name="year", value_name="value"
    )
    long["region_code"] = long["province"].map(province_code)
    long = long[long["region_code"].notna() & (long["region_code"] != "")]
    long["period"] = pd.to_datetime(long["year"].astype(int).astype(str) + "-01-01")
    long.loc[long["value"] == 0, "value"] = float("nan")
    return long


def unemployment_frame():  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.read_csv(
        REPO / "data" / "indicators" / "recovery-tracker" / "ier_unemployment-province_cleaned.csv"
    )


def measure(name: str, panel, h: int, runs: int, target: str, check) -> dict:  # type: ignore[no-untyped-def]
    from pamong.insight.holdout import evaluate_holdout

    seconds = []
    result = None
    for _ in range(runs):
        result = evaluate_holdout(panel, h)
        seconds.append(result.seconds)
    assert result is not None
    row = {
        "benchmark": name,
        "series": result.series,
        "mase": result.mase,
        "naive": panel.freq.naive,
        "naive_mase": result.naive_mase,
        "models": result.models,
        "chosen": sorted({s.model for s in result.forecast.series}),
        "selection": result.forecast.selection,
        "windows": result.forecast.windows,
        "smape": result.smape,
        "coverage_80": result.coverage,
        "seconds_median": round(statistics.median(seconds), 2),
        "seconds": [round(s, 2) for s in seconds],
        "target": target,
        "met": bool(check(result)),
        "loadavg": [round(v, 2) for v in os.getloadavg()],
    }
    print(json.dumps(row))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="unemployment,poverty,monthly")
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup()
    import pandas as pd

    from pamong.insight.generated import monthly_series
    from pamong.insight.holdout import cut
    from pamong.insight.panel import from_frame

    only = set(args.only.split(","))
    probe = (
        "import time; t = time.perf_counter(); import statsforecast.models; print(time.perf_counter() - t)"
    )
    import_seconds = float(
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
    )
    print(json.dumps({"statsforecast_import_seconds": round(import_seconds, 2)}))
    if "unemployment" in only:
        panel = from_frame(
            unemployment_frame(),
            id_col="province",
            time_col="date",
            value_col="unemployment_rate",
            label_col=None,
        )
        panel = cut(panel, pd.Timestamp("2019-12-31"))
        measure(
            "unemployment-semiannual-2019",
            panel,
            2,
            args.runs,
            "MASE below the seasonal naive's",
            lambda r: r.mase < r.models["seasonal_naive"],
        )
    if "poverty" in only:
        if not (SHARED / "persentasemiskin.xlsx").exists():
            print(json.dumps({"benchmark": "poverty-annual-2017-2019", "skipped": f"{SHARED} is absent"}))
        else:
            panel = cut(from_frame(poverty_frame(), label_col=None), pd.Timestamp("2019-12-31"))
            measure(
                "poverty-annual-2017-2019",
                panel,
                3,
                args.runs,
                "at least 5% better than the random walk with drift",
                lambda r: r.mase <= 0.95 * r.models["drift"],
            )
    if "monthly" in only:
        panel = from_frame(monthly_series(args.series), freq="M")
        measure(
            f"monthly-generated-{args.series}",
            panel,
            12,
            max(1, min(args.runs, 3)),
            "never worse than seasonal naive; coverage 75-85%; at most 90 s",
            lambda r: (
                r.mase <= r.models["seasonal_naive"] and abs(r.coverage - 0.8) <= 0.05 and r.seconds <= 90
            ),
        )


if __name__ == "__main__":
    main()
