"""Indicator frames as forecastable panels: integer periods, one series per region.

A frame follows the datahub contract (``indicator``, ``region_code``, ``region_name``,
``level``, ``period``, ``freq``, ``value``, ``unit``). Periods become consecutive
integers so a semiannual February/August series and a monthly one are handled alike;
gaps inside a series are filled by interpolation and reported, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

MIN_POINTS = 3


@dataclass(frozen=True)
class Frequency:
    code: str
    season: int  # periods per year: the seasonal naive's lag
    months: int  # months per period

    @property
    def naive(self) -> str:
        """The naive baseline of this frequency: seasonal naive where there is a season."""
        return "seasonal_naive" if self.season > 1 else "naive"


FREQUENCIES = {
    "A": Frequency("A", 1, 12),
    "S": Frequency("S", 2, 6),
    "Q": Frequency("Q", 4, 3),
    "M": Frequency("M", 12, 1),
}


class PanelError(ValueError):
    """A frame that cannot be forecast, with the reason in plain words."""


@dataclass
class Panel:
    """Series of one indicator: ``data`` has ``unique_id``, ``ds`` (int period), ``y``."""

    freq: Frequency
    offset: int  # month phase of the periods (February/August series: 1)
    data: pd.DataFrame
    labels: dict[str, str]
    unit: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return list(self.labels)

    def dates(self, periods: np.ndarray | list[int]) -> list[pd.Timestamp]:
        out = []
        for index in periods:
            month0 = int(index) * self.freq.months + self.offset
            out.append(pd.Timestamp(year=month0 // 12, month=month0 % 12 + 1, day=1))
        return out

    def series(self, unique_id: str) -> pd.DataFrame:
        return self.data[self.data["unique_id"] == unique_id]

    def until(self, last_period: int) -> Panel:
        """The panel as it was known at ``last_period`` (inclusive)."""
        return Panel(
            self.freq,
            self.offset,
            self.data[self.data["ds"] <= last_period].reset_index(drop=True),
            self.labels,
            self.unit,
            list(self.warnings),
        )


def infer_frequency(dates: pd.Series) -> Frequency:
    """The frequency of a date column from its typical spacing in months."""
    months = (dates.dt.year * 12 + dates.dt.month).drop_duplicates().sort_values().diff().dropna()
    if months.empty:
        raise PanelError(_("hanya satu periode: prakiraan perlu riwayat (one period only)"))
    step = int(months.mode().iloc[0])
    for frequency in FREQUENCIES.values():
        if frequency.months == step:
            return frequency
    raise PanelError(
        f"periods are {step} months apart; pamong forecasts yearly, half-yearly, quarterly or monthly data"
    )


def from_frame(
    frame: pd.DataFrame,
    *,
    id_col: str = "region_code",
    time_col: str = "period",
    value_col: str = "value",
    label_col: str | None = "region_name",
    freq: str | None = None,
) -> Panel:
    """Build a panel from a long frame (one indicator); clear errors for what cannot work."""
    for column in (id_col, time_col, value_col):
        if column not in frame.columns:
            raise PanelError(
                _("kolom %(column)s tidak ada; yang ada: %(found)s")
                % {"column": repr(column), "found": ", ".join(map(str, frame.columns))}
            )
    dates = pd.to_datetime(frame[time_col], errors="coerce")
    if dates.isna().all():
        raise PanelError(_("tidak ada tanggal yang terbaca di kolom %(column)s") % {"column": repr(time_col)})
    values = pd.to_numeric(frame[value_col], errors="coerce")
    ids = frame[id_col].fillna("").astype(str)
    ids = ids.where(ids != "", "ID")  # the national series has no region code
    labels_source = frame[label_col].astype(str) if label_col and label_col in frame.columns else ids
    warnings: list[str] = []
    bad_dates = int(dates.isna().sum())
    if bad_dates:
        warnings.append(_("%(n)s baris tanpa tanggal yang terbaca tidak dipakai") % {"n": bad_dates})
    frequency = FREQUENCIES[freq] if freq else infer_frequency(dates.dropna())
    keep = dates.notna()
    month0 = dates[keep].dt.year * 12 + dates[keep].dt.month - 1
    offset = int(month0.mod(frequency.months).mode().iloc[0])
    long = pd.DataFrame(
        {
            "unique_id": ids[keep].to_numpy(),
            "ds": ((month0 - offset) // frequency.months).to_numpy(),
            "y": values[keep].to_numpy(),
        }
    )
    duplicates = int(long.duplicated(["unique_id", "ds"]).sum())
    if duplicates:
        warnings.append(_("%(n)s periode ganda dalam satu deret: dipakai rata-ratanya") % {"n": duplicates})
        long = long.groupby(["unique_id", "ds"], as_index=False)["y"].mean()
    pieces = []
    labels: dict[str, str] = {}
    label_of = dict(zip(ids[keep], labels_source[keep], strict=False))
    for unique_id, series in long.sort_values(["unique_id", "ds"]).groupby("unique_id", sort=True):
        filled = _complete(series, unique_id, warnings)
        if filled is None:
            continue
        pieces.append(filled)
        labels[str(unique_id)] = label_of.get(unique_id, str(unique_id))
    if not pieces:
        raise PanelError(
            _("tidak ada deret dengan %(n)s nilai atau lebih untuk dipelajari") % {"n": MIN_POINTS}
        )
    unit = (
        str(frame["unit"].dropna().iloc[0]) if "unit" in frame.columns and frame["unit"].notna().any() else ""
    )
    data = pd.concat(pieces, ignore_index=True)
    return Panel(frequency, offset, data, labels, unit, warnings)


def _complete(series: pd.DataFrame, unique_id: str, warnings: list[str]) -> pd.DataFrame | None:
    """A regular series without missing values, or None (with a warning) when too short."""
    known = series.dropna(subset=["y"])
    if len(known) < MIN_POINTS:
        warnings.append(
            f"{unique_id}: "
            + _("hanya %(n)s nilai, tidak diprakirakan (perlu %(min)s)")
            % {"n": len(known), "min": MIN_POINTS}
        )
        return None
    span = np.arange(int(known["ds"].min()), int(known["ds"].max()) + 1)
    full = pd.DataFrame({"ds": span}).merge(known[["ds", "y"]], on="ds", how="left")
    gaps = int(full["y"].isna().sum())
    if gaps:
        warnings.append(
            f"{unique_id}: "
            + _("%(n)s periode kosong di tengah deret diisi dengan interpolasi") % {"n": gaps}
        )
        full["y"] = full["y"].interpolate()
    full.insert(0, "unique_id", str(unique_id))
    return full


def mase_scale(values: np.ndarray, season: int) -> float:
    """In-sample mean absolute error of the seasonal naive (naive when too short): MASE's unit."""
    lag = season if len(values) > season else 1
    diffs = np.abs(values[lag:] - values[:-lag])
    scale = float(np.mean(diffs)) if len(diffs) else 0.0
    if scale <= 1e-12:
        scale = float(np.mean(np.abs(values))) * 0.01 or 1.0
    return scale
