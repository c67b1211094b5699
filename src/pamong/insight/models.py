"""Policy insight records: forecast runs and their series, scenarios, budget realisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu")
    RUNNING = "running", _("berjalan")
    DONE = "done", _("selesai")
    FAILED = "failed", _("gagal")


class ForecastRun(models.Model):
    """One forecast of every series of a dataset, computed in chunks (fan-out in scale-out)."""

    dataset = models.CharField(_("set data"), max_length=100)
    title = models.CharField(_("judul"), max_length=200)
    horizon = models.PositiveSmallIntegerField(_("horizon"))
    model_names = models.JSONField(_("model"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("prakiraan")
        verbose_name_plural = _("prakiraan")

    def __str__(self) -> str:
        return f"{self.title} (+{self.horizon})"


class ForecastSeries(models.Model):
    """One region's forecast inside a run, with the backtest that chose its model."""

    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="series")
    unique_id = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    model = models.CharField(max_length=30)
    abstained = models.BooleanField(default=False)
    skill = models.FloatField(default=0.0)
    history = models.JSONField(default=dict)  # {"periods": [iso...], "values": [...]}
    forecast = models.JSONField(default=dict)  # {"periods", "point", "lower", "upper"}
    backtest = models.JSONField(default=dict)  # model -> MASE
    decision_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["unique_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "unique_id"], name="insight_series_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.unique_id}"


class Scenario(models.Model):
    """A saved what-if: dated changes to the parameter tree, overrides with reasons, the result."""

    name = models.CharField(_("nama"), max_length=200)
    indicator = models.CharField(_("indikator"), max_length=60, default="poverty_rate")
    region_code = models.CharField(_("kode wilayah"), max_length=20, blank=True)
    target_year = models.PositiveSmallIntegerField(_("tahun sasaran"))
    changes = models.JSONField(_("perubahan"), default=list)
    overrides = models.JSONField(_("koreksi analis"), default=list)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("skenario")
        verbose_name_plural = _("skenario")

    def __str__(self) -> str:
        return self.name


class BudgetImport(models.Model):
    """One file of budget realisation rows (or one generated demo set), kept with its problems."""

    filename = models.CharField(_("berkas"), max_length=255)
    rows = models.PositiveIntegerField(default=0)
    generated = models.BooleanField(_("data bangkitan"), default=False)
    problems = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class BudgetLine(models.Model):
    """A month's budget and realisation for one organisation × program × activity × function × account.

    The shape of the Fiscal Data Package: measures approved / revised / executed, the
    rest are dimensions. ``generated`` rows are demo data and say so wherever they show.
    """

    batch = models.ForeignKey(BudgetImport, on_delete=models.CASCADE, related_name="lines")
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"))
    organisation = models.CharField(_("organisasi"), max_length=120)
    region_code = models.CharField(_("kode wilayah"), max_length=20, blank=True)
    program = models.CharField(_("program"), max_length=120, blank=True)
    activity = models.CharField(_("kegiatan"), max_length=160, blank=True)
    function = models.CharField(_("fungsi"), max_length=80, blank=True)
    account = models.CharField(_("akun ekonomi"), max_length=80, blank=True)
    approved = models.DecimalField(_("pagu"), max_digits=20, decimal_places=2, default=0)
    revised = models.DecimalField(_("pagu revisi"), max_digits=20, decimal_places=2, default=0)
    executed = models.DecimalField(_("realisasi"), max_digits=20, decimal_places=2, default=0)
    payee = models.CharField(_("penerima"), max_length=120, blank=True)
    document = models.CharField(_("nomor dokumen"), max_length=60, blank=True)
    generated = models.BooleanField(default=False)

    class Meta:
        ordering = ["year", "month", "id"]
        indexes = [models.Index(fields=["year", "organisation"])]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.organisation} {self.activity}"
