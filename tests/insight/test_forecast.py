"""Forecasts: chosen by backtest, beside the naive baseline, with honest intervals."""

from __future__ import annotations

import json
from io import StringIO

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from pamong.ai.models import Decision, EvaluationRun
from pamong.insight.actions import InsightError, start_forecast
from pamong.insight.forecast import _cross_coverage, forecast_panel
from pamong.insight.generated import monthly_series
from pamong.insight.models import ForecastRun, RunStatus
from pamong.insight.panel import PanelError, from_frame


def run_eval(*args: str) -> dict:
    out = StringIO()
    call_command("eval", "insight.forecast", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def monthly_csv(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "monthly.csv"
    monthly_series(6, length=48, seed=7).to_csv(path, index=False)
    return path


@pytest.mark.django_db
def test_eval_reports_mase_beside_the_seasonal_naive_with_coverage_and_speed(monthly_csv) -> None:
    summary = run_eval("--csv", str(monthly_csv), "--horizon", "6", "--models", "naive,ets,pooled", "--json")
    assert {"mase", "smape", "naive_mase", "coverage", "series_per_second", "models"} <= set(summary)
    # The seasonal naive is always measured: it is this frequency's baseline.
    assert set(summary["models"]) == {"naive", "seasonal_naive", "ets", "pooled"}
    assert summary["naive_mase"] == summary["models"]["seasonal_naive"]
    assert summary["mase"] < summary["models"]["naive"]
    assert 0.0 <= summary["coverage"] <= 1.0 and summary["series_per_second"] > 0
    run = EvaluationRun.objects.get(card__key="insight.forecast")
    assert run.n == 6 and run.params["frequency"] == "M"
    # sMAPE per model beside MASE per model, for the same models; the naive family as baselines too.
    assert set(summary["models_smape"]) == set(summary["models"])
    assert summary["baselines"]["seasonal_naive"]["smape"] == summary["models_smape"]["seasonal_naive"]


THREE_SERIES = """region_code,period,value
A,2015-01-01,10
A,2016-01-01,12
A,2017-01-01,11
A,2018-01-01,13
A,2019-01-01,12
A,2020-01-01,10
B,2015-01-01,50
B,2016-01-01,40
B,2017-01-01,45
B,2018-01-01,50
B,2019-01-01,50
B,2020-01-01,150
C,2015-01-01,5
C,2016-01-01,6
C,2017-01-01,7
C,2018-01-01,8
C,2019-01-01,0
C,2020-01-01,0
"""


@pytest.mark.django_db
def test_eval_gives_smape_per_model_on_the_held_out_points(tmp_path) -> None:
    path = tmp_path / "three.csv"
    path.write_text(THREE_SERIES, encoding="utf-8")
    out = StringIO()
    call_command(
        "eval", "insight.forecast", "--csv", str(path), "--horizon", "1", "--models", "naive,drift",
        "--json", stdout=out,
    )  # fmt: skip
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    # 2020 held out. Naive says 12, 50, 0 for 10, 150, 0: sMAPE 200*2/22, 200*100/200, 0 (0 for 0).
    assert summary["models_smape"]["naive"] == round((400 / 22 + 100 + 0) / 3, 4) == 39.3939
    # Drift says 12.5, 50, -1.25: 200*2.5/22.5, 100, 200.
    assert summary["models_smape"]["drift"] == round((500 / 22.5 + 100 + 200) / 3, 4) == 107.4074
    # MASE on the same points: errors 2, 100, 0 over in-sample naive errors 1.5, 5, 2.75.
    assert summary["models"] == {"naive": round((2 / 1.5 + 20 + 0) / 3, 4), "drift": 7.3737}
    assert summary["baselines"]["naive"] == {"mase": 7.1111, "smape": 39.3939}
    # Naive won the backtest everywhere, so the published forecast's sMAPE is naive's.
    assert summary["smape"] == 39.3939
    smape_row = next(line for line in out.getvalue().splitlines() if line.startswith("smape"))
    assert smape_row.split()[1:] == ["39.3939", "39.3939", "107.4074"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (
            "region,date,v\nA,2020-01-01,1\n",
            ["--horizon", "2"],
            "missing column(s) region_code, period, value",
        ),
        ("region_code,period,value\nA,2020-01-01,1\n", [], "needs --horizon"),
        ("region_code,period,value\nA,2020-01-01,1\nA,2021-01-01,2\n", ["--horizon", "1"], "tidak ada deret"),
    ],
)
def test_eval_explains_what_is_wrong_with_the_file(tmp_path, content, args, message) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("eval", "insight.forecast", "--csv", str(path), *args, stdout=StringIO())


def test_gaps_duplicates_and_three_point_series_are_reported_not_hidden() -> None:
    frame = pd.DataFrame(
        {
            "region_code": ["11"] * 6 + ["12"] * 2,
            "period": pd.to_datetime(
                [
                    *("2015-01-01", "2016-01-01", "2017-01-01", "2019-01-01", "2020-01-01", "2020-01-01"),
                    "2019-01-01",
                    "2020-01-01",
                ]
            ),
            "value": [10, 9.5, 9.0, np.nan, 8.0, 8.2, 5.0, 4.0],
        }
    )
    panel = from_frame(frame, label_col=None)
    assert panel.freq.code == "A" and panel.ids == ["11"]
    text = " | ".join(panel.warnings)
    assert "1 periode ganda dalam satu deret: dipakai rata-ratanya" in text
    assert "11: 2 periode kosong di tengah deret diisi dengan interpolasi" in text
    assert "12: hanya 2 nilai, tidak diprakirakan (perlu 3)" in text
    # 2018 was interpolated between 2017 and 2019's neighbours, not dropped.
    assert len(panel.series("11")) == 6


def test_a_frame_of_one_period_is_refused_with_the_reason() -> None:
    frame = pd.DataFrame({"region_code": ["11"], "period": [pd.Timestamp("2020-01-01")], "value": [1.0]})
    with pytest.raises(PanelError, match="one period only"):
        from_frame(frame, label_col=None)


def test_intervals_widen_with_the_horizon_and_the_naive_model_is_always_measured() -> None:
    panel = from_frame(monthly_series(8, length=60, seed=3), freq="M")
    result = forecast_panel(panel, 6, models=["naive", "theta"])
    assert result.models[0] == "seasonal_naive" and "seasonal_naive" in result.backtest_mase
    assert result.interval_quantiles == sorted(result.interval_quantiles)
    for series in result.series:
        assert all(lo <= p <= hi for lo, p, hi in zip(series.lower, series.point, series.upper, strict=True))
        assert set(series.backtest_mase) == set(result.models)


def test_interval_coverage_is_measured_on_origins_the_widths_were_not_fitted_on() -> None:
    # Two origins: errors 1..10 at the first, 100 at the second. Widths fitted on the first
    # alone never cover the second's errors, and the reverse always does: 50%, where the
    # circular figure (widths fitted on both) would be 20 of 22 = 91%.
    errors = pd.DataFrame(
        {
            "origin": [0] * 10 + [1] * 10,
            "step": [1] * 20,
            "e": [float(v) for v in range(1, 11)] + [100.0] * 10,
        }
    )
    assert _cross_coverage(errors, 1, 80) == pytest.approx(0.5)
    assert np.isnan(_cross_coverage(errors[errors["origin"] == 0], 1, 80))


@pytest.mark.django_db
def test_a_forecast_run_forecasts_every_province_and_logs_each_as_a_decision(
    eko, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = start_forecast(
            "unemployment-province-semiannual", horizon=2, actor=eko, models=["naive", "pooled"]
        )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    series = list(run.series.all())
    assert len(series) == 34 and run.summary["series"] == 34
    aceh = next(s for s in series if s.unique_id == "11")
    assert aceh.label == "Aceh" and len(aceh.forecast["point"]) == 2
    assert aceh.history["periods"][0] == "2005-02-01"
    assert aceh.forecast["periods"][0] > aceh.history["periods"][-1]
    assert aceh.forecast["periods"][0][5:7] in ("02", "08")  # the February/August rhythm is kept
    assert set(aceh.backtest) == {"seasonal_naive", "naive", "pooled"}
    assert 0.5 < run.summary["coverage"] <= 1.0 and run.summary["level"] == 80
    decisions = Decision.objects.filter(card__key="insight.forecast")
    assert decisions.count() == 34
    assert {d.output["model"] for d in decisions} <= {"seasonal_naive", "naive", "pooled"}


@pytest.mark.django_db
def test_an_unknown_dataset_or_horizon_is_refused(eko) -> None:
    with pytest.raises(InsightError, match="unknown dataset"):
        start_forecast("nope", horizon=2, actor=eko)
    with pytest.raises(InsightError, match="horizon harus"):
        start_forecast("poverty-province", horizon=0, actor=eko)
    assert not ForecastRun.objects.exists()
