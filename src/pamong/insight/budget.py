"""Budget analytics: absorption against plan and the usual bands, year-end forecast, anomalies.

Rows are in the Fiscal Data Package's shape: measures ``approved`` / ``revised`` (the
year's allocation of the line, repeated on each of its months) and ``executed`` (paid
in that month); dimensions organisation, program, activity, function, account, month.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

# Usual cumulative absorption (% of the revised budget) by the end of each month: about
# 1% by January, 10-30% by June, 70-85% by December (issue 6), interpolated between.
BAND_ANCHORS = {0: (0.0, 0.0), 1: (0.3, 3.0), 6: (10.0, 30.0), 12: (70.0, 85.0)}
MEASURES = ("approved", "revised", "executed")
DIMENSIONS = ("organisation", "program", "activity", "function", "account")
BENFORD = np.log10(1 + 1 / np.arange(1, 10))
BENFORD_MIN_ROWS = 100
BENFORD_MAD_LIMIT = 0.015  # Nigrini: above 0.015 the first digits do not conform
ROBUST_Z_LIMIT = 3.5
# ... and at least this far from the peers' median absorption: peers that all absorb 90-95%
# have a tiny spread, and a robust z alone would flag 97% against 92%.
PEER_MIN_GAP = 0.10
SPIKE_RATIO = 3.0
DECEMBER_SHARE_LIMIT = 0.35
ROUND_UNIT = 1_000_000  # amounts in rupiah that are whole millions
ROUND_SHARE_LIMIT = 0.5


def usual_band(month: int) -> tuple[float, float]:
    """(low, high) cumulative absorption in % usually reached by the end of ``month``."""
    anchors = sorted(BAND_ANCHORS)
    for left, right in itertools.pairwise(anchors):
        if left <= month <= right:
            share = (month - left) / (right - left)
            low = BAND_ANCHORS[left][0] + share * (BAND_ANCHORS[right][0] - BAND_ANCHORS[left][0])
            high = BAND_ANCHORS[left][1] + share * (BAND_ANCHORS[right][1] - BAND_ANCHORS[left][1])
            return round(low, 2), round(high, 2)
    return BAND_ANCHORS[12]


def allocation(lines: pd.DataFrame, by: list[str] | None = None) -> pd.Series | float:
    """The year's revised allocation (approved where no revision), counted once per line."""
    keys = [*(by or []), "year", *DIMENSIONS]
    per_line = lines.groupby(keys, dropna=False)[["approved", "revised"]].first()
    budget = per_line["revised"].where(per_line["revised"] > 0, per_line["approved"])
    if not by:
        return float(budget.sum())
    return budget.groupby(level=list(range(len(by)))).sum()


def absorption_curve(lines: pd.DataFrame, year: int, by: str | None = None) -> pd.DataFrame:
    """Cumulative absorption (%) by month for one year; one column per group, or ``total``."""
    this = lines[lines["year"] == year]
    if this.empty:
        return pd.DataFrame(index=pd.Index(range(1, 13), name="month"))
    if by:
        paid = this.pivot_table(index="month", columns=by, values="executed", aggfunc="sum").reindex(
            range(1, 13)
        )
        budget = allocation(this, [by])
        curve = paid.fillna(0).cumsum() / budget * 100
    else:
        paid = this.groupby("month")["executed"].sum().reindex(range(1, 13)).fillna(0)
        curve = (paid.cumsum() / allocation(this) * 100).to_frame("total")
    last_month = int(this["month"].max())
    curve.loc[curve.index > last_month] = np.nan  # months not reported yet
    curve.index.name = "month"
    return curve.round(2)


@dataclass
class YearEndForecast:
    months_known: int
    absorbed_pct: float
    forecast_pct: float
    low_pct: float
    high_pct: float
    method: str
    baseline_pct: float  # straight-line extrapolation, shown beside


def forecast_year_end(lines: pd.DataFrame, year: int, by: str | None = None) -> dict[str, YearEndForecast]:
    """Year-end absorption from the months so far, by the share previous years had reached.

    With previous years: year-end = absorbed so far / the share of the year's spending
    those years had paid by the same month (their spread gives the range). Without:
    the usual band's middle. The straight-line extrapolation is given beside.
    """
    this = lines[lines["year"] == year]
    if this.empty:
        return {}
    months = int(this["month"].max())
    previous = lines[(lines["year"] < year)]
    shares = []
    for _year, past in previous.groupby("year"):
        paid = past.groupby("month")["executed"].sum()
        total = paid.sum()
        if total > 0 and past["month"].max() == 12:
            shares.append(float(paid[paid.index <= months].sum() / total))
    groups = this.groupby(by) if by else [("total", this)]
    out = {}
    for key, part in groups:
        absorbed = float(part["executed"].sum() / max(allocation(part), 1e-9) * 100)
        if shares:
            estimates = [min(absorbed / s, 150.0) for s in shares if s > 0]
            method = f"ratio to {len(shares)} previous year(s)"
        else:
            low, high = usual_band(months)
            middle = (low + high) / 2 or 1.0
            estimates = [absorbed / middle * (BAND_ANCHORS[12][0] + BAND_ANCHORS[12][1]) / 2]
            method = "usual band"
        point = float(np.mean(estimates))
        spread = float(np.std(estimates)) if len(estimates) > 1 else point * 0.05
        out[str(key)] = YearEndForecast(
            months_known=months,
            absorbed_pct=round(absorbed, 2),
            forecast_pct=round(point, 2),
            low_pct=round(max(absorbed, point - 1.28 * spread), 2),
            high_pct=round(point + 1.28 * spread, 2),
            method=method,
            baseline_pct=round(absorbed * 12 / months, 2),
        )
    return out


@dataclass
class Anomaly:
    kind: str
    organisation: str
    reason: str
    score: float
    row_ids: list[int] = field(default_factory=list)


def robust_z(values: pd.Series) -> pd.Series:
    """(x - median) / (1.4826 · MAD): a z-score one outlier cannot hide behind."""
    median = values.median()
    mad = (values - median).abs().median() * 1.4826
    if not mad or math.isnan(mad):
        return pd.Series(0.0, index=values.index)
    return (values - median) / mad


def benford_mad(amounts: pd.Series) -> float:
    """Mean absolute deviation of first-digit shares from Benford's law (Nigrini's test)."""
    positive = amounts[amounts >= 10]
    digits = positive.astype(str).str.lstrip("0.").str[0].astype(int)
    shares = digits.value_counts(normalize=True).reindex(range(1, 10), fill_value=0).to_numpy()
    return float(np.mean(np.abs(shares - BENFORD)))


def find_anomalies(lines: pd.DataFrame, year: int) -> list[Anomaly]:
    """Every anomaly of ``year`` worth a look, each with its reason and the rows behind it.

    ``lines`` needs an ``id`` column (the rows' ids, for links).
    """
    this = lines[(lines["year"] == year) & (lines["executed"] > 0)]
    found: list[Anomaly] = []
    found += _spikes(this)
    found += _december_rush(this)
    found += _duplicates(this)
    found += _round_amounts(this)
    found += _benford(this)
    found += _peer_outliers(lines, year)
    return sorted(found, key=lambda a: -a.score)


def _spikes(this: pd.DataFrame) -> list[Anomaly]:
    """A month that paid far more than the line's own total and the usual month pattern expect."""
    out = []
    months = this.groupby("month")["executed"].sum()
    usual = months / months.sum()
    keys = ["organisation", *DIMENSIONS[1:]]
    totals = this.groupby(keys)["executed"].transform("sum")
    lines = this.groupby(keys)["month"].transform("size")
    expected = totals * this["month"].map(usual)
    ratio = this["executed"] / expected.replace(0, np.nan)
    flagged = this[(ratio > SPIKE_RATIO) & (lines >= 6)]
    for index, row in flagged.iterrows():
        out.append(
            Anomaly(
                "spike",
                str(row["organisation"]),
                _(
                    "bulan %(month)s pada %(activity)s / %(account)s dibayar %(ratio).1f kali dari yang "
                    "diharapkan menurut total baris dan pola bulanan yang lazim"
                )
                % {
                    "month": int(row["month"]),
                    "activity": row["activity"],
                    "account": row["account"],
                    "ratio": ratio[index],
                },
                float(ratio[index]),
                [int(row["id"])],
            )
        )
    return out


def _december_rush(this: pd.DataFrame) -> list[Anomaly]:
    out = []
    if this["month"].max() < 12:
        return out
    for organisation, part in this.groupby("organisation"):
        total = part["executed"].sum()
        december = part[part["month"] == 12]
        share = december["executed"].sum() / total if total else 0.0
        if share > DECEMBER_SHARE_LIMIT:
            out.append(
                Anomaly(
                    "december_rush",
                    str(organisation),
                    _(
                        "%(share).0f%% pembayaran setahun dilakukan di bulan Desember (lazimnya di bawah %(limit).0f%%)"
                    )
                    % {"share": share * 100, "limit": DECEMBER_SHARE_LIMIT * 100},
                    share * 10,
                    [int(i) for i in december["id"]],
                )
            )
    return out


def _duplicates(this: pd.DataFrame) -> list[Anomaly]:
    out = []
    keyed = this[this["payee"].fillna("") != ""]
    for (organisation, payee, amount), group in keyed.groupby(["organisation", "payee", "executed"]):
        if len(group) < 2:
            continue
        out.append(
            Anomaly(
                "duplicate",
                str(organisation),
                _("%(n)s pembayaran persis %(amount)s kepada %(payee)s (bulan %(months)s)")
                % {
                    "n": len(group),
                    "amount": f"{amount:,.0f}".replace(",", "."),
                    "payee": payee,
                    "months": ", ".join(str(int(m)) for m in sorted(group["month"])),
                },
                5.0 + len(group),
                [int(i) for i in group["id"]],
            )
        )
    return out


def _round_amounts(this: pd.DataFrame) -> list[Anomaly]:
    out = []
    for organisation, part in this.groupby("organisation"):
        if len(part) < 20:
            continue
        whole = part[(part["executed"] % ROUND_UNIT == 0)]
        share = len(whole) / len(part)
        if share > ROUND_SHARE_LIMIT:
            out.append(
                Anomaly(
                    "round_amounts",
                    str(organisation),
                    _(
                        "%(share).0f%% pembayaran berupa kelipatan utuh satu juta rupiah (taksiran, bukan tagihan?)"
                    )
                    % {"share": share * 100},
                    share * 6,
                    [int(i) for i in whole["id"]][:200],
                )
            )
    return out


def _benford(this: pd.DataFrame) -> list[Anomaly]:
    """First digits far from Benford's law AND far from what peer organisations show.

    Budget lines of one organisation rarely span enough orders of magnitude to follow
    Benford exactly, so the deviation is compared with the peers' deviations too.
    """
    deviations = {
        organisation: benford_mad(part["executed"])
        for organisation, part in this.groupby("organisation")
        if len(part) >= BENFORD_MIN_ROWS
    }
    if len(deviations) < 8:
        return []
    z = robust_z(pd.Series(deviations))
    out = []
    for organisation, mad in deviations.items():
        if mad > BENFORD_MAD_LIMIT and z[organisation] > ROBUST_Z_LIMIT:
            part = this[this["organisation"] == organisation]
            out.append(
                Anomaly(
                    "benford",
                    str(organisation),
                    _(
                        "angka pertama %(n)s pembayaran menyimpang dari hukum Benford (MAD %(mad).3f), jauh "
                        "melebihi satker sejawat (z robust %(z).1f)"
                    )
                    % {"n": len(part), "mad": mad, "z": z[organisation]},
                    float(z[organisation]),
                    [int(i) for i in part["id"]][:200],
                )
            )
    return out


def _peer_outliers(lines: pd.DataFrame, year: int) -> list[Anomaly]:
    """Organisations whose absorption is far from their peers' in the same function."""
    this = lines[lines["year"] == year]
    out = []
    for function, part in this.groupby("function"):
        paid = part.groupby("organisation")["executed"].sum()
        budget = allocation(part, ["organisation"])
        rate = (paid / budget.replace(0, np.nan)).dropna()
        if len(rate) < 8:
            continue
        z = robust_z(rate)
        far = (z.abs() > ROBUST_Z_LIMIT) & ((rate - rate.median()).abs() >= PEER_MIN_GAP)
        for organisation in z[far].index:
            rows = part[part["organisation"] == organisation]
            out.append(
                Anomaly(
                    "peer_outlier",
                    str(organisation),
                    _(
                        "menyerap %(rate).0f%% pagu fungsi %(function)s; median satker sejawat %(median).0f%% "
                        "(z robust %(z).1f)"
                    )
                    % {
                        "rate": rate[organisation] * 100,
                        "function": function,
                        "median": rate.median() * 100,
                        "z": z[organisation],
                    },
                    float(abs(z[organisation])),
                    [int(i) for i in rows["id"]][:200],
                )
            )
    return out
