"""Where a citizen whose document was lost or damaged goes ("kalau hilang?").

Before this, "Kalau hilang?" under a service without a variant for it listed the
requirements of a first application: "kalau KTP saya hilang" after "bikin KTP baru" got the
new-card list. Now, in this order:
1. the catalog field ``if_lost`` names where it is handled: an FAQ (of this service or
   another) or another service (the replacement, or the police loss report first); it wins
   over variants because words mislead ("Jika orang hilang" in Akta Kematian is a missing
   person, not a lost certificate);
2. a service whose own requirement variants name the loss, or which is itself about loss
   (the police loss report), answers as before;
3. otherwise, in a follow-up ("kalau rusak?"), the assistant says the catalog has no steps
   for it and where to ask; in a first question the words may be about something else.
"""

from __future__ import annotations

from functools import lru_cache

from pamong.assistant import facts
from pamong.assistant.aspects import situation_of
from pamong.catalog.models import Faq, Service
from pamong.core.text import normalise, stem

LOSS_WORDS = frozenset({"hilang", "lost"})
DAMAGE_WORDS = frozenset({"rusak", "damaged"})


def words_of(text: str) -> set[str]:
    """The loss and damage words of a message."""
    return situation_of(text) & (LOSS_WORDS | DAMAGE_WORDS)


def _words(*texts: str) -> set[str]:
    words = set(normalise(" ".join(texts)))
    return words | {stem(word) for word in words}


def handled_by(service: Service, words: set[str]) -> bool:
    """The service answers it itself: a requirement variant or its name names the loss."""
    variants = _words(
        *(f"{req.variant_id} {req.variant_en}" for req in service.requirements.all() if req.variant_id)
    )
    return bool(words & (variants | _words(service.name_id, service.name_en)))


def target(service: Service) -> Faq | Service | None:
    """What ``if_lost`` names: an FAQ id first, else a service slug; None if unset or gone."""
    key = service.if_lost
    if not key:
        return None
    faq = facts.current().faqs.get(key)
    return faq if faq is not None else facts.service(key)


def answers(found: Faq | Service, words: set[str]) -> bool:
    """Whether the target speaks of this loss or damage (a loss report does not fix a torn card)."""
    if isinstance(found, Faq):
        return bool(words & _words(found.question_id, found.question_en))
    return handled_by(found, words)


def covered(service: Service) -> bool:
    """Whether "Kalau hilang?" has an answer here: the button is shown only then."""
    return _covered(facts.current().version, service.slug)


@lru_cache(maxsize=1024)
def _covered(version: str, slug: str) -> bool:  # asked under every answer: kept per catalog version
    service = facts.service(slug)
    if service is None:
        return False
    found = target(service)
    if found is not None and answers(found, set(LOSS_WORDS)):
        return True
    return handled_by(service, set(LOSS_WORDS)) and any(req.variant_id for req in service.requirements.all())
