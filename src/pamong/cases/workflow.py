"""The case lifecycle as data: statuses and the moves allowed between them (as Signalen does).

Every change of status goes through ``actions.move`` which checks this table; the
history of a case is appended (``CaseEvent``), never edited.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("diterima")
    VERIFIED = "verified", _("diverifikasi")
    ASSIGNED = "assigned", _("ditugaskan")
    IN_PROGRESS = "in_progress", _("sedang ditangani")
    RESOLVED = "resolved", _("selesai ditangani")
    CLOSED = "closed", _("ditutup")
    NOT_OUR_AUTHORITY = "not_our_authority", _("bukan wewenang unit")
    REROUTED = "rerouted", _("dialihkan ke unit lain")
    REJECTED = "rejected", _("ditolak")
    REOPENED = "reopened", _("dibuka kembali")


MOVES: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.VERIFIED, Status.REJECTED, Status.NOT_OUR_AUTHORITY}),
    Status.VERIFIED: frozenset(
        {Status.ASSIGNED, Status.IN_PROGRESS, Status.REJECTED, Status.NOT_OUR_AUTHORITY}
    ),
    Status.ASSIGNED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.NOT_OUR_AUTHORITY}),
    Status.IN_PROGRESS: frozenset({Status.ASSIGNED, Status.RESOLVED, Status.NOT_OUR_AUTHORITY}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.REOPENED}),
    Status.CLOSED: frozenset({Status.REOPENED}),
    Status.NOT_OUR_AUTHORITY: frozenset({Status.REROUTED}),
    Status.REROUTED: frozenset({Status.VERIFIED, Status.REJECTED, Status.NOT_OUR_AUTHORITY}),
    Status.REJECTED: frozenset({Status.REOPENED}),
    Status.REOPENED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.NOT_OUR_AUTHORITY}),
}

# Statuses in which the unit still owes the citizen something.
OPEN = frozenset(
    {
        Status.SUBMITTED,
        Status.VERIFIED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
        Status.NOT_OUR_AUTHORITY,
        Status.REROUTED,
        Status.REOPENED,
    }
)
# Statuses that need a reason the citizen will read.
NEEDS_REASON = frozenset({Status.REJECTED, Status.NOT_OUR_AUTHORITY, Status.REOPENED, Status.RESOLVED})
# Before verification: the case waits for a unit to accept it.
AWAITING_VERIFICATION = frozenset({Status.SUBMITTED, Status.REROUTED})


def allowed(current: str, target: str) -> bool:
    return target in MOVES.get(current, frozenset())


def next_statuses(current: str) -> list[str]:
    """The moves an officer can make from ``current``, in the lifecycle's order."""
    order = list(Status.values)
    return sorted(MOVES.get(current, frozenset()), key=order.index)


def is_open(status: str) -> bool:
    return status in OPEN
