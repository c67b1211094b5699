"""Officer console: unit queues, the verification queue, a case's page with its actions, the dashboard."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pamong.cases import access, actions, filing, sla, stats, workflow
from pamong.cases.models import Attachment, Case, Category, Kind
from pamong.cases.regions_choice import region_groups
from pamong.cases.workflow import Status
from pamong.core.audit import record
from pamong.core.models import Unit

PAGE_SIZE = 50
EXPORT_COLUMNS = (
    "tracking_number",
    "kind",
    "status",
    "unit",
    "category",
    "service",
    "region_code",
    "urgent",
    "submitted_at",
    "verify_due",
    "respond_due",
    "resolve_due",
    "verified_at",
    "resolved_at",
    "overdue",
)


def _require(check: Any, request: HttpRequest) -> None:
    if not check(request.user):
        raise PermissionDenied(_("Peran Anda tidak memberi akses ke halaman ini."))


def _filtered(request: HttpRequest, cases: QuerySet[Case]) -> tuple[QuerySet[Case], dict[str, str]]:
    """Apply the queue's filters from the query string; returns the queryset and the chosen values."""
    chosen = {
        name: request.GET.get(name, "").strip()
        for name in ("status", "kind", "category", "unit", "district", "q", "flag")
    }
    status = chosen["status"] or "open"
    if status == "open":
        cases = cases.filter(status__in=workflow.OPEN)
    elif status in Status.values:
        cases = cases.filter(status=status)
    chosen["status"] = status
    if chosen["kind"] in Kind.values:
        cases = cases.filter(kind=chosen["kind"])
    if chosen["category"]:
        cases = cases.filter(category__code=chosen["category"])
    if chosen["unit"] and access.sees_all(request.user):
        cases = (
            cases.filter(unit__isnull=True)
            if chosen["unit"] == "-"
            else cases.filter(unit__code=chosen["unit"])
        )
    if chosen["district"]:
        cases = cases.filter(region_code__startswith=chosen["district"])
    if chosen["flag"] == "urgent":
        cases = cases.filter(urgent=True)
    elif chosen["flag"] == "overdue":
        cases = cases.filter(stats.overdue_q(timezone.localdate()))
    elif chosen["flag"] == "mine":
        cases = cases.filter(assignee=request.user)
    if chosen["q"]:
        query = chosen["q"][:100]
        cases = cases.filter(
            Q(tracking_number__iexact=query) | Q(title__icontains=query) | Q(description__icontains=query)
        )
    return cases, chosen


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The unit's cases, urgent first then by deadline, with filters and bulk actions."""
    _require(access.works_cases, request)
    cases, chosen = _filtered(request, access.cases_for(request.user))
    cases = cases.select_related("unit", "category", "service", "assignee").order_by(
        "-urgent", "resolve_due", "id"
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [{"case": case, "clock": sla.clock(case, today)} for case in page]
    context = {
        "page": page,
        "rows": rows,
        "chosen": chosen,
        "statuses": Status.choices,
        "kinds": Kind.choices,
        "categories": Category.objects.filter(active=True),
        "units": Unit.objects.filter(active=True) if access.sees_all(request.user) else None,
        "districts": [(code, name) for code, name, _villages in region_groups()],
        "query_string": request.GET.urlencode(),
    }
    return render(request, "cases/staff/queue.html", context)


@login_required
def verification(request: HttpRequest) -> HttpResponse:
    """Cases the router did not place, or a unit sent back: a person picks the unit."""
    _require(access.can_verify_queue, request)
    cases = (
        Case.objects.filter(unit__isnull=True, status__in=workflow.OPEN)
        .select_related("routing_decision", "category")
        .order_by("-urgent", "verify_due", "id")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    units = {unit.code: unit for unit in Unit.objects.filter(active=True)}
    rows = []
    for case in page:
        alternatives = case.routing_decision.alternatives if case.routing_decision else []
        suggested = [(units[label], score) for label, score in alternatives if label in units]
        fallback = case.category.default_unit if case.category else None
        rows.append({"case": case, "suggested": suggested, "fallback": fallback, "clock": sla.clock(case)})
    return render(
        request, "cases/staff/verification.html", {"page": page, "rows": rows, "units": units.values()}
    )


def _case_for(request: HttpRequest, number: str) -> Case:
    case = get_object_or_404(
        Case.objects.select_related(
            "unit", "category", "service", "assignee", "routing_decision", "duplicate_of"
        ),
        tracking_number=number,
    )
    if not access.can_view(request.user, case):
        raise PermissionDenied(_("Kasus ini bukan milik unit Anda."))
    return case


# What a channel keeps in ``Case.fields`` for itself: not the citizen's answers.
CHANNEL_KEYS = frozenset({"open311_token", "open311_client", "telegram_chat_id"})


def _shown_fields(case: Case) -> list[tuple[str, str]]:
    """The case's own form answers under their labels, a choice by its wording; anything else
    kept with the case (a witness a channel added) under its name; channel bookkeeping never."""
    try:
        spec = filing.application_spec(case.service) if case.service else filing.complaint_spec()
    except filing.NotOpenForApplications:
        spec = None
    specs = {field.name: field for field in spec.fields} if spec else {}
    shown = []
    for name, value in case.fields.items():
        if name in CHANNEL_KEYS or name in actions.COLUMNS or value in ("", None):
            continue
        field = specs.get(name)
        if field is None:
            shown.append((name, str(value)))
        elif field.kind == "yes_no":
            shown.append((str(field.label), str(filing.YES_NO[1 if value in (True, "yes") else 0][1])))
        else:
            chosen = next((label for code, label in field.choices if code == value), value)
            shown.append((str(field.label), str(chosen)))
    return shown


@login_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    _require(access.works_cases, request)
    case = _case_for(request, number)
    identity = access.reveal_identity(request.user, case) if request.GET.get("identitas") == "1" else {}
    record(request.user, "cases.case.viewed", case)
    decision = case.routing_decision
    context = {
        "case": case,
        "clock": sla.clock(case),
        "events": case.events.select_related("actor", "unit"),
        "attachments": case.attachments.all(),
        "answers": _shown_fields(case),
        "identity": identity,
        "may_see_identity": access.can_see_identity(request.user, case),
        "decision": decision,
        "reviews": decision.reviews.select_related("reviewer") if decision else [],
        "duplicates": case.duplicates.all(),
        "moves": workflow.next_statuses(case.status),
        "units": Unit.objects.filter(active=True).exclude(pk=case.unit_id),
        "members": case.unit.members.order_by("username") if case.unit else User.objects.none(),
        "is_open": workflow.is_open(case.status),
    }
    return render(request, "cases/staff/case.html", context)


@login_required
@require_POST
def case_action(request: HttpRequest, number: str) -> HttpResponse:
    """One officer action on one case; a refused move comes back as a message, nothing half-done."""
    _require(access.works_cases, request)
    case = _case_for(request, number)
    action = request.POST.get("action", "")
    text = request.POST.get("text", "")
    user = request.user
    try:
        if action == "verify":
            actions.verify(case, actor=user, note=text)
        elif action == "assign":
            assignee = User.objects.filter(pk=request.POST.get("assignee") or 0).first()
            if assignee is None:
                raise actions.MoveRefused(_("Pilih petugas."))
            actions.assign(case, actor=user, assignee=assignee)
        elif action == "start":
            actions.start(case, actor=user, note=text)
        elif action in ("reply", "note"):
            actions.reply(case, actor=user, text=text, public=action == "reply")
        elif action == "resolve":
            actions.resolve(case, actor=user, resolution=text)
        elif action == "close":
            actions.close(case, actor=user, note=text)
        elif action == "reject":
            actions.reject(case, actor=user, reason=text)
        elif action == "reopen":
            actions.reopen(case, actor=user, reason=text)
        elif action == "reroute":
            code = request.POST.get("unit", "")
            unit = Unit.objects.filter(code=code, active=True).first() if code else None
            if code and unit is None:
                raise actions.MoveRefused(_("Unit itu tidak ada."))
            actions.reroute(case, actor=user, unit=unit, reason=text)
        else:
            raise actions.MoveRefused(_("Tindakan tidak dikenal."))
    except actions.MoveRefused as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Tersimpan."))
    if action == "reroute" and not access.can_view(user, case):
        return redirect("cases:queue")
    next_page = request.POST.get("next", "")
    if next_page == "verification" and access.can_verify_queue(user):
        return redirect("cases:verification")
    return redirect("cases:case", number=case.tracking_number)


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    _require(access.works_cases, request)
    numbers = request.POST.getlist("case")[:PAGE_SIZE]
    cases = list(access.cases_for(request.user).filter(tracking_number__in=numbers))
    action = request.POST.get("action", "")
    params: dict[str, Any] = {}
    if action == "assign_me":
        action, params = "assign", {"assignee": request.user}
    if action not in ("verify", "start", "close", "assign") or not cases:
        messages.error(request, _("Pilih kasus dan tindakannya."))
        return _back_to_queue(request)
    refused = actions.bulk(cases, action, actor=request.user, **params)
    done = len(cases) - len(refused)
    messages.success(request, _("%(done)s kasus diproses.") % {"done": done})
    for number, reason in refused.items():
        messages.error(request, f"{number}: {reason}")
    return _back_to_queue(request)


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    query = QueryDict(request.POST.get("query", ""))  # only our own filter names survive
    return redirect(f"{reverse('cases:queue')}?{query.urlencode()}")


@login_required
def attachment(request: HttpRequest, number: str, pk: int) -> FileResponse:
    """Files are served only to staff who may see the case, and each opening is logged."""
    _require(access.works_cases, request)
    case = _case_for(request, number)
    item = Attachment.objects.filter(case=case, pk=pk).first()
    if item is None:
        raise Http404
    record(request.user, "cases.attachment.viewed", case, attachment=item.pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="{item.pk}{item.file.name[-4:]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _dashboard_days(request: HttpRequest) -> int:
    try:
        return max(7, min(int(request.GET.get("hari", 90)), 730))
    except ValueError:
        return 90


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Volumes, SLA compliance and overdue cases by unit, category and region, with charts."""
    _require(access.works_cases, request)
    days = _dashboard_days(request)
    figures = stats.compute(access.cases_for(request.user), days=days)
    context = {
        "figures": figures,
        "days": days,
        "unit_bars": stats.bars([(row.label, row.total) for row in figures.by_unit[:12]]),
        # The week's Monday in the active language ("2 Okt" / "2 Oct"), never strftime's C locale.
        "weekly_bars": stats.bars([(formats.date_format(week, "j M"), n) for week, n in figures.weekly]),
        "status_labels": dict(Status.choices),
    }
    return render(request, "cases/staff/dashboard.html", context)


@login_required
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The numbers behind the dashboard, one row per unit, category and region.

    Machine-readable whatever the page's language: dots for decimals, no thousands separators.
    ``compliance`` is on_time / (on_time + missed), as ``stats`` defines them."""
    _require(access.works_cases, request)
    days = _dashboard_days(request)
    figures = stats.compute(access.cases_for(request.user), days=days)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pamong-sla-{days}hari.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "dimension",
            "label",
            "total",
            "open",
            "overdue",
            "finished",
            "on_time",
            "missed",
            "compliance",
            "median_days",
        ]
    )
    for dimension, rows in (
        ("unit", figures.by_unit),
        ("category", figures.by_category),
        ("region", figures.by_region),
    ):
        for row in rows:
            compliance = "" if row.compliance is None else f"{row.compliance:.3f}"
            median = "" if row.median_days is None else f"{row.median_days:.1f}"
            writer.writerow(
                [
                    dimension,
                    row.label,
                    row.total,
                    row.open,
                    row.overdue,
                    row.finished,
                    row.on_time,
                    row.missed,
                    compliance,
                    median,
                ]
            )
    record(request.user, "cases.dashboard.exported", None, days=days)
    return response


@login_required
def export_cases(request: HttpRequest) -> HttpResponse:
    """The queue as CSV (no personal data), with the same filters."""
    _require(access.works_cases, request)
    cases, _chosen = _filtered(request, access.cases_for(request.user))
    today = timezone.localdate()
    overdue = set(cases.filter(stats.overdue_q(today)).values_list("id", flat=True))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pamong-kasus.csv"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for case in cases.select_related("unit", "category", "service").iterator():
        writer.writerow(
            [
                case.tracking_number,
                case.kind,
                case.status,
                case.unit.code if case.unit else "",
                case.category.code if case.category else "",
                case.service.slug if case.service else "",
                case.region_code,
                int(case.urgent),
                case.submitted_at.isoformat(),
                _iso(case.verify_due),
                _iso(case.respond_due),
                _iso(case.resolve_due),
                _iso(case.verified_at),
                _iso(case.resolved_at),
                int(case.id in overdue),
            ]
        )
    record(request.user, "cases.cases.exported", None, rows=cases.count())
    return response


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""
