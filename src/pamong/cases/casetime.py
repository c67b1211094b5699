"""The time cases see: now, unless a demo or a test sets it (``with casetime.at(moment):``).

Every timestamp of the case lifecycle (submitted, verified, events...) comes from here, so
demo data can show a realistic past and tests can move time forward without patching.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

_fixed: ContextVar[datetime | None] = ContextVar("cases_clock", default=None)


def now() -> datetime:
    return _fixed.get() or timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    token = _fixed.set(moment)
    try:
        yield
    finally:
        _fixed.reset(token)
