"""The public-service catalog: the authoritative facts the portal and the assistant use."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pamong.core.models import Bilingual


class Category(Bilingual, models.Model):
    key = models.SlugField(unique=True)
    name_id = models.CharField(_("nama"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name_id


class Service(Bilingual, models.Model):
    slug = models.SlugField(unique=True, max_length=80)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="services")
    name_id = models.CharField(_("nama"), max_length=300)
    name_en = models.CharField(_("nama (Inggris)"), max_length=300, blank=True)
    agency_id = models.CharField(_("instansi"), max_length=300)
    agency_en = models.CharField(_("instansi (Inggris)"), max_length=300, blank=True)
    unit_id = models.CharField(_("unit"), max_length=300, blank=True)
    unit_en = models.CharField(_("unit (Inggris)"), max_length=300, blank=True)
    summary_id = models.TextField(_("ringkasan"))
    summary_en = models.TextField(_("ringkasan (Inggris)"), blank=True)
    description_id = models.TextField(_("penjelasan"))
    description_en = models.TextField(_("penjelasan (Inggris)"), blank=True)
    service_days = models.PositiveSmallIntegerField(_("waktu layanan (hari kerja)"), null=True, blank=True)
    service_time_id = models.TextField(_("waktu layanan"))
    service_time_en = models.TextField(_("waktu layanan (Inggris)"), blank=True)
    online_url = models.URLField(_("tautan daring"), max_length=300, blank=True)
    online_name = models.CharField(_("nama layanan daring"), max_length=300, blank=True)
    office_id = models.TextField(_("tempat layanan"), blank=True)
    office_en = models.TextField(_("tempat layanan (Inggris)"), blank=True)
    synonyms = models.JSONField(_("kata yang dipakai warga"), default=list, blank=True)
    if_lost = models.SlugField(
        _("layanan jika dokumen hilang"),
        max_length=80,
        blank=True,
        help_text=_("Slug layanan atau id FAQ yang menjawab bila dokumen layanan ini hilang."),
    )
    first_note_id = models.TextField(
        _("perhatian lebih dulu"),
        blank=True,
        help_text=_("Yang harus diketahui warga sebelum yang lain, misalnya layanan ini bukan untuk siapa."),
    )
    first_note_en = models.TextField(_("perhatian lebih dulu (Inggris)"), blank=True)
    first_note_see = models.SlugField(
        _("layanan untuk yang lain"),
        max_length=80,
        blank=True,
        help_text=_("Slug layanan katalog yang dimaksud catatan itu, ditawarkan sebagai tombol."),
    )
    sources = models.JSONField(_("sumber"), default=list, blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category__order", "name_id"]
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")

    def __str__(self) -> str:
        return self.name_id

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().save(*args, **kwargs)
        from pamong.catalog.search import forget_catalog_version  # search imports this module

        forget_catalog_version()  # this process re-indexes at once; others within 2 s

    def get_absolute_url(self) -> str:
        return reverse("web:service", args=[self.slug])

    @property
    def is_free(self) -> bool:
        fees = list(self.fees.all())
        return bool(fees) and all(fee.amount == 0 for fee in fees)

    def first_note_service(self) -> Service | None:
        """The active service the first note sends the others to ("Muslim couples: the KUA")."""
        if not self.first_note_see:
            return None
        return Service.objects.filter(slug=self.first_note_see, active=True).first()


class Requirement(Bilingual, models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="requirements")
    order = models.PositiveSmallIntegerField(default=0)
    document_id = models.CharField(_("dokumen"), max_length=300)
    document_en = models.CharField(_("dokumen (Inggris)"), max_length=300, blank=True)
    notes_id = models.TextField(_("catatan"), blank=True)
    notes_en = models.TextField(_("catatan (Inggris)"), blank=True)
    variant_id = models.CharField(_("berlaku jika"), max_length=300, blank=True)
    variant_en = models.CharField(_("berlaku jika (Inggris)"), max_length=300, blank=True)
    optional = models.BooleanField(_("tidak wajib"), default=False)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.document_id


class Step(Bilingual, models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    text_id = models.TextField(_("langkah"))
    text_en = models.TextField(_("langkah (Inggris)"), blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text_id[:60]


class Fee(Bilingual, models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(default=0)
    amount = models.PositiveBigIntegerField(
        _("jumlah (Rp)"), null=True, blank=True, help_text=_("Kosong: tidak tetap, lihat keterangan.")
    )
    description_id = models.TextField(_("keterangan"))
    description_en = models.TextField(_("keterangan (Inggris)"), blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        if self.amount is None:
            return self.description_id[:60]
        return f"Rp{self.amount:,}".replace(",", ".")


class LegalBasis(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("peraturan"), max_length=300)
    url = models.URLField(max_length=300, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("dasar hukum")
        verbose_name_plural = _("dasar hukum")

    def __str__(self) -> str:
        return self.title


class Faq(Bilingual, models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="faq")
    key = models.SlugField(_("id"), unique=True, max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    question_id = models.TextField(_("pertanyaan"))
    question_en = models.TextField(_("pertanyaan (Inggris)"), blank=True)
    answer_id = models.TextField(_("jawaban"))
    answer_en = models.TextField(_("jawaban (Inggris)"), blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQ"

    def __str__(self) -> str:
        return self.key


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu")
    RUNNING = "running", _("diproses")
    DONE = "done", _("selesai")
    FAILED = "failed", _("gagal")


class CatalogUpload(models.Model):
    """A YAML catalog file submitted in the console, imported by a worker, all or nothing.

    The file is kept in the database so any worker can read it without shared disk.
    """

    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    prune = models.BooleanField(_("nonaktifkan layanan yang tidak ada di berkas"), default=False)
    uploaded_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=UploadStatus.choices, default=UploadStatus.QUEUED)
    problems = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"
