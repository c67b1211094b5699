"""pamong cases import-history FILE | retrain [--force] | tick | categories [FILE] | open311-client NAME"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pamong.cases import label_consistency, training
from pamong.cases.open311 import create_client
from pamong.cases.reference import load_categories
from pamong.cases.tasks import tick


class Command(BaseCommand):
    help = "Applications and complaints: router history and training, SLA clock ticks, reference data."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        history = sub.add_parser(
            "import-history", help="load past complaints (CSV: text,unit[,region]) and retrain"
        )
        history.add_argument("file")
        retrain = sub.add_parser(
            "retrain", help="retrain the router on confirmed cases (skipped if nothing changed)"
        )
        retrain.add_argument("--force", action="store_true")
        sub.add_parser(
            "tick",
            help="route cases left unrouted, escalate overdue cases, close old resolved ones, "
            "resend pending mail, delete photos of abandoned chat filings (cron)",
        )
        categories = sub.add_parser(
            "categories", help="load complaint categories (default: the shipped list)"
        )
        categories.add_argument("file", nargs="?")
        client = sub.add_parser("open311-client", help="create an Open311 API key for a client application")
        client.add_argument("name")

    def _warn_of_conflicts(self, repeated: label_consistency.Agreement) -> None:
        """Name up to five texts the history labels two ways, so people can mend them."""
        if not repeated.conflicts:
            return
        self.stdout.write(self.style.WARNING(f"warning: {label_consistency.describe(repeated)}"))
        for text, units in repeated.conflicts[:5]:
            self.stdout.write(f"  {' / '.join(units)}: {' '.join(text.split())[:90]}")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        action = options["action"]
        if action == "import-history":
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                rows = training.import_history(path, actor="cli")
            except training.HistoryFileError as error:
                raise CommandError(f"nothing was imported: {error}") from None
            self.stdout.write(f"{rows} past complaints imported")
            self._warn_of_conflicts(training.history_agreement())
            version = training.retrain(actor="cli")
            self.stdout.write(f"router trained: {version}" if version else "router unchanged")
        elif action == "retrain":
            version = training.retrain(actor="cli", force=options["force"])
            self.stdout.write(f"router trained: {version}" if version else "nothing changed; router kept")
        elif action == "tick":
            done = tick()
            self.stdout.write(
                f"escalated {done['escalated']}, closed {done['closed']}, "
                f"notifications {done['notifications'] or 'none pending'}, routed {done['routed']}, "
                f"photos of abandoned chat filings deleted {done['photos_forgotten']}"
            )
        elif action == "categories":
            count = load_categories(options["file"], actor="cli")
            self.stdout.write(f"{count} categories loaded")
        elif action == "open311-client":
            key = create_client(options["name"], actor="cli")
            self.stdout.write(f"api_key for {options['name']}: {key}  (shown once; store it safely)")
