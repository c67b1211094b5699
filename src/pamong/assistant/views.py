"""The chat page of the portal: a plain form (works with JavaScript off), post-redirect-get.

While a filing asks for its photo the form also carries a file field (multipart, with or
without JavaScript); the file goes to the dialog unread, and the filing checks it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pamong.ai.registry import card_for
from pamong.assistant import dialog
from pamong.assistant.function import AssistantAnswer
from pamong.assistant.models import Conversation
from pamong.cases import guided, uploads
from pamong.core.ratelimit import allow, client_key
from pamong.core.rating_forms import rate_from_form, token_for

SESSION_KEY = "assistant_conversation"


def current_conversation(request: HttpRequest, *, create: bool) -> Conversation | None:
    public_id = request.session.get(SESSION_KEY)
    conversation = (
        Conversation.objects.filter(public_id=public_id, channel="web").first() if public_id else None
    )
    if conversation is None and create:
        conversation = dialog.start("web", language=request.LANGUAGE_CODE)
        request.session[SESSION_KEY] = str(conversation.public_id)
    return conversation


def chat_context(conversation: Conversation | None) -> dict:
    history = list(conversation.messages.all()) if conversation else []
    for message in history:
        if message.decision_id:
            message.rating_token = token_for(message.decision_id)
    last = history[-1] if history else None
    return {
        "history": history,
        "quick_replies": last.quick_replies if last and last.role == "assistant" else [],
        "last_text": last.text if last else "",
        "handoff": conversation.handoffs.exclude(status="closed").first() if conversation else None,
        "asks_photo": bool(conversation and guided.asks_photo(conversation.filing_token)),
    }


def chat(request: HttpRequest) -> HttpResponse:
    conversation = current_conversation(request, create=False)
    return render(
        request,
        "assistant/chat.html",
        {**chat_context(conversation), "notice": card_for(AssistantAnswer.key).notice},
    )


def _chat_area(request: HttpRequest, conversation: Conversation | None, problem: str = "") -> HttpResponse:
    """The conversation and the form only, for htmx to swap in place."""
    context = {**chat_context(conversation), "problem": problem, "fragment": True}
    return render(request, "assistant/_chat_area.html", context)


@require_POST
def send(request: HttpRequest) -> HttpResponse:
    partial = request.headers.get("HX-Request") == "true"  # htmx; without JavaScript: redirect
    # A quick-reply button sends its own text (a file chosen beside it is not sent: "Lewati"
    # means no photo); otherwise what was typed, and the photo if one was chosen.
    text = request.POST.get("quick") or request.POST.get("message", "")
    upload = None if request.POST.get("quick") else request.FILES.get("photo")
    photo = (
        guided.SentPhoto(upload.name or "foto", lambda: uploads.read_limited(upload))
        if upload is not None
        else None
    )
    problem = ""
    if not text.strip() and photo is None:
        problem = _("Tulis pertanyaan Anda dulu.")
    elif not allow(
        "assistant", client_key(request), limit=settings.ASSISTANT_MESSAGES_PER_MINUTE, window_seconds=60
    ):
        problem = _("Terlalu banyak pesan dalam satu menit. Tunggu sebentar lalu coba lagi.")
    if problem:
        if partial:
            return _chat_area(request, current_conversation(request, create=False), problem)
        if text.strip():
            messages.error(request, problem)
        else:
            messages.info(request, problem)
        return redirect("assistant:chat")
    conversation = current_conversation(request, create=True)
    dialog.respond(conversation, text, photo=photo)
    if partial:
        return _chat_area(request, conversation)
    return redirect(reverse("assistant:chat") + "#terakhir")


@require_POST
def reset(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("assistant:chat")


@require_POST
def rate_answer(request: HttpRequest) -> HttpResponse:
    return rate_from_form(request) or redirect("assistant:chat")
