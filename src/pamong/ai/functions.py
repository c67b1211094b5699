"""The contract every AI function implements, and what it returns.

An AI function lives in its domain app (``catalog/search.py``, ``cases/routing.py``)
and registers here, so its card, decisions and evaluations are kept in one place.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class Prediction:
    """A label with its confidence, the runners-up and why; ``label`` None means abstain."""

    label: str | None
    confidence: float
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    explanation: str = ""

    @property
    def abstained(self) -> bool:
        return self.label is None


@dataclass(frozen=True)
class EvalReport:
    """Metrics of our function and of each baseline, measured in the same run."""

    n: int
    metrics: dict[str, float]
    baselines: dict[str, dict[str, float]]
    dataset: str
    dataset_sha256: str
    params: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the data itself limits, for people


@dataclass(frozen=True)
class CardDefaults:
    """What the code knows about a function; governance may change the editable fields later."""

    name_id: str
    name_en: str
    purpose_id: str
    purpose_en: str
    owner_unit: str
    risk_level: int
    oversight: str
    data_used: str
    personal_data: list[str]
    threshold: float
    notice_id: str
    notice_en: str


class AIFunction:
    """Base class: subclasses set ``key`` and ``card`` and implement what they support."""

    key: ClassVar[str]
    card: ClassVar[CardDefaults]

    def model_version(self) -> str:
        raise NotImplementedError

    def add_eval_arguments(self, parser: argparse._ActionsContainer) -> None:
        """Options of ``pamong eval <key>`` beyond ``--csv``, ``--dir`` and ``--json``."""

    def fit(self, options: dict[str, Any]) -> str:
        """Train on the labelled data named in ``options``; returns the new model version."""
        raise NotImplementedError(f"{self.key} is not trained from a file")

    def evaluate(self, options: dict[str, Any]) -> EvalReport:
        """Measure on the labelled data named in ``options`` (``csv`` or ``dir``)."""
        raise NotImplementedError(f"{self.key} has no evaluation yet")
