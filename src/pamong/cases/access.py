"""Who may see which case, and which personal data: every such check lives here.

Citizens see only their own case (tracking number + secret code); officers their units'
cases; supervisors and administrators all. Identity is masked everywhere except on a
case's page for staff allowed to see it, and each time it is shown it is logged.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pamong.cases import tracking
from pamong.cases.models import Case
from pamong.core import roles
from pamong.core.audit import record


def sees_all(user: Any) -> bool:
    return bool(roles.roles_of(user) & {roles.SUPERVISOR, roles.ADMIN})


def works_cases(user: Any) -> bool:
    return bool(roles.roles_of(user) & {roles.OFFICER, roles.SUPERVISOR, roles.ADMIN})


def cases_for(user: Any) -> QuerySet[Case]:
    """The cases a staff member may open: everything for supervisors, their units' for officers."""
    if sees_all(user):
        return Case.objects.all()
    if works_cases(user):
        return Case.objects.filter(unit__in=user.units.all())
    return Case.objects.none()


def can_view(user: Any, case: Case) -> bool:
    return cases_for(user).filter(pk=case.pk).exists()


def can_verify_queue(user: Any) -> bool:
    """The verification queue (cases the router left to people) belongs to supervisors."""
    return sees_all(user)


def can_see_identity(user: Any, case: Case) -> bool:
    """A confidential reporter is known only to supervisors; nobody knows an anonymous one."""
    if case.anonymous or not can_view(user, case):
        return False
    return sees_all(user) or not case.confidential


def reveal_identity(user: Any, case: Case) -> dict[str, str]:
    """The reporter's identity for the case page; logged every time it is shown."""
    if not can_see_identity(user, case):
        return {}
    record(user, "cases.personal_data.viewed", case)
    return {
        "name": case.citizen_name,
        "nik": case.citizen_nik,
        "phone": case.citizen_phone,
        "email": case.citizen_email,
    }


def citizen_case(number: str, code: str) -> Case | None:
    """The case a citizen may see with its number and secret code; the same None for either mistake."""
    case = Case.objects.filter(tracking_number=tracking.normalise_number(number)).first()
    expected = case.secret_hash if case else tracking.hash_code("x" * 8)
    matches = tracking.code_matches(code, expected)
    return case if case is not None and matches else None
