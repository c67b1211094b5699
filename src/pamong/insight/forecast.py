"""Forecasts chosen by rolling-origin backtest, with intervals whose coverage is earned.

For each panel: every candidate model is backtested from several origins inside the
history (statsforecast for the local models, our own loop for the pooled one); errors
are scaled by each series' MASE unit. The model with the lowest backtest MASE is
chosen (per series when the history is long enough to tell, otherwise one model for
the whole panel); if it does not beat the frequency's naive baseline by the card's
margin, the naive forecast is published instead and marked so. Intervals are
conformal: the 80% quantile of the chosen model's scaled backtest errors at each step
ahead, so their width is what the backtest actually missed by.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from pamong.insight.panel import Panel, mase_scale
from pamong.insight.pooled import forecast_pooled

DEFAULT_MODELS = ("naive", "drift", "seasonal_naive", "ets", "theta", "pooled")
OPTIONAL_MODELS = ("arima",)
LEVEL = 80
MIN_TRAIN = 4  # periods a local model needs before the first backtest origin
SERIES_SELECTION_MIN_ERRORS = 36  # backtest points a series needs to choose its own model (fewer: too noisy)


@dataclass
class SeriesForecast:
    """One region's forecast, the model that made it, and how that model did in backtest."""

    unique_id: str
    label: str
    model: str
    periods: list[int]
    point: list[float]
    lower: list[float]
    upper: list[float]
    backtest_mase: dict[str, float]
    naive_model: str
    skill: float  # 1 - chosen MASE / naive MASE, in backtest
    abstained: bool  # True: no model beat naive by the margin, naive is published
    scale: float


@dataclass
class PanelForecast:
    horizon: int
    level: int
    models: list[str]
    selection: str
    series: list[SeriesForecast]
    backtest_mase: dict[str, float]  # panel mean per model
    interval_quantiles: list[float]  # scaled half-width per step
    backtest_coverage: float
    windows: int
    warnings: list[str] = field(default_factory=list)
    predictions: pd.DataFrame | None = None  # every model's point forecast, for evaluations

    def by_id(self) -> dict[str, SeriesForecast]:
        return {s.unique_id: s for s in self.series}


def model_names(panel: Panel, requested: tuple[str, ...] | list[str] | None = None) -> list[str]:
    names = list(requested or DEFAULT_MODELS)
    unknown = [n for n in names if n not in DEFAULT_MODELS + OPTIONAL_MODELS]
    if unknown:
        raise ValueError(
            f"unknown model(s) {', '.join(unknown)}; known: {', '.join(DEFAULT_MODELS + OPTIONAL_MODELS)}"
        )
    if panel.freq.season == 1:
        names = [n for n in names if n != "seasonal_naive"]
    naive = panel.freq.naive
    if naive not in names:
        names.insert(0, naive)
    return names


def _local_models(names: list[str], season: int) -> list:  # type: ignore[type-arg]
    """statsforecast models for our names (imported here: the import costs about a second)."""
    from statsforecast.models import (
        AutoARIMA,
        AutoETS,
        DynamicOptimizedTheta,
        Naive,
        RandomWalkWithDrift,
        SeasonalNaive,
    )

    factories = {
        "naive": lambda: Naive(alias="naive"),
        "drift": lambda: RandomWalkWithDrift(alias="drift"),
        "seasonal_naive": lambda: SeasonalNaive(season_length=season, alias="seasonal_naive"),
        # Additive-error undamped ETS and the dynamic optimised theta: a sixth and a third
        # of the time of the full automatic searches (1,000 monthly series stay in budget).
        "ets": lambda: AutoETS(model="AZZ", season_length=season, damped=False, alias="ets"),
        "theta": lambda: DynamicOptimizedTheta(season_length=season, alias="theta"),
        "arima": lambda: AutoARIMA(season_length=season, alias="arima"),
    }
    return [factories[name]() for name in names if name in factories]


def _jobs() -> int:
    """Two processes in the web process or a bench; one inside a Celery worker child, which
    may not start processes of its own (there, parallelism comes from the workers)."""
    if multiprocessing.current_process().daemon:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def _statsforecast(names: list[str], season: int):  # type: ignore[no-untyped-def]
    from statsforecast import StatsForecast
    from statsforecast.models import Naive

    # A model that cannot fit a series (ETS on five points) gives the naive forecast there.
    return StatsForecast(models=_local_models(names, season), freq=1, n_jobs=_jobs(), fallback_model=Naive())


def _predict(
    data: pd.DataFrame, h: int, names: list[str], season: int, pool: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Point forecasts of every model for every series: unique_id, ds, <model>...

    ``pool`` is the whole panel when ``data`` is one chunk of it: the pooled model learns
    from every region and forecasts the chunk's.
    """
    local = [n for n in names if n != "pooled"]
    frames = []
    with warnings.catch_warnings():  # ETS on a flat series divides by zero and says so; it falls back
        warnings.simplefilter("ignore", RuntimeWarning)
        frames = _predict_local(data, h, local, season) if local else []
    result = pd.concat(frames, ignore_index=True) if frames else None
    if "pooled" in names:
        pooled = forecast_pooled(data if pool is None else pool, h, season)
        if pool is not None:
            pooled = pooled[pooled["unique_id"].isin(set(data["unique_id"]))]
        result = pooled if result is None else result.merge(pooled, on=["unique_id", "ds"], how="left")
    assert result is not None
    result["unique_id"] = result["unique_id"].astype(str)
    return result


def _predict_local(data: pd.DataFrame, h: int, local: list[str], season: int) -> list[pd.DataFrame]:
    frames = []
    short, long = _split_short(data, season)
    if not long.empty:
        frames.append(_statsforecast(local, season).forecast(df=long, h=h).reset_index(drop=True))
    if not short.empty:  # too short for a seasonal ETS/theta: non-seasonal fits
        frames.append(_statsforecast(local, 1).forecast(df=short, h=h).reset_index(drop=True))
    return frames


def _split_short(data: pd.DataFrame, season: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    lengths = data.groupby("unique_id")["ds"].transform("size")
    need = 2 * season + 2 if season > 1 else 0
    return data[lengths < need], data[lengths >= need]


def _step(panel: Panel, h: int) -> int:
    return max(1, h // 2) if panel.freq.season >= 4 else 1


def origins_for(panel: Panel, h: int, requested: int | None = None) -> list[int]:
    """Backtest origins, latest first.

    Long histories get full-horizon windows ``h`` before the end, every half horizon;
    short ones (yearly data) use every recent origin and compare the steps that exist,
    so seven points still give three origins instead of one.
    """
    lengths = panel.data.groupby("unique_id").size()
    shortest = int(lengths.min())
    latest = int(panel.data["ds"].max())
    wanted = requested if requested is not None else (2 if panel.freq.season >= 4 else 4)
    step = _step(panel, h)
    if shortest - MIN_TRAIN >= h + (wanted - 1) * step:
        return [latest - h - w * step for w in range(wanted)]
    room = max(0, min(wanted, int(lengths.median()) - MIN_TRAIN))
    return [latest - 1 - w for w in range(room)]


def backtest(
    panel: Panel, h: int, names: list[str], origins: list[int], pool: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Rolling-origin errors: unique_id, origin, step, y, and each model's forecast.

    Every model sees only what was known at the origin.
    """
    frames = []
    for origin in origins:
        known = panel.data[panel.data["ds"] <= origin]
        known = known[known.groupby("unique_id")["ds"].transform("size") >= MIN_TRAIN]
        if known.empty:
            continue
        pool_known = None if pool is None else pool[pool["ds"] <= origin]
        predicted = _predict(known, h, names, panel.freq.season, pool_known)
        truth = panel.data[(panel.data["ds"] > origin) & (panel.data["ds"] <= origin + h)]
        joined = predicted.merge(truth, on=["unique_id", "ds"], how="inner")
        joined["origin"] = origin
        joined["step"] = joined["ds"] - origin
        frames.append(joined)
    if not frames:
        return pd.DataFrame(columns=["unique_id", "ds", "y", "origin", "step", *names])
    return pd.concat(frames, ignore_index=True)


def _scaled_errors(cv: pd.DataFrame, names: list[str], scales: dict[str, float]) -> pd.DataFrame:
    errors = cv[["unique_id", "origin", "step"]].copy()
    unit = cv["unique_id"].map(scales).to_numpy()
    for name in names:
        errors[name] = np.abs(cv[name].to_numpy() - cv["y"].to_numpy()) / unit
    return errors


def conformal_quantile(values: np.ndarray, level: int) -> float:
    """The finite-sample conformal quantile: covers ``level``% of new errors like these."""
    values = np.sort(values[~np.isnan(values)])
    if len(values) == 0:
        return float("nan")
    rank = math.ceil((len(values) + 1) * level / 100)
    return float(values[min(rank, len(values)) - 1])


def forecast_panel(
    panel: Panel,
    h: int,
    *,
    models: list[str] | tuple[str, ...] | None = None,
    windows: int | None = None,
    selection: str = "auto",
    margin: float = 0.0,
    level: int = LEVEL,
    pool: Panel | None = None,
) -> PanelForecast:
    """Backtest, choose, forecast and calibrate intervals for every series of ``panel``.

    ``pool``: the whole panel when ``panel`` is one chunk of it (parallel runs).
    """
    pool_data = None if pool is None else pool.data
    if h < 1:
        raise ValueError("the horizon must be at least one period")
    names = model_names(panel, models)
    season = panel.freq.season
    scales = {uid: mase_scale(g["y"].to_numpy(float), season) for uid, g in panel.data.groupby("unique_id")}
    origins = origins_for(pool or panel, h, windows)
    n_windows = len(origins)
    warnings = list(panel.warnings)
    cv = backtest(panel, h, names, origins, pool_data) if origins else pd.DataFrame()
    naive = panel.freq.naive
    if cv.empty:
        warnings.append(
            _("riwayat terlalu pendek untuk uji mundur: prakiraan naif yang ditampilkan, tanpa memilih model")
        )
        errors = pd.DataFrame(columns=["unique_id", "origin", "step", *names])
    else:
        errors = _scaled_errors(cv, names, scales)
    per_series = (
        errors.groupby("unique_id")[names].mean() if not errors.empty else pd.DataFrame(columns=names)
    )
    counts = errors.groupby("unique_id").size() if not errors.empty else pd.Series(dtype=int)
    panel_mase = {name: round(float(errors[name].mean()), 4) for name in names} if not errors.empty else {}
    if selection == "auto":
        enough = not counts.empty and int(counts.min()) >= SERIES_SELECTION_MIN_ERRORS
        selection = "series" if enough else "panel"
    panel_best = min(panel_mase, key=lambda n: panel_mase[n]) if panel_mase else naive
    chosen: dict[str, tuple[str, bool, float]] = {}
    for uid in panel.ids:
        if uid not in per_series.index:
            chosen[uid] = (naive, True, 0.0)
            continue
        row = per_series.loc[uid]
        best = str(row.idxmin()) if selection == "series" else panel_best
        reference = float(row[naive]) if selection == "series" else panel_mase[naive]
        score = float(row[best]) if selection == "series" else panel_mase[best]
        skill = 1 - score / reference if reference > 0 else 0.0
        if best != naive and skill < margin:
            chosen[uid] = (naive, True, skill)
        else:
            chosen[uid] = (best, False, skill)
    # Conformal half-widths per step from the chosen models' own backtest errors.
    quantiles = []
    chosen_errors = []
    if not errors.empty:
        picked = errors["unique_id"].map(lambda uid: chosen[uid][0])
        own = np.array([errors.at[i, m] for i, m in zip(errors.index, picked, strict=True)], dtype=float)
        chosen_errors = pd.DataFrame(
            {"origin": errors["origin"].to_numpy(), "step": errors["step"].to_numpy(), "e": own}
        )
    quantiles = _interval_quantiles(chosen_errors, h, level)
    coverage = _cross_coverage(chosen_errors, h, level)
    predicted = _predict(panel.data, h, names, season, pool_data)
    series = []
    for uid in panel.ids:
        model, abstained, skill = chosen[uid]
        rows = predicted[predicted["unique_id"] == uid].sort_values("ds")
        point = rows[model].to_numpy(float)
        scale = scales[uid]
        half = np.array(quantiles) * scale
        series.append(
            SeriesForecast(
                unique_id=uid,
                label=panel.labels[uid],
                model=model,
                periods=[int(v) for v in rows["ds"]],
                point=[round(float(v), 6) for v in point],
                lower=[round(float(v), 6) for v in point - half],
                upper=[round(float(v), 6) for v in point + half],
                backtest_mase={n: round(float(per_series.loc[uid, n]), 4) for n in names}
                if uid in per_series.index
                else {},
                naive_model=naive,
                skill=round(skill, 4),
                abstained=abstained,
                scale=scale,
            )
        )
    return PanelForecast(
        horizon=h,
        level=level,
        models=names,
        selection=selection,
        series=series,
        backtest_mase=panel_mase,
        interval_quantiles=[round(q, 4) for q in quantiles],
        backtest_coverage=coverage,
        windows=n_windows,
        warnings=warnings,
        predictions=predicted,
    )


def _interval_quantiles(chosen_errors, h: int, level: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Conformal half-widths per step ahead (scaled), from the chosen models' backtest errors."""
    quantiles = []
    for step in range(1, h + 1):
        if isinstance(chosen_errors, pd.DataFrame) and not chosen_errors.empty:
            at_step = chosen_errors[chosen_errors["step"] == step]["e"].to_numpy()
            if len(at_step) < 5:  # too few: borrow the farthest step measured
                at_step = chosen_errors[chosen_errors["step"] <= step]["e"].to_numpy()
            quantiles.append(conformal_quantile(at_step, level))
        else:
            quantiles.append(float("nan"))
    return _monotone(quantiles)


def _monotone(quantiles: list[float]) -> list[float]:
    """Uncertainty does not shrink further ahead; unknown steps borrow the last known width."""
    out: list[float] = []
    for q in quantiles:
        previous = out[-1] if out else float("nan")
        if math.isnan(q):
            q = previous
        elif not math.isnan(previous):
            q = max(q, previous)
        out.append(q)
    return out


def _cross_coverage(chosen_errors, h: int, level: int) -> float:  # type: ignore[no-untyped-def]
    """How often the interval held on backtest errors it was not fitted on.

    Each origin's errors are checked against widths fitted on the other origins only
    (leave-one-origin-out), so the figure is not the circular share of the errors that set
    the widths. NaN with fewer than two origins.
    """
    if not isinstance(chosen_errors, pd.DataFrame) or chosen_errors["origin"].nunique() < 2:
        return float("nan")
    hits = []
    for origin, held in chosen_errors.groupby("origin"):
        quantiles = _interval_quantiles(chosen_errors[chosen_errors["origin"] != origin], h, level)
        limits = np.array(quantiles, dtype=float)[held["step"].to_numpy(int) - 1]
        hits.append(held["e"].to_numpy() <= limits)
    return round(float(np.mean(np.concatenate(hits))), 4)
