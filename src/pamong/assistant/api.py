"""JSON API of the assistant, for other front-ends (a pemda app, a kiosk).

Messages are JSON; a photo (the answer to a guided filing's photo question) is a multipart
upload to ``.../photos``, as documents are sent to ``/api/v1/documents/``: a JSON body would
carry it base64-inflated into Django's in-memory body limit."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from pamong.ai.decisions import rate
from pamong.ai.models import Decision
from pamong.assistant import dialog
from pamong.assistant.compose import Reply
from pamong.assistant.models import Conversation
from pamong.cases import guided, uploads
from pamong.core.ratelimit import allow, client_key

router = Router(tags=["assistant"])


class ConversationOut(Schema):
    id: uuid.UUID
    notice: str


class MessageIn(Schema):
    text: str = Field(..., max_length=10_000)


class ReplyOut(Schema):
    kind: str
    text: str
    service: str | None
    faq: str | None
    quick_replies: list[str]
    options: list[str]
    decision_id: int | None
    automated: bool = True
    asks_photo: bool = False  # a guided filing waits for a photo: POST it to .../photos


class RatingIn(Schema):
    helpful: bool


@router.post("/conversations", response={201: ConversationOut})
def create_conversation(request):  # type: ignore[no-untyped-def]
    conversation = dialog.start("api")
    # The card as its messages read it (at most two seconds old): a query fewer per conversation.
    return 201, ConversationOut(id=conversation.public_id, notice=dialog.assistant().card_object().notice)


def _conversation(request, conversation_id: uuid.UUID) -> Conversation:  # type: ignore[no-untyped-def]
    if not allow(
        "assistant", client_key(request), limit=settings.ASSISTANT_MESSAGES_PER_MINUTE, window_seconds=60
    ):
        raise HttpError(429, "too many messages; wait a minute")
    return get_object_or_404(Conversation, public_id=conversation_id, channel="api")


@router.post("/conversations/{conversation_id}/messages", response=ReplyOut)
def send_message(request, conversation_id: uuid.UUID, payload: MessageIn):  # type: ignore[no-untyped-def]
    conversation = _conversation(request, conversation_id)
    return _reply_out(conversation, dialog.respond(conversation, payload.text))


@router.post("/conversations/{conversation_id}/photos", response=ReplyOut)
def send_photo(
    request,  # type: ignore[no-untyped-def]
    conversation_id: uuid.UUID,
    photo: UploadedFile = File(...),  # noqa: B008
    text: str = Form("", max_length=1000),
):
    """A photo (multipart field ``photo``, an optional caption ``text``): the answer to a guided
    filing's photo question, checked as the web form checks one; otherwise politely set aside."""
    conversation = _conversation(request, conversation_id)
    sent = guided.SentPhoto(photo.name or "foto", lambda: uploads.read_limited(photo))
    return _reply_out(conversation, dialog.respond(conversation, text, photo=sent))


def _reply_out(conversation: Conversation, reply: Reply) -> ReplyOut:
    return ReplyOut(
        kind=reply.kind,
        text=reply.text,
        service=reply.service.slug if reply.service else None,
        faq=reply.faq.key if reply.faq else None,
        quick_replies=reply.quick_replies,
        options=[service.slug for service in reply.options],
        decision_id=reply.decision_id,
        asks_photo=guided.asks_photo(conversation.filing_token),
    )


@router.post("/conversations/{conversation_id}/ratings/{decision_id}", response={204: None})
def rate_reply(request, conversation_id: uuid.UUID, decision_id: int, payload: RatingIn):  # type: ignore[no-untyped-def]
    conversation = get_object_or_404(Conversation, public_id=conversation_id, channel="api")
    decision = get_object_or_404(
        Decision, pk=decision_id, subject=f"assistant.conversation:{conversation.pk}"
    )
    if decision.feedback.exists():
        raise HttpError(409, "this reply was already rated")
    rate(decision, helpful=payload.helpful)
    return 204, None
