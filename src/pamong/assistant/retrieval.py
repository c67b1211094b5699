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
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from pamong.assistant import english, places, semantic, spelling, wordvectors
from pamong.assistant.aspects import CUES
from pamong.catalog.models import Faq, Service
from pamong.catalog.search import Index, build_index, catalog_version
from pamong.core.text import content_words, normalise

LEXICAL_WEIGHT = 0.6
FULL_FAQ_TERMS = 2
FULL_FAQ_OTHERS = 0.9
SEMANTIC_FLOOR, SEMANTIC_CEILING = 0.78, 0.92
# The static vectors' cosines sit lower and wider (centred): their band, chosen on dev.
STATIC_FLOOR, STATIC_CEILING = 0.2, 0.75


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


def passage_texts(index: Index | None = None) -> list[str]:
    """The text of each indexed passage, in the index's order (what meaning is compared with)."""
    if index is None:
        index = build_index(tokenize=english.terms)
    services = Service.objects.filter(active=True).prefetch_related("faq").in_bulk(field_name="slug")
    faqs = Faq.objects.in_bulk(field_name="key")
    return [
        passage_text(services[slug], faqs.get(key) if key else None)
        for slug, key in zip(index.slugs, index.faq_keys, strict=True)
    ]


def meaning_words(text: str) -> list[str]:
    """The words a passage's static vector is the mean of."""
    return normalise(text)


@dataclass(frozen=True)
class State:
    """What ranking needs for one catalog version."""

    index: Index
    vectors: np.ndarray | None  # e5 passage vectors
    quick: np.ndarray | None  # static (word-vector) passage vectors
    layout: Layout


@dataclass(frozen=True)
class Lexical:
    words: list[str]
    terms: list[str]
    scores: np.ndarray
    full: int | None  # the service whose FAQ holds the whole question (``_asked_in_full``)


class Retriever:
    """Lexical index from catalog.search plus passage vectors, rebuilt when the catalog changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: str | None = None
        self._state_now: State | None = None
        # The words' side of the last few questions: a message is searched by words, then
        # maybe with static meaning, then maybe with e5, always with the same words.
        self._lexical: OrderedDict[tuple[str, str], Lexical] = OrderedDict()

    def prepare(self) -> tuple[Index, np.ndarray | None]:
        state = self._state()
        return state.index, state.vectors

    def has_quick(self) -> bool:
        """Static word vectors are there, so meaning can be had without an e5 query."""
        return self._state().quick is not None

    def _state(self) -> State:
        """The index, its passage vectors and where each service's passages are, for one catalog version."""
        version = catalog_version()
        with self._lock:
            if self._version != version or self._state_now is None:
                index = build_index(tokenize=english.terms)
                vectors = quick = None
                table = wordvectors.table()
                if semantic.available() or table is not None:
                    texts = passage_texts(index)
                    if semantic.available():
                        vectors = semantic.passage_vectors(texts)
                    if table is not None:
                        table.learn({word for text in texts for word in meaning_words(text)})
                        quick = (
                            np.stack([table.text_vector(meaning_words(text)) for text in texts])
                            if texts
                            else np.zeros((0, table.vectors.shape[1]), dtype=np.float32)
                        )
                self._state_now = State(index, vectors, quick, Layout.of(index))
                self._version = version
                self._lexical.clear()
            return self._state_now

    def model_version(self) -> str:
        state = self._state()
        kind = "hybrid-e5" if state.vectors is not None else "lexical"
        table = wordvectors.table() if state.quick is not None else None
        return f"{kind}-v1+catalog-{state.index.version}" + (f"+{table.version}" if table else "")

    def _words(self, text: str, index: Index, layout: Layout) -> Lexical:
        key = (index.version, text)
        with self._lock:
            found = self._lexical.get(key)
        if found is None:
            words = spelling.correct(places.without_places(content_words(text), index), index)
            terms = [english.term(word) for word in words]
            found = Lexical(words, terms, index.scores(terms), self._asked_in_full(index, layout, terms))
            found.scores.setflags(write=False)
            with self._lock:
                self._lexical[key] = found
                if len(self._lexical) > 64:
                    self._lexical.popitem(last=False)
        return found

    def best_faq(self, slug: str, text: str) -> str | None:
        """The FAQ of service ``slug`` nearest the message: its BM25 score (scaled by the
        service's best FAQ) and its static-vector cosine from the known words, half each;
        words alone without the vectors. On the FAQ dev file it ranks the labelled FAQ first
        81% of the time (BM25 alone 79%, the e5 cosine alone 77%); None without an FAQ."""
        state = self._state()
        index, layout = state.index, state.layout
        if slug not in layout.slugs:
            return None
        i = layout.slugs.index(slug)
        start, end = int(layout.starts[i]) + 1, int(layout.ends[i])
        if start >= end:
            return None
        lexical = self._words(text, index, layout)
        scores = lexical.scores[start:end]
        top = float(scores.max())
        mix = scores / top if top > 0 else np.zeros(end - start)
        table = wordvectors.table() if state.quick is not None else None
        if table is not None and lexical.words:
            assert state.quick is not None
            # known words only: an e5 pass for unknown ones would cost more than the answer
            meaning = state.quick[start:end] @ table.text_vector(lexical.words, embed=False)
            mix = 0.5 * mix + 0.5 * meaning
        return index.faq_keys[start + int(np.argmax(mix))]

    @staticmethod
    def _asked_in_full(index: Index, layout: Layout, terms: list[str]) -> int | None:
        """The position of the one service with an FAQ question that holds every subject word
        of a question of at least ``FULL_FAQ_TERMS`` of them; None when no service or two have
        one, or when a service's names and synonyms hold them all. "nama anak di akta salah ketik" is
        the birth certificate's FAQ word for word, though the KTP's own text shares more of
        its words."""
        subject = set(terms) - facet_terms()
        if len(subject) < FULL_FAQ_TERMS or not index.passage_terms:
            return None
        if any(subject <= names for names in index.name_terms.values()):
            return None  # the question names a service ("i need a new id card"): the names decide
        found = [
            i
            for i, (start, end) in enumerate(zip(layout.starts, layout.ends, strict=True))
            if any(subject <= index.passage_terms[p] for p in range(start + 1, end))
        ]
        return found[0] if len(found) == 1 else None

    def search(self, text: str, k: int = 5, *, meaning: bool | str = True) -> Retrieval:
        """The top ``k`` services. ``meaning``: True or "e5" fuses the e5 query's cosines,
        "static" the word vectors' (no e5 query), False ranks by words alone."""
        mode = "e5" if meaning is True else "words" if meaning is False else meaning
        state = self._state()
        index, layout = state.index, state.layout
        lexical_part = self._words(text, index, layout)
        words, terms, lexical = lexical_part.words, lexical_part.terms, lexical_part.scores
        top_lexical = float(lexical.max()) if len(lexical) else 0.0
        lexical_scaled = lexical / top_lexical if top_lexical > 0 else lexical
        vectors = {"e5": state.vectors, "static": state.quick}.get(mode)
        if vectors is not None and len(vectors) and terms:
            if mode == "static":
                table = wordvectors.table()
                assert table is not None
                cosines = vectors @ table.text_vector(words)
                floor, ceiling = STATIC_FLOOR, STATIC_CEILING
            else:
                cosines = vectors @ semantic.query_vector(text)
                floor, ceiling = SEMANTIC_FLOOR, SEMANTIC_CEILING
            semantic_scaled = np.clip((cosines - floor) / (ceiling - floor), 0, 1)
        else:
            cosines = semantic_scaled = np.zeros(len(index.slugs))
        semantic_weight = 1 - LEXICAL_WEIGHT if vectors is not None else 0.0
        # Which passage speaks for each service: the best mix of words and meaning.
        passage = (1 - semantic_weight) * lexical_scaled + semantic_weight * semantic_scaled
        own = lexical[layout.starts] if len(layout.starts) else np.zeros(0)
        top_own = float(own.max()) if len(own) else 0.0
        own_scaled = own / top_own if top_own > 0 else own
        full = lexical_part.full
        if full is not None:  # that FAQ's service leads on words; the others count at most this much
            own_scaled = np.minimum(own_scaled, FULL_FAQ_OTHERS)
            own_scaled[full] = 1.0
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
