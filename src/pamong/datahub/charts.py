"""Server-rendered SVG charts: light, no JavaScript, with a title and a description for screen readers."""

from __future__ import annotations

import math
from html import escape

import pandas as pd

WIDTH, HEIGHT, PAD = 720, 320, 48
COLOURS = ["#1b5e7a", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#34495e", "#16a085", "#7f8c8d"]


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high == low:
        return [low]
    step = 10 ** math.floor(math.log10((high - low) / count))
    for factor in (1, 2, 5, 10):
        if (high - low) / (step * factor) <= count:
            step *= factor
            break
    start = math.floor(low / step) * step
    return [start + i * step for i in range(int((high - start) / step) + 2)]


def line_chart(
    frame: pd.DataFrame, *, title: str, unit: str, series: str = "region_name", limit: int = 8
) -> str:
    """One line per series (at most ``limit``) over ``period``; missing values break the line."""
    frame = frame.dropna(subset=["value"])
    if frame.empty:
        return ""
    names = list(dict.fromkeys(frame[series]))[:limit]
    frame = frame[frame[series].isin(names)]
    periods = sorted(frame["period"].unique())
    low, high = float(frame["value"].min()), float(frame["value"].max())
    ticks = _ticks(min(low, 0) if low >= 0 and low < high * 0.2 else low, high)
    low, high = ticks[0], ticks[-1]

    def x(period) -> float:  # type: ignore[no-untyped-def]
        position = periods.index(period)
        return PAD + position * (WIDTH - 2 * PAD) / max(len(periods) - 1, 1)

    def y(value: float) -> float:
        return HEIGHT - PAD - (value - low) * (HEIGHT - 2 * PAD) / ((high - low) or 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 20 * math.ceil(len(names) / 3)}" role="img" aria-labelledby="t d" class="chart">',
        f'<title id="t">{escape(title)}</title>',
        f'<desc id="d">{escape(title)}: {len(names)} series, {len(periods)} periods, values {low:g} to {high:g} {escape(unit)}. The table below holds the numbers.</desc>',
    ]
    for tick in ticks:
        parts.append(
            f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{PAD - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end">{tick:g}</text>'
        )
    step = max(1, len(periods) // 10)
    for period in periods[::step]:
        label = pd.Timestamp(period).strftime(
            "%Y" if len(periods) > 12 or pd.Timestamp(period).month == 1 else "%Y-%m"
        )
        parts.append(
            f'<text x="{x(period):.1f}" y="{HEIGHT - PAD + 16}" font-size="11" text-anchor="middle">{label}</text>'
        )
    for i, name in enumerate(names):
        colour = COLOURS[i % len(COLOURS)]
        points = frame[frame[series] == name].sort_values("period")
        path = " ".join(
            f"{x(p):.1f},{y(v):.1f}" for p, v in zip(points["period"], points["value"], strict=True)
        )
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        lx, ly = PAD + (i % 3) * 220, HEIGHT + 4 + 20 * (i // 3)
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly + 11}" font-size="12">{escape(str(name))[:30]}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def bar_chart(frame: pd.DataFrame, *, title: str, unit: str, label: str = "region_name") -> str:
    """Horizontal bars, largest first (a region comparison for one period)."""
    frame = frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    if frame.empty:
        return ""
    high = max(float(frame["value"].max()), 0.0)
    low = min(float(frame["value"].min()), 0.0)
    row, left = 18, 190
    height = PAD + row * len(frame)
    scale = (WIDTH - left - 60) / ((high - low) or 1)
    zero = left + (0 - low) * scale
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="bt bd" class="chart">',
        f'<title id="bt">{escape(title)}</title>',
        f'<desc id="bd">{escape(title)}: {len(frame)} regions, from {frame["value"].iloc[0]:g} to {frame["value"].iloc[-1]:g} {escape(unit)}.</desc>',
    ]
    for i, (name, value) in enumerate(zip(frame[label], frame["value"], strict=True)):
        top = 10 + i * row
        start, end = sorted((zero, zero + value * scale))
        parts.append(
            f'<text x="{left - 6}" y="{top + 12}" font-size="11" text-anchor="end">{escape(str(name))[:30]}</text>'
        )
        parts.append(
            f'<rect x="{start:.1f}" y="{top}" width="{max(end - start, 1):.1f}" height="{row - 4}" fill="#1b5e7a"/>'
        )
        parts.append(f'<text x="{end + 4:.1f}" y="{top + 12}" font-size="11">{value:g}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
