"""Every write of the documents app: receive, retry, confirm, correct, dispose, read.

Each action opens its transaction, writes the audit entry, and queues follow-up work
with ``transaction.on_commit``; the console, the API, the CLI and the tasks call these.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.audit import record
from pamong.core.models import Unit
from pamong.documents import sniff
from pamong.documents.models import Disposition, Document, State
from pamong.documents.pipeline import stalled

CHUNK = 1 << 20
EXTENSIONS = {
    sniff.PDF: ".pdf",
    sniff.DOCX: ".docx",
    sniff.DOCM: ".docm",
    sniff.PNG: ".png",
    sniff.JPEG: ".jpg",
    sniff.TIFF: ".tif",
    sniff.EMAIL: ".eml",
    sniff.TEXT: ".txt",
}


class IntakeError(ValueError):
    """A file refused at the door (too large, empty); nothing was stored."""


class Duplicate(IntakeError):
    """The same bytes were received before: ``existing`` is that document."""

    def __init__(self, existing: Document) -> None:
        super().__init__(_("Berkas ini sudah pernah diterima sebagai surat #%(pk)s.") % {"pk": existing.pk})
        self.existing = existing


def _spool(stream: IO[bytes], folder: str) -> tuple[Path, str, int]:
    """Copy the upload to a temporary file while hashing it, refusing it past the size limit."""
    target = Path(folder) / "incoming"
    digest, size = hashlib.sha256(), 0
    with open(target, "wb") as sink:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > settings.DOCUMENTS_MAX_BYTES:
                raise IntakeError(
                    _("Berkas melebihi batas %(limit)s MB.")
                    % {"limit": settings.DOCUMENTS_MAX_BYTES // (1 << 20)}
                )
            digest.update(chunk)
            sink.write(chunk)
    return target, digest.hexdigest(), size


def receive(filename: str, stream: IO[bytes], *, source: str, actor: Any = None) -> Document:
    """Keep the original unchanged, register it once (by SHA-256), and queue its reading."""
    from pamong.documents.tasks import process_document

    with tempfile.TemporaryDirectory(prefix="pamong-in-") as folder:
        path, sha, size = _spool(stream, folder)
        if size == 0:
            raise IntakeError(_("Berkas kosong (0 bait)."))
        existing = Document.objects.filter(sha256=sha).first()
        if existing is not None:
            raise Duplicate(existing)
        mime = sniff.sniff(path)
        name = f"documents/originals/{sha[:2]}/{sha}{EXTENSIONS.get(mime, '.bin')}"
        with open(path, "rb") as handle:
            stored = default_storage.save(name, File(handle))
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            document = Document.objects.create(
                original=stored,
                filename=Path(filename).name[:255] or "berkas",
                size=size,
                sha256=sha,
                mime=mime,
                source=source,
                uploaded_by=user,
            )
            record(
                actor or source, "documents.document.received", document, size=size, mime=mime, source=source
            )
            transaction.on_commit(lambda: process_document.delay(document.pk))
    except IntegrityError:  # the same file arrived twice at once: keep the first
        default_storage.delete(stored)
        raise Duplicate(Document.objects.get(sha256=sha)) from None
    except BaseException:
        default_storage.delete(stored)  # nothing half-registered: no row, no orphan file
        raise
    return document


def receive_path(path: Path, *, source: str, actor: Any = None) -> Document:
    with open(path, "rb") as handle:
        return receive(path.name, handle, source=source, actor=actor)


def retryable(document: Document, *, stale_minutes: float | None = None) -> bool:
    single = Document.objects.filter(pk=document.pk)
    return document.state == State.FAILED or stalled(single, minutes=stale_minutes).exists()


def retry(document: Document, *, actor: Any, stale_minutes: float | None = None) -> Document:
    """Put a failed (or stalled) document back in the pipeline; it resumes at the failed step."""
    from pamong.documents.tasks import process_document

    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if not retryable(document, stale_minutes=stale_minutes):
            return document
        previous = document.error
        document.state, document.error = State.RECEIVED, ""
        document.save(update_fields=["state", "error"])
        record(actor, "documents.document.retried", document, previous_error=previous)
        transaction.on_commit(lambda: process_document.delay(document.pk))
    return document


def reprocess(document: Document, *, actor: Any) -> Document:
    """Read and understand a document again from the start (after a new model or OCR fix)."""
    from pamong.documents.tasks import process_document

    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        document.steps.all().delete()
        document.state, document.error = State.RECEIVED, ""
        document.save(update_fields=["state", "error"])
        record(actor, "documents.document.reprocessed", document)
        transaction.on_commit(lambda: process_document.delay(document.pk))
    return document


def dispose(document: Document, unit: Unit, *, actor: Any, instruction: str = "") -> Disposition:
    """Send the letter to a unit to handle (a disposition), audited."""
    with transaction.atomic():
        disposition = Disposition.objects.create(
            document=document, unit=unit, instruction=instruction[:500], created_by=actor
        )
        document.dispositions.filter(suggested=True).delete()
        record(
            actor, "documents.disposition.created", document, unit=unit.code, instruction=instruction[:500]
        )
    return disposition


def mark_read(disposition: Disposition, *, actor: Any) -> Disposition:
    with transaction.atomic():
        if disposition.read_at is None:
            disposition.read_at, disposition.read_by = timezone.now(), actor
            disposition.save(update_fields=["read_at", "read_by"])
            record(actor, "documents.disposition.read", disposition.document, unit=disposition.unit.code)
    return disposition


def view_original(document: Document, *, actor: Any, redacted: bool) -> None:
    """Every look at a letter's content is audited (it may carry personal data, UU 27/2022)."""
    record(
        actor,
        "documents.document.redacted_viewed" if redacted else "documents.document.original_viewed",
        document,
    )


EDITABLE = ("nomor_surat", "tanggal", "perihal", "pengirim", "sifat", "doc_type", "classification")
FIELD_FUNCTION = {
    "nomor_surat": "documents.fields",
    "tanggal": "documents.fields",
    "perihal": "documents.fields",
    "pengirim": "documents.fields",
    "sifat": "documents.fields",
    "doc_type": "documents.type",
    "classification": "documents.classification",
    "unit": "documents.disposition",
}


def _as_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def confirm(
    document: Document,
    *,
    actor: Any,
    values: dict[str, Any],
    seconds: float,
    instruction: str = "",
    touch: bool = True,
) -> Any:
    """A clerk confirms a letter in one action, correcting any field on the way.

    Each corrected field becomes an override of its function's decision (a
    ``DecisionReview``), the other functions' decisions are confirmed; the time spent and
    the fields changed are kept as touch time. Only confirmed letters train the models.
    """
    from pamong.ai.decisions import review
    from pamong.ai.models import Decision
    from pamong.documents.models import ReviewSession

    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.state not in (State.REVIEW, State.REGISTERED):
            raise IntakeError(_("Surat ini belum selesai dibaca; coba lagi dari antrean galat dahulu."))
        changed: dict[str, Any] = {}
        for name in EDITABLE:
            if name not in values:
                continue
            new = values[name]
            if _as_text(getattr(document, name)) != _as_text(new):
                changed[name] = new.isoformat() if hasattr(new, "isoformat") else _as_text(new)
                setattr(document, name, new if name == "tanggal" else _as_text(new))
        suggested_unit = (document.extraction.get("disposition") or {}).get("value")
        unit = values.get("unit")
        if unit is not None:
            if unit.code != suggested_unit:
                changed["unit"] = unit.code
            if not document.dispositions.filter(suggested=False, unit=unit).exists():
                document.dispositions.filter(suggested=True).delete()
                Disposition.objects.create(
                    document=document, unit=unit, instruction=instruction[:500], created_by=actor
                )
                record(
                    actor,
                    "documents.disposition.created",
                    document,
                    unit=unit.code,
                    instruction=instruction[:500],
                )
        for key, decision_id in (document.decisions or {}).items():
            decision = Decision.objects.filter(pk=decision_id).first()
            if decision is None:
                continue
            corrections = {name: value for name, value in changed.items() if FIELD_FUNCTION.get(name) == key}
            review(decision, reviewer=actor, corrected_output=corrections or None)
        document.state = State.REGISTERED
        document.confirmed_at, document.confirmed_by = timezone.now(), actor
        document.review_reasons = []
        document.save()
        session = None
        if touch:  # a person's review; loading demo data or a migration is not touch time
            session = ReviewSession.objects.create(
                document=document,
                reviewer=actor,
                seconds=round(max(seconds, 0.0), 1),
                fields_changed=sorted(changed),
                doc_type=document.doc_type,
                scanned=document.ocr_pages > 0,
            )
        record(actor, "documents.document.confirmed", document, changed=changed, seconds=round(seconds, 1))
    return session
