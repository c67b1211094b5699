"""Server-rendered SVG charts: light, no JavaScript, each with a title and a description.

Every chart is an ``<svg role="img">`` with ``<title>`` and ``<desc>`` (what it shows in
one sentence), and the page puts the numbers behind it in a table and a CSV link.
Every text that reaches the SVG is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
COLORS = {
    "history": "#1f2937",
    "forecast": "#1d4ed8",
    "band": "#93c5fd",
    "scenario": "#b45309",
    "band2": "#fcd34d",
}


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return self.start + (value - self.low) / span * (self.end - self.start)


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if not math.isfinite(low) or not math.isfinite(high):
        return []
    if high == low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10)), key=lambda s: abs(s - raw))
    first = math.floor(low / step) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high - step * 1e-6:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _frame(title: str, description: str, body: list[str], ident: str) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="chart" style="width:100%;max-width:720px;height:auto" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text inside is escaped above


def _axes(y: Scale, ticks: list[float], labels: list[tuple[float, str]], unit: str) -> list[str]:
    out = []
    for tick in ticks:
        py = y(tick)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{py:.1f}" y2="{py:.1f}" stroke="#e5e7eb"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{py + 4:.1f}" font-size="11" text-anchor="end" fill="#374151">{_fmt(tick)}</text>'
        )
    for px, text in labels:
        out.append(
            f'<text x="{px:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" text-anchor="middle" fill="#374151">{escape(text)}</text>'
        )
    if unit:
        out.append(f'<text x="{LEFT}" y="{TOP - 4}" font-size="11" fill="#374151">{escape(unit)}</text>')
    return out


def _fmt(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}".replace(",", ".")
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def _path(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))


def _labels(names: Sequence[str], x: Scale, every: int) -> list[tuple[float, str]]:
    return [(x(i), name) for i, name in enumerate(names) if i % every == 0 or i == len(names) - 1]


def fan_chart(
    *,
    ident: str,
    title: str,
    description: str,
    periods: Sequence[str],
    history: Sequence[float | None],
    point: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
    unit: str = "",
    second: tuple[Sequence[float], Sequence[float], Sequence[float]] | None = None,
) -> SafeString:
    """History, then the forecast with its interval; ``second`` adds a scenario's line and band."""
    n_hist = len(history)
    total = n_hist + len(point)
    values = [v for v in history if v is not None] + list(lower) + list(upper)
    if second:
        values += list(second[1]) + list(second[2])
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or 1.0
    ticks = _nice_ticks(low - pad, high + pad)
    y = Scale(ticks[0], ticks[-1], HEIGHT - BOTTOM, TOP)
    x = Scale(0, max(total - 1, 1), LEFT + 8, WIDTH - RIGHT - 8)
    body = _axes(y, ticks, _labels(periods, x, max(1, total // 8)), unit)
    anchor = (x(n_hist - 1), y(history[-1])) if n_hist and history[-1] is not None else None

    def band(lo: Sequence[float], hi: Sequence[float], color: str) -> str:
        top = [(x(n_hist + i), y(v)) for i, v in enumerate(hi)]
        bottom = [(x(n_hist + i), y(v)) for i, v in reversed(list(enumerate(lo)))]
        start = [anchor] if anchor else []
        return f'<path d="{_path(start + top + bottom)} Z" fill="{color}" fill-opacity="0.45" stroke="none"/>'

    body.append(band(lower, upper, COLORS["band"]))
    if second:
        body.append(band(second[1], second[2], COLORS["band2"]))
    known = [(x(i), y(v)) for i, v in enumerate(history) if v is not None]
    body.append(f'<path d="{_path(known)}" fill="none" stroke="{COLORS["history"]}" stroke-width="2"/>')
    ahead = ([anchor] if anchor else []) + [(x(n_hist + i), y(v)) for i, v in enumerate(point)]
    body.append(
        f'<path d="{_path(ahead)}" fill="none" stroke="{COLORS["forecast"]}" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    if second:
        line = ([anchor] if anchor else []) + [(x(n_hist + i), y(v)) for i, v in enumerate(second[0])]
        body.append(f'<path d="{_path(line)}" fill="none" stroke="{COLORS["scenario"]}" stroke-width="2.5"/>')
    return _frame(title, description, body, ident)


def line_chart(
    *,
    ident: str,
    title: str,
    description: str,
    categories: Sequence[str],
    lines: dict[str, Sequence[float | None]],
    band: tuple[Sequence[float], Sequence[float]] | None = None,
    unit: str = "",
) -> SafeString:
    """Several named lines over the same categories (e.g. months), with an optional shaded band."""
    values = [v for line in lines.values() for v in line if v is not None and math.isfinite(v)]
    if band:
        values += list(band[0]) + list(band[1])
    if not values:
        values = [0.0, 1.0]
    ticks = _nice_ticks(min(0.0, min(values)), max(values) * 1.05)
    y = Scale(ticks[0], ticks[-1], HEIGHT - BOTTOM, TOP)
    x = Scale(0, max(len(categories) - 1, 1), LEFT + 8, WIDTH - RIGHT - 8)
    body = _axes(y, ticks, _labels(categories, x, 1 if len(categories) <= 12 else 2), unit)
    if band:
        top = [(x(i), y(v)) for i, v in enumerate(band[1])]
        bottom = [(x(i), y(v)) for i, v in reversed(list(enumerate(band[0])))]
        body.append(f'<path d="{_path(top + bottom)} Z" fill="#d1fae5" stroke="none"/>')
    palette = ["#1d4ed8", "#6b7280", "#b45309", "#7c3aed", "#047857"]
    for index, (name, line) in enumerate(lines.items()):
        color = palette[index % len(palette)]
        points = [(x(i), y(v)) for i, v in enumerate(line) if v is not None and math.isfinite(v)]
        if points:
            dash = ' stroke-dasharray="5 4"' if index else ""
            body.append(f'<path d="{_path(points)}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
            lx, ly = points[-1]
            body.append(
                f'<text x="{min(lx + 4, WIDTH - 60):.1f}" y="{ly - 4:.1f}" font-size="11" fill="{color}">{escape(name)}</text>'
            )
    return _frame(title, description, body, ident)


def bar_chart(
    *, ident: str, title: str, description: str, items: Sequence[tuple[str, float]], unit: str = ""
) -> SafeString:
    """Horizontal bars, one per region, sorted as given (the height grows with the count)."""
    rows = len(items) or 1
    height = TOP + BOTTOM + rows * 16
    values = [v for _, v in items] or [0.0]
    ticks = _nice_ticks(min(0.0, min(values)), max(values) * 1.05 or 1.0)
    x = Scale(ticks[0], ticks[-1], 170, WIDTH - RIGHT - 40)
    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="chart" style="width:100%;max-width:720px;height:auto">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
    ]
    for i, (name, value) in enumerate(items):
        top = TOP + i * 16
        start, end = sorted((x(0), x(value)))
        body.append(
            f'<text x="164" y="{top + 11}" font-size="11" text-anchor="end" fill="#374151">{escape(name[:28])}</text>'
        )
        body.append(
            f'<rect x="{start:.1f}" y="{top + 2}" width="{max(end - start, 1):.1f}" height="11" fill="#1d4ed8"/>'
        )
        body.append(
            f'<text x="{end + 4:.1f}" y="{top + 11}" font-size="10" fill="#374151">{_fmt(value)}</text>'
        )
    if unit:
        body.append(f'<text x="170" y="{height - 8}" font-size="11" fill="#374151">{escape(unit)}</text>')
    return mark_safe("".join(body) + "</svg>")  # noqa: S308 - every text inside is escaped above


def waterfall(
    *,
    ident: str,
    title: str,
    description: str,
    start: tuple[str, float],
    steps: Sequence[tuple[str, float]],
    unit: str = "",
) -> SafeString:
    """From the baseline value, each driver's contribution as a floating bar, to the scenario value."""
    running = start[1]
    spans = [(start[0], 0.0, running, "#6b7280")]
    for name, delta in steps:
        spans.append((name, running, running + delta, "#047857" if delta < 0 else "#b91c1c"))
        running += delta
    spans.append(("=", 0.0, running, "#b45309"))
    values = [v for _, a, b, _ in spans for v in (a, b)]
    low = min(values)
    high = max(values)
    base = min(v for _, a, b, _ in spans[1:-1] for v in (a, b)) if len(spans) > 2 else low
    floor = max(0.0, base - (high - base) * 1.5 - 0.5)
    ticks = _nice_ticks(floor, high * 1.01)
    y = Scale(ticks[0], ticks[-1], HEIGHT - BOTTOM, TOP)
    width = (WIDTH - LEFT - RIGHT) / len(spans)
    body = _axes(
        y, ticks, [(LEFT + width * (i + 0.5), name[:22]) for i, (name, *_rest) in enumerate(spans)], unit
    )
    for i, (_name, a, b, color) in enumerate(spans):
        a, b = max(a, ticks[0]), max(b, ticks[0])
        top, bottom = y(max(a, b)), y(min(a, b))
        body.append(
            f'<rect x="{LEFT + width * i + width * 0.2:.1f}" y="{top:.1f}" width="{width * 0.6:.1f}" '
            f'height="{max(bottom - top, 1.5):.1f}" fill="{color}"/>'
        )
        body.append(
            f'<text x="{LEFT + width * (i + 0.5):.1f}" y="{top - 4:.1f}" font-size="10" text-anchor="middle" fill="#111827">{_fmt(b - a if 0 < i < len(spans) - 1 else b)}</text>'
        )
    return _frame(title, description, body, ident)
