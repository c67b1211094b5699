"""pamong outbox: send replies still waiting for a messaging channel (run it from cron or a timer).

In scale-out mode Celery retries sends by itself; in the embedded default a send that
failed (Telegram unreachable) stays pending until this command runs.
"""

from django.core.management.base import BaseCommand

from pamong.assistant.models import OutboundMessage, OutboxStatus
from pamong.assistant.tasks import send_outbound


class Command(BaseCommand):
    help = "Send pending outbound messages (Telegram replies) once more."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        pending = list(
            OutboundMessage.objects.filter(status=OutboxStatus.PENDING).values_list("pk", flat=True)
        )
        results = [send_outbound.apply(args=[pk]).get() for pk in pending]
        sent = results.count(OutboxStatus.SENT)
        self.stdout.write(
            f"{len(pending)} pending, {sent} sent, {len(pending) - sent} still pending or failed"
        )
