"""System checks for settings that work on a laptop but break a real deployment."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Warning

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def public_url_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``manage.py check --deploy``: PUBLIC_URL still points at this machine while DEBUG is off.

    Links in e-mails, SMS and assistant answers are built from PUBLIC_URL; a citizen's phone
    cannot open http://127.0.0.1:8000, so each of those links would be broken.
    """
    if settings.DEBUG:
        return []
    host = urlsplit(settings.PUBLIC_URL or "").hostname or ""
    if host not in LOOPBACK_HOSTS and not host.startswith("127."):
        return []
    return [
        Warning(
            f"PUBLIC_URL is {settings.PUBLIC_URL!r}, an address on this machine: links in e-mails, "
            "SMS and assistant answers will not open for citizens.",
            hint="Set PAMONG_PUBLIC_URL to the address citizens reach pamong at, "
            "e.g. https://layanan.contoh.go.id.",
            id="pamong.W001",
        )
    ]
