"""Working days: weekends, national holidays and cuti bersama skipped (Perpres 76/2013 counts these).

National holidays and the government's joint leave days (cuti bersama, SKB 3 Menteri) come
from the ``holidays`` package (category ``government`` adds cuti bersama); a pemda adds
regional or late-announced days in the ``Holiday`` table.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

from pamong.core.freshness import kept_for

REREAD_SECONDS = 10.0


@lru_cache(maxsize=32)
def national_days_off(year: int) -> dict[date, str]:
    """Public holidays and cuti bersama of one year, with their Indonesian names."""
    calendar = holidays.country_holidays("ID", years=year, categories=("public", "government"), language="id")
    return dict(calendar.items())


@kept_for(REREAD_SECONDS)
def local_days_off(start: date, end: date) -> frozenset[date]:
    """Days the pemda added in the Holiday table between ``start`` and ``end`` (a change shows
    within ten seconds: every filing and deadline check needs them)."""
    from pamong.cases.models import Holiday

    return frozenset(Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True))


class WorkingCalendar:
    """Counts working days over a span of years; build one per request or task, not per case."""

    def __init__(self, start: date, end: date, *, extra_days_off: Iterable[date] = ()) -> None:
        self.days_off: set[date] = set(extra_days_off)
        for year in range(start.year, end.year + 1):
            self.days_off.update(national_days_off(year))

    @classmethod
    def around(cls, day: date, *, years_after: int = 1) -> WorkingCalendar:
        """A calendar from ``day``'s year to ``years_after`` later, with the pemda's own days off."""
        end = date(day.year + years_after, 12, 31)
        return cls(date(day.year, 1, 1), end, extra_days_off=local_days_off(date(day.year, 1, 1), end))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.days_off

    def add(self, start: date, working_days: int) -> date:
        """The date by which ``working_days`` full working days after ``start`` have passed."""
        day = start
        remaining = working_days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
