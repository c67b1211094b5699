"""What-if scenarios an analyst can read: drivers as a dated parameter tree, impacts from a panel model.

The parameter tree holds each driver's dated values per region (as OpenFisca and
PolicyEngine hold policy parameters); a scenario is a list of dated changes to it
("unemployment -1 point from 2026"). Impacts come from a fixed-effects regression of the
outcome on the drivers across provinces and years (province effects, a common trend,
standard errors clustered by province): its coefficients, uncertainty and fit are shown,
and an analyst may override a coefficient, with a reason that is kept. The scenario
path is the baseline forecast plus each driver's contribution; Monte Carlo draws of the
coefficients and of the baseline's own forecast error give the bands and the
probability of meeting the target.

A budget reallocation ("1 trillion a year from Pertahanan to Perlindungan Sosial from
2026") acts twice: on the social-spending driver of the panel model where it touches
social protection, and through the input–output multipliers of the 2018 social
accounting matrix (``insight.sam``) on output, GDP and household incomes by quintile.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pamong.insight import sam, sources

OUTCOME = "poverty_rate"
DRIVERS = {
    "unemployment_rate": {
        "label": gettext_noop("Tingkat pengangguran terbuka"),
        "unit": "%",
        "transform": "level",
    },
    "grdp_growth": {"label": gettext_noop("Pertumbuhan PDRB"), "unit": "%", "transform": "level"},
    "social_spending": {
        "label": gettext_noop("Belanja perlindungan sosial pusat"),
        "unit": "miliar rupiah",
        "transform": "log",
    },
}
# National plan targets (RPJMN 2025-2029): poverty 4.5-5.0% by 2029.
TARGETS = {("poverty_rate", ""): {"year": 2029, "low": 4.5, "high": 5.0, "source": "RPJMN 2025–2029"}}
DRAWS = 2000


class ScenarioError(ValueError):
    """A scenario that cannot be computed as written, in plain words."""


@cache
def parameter_tree() -> dict[str, dict[str, Any]]:
    """Every driver's dated values per region: {driver: {"label", "unit", "values": {region: {year: v}}}}."""
    tree: dict[str, dict[str, Any]] = {}
    for name, meta in DRIVERS.items():
        if name == "social_spending":
            spending = sources.central_spending()
            social = spending[spending["function"] == "Perlindungan Sosial"]
            by_region = social.groupby(["region_code", "year"])["value"].sum()
            national = social.groupby("year")["value"].sum()
            values: dict[str, dict[int, float]] = {}
            for (region, year), value in by_region.items():
                values.setdefault(str(region), {})[int(year)] = float(value)
            values[""] = {int(year): float(value) for year, value in national.items()}
        else:
            frame = sources.series_frame(
                {"unemployment_rate": "unemployment-province", "grdp_growth": "grdp-growth-province"}[name]
            )
            values = {}
            for row in frame.dropna(subset=["value"]).itertuples():
                values.setdefault(row.region_code, {})[row.period.year] = float(row.value)
        tree[name] = {**meta, "values": values}
    return tree


def meta_label(driver: str) -> str:
    return _(DRIVERS[driver]["label"])


def _transform(name: str, value: float) -> float:
    return float(np.log(max(value, 1e-6))) if DRIVERS[name]["transform"] == "log" else float(value)


def panel_table() -> pd.DataFrame:
    """Province × year rows with the outcome and every driver (transformed), where all are known."""
    outcome = sources.series_frame("poverty-province")
    rows = []
    tree = parameter_tree()
    for row in outcome.dropna(subset=["value"]).itertuples():
        if row.region_code == "":
            continue
        year = row.period.year
        record = {"region_code": row.region_code, "year": year, OUTCOME: float(row.value)}
        for name in DRIVERS:
            value = tree[name]["values"].get(row.region_code, {}).get(year)
            if value is None:
                break
            record[name] = _transform(name, value)
        else:
            rows.append(record)
    return pd.DataFrame(rows)


def panel_from_csv(path: str) -> pd.DataFrame:
    """A province × year panel from a CSV (drivers as published: spending in billions, not logs)."""
    frame = pd.read_csv(path, dtype={"region_code": str}, keep_default_na=False)
    needed = ["region_code", "year", OUTCOME, *DRIVERS]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ScenarioError(
            f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(frame.columns)}"
        )
    table = frame[needed].copy()
    for column in needed[1:]:
        table[column] = pd.to_numeric(table[column], errors="coerce")
    table = table.dropna()
    table["year"] = table["year"].astype(int)
    for name in DRIVERS:
        table[name] = [_transform(name, value) for value in table[name]]
    return table.reset_index(drop=True)


@dataclass
class PanelModel:
    outcome: str
    drivers: list[str]
    coefficients: dict[str, float]
    std_errors: dict[str, float]
    covariance: list[list[float]]
    trend: float
    r2_within: float
    n: int
    regions: int
    years: tuple[int, int]
    ranges: dict[str, tuple[float, float]]
    formula: str


def estimate(table: pd.DataFrame | None = None) -> PanelModel:
    """Fixed-effects OLS: outcome ~ drivers + province effects + trend; SEs clustered by province."""
    import statsmodels.api as sm

    table = panel_table() if table is None else table
    if len(table) < 30:
        raise ScenarioError(_("Terlalu sedikit data provinsi-tahun untuk menaksir dampak (kurang dari 30)."))
    drivers = list(DRIVERS)
    effects = pd.get_dummies(table["region_code"], prefix="r", drop_first=True, dtype=float)
    trend = (table["year"] - table["year"].min()).rename("trend")
    design = sm.add_constant(pd.concat([table[drivers], trend, effects], axis=1))
    groups = table["region_code"].astype("category").cat.codes
    fit = sm.OLS(table[OUTCOME], design).fit(cov_type="cluster", cov_kwds={"groups": groups})
    within = table.groupby("region_code")[[OUTCOME, *drivers]].transform(lambda s: s - s.mean())
    residual_within = fit.resid - fit.resid.groupby(table["region_code"]).transform("mean")
    r2_within = 1 - float((residual_within**2).sum() / (within[OUTCOME] ** 2).sum())
    cov = fit.cov_params().loc[drivers, drivers].to_numpy()
    return PanelModel(
        outcome=OUTCOME,
        drivers=drivers,
        coefficients={d: round(float(fit.params[d]), 5) for d in drivers},
        std_errors={d: round(float(fit.bse[d]), 5) for d in drivers},
        covariance=cov.round(8).tolist(),
        trend=round(float(fit.params["trend"]), 5),
        r2_within=round(r2_within, 4),
        n=int(fit.nobs),
        regions=int(table["region_code"].nunique()),
        years=(int(table["year"].min()), int(table["year"].max())),
        ranges={d: (float(table[d].min()), float(table[d].max())) for d in drivers},
        formula=f"{OUTCOME} ~ {' + '.join(drivers)} + trend + province effects (log for social_spending)",
    )


@cache
def _baseline_forecasts(horizon: int) -> dict:  # type: ignore[type-arg]
    """The outcome's forecast for every region (once per process and horizon: the data is fixed)."""
    from pamong.insight.forecast import forecast_panel
    from pamong.insight.panel import from_frame

    return forecast_panel(from_frame(sources.series_frame("poverty-province")), horizon).by_id()


@dataclass
class Change:
    """One dated change to the tree: from ``start`` on, ``parameter`` is added to, scaled or set."""

    parameter: str
    start: int
    op: str  # "add" | "multiply" | "set"
    value: float

    def apply(self, year: int, current: float) -> float:
        if year < self.start:
            return current
        if self.op == "add":
            return current + self.value
        if self.op == "multiply":
            return current * self.value
        return self.value


@dataclass
class Reallocation:
    """From ``start`` on, ``amount`` billion rupiah a year moves from one APBN function to another."""

    source: str
    target: str
    amount: float
    start: int


SOCIAL_FUNCTION = "Perlindungan Sosial"


def parse_reallocations(raw: list[dict[str, Any]]) -> list[Reallocation]:
    """The budget reallocations among a scenario's changes (``op`` = "reallocate")."""
    known = sam.function_map()
    out = []
    for item in raw:
        if item.get("op") != "reallocate":
            continue
        source, target = item.get("from"), item.get("to")
        if source not in known or target not in known:
            raise ScenarioError(
                _("Fungsi APBN tidak dikenal; yang dikenal: %(known)s") % {"known": ", ".join(known)}
            )
        if source == target:
            raise ScenarioError(_("Realokasi perlu dua fungsi yang berbeda."))
        try:
            amount, start = float(item["value"]), int(item["start"])
        except (KeyError, TypeError, ValueError):
            raise ScenarioError(_("Realokasi perlu jumlah (miliar rupiah) dan tahun mulai.")) from None
        if not amount > 0:
            raise ScenarioError(_("Jumlah realokasi harus lebih dari nol."))
        out.append(Reallocation(source, target, amount, start))
    return out


def parse_changes(raw: list[dict[str, Any]]) -> list[Change]:
    changes = []
    for item in raw:
        if item.get("op") == "reallocate":
            continue
        if item.get("parameter") not in DRIVERS:
            raise ScenarioError(
                _("Pendorong tidak dikenal: %(name)s; yang dikenal: %(known)s")
                % {"name": item.get("parameter"), "known": ", ".join(DRIVERS)}
            )
        if item.get("op") not in ("add", "multiply", "set"):
            raise ScenarioError(_("Perubahan harus 'add', 'multiply' atau 'set'."))
        try:
            changes.append(Change(item["parameter"], int(item["start"]), item["op"], float(item["value"])))
        except (KeyError, TypeError, ValueError):
            raise ScenarioError(_("Setiap perubahan perlu tahun mulai dan angka.")) from None
    return changes


@dataclass
class ScenarioResult:
    region_code: str
    region_name: str
    years: list[int]
    history: dict[str, list]
    baseline: dict[str, list[float]]  # p10, p50, p90
    scenario: dict[str, list[float]]
    drivers: dict[str, dict[str, list[float]]]  # driver -> baseline / scenario path
    contributions: dict[str, float]  # at the target year, outcome points per driver
    coefficients: dict[str, dict[str, Any]]
    target: dict[str, Any] | None
    probability_baseline: float | None
    probability_scenario: float | None
    warnings: list[str] = field(default_factory=list)
    economy: dict[str, Any] | None = None  # input-output impacts of budget reallocations
    provenance: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_scenario(
    *,
    region_code: str,
    target_year: int,
    changes: list[dict[str, Any]],
    overrides: list[dict[str, Any]] | None = None,
    target: dict[str, Any] | None = None,
    draws: int = DRAWS,
    seed: int = 2026,
) -> ScenarioResult:
    """Baseline forecast vs the scenario for one region up to ``target_year``, with bands."""
    parsed = parse_changes(changes)
    reallocations = parse_reallocations(changes)
    parsed += _social_spending_changes(reallocations, region_code)
    model = estimate()
    coefficients = {
        d: {"value": model.coefficients[d], "std_error": model.std_errors[d], "source": "estimated"}
        for d in model.drivers
    }
    for override in overrides or []:
        driver, reason = override.get("driver"), str(override.get("reason", "")).strip()
        if driver not in coefficients:
            raise ScenarioError(
                _("Tidak bisa mengoreksi pendorong yang tidak dikenal: %(name)s") % {"name": driver}
            )
        if not reason:
            raise ScenarioError(_("Koreksi koefisien perlu alasannya."))
        coefficients[driver] = {
            "value": float(override["coefficient"]),
            "std_error": float(override.get("std_error", 0.0)),
            "source": "analyst",
            "reason": reason[:500],
            "estimated": model.coefficients[driver],
        }
    outcome = sources.series_frame("poverty-province")
    series = outcome[outcome["region_code"] == region_code].dropna(subset=["value"])
    if series.empty:
        raise ScenarioError(_("Tidak ada data kemiskinan untuk wilayah %(code)s.") % {"code": region_code})
    last_year = int(series["period"].max().year)
    if target_year <= last_year:
        raise ScenarioError(
            _("Tahun sasaran harus sesudah tahun data terakhir (%(year)s).") % {"year": last_year}
        )
    horizon = target_year - last_year
    forecast = _baseline_forecasts(horizon)[region_code or "ID"]
    years = list(range(last_year + 1, target_year + 1))
    point = np.array(forecast.point)
    sigma = (np.array(forecast.upper) - point) / 1.2816  # the conformal 80% half-width as a normal sd
    tree = parameter_tree()
    warnings: list[str] = []
    drivers_out: dict[str, dict[str, list[float]]] = {}
    deltas = np.zeros((len(model.drivers), len(years)))
    for i, driver in enumerate(model.drivers):
        history = tree[driver]["values"].get(region_code, {})
        if not history:
            warnings.append(
                _("%(driver)s tidak punya riwayat di wilayah ini: tidak diubah")
                % {"driver": meta_label(driver)}
            )
            continue
        held = history[max(history)]  # baseline driver path: the last known value, held
        base_path = [held for _ in years]
        scenario_path = []
        for year, base in zip(years, base_path, strict=True):
            value = base
            for change in parsed:
                if change.parameter == driver:
                    value = change.apply(year, value)
            scenario_path.append(value)
        drivers_out[driver] = {"baseline": base_path, "scenario": scenario_path}
        deltas[i] = [
            _transform(driver, s) - _transform(driver, b)
            for s, b in zip(scenario_path, base_path, strict=True)
        ]
        low, high = min(history.values()), max(history.values())
        if any(not low <= v <= high for v in scenario_path) and scenario_path != base_path:
            warnings.append(
                _(
                    "%(driver)s keluar dari rentang historis wilayah ini (%(low)s–%(high)s): dampaknya ekstrapolasi"
                )
                % {"driver": meta_label(driver), "low": f"{low:,.2f}", "high": f"{high:,.2f}"}
            )
    beta = np.array([coefficients[d]["value"] for d in model.drivers])
    effect = beta @ deltas
    rng = np.random.default_rng(seed)
    cov = np.array(model.covariance)
    for i, d in enumerate(model.drivers):  # overridden coefficients use the analyst's uncertainty
        if coefficients[d]["source"] == "analyst":
            cov[i, :] = cov[:, i] = 0.0
            cov[i, i] = coefficients[d]["std_error"] ** 2
    beta_draws = rng.multivariate_normal(beta, cov, size=draws, check_valid="ignore")
    noise = rng.standard_normal((draws, len(years))) * sigma
    baseline_draws = point + noise
    scenario_draws = baseline_draws + beta_draws @ deltas
    contributions = {d: round(float(beta[i] * deltas[i, -1]), 4) for i, d in enumerate(model.drivers)}
    target = target or TARGETS.get((OUTCOME, region_code))
    probability_baseline = probability_scenario = None
    if target and target["year"] in years:
        column = years.index(target["year"])
        probability_baseline = round(float(np.mean(baseline_draws[:, column] <= target["high"])), 3)
        probability_scenario = round(float(np.mean(scenario_draws[:, column] <= target["high"])), 3)
    name = "Indonesia" if region_code == "" else str(series["region_name"].iloc[0])
    economy = _economy(reallocations, warnings) if reallocations else None
    return ScenarioResult(
        region_code=region_code,
        region_name=name,
        years=years,
        history={
            "years": [int(p.year) for p in series["period"]],
            "values": [float(v) for v in series["value"]],
        },
        baseline=_bands(baseline_draws, point),
        scenario=_bands(scenario_draws, point + effect),
        drivers=drivers_out,
        contributions=contributions,
        coefficients=coefficients,
        target=target,
        probability_baseline=probability_baseline,
        probability_scenario=probability_scenario,
        warnings=warnings,
        economy=economy,
        provenance={
            "outcome": "BPS poverty rate by province (data/insight/bps-province-indicators.csv)",
            "drivers": "BPS unemployment and GRDP growth; APBN social protection spending by province (Kemenkeu)",
            "model": model.formula,
            "fit": {
                "n": model.n,
                "regions": model.regions,
                "years": model.years,
                "r2_within": model.r2_within,
            },
            "baseline_forecast": {"model": forecast.model, "backtest_mase": forecast.backtest_mase},
            "baseline_drivers": "each driver's last known value, held",
            "draws": draws,
            "seed": seed,
            "changes": [asdict(c) for c in parsed],
            "reallocations": [asdict(r) for r in reallocations],
        },
    )


def _social_spending_changes(reallocations: list[Reallocation], region_code: str) -> list[Change]:
    """A reallocation into or out of social protection, as changes to the region's social spending.

    A province gets its share of the national amount in proportion to its social spending in
    the last year known (the shares the APBN already has).
    """
    changes = []
    values = parameter_tree()["social_spending"]["values"]
    national, regional = values.get("", {}), values.get(region_code, {})
    if not national or not regional:
        return changes
    last = max(national)
    share = 1.0 if region_code == "" else regional.get(last, 0.0) / national[last]
    for item in reallocations:
        sign = (item.target == SOCIAL_FUNCTION) - (item.source == SOCIAL_FUNCTION)
        if sign:
            changes.append(Change("social_spending", item.start, "add", sign * item.amount * share))
    return changes


def _economy(reallocations: list[Reallocation], warnings: list[str]) -> dict[str, Any] | None:
    """Each reallocation's input-output impact a year (national, 2018 structure), or a warning."""
    try:
        matrix = sam.load()
    except sam.SamUnavailable as error:
        warnings.append(str(error))
        return None
    items = []
    for item in reallocations:
        items.append(
            {**asdict(item), **sam.reallocation(matrix, item.source, item.target, item.amount).as_dict()}
        )
    return {
        "reallocations": items,
        "source": sam.SAM_SOURCE,
        "sha256": matrix.sha256,
        "assumptions": _(
            "Harga tetap, tanpa batas pasokan, struktur ekonomi 2018, tingkat nasional; "
            "angka dalam miliar rupiah per tahun."
        ),
    }


def _bands(draws: np.ndarray, center: np.ndarray) -> dict[str, list[float]]:
    return {
        "p10": [round(float(v), 3) for v in np.percentile(draws, 10, axis=0)],
        "p50": [round(float(v), 3) for v in center],
        "p90": [round(float(v), 3) for v in np.percentile(draws, 90, axis=0)],
    }
