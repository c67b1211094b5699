"""pamong eval insight.scenario: fit to a cutoff, predict the next two years from the drivers that happened."""

from __future__ import annotations

import json
import math
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from pamong.ai.evaluation import file_sha256
from pamong.ai.models import EvaluationRun
from pamong.insight.functions import SCENARIO_VERSION

pytestmark = pytest.mark.django_db

# The panel is built from these exactly (plus a province effect), so the fixed-effects model
# must recover them and predict 2018-2019 without error.
COEFFICIENTS = {"unemployment_rate": 0.8, "grdp_growth": -0.25, "social_spending": -1.5}
TREND = -0.3


def run_eval(*args: str) -> dict:
    out = StringIO()
    call_command("eval", "insight.scenario", *args, "--json", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def panel(tmp_path: Path) -> tuple[Path, pd.DataFrame]:
    """12 provinces × 2010-2019; poverty is an exact linear function of the drivers."""
    rng = np.random.default_rng(3)
    rows = []
    for number in range(12):
        for year in range(2010, 2020):
            drivers = {
                "unemployment_rate": rng.uniform(2, 10),
                "grdp_growth": rng.uniform(-2, 8),
                "social_spending": rng.uniform(100, 5000),  # billion rupiah; the model takes its log
            }
            poverty = (
                5 + number
                + COEFFICIENTS["unemployment_rate"] * drivers["unemployment_rate"]
                + COEFFICIENTS["grdp_growth"] * drivers["grdp_growth"]
                + COEFFICIENTS["social_spending"] * math.log(drivers["social_spending"])
                + TREND * (year - 2010)
            )  # fmt: skip
            rows.append({"region_code": str(11 + number), "year": year, "poverty_rate": poverty, **drivers})
    frame = pd.DataFrame(rows)
    path = tmp_path / "panel.csv"
    frame.to_csv(path, index=False)
    return path, frame


def test_an_exact_panel_is_predicted_without_error_beside_no_change_and_trend(panel) -> None:
    path, frame = panel
    summary = run_eval("--csv", str(path), "--cutoff", "2017")
    assert set(summary) >= {"mae_pp", "r2_within", "n", "baselines"}
    assert summary["n"] == 24  # 12 provinces × 2018, 2019
    assert summary["mae_pp"] == 0.0 and summary["r2_within"] == 1.0
    start = frame[frame["year"] == 2017].set_index("region_code")["poverty_rate"]
    later = frame[frame["year"] > 2017]
    no_change = (later["region_code"].map(start) - later["poverty_rate"]).abs().mean()
    trend_only = (
        (later["region_code"].map(start) + TREND * (later["year"] - 2017) - later["poverty_rate"])
        .abs()
        .mean()
    )
    assert summary["baselines"]["no_change"]["mae_pp"] == pytest.approx(no_change, abs=1e-4)
    assert summary["baselines"]["trend_only"]["mae_pp"] == pytest.approx(trend_only, abs=1e-4)
    assert no_change > 0.5  # the baselines have real error to beat
    run = EvaluationRun.objects.get(card__key="insight.scenario")
    assert (run.n, run.model_version, run.dataset) == (24, SCENARIO_VERSION, str(path))
    assert run.dataset_sha256 == file_sha256(path) and run.params["cutoff"] == 2017
    assert run.params["coefficients"] == pytest.approx(COEFFICIENTS, abs=1e-4)


def test_the_cutoff_moves_the_years_predicted(panel) -> None:
    path, _ = panel
    assert run_eval("--csv", str(path), "--cutoff", "2016")["n"] == 24  # 2017 and 2018
    assert run_eval("--csv", str(path), "--cutoff", "2018")["n"] == 12  # only 2019 is left


def test_the_shipped_bps_panel_gives_the_documented_figures() -> None:
    summary = run_eval()
    assert (summary["n"], summary["mae_pp"], summary["r2_within"]) == (68, 0.3158, 0.4512)
    # bench/README.md: beats no change, not the trend alone.
    assert summary["baselines"] == {"no_change": {"mae_pp": 0.5493}, "trend_only": {"mae_pp": 0.2905}}
    assert EvaluationRun.objects.filter(card__key="insight.scenario", n=68).count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("region_code,year,poverty_rate\n11,2010,15\n", "missing column(s) unemployment_rate"),
        (
            "region_code,year,poverty_rate,unemployment_rate,grdp_growth,social_spending\n11,2010,15,6,5,900\n",
            "no province-years on both sides of 2017",
        ),
    ],
)
def test_a_panel_that_cannot_be_evaluated_is_refused_in_plain_words(tmp_path, content, message) -> None:
    path = tmp_path / "panel.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_eval("--csv", str(path))
    assert not EvaluationRun.objects.exists()
