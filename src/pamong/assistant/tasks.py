"""Assistant background work: sending replies over messaging channels."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from pamong.assistant.channels.telegram.client import TelegramRefused, TelegramUnavailable, send_message
from pamong.assistant.models import OutboundMessage, OutboxStatus

MAX_ATTEMPTS = 5


@shared_task(name="assistant.send_outbound", bind=True, max_retries=MAX_ATTEMPTS, default_retry_delay=30)
def send_outbound(self, message_id: int) -> str:  # type: ignore[no-untyped-def]
    message = OutboundMessage.objects.get(pk=message_id)
    if message.status != OutboxStatus.PENDING:
        return message.status
    message.attempts += 1
    try:
        send_message(message.chat_id, message.text, message.buttons, message.rating_decision_id)
    except TelegramUnavailable as error:
        message.last_error = str(error)[:300]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
        message.save()
        if message.status == OutboxStatus.PENDING and not self.request.is_eager:
            raise self.retry(exc=error) from None
        return message.status
    except TelegramRefused as error:
        message.status, message.last_error = OutboxStatus.FAILED, str(error)[:300]
        message.save()
        return message.status
    message.status, message.sent_at = OutboxStatus.SENT, timezone.now()
    message.save()
    return message.status
