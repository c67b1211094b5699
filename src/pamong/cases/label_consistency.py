"""Whether a labelled history gives the same complaint text the same unit.

A text filed twice and labelled two ways caps what any router can score: it gives one answer
per text, so on such a pair it is right at most once. The evaluation reports this beside its
metrics, and the history import names the texts, so people can mend the labels instead of
blaming the model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Agreement:
    """Pairs of rows with the same text, how many of them share the label, and the texts whose
    rows disagree (with their labels, most frequent first)."""

    pairs: int
    same: int
    conflicts: list[tuple[str, list[str]]]

    @property
    def share(self) -> float | None:
        return self.same / self.pairs if self.pairs else None


def same_text(text: str) -> str:
    """What counts as the same text: case and spacing ignored, nothing else."""
    return " ".join(text.split()).casefold()


def agreement(texts: Sequence[str], labels: Sequence[str]) -> Agreement:
    """Every pair of rows whose texts are the same, and whether the two labels are too."""
    by_text: dict[str, list[str]] = defaultdict(list)
    first_seen: dict[str, str] = {}
    for text, label in zip(texts, labels, strict=True):
        key = same_text(text)
        by_text[key].append(label)
        first_seen.setdefault(key, text)
    pairs = same = 0
    conflicts = []
    for key, group in by_text.items():
        if len(group) < 2:
            continue
        for one, other in combinations(group, 2):
            pairs += 1
            same += one == other
        if len(set(group)) > 1:
            ranked = sorted(set(group), key=lambda label: (-group.count(label), label))
            conflicts.append((first_seen[key], ranked))
    return Agreement(pairs=pairs, same=same, conflicts=conflicts)


def describe(result: Agreement) -> str | None:
    """One line for people; nothing when no text repeats."""
    if not result.pairs:
        return None
    return (
        f"{result.pairs} pair(s) of rows have the same text; {result.share:.0%} of them the same "
        f"label. {len(result.conflicts)} text(s) carry different labels: a router answers one "
        "text one way, so it can be right on only one of each such pair."
    )
