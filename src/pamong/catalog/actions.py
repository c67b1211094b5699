"""Catalog writes from the console: each audited, slow work queued after commit."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.catalog.importing import CatalogImportError, import_catalog
from pamong.catalog.models import CatalogUpload, UploadStatus
from pamong.core.audit import record


def submit_upload(filename: str, raw: bytes, *, actor: Any, prune: bool = False) -> CatalogUpload:
    """Store an uploaded catalog file and queue its import."""
    from pamong.catalog.tasks import process_upload

    if len(raw) > settings.CATALOG_MAX_BYTES:
        raise CatalogImportError(
            [
                _("Berkas %(size)s bait melebihi batas %(limit)s bait.")
                % {"size": len(raw), "limit": settings.CATALOG_MAX_BYTES}
            ]
        )
    with transaction.atomic():
        upload = CatalogUpload.objects.create(
            filename=filename[:255],
            content=raw,
            sha256=hashlib.sha256(raw).hexdigest(),
            prune=prune,
            uploaded_by=actor,
        )
        record(actor, "catalog.upload.submitted", upload, size=len(raw), prune=prune)
        transaction.on_commit(lambda: process_upload.delay(upload.pk))
    return upload


def process(upload_id: int) -> CatalogUpload:
    """Run one queued import; a second delivery of the same task does nothing."""
    with transaction.atomic():
        upload = CatalogUpload.objects.select_for_update().get(pk=upload_id)
        if upload.status != UploadStatus.QUEUED:
            return upload
        upload.status = UploadStatus.RUNNING
        upload.save(update_fields=["status"])
    try:
        result = import_catalog(
            [(upload.filename, bytes(upload.content))], actor=upload.uploaded_by, prune=upload.prune
        )
    except CatalogImportError as error:
        upload.status, upload.problems = UploadStatus.FAILED, error.problems
    else:
        upload.status = UploadStatus.DONE
        upload.result = {
            "created": result.created,
            "updated": result.updated,
            "deactivated": result.deactivated,
            "faq": result.faq_count,
        }
    upload.finished_at = timezone.now()
    upload.save(update_fields=["status", "problems", "result", "finished_at"])
    record("worker", f"catalog.upload.{upload.status}", upload, problems=len(upload.problems))
    return upload
