"""Whether a message in a conversation moves to another service or asks more about this one.

A short follow-up ("bisa diwakilkan?", "kalau sudah lewat 60 hari?") can share one rare
word with another service's text ("wakil" appears only in the marriage certificate): the
ranking then answers that service with high confidence, and the conversation jumps to a
topic the citizen never named. Mid-conversation, the assistant moves only when the message
uses a word of the other service's name or synonyms ("kalau akta kematian?", "cara daftar
bpjs"); otherwise it stays with the current service and offers the other one as a button.

The same naming (name words, whole synonym phrases) also tells when a message is only a
service's name (the service, not an FAQ), only words several services share ("izin": ask
which one), or has a word of an FAQ's own beyond the name and the facet (that FAQ).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from pamong.assistant import english, facts
from pamong.assistant.referrals import catalog_words
from pamong.assistant.retrieval import facet_terms
from pamong.catalog.models import Faq, Service

if TYPE_CHECKING:
    from pamong.assistant.function import Choice


@dataclass(frozen=True)
class Naming:
    """How citizens call a service: the words of its names, and its synonyms as phrases."""

    words: frozenset[str]
    phrases: tuple[frozenset[str], ...]

    def named_by(self, terms: set[str], faq: FaqTerms | None = None) -> set[str]:
        """The message's terms that name the service: a name word, or a whole synonym phrase
        ("suami meninggal" names the death certificate; "suami" alone does not). A phrase
        within ``faq``'s question, by a word of that question alone among the service's FAQs,
        is the question, not a name, when the message says more than the phrase: "bpjs pbi
        saya nonaktif" (synonym "pbi nonaktif") asks the PBI's FAQ on deactivated membership,
        while "bayar pbb" names the PBB payment and "perpanjang paspor" the passport."""
        found = set(self.words & terms)
        for phrase in self.phrases:
            if phrase <= terms and not (faq and _asks_by_phrase(phrase - self.words, phrase, terms, faq)):
                found |= phrase
        return found


def _asks_by_phrase(unnamed: frozenset[str], phrase: frozenset[str], terms: set[str], faq: FaqTerms) -> bool:
    """``phrase`` (its words beyond the names: ``unnamed``) is ``faq``'s question in short."""
    said_more = bool(terms - phrase - facet_terms() - _frame_terms())
    return said_more and phrase <= faq.asked and bool(unnamed & faq.own)


@dataclass(frozen=True)
class FaqTerms:
    """An FAQ question's terms, and those no other FAQ of its service holds."""

    asked: frozenset[str]
    own: frozenset[str]


@lru_cache(maxsize=2)
def _namings(version: str) -> dict[str, Naming]:
    return {
        slug: Naming(
            frozenset(english.terms(f"{service.name_id} {service.name_en}")),
            tuple(frozenset(terms) for synonym in service.synonyms if (terms := english.terms(synonym))),
        )
        for slug, service in facts.current().by_slug.items()
    }


def naming(service: Service) -> Naming:
    return _namings(facts.current().version).get(service.slug, Naming(frozenset(), ()))


def moves_to(other: Service, current: Service, terms: list[str]) -> bool:
    """The message names ``other`` by words that do not also name ``current``: "akta
    kelahiran bisa diwakilkan?" stays with the birth certificate although "akta" is in the
    marriage certificate's name too."""
    if other.pk == current.pk:
        return True
    said = set(terms)
    return bool(_distinctive(naming(other), said) - naming(current).named_by(said))


def _distinctive(names: Naming, said: set[str]) -> set[str]:
    """The message's words that name a service strongly enough to move the conversation: a
    whole synonym phrase of two words or more ("kartu keluarga"), or a name word that is not
    a facet or frame word nor in several services' names. "bayar gak" after the PIRT is not
    the PBI ("Iuran Dibayar Pemerintah"), nor "perlu surat rt gak" after the KTP the SKTM
    ("Surat Keterangan Tidak Mampu")."""
    plain = facet_terms() | _frame_terms()
    phrases = set().union(*(phrase for phrase in names.phrases if len(phrase) > 1 and phrase <= said))
    words = (names.words & said) - plain
    if len(words) < 2:  # one common word alone names nothing ("surat"); two do ("kartu keluarga")
        words -= _common_name_words(facts.current().version)
    return (phrases | words) - plain


@lru_cache(maxsize=2)
def _common_name_words(version: str) -> frozenset[str]:
    """Words in the names of ``GENERIC_NAMES`` services or more ("surat", "kartu", "akta"),
    except abbreviations and one-word synonyms, which name a family of services ("ktp")."""
    counts = Counter(word for found in _namings(version).values() for word in found.words)
    return (
        frozenset(word for word, count in counts.items() if count >= GENERIC_NAMES)
        - catalog_words().name_words
    )


GENERIC_NAMES = 3  # words in this many services' names name none of them ("izin", "surat", "akta")


def generic_only(terms: list[str]) -> bool:
    """The message's subject is only words that several services are named by together: "izin"
    (the crowd permit, the driving licences), "surat keterangan", "akte"; not "ktp baru". Answering
    the first service would be a guess; the caller asks which one."""
    subject = {term for term in terms if term not in facet_terms()}
    if not subject:
        return False
    named = sum(1 for found in _namings(facts.current().version).values() if subject <= found.words)
    return named >= GENERIC_NAMES


def only_names(service: Service, terms: list[str], faq: Faq | None = None) -> bool:
    """The message is nothing but the service's name ("skck", "kartu keluarga"); a synonym
    that is ``faq``'s question in short ("pbi nonaktif") is not a name."""
    said = set(terms)
    return bool(said) and said <= naming(service).named_by(said, faq_terms(faq))


def faq_terms(faq: Faq | None) -> FaqTerms | None:
    """The terms of an FAQ's question in both languages, and which of them are its own."""
    if faq is None:
        return None
    words = _faq_words(facts.current().version)
    asked = words.terms.get(faq.key) or frozenset(english.terms(f"{faq.question_id} {faq.question_en}"))
    siblings = [words.terms[key] for key in words.by_service.get(faq.service_id, ()) if key != faq.key]
    return FaqTerms(asked, asked - frozenset().union(*siblings))


def asks_the_faq(service: Service, faq: Faq, text: str) -> bool:
    """The message shares with the FAQ's question a word that neither names the service nor
    asks a facet: "skck berlaku berapa lama" ("laku") is the validity FAQ, while "berapa biaya
    skck" is the fee section and "cara aktivasinya" ("aktivasi" is in the name) the steps."""
    return bool(words_of_the_faq(service, faq, text))


def faq_answers(service: Service, faq: Faq, text: str) -> bool:
    """The FAQ, rather than the service's sections, answers the message: its question shares
    with the message a word (beyond the names and facets) that the service's own names,
    summary and description lack. "ktp kecuci" is the FAQ on wet or burnt cards ("cuci");
    "daftar sd negeri" shares "daftar" and "negeri" with the FAQ on disabled pupils, but both
    are the admission service's own words, so the sections answer. Counting two shared
    words of any kind as enough too made about a third of its changed answers on the
    service-labelled files such wrong FAQs (docs/ai/assistant.answer.md)."""
    shared = words_of_the_faq(service, faq, text)
    return bool(shared - _service_words(facts.current().version).get(service.slug, frozenset()))


def words_of_the_faq(service: Service, faq: Faq, text: str) -> set[str]:
    """The message's words in the FAQ's question beyond the service's names and the facets."""
    terms = set(english.terms(text))
    question = faq_terms(faq)
    assert question is not None
    extra = terms - facet_terms() - _frame_terms() - naming(service).named_by(terms, question)
    return extra & question.asked


@lru_cache(maxsize=2)
def _service_words(version: str) -> dict[str, frozenset[str]]:
    """The terms of each service's own text: what an FAQ's word adds is what this lacks."""
    return {
        slug: frozenset(
            english.terms(
                " ".join(
                    [
                        service.name_id,
                        service.name_en,
                        service.summary_id,
                        service.summary_en,
                        service.description_id,
                        service.description_en,
                        *service.synonyms,
                    ]
                )
            )
        )
        for slug, service in facts.current().by_slug.items()
    }


# Words that frame a question ("can", "must", "not", "still", "make") rather than say what it
# is about: an FAQ shares them with most follow-ups ("bisa online gak?" is not the FAQ "tidak
# pernah diurus, apakah masih bisa?").
FRAME_WORDS = [
    "bisa",
    "boleh",
    "harus",
    "perlu",
    "wajib",
    "tidak",
    "gak",
    "nggak",
    "bukan",
    "belum",
    "sudah",
    "masih",
    "mau",
    "ingin",
    "buat",
    "bikin",
    "membuat",
    "urus",
    "mengurus",
    "apakah",
    "saya",
    "anda",
    "kami",
    "can",
    "could",
    "must",
    "should",
    "need",
    "not",
    "no",
    "still",
    "already",
    "want",
    "make",
    "get",
    "do",
    "does",
    "is",
    "are",
    "am",
    "was",
    "my",
    "i",
]


@cache
def _frame_terms() -> frozenset[str]:
    return frozenset(english.term(word) for word in FRAME_WORDS)


@dataclass(frozen=True)
class FaqWords:
    """The terms of each FAQ's question, and how rare each term is among all FAQ questions."""

    terms: dict[str, frozenset[str]]
    weight: dict[str, float]
    by_service: dict[int, tuple[str, ...]]  # service id -> its FAQ keys


@lru_cache(maxsize=2)
def _faq_words(version: str) -> FaqWords:
    faqs = facts.current().faqs
    terms = {
        key: frozenset(english.terms(f"{faq.question_id} {faq.question_en}")) for key, faq in faqs.items()
    }
    counts = Counter(term for found in terms.values() for term in found)
    by_service: dict[int, list[str]] = {}
    for key, faq in faqs.items():
        by_service.setdefault(faq.service_id, []).append(key)
    return FaqWords(
        terms,
        {term: math.log((1 + len(terms)) / count) for term, count in counts.items()},
        {service: tuple(keys) for service, keys in by_service.items()},
    )


def faq_asked(current: Service, text: str, moving_to: Service | None) -> Faq | None:
    """The current service's FAQ a follow-up asks: "bisa diwakilkan?" after the new KTP is
    its FAQ on representation, although the words alone rank another service's FAQ first.

    The FAQ must share with the message a word that neither names the service nor asks a
    facet; the FAQ whose shared words are rarest among all FAQ questions wins ("kapan harus
    perpanjang?" is about renewing, not about what one "harus" do when a passport is lost).
    A message that names ``moving_to`` (the service the ranking answers) by words the FAQ
    does not hold moves there instead: "buat anak gmn?" about a passport is its FAQ on
    children ("anak" is in it), "kalau kia gmn?" is the child ID card.
    """
    terms = set(english.terms(text))
    named = naming(current).named_by(terms)
    extra = terms - facet_terms() - _frame_terms() - named
    if not extra:
        return None
    if extra <= catalog_words().name_words:
        return None  # "ktp" after the SKCK names other services: a new topic, not an FAQ of this one
    words = _faq_words(facts.current().version)
    best, best_weight = None, 0.0
    for faq in current.faq.all():
        weight = sum(words.weight[term] for term in extra & words.terms.get(faq.key, frozenset()))
        if weight > best_weight:
            best, best_weight = faq, weight
    if best is None:
        return None
    if moving_to is not None and moving_to.pk != current.pk:
        moving = naming(moving_to).named_by(terms) - named
        if moving - words.terms.get(best.key, frozenset()):
            return None
    return best


def names_an_option(current: Service, choice: Choice) -> bool:
    """Whether the message names one of the two services a "which one?" would offer."""
    return any(
        moves_to(option, current, choice.retrieval.terms) for option in facts.services(choice.options[:2])
    )


def stays_between(current: Service, choice: Choice) -> bool:
    """A "which one?" between the current service and others the message does not name."""
    offered = facts.services(choice.options[:2])
    others = [service for service in offered if service.pk != current.pk]
    return len(others) < len(offered) and not any(
        moves_to(other, current, choice.retrieval.terms) for other in others
    )
