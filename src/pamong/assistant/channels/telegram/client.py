"""The Telegram Bot API with plain HTTPS: sending (sendMessage, answerCallbackQuery) and
fetching a file a citizen sent (getFile, then the file's download address)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings

# A photo is small and Telegram answers fast: a stuck call is not waited on (the webhook
# answers while it waits, and Telegram retries a slow webhook).
FILE_TIMEOUT = 10.0


class TelegramUnavailable(Exception):
    """A network error or a 5xx/429 from Telegram: worth retrying later."""


class TelegramRefused(Exception):
    """Telegram answered that the call itself is wrong (4xx): retrying will not help."""


def _token() -> str:
    if not settings.TELEGRAM_BOT_TOKEN:
        raise TelegramRefused("PAMONG_TELEGRAM_BOT_TOKEN is not set")
    return settings.TELEGRAM_BOT_TOKEN


def _open(request: urllib.request.Request, timeout: float, limit: int | None = None) -> bytes:
    """The response body (at most ``limit`` bytes); Telegram's errors sorted into retry or not."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured https base
            return response.read() if limit is None else response.read(limit)
    except urllib.error.HTTPError as error:
        if error.code == 429 or error.code >= 500:
            raise TelegramUnavailable(f"HTTP {error.code}") from None
        raise TelegramRefused(f"HTTP {error.code}: {error.read()[:200]!r}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise TelegramUnavailable(str(error)) from None


def call(method: str, payload: dict[str, Any], *, timeout: float = 10.0) -> dict[str, Any]:
    url = f"{settings.TELEGRAM_API_BASE.rstrip('/')}/bot{_token()}/{method}"
    request = urllib.request.Request(  # noqa: S310 - PAMONG_TELEGRAM_API_BASE is checked to be http(s)
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    return json.loads(_open(request, timeout).decode())


def get_file(file_id: str) -> dict[str, Any]:
    """getFile: the file's ``file_path`` (valid for an hour) and ``file_size``."""
    answer = call("getFile", {"file_id": file_id}, timeout=FILE_TIMEOUT)
    result = answer.get("result") if isinstance(answer, dict) else None
    if not answer.get("ok") or not isinstance(result, dict) or not isinstance(result.get("file_path"), str):
        raise TelegramRefused(f"getFile: {str(answer)[:200]}")
    return result


def download(file_path: str, *, limit: int) -> bytes:
    """The file's bytes from ``<base>/file/bot<token>/<file_path>``: at most ``limit`` + 1, so an
    oversize file is known without reading it all."""
    path = urllib.parse.quote(file_path.lstrip("/"), safe="/")
    url = f"{settings.TELEGRAM_API_BASE.rstrip('/')}/file/bot{_token()}/{path}"
    request = urllib.request.Request(url, method="GET")  # noqa: S310 - configured http(s) base
    return _open(request, FILE_TIMEOUT, limit + 1)


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
