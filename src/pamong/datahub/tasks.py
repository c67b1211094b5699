"""Datahub background work (thin: take an id, call the action)."""

from celery import shared_task


@shared_task(name="datahub.build_version")
def build_version(version_id: int) -> str:
    from pamong.datahub.actions import run_build

    return run_build(version_id).status
