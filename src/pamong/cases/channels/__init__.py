"""Ways to reach a citizen about their case; each adapter sends one message or raises.

An adapter raises ``Unavailable`` for a failure worth retrying (network, 5xx) and
``Refused`` for one that will not get better (bad address, 4xx). New channels (WhatsApp
Business, a regional SMS provider) add a module here and a line in ``ADAPTERS``.
"""

from __future__ import annotations

from collections.abc import Callable


class Unavailable(Exception):
    """Try again later."""


class Refused(Exception):
    """Retrying will not help."""


Adapter = Callable[[str, str, str], None]  # (recipient, subject, body)


def adapters() -> dict[str, Adapter]:
    """The channels configured on this installation."""
    from django.conf import settings

    from pamong.cases.channels import email, sms, telegram

    available: dict[str, Adapter] = {"email": email.send}
    if settings.SMS_GATEWAY_URL:
        available["sms"] = sms.send
    if settings.TELEGRAM_BOT_TOKEN:
        available["telegram"] = telegram.send
    return available
