"""``catalog.search``: find the service a citizen means, or abstain.

Lexical ranking (BM25 via bm25s) over normalised, stemmed catalog text: each service's
name, the words people use for it, its summary and requirements, and each of its FAQ
questions. A query's confidence combines how much of it the best service covers with
how far that service leads the next; below the card's threshold the function abstains
and the portal offers the closest services and a person instead of guessing.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import bm25s
import numpy as np
from django.db.models import Max
from rapidfuzz import fuzz
from rapidfuzz import process as fuzzy

from pamong.ai.decisions import decide
from pamong.ai.evaluation import DatasetError, file_sha256, read_labelled_csv
from pamong.ai.functions import AIFunction, CardDefaults, EvalReport, Prediction
from pamong.ai.registry import card_for, get, register
from pamong.catalog.models import Faq, Service
from pamong.core.text import content_words, index_terms, normalise, stem, tokens

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on itself at import

ALGORITHM = "bm25-norm-stem-v1"
NAME_WEIGHT = 3  # a service's own name and synonyms count this many times in its text


@dataclass(frozen=True)
class Hit:
    slug: str
    score: float


@dataclass
class Index:
    """BM25 over one text per service and one per FAQ, each pointing at its service."""

    version: str
    slugs: list[str]  # owner service of each indexed text
    faq_keys: list[str | None]  # the FAQ each text is, None for a service's own text
    retriever: bm25s.BM25
    vocabulary: set[str]
    service_terms: dict[str, set[str]]
    surface: set[str]  # normalised, unstemmed catalog words: what typos are corrected against
    passage_terms: list[frozenset[str]] = field(default_factory=list)  # the terms of each indexed text
    name_terms: dict[str, frozenset[str]] = field(
        default_factory=dict
    )  # of each service's names and synonyms

    @cached_property
    def anagrams(self) -> dict[str, str]:
        """Sorted letters -> word, for short words typed with two letters swapped."""
        return {"".join(sorted(word)): word for word in sorted(self.surface) if 3 <= len(word) <= 4}

    @cached_property
    def long_words(self) -> list[str]:
        return sorted(word for word in self.surface if len(word) >= 5)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every indexed text (zeros when nothing can match)."""
        if not terms or not self.slugs:
            return np.zeros(len(self.slugs))
        return self.retriever.get_scores(terms)

    def rank(self, terms: list[str], k: int = 5) -> list[Hit]:
        if not terms or not self.slugs:
            return []
        scores = self.scores(terms)
        best: dict[str, float] = {}
        for position in np.argsort(-scores):
            score = float(scores[position])
            if score <= 0:
                break
            slug = self.slugs[position]
            if slug not in best:
                best[slug] = score
                if len(best) == k:
                    break
        return [Hit(slug, score) for slug, score in best.items()]


def service_names(service: Service) -> str:
    """What citizens call the service: its names in both languages and its synonyms."""
    return " ".join([service.name_id, service.name_en, *service.synonyms])


def service_texts(service: Service) -> list[tuple[str, str | None, str]]:
    """(slug, faq key, text) to index for one service: the service itself and each FAQ question."""
    names = service_names(service)
    body = " ".join(
        [
            service.summary_id,
            service.summary_en,
            service.description_id,
            service.agency_id,
            *(req.document_id for req in service.requirements.all()),
        ]
    )
    texts: list[tuple[str, str | None, str]] = [
        (service.slug, None, " ".join([names] * NAME_WEIGHT + [body]))
    ]
    for faq in service.faq.all():
        texts.append((service.slug, faq.key, f"{service.name_id} {faq.question_id} {faq.question_en}"))
    return texts


VERSION_TTL_SECONDS = 2.0
_version_cache: tuple[float, str] | None = None


def catalog_version() -> str:
    """Changes whenever a service is added, edited or deactivated.

    Read from the database at most every two seconds per process: several calls per
    message would otherwise cost a dozen aggregate queries (an edit shows within 2 s).
    """
    global _version_cache
    now = time.monotonic()
    if _version_cache is not None and now - _version_cache[0] < VERSION_TTL_SECONDS:
        return _version_cache[1]
    active = Service.objects.filter(active=True)
    stamp = f"{active.count()}:{active.aggregate(m=Max('updated_at'))['m']}:{Faq.objects.count()}"
    version = hashlib.sha256(stamp.encode()).hexdigest()[:10]
    _version_cache = (now, version)
    return version


def forget_catalog_version() -> None:
    """Make the next call read the database (after an import in this process)."""
    global _version_cache
    _version_cache = None


def build_index(tokenize=index_terms) -> Index:  # type: ignore[no-untyped-def]
    services = Service.objects.filter(active=True).prefetch_related("requirements", "faq")
    pairs = [item for service in services for item in service_texts(service)]
    corpus = [tokenize(text) for _, _, text in pairs]
    retriever = bm25s.BM25()
    if corpus:  # an empty catalog has nothing to rank; rank() then finds nothing
        retriever.index(corpus, show_progress=False)
    service_terms: dict[str, set[str]] = {}
    for (slug, _, _), terms in zip(pairs, corpus, strict=True):
        service_terms.setdefault(slug, set()).update(terms)
    vocabulary = set().union(*service_terms.values()) if service_terms else set()
    surface = {word for _, _, text in pairs for word in normalise(text)}
    return Index(
        version=catalog_version(),
        slugs=[slug for slug, _, _ in pairs],
        faq_keys=[key for _, key, _ in pairs],
        retriever=retriever,
        vocabulary=vocabulary,
        service_terms=service_terms,
        surface=surface,
        passage_terms=[frozenset(terms) for terms in corpus],
        name_terms={service.slug: frozenset(tokenize(service_names(service))) for service in services},
    )


def plain_terms(text: str) -> list[str]:
    """The baseline's tokens: lower-case words, no normalisation, no stemming."""
    return tokens(text)


class CatalogSearch(AIFunction):
    key = "catalog.search"
    card = CardDefaults(
        name_id="Pencarian layanan publik",
        name_en="Public-service finder",
        purpose_id=(
            "Menemukan layanan dalam katalog yang dimaksud warga dari pertanyaan sehari-hari "
            "(bahasa informal, salah ketik, bahasa Inggris), atau menyatakan tidak yakin."
        ),
        purpose_en=(
            "Finds the catalog service a citizen means from an everyday question (informal "
            "Indonesian, typos, English), or says it is not sure."
        ),
        owner_unit="Dinas Komunikasi dan Informatika (Diskominfo)",
        risk_level=1,
        oversight="automatic",
        data_used="Katalog layanan publik (teks resmi); pertanyaan warga disimpan hanya sebagai hash.",
        personal_data=[],
        threshold=0.4,
        notice_id=(
            "Hasil pencarian disusun otomatis oleh komputer dari katalog resmi. Jika tidak yakin, "
            "sistem menampilkan beberapa layanan terdekat dan Anda dapat menghubungi petugas."
        ),
        notice_en=(
            "Search results are chosen automatically by a computer from the official catalog. "
            "When unsure, it shows the closest services and you can contact an officer."
        ),
    )

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: Index | None = None

    def index(self) -> Index:
        """The index for the current catalog, rebuilt only when the catalog changed."""
        version = catalog_version()
        with self._lock:
            if self._index is None or self._index.version != version:
                self._index = build_index()
            return self._index

    def model_version(self) -> str:
        return f"{ALGORITHM}+catalog-{self.index().version}"

    def correct(self, terms: list[str], index: Index) -> list[str]:
        """Replace words the catalog never uses with the closest catalog word (typos).

        Short words only by swapped letters ("kpt" -> "ktp"); longer ones by edit ratio.
        """
        fixed = []
        for term in terms:
            if term in index.surface or len(term) < 3 or any(ch.isdigit() for ch in term):
                fixed.append(term)
            elif len(term) <= 4:
                fixed.append(index.anagrams.get("".join(sorted(term)), term))
            else:
                match = fuzzy.extractOne(term, index.long_words, scorer=fuzz.ratio, score_cutoff=80)
                fixed.append(match[0] if match else term)
        return fixed

    def rank(self, query: str, k: int = 5) -> tuple[list[Hit], list[str], Index]:
        index = self.index()
        words = self.correct(content_words(query), index)
        terms = [stem(word) for word in words]
        return index.rank(terms, k), terms, index

    def predict(self, query: str, *, threshold: float | None = None) -> Prediction:
        hits, terms, index = self.rank(query)
        if threshold is None:
            threshold = card_for(self.key).threshold
        if not hits:
            return Prediction(None, 0.0, [], "no catalog word in the question")
        top = hits[0]
        known = [term for term in terms if term in index.vocabulary]
        covered = [term for term in known if term in index.service_terms[top.slug]]
        coverage = len(covered) / len(terms) if terms else 0.0
        runner_up = hits[1].score if len(hits) > 1 else 0.0
        margin = (top.score - runner_up) / top.score
        # Both must be high: most of the question is about this service, and it clearly leads.
        confidence = round(coverage * (0.5 + 0.5 * margin), 4)
        alternatives = [(hit.slug, round(hit.score, 3)) for hit in hits]
        explanation = (
            f"matched words: {', '.join(covered) or '-'}; coverage {coverage:.2f}, lead {margin:.2f}"
        )
        label = top.slug if confidence >= threshold else None
        return Prediction(label, confidence, alternatives, explanation)

    # --- evaluation ------------------------------------------------------------------
    def add_eval_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--threshold", type=float, default=None, help="override the card's threshold")

    def evaluate(self, options: dict[str, Any]) -> EvalReport:
        csv_path, questions, gold = labelled_questions(self.key, options)
        threshold = options.get("threshold")
        if threshold is None:
            threshold = card_for(self.key).threshold

        def answer(question: str) -> tuple[str | None, list[str]]:
            prediction = self.predict(question, threshold=threshold)
            return prediction.label, [slug for slug, _ in prediction.alternatives]

        return evaluate_answers(csv_path, questions, gold, answer, params={"threshold": threshold})


def labelled_questions(key: str, options: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """(path, questions, expected service of each) from ``--csv``; an FAQ id counts as its service."""
    csv_path = options.get("csv")
    if not csv_path:
        raise DatasetError(f"{key} needs --csv FILE with columns question,expected")
    rows = read_labelled_csv(csv_path, ("question", "expected"))
    faq_owner = dict(Faq.objects.values_list("key", "service__slug"))
    gold = [faq_owner.get(row["expected"].strip(), row["expected"].strip()) for row in rows]
    return csv_path, [row["question"] for row in rows], gold


def evaluate_answers(
    csv_path: str,
    questions: list[str],
    gold: list[str],
    answer: Callable[[str], tuple[str | None, list[str]]],
    *,
    params: dict[str, Any],
) -> EvalReport:
    """Score ``answer`` (label or None, top services) beside plain BM25 on the same questions."""
    baseline = build_index(tokenize=plain_terms)
    plain = []
    for question in questions:
        hits = baseline.rank(plain_terms(question), 3)
        plain.append((hits[0].slug if hits else None, [hit.slug for hit in hits]))
    return EvalReport(
        n=len(questions),
        metrics=retrieval_metrics(gold, [answer(question) for question in questions]),
        baselines={"bm25_plain": retrieval_metrics(gold, plain)},
        dataset=str(csv_path),
        dataset_sha256=file_sha256(csv_path),
        params=params,
    )


def retrieval_metrics(gold: list[str], predicted: list[tuple[str | None, list[str]]]) -> dict[str, float]:
    """hit@1/hit@3 over in-scope rows; abstain and wrong-answer rates over all rows.

    A wrong answer is an answer given (not abstained) that is not the expected service,
    including any answer to an out-of-scope question. ``oos_abstain`` is the share of
    out-of-scope questions the function declined.
    """
    in_scope = [(g, p) for g, p in zip(gold, predicted, strict=True) if g != "none"]
    out_scope = [p for g, p in zip(gold, predicted, strict=True) if g == "none"]
    n = len(gold)
    hit1 = sum(1 for g, (label, _) in in_scope if label == g)
    hit3 = sum(1 for g, (_, top) in in_scope if g in top[:3])
    abstained = sum(1 for label, _ in predicted if label is None)
    wrong = sum(1 for g, (label, _) in zip(gold, predicted, strict=True) if label is not None and label != g)
    return {
        "hit_at_1": round(hit1 / len(in_scope), 4) if in_scope else 0.0,
        "hit_at_3": round(hit3 / len(in_scope), 4) if in_scope else 0.0,
        "abstain_rate": round(abstained / n, 4) if n else 0.0,
        "wrong_rate": round(wrong / n, 4) if n else 0.0,
        "oos_abstain": round(sum(1 for label, _ in out_scope if label is None) / len(out_scope), 4)
        if out_scope
        else 0.0,
        "n": n,
    }


register(CatalogSearch)

MAX_QUERY_CHARS = 500


@dataclass(frozen=True)
class SearchOutcome:
    """What the portal shows: the answer (or None when unsure), the closest services, the log id."""

    query: str
    answer: Service | None
    closest: list[Service]
    prediction: Prediction
    decision_id: int | None


def find(query: str, *, channel: str) -> SearchOutcome:
    """Search the catalog for a citizen and log the decision (the query itself is not stored)."""
    query = query.strip()[:MAX_QUERY_CHARS]
    function = get_function()
    if not query:
        return SearchOutcome(query, None, [], Prediction(None, 0.0), None)
    prediction = function.predict(query)
    slugs = [slug for slug, _ in prediction.alternatives[:3]]
    by_slug = Service.objects.filter(active=True, slug__in=slugs).in_bulk(field_name="slug")
    closest = [by_slug[slug] for slug in slugs if slug in by_slug]
    decision = decide(
        CatalogSearch.key,
        prediction,
        model_version=function.model_version(),
        input_text=query,
        output={"service": prediction.label, "shown": slugs},
        channel=channel,
    )
    answer = by_slug.get(prediction.label) if prediction.label else None
    return SearchOutcome(query, answer, closest, prediction, decision.pk)


def get_function() -> CatalogSearch:
    function = get(CatalogSearch.key)
    assert isinstance(function, CatalogSearch)
    return function
