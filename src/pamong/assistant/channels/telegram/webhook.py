"""Telegram webhook: verify the secret token, drop replays, answer through the outbox.

Telegram retries a webhook call until it gets a 2xx, so anything we have seen or cannot
use is acknowledged with 200 and ignored; only an unverified call gets 403. A photo (or an
image sent as a document) answers a guided filing's photo question: it is downloaded
before the update's transaction, so no database lock waits on Telegram (``photos.py``).
"""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pamong.ai.decisions import rate
from pamong.ai.models import Decision
from pamong.assistant import dialog
from pamong.assistant.channels.telegram.photos import sent_photo
from pamong.assistant.models import Conversation, OutboundMessage, ProcessedUpdate
from pamong.cases import guided, uploads
from pamong.core.ratelimit import allow

log = logging.getLogger(__name__)
MAX_BODY = 256 * 1024


def _verified(request: HttpRequest) -> bool:
    expected = settings.TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _conversation(chat_id: str, language_code: str) -> Conversation:
    conversation = (
        Conversation.objects.filter(channel="telegram", channel_user=chat_id).order_by("-updated_at").first()
    )
    if conversation is None:
        conversation = dialog.start(
            "telegram", channel_user=chat_id, language="en" if language_code == "en" else "id"
        )
    return conversation


def queue_reply(chat_id: str, text: str, buttons: list[str], decision_id: int | None) -> OutboundMessage:
    from pamong.assistant.tasks import send_outbound

    message = OutboundMessage.objects.create(
        channel="telegram", chat_id=chat_id, text=text, buttons=buttons, rating_decision_id=decision_id
    )
    transaction.on_commit(lambda: send_outbound.delay(message.pk))
    return message


def _handle_text(chat_id: str, text: str, language_code: str, photo: guided.SentPhoto | None = None) -> None:
    if not allow("telegram", chat_id, limit=settings.ASSISTANT_MESSAGES_PER_MINUTE, window_seconds=60):
        return  # a flood from one chat: ignored quietly, nothing queued
    conversation = _conversation(chat_id, language_code)
    reply = dialog.respond(conversation, text, photo=photo)
    queue_reply(chat_id, reply.text, reply.quick_replies, reply.decision_id)


def _photo_of(update_id: int, update: dict) -> guided.SentPhoto | None:
    """The photo or document a message carries; downloaded now, outside the update's transaction,
    when the chat's filing asks for one (what happens, a failure too, is kept for the turn)."""
    message = update.get("message") or update.get("edited_message")
    if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
        return None
    photo = sent_photo(message)
    chat_id = str(message["chat"].get("id", ""))
    if photo is None or ProcessedUpdate.objects.filter(channel="telegram", update_id=update_id).exists():
        return photo
    conversation = (
        Conversation.objects.filter(channel="telegram", channel_user=chat_id).order_by("-updated_at").first()
    )
    if (
        conversation is not None
        and guided.asks_photo(conversation.filing_token)
        and allow("telegram-photo", chat_id, limit=settings.ASSISTANT_MESSAGES_PER_MINUTE, window_seconds=60)
    ):
        try:
            photo.read()
        except (uploads.UploadRejected, guided.PhotoUnavailable) as error:
            log.info("telegram update %s: photo not taken (%s)", update_id, error)
    return photo


def _handle_callback(chat_id: str, data: str, language_code: str) -> None:
    kind, _, rest = data.partition(":")
    if kind == "say":
        _handle_text(chat_id, rest, language_code)
    elif kind == "rate":
        decision_id, _, value = rest.partition(":")
        conversation = Conversation.objects.filter(channel="telegram", channel_user=chat_id)
        subjects = [f"assistant.conversation:{pk}" for pk in conversation.values_list("pk", flat=True)]
        decision = Decision.objects.filter(
            pk=int(decision_id) if decision_id.isdigit() else 0, subject__in=subjects
        ).first()
        if decision is not None and not decision.feedback.exists():
            rate(decision, helpful=value == "1")


@csrf_exempt
@require_POST
def receive(request: HttpRequest) -> HttpResponse:
    if not settings.TELEGRAM_BOT_TOKEN:
        return JsonResponse({"ok": False, "error": "telegram channel is off"}, status=404)
    if not _verified(request):
        return JsonResponse({"ok": False, "error": "secret token missing or wrong"}, status=403)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"ok": False, "error": "update too large"}, status=413)
    try:
        update = json.loads(request.body.decode("utf-8"))
        update_id = int(update["update_id"])
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError):
        return JsonResponse({"ok": False, "error": "not a Telegram update (JSON with update_id)"}, status=400)
    photo = _photo_of(update_id, update)
    try:
        with transaction.atomic():
            ProcessedUpdate.objects.create(channel="telegram", update_id=update_id)
            _dispatch(update, photo)
    except IntegrityError:
        log.info("telegram update %s replayed; ignored", update_id)
    return JsonResponse({"ok": True})


def _dispatch(update: dict, photo: guided.SentPhoto | None = None) -> None:
    message = update.get("message") or update.get("edited_message")
    callback = update.get("callback_query")
    if isinstance(message, dict) and isinstance(message.get("chat"), dict):
        chat_id = str(message["chat"].get("id", ""))
        text = message.get("text")
        language = str((message.get("from") or {}).get("language_code", "id"))[:2]
        if chat_id and isinstance(text, str):
            _handle_text(chat_id, text, language)
        elif chat_id and photo is not None:
            caption = message.get("caption")
            _handle_text(chat_id, caption if isinstance(caption, str) else "", language, photo)
        elif chat_id:
            queue_reply(
                chat_id,
                "Maaf, saya hanya bisa membaca pesan teks. / Sorry, I can only read text messages.",
                [],
                None,
            )
    elif isinstance(callback, dict) and isinstance(callback.get("message"), dict):
        chat_id = str(callback["message"].get("chat", {}).get("id", ""))
        language = str((callback.get("from") or {}).get("language_code", "id"))[:2]
        if chat_id and isinstance(callback.get("data"), str):
            _handle_callback(chat_id, callback["data"], language)
