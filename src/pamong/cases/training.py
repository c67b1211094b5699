"""The router's model on this installation: trained from cases people confirmed, kept per version.

Examples are imported history (``pamong cases import-history``) plus every case a unit
accepted (verified) and every case an officer re-routed ("bukan wewenang": the final
unit is the label). Retraining is skipped when the examples have not changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from pamong.cases import label_consistency, routing
from pamong.cases.models import Case, HistoryExample
from pamong.cases.workflow import Status
from pamong.core.audit import record
from pamong.core.models import Unit

_lock = threading.Lock()
_loaded: dict[str, Any] = {"stamp": None, "model": None}


class HistoryFileError(ValueError):
    """An import file that cannot be read; the message names the line."""


def model_dir() -> Path:
    return Path(settings.MODEL_DIR) / "cases-router"


def _pointer() -> Path:
    return model_dir() / "current.json"


def current() -> routing.RouterModel | None:
    """The model in use, reloaded when another process trained a new one (cheap stat per call)."""
    pointer = _pointer()
    try:
        stamp = (str(pointer), pointer.stat().st_mtime_ns)
    except FileNotFoundError:
        return None
    with _lock:
        if _loaded["stamp"] != stamp:
            target = model_dir() / json.loads(pointer.read_text())["file"]
            _loaded["model"], _loaded["stamp"] = routing.load(target), stamp
        return _loaded["model"]


def confirmed_examples() -> list[tuple[str, str, str | None]]:
    """(text, unit code, region) of imported history and of cases people accepted or re-routed."""
    examples = [(h.text, h.unit_code, h.region_code or None) for h in HistoryExample.objects.order_by("id")]
    accepted = (
        Case.objects.filter(unit__isnull=False, verified_at__isnull=False)
        .exclude(status=Status.REJECTED)
        .exclude(kind="application")
        .select_related("unit")
        .order_by("id")
    )
    examples += [(case.description, case.unit.code, case.region_code or None) for case in accepted]
    return examples


def fingerprint(examples: list[tuple[str, str, str | None]]) -> str:
    digest = hashlib.sha256()
    for text, label, place in examples:
        digest.update(f"{label}\x1f{place or ''}\x1f{text}\x1e".encode())
    return digest.hexdigest()[:12]


def retrain(*, actor: Any = "system", force: bool = False) -> str | None:
    """Train on every confirmed example; returns the new version, or None when nothing changed."""
    examples = confirmed_examples()
    if len({label for _text, label, _place in examples}) < 2:
        return None
    stamp = fingerprint(examples)
    pointer = _pointer()
    if not force and pointer.exists() and json.loads(pointer.read_text()).get("examples_sha") == stamp:
        return None
    model = routing.train(examples)
    path = routing.save(model, model_dir())
    temporary = pointer.with_suffix(".tmp")
    summary = {"file": path.name, "version": model.version, "examples": len(examples), "examples_sha": stamp}
    temporary.write_text(json.dumps(summary))
    temporary.replace(pointer)  # atomic: a reader sees the old model or the new one
    record(
        actor,
        "cases.router.trained",
        "ai:cases.complaint_router",
        version=model.version,
        examples=len(examples),
    )
    return model.version


@transaction.atomic
def import_history(path: str | Path, *, actor: Any = "cli") -> int:
    """Load past complaints with the unit that handled them (columns text, unit[, region]).

    All or nothing: a line naming a unit that does not exist stops the import and says which.
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise HistoryFileError(f"{path}: not UTF-8 (byte {error.start}); save it as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"text", "unit"} - set(reader.fieldnames or [])
    if missing:
        raise HistoryFileError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    units = set(Unit.objects.values_list("code", flat=True))
    rows = []
    for line, row in enumerate(reader, start=2):
        body, unit = (row.get("text") or "").strip(), (row.get("unit") or "").strip()
        if not body:
            continue
        if unit not in units:
            raise HistoryFileError(
                f"{path} line {line}: unit {unit!r} does not exist; known: {', '.join(sorted(units))}"
            )
        rows.append(
            HistoryExample(
                text=body[:5000],
                unit_code=unit,
                region_code=(row.get("region") or "").strip(),
                source=Path(path).name,
            )
        )
    HistoryExample.objects.bulk_create(rows, batch_size=500)
    record(actor, "cases.history.imported", None, file=Path(path).name, rows=len(rows))
    return len(rows)


def history_agreement() -> label_consistency.Agreement:
    """Whether the whole imported history gives a repeated text one unit (shown after an import,
    since a text labelled two ways is one the router can only half learn)."""
    rows = list(HistoryExample.objects.values_list("text", "unit_code"))
    return label_consistency.agreement([text for text, _ in rows], [unit for _, unit in rows])
