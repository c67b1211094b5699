"""Reference tables of the cases app loaded from ``data/cases/``: complaint categories and their SLA."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from pamong.cases.models import Category, SlaPolicy
from pamong.core.audit import record
from pamong.core.models import Unit


@transaction.atomic
def load_categories(path: str | Path | None = None, *, actor: Any = "system") -> int:
    """Create or update categories (code, names, descriptions, default unit, optional resolve days)."""
    path = Path(path or settings.DATA_DIR / "cases" / "categories.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    units = {unit.code: unit for unit in Unit.objects.all()}
    for order, row in enumerate(rows):
        category, _created = Category.objects.update_or_create(
            code=row["code"].strip(),
            defaults={
                "name_id": row["name_id"].strip(),
                "name_en": row["name_en"].strip(),
                "description_id": row["description_id"].strip(),
                "description_en": row["description_en"].strip(),
                "default_unit": units.get(row["default_unit"].strip()),
                "order": order,
            },
        )
        if (row.get("resolve_days") or "").strip():
            SlaPolicy.objects.update_or_create(
                category=category, defaults={"resolve_days": int(row["resolve_days"])}
            )
    record(actor, "cases.categories.loaded", None, path=path.name, count=len(rows))
    return len(rows)
