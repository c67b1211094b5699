"""The catalog facts the assistant answers from, loaded once per catalog version.

Composing one answer reads a service, its requirements, steps, fees, legal bases and
FAQ: seven queries a message when read from the database each time. The catalog changes
rarely, so each process keeps the active services with all of that prefetched and
reloads them when ``catalog_version`` changes (within two seconds of an edit). The
objects are shared between threads and must be treated as read-only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from pamong.catalog.models import Faq, Service
from pamong.catalog.search import catalog_version


@dataclass(frozen=True)
class Facts:
    version: str
    by_slug: dict[str, Service]
    by_id: dict[int, Service]
    faqs: dict[str, Faq]


_lock = threading.Lock()
_facts: Facts | None = None


def _load(version: str) -> Facts:
    services = list(
        Service.objects.filter(active=True).prefetch_related(
            "requirements", "steps", "fees", "legal_bases", "faq"
        )
    )
    faqs = {faq.key: faq for service in services for faq in service.faq.all()}
    return Facts(version, {s.slug: s for s in services}, {s.pk: s for s in services}, faqs)


def current() -> Facts:
    global _facts
    version = catalog_version()
    with _lock:
        if _facts is None or _facts.version != version:
            _facts = _load(version)
        return _facts


def service(slug: str | None) -> Service | None:
    """An active service with its parts prefetched, or None."""
    return current().by_slug.get(slug) if slug else None


def service_by_id(pk: int | None) -> Service | None:
    return current().by_id.get(pk) if pk is not None else None


def services(slugs: list[str]) -> list[Service]:
    """The active ones among ``slugs``, in that order."""
    found = current().by_slug
    return [found[slug] for slug in slugs if slug in found]


def faq(key: str | None, service: Service) -> Faq | None:
    """The FAQ ``key`` if it belongs to ``service``."""
    entry = current().faqs.get(key) if key else None
    return entry if entry is not None and entry.service_id == service.pk else None
