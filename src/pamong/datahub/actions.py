"""Every datahub write: add a source, build a version, confirm region names, approve or reject.

Each action opens the transaction, writes the audit entry and queues slow work (the
build) with ``transaction.on_commit``; the console, the API, the CLI and the Celery
task all call these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pamong.ai.decisions import decide
from pamong.ai.functions import Prediction
from pamong.ai.registry import get
from pamong.core.audit import record
from pamong.datahub import storage
from pamong.datahub.mapping import Mapping
from pamong.datahub.models import Dataset, DatasetVersion, RegionAlias, Source, VersionStatus
from pamong.datahub.regions import NOT_A_REGION, Resolver, confirmed_aliases, normalise_code


class DatahubError(ValueError):
    """A request the datahub refuses, with the reason for the analyst."""


def create_dataset(
    title: str, *, actor: Any, slug: str = "", description: str = "", checks: dict | None = None
) -> Dataset:
    slug = slugify(slug or title)[:80]
    if not slug:
        raise DatahubError(_("Dataset perlu judul."))
    with transaction.atomic():
        dataset, created = Dataset.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title[:200],
                "description": description,
                "checks": checks or {},
                "created_by": _user(actor),
            },
        )
        if created:
            record(actor, "datahub.dataset.created", dataset, title=title)
    return dataset


def add_source(
    dataset: Dataset,
    name: str,
    *,
    kind: str,
    actor: Any,
    path: str = "",
    mapping: dict | Mapping | None = None,
    options: dict | None = None,
    replace: bool = True,
) -> Source:
    """Register a source (a stored upload, a server path, or a SQL query) with its mapping.

    A source of the same name in the dataset is replaced (a refresh: the command line,
    ``replace_file``) unless ``replace`` is false, as from the console, where a new source
    must not silently take the place of another one; then a ``DatahubError`` says so.
    """
    mapping_dict = (
        mapping.to_dict() if isinstance(mapping, Mapping) else Mapping.from_dict(mapping or {}).to_dict()
    )
    # a source without a file (an SQL query) keeps nothing of the file it may replace
    file_fields: dict[str, Any] = {"file_path": "", "file_name": "", "file_sha256": "", "file_size": 0}
    if path:
        file = Path(path)
        if not file.is_file():
            raise DatahubError(_("Tidak ada berkas di %(path)s.") % {"path": path})
        file_fields = {
            "file_path": str(file.resolve()),
            "file_name": file.name,
            "file_sha256": storage.file_sha256(file),
            "file_size": file.stat().st_size,
        }
    with transaction.atomic():
        existing = same_name(dataset, name)
        if existing is not None and not replace:
            raise DatahubError(name_taken_message(existing))
        source, created = Source.objects.update_or_create(
            dataset=dataset,
            name=name[:200],
            defaults={
                "kind": kind,
                "options": options or {},
                "mapping": mapping_dict,
                "created_by": _user(actor),
                **file_fields,
            },
        )
        record(
            actor,
            "datahub.source.saved",
            source,
            kind=kind,
            created=created,
            replaced_kind=existing.kind if existing is not None else "",
            file=file_fields["file_name"],
            sha256=file_fields["file_sha256"],
        )
    return source


def same_name(dataset: Dataset | None, name: str) -> Source | None:
    """The dataset's source already called ``name`` (names identify sources within a dataset)."""
    if dataset is None or dataset.pk is None:
        return None
    return dataset.sources.filter(name=name[:200]).first()


def name_taken_message(source: Source) -> str:
    """Why a new source was refused: which source has the name, and the two ways on."""
    what = source.file_name or source.options.get("database", "")
    return _(
        "Dataset %(dataset)s sudah punya sumber bernama %(name)s (%(kind)s%(what)s). Pilih nama lain, "
        "atau centang “Ganti sumber yang ada” untuk menggantinya."
    ) % {
        "dataset": source.dataset.slug,
        "name": source.name,
        "kind": source.get_kind_display(),
        "what": f": {what}" if what else "",
    }


def save_mapping(source: Source, mapping: Mapping, *, actor: Any) -> Source:
    with transaction.atomic():
        source.mapping = mapping.to_dict()
        source.save(update_fields=["mapping", "updated_at"])
        record(actor, "datahub.source.mapped", source, mapping=source.mapping)
    return source


def replace_file(source: Source, path: str, *, actor: Any) -> Source:
    """A refresh: the same source and mapping, a new file."""
    return add_source(
        source.dataset,
        source.name,
        kind=source.kind,
        actor=actor,
        path=path,
        mapping=source.mapping,
        options=source.options,
    )


_progress_listeners: list[Callable[[float, str], None]] = []


@contextmanager
def progress_listener(listener: Callable[[float, str], None]) -> Iterator[None]:
    """Also tell ``listener`` how a build in this process advances (the command line's
    progress line in the embedded default, where the build runs before the command can poll)."""
    _progress_listeners.append(listener)
    try:
        yield
    finally:
        _progress_listeners.remove(listener)


def request_build(dataset: Dataset, *, actor: Any) -> DatasetVersion:
    """Queue a new version built from the dataset's sources with their saved mappings."""
    from pamong.datahub.tasks import build_version

    if not dataset.sources.exists():
        raise DatahubError(_("Tambahkan sumber sebelum membangun dataset."))
    with transaction.atomic():
        Dataset.objects.select_for_update().get(pk=dataset.pk)
        number = (dataset.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = DatasetVersion.objects.create(dataset=dataset, number=number, created_by=_user(actor))
        record(actor, "datahub.version.requested", version, number=number)
        transaction.on_commit(lambda: build_version.delay(version.pk))
    return version


def run_build(version_id: int) -> DatasetVersion:
    """Build one queued version (the task's body); a second delivery of the task does nothing."""
    from pamong.datahub.pipeline import SourceInput, build

    with transaction.atomic():
        version = DatasetVersion.objects.select_for_update().select_related("dataset").get(pk=version_id)
        if version.status != VersionStatus.QUEUED:
            return version
        version.status, version.progress, version.progress_note = VersionStatus.RUNNING, 0.0, _("dimulai")
        version.save(update_fields=["status", "progress", "progress_note"])
    dataset = version.dataset
    sources = [
        SourceInput(s.name, s.kind, s.file_path, s.options, Mapping.from_dict(s.mapping), s.file_sha256)
        for s in dataset.sources.order_by("pk")
    ]

    def progress(share: float, note: str) -> None:
        DatasetVersion.objects.filter(pk=version.pk).update(
            progress=round(share, 3), progress_note=note[:200]
        )
        for listener in list(_progress_listeners):
            listener(share, note)

    output = storage.version_path(dataset.slug, version.number)
    resolver = Resolver(confirmed_aliases())
    try:
        result = build(
            sources,
            output=str(output),
            staging=str(storage.staging_path(dataset.slug, version.number)),
            dataset_checks=dataset.checks,
            resolver=resolver,
            progress=progress,
        )
    except Exception as error:  # a bad source must end as a failed version with its reason, never a stuck one
        version.status, version.error = VersionStatus.FAILED, f"{error.__class__.__name__}: {error}"[:4000]
        version.finished_at = timezone.now()
        version.save(update_fields=["status", "error", "finished_at"])
        record("worker", "datahub.version.failed", version, error=version.error[:500])
        return version
    _log_resolutions(version, result.resolutions)
    version.status = VersionStatus.REVIEW
    version.rows, version.parquet_path = result.rows, str(output)
    version.checks, version.review, version.quality = result.findings.as_list(), result.review, result.quality
    version.score = result.quality["score"]
    version.lineage = {
        "sources": result.sources,
        "checks_config": dataset.checks,
        "indicators": result.indicators,
        "region_resolver": get("datahub.regions").model_version(),
        "excluded_rows": result.excluded_rows,
        "seconds": result.seconds,
    }
    version.progress, version.progress_note, version.finished_at = 1.0, _("selesai"), timezone.now()
    version.save()
    record(
        "worker",
        "datahub.version.built",
        version,
        rows=result.rows,
        score=version.score,
        unresolved=len(result.review),
    )
    return version


def _log_resolutions(version: DatasetVersion, resolutions: dict) -> None:
    """Each distinct region name resolved in a build is a decision of ``datahub.regions``."""
    function = get("datahub.regions")
    model_version = function.model_version()
    for name, resolution in resolutions.items():
        if resolution.method in ("empty",):
            continue
        decide(
            "datahub.regions",
            Prediction(
                resolution.code, resolution.confidence, list(resolution.alternatives), resolution.method
            ),
            model_version=model_version,
            input_text=name,
            output={"name": name[:200], "code": resolution.code, "level": resolution.level},
            subject=f"datahub.version:{version.pk}",
            channel="datahub",
        )


def confirm_region(name: str, code: str, *, actor: Any) -> RegionAlias:
    """An analyst says what a name means: a region code, '' for Indonesia, '-' for not a region."""
    code = code.strip()
    if code not in ("", NOT_A_REGION):
        normalised = normalise_code(code)
        if normalised is None:
            raise DatahubError(_("%(code)s bukan kode wilayah Kemendagri.") % {"code": code})
        code = normalised
    with transaction.atomic():
        alias, _created = RegionAlias.objects.update_or_create(
            example=name.strip()[:200], defaults={"code": code, "confirmed_by": _user(actor)}
        )
        record(actor, "datahub.region.confirmed", alias, name=name[:200], code=code)
    return alias


def rebuild(version: DatasetVersion, *, actor: Any) -> DatasetVersion:
    """Build a version again (after names were confirmed): a new version number, same sources."""
    if version.status == VersionStatus.PUBLISHED:
        raise DatahubError(_("Versi yang sudah terbit tidak dapat diubah. Bangun versi baru."))
    return request_build(version.dataset, actor=actor)


def approve(version: DatasetVersion, *, actor: Any, note: str = "") -> DatasetVersion:
    """Publish a version: only an analyst, only when every region name is settled and no error is left open."""
    with transaction.atomic():
        version = DatasetVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.REVIEW:
            raise DatahubError(
                _(
                    "Hanya versi yang menunggu persetujuan yang dapat disetujui (status versi ini: %(status)s)."
                )
                % {"status": version.get_status_display()}
            )
        if version.review:
            raise DatahubError(
                _("%(count)s nama wilayah masih perlu diputuskan.") % {"count": len(version.review)}
            )
        errors = [c for c in version.checks if c["severity"] == "error"]
        if errors and not note.strip():
            raise DatahubError(_("Versi ini memiliki galat. Untuk menyetujuinya, tulis catatan alasannya."))
        version.status, version.approved_by, version.approved_at = (
            VersionStatus.PUBLISHED,
            _user(actor),
            timezone.now(),
        )
        version.decision_note = note
        version.lineage = {
            **version.lineage,
            "approved_by": getattr(actor, "username", str(actor)),
            "approved_at": version.approved_at.isoformat(),
        }
        version.save()
        record(actor, "datahub.version.published", version, score=version.score, note=note[:500])
    return version


def reject(version: DatasetVersion, *, actor: Any, note: str) -> DatasetVersion:
    with transaction.atomic():
        version = DatasetVersion.objects.select_for_update().get(pk=version.pk)
        if version.status == VersionStatus.PUBLISHED:
            raise DatahubError(_("Versi yang sudah terbit tidak dapat ditolak."))
        version.status, version.decision_note = VersionStatus.REJECTED, note
        version.save(update_fields=["status", "decision_note"])
        record(actor, "datahub.version.rejected", version, note=note[:500])
    return version


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
