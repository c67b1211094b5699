"""pamong eval <function-key> --csv FILE [--json] [function options]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from pamong.ai import registry
from pamong.ai.evaluation import DatasetError, format_table, json_summary, run


class _SkipExisting:
    """Lets several functions declare the same option (e.g. --threshold) once."""

    def __init__(self, parser):  # type: ignore[no-untyped-def]
        self.parser = parser

    def add_argument(self, *names, **kwargs):  # type: ignore[no-untyped-def]
        if any(name in self.parser._option_string_actions for name in names):
            return None
        return self.parser.add_argument(*names, **kwargs)


class Command(BaseCommand):
    help = "Measure an AI function on a labelled file, record the run, print it beside the baselines."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("key", help=f"function key: {', '.join(registry.keys())}")
        parser.add_argument("--csv", help="labelled CSV file")
        parser.add_argument("--dir", help="folder of labelled files (document functions)")
        parser.add_argument("--json", action="store_true", help="print one JSON object on the last line")
        for key in registry.keys():  # noqa: SIM118 - a function of the registry module, not a dict
            registry.get(key).add_eval_arguments(_SkipExisting(parser))

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        key = options["key"]
        try:
            registry.get(key)
        except KeyError as error:
            raise CommandError(str(error.args[0])) from None
        try:
            evaluation, report = run(key, options)
        except (DatasetError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{key} · model {evaluation.model_version} · recorded as evaluation #{evaluation.pk}"
        )
        self.stdout.write(format_table(report))
        if options["json"]:
            self.stdout.write(json.dumps(json_summary(report), ensure_ascii=False))
