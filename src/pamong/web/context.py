"""Template context every page needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from pamong.core import roles


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "staff_roles": roles.roles_of(user) if user is not None else set(),
    }
