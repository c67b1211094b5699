"""How a mixed folder of letters arrives: registered at once, or waiting in review and why.

The issue's promise is that most letters a clerk drops in arrive registered with correct
fields and a suggested disposition. This measures it through the app's own path: letters
with truth JSON are received as a clerk would drop them (``actions.receive``), earlier
letters are confirmed with their true values through ``actions.confirm`` (the action the
review queue uses) and the models retrained from them (``learning.retrain_all``). Used by
``bench/documents.py --arrival`` and by the tests; nothing here is used in production.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pamong.documents.models import Document, State

CONFIRMED = ("nomor_surat", "perihal", "pengirim", "sifat")  # text fields taken from the truth


@dataclass(frozen=True)
class Letter:
    """One file of a labelled folder and its truth."""

    path: Path
    truth: dict

    @property
    def rendering(self) -> str:
        return self.truth.get("rendering", "")


def letters(folder: Path) -> list[Letter]:
    """The labelled letters of one folder (not its subfolders), in file order."""
    found = []
    for truth_path in sorted(folder.glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        if isinstance(truth, dict) and "file" in truth:
            found.append(Letter(folder / truth["file"], truth))
    return found


def receive(letter: Letter, *, actor: Any) -> Document:
    """Receive one file as a clerk's drop does and return it once the pipeline is through.

    Outside a transaction the pipeline has already run on commit (the embedded default);
    inside one (a test) the commit has not happened yet, so run it here as the task would.
    """
    from pamong.documents.actions import receive_path
    from pamong.documents.pipeline import run

    document = receive_path(letter.path, source="upload", actor=actor)
    document.refresh_from_db()
    if document.state in (State.RECEIVED, State.PROCESSING):
        document = run(document.pk) or document
    return document


def confirm_truth(document: Document, truth: dict, *, actor: Any) -> None:
    """Confirm a letter with its true values, as a clerk correcting the review page would."""
    from pamong.core.models import Unit
    from pamong.documents.actions import confirm

    values: dict[str, Any] = {name: truth[name] for name in CONFIRMED if truth.get(name) is not None}
    if truth.get("tanggal"):
        values["tanggal"] = date.fromisoformat(truth["tanggal"])
    if truth.get("type"):
        values["doc_type"] = truth["type"]
    if truth.get("classification"):
        values["classification"] = truth["classification"]
    if truth.get("unit"):
        values["unit"] = Unit.objects.get(code=truth["unit"])
    confirm(document, actor=actor, values=values, seconds=0.0, touch=False)


def train(batch: list[Letter], *, actor: Any) -> dict[str, str]:
    """Receive and confirm every letter, then retrain: what weeks of a clerk's reviews leave."""
    from pamong.documents.learning import retrain_all

    for letter in batch:
        document = receive(letter, actor=actor)
        if document.state != State.FAILED:
            confirm_truth(document, letter.truth, actor=actor)
    return retrain_all(actor=actor)


# --- what arrived -----------------------------------------------------------------------
def reason_kind(reason: str) -> str:
    """A review reason without the numbers that make each one unique (for counting)."""
    if reason.startswith("catatan pembacaan"):
        return "catatan pembacaan"
    return re.sub(r"bulan \S+ pada", "bulan ... pada", re.sub(r"keyakinan [\d.]+", "keyakinan", reason))


def nomor_ok(truth: dict, document: Document) -> bool:
    """The nomor as the truth has it (spaces and case aside); a letter without one must get none."""
    expected = truth.get("nomor_surat")
    if expected is None:
        return not document.nomor_surat
    return re.sub(r"\s", "", str(expected)).casefold() == re.sub(r"\s", "", document.nomor_surat).casefold()


def fields_ok(truth: dict, document: Document) -> bool:
    """Nomor, date and type all as the truth has them: what an agenda entry must get right."""
    day = document.tanggal.isoformat() if document.tanggal else None
    return (
        nomor_ok(truth, document) and day == truth.get("tanggal") and document.doc_type == truth.get("type")
    )


@dataclass(frozen=True)
class Arrived:
    """One letter's outcome: registered or not, fields right or not, the unit suggested."""

    name: str
    rendering: str
    registered: bool
    correct: bool
    code_ok: bool
    suggested: str | None
    true_unit: str
    reasons: tuple[str, ...]
    failed: bool = False


def outcome(letter: Letter, document: Document) -> Arrived:
    suggestion = document.dispositions.filter(suggested=True).select_related("unit").first()
    return Arrived(
        name=letter.path.name,
        rendering=letter.rendering,
        registered=document.state == State.REGISTERED,
        correct=fields_ok(letter.truth, document),
        code_ok=document.classification == letter.truth.get("classification"),
        suggested=suggestion.unit.code if suggestion else None,
        true_unit=letter.truth.get("unit", ""),
        reasons=tuple(reason_kind(reason) for reason in document.review_reasons),
        failed=document.state == State.FAILED,
    )


@dataclass
class Report:
    """The folder's figures: the shares the issue's 'Done when' is about."""

    letters: list[Arrived] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.letters)

    @property
    def registered(self) -> list[Arrived]:
        return [item for item in self.letters if item.registered]

    @property
    def registered_correct(self) -> int:
        return sum(item.correct for item in self.registered)

    @property
    def registered_code_ok(self) -> int:
        return sum(item.code_ok for item in self.registered)

    @property
    def registered_unit_right(self) -> int:
        return sum(item.suggested == item.true_unit for item in self.registered)

    @property
    def suggested(self) -> list[Arrived]:
        return [item for item in self.letters if item.suggested]

    @property
    def suggested_right(self) -> int:
        return sum(item.suggested == item.true_unit for item in self.suggested)

    def reasons(self) -> Counter[str]:
        """Letters in review per reason (a letter with three reasons counts under each)."""
        waiting = [item for item in self.letters if not item.registered and not item.failed]
        return Counter(reason for item in waiting for reason in set(item.reasons))

    def blocked_only_by(self) -> Counter[tuple[str, bool]]:
        """Letters held back by one reason alone, with whether their fields were right:
        what that one rule costs, and what dropping it would let through wrong."""
        return Counter(
            (item.reasons[0], item.correct)
            for item in self.letters
            if not item.registered and len(set(item.reasons)) == 1
        )

    def by_rendering(self) -> dict[str, tuple[int, int]]:
        """(registered, received) per rendering: digital, scanned, docx, image."""
        out: dict[str, tuple[int, int]] = {}
        for item in self.letters:
            done, total = out.get(item.rendering, (0, 0))
            out[item.rendering] = (done + item.registered, total + 1)
        return out


def arrive(batch: list[Letter], *, actor: Any) -> Report:
    """Receive the folder as one drop and report how each letter arrived."""
    report = Report()
    for letter in batch:
        report.letters.append(outcome(letter, receive(letter, actor=actor)))
    return report


def forget() -> None:
    """Delete every document and its stored original, so the same files can arrive again."""
    from django.core.files.storage import default_storage

    for document in Document.objects.all():
        default_storage.delete(document.original.name)
    Document.objects.all().delete()
