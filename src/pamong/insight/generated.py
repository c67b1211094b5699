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


# Monthly shares of a year's payments in a usual Indonesian spending year: slow start,
# steady middle, a December peak (cumulative: ~2% Jan, ~32% Jun, ~100% Dec).
MONTH_SHARES = np.array([2.0, 4.0, 6.0, 6.5, 6.5, 7.0, 8.0, 8.0, 8.5, 9.5, 12.0, 22.0])
ACCOUNTS = {"51 Belanja pegawai": 0.35, "52 Belanja barang": 0.35, "53 Belanja modal": 0.30}


def budget_lines(
    spending: pd.DataFrame, years: list[int], *, seed: int = 2026, anomalies: bool = True
) -> pd.DataFrame:
    """GENERATED monthly realisation rows around the real annual central spending.

    ``spending`` has ``year``, ``region_code``, ``region_name``, ``function``, ``value``
    (billion rupiah, real APBN figures). Each province × function × account gets its
    real annual allocation split over months with noise; the monthly payments are
    invented. With ``anomalies``, a few are planted and labelled in ``label`` (spikes,
    a December rush, duplicate payments, round amounts) so the detectors can be measured.
    """
    rng = np.random.default_rng(seed)
    shares = MONTH_SHARES / MONTH_SHARES.sum()
    rows = []
    for year in years:
        annual = spending[spending["year"] == year]
        for record in annual.itertuples(index=False):
            organisation = f"Satker pusat di {record.region_name}"
            for account, weight in ACCOUNTS.items():
                approved = float(record.value) * weight * 1e9
                revised = approved * rng.uniform(0.96, 1.04)
                target = revised * rng.uniform(0.86, 0.98)
                pattern = shares * rng.lognormal(0, 0.15, 12)
                pattern = pattern / pattern.sum()
                for month in range(1, 13):
                    amount = round(target * pattern[month - 1], -3)
                    rows.append(
                        (
                            year,
                            month,
                            organisation,
                            record.region_code,
                            f"Program {record.function}",
                            f"Kegiatan {record.function} {account.split()[0]}",
                            record.function,
                            account,
                            round(approved, 2),
                            round(revised, 2),
                            amount,
                            f"Penyedia {rng.integers(1, 400):03d}",
                            f"SP2D-{year}-{len(rows):06d}",
                            "",
                        )
                    )
    columns = [
        "year",
        "month",
        "organisation",
        "region_code",
        "program",
        "activity",
        "function",
        "account",
        "approved",
        "revised",
        "executed",
        "payee",
        "document",
        "label",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    if anomalies and not frame.empty:
        _plant(frame, rng, max(years))
    frame["generated"] = True
    return frame


def _plant(frame: pd.DataFrame, rng: np.random.Generator, year: int) -> None:
    """Plant labelled anomalies in ``year``: what oversight should find."""
    current = frame[frame["year"] == year]
    organisations = sorted(current["organisation"].unique())
    picks = rng.choice(len(organisations), size=min(6, len(organisations)), replace=False)
    spike_org, rush_org, duplicate_org, round_org = (organisations[i] for i in picks[:4])
    # a spike: one line's July paid ten times its usual month
    line = current[(current["organisation"] == spike_org) & (current["month"] == 7)].index[0]
    frame.loc[line, "executed"] *= 10
    frame.loc[line, "label"] = "spike"
    # a December rush: most of one organisation's payments moved to December
    rush = current[current["organisation"] == rush_org]
    for _, line in rush.groupby(["function", "account"]):
        earlier = line[line["month"] < 12].index
        december = line[line["month"] == 12].index
        frame.loc[december, "executed"] += frame.loc[earlier, "executed"].sum() * 0.5
        frame.loc[earlier, "executed"] *= 0.5
        frame.loc[december, "label"] = "december_rush"
    # duplicate payments: the same amount to the same payee twice
    first = current[current["organisation"] == duplicate_org].index[3]
    second = current[current["organisation"] == duplicate_org].index[20]
    for index in (first, second):
        frame.loc[index, "payee"] = "CV Maju Jaya Bersama"
        frame.loc[index, "label"] = "duplicate"
    frame.loc[second, "executed"] = frame.loc[first, "executed"]
    # round amounts: one organisation books whole millions everywhere
    rounded = current[current["organisation"] == round_org].index
    frame.loc[rounded, "executed"] = (frame.loc[rounded, "executed"] / 1e6).round() * 1e6
    frame.loc[rounded, "label"] = "round_amounts"


def plant_fabricated_payments(
    frame: pd.DataFrame, organisation: str, year: int, *, seed: int = 2026
) -> pd.DataFrame:
    """GENERATED: ``organisation``'s payments of ``year`` re-written as invented ones.

    Each month's amount is split into payments drawn uniformly within one order of
    magnitude, so their first digits are uniform instead of following Benford's law,
    while every line's monthly totals (and so absorption and the monthly pattern) stay
    as they were. The new rows are labelled ``benford``; the frame's other rows are kept.
    """
    rng = np.random.default_rng(seed)
    chosen = (frame["organisation"] == organisation) & (frame["year"] == year) & (frame["executed"] > 0)
    invented = []
    for row in frame[chosen].to_dict("records"):
        for number, amount in enumerate(_uniform_digit_parts(float(row["executed"]), rng)):
            invented.append(
                {
                    **row,
                    "executed": amount,
                    "payee": f"Penerima {len(invented):05d}",
                    "document": f"{row['document']}-{number:03d}",
                    "label": "benford",
                }
            )
    return pd.concat([frame[~chosen], pd.DataFrame(invented)], ignore_index=True)


def _uniform_digit_parts(total: float, rng: np.random.Generator) -> list[float]:
    """Payments adding up to ``total``: uniform in [10^k, 10^(k+1)), k one below the total's.

    Uniform within a decade means uniform first digits; the remainder is the last payment.
    """
    low = 10.0 ** (np.floor(np.log10(total)) - 1)
    parts, left = [], total
    while left >= 10 * low:
        part = round(float(rng.uniform(low, 10 * low)), 2)
        parts.append(part)
        left -= part
    if left > 0:
        parts.append(round(left, 2))
    return parts


def plant_overspending(
    frame: pd.DataFrame, organisation: str, function: str, year: int, factor: float = 1.6
) -> pd.DataFrame:
    """GENERATED: ``organisation`` pays ``factor`` times as much in ``function`` in ``year`` (label ``peer_outlier``)."""
    out = frame.copy()
    chosen = (out["organisation"] == organisation) & (out["function"] == function) & (out["year"] == year)
    out.loc[chosen, "executed"] = (out.loc[chosen, "executed"] * factor).round(-3)
    out.loc[chosen, "label"] = "peer_outlier"
    return out
