"""Governance actions on a registry card: every change audited with its reason."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from pamong.ai.models import AIFunctionCard
from pamong.ai.registry import forget_recent_card
from pamong.core.audit import record

EDITABLE = ("owner_unit", "risk_level", "oversight", "threshold", "notice_id", "notice_en")


@transaction.atomic
def update_card(card: AIFunctionCard, values: dict[str, Any], *, actor: Any, reason: str) -> AIFunctionCard:
    """Change the governance fields of a card; the audit entry keeps before and after.

    Compares with the stored row, not ``card``: a bound ModelForm has already changed it.
    """
    stored = AIFunctionCard.objects.select_for_update().get(pk=card.pk)
    changes = {}
    for field in EDITABLE:
        if field in values and getattr(stored, field) != values[field]:
            changes[field] = [getattr(stored, field), values[field]]
            setattr(stored, field, values[field])
    if changes:
        stored.save()
        record(actor, "ai.card.updated", stored, changes=changes, reason=reason)
        transaction.on_commit(lambda: forget_recent_card(stored.key))
    return stored
