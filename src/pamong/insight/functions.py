"""The insight AI functions in the registry: forecasts, scenarios, budget oversight.

All three are advisory: they inform an analyst's brief, never decide about a person.
Each logs what it published (``decide``) and abstains where it has no better answer
than the naive one: a forecast whose chosen model does not beat the naive baseline in
backtest by the card's threshold is published as the naive forecast, marked so.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pandas as pd

from pamong.ai.evaluation import DatasetError, file_sha256
from pamong.ai.functions import AIFunction, CardDefaults, EvalReport
from pamong.ai.registry import register

FORECAST_VERSION = "sf-backtest-conformal-pooled-v1"
OWNER = "Badan Perencanaan Pembangunan Daerah (Bappeda)"


def read_series_csv(path: str | Path, id_col: str, time_col: str, value_col: str) -> pd.DataFrame:
    """A long CSV of series, with clear errors for the usual problems."""
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DatasetError(f"{path}: not UTF-8 or UTF-16 text; save it as UTF-8 CSV")
    from io import StringIO

    sample = text[:4096]
    delimiter = max((",", ";", "\t", "|"), key=sample.count)
    frame = pd.read_csv(StringIO(text), sep=delimiter, dtype=str, na_values=["-", "n/a", "NA", "…", "..."])
    missing = [c for c in (id_col, time_col, value_col) if c not in frame.columns]
    if missing:
        raise DatasetError(
            f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(frame.columns)}"
        )
    values = frame[value_col].str.replace(r"\s", "", regex=True)
    # Indonesian decimal commas ("12,3") when the file has no decimal points at all.
    if values.str.contains(",", na=False).any() and not values.str.contains(r"\.", na=False).any():
        values = values.str.replace(",", ".", regex=False)
    frame[value_col] = pd.to_numeric(values, errors="coerce")
    return frame


class InsightForecast(AIFunction):
    key = "insight.forecast"
    card = CardDefaults(
        name_id="Prakiraan indikator",
        name_en="Indicator forecasts",
        purpose_id=(
            "Memprakirakan indikator pembangunan per wilayah (kemiskinan, pengangguran, belanja) dengan "
            "model yang dipilih lewat uji mundur, selalu di samping galat prakiraan naif dan dengan "
            "rentang ketidakpastian yang cakupannya diuji."
        ),
        purpose_en=(
            "Forecasts development indicators by region (poverty, unemployment, spending) with models "
            "chosen by backtest, always beside the naive forecast's error and with uncertainty ranges "
            "whose coverage is tested."
        ),
        owner_unit=OWNER,
        risk_level=1,
        oversight="advisory",
        data_used="Statistik agregat per wilayah (BPS, APBN); tanpa data pribadi.",
        personal_data=[],
        threshold=0.02,
        notice_id=(
            "Prakiraan disusun otomatis oleh komputer dari data historis dan hanya bahan pertimbangan analis. "
            "Jika tidak ada model yang lebih baik dari prakiraan naif, prakiraan naif yang ditampilkan."
        ),
        notice_en=(
            "Forecasts are computed automatically from historical data and only inform analysts. Where no "
            "model beats the naive forecast, the naive forecast is shown."
        ),
    )

    def model_version(self) -> str:
        return FORECAST_VERSION

    def add_eval_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--id-col", default="region_code", help="series id column (forecast)")
        parser.add_argument("--time-col", default="period", help="date column (forecast)")
        parser.add_argument("--value-col", default="value", help="value column (forecast)")
        parser.add_argument("--horizon", type=int, default=None, help="periods held out and forecast")
        parser.add_argument("--end", default=None, help="ignore data after this date (YYYY-MM-DD)")
        parser.add_argument("--models", default=None, help="comma-separated models, e.g. naive,ets,arima")
        parser.add_argument("--windows", type=int, default=None, help="backtest origins")

    def evaluate(self, options: dict[str, Any]) -> EvalReport:
        from pamong.insight.holdout import cut, evaluate_holdout
        from pamong.insight.panel import PanelError, from_frame

        path = options.get("csv")
        if not path:
            raise DatasetError(f"{self.key} needs --csv FILE with a series id, a date and a value column")
        horizon = options.get("horizon")
        if not horizon or horizon < 1:
            raise DatasetError(f"{self.key} needs --horizon H (periods to hold out), at least 1")
        frame = read_series_csv(path, options["id_col"], options["time_col"], options["value_col"])
        models = [m.strip() for m in options["models"].split(",")] if options.get("models") else None
        try:
            panel = from_frame(
                frame,
                id_col=options["id_col"],
                time_col=options["time_col"],
                value_col=options["value_col"],
                label_col=None,
            )
            if options.get("end"):
                panel = cut(panel, pd.Timestamp(options["end"]))
            started = time.perf_counter()
            result = evaluate_holdout(panel, horizon, models=models, windows=options.get("windows"))
            elapsed = time.perf_counter() - started
        except (PanelError, ValueError) as error:
            raise DatasetError(f"{path}: {error}") from None
        metrics = {
            "mase": result.mase,
            "smape": result.smape,
            "naive_mase": result.naive_mase,
            "coverage": result.coverage,
            "series_per_second": round(result.series / elapsed, 2),
            "series": result.series,
        }
        naive_family = ("naive", "drift", "seasonal_naive")
        baselines = {
            name: {"mase": value, "smape": result.models_smape[name]}
            for name, value in result.models.items()
            if name in naive_family
        }
        # ``models`` stays name -> MASE for older readers; sMAPE per model sits beside it.
        per_model = {"models": result.models, "models_smape": result.models_smape}
        return EvalReport(
            n=result.series,
            metrics={**metrics, **per_model},  # type: ignore[dict-item]
            baselines=baselines,
            dataset=str(path),
            dataset_sha256=file_sha256(path),
            params={
                "horizon": horizon,
                "end": options.get("end"),
                "frequency": panel.freq.code,
                "naive": panel.freq.naive,
                "selection": result.forecast.selection,
                "windows": result.forecast.windows,
                "models": result.forecast.models,
                "warnings": result.forecast.warnings[:20],
            },
        )


register(InsightForecast)


BUDGET_VERSION = "budget-oversight-v1"


class InsightBudget(AIFunction):
    key = "insight.budget"
    card = CardDefaults(
        name_id="Analitik anggaran",
        name_en="Budget analytics",
        purpose_id=(
            "Menampilkan penyerapan anggaran terhadap rencana dan pola bulanan yang lazim, memprakirakan "
            "penyerapan akhir tahun, dan menandai anomali (lonjakan, penumpukan Desember, pembayaran ganda, "
            "angka bulat, penyimpangan Benford, pencilan antar-satker) beserta alasannya untuk pengawasan."
        ),
        purpose_en=(
            "Shows budget absorption against plan and the usual monthly pattern, forecasts year-end "
            "absorption, and flags anomalies (spikes, December rushes, duplicate payments, round amounts, "
            "Benford deviations, peer outliers) with their reasons for oversight."
        ),
        owner_unit="Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)",
        risk_level=2,
        oversight="advisory",
        data_used="Baris realisasi anggaran (satker, program, kegiatan, akun, bulan, penerima).",
        personal_data=["nama penerima pembayaran (badan usaha)"],
        threshold=0.3,
        notice_id="Tanda anomali hanya petunjuk untuk diperiksa petugas, bukan temuan pelanggaran.",
        notice_en="Anomaly flags only point an officer to rows worth checking; they are not findings of wrongdoing.",
    )

    def model_version(self) -> str:
        return BUDGET_VERSION

    def evaluate(self, options: dict[str, Any]) -> EvalReport:
        from pamong.insight.budget import allocation, find_anomalies, forecast_year_end, robust_z

        path = options.get("csv")
        if not path:
            raise DatasetError(f"{self.key} needs --csv FILE of budget rows with a 'label' column")
        frame = pd.read_csv(path, dtype={"label": str, "region_code": str}, keep_default_na=False)
        needed = {"year", "month", "organisation", "function", "account", "executed", "revised", "label"}
        if needed - set(frame.columns):
            raise DatasetError(f"{path}: missing column(s) {', '.join(sorted(needed - set(frame.columns)))}")
        for name in ("program", "activity", "payee"):
            if name not in frame.columns:
                frame[name] = ""
        if "approved" not in frame.columns:
            frame["approved"] = frame["revised"]
        frame["id"] = range(len(frame))
        year = int(frame["year"].max())
        labelled = set(frame.index[(frame["label"] != "") & (frame["year"] == year)])
        kinds = {kind: set(frame.index[frame["label"] == kind]) for kind in frame["label"].unique() if kind}
        started = time.perf_counter()
        found = find_anomalies(frame, year)
        seconds = time.perf_counter() - started
        ours = [set(a.row_ids) for a in found]
        this = frame[(frame["year"] == year) & (frame["executed"] > 0)]
        z = robust_z(this["executed"])
        baseline = [{int(i)} for i in z[z > 3.5].index]
        metrics = {
            **_flag_metrics(ours, labelled, kinds),
            "rows_per_second": round(len(this) / max(seconds, 1e-9)),
        }
        baselines = {"amount_robust_z": _flag_metrics(baseline, labelled, kinds)}
        years = sorted(frame["year"].unique())
        if len(years) >= 2:
            known = frame[(frame["year"] < year) | (frame["month"] <= 6)]
            predicted = forecast_year_end(known, year, by="organisation")
            actual = frame[frame["year"] == year]
            truth = (
                actual.groupby("organisation")["executed"].sum() / allocation(actual, ["organisation"]) * 100
            )
            errors = [abs(p.forecast_pct - truth[o]) for o, p in predicted.items() if o in truth]
            naive_errors = [abs(p.baseline_pct - truth[o]) for o, p in predicted.items() if o in truth]
            metrics["year_end_mae_pct"] = round(float(sum(errors) / len(errors)), 2)
            baselines["straight_line"] = {
                "year_end_mae_pct": round(float(sum(naive_errors) / len(naive_errors)), 2)
            }
        return EvalReport(
            n=len(this),
            metrics=metrics,
            baselines=baselines,
            dataset=str(path),
            dataset_sha256=file_sha256(path),
            params={"year": year, "planted": {k: len(v) for k, v in kinds.items()}},
        )


def _flag_metrics(flags: list[set[int]], labelled: set[int], kinds: dict[str, set[int]]) -> dict[str, float]:
    """Precision: flags that touch a planted row; recall: planted anomalies touched by a flag."""
    hits = sum(1 for rows in flags if rows & labelled)
    found_kinds = sum(1 for rows in kinds.values() if any(flag & rows for flag in flags))
    return {
        "flags": len(flags),
        "precision": round(hits / len(flags), 4) if flags else 0.0,
        "recall": round(found_kinds / len(kinds), 4) if kinds else 0.0,
    }


register(InsightBudget)


SCENARIO_VERSION = "panel-fe-montecarlo-v1+sam2018"


class InsightScenario(AIFunction):
    key = "insight.scenario"
    card = CardDefaults(
        name_id="Skenario kebijakan",
        name_en="Policy scenarios",
        purpose_id=(
            "Menghitung dampak perubahan pendorong (pengangguran, pertumbuhan, belanja perlindungan sosial) "
            "terhadap angka kemiskinan dengan model panel efek tetap yang koefisien, ketidakpastian dan "
            "kecocokannya ditampilkan, beserta peluang mencapai sasaran RPJMN; realokasi anggaran juga lewat "
            "pengganda input–output matriks neraca sosial (SAM) Indonesia 2018 dari IFPRI."
        ),
        purpose_en=(
            "Computes the impact of changed drivers (unemployment, growth, social protection spending) on the "
            "poverty rate with a fixed-effects panel model whose coefficients, uncertainty and fit are shown, "
            "with the probability of meeting the national plan's target; budget reallocations also through the "
            "input-output multipliers of IFPRI's 2018 social accounting matrix of Indonesia."
        ),
        owner_unit=OWNER,
        risk_level=1,
        oversight="advisory",
        data_used=(
            "Statistik BPS per provinsi, belanja APBN per fungsi per provinsi dan SAM Indonesia 2018 (IFPRI); "
            "tanpa data pribadi."
        ),
        personal_data=[],
        threshold=0.0,
        notice_id="Skenario adalah perhitungan bersyarat untuk diskusi kebijakan, bukan ramalan.",
        notice_en="Scenarios are conditional calculations for policy discussion, not predictions.",
    )

    def model_version(self) -> str:
        return SCENARIO_VERSION

    def add_eval_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--cutoff",
            type=int,
            default=None,
            help="last year fitted; the two after it are predicted (scenario)",
        )

    def evaluate(self, options: dict[str, Any]) -> EvalReport:
        """Fit on years up to 2017; predict 2018-2019 from the drivers that happened, beside no change.

        The shipped BPS panel by default; ``--csv`` a province × year panel of one's own
        (``region_code, year, poverty_rate, unemployment_rate, grdp_growth, social_spending``).
        """
        import numpy as np

        from pamong.insight.scenario import OUTCOME, ScenarioError, estimate, panel_from_csv, panel_table
        from pamong.insight.sources import DATA_FILES

        try:
            table = panel_from_csv(options["csv"]) if options.get("csv") else panel_table()
        except (ScenarioError, OSError, pd.errors.ParserError) as error:
            raise DatasetError(str(error)) from None
        cutoff = int(options.get("cutoff") or 2017)
        # Two years after the cutoff: 2018-2019 by default, before the pandemic broke every relation.
        train = table[table["year"] <= cutoff]
        test = table[(table["year"] > cutoff) & (table["year"] <= cutoff + 2)]
        if train.empty or test.empty:
            raise DatasetError(f"no province-years on both sides of {cutoff}")
        try:
            model = estimate(train)
        except ScenarioError as error:
            raise DatasetError(str(error)) from None
        base = train[train["year"] == cutoff].set_index("region_code")
        errors, naive_errors, trend_errors = [], [], []
        for row in test.itertuples():
            if row.region_code not in base.index:
                continue
            start = base.loc[row.region_code]
            steps = row.year - cutoff
            change = (
                sum(model.coefficients[d] * (getattr(row, d) - start[d]) for d in model.drivers)
                + model.trend * steps
            )
            truth = getattr(row, OUTCOME)
            errors.append(abs(start[OUTCOME] + change - truth))
            naive_errors.append(abs(start[OUTCOME] - truth))
            trend_errors.append(abs(start[OUTCOME] + model.trend * steps - truth))
        path = options.get("csv") or DATA_FILES["bps"]
        if not errors:
            raise DatasetError(f"no province of the years after {cutoff} was in the fitted years")
        return EvalReport(
            n=len(errors),
            metrics={"mae_pp": round(float(np.mean(errors)), 4), "r2_within": model.r2_within},
            baselines={
                "no_change": {"mae_pp": round(float(np.mean(naive_errors)), 4)},
                "trend_only": {"mae_pp": round(float(np.mean(trend_errors)), 4)},
            },
            dataset=str(path),
            dataset_sha256=file_sha256(path),
            params={"cutoff": cutoff, "coefficients": model.coefficients, "std_errors": model.std_errors},
        )


register(InsightScenario)
