"""Sending over the Telegram Bot API (sendMessage, answerCallbackQuery), with plain HTTPS."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings


class TelegramUnavailable(Exception):
    """A network error or a 5xx/429 from Telegram: worth retrying later."""


class TelegramRefused(Exception):
    """Telegram answered that the call itself is wrong (4xx): retrying will not help."""


def call(method: str, payload: dict[str, Any], *, timeout: float = 10.0) -> dict[str, Any]:
    if not settings.TELEGRAM_BOT_TOKEN:
        raise TelegramRefused("PAMONG_TELEGRAM_BOT_TOKEN is not set")
    url = f"{settings.TELEGRAM_API_BASE.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"
    request = urllib.request.Request(  # noqa: S310 - PAMONG_TELEGRAM_API_BASE is checked to be http(s)
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured https base
            return json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        if error.code == 429 or error.code >= 500:
            raise TelegramUnavailable(f"HTTP {error.code}") from None
        raise TelegramRefused(f"HTTP {error.code}: {error.read()[:200]!r}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise TelegramUnavailable(str(error)) from None


def keyboard(buttons: list[str], rating_decision: int | None) -> dict[str, Any] | None:
    """Quick replies as an inline keyboard; each press comes back as a callback with its text."""
    rows: list[list[dict[str, str]]] = [
        [{"text": label[:60], "callback_data": f"say:{label[:58]}"}] for label in buttons[:6]
    ]
    if rating_decision is not None:
        rows.append(
            [
                {"text": "👍", "callback_data": f"rate:{rating_decision}:1"},
                {"text": "👎", "callback_data": f"rate:{rating_decision}:0"},
            ]
        )
    return {"inline_keyboard": rows} if rows else None


def send_message(chat_id: str, text: str, buttons: list[str], rating_decision: int | None) -> dict[str, Any]:
    payload: dict[str, Any] = {"chat_id": chat_id, "text": text[:4096], "disable_web_page_preview": True}
    markup = keyboard(buttons, rating_decision)
    if markup:
        payload["reply_markup"] = markup
    return call("sendMessage", payload)
