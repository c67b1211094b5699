"""Referrals: services handled by another institution, named instead of a near catalog answer.

Citizens ask about things that exist in Indonesia but that this office does not handle
(tax returns at DJP, JHT at BPJS Ketenagakerjaan, the international driving permit at
Korlantas). Retrieval then finds the nearest catalog service ("SIM internasional" ->
new SIM) and answers it: a wrong answer that costs a trip. ``data/catalog/referrals.yaml``
lists such services with the phrases people use for them. A referral wins only when

1. one of its phrases is in the question whole (after the catalog's normalisation and
   stemming, so "bikin" meets "buat" and "ditilang" meets "tilang"),
2. it explains a word the catalog's best service does not,
3. no catalog service is named by a word the referral leaves out ("skck buat cpns" is
   the SKCK: the catalog service the citizen names always wins), and
4. the words it explains weigh clearly more (half again) than the words the service
   explains (inverse frequency over the catalog, so "internasional" outweighs "bikin").

A referral is not an answer: it is logged and counted as an abstention.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml
from django.conf import settings

from pamong.assistant import english
from pamong.assistant.retrieval import Retrieval, facet_terms
from pamong.catalog.models import Service
from pamong.catalog.search import catalog_version, service_names
from pamong.core.text import content_words

# A word names a service when it is a one-word synonym or an abbreviation in brackets in
# a service's name ("skck", "npwp", "SIM", "paspor") and is in the names of at most this
# many services: "ktp" (in 9) and "lapor" (5) say too little, "sma" or "renew" are only
# parts of longer synonyms ("masuk sma", "renew sim").
NAMING_MAX_SERVICES = 2
ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]+(?:-[A-Za-z0-9]+)?\b")
# "Clearly better": the referral's words must weigh this many times the top service's.
# At 1.5 "bikin sim internasional" (6.6 against 4.2) is referred and "paspor untuk umroh"
# (3.8 against 3.2, held-out: the passport) is not.
CLEARLY_BETTER = 1.5


@dataclass(frozen=True)
class Referral:
    """A service handled elsewhere: what it is, who handles it, where to go."""

    key: str
    topic: dict[str, str]
    institution: dict[str, str]
    pointer: dict[str, str]
    phrases: tuple[frozenset[str], ...]

    @cached_property
    def terms(self) -> frozenset[str]:
        """Every term of its phrases: a question sharing none of them matches no phrase."""
        return frozenset().union(*self.phrases)

    def t(self, field: str, language: str) -> str:
        """A text field in ``language`` (English or Indonesian)."""
        texts: dict[str, str] = getattr(self, field)
        return texts.get("en" if language == "en" else "id") or texts["id"]


@dataclass(frozen=True)
class Match:
    """Why a question was referred, for the decision log."""

    referral: Referral
    terms: frozenset[str]  # question terms the referral's phrases explain
    weight: float
    catalog_terms: frozenset[str]  # question terms the top service explains
    catalog_weight: float
    service: str | None

    @property
    def explanation(self) -> str:
        return (
            f"referral {self.referral.key}: {', '.join(sorted(self.terms))} ({self.weight:.2f}) "
            f"over {self.service or 'no service'}: {', '.join(sorted(self.catalog_terms)) or '-'} "
            f"({self.catalog_weight:.2f})"
        )


def terms_of(text: str) -> frozenset[str]:
    """The subject terms of a text as the assistant's index sees them (facet words set aside)."""
    return frozenset(english.term(word) for word in content_words(text)) - facet_terms()


def path() -> Path:
    return settings.DATA_DIR / "catalog" / "referrals.yaml"


@cache
def _parse(location: str, stamp: float) -> tuple[Referral, ...]:
    """The referral list of one version of the file (``stamp``: its modification time)."""
    data = yaml.safe_load(Path(location).read_text(encoding="utf-8")) or {}
    referrals = []
    for entry in data.get("referrals", []):
        phrases = tuple(phrase for phrase in (terms_of(k) for k in entry["keywords"]) if phrase)
        referrals.append(
            Referral(entry["key"], entry["topic"], entry["institution"], entry["pointer"], phrases)
        )
    return tuple(referrals)


@cache
def _digest(location: str, stamp: float) -> str:
    return hashlib.sha256(Path(location).read_bytes()).hexdigest()[:8]


def version() -> str:
    """Names the list in the model version, so a decision says which list it was made with."""
    location = path()
    return f"ref-{_digest(str(location), location.stat().st_mtime)}" if location.exists() else "ref-none"


def referrals() -> tuple[Referral, ...]:
    """The shipped list, reread when the file changes; none if it is missing."""
    location = path()
    if not location.exists():
        return ()
    return _parse(str(location), location.stat().st_mtime)


@dataclass(frozen=True)
class CatalogWords:
    """What each catalog service is about, for comparing it with a referral."""

    version: str
    naming: dict[str, frozenset[str]]  # terms of its names and synonyms
    about: dict[str, frozenset[str]]  # those and its FAQ questions
    naming_count: Counter[str]  # in how many services' names a term is
    name_words: frozenset[str]  # one-word synonyms and bracketed abbreviations of names
    idf: dict[str, float]
    unknown_idf: float

    def weight(self, terms: frozenset[str]) -> float:
        return sum(self.idf.get(term, self.unknown_idf) for term in terms)


_lock = threading.Lock()
_words: CatalogWords | None = None


def catalog_words() -> CatalogWords:
    """Built once per catalog version."""
    global _words
    version = catalog_version()
    with _lock:
        if _words is None or _words.version != version:
            naming: dict[str, frozenset[str]] = {}
            about: dict[str, frozenset[str]] = {}
            name_words: set[str] = set()
            for service in Service.objects.filter(active=True).prefetch_related("faq"):
                name_words.update(_name_words(service))
                names = english.terms(service_names(service))
                questions = [f"{faq.question_id} {faq.question_en}" for faq in service.faq.all()]
                naming[service.slug] = frozenset(names)
                about[service.slug] = frozenset(names).union(*(english.terms(q) for q in questions))
            frequency = Counter(term for terms in about.values() for term in terms)
            size = len(about)
            _words = CatalogWords(
                version,
                naming,
                about,
                Counter(term for terms in naming.values() for term in terms),
                frozenset(name_words),
                {term: math.log(1 + size / (1 + count)) for term, count in frequency.items()},
                math.log(1 + size),
            )
        return _words


def _name_words(service: Service) -> set[str]:
    """Terms that alone name ``service``: its one-word synonyms and bracketed abbreviations."""
    words = {terms[0] for terms in map(english.terms, service.synonyms) if len(terms) == 1}
    for name in (service.name_id, service.name_en):
        for bracket in re.findall(r"\(([^)]*)\)", name):
            abbreviations = map(english.terms, ABBREVIATION.findall(bracket))
            words.update(terms[0] for terms in abbreviations if len(terms) == 1)
    return words


def names_a_service(term: str, words: CatalogWords) -> bool:
    """Whether the word alone names one or two catalog services ("skck", "sim", "paspor")."""
    return term in words.name_words and words.naming_count[term] <= NAMING_MAX_SERVICES


def strongest(question: frozenset[str], words: CatalogWords) -> tuple[float, Referral, frozenset[str]] | None:
    """The referral whose whole phrases explain the most of ``question`` (by weight), with
    that weight and the terms they explain; None when no phrase is in the question."""
    best: tuple[float, Referral, frozenset[str]] | None = None
    for referral in referrals():
        if question.isdisjoint(referral.terms):  # most of them: no phrase to compare
            continue
        explained = frozenset().union(*(phrase for phrase in referral.phrases if phrase <= question))
        if explained and (best is None or words.weight(explained) > best[0]):
            best = (words.weight(explained), referral, explained)
    return best


def decide(text: str, found: Retrieval) -> Match | None:
    """The referral that explains the question better than the top catalog service, or None."""
    question = terms_of(text)
    if not question:
        return None
    words = catalog_words()
    best = strongest(question, words)
    if best is None:
        return None
    weight, referral, explained = best
    top = found.top.slug if found.top is not None else None
    catalog = question & words.about.get(top, frozenset()) if top else frozenset()
    if explained <= catalog:
        return None  # the catalog service covers every word the referral does
    if any(names_a_service(term, words) for term in question - explained):
        return None  # the citizen names a catalog service ("sktm buat sidang cerai")
    catalog_weight = words.weight(catalog)
    if weight < CLEARLY_BETTER * catalog_weight:
        return None
    return Match(referral, explained, weight, catalog, catalog_weight, top)
