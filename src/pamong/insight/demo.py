"""Insight demo data: generated budget rows (labelled), a forecast, a scenario, first evaluations."""

from __future__ import annotations

from django.conf import settings

from pamong.ai import evaluation
from pamong.ai.registry import card_for
from pamong.insight import actions
from pamong.insight.models import BudgetImport, ForecastRun, Scenario

BUDGET_YEARS = [2020, 2021]
UNEMPLOYMENT_FILE = "indicators/recovery-tracker/ier_unemployment-province_cleaned.csv"


def load(actor: str = "demo-data") -> dict[str, int]:
    """Idempotent: each piece is created once."""
    created = {"budget_rows": 0, "forecasts": 0, "scenarios": 0}
    if not BudgetImport.objects.filter(generated=True).exists():
        created["budget_rows"] = actions.load_generated_budget(BUDGET_YEARS, actor=actor).rows
    if not ForecastRun.objects.exists():
        actions.start_forecast("poverty-province", horizon=3, actor=actor)
        created["forecasts"] = 1
    if not Scenario.objects.exists():
        actions.save_scenario(
            name="Pengangguran turun 1 poin mulai 2026",
            region_code="",
            target_year=2029,
            changes=[{"parameter": "unemployment_rate", "op": "add", "value": -1.0, "start": 2026}],
            overrides=[],
            actor=actor,
        )
        created["scenarios"] = 1
    _evaluate_forecast_once()
    return created


def _evaluate_forecast_once() -> None:
    """The registry shows a measured figure: semiannual unemployment, 2019 held out."""
    path = settings.DATA_DIR / UNEMPLOYMENT_FILE
    card = card_for("insight.forecast")
    if card.evaluations.filter(dataset_sha256=evaluation.file_sha256(path)).exists():
        return
    options = {
        "csv": str(path),
        "id_col": "province",
        "time_col": "date",
        "value_col": "unemployment_rate",
        "horizon": 2,
        "end": "2019-12-31",
        "models": None,
        "windows": None,
    }
    evaluation.run("insight.forecast", options, actor="demo-data")
