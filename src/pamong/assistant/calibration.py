"""How likely the top service is the right answer, learned from labelled questions.

A logistic regression over a few readable signals of the retrieval (how much of the
question the service covers, how far it leads, how close its meaning is, how much the
question says at all). It is fitted with ``pamong ai train assistant.answer --csv FILE``
and stored as plain JSON (coefficients, not a pickle) per version. The shipped default
in ``data/models/`` was fitted on ``data/eval/assistant_questions.csv``; evaluate it on
the held-out file, never on the one it was fitted on.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from pamong.assistant.retrieval import Retrieval

FEATURES = ("coverage", "lead", "semantic", "semantic_gap", "subject_terms", "lexical_top", "known")


def features(found: Retrieval) -> list[float]:
    top = found.top
    semantic = top.semantic if top else 0.0
    return [
        found.coverage,
        found.lead,
        semantic,
        semantic - found.semantic_second,
        float(min(found.subject_terms, 8)),
        found.lexical_top,
        found.known,
    ]


@dataclass(frozen=True)
class Calibrator:
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    fitted_on: str
    n: int

    @property
    def version(self) -> str:
        digest = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()
        return f"cal-{digest[:8]}"

    def probability(self, found: Retrieval) -> float:
        if found.top is None:
            return 0.0
        z = self.intercept + sum(
            c * (x - m) / s
            for c, x, m, s in zip(self.coef, features(found), self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z))

    def explain(self, found: Retrieval) -> str:
        """The two signals that pushed the probability most, for the decision log."""
        parts = [
            (c * (x - m) / s, name)
            for c, x, m, s, name in zip(
                self.coef, features(found), self.mean, self.scale, FEATURES, strict=True
            )
        ]
        parts.sort(key=lambda item: -abs(item[0]))
        return ", ".join(f"{name} {'+' if value > 0 else '-'}" for value, name in parts[:2])


def fit(samples: list[tuple[Retrieval, bool]], *, fitted_on: str) -> Calibrator:
    """Fit on (retrieval, top answer was right) pairs."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([features(found) for found, _ in samples])
    y = np.array([correct for _, correct in samples], dtype=int)
    scaler = StandardScaler().fit(x)
    scale = [float(s) if s > 0 else 1.0 for s in scaler.scale_]
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - scaler.mean_) / scale, y)
    return Calibrator(
        mean=[float(m) for m in scaler.mean_],
        scale=scale,
        coef=[float(c) for c in model.coef_[0]],
        intercept=float(model.intercept_[0]),
        fitted_on=fitted_on,
        n=len(samples),
    )


def trained_path() -> Path:
    return settings.MODEL_DIR / "assistant" / "calibrator.json"


def shipped_path() -> Path:
    return settings.DATA_DIR / "models" / "assistant-calibrator.json"


def save(calibrator: Calibrator, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(calibrator), indent=1) + "\n", encoding="utf-8")


def load() -> Calibrator | None:
    """The locally trained calibrator, else the shipped one, else None (rule-based confidence)."""
    for path in (trained_path(), shipped_path()):
        if path.exists():
            return Calibrator(**json.loads(path.read_text(encoding="utf-8")))
    return None
