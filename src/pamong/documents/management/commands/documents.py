"""pamong documents ingest PATH... | extract FILE... [--json] | retry | retrain | report | watch DIR | fetch-mail"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pamong.documents import intake
from pamong.documents.models import Document, State


class Command(BaseCommand):
    help = "Incoming letters: bulk intake, extraction without registering, retraining, touch-time report."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        ingest = sub.add_parser("ingest", help="register every file under the given paths")
        ingest.add_argument("paths", nargs="+", type=Path)
        ingest.add_argument("--no-progress", action="store_true")
        extract = sub.add_parser("extract", help="read and understand files without registering them")
        extract.add_argument("files", nargs="+", type=Path)
        extract.add_argument("--json", action="store_true", help="one JSON object per file per line")
        retry = sub.add_parser("retry", help="retry every failed or stalled document")
        retry.add_argument("--all", action="store_true", help="also reread registered ones from the start")
        retry.add_argument(
            "--stalled-after",
            type=float,
            default=None,
            metavar="MINUTES",
            help="count a letter still being read after this many minutes as stalled (default PAMONG_DOCUMENTS_STALE_MINUTES)",
        )
        retrain = sub.add_parser("retrain", help="retrain the learned models from confirmed letters")
        retrain.add_argument("--force", action="store_true", help="retrain even when nothing changed")
        report = sub.add_parser(
            "report",
            help="touch time per type and scanned/digital (auto-registered letters count as zero touch)",
        )
        report.add_argument("--json", action="store_true")
        watch = sub.add_parser("watch", help="poll a folder and register files dropped in it")
        watch.add_argument("folder", type=Path)
        watch.add_argument("--interval", type=float, default=5.0)
        watch.add_argument(
            "--rounds", type=int, default=None, help="stop after N looks (default: run until stopped)"
        )
        mail = sub.add_parser("fetch-mail", help="register unread messages of the IMAP mailbox")
        mail.add_argument(
            "--url", help="imap(s)://user:password@host:port/FOLDER (default PAMONG_DOCUMENTS_IMAP_URL)"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        getattr(self, "do_" + options["action"].replace("-", "_"))(options)

    def do_ingest(self, options) -> None:  # type: ignore[no-untyped-def]
        from tqdm import tqdm

        files = intake.files_under(options["paths"])
        missing = [str(path) for path in options["paths"] if not path.exists()]
        if missing:
            raise CommandError(f"not found: {', '.join(missing)}")
        bar = tqdm(total=len(files), unit="file", file=sys.stderr, disable=options["no_progress"])
        report = intake.ingest(files, source="cli", actor="cli", progress=lambda _: bar.update())
        bar.close()
        self.print_report(report)

    def print_report(self, report: intake.IngestReport) -> None:
        states = ", ".join(f"{state} {count}" for state, count in sorted(report.states.items()))
        self.stdout.write(
            f"{report.received} received ({states or 'none'}), {report.duplicates} duplicates, "
            f"{len(report.problems)} problems in {report.seconds:.1f} s ({report.per_second:.1f} files/s)"
        )
        for name, reason in report.problems:
            self.stdout.write(f"  {name}: {reason}")

    def do_extract(self, options) -> None:  # type: ignore[no-untyped-def]
        from pamong.documents.reading import ReadError, read
        from pamong.documents.understanding import analyse

        for path in options["files"]:
            started = time.perf_counter()
            try:
                reading = read(path)
            except (ReadError, OSError) as error:
                row = {"file": str(path), "error": getattr(error, "reason", str(error))}
            else:
                analysis = analyse(reading.text)
                fields = {name: found["value"] for name, found in analysis["fields"].items()}
                row = {
                    "file": str(path),
                    "type": analysis["type"]["value"],
                    **{
                        name: fields.get(name)
                        for name in (
                            "nomor_surat",
                            "tanggal",
                            "perihal",
                            "pengirim",
                            "tujuan",
                            "sifat",
                            "lampiran",
                        )
                    },
                    "classification": analysis["classification"]["value"],
                    "classification_top3": [code for code, _ in analysis["classification"]["alternatives"]],
                    "disposition": analysis["disposition"]["value"],
                    "pii": [{"kind": item["kind"], "masked": item["masked"]} for item in analysis["pii"]],
                    "summary": analysis["summary"]["text"],
                    "fields": fields,
                    "why": {name: found["why"] for name, found in analysis["fields"].items()}
                    | {part: analysis[part]["why"] for part in ("type", "classification", "disposition")},
                    "source": reading.source,
                    "ocr_pages": reading.ocr_pages,
                    "seconds": round(time.perf_counter() - started, 3),
                }
            if options["json"]:
                self.stdout.write(json.dumps(row, ensure_ascii=False, default=str))
            else:
                self.stdout.write(
                    f"{row['file']}: "
                    + ", ".join(
                        f"{k}={row.get(k)}"
                        for k in ("type", "nomor_surat", "tanggal", "perihal", "error")
                        if row.get(k)
                    )
                )

    def do_retry(self, options) -> None:  # type: ignore[no-untyped-def]
        from pamong.documents import actions
        from pamong.documents.pipeline import stalled

        if options["all"]:
            targets = list(Document.objects.exclude(state=State.PROCESSING))
            for document in targets:
                actions.reprocess(document, actor="cli")
        else:
            minutes = options["stalled_after"]
            targets = list(Document.objects.filter(state=State.FAILED)) + list(stalled(minutes=minutes))
            for document in targets:
                actions.retry(document, actor="cli", stale_minutes=minutes)
        self.stdout.write(f"{len(targets)} document(s) queued again")

    def do_retrain(self, options) -> None:  # type: ignore[no-untyped-def]
        from pamong.documents.learning import retrain_all

        for key, outcome in retrain_all(actor="cli", force=options["force"]).items():
            self.stdout.write(f"{key}: {outcome}")

    def do_report(self, options) -> None:  # type: ignore[no-untyped-def]
        from pamong.documents.reports import touch_time

        rows = touch_time()
        if options["json"]:
            self.stdout.write(json.dumps([asdict(row) for row in rows]))
            return
        self.stdout.write(
            f"{'type':<22}{'form':<9}{'letters':>8}{'reviewed':>9}{'zero touch':>11}{'no correction':>15}{'median s':>10}"
        )
        for row in rows:
            self.stdout.write(
                f"{row.doc_type:<22}{row.form:<9}{row.letters:>8}{row.reviewed:>9}{row.automatic:>11}"
                f"{row.without_correction:>15.0%}{row.median_seconds:>10.1f}"
            )
        if not rows:
            self.stdout.write("no processed letters yet")

    def do_watch(self, options) -> None:  # type: ignore[no-untyped-def]
        folder = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        self.stdout.write(
            f"watching {folder} every {options['interval']} s (files move to {intake.DONE}/ or {intake.FAILED}/)"
        )
        for report in intake.watch(folder, interval=options["interval"], rounds=options["rounds"]):
            if report.received or report.problems or report.duplicates:
                self.print_report(report)

    def do_fetch_mail(self, options) -> None:  # type: ignore[no-untyped-def]
        from pamong.documents.actions import IntakeError

        try:
            report = intake.fetch_mail(options.get("url"))
        except IntakeError as error:
            raise CommandError(str(error)) from None
        self.print_report(report)
