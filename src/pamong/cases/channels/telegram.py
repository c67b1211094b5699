"""Telegram, for citizens who filed through the assistant's Telegram bot (recipient = chat id)."""

from __future__ import annotations

from pamong.assistant.channels.telegram.client import TelegramRefused, TelegramUnavailable, send_message
from pamong.cases.channels import Refused, Unavailable


def send(recipient: str, subject: str, body: str) -> None:
    try:
        send_message(recipient, f"{subject}\n\n{body}", [], None)
    except TelegramUnavailable as error:
        raise Unavailable(str(error)) from None
    except TelegramRefused as error:
        raise Refused(str(error)) from None
