"""Touch time: how much of the work people still do, measured per type and scanned/digital."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from pamong.documents.models import ReviewSession


@dataclass(frozen=True)
class Row:
    doc_type: str
    form: str  # scanned or digital
    reviewed: int
    without_correction: float  # share confirmed with no field changed
    median_seconds: float


def touch_time() -> list[Row]:
    groups: dict[tuple[str, str], list[ReviewSession]] = {}
    for session in ReviewSession.objects.all().only("doc_type", "scanned", "seconds", "fields_changed"):
        groups.setdefault((session.doc_type or "-", "scanned" if session.scanned else "digital"), []).append(
            session
        )
    rows = []
    for (doc_type, form), sessions in sorted(groups.items()):
        rows.append(
            Row(
                doc_type,
                form,
                len(sessions),
                round(sum(1 for s in sessions if not s.fields_changed) / len(sessions), 3),
                round(median(s.seconds for s in sessions), 1),
            )
        )
    return rows
