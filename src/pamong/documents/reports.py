"""Touch time: how much of the work people still do, measured per type and scanned/digital.

A letter registered with no one reviewing it is counted too, as zero touch: 0 seconds and
no correction. Leaving it out would hide exactly the work pamong took off people's hands.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median

from pamong.documents.models import Document, ReviewSession, State

Group = tuple[str, str]  # (doc_type, "scanned" or "digital")


@dataclass(frozen=True)
class Row:
    doc_type: str
    form: str  # scanned or digital
    letters: int  # processed: reviewed by a person, or registered with no one touching them
    reviewed: int  # review sessions
    automatic: int  # registered with no review (zero touch)
    without_correction: float  # share of the letters registered with no field changed
    median_seconds: float  # a zero-touch letter counts as 0 s


def group(doc_type: str, scanned: bool) -> Group:
    return (doc_type or "-", "scanned" if scanned else "digital")


def reviews() -> dict[Group, list[tuple[float, bool]]]:
    """(seconds, corrected) of every review session, by group."""
    groups: dict[Group, list[tuple[float, bool]]] = {}
    for session in ReviewSession.objects.all().only("doc_type", "scanned", "seconds", "fields_changed"):
        groups.setdefault(group(session.doc_type, session.scanned), []).append(
            (session.seconds, bool(session.fields_changed))
        )
    return groups


def zero_touch() -> Counter[Group]:
    """Letters registered by the pipeline that no person confirmed (demo data is confirmed)."""
    registered = Document.objects.filter(
        state=State.REGISTERED, confirmed_at__isnull=True, reviews__isnull=True
    )
    return Counter(
        group(doc_type, ocr_pages > 0)
        for doc_type, ocr_pages in registered.values_list("doc_type", "ocr_pages")
    )


def row(key: Group, sessions: list[tuple[float, bool]], automatic: int) -> Row:
    seconds = [spent for spent, _ in sessions] + [0.0] * automatic
    clean = sum(1 for _, corrected in sessions if not corrected) + automatic
    return Row(
        *key,
        letters=len(seconds),
        reviewed=len(sessions),
        automatic=automatic,
        without_correction=round(clean / len(seconds), 3),
        median_seconds=round(median(seconds), 1),
    )


def touch_time() -> list[Row]:
    reviewed, automatic = reviews(), zero_touch()
    return [row(key, reviewed.get(key, []), automatic[key]) for key in sorted(set(reviewed) | set(automatic))]
