"""Background work of the documents app (thin: take an id, call the domain function)."""

from __future__ import annotations

from celery import shared_task

SOFT_TIME_LIMIT = 15 * 60
"""Seconds one document may take in a worker before ``SoftTimeLimitExceeded`` is raised in it.

The pipeline then files the document in the error queue with the reason, so one stuck
letter does not hold a worker. Far above the slowest legitimate letter (30 OCR pages at
about 1.6 pages/s) and below ``DOCUMENTS_STALE_MINUTES``. Not read from settings: those
belong to the project, and the limit belongs to this task.
"""

TIME_LIMIT = SOFT_TIME_LIMIT + 60
"""Seconds before the worker process is killed outright.

The soft limit is a signal Python handles between bytecodes, so a call that never returns
from C (a stuck pypdfium2 render) ignores it; only this kill frees the worker. The
document is then left 'being read' and ``pipeline.stalled`` offers it for retry.
"""


@shared_task(name="documents.process", soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT)
def process_document(document_id: int) -> str:
    from pamong.documents.pipeline import run

    document = run(document_id)
    return document.state if document is not None else "missing"


@shared_task(name="documents.retrain")
def retrain() -> dict:
    from pamong.documents.learning import retrain_all

    return retrain_all(actor="scheduler")
