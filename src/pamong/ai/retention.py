"""Deleting decisions past their retention period (never before the six-month legal floor)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max, Q

from pamong.ai.models import Decision, DecisionReview, Feedback
from pamong.core.audit import record

LEGAL_MINIMUM_DAYS = 183


@transaction.atomic
def purge_decisions(cutoff: datetime) -> int:
    """Delete decisions created before ``cutoff`` whose reviews and ratings are that old too."""
    old = (
        Decision.objects.filter(created_at__lt=cutoff)
        .annotate(last_review=Max("reviews__created_at"), last_rating=Max("feedback__created_at"))
        .filter(Q(last_review__isnull=True) | Q(last_review__lt=cutoff))
        .filter(Q(last_rating__isnull=True) | Q(last_rating__lt=cutoff))
    )
    ids = list(old.values_list("id", flat=True))
    if not ids:
        return 0
    # Queryset deletes (instances refuse .delete()); the database triggers still refuse
    # any row younger than the legal minimum, whatever the setting says.
    Feedback.objects.filter(decision_id__in=ids).delete()
    DecisionReview.objects.filter(decision_id__in=ids).delete()
    deleted, _ = Decision.objects.filter(id__in=ids).delete()
    record("system", "ai.decisions.purged", None, count=deleted, cutoff=cutoff.isoformat())
    return deleted
