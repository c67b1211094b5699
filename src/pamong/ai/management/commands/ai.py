"""pamong ai list [--json] | sync | purge-decisions"""

from __future__ import annotations

import json
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pamong.ai import registry
from pamong.ai.cards import card_dict
from pamong.ai.evaluation import DatasetError
from pamong.ai.models import AIFunctionCard
from pamong.ai.registry import sync_cards
from pamong.ai.retention import purge_decisions
from pamong.core.audit import record


class Command(BaseCommand):
    help = "Manage the AI function registry."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="print every registry card")
        listing.add_argument("--json", action="store_true")
        sub.add_parser("sync", help="create missing cards from the code's defaults")
        sub.add_parser("purge-decisions", help="delete decisions older than the retention period")
        train = sub.add_parser("train", help="train a function on a labelled file and record the new version")
        train.add_argument("key")
        train.add_argument("--csv", required=True)
        train.add_argument("--output", help="where to write the model (default: var/models/...)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        action = options["action"]
        if action == "sync":
            cards = sync_cards()
            self.stdout.write(f"{len(cards)} cards in the registry")
        elif action == "list":
            sync_cards()
            cards = [card_dict(card) for card in AIFunctionCard.objects.all()]
            if options["json"]:
                self.stdout.write(json.dumps(cards, ensure_ascii=False, default=str))
            else:
                for card in cards:
                    self.stdout.write(
                        f"{card['key']:<28} risk {card['risk_level']:<4} {card['oversight']:<10} "
                        f"threshold {card['threshold']:<5} version {card['model_version'] or '-'}"
                    )
        elif action == "train":
            try:
                function = registry.get(options["key"])
                version = function.fit(options)
            except (KeyError, NotImplementedError, DatasetError) as error:
                raise CommandError(str(error.args[0] if error.args else error)) from None
            record(
                "cli",
                "ai.model.trained",
                f"ai.aifunctioncard:{options['key']}",
                version=version,
                data=options["csv"],
            )
            self.stdout.write(f"{options['key']} trained: {version}")
        elif action == "purge-decisions":
            cutoff = timezone.now() - timedelta(days=settings.DECISION_RETENTION_DAYS)
            count = purge_decisions(cutoff)
            self.stdout.write(f"{count} decisions older than {cutoff:%Y-%m-%d} deleted")
