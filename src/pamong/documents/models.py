"""Incoming documents (surat masuk), the steps that read them, dispositions and touch time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.models import Unit


class State(models.TextChoices):
    RECEIVED = "received", _("diterima")
    PROCESSING = "processing", _("sedang dibaca")
    FAILED = "failed", _("gagal (antrean galat)")
    REVIEW = "review", _("menunggu pemeriksaan")
    REGISTERED = "registered", _("teregistrasi")


class Source(models.TextChoices):
    UPLOAD = "upload", _("unggah konsol")
    API = "api", _("API")
    CLI = "cli", _("baris perintah")
    FOLDER = "folder", _("folder pantauan")
    MAIL = "mail", _("kotak surel")
    DEMO = "demo", _("data contoh")


class Document(models.Model):
    """One received file, kept unchanged, and what pamong read and understood from it.

    The ``nomor_surat`` ... ``classification`` columns hold the current values (extracted,
    then as confirmed or corrected by a clerk) so the agenda can search and filter them;
    what the AI proposed and why stays in ``extraction`` and in the decision log.
    """

    original = models.FileField(upload_to="documents/originals/%Y/%m/", max_length=300)
    filename = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveBigIntegerField(_("ukuran"))
    sha256 = models.CharField(max_length=64, unique=True)
    mime = models.CharField(_("jenis berkas"), max_length=100, blank=True)
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.RECEIVED)
    error = models.TextField(_("alasan galat"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("diterima"), default=timezone.now, db_index=True)

    # reading
    text = models.TextField(blank=True)
    text_source = models.CharField(max_length=40, blank=True)  # layer, ocr, mixed, docx, image, text, email
    pages = models.PositiveIntegerField(default=0)
    ocr_pages = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True)  # what reading noticed (macros, pages skipped)

    # understanding
    extraction = models.JSONField(default=dict, blank=True)
    decisions = models.JSONField(default=dict, blank=True)  # function key -> decision id
    review_reasons = models.JSONField(default=list, blank=True)
    redacted_text = models.TextField(blank=True)

    # current values (the agenda)
    doc_type = models.CharField(_("jenis naskah"), max_length=40, blank=True, db_index=True)
    nomor_surat = models.CharField(_("nomor surat"), max_length=120, blank=True, db_index=True)
    tanggal = models.DateField(_("tanggal surat"), null=True, blank=True)
    perihal = models.CharField(_("perihal"), max_length=500, blank=True)
    pengirim = models.CharField(_("pengirim"), max_length=300, blank=True)
    sifat = models.CharField(_("sifat"), max_length=40, blank=True)
    classification = models.CharField(_("kode klasifikasi"), max_length=30, blank=True, db_index=True)
    summary = models.TextField(_("ringkasan"), blank=True)

    registered_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("surat masuk")
        verbose_name_plural = _("surat masuk")

    def __str__(self) -> str:
        return f"#{self.pk} {self.nomor_surat or self.filename}"[:300]

    @property
    def scanned(self) -> bool:
        return self.ocr_pages > 0

    @property
    def subject(self) -> str:
        """How decisions and audit entries refer to this document."""
        return f"documents.document:{self.pk}"


class StepOutcome(models.TextChoices):
    RUNNING = "running", _("berjalan")
    OK = "ok", _("berhasil")
    FAILED = "failed", _("gagal")


class PipelineStep(models.Model):
    """One run of one pipeline step on one document: when, how long, how it ended."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(max_length=40)
    attempt = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=StepOutcome.choices, default=StepOutcome.RUNNING)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} #{self.attempt} {self.outcome}"


class Disposition(models.Model):
    """A letter sent to a unit to handle, with its instruction and whether the unit read it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="dispositions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dispositions")
    instruction = models.CharField(_("instruksi"), max_length=500, blank=True)
    suggested = models.BooleanField(default=False)  # the AI's suggestion, not yet confirmed
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document_id} -> {self.unit_id}"


class ReviewSession(models.Model):
    """Touch time: one person's time on one document's review, and which fields they changed."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seconds = models.FloatField()
    fields_changed = models.JSONField(default=list, blank=True)
    doc_type = models.CharField(max_length=40, blank=True)
    scanned = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.seconds}s"
