"""Read-only catalog API for other systems (a pemda website, a messaging channel)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pamong.catalog.importing import export_services
from pamong.catalog.models import Service
from pamong.catalog.search import MAX_QUERY_CHARS, find

router = Router(tags=["catalog"])


class ServiceSummary(Schema):
    slug: str
    name: str
    category: str
    summary: str
    url: str


class SearchResult(Schema):
    query: str
    service: str | None
    confidence: float
    closest: list[ServiceSummary]
    explanation: str
    decision_id: int | None


def _summary(service: Service) -> ServiceSummary:
    return ServiceSummary(
        slug=service.slug,
        name=service.t("name"),
        category=service.category.key,
        summary=service.t("summary"),
        url=service.get_absolute_url(),
    )


@router.get("/services", response=list[ServiceSummary])
def list_services(request):  # type: ignore[no-untyped-def]
    return [_summary(s) for s in Service.objects.filter(active=True).select_related("category")]


@router.get("/services/{slug}")
def get_service(request, slug: str):  # type: ignore[no-untyped-def]
    """One service in the catalog exchange format (both languages)."""
    get_object_or_404(Service, slug=slug, active=True)
    return export_services(Service.objects.filter(slug=slug))[0]


@router.get("/search", response=SearchResult)
def search(request, q: str):  # type: ignore[no-untyped-def]
    outcome = find(q[:MAX_QUERY_CHARS], channel="api")
    return SearchResult(
        query=outcome.query,
        service=outcome.answer.slug if outcome.answer else None,
        confidence=outcome.prediction.confidence,
        closest=[_summary(s) for s in outcome.closest],
        explanation=outcome.prediction.explanation,
        decision_id=outcome.decision_id,
    )
