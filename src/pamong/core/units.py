"""The government's organisation chart: load units from a CSV, look them up by code."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.db import transaction

from pamong.core.audit import record
from pamong.core.models import Unit

COLUMNS = ("code", "short_name", "name_id", "name_en", "parent")


class UnitFileError(ValueError):
    """A units file that cannot be loaded; the message names the line."""


@transaction.atomic
def load_units(path: str | Path, *, actor: object = "system") -> int:
    """Create or update units from ``path`` (columns as in ``data/units/units-demo.csv``).

    Parents may come after their children in the file; a parent that exists nowhere is an
    error naming the line. Returns the number of units written.
    """
    text = Path(path).read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise UnitFileError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = list(reader)
    for line, row in enumerate(rows, start=2):
        if not (row["code"] or "").strip() or not (row["name_id"] or "").strip():
            raise UnitFileError(f"{path} line {line}: code and name_id are required")
        Unit.objects.update_or_create(
            code=row["code"].strip(),
            defaults={
                "short_name": row["short_name"].strip(),
                "name_id": row["name_id"].strip(),
                "name_en": row["name_en"].strip(),
            },
        )
    for line, row in enumerate(rows, start=2):
        parent_code = (row["parent"] or "").strip()
        if not parent_code:
            continue
        parent = Unit.objects.filter(code=parent_code).first()
        if parent is None:
            raise UnitFileError(f"{path} line {line}: parent unit {parent_code!r} does not exist")
        Unit.objects.filter(code=row["code"].strip()).update(parent=parent)
    record(actor, "core.units.loaded", None, path=str(path), count=len(rows))
    return len(rows)
