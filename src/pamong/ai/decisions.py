"""Writing the decision log: every automated decision, its review and its rating."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import transaction

from pamong.ai.functions import Prediction
from pamong.ai.models import AIFunctionCard, Decision, DecisionReview, Feedback, ReviewOutcome
from pamong.ai.registry import card_for
from pamong.core.audit import record


def input_reference(text: str) -> str:
    """A keyed hash of the input: links repeats without storing what a citizen typed."""
    digest = hmac.new(settings.SECRET_KEY.encode(), text.encode("utf-8", "replace"), hashlib.sha256)
    return f"hmac:{digest.hexdigest()[:32]}:len{len(text)}"


def decide(
    key: str,
    prediction: Prediction,
    *,
    model_version: str,
    input_text: str | None = None,
    input_ref: str | None = None,
    output: dict[str, Any] | None = None,
    subject: str = "",
    channel: str = "",
    card: AIFunctionCard | None = None,
) -> Decision:
    """Log one decision of function ``key``; give ``input_ref`` or the text to hash.

    ``card``: the function's card when the caller already read it (for its threshold), so
    a decision costs one query less.
    """
    if input_ref is None:
        if input_text is None:
            raise ValueError("decide() needs input_ref or input_text")
        input_ref = input_reference(input_text)
    card = card if card is not None and card.key == key else card_for(key)
    _note_model_version(card, model_version)
    return Decision.objects.create(
        **_decision_fields(card, prediction, model_version, input_ref, output, subject, channel)
    )


def _note_model_version(card: AIFunctionCard, model_version: str) -> None:
    """The card says which model version decides now; a change is audited."""
    if card.model_version != model_version:
        AIFunctionCard.objects.filter(pk=card.pk).update(model_version=model_version)
        record("system", "ai.model.version", card, model_version=model_version, previous=card.model_version)
        card.model_version = model_version


def _decision_fields(
    card: AIFunctionCard,
    prediction: Prediction,
    model_version: str,
    input_ref: str,
    output: dict[str, Any] | None,
    subject: str,
    channel: str,
) -> dict[str, Any]:
    return {
        "card": card,
        "model_version": model_version,
        "input_ref": input_ref,
        "output": output if output is not None else {"label": prediction.label},
        "confidence": prediction.confidence,
        "alternatives": [[label, round(score, 4)] for label, score in prediction.alternatives],
        "explanation": prediction.explanation[:2000],
        "abstained": prediction.abstained,
        "subject": subject,
        "channel": channel,
    }


def decide_many(
    items: list[tuple[str, Prediction, str, dict[str, Any] | None]],
    *,
    input_ref: str,
    subject: str = "",
    channel: str = "",
) -> list[Decision]:
    """Log several functions' decisions about one input at once: ``(key, prediction,
    model_version, output)`` each. One query reads their cards and one writes the
    decisions (a letter's six functions cost two queries, not twelve)."""
    cards = {card.key: card for card in AIFunctionCard.objects.filter(key__in=[item[0] for item in items])}
    rows = []
    for key, prediction, model_version, output in items:
        card = cards.get(key) or card_for(key)
        cards[key] = card
        _note_model_version(card, model_version)
        rows.append(
            Decision(**_decision_fields(card, prediction, model_version, input_ref, output, subject, channel))
        )
    return Decision.objects.bulk_create(rows)


@transaction.atomic
def review(
    decision: Decision, *, reviewer: Any, corrected_output: dict | None = None, note: str = ""
) -> DecisionReview:
    """A person confirms (no correction) or overrides (with the corrected output) a decision."""
    outcome = ReviewOutcome.OVERRIDDEN if corrected_output is not None else ReviewOutcome.CONFIRMED
    entry = DecisionReview.objects.create(
        decision=decision, reviewer=reviewer, outcome=outcome, corrected_output=corrected_output, note=note
    )
    record(reviewer, f"ai.decision.{outcome}", decision, corrected_output=corrected_output)
    return entry


def rate(decision: Decision, *, helpful: bool, comment: str = "") -> Feedback:
    """A citizen's thumbs up/down on the answer a decision produced."""
    entry = Feedback.objects.create(decision=decision, helpful=helpful, comment=comment[:500])
    record("citizen", "ai.decision.rated", decision, helpful=helpful)
    return entry
