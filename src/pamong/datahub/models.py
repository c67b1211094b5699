"""Datasets, their sources (with the saved mapping), versions with lineage, region aliases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Dataset(models.Model):
    """A named set of indicators an office publishes (e.g. provincial development indicators)."""

    slug = models.SlugField(_("kode"), max_length=80, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    checks = models.JSONField(_("pengaturan pemeriksaan"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("dataset")

    def __str__(self) -> str:
        return self.slug

    def published(self) -> DatasetVersion | None:
        return self.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


class ConnectorKind(models.TextChoices):
    CSV = "csv", "CSV"
    EXCEL = "excel", "Excel"
    JSON = "json", "JSON"
    PARQUET = "parquet", "Parquet"
    SQL = "sql", "SQL"
    SDMX = "sdmx", "SDMX"


class Source(models.Model):
    """Where a dataset's rows come from, and how its columns map to the long format.

    The mapping is saved once and reused on every refresh of the source.
    """

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(_("nama sumber"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=ConnectorKind.choices)
    options = models.JSONField(_("opsi pembacaan"), default=dict, blank=True)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    file_path = models.CharField(max_length=1000, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dataset", "name"]
        verbose_name = _("sumber data")
        verbose_name_plural = _("sumber data")

    def __str__(self) -> str:
        return f"{self.dataset.slug}/{self.name}"


class VersionStatus(models.TextChoices):
    QUEUED = "queued", _("antre")
    RUNNING = "running", _("diproses")
    REVIEW = "review", _("menunggu persetujuan analis")
    FAILED = "failed", _("gagal")
    PUBLISHED = "published", _("terbit")
    REJECTED = "rejected", _("ditolak")


class DatasetVersion(models.Model):
    """One build of a dataset from its sources: Parquet file, checks, lineage, approval."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.QUEUED)
    progress = models.FloatField(default=0.0)
    progress_note = models.CharField(max_length=200, blank=True)
    lineage = models.JSONField(default=dict, blank=True)
    checks = models.JSONField(default=list, blank=True)
    review = models.JSONField(default=list, blank=True)
    quality = models.JSONField(default=dict, blank=True)
    score = models.FloatField(null=True, blank=True)
    rows = models.BigIntegerField(default=0)
    parquet_path = models.CharField(max_length=1000, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [models.UniqueConstraint(fields=["dataset", "number"], name="datahub_version_number")]
        verbose_name = _("versi dataset")
        verbose_name_plural = _("versi dataset")

    def __str__(self) -> str:
        return f"{self.dataset.slug} v{self.number}"

    @property
    def unresolved(self) -> int:
        return len(self.review)


class RegionAlias(models.Model):
    """A region name an analyst confirmed: reused in every later build (``-`` = not a region)."""

    example = models.CharField(_("nama seperti tertulis"), max_length=200, unique=True)
    code = models.CharField(_("kode wilayah"), max_length=20, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["example"]
        verbose_name = _("alias wilayah")
        verbose_name_plural = _("alias wilayah")

    def __str__(self) -> str:
        return f"{self.example} -> {self.code or 'Indonesia'}"
