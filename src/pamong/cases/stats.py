"""Figures for the supervisor's dashboard: volumes, SLA compliance, overdue, by unit, category, region."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
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


@dataclass
class Row:
    label: str
    total: int = 0
    open: int = 0
    overdue: int = 0
    finished: int = 0
    on_time: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def compliance(self) -> float | None:
        return self.on_time / self.finished if self.finished else None

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
    on_time: int
    verified_on_time: float | None
    auto_routed: float | None
    rating: float | None
    ratings: int
    by_status: list[tuple[str, int]]
    by_unit: list[Row]
    by_category: list[Row]
    by_region: list[Row]
    weekly: list[tuple[date, int]]

    @property
    def compliance(self) -> float | None:
        return self.on_time / self.finished if self.finished else None


def _finished_on_time(case: dict[str, Any]) -> bool | None:
    end = case["resolved_at"] or case["closed_at"]
    if case["status"] not in (Status.RESOLVED, Status.CLOSED) or end is None:
        return None
    return timezone.localdate(end) <= case["resolve_due"]


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
            "verify_due",
            "verified_at",
            "routing_decision__abstained",
            "routing_decision_id",
        )
    )
    tables: dict[str, dict[str, Row]] = {"unit": {}, "category": {}, "region": {}}
    verified = verified_on_time = routed = auto = 0
    statuses: Counter[str] = Counter()
    weeks: Counter[date] = Counter()
    finished = on_time = 0
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
        met = _finished_on_time(case)
        for table, key in keys.items():
            row = tables[table].setdefault(key, Row(key))
            row.total += 1
            row.open += case["status"] in OPEN
            row.overdue += case["id"] in overdue_ids
            if met is not None:
                row.finished += 1
                row.on_time += met
                end = case["resolved_at"] or case["closed_at"]
                row.days.append((timezone.localdate(end) - submitted).days)
        if met is not None:
            finished += 1
            on_time += met
        if case["verified_at"] is not None:
            verified += 1
            verified_on_time += timezone.localdate(case["verified_at"]) <= case["verify_due"]
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
        on_time=on_time,
        verified_on_time=verified_on_time / verified if verified else None,
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
