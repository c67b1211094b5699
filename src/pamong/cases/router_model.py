"""The complaint router's model: which unit a complaint belongs to, and how sure that is.

Pure machine learning (no Django, no database), so the eval, the bench and the cases app
train and measure the same thing. Text is normalised (informal spelling, slang) by
``pamong.core.text``, then described twice: word 1–2-grams and character 2–5-grams
inside words, which survive typos and Javanese-flavoured spelling. A linear SVM with
balanced class weights chooses the unit; its scores become probabilities by Platt
scaling fitted on inner cross-validation folds, so a threshold means "this sure the
unit is right" (see ``docs/decisions/0050-complaint-router-model.md``).

Saved as JSON (vocabularies, idf, coefficients as base64 float32): no pickle.
"""

from __future__ import annotations

import base64
import hashlib
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.svm import LinearSVC

from pamong.ai.functions import Prediction
from pamong.core.text import normalise

FORMAT = "pamong.router/1"
ALGORITHM = "svm-word12-char25-platt-v1"
MAX_TEXT_CHARS = 4000  # beyond this a complaint repeats itself; keeps predict fast
EXPLAIN_WORDS = 5
CHAR_CACHE_WORDS = 100_000
WORD_PATTERN = r"(?u)\b\w+\b"  # our prepared text is words split by single spaces


@dataclass(frozen=True)
class Params:
    """Choices measured on the dev set (docs/ai/cases.complaint_router.md)."""

    c: float = 0.3
    word_features: int = 20_000
    char_features: int = 30_000
    place_weight: float = 0.5
    inner_folds: int = 5


def prepare(text: str) -> str:
    """The text the vectorisers see: normalised Indonesian words, one space apart."""
    return " ".join(normalise((text or "")[:MAX_TEXT_CHARS])).replace("-", " ")


def place_terms(place: str | None) -> list[str]:
    """A Kemendagri code and each parent level: ``33.21.01`` -> ``33``, ``33.21``, ``33.21.01``."""
    if not place:
        return []
    parts = [part for part in str(place).strip().split(".") if part]
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


@lru_cache(maxsize=100_000)
def char_grams(word: str, shortest: int = 2, longest: int = 5) -> tuple[str, ...]:
    """The in-word character n-grams of one word, exactly as scikit-learn's ``char_wb``."""
    padded = f" {word} "
    grams = []
    for n in range(shortest, longest + 1):
        offset = 0
        grams.append(padded[offset : offset + n])
        while offset + n < len(padded):
            offset += 1
            grams.append(padded[offset : offset + n])
        if offset == 0:  # a short word counts once
            break
    return tuple(grams)


def _block(counts: Counter, vocabulary: dict[str, int], idf: np.ndarray) -> tuple[list[int], np.ndarray]:
    """Sub-linear tf-idf of the counted terms that are in the vocabulary, L2-normalised."""
    indices = [vocabulary[term] for term in counts if term in vocabulary]
    if not indices:
        return [], np.zeros(0, dtype=np.float64)
    tf = np.array([counts[term] for term in counts if term in vocabulary], dtype=np.float64)
    values = (1.0 + np.log(tf)) * idf[indices]
    return indices, values / np.linalg.norm(values)


def _encode(array: np.ndarray) -> dict[str, Any]:
    data = np.ascontiguousarray(array, dtype="<f4")
    return {"shape": list(data.shape), "f4": base64.b64encode(data.tobytes()).decode("ascii")}


def _decode(blob: dict[str, Any]) -> np.ndarray:
    flat = np.frombuffer(base64.b64decode(blob["f4"]), dtype="<f4")
    return flat.reshape(blob["shape"]).astype(np.float32)


def _vectorizers(params: Params, n: int) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    min_df = 2 if n >= 1000 else 1  # on a small history a word seen once still says something
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=min_df,
        max_features=params.word_features,
        token_pattern=WORD_PATTERN,
        dtype=np.float32,
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        sublinear_tf=True,
        min_df=min_df,
        max_features=params.char_features,
        dtype=np.float32,
    )
    return word, char


def _restore_vectorizer(kind: str, vocabulary: list[str], idf: np.ndarray) -> TfidfVectorizer:
    analyzer, ngrams = ("word", (1, 2)) if kind == "word" else ("char_wb", (2, 5))
    vectorizer = TfidfVectorizer(
        analyzer=analyzer,
        ngram_range=ngrams,
        sublinear_tf=True,
        token_pattern=WORD_PATTERN,
        vocabulary={term: index for index, term in enumerate(vocabulary)},
        dtype=np.float32,
    )
    vectorizer.idf_ = idf.astype(np.float64)
    return vectorizer


@dataclass(eq=False, repr=False)
class RouterModel:
    """Text (+ place) -> unit, with a calibrated probability; see the module docstring."""

    params: Params = field(default_factory=Params)
    classes: list[str] = field(default_factory=list)
    version: str = "untrained"
    n_examples: int = 0
    class_counts: dict[str, int] = field(default_factory=dict)
    # (threshold, precision, coverage) of the chosen unit, measured on inner folds.
    inner_curve: list[tuple[float, float, float]] = field(default_factory=list)
    _word: TfidfVectorizer | None = None
    _char: TfidfVectorizer | None = None
    _places: dict[str, int] = field(default_factory=dict)
    _coef_t: np.ndarray | None = None  # features x classes (rows gathered per text)
    _intercept: np.ndarray | None = None
    _platt: np.ndarray | None = None  # classes x 2: slope, offset of P(class | its score)
    _correct: tuple[float, float] = (1.0, 0.0)  # P(chosen unit right | logit of its Platt probability)
    _terms: list[str] | None = None  # word vocabulary by index, built on first use
    _char_cache: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<RouterModel {self.version}: {len(self.classes)} units, {self.n_examples} examples>"

    @property
    def trained(self) -> bool:
        return self._coef_t is not None

    # --- features --------------------------------------------------------------------
    def _matrix(self, prepared: Sequence[str], places: Sequence[str | None] | None) -> sp.csr_matrix:
        """Features of many texts at once (scikit-learn's vectorisers)."""
        assert self._word is not None and self._char is not None
        blocks = [self._word.transform(prepared), self._char.transform(prepared)]
        if self._places:
            rows, cols = [], []
            for row, place in enumerate(places or [None] * len(prepared)):
                for term in place_terms(place):
                    if term in self._places:
                        rows.append(row)
                        cols.append(self._places[term])
            values = np.full(len(rows), self.params.place_weight, dtype=np.float32)
            blocks.append(sp.csr_matrix((values, (rows, cols)), shape=(len(prepared), len(self._places))))
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    def _vector(self, prepared: str, place: str | None) -> tuple[np.ndarray, np.ndarray]:
        """Features of one text without scikit-learn's per-call checks (the same numbers, faster)."""
        assert self._word is not None and self._char is not None
        words = prepared.split()
        word_counts = Counter(words)
        word_counts.update(f"{a} {b}" for a, b in pairwise(words))
        char_counts: Counter = Counter()
        for word in words:
            char_counts.update(self._char_indices(word))
        offset = len(self._word.vocabulary_)
        word_idx, word_val = _block(word_counts, self._word.vocabulary_, self._word_idf)
        char_idx = list(char_counts)
        char_val = np.zeros(0)
        if char_idx:
            tf = np.fromiter(char_counts.values(), dtype=np.float64, count=len(char_idx))
            char_val = (1.0 + np.log(tf)) * self._char_idf[char_idx]
            char_val /= np.linalg.norm(char_val)
        place_offset = offset + len(self._char.vocabulary_)
        place_idx = [place_offset + self._places[term] for term in place_terms(place) if term in self._places]
        indices = word_idx + [offset + index for index in char_idx] + place_idx
        values = np.concatenate([word_val, char_val, np.full(len(place_idx), self.params.place_weight)])
        return np.asarray(indices, dtype=np.int64), values

    def _char_indices(self, word: str) -> tuple[int, ...]:
        """The character-feature indices of one word (with repeats), remembered per model."""
        found = self._char_cache.get(word)
        if found is None:
            assert self._char is not None
            vocabulary = self._char.vocabulary_
            found = tuple(vocabulary[gram] for gram in char_grams(word) if gram in vocabulary)
            if len(self._char_cache) >= CHAR_CACHE_WORDS:
                self._char_cache.clear()
            self._char_cache[word] = found
        return found

    @property
    def _word_idf(self) -> np.ndarray:
        assert self._word is not None
        return self._word.idf_

    @property
    def _char_idf(self) -> np.ndarray:
        assert self._char is not None
        return self._char.idf_

    # --- training --------------------------------------------------------------------
    def fit(self, texts: list[str], labels: list[str], places: list[str | None] | None = None) -> RouterModel:
        """Train on confirmed examples; classes need not be balanced, at least two are needed."""
        if len(texts) != len(labels) or (places is not None and len(places) != len(texts)):
            raise ValueError("texts, labels and places must have the same length")
        labels = [str(label) for label in labels]
        counts = Counter(labels)
        if len(counts) < 2:
            raise ValueError("the router needs examples of at least two units")
        prepared = [prepare(text) for text in texts]
        self._word, self._char = _vectorizers(self.params, len(texts))
        self._word.fit(prepared)
        self._char.fit(prepared)
        self._terms = None
        self._char_cache = {}
        seen_places = sorted({term for place in places or [] for term in place_terms(place)})
        self._places = {term: index for index, term in enumerate(seen_places)}
        matrix = self._matrix(prepared, places)
        y = np.asarray(labels)
        self.classes = sorted(counts)
        inner = self._inner_scores(matrix, y)
        self._platt = _fit_platt(inner, y, self.classes)
        chosen = inner.argmax(axis=1)
        top = self._platt_probabilities(inner)[np.arange(len(y)), chosen]
        self._correct = _fit_correctness(top, np.asarray(self.classes)[chosen] == y)
        self.inner_curve = _curve(self._confidence(top), np.asarray(self.classes)[chosen] == y)
        svm = _svm(self.params).fit(matrix, y)
        coef, intercept = svm.coef_, svm.intercept_
        if len(self.classes) == 2:  # LinearSVC keeps one row for two classes
            coef, intercept = np.vstack([-coef[0], coef[0]]), np.array([-intercept[0], intercept[0]])
        self._coef_t = np.ascontiguousarray(coef.T, dtype=np.float32)
        self._intercept = intercept.astype(np.float32)
        self.n_examples = len(texts)
        self.class_counts = dict(sorted(counts.items()))
        self.version = "router-" + _fingerprint(texts, labels, places, self.params)
        return self

    def _inner_scores(self, matrix: sp.csr_matrix, y: np.ndarray) -> np.ndarray:
        """Out-of-fold SVM scores of every training example (for calibration and the curve)."""
        scores = np.zeros((len(y), len(self.classes)), dtype=np.float64)
        folds = min(self.params.inner_folds, len(y))
        # stratified folds need one unit with at least as many examples as folds: a tiny
        # history (three complaints, three units) is split plainly instead
        stratified = max(Counter(y.tolist()).values()) >= folds
        splitter = (StratifiedKFold if stratified else KFold)(folds, shuffle=True, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # classes smaller than the fold count
            splits = list(splitter.split(matrix, y))
        for train_rows, test_rows in splits:
            present = sorted(set(y[train_rows]))
            if len(present) < 2:
                continue
            svm = _svm(self.params).fit(matrix[train_rows], y[train_rows])
            fold_scores = svm.decision_function(matrix[test_rows])
            if len(present) == 2:
                fold_scores = np.column_stack([-fold_scores, fold_scores])
            # a unit missing from this fold's training rows scores below every other
            block = np.full((len(test_rows), len(self.classes)), fold_scores.min() - 1.0)
            for column, label in enumerate(present):
                block[:, self.classes.index(label)] = fold_scores[:, column]
            scores[test_rows] = block
        return scores

    # --- probabilities ---------------------------------------------------------------
    def _platt_probabilities(self, scores: np.ndarray) -> np.ndarray:
        assert self._platt is not None
        z = scores * self._platt[:, 0] + self._platt[:, 1]
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return probabilities / probabilities.sum(axis=-1, keepdims=True)

    def _confidence(self, top: np.ndarray) -> np.ndarray:
        """P(the chosen unit is right) from its Platt probability (monotone: keeps the ranking)."""
        logit = np.log(np.clip(top, 1e-6, 1 - 1e-6) / (1 - np.clip(top, 1e-6, 1 - 1e-6)))
        return 1.0 / (1.0 + np.exp(-(self._correct[0] * logit + self._correct[1])))

    def _distribution(self, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chosen class, classes by probability, probabilities) for rows of scores.

        The chosen unit is the one with the highest SVM score (class-balanced, so the small
        units keep their recall) and gets its calibrated confidence; the rest of the
        probability is shared among the other units in proportion to their Platt
        probabilities. The ranking an officer sees follows those probabilities, so the
        unit suggested first is never one shown with less than another: a chosen unit
        routed by itself (confidence >= 0.5) always comes first anyway.
        """
        chosen = np.argmax(scores, axis=-1)
        platt = self._platt_probabilities(scores)
        rows = np.arange(scores.shape[0])
        top = platt[rows, chosen]
        confidence = self._confidence(top)
        rest = (1.0 - confidence) / np.clip(1.0 - top, 1e-9, None)
        probabilities = platt * rest[:, None]
        probabilities[rows, chosen] = confidence
        return chosen, np.argsort(-probabilities, axis=-1, kind="stable"), probabilities

    # --- prediction ------------------------------------------------------------------
    def scores(self, texts: Sequence[str], places: Sequence[str | None] | None = None) -> np.ndarray:
        """Raw SVM scores, one row per text, one column per class."""
        matrix = self._matrix([prepare(text) for text in texts], places)
        return np.asarray(matrix @ self._coef_t) + self._intercept

    def predict_many(
        self, texts: Sequence[str], places: Sequence[str | None] | None = None
    ) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(chosen unit, classes by probability, probabilities) for many texts (evaluation)."""
        chosen, order, probabilities = self._distribution(self.scores(texts, places))
        return [self.classes[i] for i in chosen], order, probabilities

    def predict(self, text: str, place: str | None = None, *, threshold: float) -> Prediction:
        """The unit, or None (abstain) when the probability it is right is below ``threshold``."""
        if not self.trained:
            return Prediction(None, 0.0, [], "router not trained")
        assert self._coef_t is not None
        prepared = prepare(text)
        indices, values = self._vector(prepared, place)
        scores = values @ self._coef_t[indices] + self._intercept
        chosen, order, probabilities = self._distribution(scores[None, :])
        best = int(chosen[0])
        confidence = round(float(probabilities[0, best]), 4)
        alternatives = [(self.classes[i], round(float(probabilities[0, i]), 4)) for i in order[0, :3]]
        explanation = ", ".join(self.explain(prepared, indices, values, best))
        label = self.classes[best] if confidence >= threshold else None
        return Prediction(label, confidence, alternatives, explanation)

    def explain(self, prepared: str, indices: np.ndarray, values: np.ndarray, class_index: int) -> list[str]:
        """The words that pushed the text most towards the class.

        A word's share: its own weight, half of each word pair it is in, and its
        character n-grams' weights split among the words of the text that contain them.
        """
        assert self._word is not None and self._char is not None and self._coef_t is not None
        contribution = dict(
            zip(indices.tolist(), (values * self._coef_t[indices, class_index]).tolist(), strict=True)
        )
        n_word = len(self._word.vocabulary_)
        word_vocabulary = self._word.vocabulary_
        grams = {word: set(self._char_indices(word)) for word in set(prepared.split())}
        holders: Counter = Counter(index for indices_ in grams.values() for index in indices_)
        scored: dict[str, float] = {}
        for word, own in grams.items():
            total = contribution.get(word_vocabulary.get(word, -1), 0.0)
            for index in own:
                total += contribution.get(n_word + index, 0.0) / holders[index]
            scored[word] = total
        terms = self._word_terms()
        for index in indices[indices < n_word].tolist():
            pair = terms[index].split()
            if len(pair) == 2:
                for word in pair:
                    scored[word] += contribution[index] / 2
        readable = [(word, value) for word, value in scored.items() if len(word) >= 3 and not word.isdigit()]
        readable.sort(key=lambda item: -item[1])
        return [word for word, value in readable[:EXPLAIN_WORDS] if value > 0]

    def _word_terms(self) -> list[str]:
        if self._terms is None:
            assert self._word is not None
            self._terms = sorted(self._word.vocabulary_, key=self._word.vocabulary_.get)
        return self._terms

    def threshold_for(self, precision: float) -> float:
        """The lowest threshold whose inner-fold precision reaches ``precision`` (1.0 if none)."""
        reaching = [
            threshold for threshold, prec, cover in self.inner_curve if prec >= precision and cover > 0
        ]
        return min(reaching) if reaching else 1.0

    # --- storage ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        if self._word is None or self._char is None or self._coef_t is None:
            raise ValueError("an untrained router cannot be saved")
        return {
            "format": FORMAT,
            "algorithm": ALGORITHM,
            "version": self.version,
            "params": self.params.__dict__,
            "classes": self.classes,
            "n_examples": self.n_examples,
            "class_counts": self.class_counts,
            "inner_curve": [list(point) for point in self.inner_curve],
            "word_vocabulary": self._word_terms(),
            "word_idf": _encode(self._word.idf_),
            "char_vocabulary": sorted(self._char.vocabulary_, key=self._char.vocabulary_.get),
            "char_idf": _encode(self._char.idf_),
            "places": sorted(self._places, key=self._places.get),
            "coef_t": _encode(self._coef_t),
            "intercept": _encode(self._intercept),
            "platt": _encode(self._platt),
            "correctness": list(self._correct),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RouterModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a router model (format {data.get('format')!r}, expected {FORMAT!r})")
        model = cls(params=Params(**data["params"]))
        model.classes = list(data["classes"])
        model.version = data["version"]
        model.n_examples = int(data["n_examples"])
        model.class_counts = dict(data["class_counts"])
        model.inner_curve = [tuple(point) for point in data["inner_curve"]]
        model._word = _restore_vectorizer("word", data["word_vocabulary"], _decode(data["word_idf"]))
        model._char = _restore_vectorizer("char", data["char_vocabulary"], _decode(data["char_idf"]))
        model._places = {term: index for index, term in enumerate(data["places"])}
        model._coef_t = _decode(data["coef_t"])
        model._intercept = _decode(data["intercept"])
        model._platt = _decode(data["platt"]).astype(np.float64)
        model._correct = (float(data["correctness"][0]), float(data["correctness"][1]))
        expected = len(model._word.vocabulary_) + len(model._char.vocabulary_) + len(model._places)
        if model._coef_t.shape != (expected, len(model.classes)):
            raise ValueError("router model is inconsistent: coefficient shape does not match its vocabulary")
        return model


def _svm(params: Params) -> LinearSVC:
    return LinearSVC(C=params.c, class_weight="balanced", dual="auto", max_iter=5000)


def _fit_platt(scores: np.ndarray, y: np.ndarray, classes: list[str]) -> np.ndarray:
    """Per class: a sigmoid turning its out-of-fold score into P(this class)."""
    platt = np.zeros((len(classes), 2))
    for column, label in enumerate(classes):
        target = (y == label).astype(int)
        if target.min() == target.max():
            platt[column] = (1.0, 0.0)
            continue
        fitted = LogisticRegression(C=100.0).fit(scores[:, [column]], target)
        platt[column] = (float(fitted.coef_[0, 0]), float(fitted.intercept_[0]))
    return platt


def _fit_correctness(top: np.ndarray, correct: np.ndarray) -> tuple[float, float]:
    """A sigmoid over the logit of the chosen unit's Platt probability -> P(it is right)."""
    if correct.min() == correct.max():
        return (1.0, 0.0)
    logit = np.log(np.clip(top, 1e-6, 1 - 1e-6) / (1 - np.clip(top, 1e-6, 1 - 1e-6)))
    fitted = LogisticRegression(C=100.0).fit(logit[:, None], correct.astype(int))
    return (float(fitted.coef_[0, 0]), float(fitted.intercept_[0]))


def _curve(confidence: np.ndarray, correct: np.ndarray) -> list[tuple[float, float, float]]:
    """(threshold, precision, coverage) at thresholds 0.30 ... 0.99."""
    points = []
    for threshold in np.round(np.arange(0.30, 1.0, 0.01), 2):
        routed = confidence >= threshold
        coverage = float(routed.mean())
        precision = float(correct[routed].mean()) if routed.any() else 0.0
        points.append((float(threshold), round(precision, 4), round(coverage, 4)))
    return points


def _fingerprint(
    texts: Sequence[str], labels: Sequence[str], places: Sequence[str | None] | None, params: Params
) -> str:
    digest = hashlib.sha256(f"{ALGORITHM}|{sorted(params.__dict__.items())}".encode())
    for text, label, place in zip(texts, labels, places or [None] * len(texts), strict=True):
        digest.update(f"{label}\x1f{place or ''}\x1f{text}\x1e".encode())
    return digest.hexdigest()[:12]


# --- measuring: cross-validation beside two baselines --------------------------------
COVERAGES = (0.1, 0.25, 0.5)
PRECISIONS = (0.8, 0.9, 0.95)


def cross_validate(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int,
    threshold: float,
    seed: int = 0,
    places: Sequence[str | None] | None = None,
    accepted: Sequence[set[str]] | None = None,
    target_precision: float = 0.95,
) -> dict[str, Any]:
    """Our router and two baselines in the same stratified folds.

    Returns ``metrics`` (ours), ``baselines`` (``majority``, ``tfidf_logreg``: the same
    keys), ``tuned_thresholds`` (per fold, chosen on that fold's training rows only to
    reach ``target_precision``) and ``curve`` (our pooled precision by coverage).
    ``accepted`` (optional) gives each row's full label set, for the any-label figures.
    """
    y = np.asarray(labels)
    n = len(y)
    outcomes: dict[str, dict[str, Any]] = {
        name: {"chosen": np.empty(n, dtype=object), "confidence": np.zeros(n), "top3": [None] * n}
        for name in ("router", "majority", "tfidf_logreg")
    }
    tuned_routed = np.zeros(n, dtype=bool)
    tuned_thresholds = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        splits = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(n), y))
    for train_rows, test_rows in splits:
        train_texts = [texts[i] for i in train_rows]
        test_texts = [texts[i] for i in test_rows]
        train_places = [places[i] for i in train_rows] if places is not None else None
        test_places = [places[i] for i in test_rows] if places is not None else None
        model = RouterModel().fit(train_texts, list(y[train_rows]), train_places)
        chosen, order, probabilities = model.predict_many(test_texts, test_places)
        rows = np.arange(len(test_rows))
        confidence = probabilities[rows, [model.classes.index(label) for label in chosen]]
        _store(
            outcomes["router"],
            test_rows,
            chosen,
            confidence,
            [[model.classes[j] for j in o[:3]] for o in order],
        )
        tuned = model.threshold_for(target_precision)
        tuned_thresholds.append(tuned)
        tuned_routed[test_rows] = confidence >= tuned
        for name, baseline in (("majority", _majority), ("tfidf_logreg", _tfidf_logreg)):
            _store(outcomes[name], test_rows, *baseline(train_texts, y[train_rows], test_texts))
    metrics = {
        name: routing_metrics(y, outcome, threshold=threshold, accepted=accepted)
        for name, outcome in outcomes.items()
    }
    ours = metrics.pop("router")
    correct = outcomes["router"]["chosen"] == y
    ours["tuned_auto_precision"] = (
        round(float(correct[tuned_routed].mean()), 4) if tuned_routed.any() else 0.0
    )
    ours["tuned_auto_coverage"] = round(float(tuned_routed.mean()), 4)
    return {
        "metrics": ours,
        "baselines": metrics,
        "tuned_thresholds": [round(t, 2) for t in tuned_thresholds],
        "curve": _curve(outcomes["router"]["confidence"], correct)[::5],
    }


def _store(outcome: dict[str, Any], rows: np.ndarray, chosen: Any, confidence: Any, top3: Any) -> None:
    for position, row in enumerate(rows):
        outcome["chosen"][row] = chosen[position]
        outcome["confidence"][row] = confidence[position]
        outcome["top3"][row] = list(top3[position])


def _majority(train_texts: list[str], train_y: np.ndarray, test_texts: list[str]) -> tuple:
    """Always the most common training label; its share of the training rows is its confidence."""
    counts = Counter(train_y.tolist()).most_common(3)
    label, share = counts[0][0], counts[0][1] / len(train_y)
    n = len(test_texts)
    return [label] * n, np.full(n, share), [[name for name, _ in counts]] * n


def _tfidf_logreg(train_texts: list[str], train_y: np.ndarray, test_texts: list[str]) -> tuple:
    """Plain TF-IDF words + logistic regression, library defaults: what anyone would try first."""
    vectorizer = TfidfVectorizer()
    classifier = LogisticRegression(max_iter=1000).fit(vectorizer.fit_transform(train_texts), train_y)
    probabilities = classifier.predict_proba(vectorizer.transform(test_texts))
    order = np.argsort(-probabilities, axis=1)
    classes = classifier.classes_
    rows = np.arange(len(test_texts))
    return (
        [str(classes[i]) for i in order[:, 0]],
        probabilities[rows, order[:, 0]],
        [[str(classes[j]) for j in o[:3]] for o in order],
    )


def routing_metrics(
    gold: np.ndarray, outcome: dict[str, Any], *, threshold: float, accepted: Sequence[set[str]] | None = None
) -> dict[str, float]:
    """Accuracy, macro-F1 and top-3 of the chosen unit; precision and coverage of auto-routing.

    ``auto_precision`` is the share right among reports routed without a person (confidence
    at or above ``threshold``), 0 when none is; ``auto_coverage`` the share routed. The
    curve figures rank every report by confidence: precision of the most confident 10/25/50%,
    and the largest share routable at 80/90/95% precision.
    """
    from sklearn.metrics import f1_score

    chosen = outcome["chosen"].astype(str)
    confidence = outcome["confidence"]
    correct = chosen == gold
    routed = confidence >= threshold
    metrics = {
        "accuracy": round(float(correct.mean()), 4),
        "macro_f1": round(float(f1_score(gold, chosen, average="macro", labels=sorted(set(gold)))), 4),
        "top3_accuracy": round(
            float(np.mean([g in top for g, top in zip(gold, outcome["top3"], strict=True)])), 4
        ),
        "auto_precision": round(float(correct[routed].mean()), 4) if routed.any() else 0.0,
        "auto_coverage": round(float(routed.mean()), 4),
    }
    order = np.argsort(-confidence, kind="stable")
    running = np.cumsum(correct[order]) / np.arange(1, len(gold) + 1)
    for share in COVERAGES:
        metrics[f"precision_at_coverage_{round(share * 100)}"] = round(
            float(running[int(share * len(gold)) - 1]), 4
        )
    for precision in PRECISIONS:
        reaching = np.nonzero(running >= precision)[0]
        metrics[f"coverage_at_precision_{round(precision * 100)}"] = (
            round(float((reaching.max() + 1) / len(gold)), 4) if len(reaching) else 0.0
        )
    if accepted is not None:
        any_correct = np.array([label in names for label, names in zip(chosen, accepted, strict=True)])
        metrics["accuracy_any_label"] = round(float(any_correct.mean()), 4)
        metrics["auto_precision_any_label"] = (
            round(float(any_correct[routed].mean()), 4) if routed.any() else 0.0
        )
    return metrics
