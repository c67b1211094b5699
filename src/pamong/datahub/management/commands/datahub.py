"""pamong datahub: import sources, build, confirm region names, approve, list."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from pamong.datahub import actions, connectors
from pamong.datahub.mapping import Mapping, MappingError
from pamong.datahub.models import Dataset, DatasetVersion, VersionStatus


class Command(BaseCommand):
    help = "Data integration: import a source file, build a version, confirm names, approve, list."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("import", help="add or refresh a source from a file and build a new version")
        add.add_argument("dataset", help="dataset slug (created when new)")
        add.add_argument("file", help="path of the source file (read in place: a big file is not copied)")
        add.add_argument("--title", default="", help="dataset title when it is new")
        add.add_argument("--name", default="", help="source name (default: the file name)")
        add.add_argument("--kind", choices=connectors.KINDS, help="default: from the file extension")
        add.add_argument(
            "--mapping", default="", help="mapping as JSON, or @file.json; default: the saved one"
        )
        add.add_argument(
            "--options", default="{}", help="reading options as JSON (delimiter, encoding, tables)"
        )
        add.add_argument("--user", default="", help="analyst account the import is recorded under")
        add.add_argument("--no-build", action="store_true")
        build = sub.add_parser("build", help="build a new version of a dataset from its saved sources")
        build.add_argument("dataset")
        build.add_argument("--user", default="")
        confirm = sub.add_parser(
            "confirm", help="say what a region name means ('' Indonesia, '-' not a region)"
        )
        confirm.add_argument("name")
        confirm.add_argument("code")
        confirm.add_argument("--user", required=True)
        approve = sub.add_parser("approve", help="publish a version waiting for review")
        approve.add_argument("dataset")
        approve.add_argument("number", type=int)
        approve.add_argument("--user", required=True)
        approve.add_argument("--note", default="")
        listing = sub.add_parser("list", help="datasets and their versions")
        listing.add_argument("--json", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            getattr(self, f"do_{options['action']}")(options)
        except (actions.DatahubError, MappingError, connectors.ConnectorError, json.JSONDecodeError) as error:
            raise CommandError(str(error)) from None

    def _user(self, username: str):  # type: ignore[no-untyped-def]
        if not username:
            return "cli"
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"no user {username!r}") from None

    def do_import(self, options) -> None:  # type: ignore[no-untyped-def]
        actor = self._user(options["user"])
        path = Path(options["file"])
        kind = options["kind"] or connectors.kind_for(path.name)
        if not kind:
            raise CommandError(f"cannot tell the kind of {path.name}; give --kind")
        dataset = actions.create_dataset(
            options["title"] or options["dataset"], slug=options["dataset"], actor=actor
        )
        name = options["name"] or path.name
        raw = options["mapping"]
        if raw.startswith("@"):
            raw = Path(raw[1:]).read_text(encoding="utf-8")
        existing = dataset.sources.filter(name=name).first()
        if raw:
            mapping = Mapping.from_dict(json.loads(raw))
        elif existing:
            mapping = Mapping.from_dict(existing.mapping)
        else:
            first = connectors.preview(kind, str(path), json.loads(options["options"]))[0]
            raise CommandError(
                "this source has no saved mapping; give --mapping. A first guess: "
                + json.dumps(_suggest(first), ensure_ascii=False)
            )
        actions.add_source(
            dataset,
            name,
            kind=kind,
            actor=actor,
            path=str(path),
            mapping=mapping,
            options=json.loads(options["options"]),
        )
        self.stdout.write(f"source {name} saved in {dataset.slug}")
        if not options["no_build"]:
            self._build(dataset, actor)

    def do_build(self, options) -> None:  # type: ignore[no-untyped-def]
        dataset = Dataset.objects.filter(slug=options["dataset"]).first()
        if dataset is None:
            raise CommandError(f"no dataset {options['dataset']!r}")
        self._build(dataset, self._user(options["user"]))

    def _build(self, dataset: Dataset, actor) -> None:  # type: ignore[no-untyped-def]
        line = ProgressLine(sys.stderr)
        with actions.progress_listener(line):  # the embedded default builds right here
            version = actions.request_build(dataset, actor=actor)
        last = (-1.0, "")
        while True:  # in the embedded default the build already ran; with workers, follow it
            version.refresh_from_db()
            if version.status not in (VersionStatus.QUEUED, VersionStatus.RUNNING):
                break
            if (version.progress, version.progress_note) != last:
                last = (version.progress, version.progress_note)
                line(*last)
            time.sleep(0.5)
        self.stdout.write(
            f"{dataset.slug} v{version.number}: {version.get_status_display()}, {version.rows} rows, "
            f"quality {version.score}, {len(version.review)} name(s) to review"
        )
        if version.error:
            raise CommandError(version.error)
        for name in version.review[:20]:
            self.stdout.write(f"  review: {name['name']!r} ({name['rows']} rows)")

    def do_confirm(self, options) -> None:  # type: ignore[no-untyped-def]
        alias = actions.confirm_region(options["name"], options["code"], actor=self._user(options["user"]))
        self.stdout.write(f"{alias.example!r} -> {alias.code or 'Indonesia'}")

    def do_approve(self, options) -> None:  # type: ignore[no-untyped-def]
        version = DatasetVersion.objects.filter(
            dataset__slug=options["dataset"], number=options["number"]
        ).first()
        if version is None:
            raise CommandError("no such version")
        actions.approve(version, actor=self._user(options["user"]), note=options["note"])
        self.stdout.write(f"{version} published")

    def do_list(self, options) -> None:  # type: ignore[no-untyped-def]
        rows = [
            {
                "dataset": v.dataset.slug,
                "version": v.number,
                "status": v.status,
                "rows": v.rows,
                "score": v.score,
                "review": len(v.review),
            }
            for v in DatasetVersion.objects.select_related("dataset").order_by("dataset__slug", "number")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            self.stdout.write(
                f"{row['dataset']:30} v{row['version']:<4} {row['status']:10} {row['rows']:>10} rows  quality {row['score']}"
            )


class ProgressLine:
    """A build's progress on the terminal: rewritten in place on a TTY, else a line per tenth."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self.stream, self.tty, self.tenths = stream, stream.isatty(), -1

    def __call__(self, share: float, note: str) -> None:
        text = f"{share:6.1%} {note}"
        if self.tty:
            self.stream.write(f"\r{text[:70]:<70}")
        elif int(share * 10) > self.tenths:
            self.tenths = int(share * 10)
            self.stream.write(text + "\n")
        self.stream.flush()


def _suggest(chunk) -> dict:  # type: ignore[no-untyped-def]
    from pamong.datahub.mapping import suggest

    return suggest(chunk.frame, chunk.table).to_dict()
