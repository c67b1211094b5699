"""Insight background work: thin tasks that take ids and call the actions."""

from celery import shared_task


@shared_task(name="insight.start_forecast")
def start_forecast(run_id: int) -> int:
    """Split a run into chunks of series and fan them out (a group of chunk tasks)."""
    from celery import group

    from pamong.insight.actions import plan_chunks

    chunks = plan_chunks(run_id)
    group(forecast_chunk.s(run_id, ids) for ids in chunks).apply_async()
    return len(chunks)


@shared_task(name="insight.forecast_chunk")
def forecast_chunk(run_id: int, series_ids: list[str]) -> int:
    from pamong.insight.actions import run_chunk

    return run_chunk(run_id, series_ids)
