"""Demo letters for the console: a few of the generated evaluation letters, most confirmed by
the demo records clerk (so the learned models have something to learn from), the rest
waiting for review with their suggestions."""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User

from pamong.core.models import Unit
from pamong.documents import actions
from pamong.documents.learning import retrain_all
from pamong.documents.models import Document

LETTERS = "eval/letters"
CONFIRMED = 24  # letters the demo clerk confirms, from which the models learn
WAITING_GLOBS = ("d002-*.pdf", "d09*.docx", "d11*-foto.jpg")  # arrive after the models learned


def load_letters(clerk_username: str = "arsiparis") -> int:
    """Register the demo letters once (a second run finds them all as duplicates)."""
    folder = settings.DATA_DIR / LETTERS
    if not folder.is_dir() or Document.objects.filter(source="demo").exists():
        return 0
    clerk = User.objects.filter(username=clerk_username).first()
    truths = sorted(folder.glob("d0[0-9][0-9]-*.json"))[:CONFIRMED]
    registered = 0
    for truth_path in truths:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if truth["file"].startswith("d002-"):
            continue
        document = register(folder / truth["file"])
        if document is None or clerk is None or document.state == "failed":
            continue
        values = {
            "nomor_surat": truth.get("nomor_surat", document.nomor_surat),
            "tanggal": date.fromisoformat(truth["tanggal"]),
            "perihal": truth.get("perihal", document.perihal),
            "doc_type": truth["type"],
            "classification": truth["classification"],
            "unit": Unit.objects.filter(code=truth["unit"]).first(),
        }
        actions.confirm(
            document,
            actor=clerk,
            values={k: v for k, v in values.items() if v is not None},
            seconds=0,
            touch=False,
        )
        registered += 1
    retrain_all(actor="demo-data")
    for pattern in WAITING_GLOBS:
        registered += register(next(iter(sorted(folder.glob(pattern))), folder / "missing")) is not None
    measure(folder)
    return registered


MEASURED = ("documents.fields", "documents.pii", "documents.type", "documents.classification")
MEASURED_LETTERS = 40  # the first dev letters are born digital: measured in about a second, no OCR


def measure(folder) -> None:  # type: ignore[no-untyped-def]
    """A first evaluation on the registry page, as the demo does for the other functions."""
    from pamong.ai import evaluation

    for key in MEASURED:
        evaluation.run(key, {"dir": str(folder), "limit": MEASURED_LETTERS}, actor="demo-data")


def register(path) -> Document | None:  # type: ignore[no-untyped-def]
    if not path.exists():
        return None
    try:
        document = actions.receive_path(path, source="demo", actor="demo-data")
    except actions.IntakeError:
        return None
    document.refresh_from_db()
    return document
