"""Text models learned from confirmed letters, stored as JSON (never a pickle).

scikit-learn fits a multinomial naive Bayes over word counts; what is kept is its
vocabulary and log-probabilities, so prediction is plain Python and a model file can be
read by a person. Only letters a clerk confirmed train a model (as Paperless-ngx's
classifier does); retraining is skipped when the confirmed set has not changed.

Naive Bayes counts every word as independent evidence, so its posteriors sit at 1.00 even
when it is wrong. A calibrated model (``CALIBRATED``) divides its log-posteriors by a
temperature before the softmax, fitted by cross-validation on the same confirmed letters
(minimum log loss over ``FOLDS`` folds) and kept in the JSON; a file without one reads as 1.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

WORD = re.compile(r"[a-z]{3,}")
MAX_FEATURES = 4000
CALIBRATED = frozenset({"type"})  # models whose confidence decides on its own (documents.type)
FOLDS = 5
TEMPERATURES = [round(math.exp(step / 20), 3) for step in range(-20, 161)]  # 0.37 .. ~2981, 5% apart
STOP = frozenset(
    [
        "dan",
        "yang",
        "dengan",
        "untuk",
        "dalam",
        "dari",
        "pada",
        "ini",
        "itu",
        "kepada",
        "nomor",
        "tahun",
        "bahwa",
        "atau",
        "oleh",
        "sebagai",
        "tersebut",
        "kami",
        "bapak",
        "ibu",
        "tanggal",
        "tempat",
        "telah",
        "akan",
        "agar",
        "dapat",
        "serta",
        "para",
        "atas",
        "hal",
        "yth",
        "surat",
    ]
)


def words(text: str) -> list[str]:
    return [word for word in WORD.findall(text.lower()) if word not in STOP]


@dataclass(frozen=True)
class TextModel:
    name: str
    labels: list[str]
    class_log_prior: list[float]
    vocabulary: dict[str, int]
    feature_log_prob: list[list[float]]  # [label][feature]
    n: int
    data_hash: str
    temperature: float = 1.0  # log-posteriors are divided by it; files written before it read as 1

    @property
    def version(self) -> str:
        payload = asdict(self)
        if payload["temperature"] == 1.0:
            del payload["temperature"]  # an uncalibrated model keeps the version it always had
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        return f"nb-{digest[:8]}"

    def scores(self, text: str) -> list[float]:
        counts: dict[int, int] = {}
        for word in words(text):
            index = self.vocabulary.get(word)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        return [
            prior + sum(count * row[index] for index, count in counts.items())
            for prior, row in zip(self.class_log_prior, self.feature_log_prob, strict=True)
        ]

    def predict(self, text: str, k: int = 3) -> tuple[list[tuple[str, float]], str]:
        """Top ``k`` labels with probabilities, and the words that pushed the winner most."""
        ranked = sorted(
            zip(self.labels, softmax(self.scores(text), self.temperature), strict=True),
            key=lambda item: -item[1],
        )
        return [(label, round(p, 4)) for label, p in ranked[:k]], self.explain(text, ranked[0][0])

    def explain(self, text: str, label: str) -> str:
        row = self.labels.index(label)
        present = {word for word in words(text) if word in self.vocabulary}
        lift = []
        for word in present:
            index = self.vocabulary[word]
            others = [r[index] for i, r in enumerate(self.feature_log_prob) if i != row]
            lift.append((self.feature_log_prob[row][index] - (max(others) if others else 0.0), word))
        lift.sort(reverse=True)
        return "kata: " + ", ".join(readable_word(word) for _, word in lift[:6])


def softmax(scores: list[float], temperature: float = 1.0) -> list[float]:
    top = max(scores)
    weights = [math.exp((score - top) / temperature) for score in scores]
    total = sum(weights)
    return [weight / total for weight in weights]


def readable_word(word: str) -> str:
    """Archive-code tokens back to the code a person knows: kodeeaaaxbxe -> kode 400.1.4."""
    if not word.startswith("kode") or not set(word[4:]) <= set("abcdefghijx"):
        return word
    return "kode " + word[4:].translate(str.maketrans("abcdefghijx", "0123456789."))


def data_hash(pairs: list[tuple[Any, str]]) -> str:
    return hashlib.sha256(json.dumps(sorted([str(key), label] for key, label in pairs)).encode()).hexdigest()[
        :16
    ]


def fit(
    name: str,
    texts: list[str],
    labels: list[str],
    *,
    hash_of_data: str = "",
    calibrate: bool | None = None,
) -> TextModel:
    """Naive Bayes on the word counts; ``calibrate`` (default: ``name in CALIBRATED``) fits its temperature."""
    model = _fit(name, texts, labels, hash_of_data)
    if calibrate is None:
        calibrate = name in CALIBRATED
    if not calibrate:
        return model
    return TextModel(**{**asdict(model), "temperature": fit_temperature(name, texts, labels)})


def fit_temperature(name: str, texts: list[str], labels: list[str], folds: int = FOLDS) -> float:
    """The temperature with the least log loss on letters held out of ``folds`` naive Bayes fits.

    Letter ``i`` is held out in fold ``i % folds`` (deterministic); a held-out letter whose
    label the fold never saw cannot be scored and is left out. Too few letters: 1.
    """
    held: list[tuple[list[float], int]] = []
    for fold in range(min(folds, len(texts))):
        train = [i for i in range(len(texts)) if i % folds != fold]
        if len({labels[i] for i in train}) < 2:
            continue
        model = _fit(name, [texts[i] for i in train], [labels[i] for i in train], "")
        for i in range(fold, len(texts), folds):
            if labels[i] in model.labels:
                held.append((model.scores(texts[i]), model.labels.index(labels[i])))
    if not held:
        return 1.0

    def log_loss(temperature: float) -> float:
        return -sum(math.log(max(softmax(scores, temperature)[truth], 1e-12)) for scores, truth in held)

    return min(TEMPERATURES, key=log_loss)


def _fit(name: str, texts: list[str], labels: list[str], hash_of_data: str) -> TextModel:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB

    vectorizer = CountVectorizer(analyzer=words, max_features=MAX_FEATURES)
    matrix = vectorizer.fit_transform(texts)
    model = MultinomialNB(alpha=0.5).fit(matrix, labels)
    return TextModel(
        name=name,
        labels=[str(label) for label in model.classes_],
        class_log_prior=[round(float(v), 5) for v in model.class_log_prior_],
        vocabulary={word: int(index) for word, index in sorted(vectorizer.vocabulary_.items())},
        feature_log_prob=[[round(float(v), 4) for v in row] for row in model.feature_log_prob_],
        n=len(texts),
        data_hash=hash_of_data,
    )


def model_path(name: str) -> Path:
    return Path(settings.MODEL_DIR) / "documents" / f"{name}.json"


def save(model: TextModel) -> Path:
    """Write the model as the current one and keep a copy per version."""
    path = model_path(model.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(asdict(model), separators=(",", ":"))
    (path.parent / f"{model.name}-{model.version}.json").write_text(payload, encoding="utf-8")
    path.write_text(payload, encoding="utf-8")
    return path


_CACHE: dict[str, tuple[float, TextModel | None]] = {}


def load(name: str) -> TextModel | None:
    """The current model, re-read when its file changes (a retrain by another process)."""
    path = model_path(name)
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        _CACHE.pop(name, None)
        return None
    cached = _CACHE.get(name)
    if cached and cached[0] == stamp:
        return cached[1]
    model = TextModel(**json.loads(path.read_text(encoding="utf-8")))
    _CACHE[name] = (stamp, model)
    return model


def retrain_all(*, actor: Any = "scheduler", force: bool = False) -> dict[str, str]:
    """Retrain every learned model from confirmed letters; skip a model whose data did not change."""
    from pamong.core.audit import record
    from pamong.documents.training import TRAINERS

    results = {}
    for key, (name, examples) in TRAINERS.items():
        pairs = examples()
        labels = {label for _, _, label in pairs}
        if len(pairs) < 2 or len(labels) < 2:
            results[key] = f"skipped: {len(pairs)} confirmed example(s), {len(labels)} label(s)"
            continue
        digest = data_hash([(pk, label) for pk, _, label in pairs])
        current = load(name)
        if current is not None and current.data_hash == digest and not force:
            results[key] = f"skipped: unchanged ({current.version})"
            continue
        model = fit(
            name, [text for _, text, _ in pairs], [label for _, _, label in pairs], hash_of_data=digest
        )
        save(model)
        record(actor, "ai.model.trained", f"ai.aifunctioncard:{key}", version=model.version, n=model.n)
        results[key] = f"trained {model.version} on {model.n} confirmed letters"
    return results
