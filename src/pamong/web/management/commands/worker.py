"""pamong worker: a Celery worker (scale-out mode; needs CELERY_BROKER_URL)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pamong.celery import app


class Command(BaseCommand):
    help = "Run a Celery worker for the slow work."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--queues", default="default")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not settings.CELERY_BROKER_URL:
            raise CommandError("CELERY_BROKER_URL is not set: without a broker tasks already run in process")
        app.worker_main(
            [
                "worker",
                "--loglevel=INFO",
                f"--concurrency={options['concurrency']}",
                f"--queues={options['queues']}",
            ]
        )
