"""A pooled model across regions: one ridge regression per horizon step on scaled lags.

Short annual series (seven or eight points per province) are too weak for any model of
their own; together they are hundreds of examples. Each example is a region at one
origin: its recent changes and its level, scaled by the region's own MASE unit, and a
scale of each series' level. Region indicators (fixed effects) were tried and made
both benchmark panels worse, so regions share one pattern. The
target is the departure from the seasonal naive forecast (the last value for yearly
data), so a region with no signal falls back to the naive forecast plus the pooled
drift rather than to nonsense.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.linear_model import RidgeCV

from pamong.insight.panel import mase_scale

ALPHAS = (0.1, 1.0, 10.0, 100.0, 1000.0)  # shrinkage chosen by leave-one-out on each fit
MAX_ORIGINS = 60  # most recent origins per series used for fitting
LARGE_PANEL_ROWS = 5000  # from this many complete examples on, all steps are fitted at once


class _Step:
    """Step ``k`` of a multi-output ridge, with the single-output ``predict`` of the others."""

    def __init__(self, joint: RidgeCV, k: int) -> None:
        self.joint, self.k = joint, k

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.joint.predict(x)[:, self.k]


def lags_for(season: int, typical_length: int) -> int:
    """Window length: up to four seasons (two years of half-years), half a short series at most."""
    return max(3, min(4 * season + 1, 25, typical_length // 2))


def _base(values: np.ndarray, origin: int, k: int, season: int) -> float:
    """Seasonal naive forecast ``k`` steps after ``origin`` (naive for yearly data)."""
    back = season * math.ceil(k / season)
    index = origin + k - back
    return float(values[index]) if index >= 0 else float(values[origin])


def _features(window: np.ndarray, scale: float, panel_level: float) -> list[float]:
    last = window[-1]
    changes = list((window[:-1] - last) / scale)
    return [*changes, (last - panel_level) / max(abs(panel_level), 1e-9)]


def forecast_pooled(data: pd.DataFrame, h: int, season: int) -> pd.DataFrame:
    """Fit on every series of ``data`` (unique_id, ds, y) and forecast ``h`` steps for each.

    Returns ``unique_id``, ``ds``, ``pooled``; series shorter than the lag window get a
    pooled forecast from their level alone.
    """
    series = {uid: group["y"].to_numpy(float) for uid, group in data.groupby("unique_id", sort=False)}
    p = lags_for(season, int(np.median([len(v) for v in series.values()])))
    last_ds = data.groupby("unique_id", sort=False)["ds"].max()
    scales = {uid: mase_scale(values, season) for uid, values in series.items()}
    panel_level = float(np.nanmean([values[-1] for values in series.values()]))
    width = p  # p-1 changes + level
    blocks_x, blocks_y = [], []
    for uid, values in series.items():
        first = max(p - 1, len(values) - 1 - MAX_ORIGINS)
        origins = np.arange(first, len(values) - 1)
        if len(origins) == 0:
            continue
        windows = sliding_window_view(values, p)[origins - p + 1]
        last = windows[:, -1:]
        level = (last - panel_level) / max(abs(panel_level), 1e-9)
        blocks_x.append(np.hstack([(windows[:, :-1] - last) / scales[uid], level]))
        ahead = np.full((len(origins), h), np.nan)
        for k in range(1, h + 1):
            reach = origins + k < len(values)
            back = season * math.ceil(k / season)
            base_index = np.where(origins + k - back >= 0, origins + k - back, origins)
            ahead[reach, k - 1] = (values[origins[reach] + k] - values[base_index[reach]]) / scales[uid]
        blocks_y.append(ahead)
    rows = bool(blocks_x)
    out = []
    if rows:
        x = np.vstack(blocks_x)
        y = np.vstack(blocks_y)
    models: list = []  # type: ignore[type-arg]
    complete = ~np.isnan(y).any(axis=1) if rows else np.array([])
    if rows and complete.sum() >= LARGE_PANEL_ROWS:
        # Large panels: one multi-output fit (shrinkage per step) instead of one per step.
        joint = RidgeCV(alphas=ALPHAS, alpha_per_target=True).fit(x[complete], y[complete])
        models = [_Step(joint, k) for k in range(h)]
    for k in range(h if not models else 0):
        if not rows:
            models.append(None)
            continue
        mask = ~np.isnan(y[:, k])
        if mask.sum() < 3:
            models.append(None)
            continue
        models.append(RidgeCV(alphas=ALPHAS).fit(x[mask], y[mask, k]))
    features = []
    for uid, values in series.items():
        if len(values) >= p:
            features.append(_features(values[-p:], scales[uid], panel_level))
        else:
            features.append([0.0] * (width - 1) + [(values[-1] - panel_level) / max(abs(panel_level), 1e-9)])
    x_now = np.asarray(features)
    changes = np.zeros((len(series), h))
    for k in range(h):
        model = models[k] if models[k] is not None else next((m for m in reversed(models[:k]) if m), None)
        if model is not None:
            changes[:, k] = model.predict(x_now)
    for i, (uid, values) in enumerate(series.items()):
        steps = [
            _base(values, len(values) - 1, k + 1, season) + changes[i, k] * scales[uid] for k in range(h)
        ]
        start = int(last_ds[uid]) + 1
        out.append(pd.DataFrame({"unique_id": uid, "ds": np.arange(start, start + h), "pooled": steps}))
    return pd.concat(out, ignore_index=True)
