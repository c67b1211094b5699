"""Figures the registry page shows per function: volume, override rate, satisfaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from pamong.ai.models import AIFunctionCard, Decision, DecisionReview, EvaluationRun, Feedback, ReviewOutcome


@dataclass(frozen=True)
class FunctionFigures:
    card: AIFunctionCard
    latest_evaluation: EvaluationRun | None
    decisions_30d: int
    decisions_total: int
    abstain_rate: float | None
    reviewed: int
    override_rate: float | None
    ratings: int
    satisfaction: float | None


def figures(card: AIFunctionCard, *, now=None) -> FunctionFigures:  # type: ignore[no-untyped-def]
    now = now or timezone.now()
    decisions = Decision.objects.filter(card=card)
    counts = decisions.aggregate(
        total=Count("id"),
        recent=Count("id", filter=Q(created_at__gte=now - timedelta(days=30))),
        abstained=Count("id", filter=Q(abstained=True)),
    )
    # The latest review of each decision counts: a confirmation later overridden is an override.
    reviews = DecisionReview.objects.filter(decision__card=card).order_by("decision_id", "-created_at", "-id")
    latest: dict[int, str] = {}
    for decision_id, outcome in reviews.values_list("decision_id", "outcome"):
        latest.setdefault(decision_id, outcome)
    overridden = sum(1 for outcome in latest.values() if outcome == ReviewOutcome.OVERRIDDEN)
    ratings = Feedback.objects.filter(decision__card=card).aggregate(
        n=Count("id"), helpful=Count("id", filter=Q(helpful=True))
    )
    total = counts["total"]
    return FunctionFigures(
        card=card,
        latest_evaluation=card.evaluations.first(),
        decisions_30d=counts["recent"],
        decisions_total=total,
        abstain_rate=counts["abstained"] / total if total else None,
        reviewed=len(latest),
        override_rate=overridden / len(latest) if latest else None,
        ratings=ratings["n"],
        satisfaction=ratings["helpful"] / ratings["n"] if ratings["n"] else None,
    )
