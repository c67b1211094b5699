"""Figures for the supervisor's dashboard: volumes, SLA compliance, overdue, by unit, category, region.

How a deadline counts (``stage_outcome``), for each of the three stages of Perpres 76/2013
(verification, first response, resolution):

- **met**: the stage was done on or before its due date;
- **missed**: the stage was done after its due date, *or* the case is still open, still owes the
  stage, and today is past the due date (an overdue case is a miss before anyone acts on it);
- **not counted yet**: the case is open, owes the stage and the due date has not passed.

The on-time figure of a stage is met / (met + missed). A stage a case no longer owes without
having done it is left out: a case rejected before verification is not in the verification
figure (the rejection is its first response), a rejected case is not in the resolution figure.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from pamong.cases import casetime
from pamong.cases.models import Case, CaseRating
from pamong.cases.regions_choice import region_label
from pamong.cases.workflow import AWAITING_VERIFICATION, OPEN, Status


def overdue_q(today: date) -> Q:
    """Open cases past the due date of the stage they are in (as ``sla.clock`` decides), in SQL."""
    verify_late = Q(status__in=AWAITING_VERIFICATION, verified_at__isnull=True, verify_due__lt=today)
    respond_late = Q(responded_at__isnull=True, respond_due__lt=today) & ~Q(
        status__in=AWAITING_VERIFICATION, verified_at__isnull=True
    )
    resolve_late = Q(responded_at__isnull=False, resolve_due__lt=today)
    return Q(status__in=OPEN) & (verify_late | respond_late | resolve_late)


def _as_percent(fraction: float | None) -> float | None:
    return None if fraction is None else fraction * 100


@dataclass
class Attainment:
    """One SLA stage over a set of cases: deadlines met and missed (``stage_outcome``)."""

    met: int = 0
    missed: int = 0

    def add(self, outcome: bool | None) -> None:
        """Count one case's outcome; None (not counted yet) changes nothing."""
        if outcome is not None:
            self.met += outcome
            self.missed += not outcome

    @property
    def counted(self) -> int:
        return self.met + self.missed

    @property
    def rate(self) -> float | None:
        """met / (met + missed); None when no case has met or missed the deadline yet."""
        return self.met / self.counted if self.counted else None

    @property
    def percent(self) -> float | None:
        return _as_percent(self.rate)


def stage_outcome(done_at: datetime | None, due: date, *, owed: bool, today: date) -> bool | None:
    """True when the stage was done by ``due``; False when done late, or still ``owed`` with
    ``today`` past ``due``; None when not counted (still owed within the deadline, or no longer
    owed without having been done)."""
    if done_at is not None:
        return timezone.localdate(done_at) <= due
    if owed and today > due:
        return False
    return None


def outcomes(case: dict[str, Any], today: date) -> dict[str, bool | None]:
    """Each stage's outcome for one case (a row of ``Case.values``): verify, respond, resolve.

    A case owes verification while it waits for it (as ``sla.clock`` says), a first response
    and a resolution while it is open. Resolution is done when the case is resolved or closed.
    """
    status = case["status"]
    is_open = status in OPEN
    finished = status in (Status.RESOLVED, Status.CLOSED)
    awaiting = status in AWAITING_VERIFICATION and case["verified_at"] is None
    return {
        "verify": stage_outcome(case["verified_at"], case["verify_due"], owed=awaiting, today=today),
        "respond": stage_outcome(case["responded_at"], case["respond_due"], owed=is_open, today=today),
        "resolve": stage_outcome(
            (case["resolved_at"] or case["closed_at"]) if finished else None,
            case["resolve_due"],
            owed=is_open,
            today=today,
        ),
    }


@dataclass
class Row:
    label: str
    total: int = 0
    open: int = 0
    overdue: int = 0
    finished: int = 0
    resolution: Attainment = field(default_factory=Attainment)
    days: list[int] = field(default_factory=list)

    @property
    def on_time(self) -> int:
        return self.resolution.met

    @property
    def missed(self) -> int:
        return self.resolution.missed

    @property
    def compliance(self) -> float | None:
        """Resolved on time out of those resolved plus those open past the deadline (module doc)."""
        return self.resolution.rate

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None


@dataclass
class Figures:
    since: date
    total: int
    open: int
    overdue: int
    finished: int
    verification: Attainment
    first_response: Attainment
    resolution: Attainment
    auto_routed: float | None
    rating: float | None
    ratings: int
    by_status: list[tuple[str, int]]
    by_unit: list[Row]
    by_category: list[Row]
    by_region: list[Row]
    weekly: list[tuple[date, int]]

    @property
    def on_time(self) -> int:
        return self.resolution.met

    @property
    def compliance(self) -> float | None:
        """Resolved on time: met / (met + missed) as the module doc defines them."""
        return self.resolution.rate

    @property
    def verified_on_time(self) -> float | None:
        return self.verification.rate

    @property
    def auto_routed_percent(self) -> float | None:
        return _as_percent(self.auto_routed)


def compute(cases: QuerySet[Case], *, days: int = 90, today: date | None = None) -> Figures:
    """Figures over the cases submitted in the last ``days`` days that ``cases`` lets the viewer see."""
    today = today or casetime.today()
    since = today - timedelta(days=days)
    scoped = cases.filter(submitted_at__date__gte=since)
    overdue_ids = set(scoped.filter(overdue_q(today)).values_list("id", flat=True))
    rows = list(
        scoped.values(
            "id",
            "status",
            "unit__short_name",
            "unit__name_id",
            "category__name_id",
            "region_code",
            "kind",
            "submitted_at",
            "resolved_at",
            "closed_at",
            "resolve_due",
            "respond_due",
            "responded_at",
            "verify_due",
            "verified_at",
            "routing_decision__abstained",
            "routing_decision_id",
        )
    )
    tables: dict[str, dict[str, Row]] = {"unit": {}, "category": {}, "region": {}}
    routed = auto = finished = 0
    stages = {"verify": Attainment(), "respond": Attainment(), "resolve": Attainment()}
    statuses: Counter[str] = Counter()
    weeks: Counter[date] = Counter()
    for case in rows:
        statuses[case["status"]] += 1
        submitted = timezone.localdate(case["submitted_at"])
        weeks[submitted - timedelta(days=submitted.weekday())] += 1
        code = case["region_code"] or ""
        district = ".".join(code.split(".")[:3]) if code.count(".") >= 2 else ""
        keys = {
            "unit": case["unit__short_name"] or case["unit__name_id"] or "(verifikasi)",
            "category": case["category__name_id"] or "—",
            "region": region_label(district) or "—",
        }
        outcome = outcomes(case, today)
        for stage, attainment in stages.items():
            attainment.add(outcome[stage])
        end = case["resolved_at"] or case["closed_at"]
        done = case["status"] in (Status.RESOLVED, Status.CLOSED) and end is not None
        finished += done
        for table, key in keys.items():
            row = tables[table].setdefault(key, Row(key))
            row.total += 1
            row.open += case["status"] in OPEN
            row.overdue += case["id"] in overdue_ids
            row.resolution.add(outcome["resolve"])
            if done:
                row.finished += 1
                row.days.append((timezone.localdate(end) - submitted).days)
        if case["routing_decision_id"] is not None:
            routed += 1
            auto += not case["routing_decision__abstained"]
    ratings = CaseRating.objects.filter(case__in=scoped)
    scores = list(ratings.values_list("score", flat=True))
    first_week = since - timedelta(days=since.weekday())
    weekly = [(first_week + timedelta(weeks=i), 0) for i in range((today - first_week).days // 7 + 1)]
    order = [status.value for status in Status]
    return Figures(
        since=since,
        total=len(rows),
        open=sum(statuses[s] for s in OPEN),
        overdue=len(overdue_ids),
        finished=finished,
        verification=stages["verify"],
        first_response=stages["respond"],
        resolution=stages["resolve"],
        auto_routed=auto / routed if routed else None,
        rating=sum(scores) / len(scores) if scores else None,
        ratings=len(scores),
        by_status=sorted(((s, n) for s, n in statuses.items()), key=lambda pair: order.index(pair[0])),
        by_unit=sorted(tables["unit"].values(), key=lambda r: -r.total),
        by_category=sorted(tables["category"].values(), key=lambda r: -r.total),
        by_region=sorted(tables["region"].values(), key=lambda r: -r.total),
        weekly=[(week, weeks.get(week, 0)) for week, _ in weekly],
    )


BAR_STEP = 26


def bars(rows: list[tuple[str, float]], *, width: int = 320) -> dict[str, Any]:
    """An SVG bar chart's geometry: each bar's label, value, length and y offset, and the height."""
    top = max((value for _, value in rows), default=0) or 1
    bars_ = [
        {"label": label, "value": value, "length": round(width * value / top), "y": i * BAR_STEP}
        for i, (label, value) in enumerate(rows)
    ]
    return {"rows": bars_, "height": max(len(rows), 1) * BAR_STEP + 4}
