"""Catalog background work (thin: take an id, call the action)."""

from celery import shared_task


@shared_task(name="catalog.process_upload")
def process_upload(upload_id: int) -> str:
    from pamong.catalog.actions import process

    return process(upload_id).status
