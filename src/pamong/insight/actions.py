"""Insight writes: each audited, slow work queued after commit."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.ai.decisions import decide
from pamong.ai.functions import Prediction
from pamong.ai.registry import card_for
from pamong.core.audit import record
from pamong.insight import sources
from pamong.insight.budget import DIMENSIONS, Anomaly, find_anomalies
from pamong.insight.budget_files import parse_budget
from pamong.insight.forecast import DEFAULT_MODELS, LEVEL, OPTIONAL_MODELS, SeriesForecast, forecast_panel
from pamong.insight.generated import budget_lines
from pamong.insight.models import BudgetImport, BudgetLine, ForecastRun, ForecastSeries, RunStatus, Scenario
from pamong.insight.panel import Panel, from_frame
from pamong.insight.scenario import run_scenario

MAX_HORIZON = 36


class InsightError(ValueError):
    """A request the insight functions cannot carry out, in the user's words."""


def start_forecast(
    dataset: str, *, horizon: int, actor: Any, models: list[str] | None = None, title: str = ""
) -> ForecastRun:
    """Queue a forecast of every series of ``dataset``; the work runs in chunks."""
    from pamong.insight.tasks import start_forecast as start_task

    known = sources.datasets()
    if dataset not in known:
        raise InsightError(_("dataset tidak dikenal (unknown dataset): %(name)s") % {"name": dataset})
    title = title or known[dataset]
    dataset = sources.pinned(dataset)  # a run reads one datahub version, whatever is published later
    if len(dataset) > ForecastRun._meta.get_field("dataset").max_length:
        raise InsightError(
            _("kunci dataset %(name)s terlalu panjang; pakai kode dataset yang lebih pendek")
            % {"name": dataset}
        )
    if not 1 <= horizon <= MAX_HORIZON:
        raise InsightError(_("horizon harus antara 1 dan %(max)s periode") % {"max": MAX_HORIZON})
    chosen = list(models or DEFAULT_MODELS)
    unknown = [m for m in chosen if m not in DEFAULT_MODELS + OPTIONAL_MODELS]
    if unknown:
        raise InsightError(_("model tidak dikenal: %(names)s") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        run = ForecastRun.objects.create(
            dataset=dataset,
            title=title,
            horizon=horizon,
            model_names=chosen,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        record(actor, "insight.forecast.queued", run, dataset=dataset, horizon=horizon, models=chosen)
        transaction.on_commit(lambda: start_task.delay(run.pk))
    return run


def _panel(run: ForecastRun) -> Panel:
    return from_frame(sources.series_frame(run.dataset))


def plan_chunks(run_id: int) -> list[list[str]]:
    """Mark the run running and split its series into chunks (nothing to do if already planned)."""
    with transaction.atomic():
        run = ForecastRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return []
        try:
            ids = _panel(run).ids
        except Exception as error:  # the data itself is the problem: say so on the run
            run.status, run.error, run.finished_at = RunStatus.FAILED, str(error)[:2000], timezone.now()
            run.save(update_fields=["status", "error", "finished_at"])
            record("worker", "insight.forecast.failed", run, error=str(error)[:300])
            return []
        size = settings.INSIGHT_CHUNK_SERIES  # series per task; the pooled model still sees them all
        chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
        run.status, run.chunks_total = RunStatus.RUNNING, len(chunks)
        run.save(update_fields=["status", "chunks_total"])
    return chunks


def run_chunk(run_id: int, series_ids: list[str]) -> int:
    """Forecast some series of a run (the pooled model sees all); finish the run after the last chunk.

    A chunk that fails marks the whole run failed with the reason, instead of leaving it running.
    """
    try:
        return _run_chunk(run_id, series_ids)
    except Exception as error:
        ForecastRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        record("worker", "insight.forecast.failed", f"insight.forecastrun:{run_id}", error=str(error)[:300])
        raise


def _run_chunk(run_id: int, series_ids: list[str]) -> int:
    run = ForecastRun.objects.get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        return 0
    whole = _panel(run)
    wanted = set(series_ids)
    done = set(run.series.filter(unique_id__in=wanted).values_list("unique_id", flat=True))
    todo = wanted - done
    if todo:
        part = Panel(
            whole.freq,
            whole.offset,
            whole.data[whole.data["unique_id"].isin(todo)].reset_index(drop=True),
            {uid: label for uid, label in whole.labels.items() if uid in todo},
            whole.unit,
            [w for w in whole.warnings if w.split(":")[0] in todo],
        )
        margin = card_for("insight.forecast").threshold
        result = forecast_panel(part, run.horizon, models=run.model_names, margin=margin, pool=whole)
        with transaction.atomic():
            for series in result.series:
                _save_series(run, whole, series)
            summary = {
                "backtest_mase": result.backtest_mase,
                "interval_quantiles": result.interval_quantiles,
                "backtest_coverage": result.backtest_coverage,
                "series": len(result.series),
                "selection": result.selection,
                "windows": result.windows,
                "frequency": whole.freq.code,
                "unit": whole.unit,
                "warnings": result.warnings[:50],
            }
            ForecastRun.objects.filter(pk=run.pk).update(chunks_done=F("chunks_done") + 1)
            _merge_summary(run.pk, summary)
    else:
        ForecastRun.objects.filter(pk=run.pk).update(chunks_done=F("chunks_done") + 1)
    _finish_if_complete(run.pk)
    return len(todo)


def _save_series(run: ForecastRun, whole: Panel, series: SeriesForecast) -> None:
    from pamong.insight.functions import FORECAST_VERSION, InsightForecast

    history = whole.series(series.unique_id)
    explanation = (
        f"model {series.model} chosen by backtest; MASE "
        + ", ".join(f"{name} {value:.3f}" for name, value in series.backtest_mase.items())
        + ("; no model beat naive by the margin: naive shown" if series.abstained else "")
    )
    decision = decide(
        InsightForecast.key,
        Prediction(None if series.abstained else series.model, max(0.0, series.skill), [], explanation),
        model_version=FORECAST_VERSION,
        input_ref=f"insight.forecastrun:{run.pk}:{series.unique_id}",
        output={"model": series.model, "point": series.point, "naive": series.naive_model},
        subject=f"{run.dataset}:{series.unique_id}",
        channel="insight",
    )
    ForecastSeries.objects.create(
        run=run,
        unique_id=series.unique_id,
        label=series.label,
        model=series.model,
        abstained=series.abstained,
        skill=series.skill,
        history={
            "periods": [d.date().isoformat() for d in whole.dates(history["ds"].tolist())],
            "values": [round(float(v), 6) for v in history["y"]],
        },
        forecast={
            "periods": [d.date().isoformat() for d in whole.dates(series.periods)],
            "point": series.point,
            "lower": series.lower,
            "upper": series.upper,
        },
        backtest=series.backtest_mase,
        decision_id=decision.pk,
    )


def _merge_summary(run_id: int, summary: dict) -> None:
    run = ForecastRun.objects.select_for_update().get(pk=run_id)
    merged = dict(run.summary)
    chunks = merged.setdefault("chunks", [])
    chunks.append(summary)
    run.summary = merged
    run.save(update_fields=["summary"])


def _finish_if_complete(run_id: int) -> None:
    with transaction.atomic():
        run = ForecastRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.RUNNING or run.chunks_done < run.chunks_total:
            return
        series = list(run.series.all())
        models = run.summary.get("chunks", [{}])[0].get("backtest_mase", {})
        mean = {
            name: round(sum(s.backtest.get(name, 0.0) for s in series) / max(1, len(series)), 4)
            for name in models
        }
        run.summary = {
            **run.summary,
            "backtest_mase": mean,
            "series": len(series),
            "abstained": sum(1 for s in series if s.abstained),
            "warnings": [w for chunk in run.summary.get("chunks", []) for w in chunk.get("warnings", [])][
                :50
            ],
            "unit": run.summary.get("chunks", [{}])[0].get("unit", ""),
            "frequency": run.summary.get("chunks", [{}])[0].get("frequency", ""),
            "coverage": _mean_coverage(run.summary.get("chunks", [])),
            "level": LEVEL,
        }
        run.status, run.finished_at = RunStatus.DONE, timezone.now()
        run.save(update_fields=["summary", "status", "finished_at"])
        record("worker", "insight.forecast.done", run, series=len(series))


def _mean_coverage(chunks: list[dict]) -> float | None:
    """The chunks' out-of-sample interval coverage, weighted by their series (None if unmeasured)."""
    measured = [
        (c["backtest_coverage"], c.get("series", 1))
        for c in chunks
        if isinstance(c.get("backtest_coverage"), float) and c["backtest_coverage"] == c["backtest_coverage"]
    ]
    if not measured:
        return None
    return round(sum(v * n for v, n in measured) / sum(n for _, n in measured), 4)


# --- budget --------------------------------------------------------------------------
def import_budget(filename: str, raw: bytes, *, actor: Any) -> BudgetImport:
    """Store a realisation file's rows, all or none (BudgetFileError lists the problems)."""
    rows = parse_budget(filename, raw)
    with transaction.atomic():
        batch = BudgetImport.objects.create(
            filename=filename[:255],
            rows=len(rows),
            problems=list(rows.attrs.get("warnings", [])),
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        BudgetLine.objects.bulk_create(
            [BudgetLine(batch=batch, **row) for row in rows.to_dict("records")], batch_size=2000
        )
        record(actor, "insight.budget.imported", batch, rows=len(rows))
    return batch


def load_generated_budget(years: list[int], *, actor: Any) -> BudgetImport:
    """The demo's GENERATED monthly rows around the real APBN figures (labelled as generated)."""
    frame = budget_lines(sources.central_spending(), years)
    fields = [f.name for f in BudgetLine._meta.fields if f.name not in ("id", "batch")]
    with transaction.atomic():
        batch = BudgetImport.objects.create(
            filename=f"generated-demo-{'-'.join(map(str, years))}", rows=len(frame), generated=True
        )
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(batch=batch, **{k: v for k, v in row.items() if k in fields})
                for row in frame.to_dict("records")
            ],
            batch_size=5000,
        )
        record(actor, "insight.budget.generated", batch, rows=len(frame), years=years)
    return batch


def budget_frame(year: int | None = None) -> pd.DataFrame:
    """Every stored budget line (of ``year`` and the years before it) as a frame with ``id``."""
    lines = BudgetLine.objects.all()
    if year is not None:
        lines = lines.filter(year__lte=year)
    columns = [
        "id",
        "year",
        "month",
        *DIMENSIONS,
        "region_code",
        "approved",
        "revised",
        "executed",
        "payee",
        "generated",
    ]
    frame = pd.DataFrame.from_records(lines.values_list(*columns), columns=columns)
    for name in ("approved", "revised", "executed"):
        frame[name] = frame[name].astype(float)
    return frame


def record_anomaly_scan(year: int, *, actor: Any) -> list[Anomaly]:
    """Run the oversight checks for ``year`` and log each anomaly found as a decision."""
    from pamong.insight.functions import BUDGET_VERSION, InsightBudget

    frame = budget_frame(year)
    found = find_anomalies(frame, year) if not frame.empty else []
    for anomaly in found:
        decide(
            InsightBudget.key,
            Prediction(anomaly.kind, min(1.0, anomaly.score / 10), [], anomaly.reason),
            model_version=BUDGET_VERSION,
            input_ref=f"insight.budget:{year}:{anomaly.kind}:{anomaly.organisation}",
            output={"kind": anomaly.kind, "organisation": anomaly.organisation, "rows": anomaly.row_ids[:50]},
            subject=anomaly.organisation,
            channel="insight",
        )
    record(actor, "insight.budget.scanned", f"insight.budget:{year}", anomalies=len(found))
    return found


# --- scenarios -----------------------------------------------------------------------
def save_scenario(
    *,
    name: str,
    region_code: str,
    target_year: int,
    changes: list[dict],
    overrides: list[dict],
    actor: Any,
) -> Scenario:
    """Compute a scenario and keep it with its inputs, result and provenance (ScenarioError if it cannot)."""
    from pamong.insight.functions import SCENARIO_VERSION, InsightScenario

    result = run_scenario(
        region_code=region_code, target_year=target_year, changes=changes, overrides=overrides
    )
    with transaction.atomic():
        scenario = Scenario.objects.create(
            name=name[:200],
            region_code=region_code,
            target_year=target_year,
            changes=changes,
            overrides=overrides,
            result=result.as_dict(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        decide(
            InsightScenario.key,
            Prediction("computed", 1.0, [], "; ".join(result.warnings)[:2000]),
            model_version=SCENARIO_VERSION,
            input_ref=f"insight.scenario:{scenario.pk}",
            output={"scenario_p50": result.scenario["p50"], "baseline_p50": result.baseline["p50"]},
            subject=region_code or "ID",
            channel="insight",
        )
        record(actor, "insight.scenario.saved", scenario, overrides=len(overrides), changes=len(changes))
    return scenario
