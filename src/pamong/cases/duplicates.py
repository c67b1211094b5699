"""Whether a new complaint says the same thing as an open one nearby.

The score is the mean of two TF-IDF cosines, over stemmed words and word pairs (same
meaning, other forms) and over in-word character 3–5-grams (typos), times how close the
places are. The numbers are scikit-learn's ``TfidfVectorizer`` (sub-linear tf, smoothed
idf, L2 norm) fitted on the new text and its candidates, as the threshold was set on them
(a test checks they agree); but each text is analysed once per process and the corpus is
weighed with one sparse product, because fitting two vectorisers on every filing was most
of a filing's CPU time (bench/cases.py).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp

from pamong.cases.router_model import char_grams, place_terms
from pamong.core.text import index_terms, normalise

MAX_SCAN_CHARS = 20_000  # longer texts are cut: a complaint form allows far less
SAME_PLACE, NEAR_PLACE, UNKNOWN_PLACE, OTHER_PLACE = 1.0, 0.9, 0.9, 0.5
# At or above this score two reports say the same thing. On our hand-made pairs the same
# complaint in other words scores 0.42-0.50, another complaint on the same topic nearby
# 0.23-0.27 and an unrelated one under 0.1 (tests/cases/test_routing.py).
DUPLICATE_SCORE = 0.4
PROFILE_CACHE = 4096  # texts analysed per process: the open complaints of a busy region

_term_ids: dict[str, int] = {}
_term_lock = threading.Lock()


@dataclass(frozen=True)
class Terms:
    """One text's distinct terms (process-wide ids) and their sub-linear term frequencies."""

    ids: np.ndarray
    tf: np.ndarray


@dataclass(frozen=True)
class Profile:
    words: frozenset[str]  # longer plain words, to pick candidates cheaply
    stems: Terms
    grams: Terms


def _terms(counts: Counter) -> Terms:
    with _term_lock:
        ids = [_term_ids.setdefault(term, len(_term_ids)) for term in counts]
    tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
    return Terms(np.array(ids, dtype=np.int64), tf)


@lru_cache(maxsize=PROFILE_CACHE)
def profile(text: str) -> Profile:
    """What the duplicate search compares of a text, computed once per process."""
    text = (text or "")[:MAX_SCAN_CHARS]
    stems = index_terms(text)
    plain = normalise(text)
    stem_counts = Counter(stems)
    stem_counts.update(f"{a} {b}" for a, b in pairwise(stems))
    gram_counts: Counter = Counter()
    for word in plain:
        gram_counts.update(char_grams(word, 3, 5))
    return Profile(
        words=frozenset(word for word in plain if len(word) >= 4 and word.isalpha()),
        stems=_terms(stem_counts),
        grams=_terms(gram_counts),
    )


def cosines(query: Terms, others: Sequence[Terms]) -> np.ndarray:
    """TF-IDF cosine of ``query`` with each of ``others``, idf fitted on all of them."""
    documents = [query, *others]
    ids = np.concatenate([document.ids for document in documents])
    if not len(ids):
        return np.zeros(len(others))
    vocabulary, columns, df = np.unique(ids, return_inverse=True, return_counts=True)
    idf = np.log((1 + len(documents)) / (1 + df)) + 1.0
    tf = np.concatenate([document.tf for document in documents])
    indptr = np.concatenate([[0], np.cumsum([len(document.ids) for document in documents])])
    weights = sp.csr_matrix((tf * idf[columns], columns, indptr), shape=(len(documents), len(vocabulary)))
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    products = (weights[1:] @ weights[0].T).toarray().ravel()
    return products / (norms[1:] * norms[0])


def place_factor(a: str | None, b: str | None) -> float:
    """1 for the same place, 0.9 for the same district (or a place unknown), 0.5 elsewhere.

    Without the new report's place (``a``) every candidate counts as the same place: the
    caller has already chosen them by region.
    """
    if not a:
        return SAME_PLACE
    if not b:
        return UNKNOWN_PLACE
    terms_a, terms_b = place_terms(a), place_terms(b)
    if terms_a[-1] == terms_b[-1]:
        return SAME_PLACE
    shared = len(set(terms_a) & set(terms_b))
    return NEAR_PLACE if shared >= min(3, len(terms_a), len(terms_b)) else OTHER_PLACE


def similar_open(
    text: str, candidates: Sequence[tuple[Any, str, str | None]], place: str | None = None
) -> list[tuple[Any, float]]:
    """Open reports that say the same thing, best first: (id, score 0..1).

    ``candidates`` are (id, text, place); ``place`` is the new report's.
    """
    if not candidates or not (text or "").strip():
        return []
    new = profile(text)
    old = [profile(candidate[1] or "") for candidate in candidates]
    similarity = (
        cosines(new.stems, [item.stems for item in old]) + cosines(new.grams, [item.grams for item in old])
    ) / 2
    scored = [
        (candidate[0], round(float(score) * place_factor(place, candidate[2]), 4))
        for candidate, score in zip(candidates, similarity, strict=True)
    ]
    return sorted((pair for pair in scored if pair[1] > 0), key=lambda pair: -pair[1])
