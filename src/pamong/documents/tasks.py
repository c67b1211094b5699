"""Background work of the documents app (thin: take an id, call the domain function)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="documents.process")
def process_document(document_id: int) -> str:
    from pamong.documents.pipeline import run

    document = run(document_id)
    return document.state if document is not None else "missing"


@shared_task(name="documents.retrain")
def retrain() -> dict:
    from pamong.documents.learning import retrain_all

    return retrain_all(actor="scheduler")
