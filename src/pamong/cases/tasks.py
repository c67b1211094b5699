"""Background work of cases: thin tasks that take ids and call the domain functions."""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(name="cases.route_case", acks_late=True)
def route_case(case_id: int) -> None:
    from pamong.cases.triage import triage

    triage(case_id)


@shared_task(name="cases.send_notification", bind=True, max_retries=5, default_retry_delay=60)
def send_notification(self, notification_id: int) -> str:  # type: ignore[no-untyped-def]
    from pamong.cases.models import Notification, NotificationStatus
    from pamong.cases.notifications import deliver

    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return "missing"
    status = deliver(notification)
    if status == NotificationStatus.PENDING and not self.request.is_eager:
        raise self.retry()
    return status


@shared_task(name="cases.tick")
def tick() -> dict[str, Any]:
    """Every few minutes (beat or cron): route cases whose routing failed, escalate overdue
    cases, close old resolved ones, resend mail, forget photos of abandoned chat drafts and
    drafts untouched for 30 days."""
    from pamong.cases.actions import close_resolved, escalate_overdue, forget_old_drafts
    from pamong.cases.guided import forget_abandoned_photos
    from pamong.cases.notifications import deliver_pending
    from pamong.cases.triage import route_waiting

    routed = route_waiting()
    escalated = len(escalate_overdue())
    closed = close_resolved()
    sent = deliver_pending()
    forgotten = forget_abandoned_photos()
    drafts = forget_old_drafts()
    return {
        "routed": routed,
        "escalated": escalated,
        "closed": closed,
        "notifications": sent,  # count per outcome of the resent ones
        "photos_forgotten": forgotten,
        "drafts_forgotten": drafts,
    }


@shared_task(name="cases.retrain_router")
def retrain_router() -> str | None:
    from pamong.cases.training import retrain

    return retrain()
