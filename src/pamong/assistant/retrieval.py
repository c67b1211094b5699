"""Hybrid retrieval over the catalog: BM25 on normalised words, fused with e5 meaning.

Each service and each FAQ question is one passage. A service's lexical score is that of
its own passage (name, synonyms, summary, requirements), scaled by the best service; its
semantic score is the best cosine of any of its passages, scaled by the band e5 uses (its
scores sit between about 0.75 and 0.95); the two are mixed. FAQ passages are short, so
BM25 lets one shared word lift them above the service a question names (dev top-1 0.946
-> 0.969 when only the service passage counts lexically); they still decide which FAQ
answers, and they count through their meaning.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from pamong.assistant import english, semantic, spelling
from pamong.assistant.aspects import CUES
from pamong.catalog.models import Faq, Service
from pamong.catalog.search import Index, build_index, catalog_version
from pamong.core.text import content_words

LEXICAL_WEIGHT = 0.6
SEMANTIC_FLOOR, SEMANTIC_CEILING = 0.78, 0.92


@dataclass(frozen=True)
class Candidate:
    slug: str
    score: float  # fused, 0..1
    lexical: float  # scaled by the best lexical score, 0..1
    semantic: float  # raw cosine (0 when semantic ranking is off)
    faq_key: str | None  # best-matching FAQ of this service, if an FAQ passage won
    faq_score: float


@dataclass
class Retrieval:
    """Ranked services for one question, with what the confidence is computed from."""

    candidates: list[Candidate]
    words: list[str]
    terms: list[str]
    coverage: float  # share of the question's terms found in the top service
    known: float  # share of the question's terms the catalog uses at all
    subject_terms: int = 0  # terms left once facet words are set aside
    lexical_top: float = 0.0  # raw BM25 score of the best passage
    semantic_second: float = 0.0  # best cosine of any other service
    notes: list[str] = field(default_factory=list)

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def lead(self) -> float:
        if len(self.candidates) < 2:
            return 1.0 if self.candidates else 0.0
        first, second = self.candidates[0].score, self.candidates[1].score
        return (first - second) / first if first > 0 else 0.0


def passage_text(service: Service, faq: Faq | None) -> str:
    if faq is None:
        return f"{service.name_id}. {service.name_en}. {', '.join(service.synonyms)}. {service.summary_id}"
    return f"{service.name_id}: {faq.question_id} / {faq.question_en}"


@dataclass(frozen=True)
class Layout:
    """Where each service's passages sit in the index: its own first, then its FAQ, contiguous."""

    slugs: list[str]
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def of(cls, index: Index) -> Layout:
        slugs: list[str] = []
        starts: list[int] = []
        for position, (slug, key) in enumerate(zip(index.slugs, index.faq_keys, strict=True)):
            if key is None:
                slugs.append(slug)
                starts.append(position)
            elif not slugs or slugs[-1] != slug:
                raise ValueError(f"the FAQ passages of {slug} do not follow its own passage")
        ends = [*starts[1:], len(index.slugs)]
        return cls(slugs, np.array(starts, dtype=np.intp), np.array(ends, dtype=np.intp))


class Retriever:
    """Lexical index from catalog.search plus passage vectors, rebuilt when the catalog changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: str | None = None
        self._vectors: np.ndarray | None = None
        self._index: Index | None = None
        self._layout = Layout([], np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))

    def prepare(self) -> tuple[Index, np.ndarray | None]:
        index, vectors, _ = self._state()
        return index, vectors

    def _state(self) -> tuple[Index, np.ndarray | None, Layout]:
        """The index, its passage vectors and where each service's passages are, for one catalog version."""
        version = catalog_version()
        with self._lock:
            if self._version != version:
                index = build_index(tokenize=english.terms)
                vectors = None
                if semantic.available():
                    services = (
                        Service.objects.filter(active=True).prefetch_related("faq").in_bulk(field_name="slug")
                    )
                    faqs = Faq.objects.in_bulk(field_name="key")
                    texts = [
                        passage_text(services[slug], faqs.get(key) if key else None)
                        for slug, key in zip(index.slugs, index.faq_keys, strict=True)
                    ]
                    vectors = semantic.passage_vectors(texts)
                self._index, self._vectors, self._layout = index, vectors, Layout.of(index)
                self._version = version
            assert self._index is not None
            return self._index, self._vectors, self._layout

    def model_version(self) -> str:
        index, vectors = self.prepare()
        kind = "hybrid-e5" if vectors is not None else "lexical"
        return f"{kind}-v1+catalog-{index.version}"

    def search(self, text: str, k: int = 5, *, meaning: bool = True) -> Retrieval:
        """The top ``k`` services; ``meaning=False`` ranks by words alone (no e5 query)."""
        index, vectors, layout = self._state()
        if not meaning:
            vectors = None
        words = spelling.correct(content_words(text), index)
        terms = [english.term(word) for word in words]
        lexical = index.scores(terms)
        top_lexical = float(lexical.max()) if len(lexical) else 0.0
        lexical_scaled = lexical / top_lexical if top_lexical > 0 else lexical
        if vectors is not None and len(vectors) and terms:
            cosines = vectors @ semantic.query_vector(text)
            semantic_scaled = np.clip((cosines - SEMANTIC_FLOOR) / (SEMANTIC_CEILING - SEMANTIC_FLOOR), 0, 1)
        else:
            cosines = semantic_scaled = np.zeros(len(index.slugs))
        semantic_weight = 1 - LEXICAL_WEIGHT if vectors is not None else 0.0
        # Which passage speaks for each service: the best mix of words and meaning.
        passage = (1 - semantic_weight) * lexical_scaled + semantic_weight * semantic_scaled
        own = lexical[layout.starts] if len(layout.starts) else np.zeros(0)
        top_own = float(own.max()) if len(own) else 0.0
        own_scaled = own / top_own if top_own > 0 else own
        best_meaning = (
            np.maximum.reduceat(semantic_scaled, layout.starts) if len(layout.starts) else np.zeros(0)
        )
        scores = (1 - semantic_weight) * own_scaled + semantic_weight * best_meaning
        candidates: list[Candidate] = []
        for i in np.argsort(-scores, kind="stable")[:k]:
            if scores[i] <= 0:
                break
            start, end = int(layout.starts[i]), int(layout.ends[i])
            speaker = start + int(np.argmax(passage[start:end]))
            faq_key = index.faq_keys[speaker]
            candidates.append(
                Candidate(
                    slug=layout.slugs[i],
                    score=float(scores[i]),
                    lexical=float(lexical_scaled[start:end].max()),
                    semantic=float(cosines[start:end].max()),
                    faq_key=faq_key,
                    faq_score=float(passage[speaker]) if faq_key else 0.0,
                )
            )
        coverage = known = 0.0
        # Facet words ("berapa biaya", "syarat") say what is asked, not which service:
        # coverage is measured on the rest, unless the question is nothing but facets.
        subject = [term for term in terms if term not in facet_terms()] or terms
        if subject:
            known = sum(1 for term in subject if term in index.vocabulary) / len(subject)
            if candidates:
                own_terms = index.service_terms.get(candidates[0].slug, set())
                coverage = sum(1 for term in subject if term in own_terms) / len(subject)
        semantic_second = max((c.semantic for c in candidates[1:]), default=0.0)
        return Retrieval(
            candidates,
            words,
            terms,
            coverage,
            known,
            subject_terms=len(subject),
            lexical_top=top_lexical,
            semantic_second=semantic_second,
        )


@cache
def facet_terms() -> frozenset[str]:
    """Stems of the words that ask about a facet (fee, time, documents, steps, place, law)."""
    words = set().union(*CUES.values()) | {"berapa", "bagaimana", "apa", "kapan", "dimana", "cara"}
    return frozenset(english.term(word) for word in words)


_retriever = Retriever()


def retriever() -> Retriever:
    return _retriever
