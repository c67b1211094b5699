"""Officers take over conversations: claim, reply (over the citizen's channel), close."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from pamong.assistant.models import Handoff, HandoffStatus, Message, Role
from pamong.core.audit import record


@transaction.atomic
def claim(handoff: Handoff, *, officer: Any) -> Handoff:
    if handoff.status == HandoffStatus.OPEN:
        handoff.status, handoff.claimed_by = HandoffStatus.CLAIMED, officer
        handoff.save(update_fields=["status", "claimed_by"])
        record(officer, "assistant.handoff.claimed", handoff)
    return handoff


@transaction.atomic
def reply(handoff: Handoff, text: str, *, officer: Any) -> Message:
    """The officer's answer, shown on the chat page or sent over Telegram."""
    claim(handoff, officer=officer)
    conversation = handoff.conversation
    message = Message.objects.create(conversation=conversation, role=Role.OFFICER, text=text, kind="officer")
    if conversation.channel == "telegram":
        from pamong.assistant.channels.telegram.webhook import queue_reply

        queue_reply(conversation.channel_user, text, [], None)
    record(officer, "assistant.handoff.replied", handoff, length=len(text))
    return message


@transaction.atomic
def close(handoff: Handoff, *, officer: Any) -> Handoff:
    handoff.status, handoff.closed_at = HandoffStatus.CLOSED, timezone.now()
    handoff.save(update_fields=["status", "closed_at"])
    record(officer, "assistant.handoff.closed", handoff)
    return handoff
