"""The pipeline a received document goes through: small ordered steps, each recorded.

As in Paperless-ngx's consumer, each step is one function of the document. A step's run
is a ``PipelineStep`` row (started, duration, outcome, error); a step that succeeded is
not run again, so a retry after a failure (or after a worker died mid-document) resumes
at the step that did not finish. Any failure puts the document in the error queue with
its reason; nothing is half-registered, because only the last step makes it visible in
the agenda.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.utils import timezone

from pamong.core.audit import record
from pamong.documents.models import Document, PipelineStep, State, StepOutcome
from pamong.documents.reading import ReadError, read

log = logging.getLogger(__name__)


@contextmanager
def local_copy(document: Document) -> Iterator[Path]:
    """A path to the original on this machine (object storage has no path: copy it)."""
    try:
        yield Path(document.original.path)
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="pamong-doc-") as folder:
        target = Path(folder) / "original"
        with document.original.open("rb") as source, open(target, "wb") as sink:
            shutil.copyfileobj(source, sink)
        yield target


def read_step(document: Document) -> list[str]:
    with local_copy(document) as path:
        reading = read(path, document.mime)
    document.text = reading.text.replace("\x00", "")
    document.text_source = reading.source
    document.pages = reading.pages
    document.ocr_pages = reading.ocr_pages
    document.notes = reading.notes
    return ["text", "text_source", "pages", "ocr_pages", "notes"]


def understand_step(document: Document) -> list[str]:
    from pamong.documents.understanding import understand

    return understand(document)


def file_step(document: Document) -> list[str]:
    from pamong.documents.understanding import file_document

    return file_document(document)


STEPS: list[tuple[str, Callable[[Document], list[str]]]] = [
    ("read", read_step),
    ("understand", understand_step),
    ("file", file_step),
]


def done_steps(document: Document) -> set[str]:
    return set(document.steps.filter(outcome=StepOutcome.OK).values_list("name", flat=True))


def claim(document_id: int) -> Document | None:
    """Mark the document as being read; None when it is already through (a repeated delivery)."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.state in (State.REVIEW, State.REGISTERED, State.FAILED):
            return None
        # A step left running by a worker that died is marked as interrupted before resuming.
        document.steps.filter(outcome=StepOutcome.RUNNING).update(
            outcome=StepOutcome.FAILED, error="terhenti (proses pekerja berhenti di tengah langkah)"
        )
        document.state = State.PROCESSING
        document.save(update_fields=["state"])
    return document


def run(document_id: int) -> Document | None:
    """Run every step not yet done, in order; a failure stops the run and files the reason."""
    document = claim(document_id)
    if document is None:
        return Document.objects.filter(pk=document_id).first()
    done = done_steps(document)
    for name, step in STEPS:
        if name in done:
            continue
        attempt = document.steps.filter(name=name).count() + 1
        entry = PipelineStep.objects.create(document=document, name=name, attempt=attempt)
        started = time.perf_counter()
        try:
            changed = step(document)
        except ReadError as error:
            return fail(document, entry, started, error.reason)
        except SoftTimeLimitExceeded:
            log.warning("document %s: step %s ran out of time", document.pk, name)
            return fail(document, entry, started, timed_out(name))
        except Exception as error:
            log.exception("document %s: step %s failed", document.pk, name)
            return fail(
                document,
                entry,
                started,
                f"galat tak terduga pada langkah {name}: {error.__class__.__name__}: {error}"[:500],
            )
        with transaction.atomic():
            document.save(update_fields=changed or None)
            entry.outcome = StepOutcome.OK
            entry.duration_ms = round((time.perf_counter() - started) * 1000)
            entry.save(update_fields=["outcome", "duration_ms"])
    return document


def timed_out(step: str) -> str:
    """The reason a document that hit the worker's time limit gives the clerk (a retry may pass
    on a quieter machine; the same file failing again points at the file)."""
    from pamong.documents.tasks import SOFT_TIME_LIMIT

    return (
        f"waktu pemrosesan habis pada langkah {step} (batas {SOFT_TIME_LIMIT // 60} menit); "
        "coba lagi, dan bila gagal lagi minta pengirim mengirim ulang berkasnya"
    )


def fail(document: Document, entry: PipelineStep, started: float, reason: str) -> Document:
    with transaction.atomic():
        entry.outcome = StepOutcome.FAILED
        entry.error = reason
        entry.duration_ms = round((time.perf_counter() - started) * 1000)
        entry.save(update_fields=["outcome", "error", "duration_ms"])
        Document.objects.filter(pk=document.pk).update(state=State.FAILED, error=reason)
        document.state, document.error = State.FAILED, reason
        record("worker", "documents.document.failed", document, step=entry.name, reason=reason)
    return document


def stalled(queryset=None, *, minutes: float | None = None):  # type: ignore[no-untyped-def]
    """Documents still 'being read' long after they started: their worker most likely died."""
    from django.conf import settings

    minutes = settings.DOCUMENTS_STALE_MINUTES if minutes is None else minutes
    cutoff = timezone.now() - timezone.timedelta(minutes=minutes)
    queryset = queryset if queryset is not None else Document.objects.all()
    return queryset.filter(state__in=(State.RECEIVED, State.PROCESSING), received_at__lt=cutoff).exclude(
        steps__started_at__gte=cutoff
    )
