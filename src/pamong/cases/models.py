"""Applications and complaints: the case, its history, files, drafts, notifications, SLA tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pamong.cases.workflow import Status
from pamong.core.models import AppendOnlyModel, Bilingual, Unit


class Kind(models.TextChoices):
    """As in SP4N-LAPOR!: complaint, aspiration, information request; plus service applications."""

    COMPLAINT = "complaint", _("pengaduan")
    ASPIRATION = "aspiration", _("aspirasi")
    INFORMATION = "information", _("permintaan informasi")
    APPLICATION = "application", _("permohonan layanan")


class Category(Bilingual, models.Model):
    """A complaint category (infrastruktur, kependudukan, pungli...) with its default unit and SLA."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name_id = models.CharField(_("nama"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=120, blank=True)
    description_id = models.CharField(_("keterangan"), max_length=300, blank=True)
    description_en = models.CharField(_("keterangan (Inggris)"), max_length=300, blank=True)
    default_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit bawaan")
    )
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = pgettext_lazy("jamak", "kategori pengaduan")

    def __str__(self) -> str:
        return self.name_id

    @property
    def name(self) -> str:
        return self.t("name")


class SlaPolicy(models.Model):
    """Working-day deadlines for one category or one service (Perpres 76/2013: 3 / 5 / 60)."""

    category = models.OneToOneField(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="sla"
    )
    service = models.OneToOneField(
        "catalog.Service", on_delete=models.CASCADE, null=True, blank=True, related_name="sla"
    )
    verify_days = models.PositiveSmallIntegerField(_("verifikasi (hari kerja)"), default=3)
    respond_days = models.PositiveSmallIntegerField(_("tindak lanjut pertama (hari kerja)"), default=5)
    resolve_days = models.PositiveSmallIntegerField(_("penyelesaian (hari kerja)"), default=60)

    class Meta:
        verbose_name = _("standar waktu")
        verbose_name_plural = pgettext_lazy("jamak", "standar waktu")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__isnull=False) | models.Q(service__isnull=False),
                name="sla_policy_has_subject",
            )
        ]

    def __str__(self) -> str:
        subject = self.category or self.service
        return f"{subject}: {self.verify_days}/{self.respond_days}/{self.resolve_days}"


class Holiday(models.Model):
    """A day off that is not in the national calendar package: cuti bersama, regional holidays."""

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("nama"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = pgettext_lazy("jamak", "hari libur")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class Case(models.Model):
    """One application or complaint, from submission to closing."""

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    tracking_number = models.CharField(_("nomor lacak"), max_length=20, unique=True)
    secret_hash = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    channel = models.CharField(_("kanal"), max_length=20, default="web")
    language = models.CharField(_("bahasa"), max_length=2, default="id")

    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"))
    fields = models.JSONField(_("isian"), default=dict, blank=True)

    region_code = models.CharField(_("kode wilayah"), max_length=20, blank=True, db_index=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # An Open311 client's link to its own photo: shown to officers as an outside link, never fetched.
    media_url = models.URLField(_("tautan media"), max_length=2000, blank=True)

    anonymous = models.BooleanField(_("anonim"), default=False)
    confidential = models.BooleanField(_("rahasia"), default=False)
    citizen_name = models.CharField(_("nama pelapor"), max_length=150, blank=True)
    citizen_nik = models.CharField(_("NIK"), max_length=16, blank=True)
    citizen_phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    citizen_email = models.EmailField(_("e-mail"), blank=True)

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    routing_decision = models.ForeignKey(
        "ai.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    urgent = models.BooleanField(_("mendesak"), default=False)
    urgency_reasons = models.JSONField(default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )

    submitted_at = models.DateTimeField(_("diajukan"), default=timezone.now, db_index=True)
    verify_due = models.DateField(_("batas verifikasi"))
    respond_due = models.DateField(_("batas tindak lanjut"))
    resolve_due = models.DateField(_("batas penyelesaian"))
    verified_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_stage = models.CharField(
        max_length=40, blank=True
    )  # "verify:2026-01-05": escalate once per stage
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-urgent", "resolve_due", "id"]
        verbose_name = _("kasus")
        verbose_name_plural = pgettext_lazy("jamak", "kasus")
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["status", "resolve_due"])]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def is_complaint_like(self) -> bool:
        return self.kind != Kind.APPLICATION


class EventKind(models.TextChoices):
    STATUS = "status", _("perubahan status")
    REPLY = "reply", _("balasan untuk warga")
    NOTE = "note", _("catatan internal")
    ASSIGNMENT = "assignment", _("penugasan")
    ROUTING = "routing", _("penentuan unit")
    ESCALATION = "escalation", _("eskalasi")
    CITIZEN = "citizen", _("tanggapan warga")


class CaseEvent(AppendOnlyModel):
    """One entry of a case's history: who did what, when, and what the citizen is told."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    to_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    actor_label = models.CharField(max_length=150)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.to_status}"


class Attachment(models.Model):
    """A document or photo a citizen sent; the type is sniffed from the content, not the name."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    requirement = models.CharField(_("dokumen"), max_length=300, blank=True)
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class HistoryExample(models.Model):
    """A past complaint with the unit that handled it: imported history that cold-starts the router."""

    text = models.TextField()
    unit_code = models.SlugField(max_length=40)
    region_code = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=200)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["source"])]

    def __str__(self) -> str:
        return f"{self.unit_code}: {self.text[:40]}"


class Draft(models.Model):
    """What a citizen has typed so far: saved on every step, so an error never loses it."""

    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, null=True, blank=True)
    data = models.JSONField(default=dict)
    channel = models.CharField(max_length=20, default="web")
    submitted_case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"draft {self.kind} {self.pk}"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    SENT = "sent", _("terkirim")
    FAILED = "failed", _("gagal")


class Notification(models.Model):
    """The outbox: a message to a citizen or officer, written in the same transaction as its cause."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notifications")
    channel = models.CharField(max_length=20)
    recipient = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient}: {self.subject}"


class CaseRating(AppendOnlyModel):
    """The citizen's rating of the outcome, asked when the case is resolved or closed."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="rating")
    score = models.PositiveSmallIntegerField(_("nilai"))
    comment = models.CharField(_("komentar"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.case}: {self.score}"


class ApiClient(models.Model):
    """An Open311 client (an app or a partner's system) with its key; keys are stored hashed."""

    name = models.CharField(_("nama"), max_length=120)
    key_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("klien Open311")
        verbose_name_plural = pgettext_lazy("jamak", "klien Open311")

    def __str__(self) -> str:
        return self.name
