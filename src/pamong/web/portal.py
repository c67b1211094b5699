"""Citizen portal: find a service, read it, rate an answer, see which AI is used. No login."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pamong.ai.models import AIFunctionCard
from pamong.ai.monitoring import figures
from pamong.ai.registry import sync_cards
from pamong.assistant import loss
from pamong.cases.filing import accepts_applications
from pamong.catalog.models import Category, Faq, Service
from pamong.catalog.search import MAX_QUERY_CHARS, find
from pamong.core.rating_forms import rate_from_form, token_for


def home(request: HttpRequest) -> HttpResponse:
    categories = Category.objects.prefetch_related(
        Prefetch("services", queryset=Service.objects.filter(active=True).order_by("name_id"))
    )
    return render(request, "web/home.html", {"categories": [c for c in categories if c.services.all()]})


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.select_related("category").prefetch_related(
            "requirements", "steps", "fees", "legal_bases", "faq"
        ),
        slug=slug,
        active=True,
    )
    requirements = list(service.requirements.all())
    general = [req for req in requirements if not req.variant_id]
    variants: dict[str, list] = {}
    for req in requirements:
        if req.variant_id:
            variants.setdefault(req.t("variant"), []).append(req)
    return render(
        request,
        "web/service.html",
        {
            "service": service,
            "general_requirements": general,
            "variant_requirements": variants,
            "applies_online": accepts_applications(service.slug),
            "if_lost": _if_lost(service),
        },
    )


def _if_lost(service: Service) -> tuple[str, str] | None:
    """Where the catalog sends a citizen whose document was lost (as the assistant does): (link, label)."""
    found = loss.target(service)
    if isinstance(found, Faq):
        return f"{found.service.get_absolute_url()}#{found.key}", found.t("question")
    return (found.get_absolute_url(), found.t("name")) if found is not None else None


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        messages.info(request, _("Pertanyaan dipotong menjadi %(n)s karakter.") % {"n": MAX_QUERY_CHARS})
    outcome = find(query, channel="portal") if query.strip() else None
    token = token_for(outcome.decision_id) if outcome and outcome.decision_id else ""
    return render(
        request, "web/search.html", {"query": query[:MAX_QUERY_CHARS], "outcome": outcome, "token": token}
    )


@require_POST
def rate_result(request: HttpRequest) -> HttpResponse:
    """Thumbs up/down on a search result; back to the results when ``next`` is ours."""
    return rate_from_form(request) or redirect(
        request.POST.get("next") if _safe_next(request) else "web:home"
    )


def _safe_next(request: HttpRequest) -> bool:
    return url_has_allowed_host_and_scheme(request.POST.get("next", ""), allowed_hosts={request.get_host()})


def transparency(request: HttpRequest) -> HttpResponse:
    """Every AI function the government uses, what it does, how well it measures, who is accountable."""
    sync_cards()
    rows = [figures(card) for card in AIFunctionCard.objects.all()]
    return render(request, "web/transparency.html", {"rows": rows})


def health(request: HttpRequest) -> HttpResponse:
    Service.objects.exists()  # touches the database
    return HttpResponse("ok", content_type="text/plain")
