"""Public registry API: every card with its latest measured quality (transparency)."""

from __future__ import annotations

from ninja import Router

from pamong.ai.cards import card_dict
from pamong.ai.models import AIFunctionCard
from pamong.ai.registry import sync_cards

router = Router(tags=["ai"])


@router.get("/functions")
def list_functions(request):  # type: ignore[no-untyped-def]
    sync_cards()
    return [card_dict(card) for card in AIFunctionCard.objects.all()]
