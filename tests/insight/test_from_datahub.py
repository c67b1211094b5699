"""The analyst's whole path: two messy real sources -> one approved dataset -> a forecast of it.

The forecast reads the version the analyst approved (pinned when the run starts), not a
file of its own, so what is forecast is what passed the datahub's checks, with lineage.
"""

from __future__ import annotations

import pytest

from pamong.datahub import actions, demo, published
from pamong.datahub.models import DatasetVersion, VersionStatus
from pamong.insight import sources
from pamong.insight.actions import InsightError, start_forecast
from pamong.insight.models import RunStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(eko, settings, tmp_path, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """BPS's long table and the Recovery Tracker's files, harmonised, checked and approved by Eko."""
    settings.DATAHUB_DIR = tmp_path / "datahub"
    with django_capture_on_commit_callbacks(execute=True):  # the build is queued after commit
        demo.load(analyst=eko)
    version = DatasetVersion.objects.get(dataset__slug=demo.SLUG)
    assert version.status == VersionStatus.REVIEW, version.status
    actions.approve(version, actor=eko, note=demo.NOTE)
    return published.published_version(demo.SLUG)


def test_published_indicators_are_offered_per_indicator_and_frequency(indicators) -> None:
    offered = sources.datasets()
    assert "poverty-province" in offered  # the shipped series stay available
    poverty = f"datahub:{demo.SLUG}:poverty_rate:A"
    assert poverty in offered and f"v{indicators.number}" in offered[poverty]
    assert f"datahub:{demo.SLUG}:unemployment_rate:S" in offered  # Feb/Aug surveys kept apart
    assert f"datahub:{demo.SLUG}:inflation:A" in offered


def test_a_forecast_of_an_approved_dataset_reads_that_version(
    indicators, eko, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    key = f"datahub:{demo.SLUG}:unemployment_rate:S"
    with django_capture_on_commit_callbacks(execute=True):
        run = start_forecast(key, horizon=2, actor=eko, models=["naive"])
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.dataset == f"datahub:{demo.SLUG}@{indicators.number}:unemployment_rate:S"
    frame = sources.series_frame(run.dataset)
    assert set(frame["indicator"]) == {"unemployment_rate"} and set(frame["freq"]) == {"S"}
    series = {s.unique_id: s for s in run.series.all()}
    assert len(series) == frame["region_code"].nunique() >= 34
    jabar = series["32"]
    history = frame[frame["region_code"] == "32"].dropna(subset=["value"]).sort_values("period")
    assert jabar.history["values"][-1] == pytest.approx(history["value"].iloc[-1])
    assert jabar.forecast["periods"][0] > jabar.history["periods"][-1]


def test_an_indicator_the_dataset_does_not_hold_is_refused(indicators, eko) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InsightError, match="unknown dataset"):
        start_forecast(f"datahub:{demo.SLUG}:life_expectancy:A", horizon=2, actor=eko)
