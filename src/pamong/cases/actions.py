"""Every change to a case goes through here: the transaction, the history, the audit entry, the outbox.

Views, the JSON API, Open311, the assistant, the CLI and tasks all call these functions,
so a complaint filed on Telegram and one filed on the web are treated the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.ai.decisions import review
from pamong.cases import casetime, filing, notifications, sla, tracking, workflow
from pamong.cases.calendar import WorkingCalendar
from pamong.cases.models import Attachment, Case, CaseEvent, CaseRating, Category, Draft, EventKind, Kind
from pamong.cases.uploads import CheckedUpload
from pamong.cases.workflow import Status
from pamong.core.audit import record
from pamong.core.models import Unit

log = logging.getLogger(__name__)

CITIZEN = "warga"
# Values kept in their own columns; whatever else a form asks goes to ``Case.fields``.
COLUMNS = frozenset(
    {
        "kind",
        "description",
        "category",
        "region",
        "address",
        "latitude",
        "longitude",
        "anonymous",
        "confidential",
    }
    | {"name", "nik", "phone", "email", "title"}
)


class FilingError(ValueError):
    """The submission has mistakes; ``errors`` maps each field to a message for the citizen."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


class MoveRefused(ValueError):
    """The requested change is not allowed now; the message says why, for the officer."""


@dataclass(frozen=True)
class Submitted:
    case: Case
    secret_code: str  # shown to the citizen once, never stored in clear


# --- Submission ------------------------------------------------------------------------


def _title(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 80 else words[:77].rsplit(" ", 1)[0] + "…"


class _Plan(NamedTuple):
    """What a new case needs from the database before its transaction: read first, so the
    write lock (one writer at a time on SQLite) is held only for the writes."""

    code: str
    category: Category | None
    submitted: datetime
    due: sla.Deadlines


def _plan(values: dict[str, Any], service: Any = None) -> _Plan:
    category = Category.objects.filter(code=values["category"]).first() if values.get("category") else None
    submitted = casetime.now()
    days = sla.policy_days(service=service, category=category, kind=values.get("kind") or "")
    due = sla.deadlines(timezone.localdate(submitted), days)
    return _Plan(tracking.new_secret_code(), category, submitted, due)


def _create(
    kind: str,
    values: dict[str, Any],
    plan: _Plan,
    *,
    service: Any = None,
    channel: str,
    language: str,
    extra_fields: dict[str, Any] | None = None,
    media_url: str = "",
) -> tuple[Case, str]:
    code, category, submitted, due = plan
    identity = {} if values.get("anonymous") else values
    fields = {name: value for name, value in values.items() if name not in COLUMNS} | (extra_fields or {})
    description = values.get("description") or ""
    if kind == Kind.APPLICATION:
        description = description or _("Permohonan %(service)s") % {"service": service.name_id}
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    kind=kind,
                    tracking_number=tracking.new_tracking_number(kind),
                    secret_hash=tracking.hash_code(code),
                    channel=channel[:20],
                    language="en" if language.startswith("en") else "id",
                    service=service,
                    category=category,
                    title=_title(values.get("title") or description),
                    description=description,
                    fields=fields,
                    region_code=values.get("region") or "",
                    address=values.get("address") or "",
                    latitude=values.get("latitude") or None,
                    longitude=values.get("longitude") or None,
                    media_url=media_url,
                    anonymous=bool(values.get("anonymous")),
                    confidential=bool(values.get("confidential")),
                    citizen_name=identity.get("name") or "",
                    citizen_nik=identity.get("nik") or "",
                    citizen_phone=identity.get("phone") or "",
                    citizen_email=identity.get("email") or "",
                    submitted_at=submitted,
                    verify_due=due.verify,
                    respond_due=due.respond,
                    resolve_due=due.resolve,
                )
            return case, code
        except IntegrityError:  # a tracking number drawn twice: draw again
            continue
    raise RuntimeError("could not draw a free tracking number")


@contextmanager
def _files_removed_on_failure() -> Iterator[list[FieldFile]]:
    """Collect the files written in the ``with``; if it fails, delete them again.

    Storage is not transactional: a rolled-back transaction forgets the attachment rows but
    not their files, which would stay on disk with no case to tell whose they are. Put it
    around the outermost ``transaction.atomic()`` so a failed commit counts too. (A caller's
    own transaction that rolls back after the action returned is not covered.)"""
    written: list[FieldFile] = []
    try:
        yield written
    except BaseException:
        for file in written:
            try:
                file.storage.delete(file.name)
            except OSError:  # the original failure matters more; the file is named in the log
                log.exception("could not delete %s after a rolled-back transaction", file.name)
        raise


def _attach(case: Case, upload: CheckedUpload, requirement: str, written: list[FieldFile]) -> Attachment:
    """Store the file and its row; the file goes into ``written`` as soon as it is on disk."""
    attachment = Attachment(
        case=case,
        requirement=requirement[:300],
        original_name=upload.name,
        content_type=upload.content_type,
        size=len(upload.content),
        sha256=upload.sha256,
    )
    attachment.file.save(
        f"{case.tracking_number}-{upload.sha256[:12]}{upload.extension}",
        ContentFile(upload.content),
        save=False,
    )
    written.append(attachment.file)
    attachment.save()
    return attachment


def _new_event(
    case: Case, kind: str, actor: Any, *, note: str = "", public: bool = True, **extra: Any
) -> CaseEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = actor.get_username() if user else str(actor or "system")
    return CaseEvent(
        case=case,
        kind=kind,
        actor=user,
        actor_label=label[:150],
        note=note,
        public=public,
        created_at=casetime.now(),
        **extra,
    )


def _event(
    case: Case, kind: str, actor: Any, *, note: str = "", public: bool = True, **extra: Any
) -> CaseEvent:
    event = _new_event(case, kind, actor, note=note, public=public, **extra)
    event.save()
    return event


def _finish_submission(case: Case, draft: Draft | None) -> None:
    _event(case, EventKind.STATUS, CITIZEN, to_status=Status.SUBMITTED)
    if draft is not None:
        Draft.objects.filter(pk=draft.pk).update(submitted_case=case, data={})
    record(CITIZEN, "cases.case.submitted", case, kind=case.kind, channel=case.channel)
    with_note = _("Simpan nomor lacak %(number)s dan kode rahasia Anda.") % {"number": case.tracking_number}
    notifications.queue_status(case, with_note)
    from pamong.cases.tasks import route_case

    # robust: the case is stored whatever happens to its routing; cases.tick routes what is left.
    transaction.on_commit(lambda: route_case.delay(case.pk), robust=True)


def submit_complaint(
    data: dict[str, Any],
    *,
    photo: CheckedUpload | None = None,
    channel: str = "web",
    language: str = "id",
    draft: Draft | None = None,
    extra_fields: dict[str, Any] | None = None,
    media_url: str = "",
) -> Submitted:
    """File a complaint, aspiration or information request; routing runs after commit.

    Checked and planned before the transaction, which then only writes: the case, its photo,
    history, audit and outbox, all or nothing. ``extra_fields`` keeps what a channel needs
    later, e.g. the Telegram chat to notify. ``media_url`` is a client's link to its own photo
    (Open311), checked by that channel and never fetched.
    """
    checked = filing.check(filing.complaint_spec(), data)
    if not checked.valid:
        raise FilingError(checked.errors)
    kind = checked.values["kind"]
    plan = _plan(checked.values)
    with _files_removed_on_failure() as written, transaction.atomic():
        case, code = _create(
            kind,
            checked.values,
            plan,
            channel=channel,
            language=language,
            extra_fields=extra_fields,
            media_url=media_url,
        )
        if photo is not None:
            _attach(case, photo, "foto", written)
        _finish_submission(case, draft)
    return Submitted(case, code)


def submit_application(
    service: Any,
    data: dict[str, Any],
    documents: dict[str, CheckedUpload],
    *,
    channel: str = "web",
    language: str = "id",
    draft: Draft | None = None,
    extra_fields: dict[str, Any] | None = None,
) -> Submitted:
    """File an application for a catalog service with its required documents."""
    spec = filing.application_spec(service)
    checked = filing.check(spec, data)
    missing = [
        doc for doc in filing.required_documents(spec, checked.values) if doc.requirement not in documents
    ]
    for doc in missing:
        checked.errors[f"doc:{doc.requirement}"] = _("Dokumen ini wajib diunggah: %(doc)s.") % {
            "doc": doc.label
        }
    if not checked.valid:
        raise FilingError(checked.errors)
    plan = _plan(checked.values, service)
    known = {doc.requirement for doc in spec.documents}
    with _files_removed_on_failure() as written, transaction.atomic():
        case, code = _create(
            Kind.APPLICATION,
            checked.values,
            plan,
            service=service,
            channel=channel,
            language=language,
            extra_fields=extra_fields,
        )
        for requirement, upload in documents.items():
            if requirement in known:
                _attach(case, upload, requirement, written)
        _finish_submission(case, draft)
    return Submitted(case, code)


def save_draft(draft: Draft, data: dict[str, Any]) -> Draft:
    """Keep what the citizen typed (whatever its errors); never the files."""
    clean = {key: str(value)[:5000] for key, value in data.items() if not key.startswith(("csrf", "doc:"))}
    Draft.objects.filter(pk=draft.pk).update(data={**draft.data, **clean}, updated_at=casetime.now())
    draft.data = {**draft.data, **clean}
    return draft


# --- Routing (called by the task after submission) -------------------------------------


DRAFT_DAYS = 30  # the draft cookie lives as long


def forget_old_drafts(days: int = DRAFT_DAYS) -> int:
    """Delete drafts nobody touched for ``days``: what a citizen typed and never sent (a NIK, an
    address) is not kept for ever. Sent drafts were emptied when their case was filed."""
    cutoff = casetime.now() - timedelta(days=days)
    deleted, _counts = Draft.objects.filter(submitted_case__isnull=True, updated_at__lt=cutoff).delete()
    return deleted


def lock_new(case: Case) -> Case:
    """The case re-read and locked inside the caller's transaction, before triage writes to it."""
    # NO KEY UPDATE: two new complaints that are each other's duplicate candidates point at
    # each other's row; a plain FOR UPDATE would deadlock their triage on PostgreSQL.
    return Case.objects.select_for_update(no_key=True).get(pk=case.pk)


@transaction.atomic(savepoint=False)
def set_route(case: Case, unit: Unit | None, *, decision: Any = None, note: str = "") -> Case:
    """Put a newly submitted case (as ``lock_new`` returned it) in a unit's queue, or the verification queue."""
    case.unit = unit
    case.routing_decision = decision
    case.save(update_fields=["unit", "routing_decision", "updated_at"])
    events = [_new_event(case, EventKind.ROUTING, "system", note=note, public=False, unit=unit)]
    if unit is not None:
        told = _("Diteruskan ke %(unit)s.") % {"unit": unit.name}
        events.append(_new_event(case, EventKind.ROUTING, "system", note=told, unit=unit))
    CaseEvent.objects.bulk_create(events)
    record("system", "cases.case.routed", case, unit=unit.code if unit else None)
    return case


@transaction.atomic(savepoint=False)
def flag(case: Case, *, urgent: bool, reasons: list[str], duplicate_of: Case | None) -> Case:
    """Mark a newly submitted case (as ``lock_new`` returned it) urgent and/or a duplicate."""
    case.urgent, case.urgency_reasons = urgent, reasons
    case.duplicate_of = duplicate_of
    case.save(update_fields=["urgent", "urgency_reasons", "duplicate_of", "updated_at"])
    if urgent:
        _event(
            case,
            EventKind.NOTE,
            "system",
            note=_("Mendesak: %(why)s") % {"why": ", ".join(reasons)},
            public=False,
        )
        record("system", "cases.case.urgent", case, reasons=reasons)
    if duplicate_of is not None:
        note = _("Laporan serupa sudah kami terima (%(number)s); keduanya ditangani bersama.") % {
            "number": duplicate_of.tracking_number
        }
        _event(case, EventKind.NOTE, "system", note=note)
        notifications.queue_status(case, note)
    return case


# --- Officer actions -------------------------------------------------------------------


def _lock(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("unit", "routing_decision")
        .get(pk=case.pk)
    )


def _move(
    case: Case, target: str, actor: Any, *, note: str = "", public: bool = True, notify: bool = True
) -> Case:
    if not workflow.allowed(case.status, target):
        raise MoveRefused(
            _("Status %(current)s tidak bisa diubah menjadi %(target)s.")
            % {"current": case.get_status_display(), "target": Status(target).label}
        )
    if target in workflow.NEEDS_REASON and not note.strip():
        raise MoveRefused(_("Tulis alasannya; warga akan membacanya."))
    previous = case.status
    now = casetime.now()
    case.status = target
    if target == Status.VERIFIED and case.verified_at is None:
        case.verified_at = now
    if target == Status.RESOLVED:
        case.resolved_at = now
        case.responded_at = case.responded_at or now
    if target == Status.CLOSED:
        case.closed_at = now
    if target == Status.REOPENED:
        case.resolved_at, case.closed_at = None, None
    if target in (Status.IN_PROGRESS, Status.REJECTED) and case.responded_at is None:
        case.responded_at = now
    case.save()
    _event(
        case,
        EventKind.STATUS,
        actor,
        from_status=previous,
        to_status=target,
        note=note,
        public=public,
        unit=case.unit,
    )
    record(actor, f"cases.case.{target}", case, previous=previous)
    if notify:
        notifications.queue_status(case, note)
    return case


def _confirm_routing(case: Case, actor: Any) -> None:
    """Accepting a case in the unit the router chose confirms that decision (it trains the router)."""
    decision = case.routing_decision
    if decision is None or not getattr(actor, "is_authenticated", False) or decision.reviews.exists():
        return
    if decision.output.get("label") == (case.unit.code if case.unit else None):
        review(decision, reviewer=actor)


@transaction.atomic
def verify(case: Case, *, actor: Any, note: str = "") -> Case:
    case = _lock(case)
    if case.unit is None:
        raise MoveRefused(_("Tentukan unit yang menangani lebih dulu."))
    case = _move(case, Status.VERIFIED, actor, note=note)
    _confirm_routing(case, actor)
    return case


@transaction.atomic
def assign(case: Case, *, actor: Any, assignee: Any) -> Case:
    case = _lock(case)
    if case.unit is None or not case.unit.members.filter(pk=assignee.pk).exists():
        raise MoveRefused(
            _("%(name)s bukan anggota unit yang menangani kasus ini.") % {"name": assignee.get_username()}
        )
    if case.status in workflow.AWAITING_VERIFICATION:
        case = _move(case, Status.VERIFIED, actor, notify=False)
        _confirm_routing(case, actor)
    case.assignee = assignee
    note = _("Ditugaskan kepada %(name)s.") % {"name": assignee.get_full_name() or assignee.get_username()}
    case = _move(case, Status.ASSIGNED, actor, note=note, public=False, notify=False)
    return case


def _to_in_progress(case: Case, actor: Any, *, note: str = "", notify: bool = False) -> Case:
    """Take the case through the steps an officer skipped (verify, start) so history stays complete."""
    if case.status in workflow.AWAITING_VERIFICATION:
        if case.unit is None:
            raise MoveRefused(_("Tentukan unit yang menangani lebih dulu."))
        case = _move(case, Status.VERIFIED, actor, notify=False)
        _confirm_routing(case, actor)
    if case.status != Status.IN_PROGRESS:
        case = _move(case, Status.IN_PROGRESS, actor, note=note, notify=notify)
    return case


@transaction.atomic
def start(case: Case, *, actor: Any, note: str = "") -> Case:
    case = _lock(case)
    if case.status == Status.IN_PROGRESS:
        raise MoveRefused(_("Kasus ini sudah sedang ditangani."))
    return _to_in_progress(case, actor, note=note, notify=True)


@transaction.atomic
def reply(case: Case, *, actor: Any, text: str, public: bool = True) -> CaseEvent:
    """A message the citizen sees (``public``) or an internal note; the first public reply stops the
    follow-up clock."""
    text = (text or "").strip()
    if not text:
        raise MoveRefused(_("Tulis isi balasannya."))
    case = _lock(case)
    event = _event(
        case, EventKind.REPLY if public else EventKind.NOTE, actor, note=text[:5000], public=public
    )
    if public:
        if case.responded_at is None:
            case.responded_at = casetime.now()
            case.save(update_fields=["responded_at", "updated_at"])
        notifications.queue(case, *notifications.status_message(case, text))
    record(actor, "cases.case.replied" if public else "cases.case.noted", case)
    return event


@transaction.atomic
def resolve(case: Case, *, actor: Any, resolution: str) -> Case:
    if not resolution.strip():
        raise MoveRefused(_("Tulis alasannya; warga akan membacanya."))
    case = _lock(case)
    if case.status in (*workflow.AWAITING_VERIFICATION, Status.VERIFIED, Status.ASSIGNED, Status.REOPENED):
        case = _to_in_progress(case, actor)
    return _move(case, Status.RESOLVED, actor, note=resolution)


@transaction.atomic
def close(case: Case, *, actor: Any, note: str = "") -> Case:
    return _move(_lock(case), Status.CLOSED, actor, note=note)


@transaction.atomic
def reject(case: Case, *, actor: Any, reason: str) -> Case:
    return _move(_lock(case), Status.REJECTED, actor, note=reason)


@transaction.atomic
def reopen(case: Case, *, actor: Any, reason: str) -> Case:
    return _move(_lock(case), Status.REOPENED, actor, note=reason)


@transaction.atomic
def reroute(case: Case, *, actor: Any, unit: Unit | None, reason: str) -> Case:
    """ "Bukan wewenang": hand the case to another unit (or back to verification); teaches the router.

    A case still waiting in the verification queue just gets its unit; one a unit already
    held goes through not-our-authority then re-routed, so the history shows both.
    """
    case = _lock(case)
    if not reason.strip():
        raise MoveRefused(_("Tulis alasannya; warga akan membacanya."))
    if unit is not None and unit == case.unit:
        raise MoveRefused(_("Kasus ini sudah di unit itu."))
    if case.status == Status.SUBMITTED and case.unit is None:
        case.unit = unit
        case.save(update_fields=["unit", "updated_at"])
        _event(case, EventKind.ROUTING, actor, note=reason, public=False, unit=unit)
        if unit is not None:
            _event(
                case,
                EventKind.ROUTING,
                actor,
                note=_("Diteruskan ke %(unit)s.") % {"unit": unit.name},
                unit=unit,
            )
    else:
        if case.status != Status.NOT_OUR_AUTHORITY:
            case = _move(case, Status.NOT_OUR_AUTHORITY, actor, note=reason, notify=False)
        case.unit, case.assignee = unit, None
        case.save(update_fields=["unit", "assignee", "updated_at"])
        if unit is not None:
            note = _("Dialihkan ke %(unit)s: %(reason)s") % {"unit": unit.name, "reason": reason}
            case = _move(case, Status.REROUTED, actor, note=note)
    record(actor, "cases.case.rerouted", case, unit=unit.code if unit else None, reason=reason[:300])
    decision = case.routing_decision
    corrects_router = decision is not None and unit is not None and decision.output.get("label") != unit.code
    if corrects_router and getattr(actor, "is_authenticated", False):
        review(decision, reviewer=actor, corrected_output={"label": unit.code}, note=reason[:500])
    return case


# --- The citizen -----------------------------------------------------------------------


@transaction.atomic
def citizen_adds(case: Case, text: str) -> CaseEvent:
    """More information from the citizen on an open case (it lands in the officer's view)."""
    text = filing.check_value(filing.FieldSpec("info", "long_text", filing.Text("Tambahan", "More")), text)
    case = _lock(case)
    if not workflow.is_open(case.status):
        raise MoveRefused(_("Kasus ini sudah selesai. Buka kembali bila masalahnya belum beres."))
    event = _event(case, EventKind.CITIZEN, CITIZEN, note=text)
    record(CITIZEN, "cases.case.citizen_added", case)
    notifications.queue_citizen_addition(case, file=False)
    return event


# The citizen's optional words with a file sent later: a line, not a second report.
ATTACHMENT_NOTE = filing.FieldSpec("note", "text", filing.Text("Catatan", "Note"), required=False)


def refuse_files_if_closed(case: Case) -> None:
    """A closed or rejected case takes no more files: checked before a file is read, and again
    under the row lock."""
    if not workflow.is_open(case.status):
        raise MoveRefused(
            _("Kasus ini berstatus %(status)s; berkas tidak bisa ditambahkan lagi.")
            % {"status": case.get_status_display()}
        )


def citizen_attaches(
    case: Case, upload: CheckedUpload, *, requirement: str = "", note: str = ""
) -> Attachment:
    """A document or photo the citizen sends after filing (one they lacked, or one an officer asked
    for): kept with the case's other files, and told in its history so the officer sees it arrive.

    ``upload`` has passed ``uploads.check``; ``requirement`` is the service document it is
    ("" for anything else). Like ``citizen_adds``, only while the case is open."""
    note = filing.check_value(ATTACHMENT_NOTE, note)
    with _files_removed_on_failure() as written, transaction.atomic():
        case = _lock(case)
        refuse_files_if_closed(case)
        attachment = _attach(case, upload, requirement, written)
        named = f"{requirement} ({upload.name})" if requirement else upload.name
        told = _("Berkas ditambahkan: %(name)s.") % {"name": named}
        _event(case, EventKind.CITIZEN, CITIZEN, note=f"{told}\n{note}" if note else told)
        record(CITIZEN, "cases.attachment.added", case, attachment=attachment.pk)
        notifications.queue_citizen_addition(case, file=True)
    return attachment


@transaction.atomic
def citizen_reopens(case: Case, reason: str) -> Case:
    case = _lock(case)
    if case.status not in (Status.RESOLVED, Status.CLOSED):
        raise MoveRefused(_("Hanya kasus yang sudah selesai yang bisa dibuka kembali."))
    return _move(case, Status.REOPENED, CITIZEN, note=reason.strip()[:2000])


@transaction.atomic
def rate(case: Case, *, score: int, comment: str = "") -> CaseRating:
    """The citizen rates the outcome once, after the case is resolved or closed."""
    case = _lock(case)
    if case.status not in (Status.RESOLVED, Status.CLOSED):
        raise MoveRefused(_("Penilaian bisa diberikan setelah kasus selesai ditangani."))
    if not 1 <= int(score) <= 5:
        raise MoveRefused(_("Pilih nilai 1 sampai 5."))
    if CaseRating.objects.filter(case=case).exists():
        raise MoveRefused(_("Anda sudah memberi penilaian. Terima kasih."))
    rating = CaseRating.objects.create(
        case=case, score=int(score), comment=(comment or "").strip()[:500], created_at=casetime.now()
    )
    record(CITIZEN, "cases.case.rated", case, score=int(score))
    return rating


# --- Clocks ----------------------------------------------------------------------------


def escalate_overdue(today: date | None = None) -> list[Case]:
    """Open cases past the due date of their current stage go to the supervisors, once per stage."""
    today = today or casetime.today()
    calendar = WorkingCalendar.around(today.replace(year=today.year - 1), years_after=2)
    escalated = []
    for case in Case.objects.filter(status__in=workflow.OPEN).select_related("unit"):
        clock = sla.clock(case, today, calendar)
        if clock.overdue and case.escalated_stage != _stage_marker(clock):
            done = _escalate(case, today, calendar)
            if done is not None:
                escalated.append(done)
    return escalated


def _stage_marker(clock: sla.Clock) -> str:
    return f"{clock.stage}:{clock.due}"


@transaction.atomic
def _escalate(case: Case, today: date, calendar: WorkingCalendar) -> Case | None:
    """Mark, log and e-mail the supervisors; None when another tick got there first (the row is
    read again under the lock, so two ticks never notify twice)."""
    case = _lock(case)
    clock = sla.clock(case, today, calendar)
    marker = _stage_marker(clock)
    if not clock.overdue or case.escalated_stage == marker:
        return None
    case.escalated_at = casetime.now()
    case.escalated_stage = marker
    case.save(update_fields=["escalated_at", "escalated_stage", "updated_at"])
    note = _("Lewat batas waktu %(stage)s (%(due)s): diteruskan ke supervisor.") % {
        "stage": clock.stage_label,
        "due": clock.due,
    }
    _event(case, EventKind.ESCALATION, "system", note=note, public=False)
    sent_to = notifications.queue_escalation(case, clock)
    record(
        "system", "cases.case.escalated", case, stage=clock.stage, due=str(clock.due), notified=len(sent_to)
    )
    return case


def close_resolved(today: Any = None, *, days: int | None = None) -> int:
    """Resolved cases the citizen did not reopen within ``days`` close themselves."""
    from django.conf import settings

    days = days or settings.CASES_AUTO_CLOSE_DAYS
    cutoff = casetime.now() - timezone.timedelta(days=days)
    closed = 0
    for case in Case.objects.filter(status=Status.RESOLVED, resolved_at__lt=cutoff):
        close(
            case, actor="system", note=_("Ditutup otomatis %(days)s hari setelah selesai.") % {"days": days}
        )
        closed += 1
    return closed


def bulk(cases: Iterable[Case], action: str, *, actor: Any, **params: Any) -> dict[str, str]:
    """Apply one action to several cases; returns tracking number -> error for those refused."""
    functions = {"verify": verify, "assign": assign, "start": start, "close": close, "reroute": reroute}
    function = functions[action]
    refused = {}
    for case in cases:
        try:
            function(case, actor=actor, **params)
        except MoveRefused as error:
            refused[case.tracking_number] = str(error)
    return refused
