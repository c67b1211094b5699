"""Holdout evaluation of forecasts: the last ``h`` periods of each series are hidden.

Every model's forecast of the hidden periods is scored with MASE (scaled by the
series' own in-sample seasonal-naive error, so 1.0 means "as good as naive was in the
past") and sMAPE, on the same hidden points, so each model can be read beside the
naive one in either unit; the chosen forecast's 80% interval is checked against what
happened.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pamong.insight.forecast import PanelForecast, forecast_panel
from pamong.insight.panel import Panel, PanelError, mase_scale


@dataclass
class HoldoutResult:
    mase: float
    smape: float
    naive_mase: float
    coverage: float
    series: int
    seconds: float
    models: dict[str, float]  # MASE per model
    forecast: PanelForecast
    models_smape: dict[str, float] = field(default_factory=dict)  # sMAPE per model

    @property
    def series_per_second(self) -> float:
        return self.series / self.seconds if self.seconds > 0 else float("inf")


def cut(panel: Panel, end: pd.Timestamp | None) -> Panel:
    """The panel up to ``end`` (inclusive), e.g. to hold out 2019 before the pandemic."""
    if end is None:
        return panel
    month0 = end.year * 12 + end.month - 1
    last = (month0 - panel.offset) // panel.freq.months
    return panel.until(last)


def split(panel: Panel, h: int) -> tuple[Panel, pd.DataFrame]:
    """Train panel (all but the last ``h`` of each series) and the hidden values."""
    data = panel.data.copy()
    data["rank_from_end"] = data.groupby("unique_id")["ds"].rank(ascending=False, method="first")
    hidden = data[data["rank_from_end"] <= h].drop(columns="rank_from_end")
    train = data[data["rank_from_end"] > h].drop(columns="rank_from_end")
    keep = train.groupby("unique_id")["ds"].transform("size") >= 3
    dropped = sorted(set(train["unique_id"]) - set(train[keep]["unique_id"]))
    train = train[keep]
    if train.empty:
        raise PanelError(f"no series is longer than the horizon {h} plus 3 points")
    hidden = hidden[~hidden["unique_id"].isin(dropped)]
    labels = {uid: label for uid, label in panel.labels.items() if uid not in dropped}
    warnings = [*panel.warnings, *(f"{uid}: too short to hold out {h} periods" for uid in dropped)]
    return Panel(panel.freq, panel.offset, train.reset_index(drop=True), labels, panel.unit, warnings), hidden


def evaluate_holdout(panel: Panel, h: int, **options) -> HoldoutResult:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    train, hidden = split(panel, h)
    result = forecast_panel(train, h, **options)
    seconds = time.perf_counter() - started
    scales = {
        uid: mase_scale(g["y"].to_numpy(float), train.freq.season)
        for uid, g in train.data.groupby("unique_id")
    }
    predicted = result.predictions
    assert predicted is not None
    joined = hidden.merge(predicted, on=["unique_id", "ds"], how="inner")
    unit = joined["unique_id"].map(scales).to_numpy()
    truth = joined["y"].to_numpy(float)
    models, models_smape = {}, {}
    for name in result.models:
        forecast = joined[name].to_numpy(float)
        models[name] = _mean_of_series(joined["unique_id"], np.abs(forecast - truth) / unit)
        models_smape[name] = round(float(np.mean(smape_points(truth, forecast))), 4)
    chosen = {s.unique_id: s for s in result.series}
    rows = []
    for uid, group in joined.groupby("unique_id"):
        series = chosen[uid]
        at = {p: i for i, p in enumerate(series.periods)}
        for ds, y in zip(group["ds"], group["y"], strict=True):
            i = at[int(ds)]
            rows.append((uid, y, series.point[i], series.lower[i], series.upper[i], scales[uid]))
    chosen_frame = pd.DataFrame(rows, columns=["unique_id", "y", "f", "lo", "hi", "scale"])
    errors = np.abs(chosen_frame["f"] - chosen_frame["y"]) / chosen_frame["scale"]
    smape = smape_points(chosen_frame["y"].to_numpy(float), chosen_frame["f"].to_numpy(float))
    inside = (chosen_frame["y"] >= chosen_frame["lo"]) & (chosen_frame["y"] <= chosen_frame["hi"])
    return HoldoutResult(
        mase=_mean_of_series(chosen_frame["unique_id"], errors.to_numpy()),
        smape=round(float(np.mean(smape)), 4),
        naive_mase=models[train.freq.naive],
        coverage=round(float(inside.mean()), 4),
        series=len(chosen),
        seconds=seconds,
        models=models,
        forecast=result,
        models_smape=models_smape,
    )


def smape_points(truth: np.ndarray, forecast: np.ndarray) -> np.ndarray:
    """sMAPE (0-200) of each point; 0 where truth and forecast are both 0 (nothing was missed)."""
    denominator = np.abs(truth) + np.abs(forecast)
    safe = np.where(denominator > 0, denominator, 1.0)
    return np.where(denominator > 0, 200 * np.abs(forecast - truth) / safe, 0.0)


def _mean_of_series(ids: pd.Series, values: np.ndarray) -> float:
    """MASE of a panel: the mean over series of each series' mean scaled error."""
    frame = pd.DataFrame({"id": ids.to_numpy(), "v": values})
    return round(float(frame.groupby("id")["v"].mean().mean()), 4)
