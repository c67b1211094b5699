"""Evaluation runs: measure a function on a labelled file, record it, print it beside baselines."""

from __future__ import annotations

import csv
import hashlib
import io
import time
from pathlib import Path
from typing import Any

from pamong.ai.functions import EvalReport
from pamong.ai.models import EvaluationRun
from pamong.ai.registry import card_for, get
from pamong.core.audit import record


class DatasetError(ValueError):
    """A labelled file that cannot be read as the evaluation needs."""


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_labelled_csv(path: str | Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a CSV with the ``required`` columns; UTF-8 (BOM allowed), clear errors otherwise."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DatasetError(
            f"{path}: not UTF-8 (byte {error.start}); save the file as UTF-8 CSV and try again"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in required if name not in (reader.fieldnames or [])]
    if missing:
        raise DatasetError(f"{path}: missing column(s) {', '.join(missing)}; found {reader.fieldnames}")
    rows = [row for row in reader if all((row.get(name) or "").strip() for name in required)]
    if not rows:
        raise DatasetError(f"{path}: no rows with values in {', '.join(required)}")
    return rows


def run(key: str, options: dict[str, Any], *, actor: Any = "cli") -> tuple[EvaluationRun, EvalReport]:
    """Evaluate function ``key`` on the data named in ``options`` and store the run."""
    function = get(key)
    started = time.perf_counter()
    report = function.evaluate(options)
    duration = time.perf_counter() - started
    evaluation = EvaluationRun.objects.create(
        card=card_for(key),
        model_version=function.model_version(),
        dataset=report.dataset,
        dataset_sha256=report.dataset_sha256,
        n=report.n,
        metrics=report.metrics,
        baselines=report.baselines,
        params={**report.params, "notes": report.notes} if report.notes else report.params,
        duration_seconds=round(duration, 3),
        run_by=actor if isinstance(actor, str) else actor.get_username(),
    )
    record(actor, "ai.evaluation.run", evaluation, key=key, n=report.n, metrics=report.metrics)
    return evaluation, report


def json_summary(report: EvalReport) -> dict[str, Any]:
    """The one JSON object ``pamong eval --json`` prints last: our metrics, n and baselines."""
    summary: dict[str, Any] = {**report.metrics, "n": report.n, "baselines": report.baselines}
    if len(report.baselines) == 1:
        summary["baseline"] = next(iter(report.baselines.values()))
    return summary


def format_table(report: EvalReport) -> str:
    """Our metrics beside each baseline's, one metric per line."""
    names = ["pamong", *report.baselines]
    metric_keys = [key for key, value in report.metrics.items() if isinstance(value, int | float)]
    width = max(len(name) for name in metric_keys) + 2
    lines = ["metric".ljust(width) + "".join(name.rjust(14) for name in names)]
    for metric in metric_keys:
        values = [report.metrics[metric], *(b.get(metric, float("nan")) for b in report.baselines.values())]
        lines.append(metric.ljust(width) + "".join(f"{value:14.4f}" for value in values))
    lines.extend(_per_item_table(report.metrics))
    lines.append(f"n = {report.n}   dataset = {report.dataset}")
    lines.extend(f"note: {note}" for note in report.notes)
    return "\n".join(lines)


def _per_item_table(metrics: dict) -> list[str]:
    """Metrics given per item (name -> number, e.g. each forecasting model's MASE and sMAPE),
    one row per item and one column per metric; nothing when there are none."""
    nested = {
        key: value
        for key, value in metrics.items()
        if isinstance(value, dict) and value and all(isinstance(v, int | float) for v in value.values())
    }
    if not nested:
        return []
    items = sorted(set().union(*(value.keys() for value in nested.values())))
    width = max(len(str(item)) for item in [*items, "item"]) + 2
    lines = ["", "item".ljust(width) + "".join(key.rjust(14) for key in nested)]
    for item in items:
        values = [nested[key].get(item, float("nan")) for key in nested]
        lines.append(str(item).ljust(width) + "".join(f"{value:14.4f}" for value in values))
    return lines
