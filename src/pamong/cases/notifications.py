"""The outbox: every status change tells the citizen, an overdue case its supervisors, a citizen's
later file or information the case's officers, written in the same transaction as the change.

Rows are queued inside the action's transaction and sent after commit (by a task in
scale-out, in process otherwise); ``pamong cases tick`` resends what is still pending,
so a mail server that is down loses nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pamong.cases.channels import Refused, Unavailable, adapters
from pamong.cases.models import Case, Notification, NotificationStatus
from pamong.cases.sla import Clock
from pamong.core import roles
from pamong.core.privacy import mask_identifiers

MAX_ATTEMPTS = 5


def _recipients(case: Case) -> list[tuple[str, str]]:
    """(channel, address) pairs for the citizen; none for an anonymous report."""
    if case.anonymous:
        return []
    available = adapters()
    found = []
    if case.citizen_email and "email" in available:
        found.append(("email", case.citizen_email))
    if case.citizen_phone and "sms" in available:
        found.append(("sms", case.citizen_phone))
    chat = (case.fields or {}).get("telegram_chat_id")
    if chat and "telegram" in available:
        found.append(("telegram", str(chat)))
    return found


def status_message(case: Case, note: str = "") -> tuple[str, str]:
    """Subject and body for the citizen about the case's current status, in their language."""
    with translation.override(case.language or "id"):
        subject = _("%(number)s: %(status)s") % {
            "number": case.tracking_number,
            "status": case.get_status_display(),
        }
        lines = [
            _("Status laporan/permohonan Anda sekarang: %(status)s.") % {"status": case.get_status_display()}
        ]
        if note:
            lines.append(note)
        if case.unit_id:
            lines.append(_("Ditangani oleh: %(unit)s.") % {"unit": case.unit.name})
        lines.append(
            _("Lihat perkembangannya di %(url)s dengan nomor lacak %(number)s dan kode rahasia Anda.")
            % {"url": f"{settings.PUBLIC_URL.rstrip('/')}/lacak/", "number": case.tracking_number}
        )
        return subject, "\n\n".join(lines)


def queue(case: Case, subject: str, body: str) -> list[Notification]:
    """Write the messages now; they are sent when the transaction commits."""
    return _write(case, _recipients(case), subject, body)


def _write(case: Case, recipients: list[tuple[str, str]], subject: str, body: str) -> list[Notification]:
    rows = [
        Notification.objects.create(case=case, channel=channel, recipient=address, subject=subject, body=body)
        for channel, address in recipients
    ]
    if rows:
        from pamong.cases.tasks import send_notification

        for row in rows:
            transaction.on_commit(lambda pk=row.pk: send_notification.delay(pk))
    return rows


def queue_status(case: Case, note: str = "") -> list[Notification]:
    return queue(case, *status_message(case, note))


def supervisor_emails() -> list[str]:
    """Addresses of the active supervisors: an overdue case is theirs to chase."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, groups__name=roles.SUPERVISOR).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def escalation_message(case: Case, clock: Clock) -> tuple[str, str]:
    """Subject and body for supervisors, in the office language; no personal data of the reporter."""
    with translation.override(settings.LANGUAGE_CODE):
        due = clock.due.strftime("%d-%m-%Y") if clock.due else "-"
        values = {"number": case.tracking_number, "stage": clock.stage_label, "due": due}
        subject = _("Eskalasi %(number)s: lewat batas %(stage)s") % values
        unit = case.unit.name if case.unit_id else _("belum ada (antrean verifikasi)")
        lines = [
            _("Kasus %(number)s lewat batas waktu %(stage)s (%(due)s).") % values,
            f"{case.get_kind_display()}: {mask_identifiers(case.title)}",
            _("Unit: %(unit)s.") % {"unit": unit},
            _("Buka kasusnya: %(url)s")
            % {"url": f"{settings.PUBLIC_URL.rstrip('/')}/staf/kasus/{case.tracking_number}/"},
        ]
        return subject, "\n\n".join(lines)


def queue_escalation(case: Case, clock: Clock) -> list[Notification]:
    """E-mail every active supervisor about an overdue case; the caller makes it once per stage."""
    recipients = [("email", address) for address in supervisor_emails()]
    return _write(case, recipients, *escalation_message(case, clock))


CASE_HANDLERS = (roles.OFFICER, roles.SUPERVISOR)  # the roles that work on a unit's cases


def officer_emails(case: Case) -> list[str]:
    """Who works on the case: its officer, else the unit's active officers and supervisors (an
    analyst or records clerk in the unit does not handle cases, and the mail is about one);
    nobody while it waits for a unit (the verification queue is read, not mailed)."""
    assignee = case.assignee
    if assignee is not None and assignee.is_active and assignee.email:
        return [assignee.email]
    if case.unit is None:
        return []
    members = case.unit.members.filter(is_active=True, groups__name__in=CASE_HANDLERS).exclude(email="")
    return sorted(set(members.values_list("email", flat=True)))


def citizen_addition_message(case: Case, *, file: bool) -> tuple[str, str]:
    """Subject and body for officers, in the office language; the citizen's words stay in the case
    (they may name the citizen), the mail only says something arrived and where."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {"number": case.tracking_number}
        subject = _("%(number)s: tambahan dari warga") % values
        what = (
            _("Warga mengirim berkas untuk kasus %(number)s.")
            if file
            else _("Warga menambahkan informasi pada kasus %(number)s.")
        )
        lines = [
            what % values,
            f"{case.get_kind_display()}: {mask_identifiers(case.title)}",
            _("Buka kasusnya: %(url)s")
            % {"url": f"{settings.PUBLIC_URL.rstrip('/')}/staf/kasus/{case.tracking_number}/"},
        ]
        return subject, "\n\n".join(lines)


def queue_citizen_addition(case: Case, *, file: bool) -> list[Notification]:
    """E-mail the case's officers that the citizen sent a file (``file``) or more information,
    so it is read now, not when someone next opens the case."""
    recipients = [("email", address) for address in officer_emails(case)]
    return _write(case, recipients, *citizen_addition_message(case, file=file))


def deliver(notification: Notification) -> str:
    """Try to send one message; returns its new status. Safe to call twice."""
    if notification.status != NotificationStatus.PENDING:
        return notification.status
    adapter = adapters().get(notification.channel)
    notification.attempts += 1
    if adapter is None:
        notification.status = NotificationStatus.FAILED
        notification.last_error = f"channel {notification.channel} is not configured"
    else:
        try:
            adapter(notification.recipient, notification.subject, notification.body)
        except Unavailable as error:
            notification.last_error = str(error)[:300]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
        except Refused as error:
            notification.status, notification.last_error = NotificationStatus.FAILED, str(error)[:300]
        else:
            notification.status, notification.sent_at = NotificationStatus.SENT, timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        status=notification.status,
        attempts=notification.attempts,
        last_error=notification.last_error,
        sent_at=notification.sent_at,
    )
    return notification.status


def deliver_pending(limit: int = 500) -> dict[str, int]:
    """Resend what is still pending (after an outage); returns the count per outcome."""
    outcome: dict[str, int] = {}
    for notification in Notification.objects.filter(status=NotificationStatus.PENDING)[:limit]:
        status = deliver(notification)
        outcome[status] = outcome.get(status, 0) + 1
    return outcome
