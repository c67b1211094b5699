"""Insight JSON API for analysts' own tools (session login; the analyst role is required)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from pamong.core import roles
from pamong.insight import actions, sources
from pamong.insight.models import ForecastRun, Scenario

router = Router(tags=["insight"], auth=django_auth)


class ForecastRequest(Schema):
    dataset: str
    horizon: int
    models: list[str] | None = None


def _allowed(request: HttpRequest) -> None:
    if not roles.can_use_insight(request.user):
        raise HttpError(403, "the analyst role is required")


@router.get("/datasets")
def datasets(request):  # type: ignore[no-untyped-def]
    _allowed(request)
    return sources.datasets()


@router.post("/forecasts", response={201: dict})
def start_forecast(request, body: ForecastRequest):  # type: ignore[no-untyped-def]
    _allowed(request)
    try:
        run = actions.start_forecast(
            body.dataset, horizon=body.horizon, actor=request.user, models=body.models
        )
    except actions.InsightError as error:
        raise HttpError(422, str(error)) from None
    run.refresh_from_db()
    return 201, {"id": run.pk, "status": run.status}


@router.get("/forecasts/{run_id}")
def forecast(request, run_id: int):  # type: ignore[no-untyped-def]
    _allowed(request)
    run = get_object_or_404(ForecastRun, pk=run_id)
    return {
        "id": run.pk,
        "dataset": run.dataset,
        "horizon": run.horizon,
        "status": run.status,
        "error": run.error,
        "summary": run.summary,
        "series": [
            {
                "region_code": s.unique_id,
                "region": s.label,
                "model": s.model,
                "naive_shown": s.abstained,
                "skill": s.skill,
                "backtest_mase": s.backtest,
                "forecast": s.forecast,
            }
            for s in run.series.all()
        ],
    }


@router.get("/scenarios/{scenario_id}")
def scenario(request, scenario_id: int):  # type: ignore[no-untyped-def]
    _allowed(request)
    saved = get_object_or_404(Scenario, pk=scenario_id)
    return {
        "id": saved.pk,
        "name": saved.name,
        "changes": saved.changes,
        "overrides": saved.overrides,
        "result": saved.result,
    }
