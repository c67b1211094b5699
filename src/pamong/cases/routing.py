"""``cases.complaint_router``: which unit should handle a complaint; urgency; duplicates.

Interim version (TF-IDF + logistic regression) written with the cases app so filing
works end to end; the measured router replaces the model part.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import cosine_similarity

from pamong.ai.functions import AIFunction, CardDefaults, Prediction
from pamong.ai.registry import register


class RouterModel:
    """TF-IDF over words + logistic regression; JSON-serialisable, no pickle."""

    def __init__(self) -> None:
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, lowercase=True)
        self.classifier = LogisticRegression(C=20, max_iter=3000, class_weight="balanced")
        self.version = "untrained"

    def fit(self, texts: list[str], labels: list[str], places: list[str | None] | None = None) -> RouterModel:
        matrix = self.vectorizer.fit_transform(texts)
        self.classifier.fit(matrix, labels)
        digest = hashlib.sha256(
            "\x1e".join(f"{t}\x1f{label}" for t, label in zip(texts, labels, strict=True)).encode()
        )
        self.version = f"router-{digest.hexdigest()[:12]}"
        return self

    def predict(self, text: str, place: str | None = None, *, threshold: float) -> Prediction:
        vector = self.vectorizer.transform([text])
        probabilities = self.classifier.predict_proba(vector)[0]
        order = np.argsort(probabilities)[::-1][:3]
        classes = self.classifier.classes_
        alternatives = [(str(classes[i]), float(probabilities[i])) for i in order]
        top_label, top_probability = alternatives[0]
        words = self._words(vector, int(order[0]))
        label = top_label if top_probability >= threshold else None
        return Prediction(
            label, round(top_probability, 4), alternatives, f"kata: {', '.join(words)}" if words else ""
        )

    def _words(self, vector: Any, class_index: int, limit: int = 5) -> list[str]:
        coefficients = (
            self.classifier.coef_[class_index]
            if len(self.classifier.classes_) > 2
            else self.classifier.coef_[0]
        )
        row = vector.tocoo()
        scored = sorted(
            ((value * coefficients[col], col) for col, value in zip(row.col, row.data, strict=True)),
            reverse=True,
        )
        names = self.vectorizer.get_feature_names_out()
        return [str(names[col]) for score, col in scored[:limit] if score > 0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "vocabulary": {word: int(index) for word, index in self.vectorizer.vocabulary_.items()},
            "idf": self.vectorizer.idf_.tolist(),
            "classes": [str(c) for c in self.classifier.classes_],
            "coef": self.classifier.coef_.tolist(),
            "intercept": self.classifier.intercept_.tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RouterModel:
        model = cls()
        model.vectorizer.vocabulary_ = data["vocabulary"]
        model.vectorizer.idf_ = np.asarray(data["idf"])
        model.classifier.classes_ = np.asarray(data["classes"])
        model.classifier.coef_ = np.asarray(data["coef"])
        model.classifier.intercept_ = np.asarray(data["intercept"])
        model.version = data["version"]
        return model


def train(examples: Iterable[tuple[str, str, str | None]]) -> RouterModel:
    rows = list(examples)
    return RouterModel().fit(
        [t for t, _, _ in rows], [label for _, label, _ in rows], [p for _, _, p in rows]
    )


def save(model: RouterModel, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{model.version}.json"
    path.write_text(json.dumps(model.to_dict()))
    return path


def load(path: Path) -> RouterModel:
    return RouterModel.from_dict(json.loads(Path(path).read_text()))


URGENT = {
    "bencana": r"\b(banjir bandang|tanah longsor|longsor|kebakaran|terbakar|gempa|puting beliung|tsunami|flood|landslide|fire)\b",
    "bahaya": r"\b(kabel listrik putus|pohon tumbang|jembatan (?:putus|ambruk|roboh)|tersengat|korban|meninggal)\b",
    "kesehatan": r"\b(pingsan|sesak napas|kritis|gawat darurat|darurat|keracunan|wabah|demam berdarah)\b",
    "anak": r"\b(kekerasan (?:pada|terhadap) anak|anak (?:hilang|terlantar|dianiaya)|pelecehan|kdrt)\b",
}


def urgency(text: str) -> tuple[bool, list[str]]:
    lowered = (text or "").lower()
    reasons = [
        f"{topic}: {m.group(0)}" for topic, pattern in URGENT.items() if (m := re.search(pattern, lowered))
    ]
    return bool(reasons), reasons


def similar_open(text: str, candidates: list[tuple[Any, str, str | None]]) -> list[tuple[Any, float]]:
    if not candidates:
        return []
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform([text] + [c[1] for c in candidates])
    scores = cosine_similarity(matrix[0], matrix[1:])[0]
    ranked = sorted(((candidates[i][0], float(s)) for i, s in enumerate(scores)), key=lambda pair: -pair[1])
    return ranked


@register
class ComplaintRouter(AIFunction):
    key = "cases.complaint_router"
    card = CardDefaults(
        name_id="Penentu unit pengaduan",
        name_en="Complaint router",
        purpose_id="Mengarahkan pengaduan warga ke unit yang berwenang; di bawah ambang, petugas verifikasi memilih.",
        purpose_en="Routes citizen complaints to the responsible unit; below the threshold a verifier chooses.",
        owner_unit="Inspektorat / pengelola pengaduan",
        risk_level=2,
        oversight="review",
        data_used="Teks pengaduan dan wilayah; riwayat kasus yang dikonfirmasi petugas.",
        personal_data=["teks pengaduan (dapat memuat nama)"],
        threshold=0.6,
        notice_id="Laporan Anda diarahkan ke unit oleh sistem otomatis; petugas dapat mengalihkannya.",
        notice_en="Your report is routed to a unit automatically; officers can re-route it.",
    )

    def model_version(self) -> str:
        from pamong.cases.training import current

        model = current()
        return model.version if model else "untrained"
