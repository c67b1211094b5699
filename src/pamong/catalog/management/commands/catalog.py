"""pamong catalog export FILE | import FILE... [--prune]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pamong.catalog.importing import CatalogImportError, export_catalog, import_catalog


class Command(BaseCommand):
    help = "Export or import the public-service catalog as YAML (all or nothing)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the catalog to FILE ('-' for stdout)")
        export.add_argument("file")
        export.add_argument("--include-inactive", action="store_true")
        imp = sub.add_parser("import", help="import one or more YAML files as one transaction")
        imp.add_argument("files", nargs="+")
        imp.add_argument("--prune", action="store_true", help="deactivate services not in the files")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["action"] == "export":
            text = export_catalog(include_inactive=options["include_inactive"])
            if options["file"] == "-":
                self.stdout.write(text)
            else:
                Path(options["file"]).write_text(text, encoding="utf-8")
                self.stdout.write(f"catalog written to {options['file']}")
            return
        files = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
            files.append((name, path.read_bytes()))
        try:
            result = import_catalog(files, actor="cli", prune=options["prune"])
        except CatalogImportError as error:
            raise CommandError("nothing was imported:\n" + "\n".join(error.problems)) from None
        self.stdout.write(
            f"{len(result.created)} services created, {len(result.updated)} updated, "
            f"{len(result.deactivated)} deactivated, {result.faq_count} FAQ entries"
        )
