"""pamong run: migrate, load the demo data, serve. The first command of the README."""

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from pamong.web.serving import serve_command


class Command(BaseCommand):
    help = "Set up the database, load demo data and serve on http://127.0.0.1:8000."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true", help="skip the demo data")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database ready")
        if not options["no_demo"]:
            call_command("demo_data")
        self.stdout.flush()
        # Serve from a fresh interpreter: loading the demo evaluates the AI functions, which
        # starts e5's native engine here; gunicorn's workers forked from this process would
        # inherit it half-alive and crash on exit.
        os.execv(sys.executable, serve_command(options["bind"]))  # noqa: S606 - our own interpreter and module
