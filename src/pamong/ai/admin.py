from django.contrib import admin

from pamong.ai.models import AIFunctionCard, Decision, DecisionReview, EvaluationRun, Feedback
from pamong.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(AIFunctionCard)
class AIFunctionCardAdmin(AuditedAdmin):
    list_display = ("key", "name_id", "risk_level", "oversight", "threshold", "model_version")
    readonly_fields = ("key", "model_version")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "card", "model_version", "output", "confidence", "abstained", "channel")
    list_filter = ("card", "abstained", "channel")


@admin.register(DecisionReview)
class DecisionReviewAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "decision", "reviewer", "outcome")


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "decision", "helpful")


@admin.register(EvaluationRun)
class EvaluationRunAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "card", "model_version", "dataset", "n")
