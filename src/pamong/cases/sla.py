"""SLA clocks: deadlines in working days per category or service, and where a case stands.

Perpres 76/2013 on public-service complaint handling: verify within 3 working days, first
follow-up within 5, resolve within 60. A pemda sets its own per category or service in
``SlaPolicy``; a service's policy wins over its category's.

Information requests (permintaan informasi) follow UU 14/2008 on Keterbukaan Informasi Publik
instead (art. 22(7)-(8)): the public body answers within 10 working days and may extend that
once by 7 working days, telling the requester why in writing. Their default is 3 / 5 / 10,
and a category's or service's policy (written for complaints) never gives them more than the
10 days. The extension is not applied by itself: it is an officer's written decision,
``INFORMATION_EXTENSION_DAYS`` working days after the first deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.cases import casetime
from pamong.cases.calendar import WorkingCalendar
from pamong.cases.workflow import AWAITING_VERIFICATION, OPEN, Status

if TYPE_CHECKING:
    from pamong.cases.models import Case, Category

DEFAULT_DAYS = (3, 5, 60)
INFORMATION = "information"  # models.Kind.INFORMATION, without importing models at load time
INFORMATION_DAYS = (3, 5, 10)  # UU 14/2008 art. 22(7): answered within 10 working days
INFORMATION_EXTENSION_DAYS = 7  # art. 22(8): once, with written reasons; not applied automatically


@dataclass(frozen=True)
class Deadlines:
    verify: date
    respond: date
    resolve: date


STAGES = {
    "verify": _("verifikasi"),
    "respond": _("tindak lanjut pertama"),
    "resolve": _("penyelesaian"),
    "done": _("selesai"),
}


@dataclass(frozen=True)
class Clock:
    """Where a case stands against its deadlines today."""

    stage: str  # verify, respond, resolve, done
    due: date | None
    overdue: bool
    working_days_left: int | None

    @property
    def stage_label(self) -> str:
        return str(STAGES[self.stage])


def policy_days(
    *, service: object | None = None, category: Category | None = None, kind: str = ""
) -> tuple[int, int, int]:
    """(verify, respond, resolve) working days: the service's policy, else the category's, else
    the default of the ``kind`` (3/5/10 for an information request, 3/5/60 otherwise).

    An information request never gets more than UU 14/2008's 10 working days to be answered,
    whatever a category's policy says; none of its stages is due after the answer.
    """
    days = _configured_days(service, category) or (INFORMATION_DAYS if kind == INFORMATION else DEFAULT_DAYS)
    if kind != INFORMATION:
        return days
    resolve = min(days[2], INFORMATION_DAYS[2])
    return min(days[0], resolve), min(days[1], resolve), resolve


def _configured_days(service: object | None, category: Category | None) -> tuple[int, int, int] | None:
    from pamong.cases.models import SlaPolicy

    for field, value in (("service", service), ("category", category)):
        if value is not None:
            policy = SlaPolicy.objects.filter(**{field: value}).first()
            if policy is not None:
                return policy.verify_days, policy.respond_days, policy.resolve_days
    if service is not None and getattr(service, "service_days", None):
        return DEFAULT_DAYS[0], DEFAULT_DAYS[1], max(int(service.service_days), DEFAULT_DAYS[0])
    return None


def deadlines(
    submitted: date, days: tuple[int, int, int], calendar: WorkingCalendar | None = None
) -> Deadlines:
    calendar = calendar or WorkingCalendar.around(submitted)
    verify, respond, resolve = days
    return Deadlines(
        calendar.add(submitted, verify), calendar.add(submitted, respond), calendar.add(submitted, resolve)
    )


def clock(case: Case, today: date | None = None, calendar: WorkingCalendar | None = None) -> Clock:
    """The stage the unit owes the citizen now, its due date and whether it has passed."""
    today = today or casetime.today()
    if case.status not in OPEN:
        return Clock("done", None, False, None)
    if case.status in AWAITING_VERIFICATION and case.verified_at is None:
        stage, due = "verify", case.verify_due
    elif case.responded_at is None:
        stage, due = "respond", case.respond_due
    else:
        stage, due = "resolve", case.resolve_due
    calendar = calendar or WorkingCalendar.around(min(today, due), years_after=2)
    left = calendar.between(today, due) if due >= today else -calendar.between(due, today)
    return Clock(stage, due, today > due, left)


def met_resolution(case: Case) -> bool | None:
    """Whether a finished case was resolved by its deadline (None while still open)."""
    if case.status in OPEN or case.status == Status.REJECTED:
        return None
    finished = case.resolved_at or case.closed_at
    if finished is None:
        return None
    return timezone.localdate(finished) <= case.resolve_due
