"""AI function management: registry cards, the decision log, reviews, feedback, evaluations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pamong.core.models import AppendOnlyModel


class RiskLevel(models.IntegerChoices):
    """Impact levels of Canada's Algorithmic Impact Assessment."""

    I = 1, _("I - dampak sangat kecil")  # noqa: E741
    II = 2, _("II - dampak sedang")
    III = 3, _("III - dampak tinggi")
    IV = 4, _("IV - dampak sangat tinggi")


class Oversight(models.TextChoices):
    AUTOMATIC = "automatic", _("otomatis (petugas dapat membatalkan)")
    REVIEW = "review", _("ditinjau petugas sebelum berlaku")
    ADVISORY = "advisory", _("hanya saran")


class AIFunctionCard(models.Model):
    """The registry card of one AI function. Code supplies the defaults; governance edits it."""

    key = models.CharField(_("kunci"), max_length=80, unique=True)
    name_id = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200)
    purpose_id = models.TextField(_("tujuan"))
    purpose_en = models.TextField(_("tujuan (Inggris)"))
    owner_unit = models.CharField(_("unit pemilik"), max_length=200)
    risk_level = models.PositiveSmallIntegerField(_("tingkat risiko"), choices=RiskLevel.choices)
    oversight = models.CharField(_("mode pengawasan"), max_length=20, choices=Oversight.choices)
    data_used = models.TextField(_("data yang digunakan"))
    personal_data = models.JSONField(_("kategori data pribadi"), default=list, blank=True)
    model_version = models.CharField(_("versi model"), max_length=80, blank=True)
    threshold = models.FloatField(_("ambang keyakinan"), help_text=_("Di bawah ambang ini fungsi abstain."))
    notice_id = models.TextField(_("pemberitahuan untuk warga"))
    notice_en = models.TextField(_("pemberitahuan untuk warga (Inggris)"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("kartu fungsi AI")
        verbose_name_plural = _("register fungsi AI")

    def __str__(self) -> str:
        return self.key

    def localized(self, field: str) -> str:
        lang = "en" if (get_language() or "id").startswith("en") else "id"
        return getattr(self, f"{field}_{lang}") or getattr(self, f"{field}_id")

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def purpose(self) -> str:
        return self.localized("purpose")

    @property
    def notice(self) -> str:
        return self.localized("notice")


class Decision(AppendOnlyModel):
    """One automated decision. Holds a reference to the input, never the raw personal data."""

    card = models.ForeignKey(AIFunctionCard, on_delete=models.PROTECT, related_name="decisions")
    model_version = models.CharField(max_length=80)
    input_ref = models.CharField(_("rujukan masukan"), max_length=120)
    output = models.JSONField(default=dict)
    confidence = models.FloatField(null=True)
    alternatives = models.JSONField(default=list, blank=True)
    explanation = models.TextField(blank=True)
    abstained = models.BooleanField(default=False)
    subject = models.CharField(_("objek"), max_length=120, blank=True, db_index=True)
    channel = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("keputusan AI")
        verbose_name_plural = _("log keputusan AI")

    def __str__(self) -> str:
        return f"{self.card.key} #{self.pk}"


class ReviewOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("dikonfirmasi")
    OVERRIDDEN = "overridden", _("dikoreksi")


class DecisionReview(AppendOnlyModel):
    """A person confirming or overriding a decision: appended, so history is never lost."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    corrected_output = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class Feedback(AppendOnlyModel):
    """A citizen's rating of an answer or result: the satisfaction figure of the registry."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="feedback")
    helpful = models.BooleanField()
    comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)


class EvaluationRun(AppendOnlyModel):
    """Metrics of one model version on one labelled data set, beside its baselines."""

    card = models.ForeignKey(AIFunctionCard, on_delete=models.PROTECT, related_name="evaluations")
    model_version = models.CharField(max_length=80)
    dataset = models.CharField(max_length=300)
    dataset_sha256 = models.CharField(max_length=64)
    n = models.PositiveIntegerField()
    metrics = models.JSONField()
    baselines = models.JSONField(default=dict)
    params = models.JSONField(default=dict, blank=True)
    duration_seconds = models.FloatField()
    run_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
