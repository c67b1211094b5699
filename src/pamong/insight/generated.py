"""Seeded synthetic data, labelled as generated wherever it shows.

Monthly indicator series (level, trend, seasonality, noise, the odd level shift) for
benchmarks and tests: no public monthly regional panel of this size ships with pamong.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def monthly_series(count: int, length: int = 96, *, seed: int = 2026) -> pd.DataFrame:
    """``count`` monthly series in the contract's long shape (``region_code`` = series id)."""
    rng = np.random.default_rng(seed)
    months = np.arange(length)
    frames = []
    start = pd.Timestamp("2017-01-01")
    periods = pd.date_range(start, periods=length, freq="MS")
    for i in range(count):
        level = rng.uniform(50, 500)
        trend = rng.normal(0, 0.004) * level
        amplitude = rng.uniform(0, 0.15) * level
        phase = rng.uniform(0, 2 * np.pi)
        noise = rng.uniform(0.01, 0.08) * level
        values = level + trend * months + amplitude * np.sin(2 * np.pi * months / 12 + phase)
        values = values + rng.normal(0, noise, length)
        if rng.random() < 0.2:  # a level shift somewhere in the series
            at = rng.integers(length // 3, length - 6)
            values[at:] += rng.normal(0, 2 * noise)
        frames.append(
            pd.DataFrame(
                {
                    "indicator": "generated",
                    "region_code": f"S{i:04d}",
                    "region_name": f"generated series {i}",
                    "level": "generated",
                    "period": periods,
                    "freq": "M",
                    "value": np.round(values, 3),
                    "unit": "",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
