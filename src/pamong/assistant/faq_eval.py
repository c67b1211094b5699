"""Whether a reply carries the right FAQ: the part of an answer the service labels do not measure.

A question file with an ``expected_faq`` column (an FAQ id, or empty when the service's own
sections answer best) is run through the dialog as each citizen's first message, in a
transaction rolled back afterwards (no conversations are left in the log). Beside it, a
baseline that is told the right service and picks its FAQ sharing the most words with the
message (none when no FAQ shares one).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from pamong.assistant import english
from pamong.catalog.models import Faq


@dataclass(frozen=True)
class FaqLabel:
    question: str
    service: str
    faq: str  # "" when the service's own sections answer best


def read_labels(csv_path: str | Path) -> list[FaqLabel] | None:
    """The rows of a file with an ``expected_faq`` column; None for a file without one."""
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if "expected_faq" not in (reader.fieldnames or []):
            return None
        return [
            FaqLabel(
                row["question"], (row.get("expected") or "").strip(), (row.get("expected_faq") or "").strip()
            )
            for row in reader
            if (row.get("question") or "").strip() and (row.get("expected") or "").strip() not in ("", "none")
        ]


def metrics(labels: Sequence[FaqLabel], shown: Sequence[str | None]) -> dict[str, float]:
    """Over rows with an FAQ: ``faq_right`` (that FAQ shown), ``faq_other`` (another FAQ),
    ``faq_missed`` (no FAQ); over rows without: ``faq_unasked`` (an FAQ shown anyway)."""
    with_faq = [(label, faq) for label, faq in zip(labels, shown, strict=True) if label.faq]
    without = [faq for label, faq in zip(labels, shown, strict=True) if not label.faq]

    def share(count: int, total: int) -> float:
        return round(count / total, 4) if total else 0.0

    return {
        "faq_right": share(sum(1 for label, faq in with_faq if faq == label.faq), len(with_faq)),
        "faq_other": share(sum(1 for label, faq in with_faq if faq and faq != label.faq), len(with_faq)),
        "faq_missed": share(sum(1 for _, faq in with_faq if not faq), len(with_faq)),
        "faq_unasked": share(sum(1 for faq in without if faq), len(without)),
    }


def shown_by_dialog(labels: Sequence[FaqLabel]) -> list[str | None]:
    """The FAQ each first message's reply shows, from a fresh conversation each."""
    from pamong.assistant.dialog import respond, start  # the dialog imports the function

    shown: list[str | None] = []
    with transaction.atomic():
        for label in labels:
            reply = respond(start("eval"), label.question)
            shown.append(reply.faq.key if reply.faq is not None else None)
        transaction.set_rollback(True)
    return shown


def shown_by_overlap(labels: Sequence[FaqLabel]) -> list[str | None]:
    """Baseline: the right service's FAQ whose question shares the most words with the message."""
    questions: dict[str, list[tuple[str, set[str]]]] = {}
    for key, slug, question_id, question_en in Faq.objects.values_list(
        "key", "service__slug", "question_id", "question_en"
    ):
        questions.setdefault(slug, []).append((key, set(english.terms(f"{question_id} {question_en}"))))
    shown: list[str | None] = []
    for label in labels:
        said = set(english.terms(label.question))
        best = max(questions.get(label.service, []), key=lambda item: len(item[1] & said), default=None)
        shown.append(best[0] if best is not None and best[1] & said else None)
    return shown
