"""Citizen portal: find a service, read it, rate an answer, see which AI is used. No login."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pamong.ai.decisions import rate
from pamong.ai.models import AIFunctionCard, Decision
from pamong.ai.monitoring import figures
from pamong.ai.registry import sync_cards
from pamong.catalog.models import Category, Service
from pamong.catalog.search import MAX_QUERY_CHARS, find

RATING_SALT = "pamong.rating"


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
        {"service": service, "general_requirements": general, "variant_requirements": variants},
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        messages.info(request, _("Pertanyaan dipotong menjadi %(n)s karakter.") % {"n": MAX_QUERY_CHARS})
    outcome = find(query, channel="portal") if query.strip() else None
    token = signing.dumps(outcome.decision_id, salt=RATING_SALT) if outcome and outcome.decision_id else ""
    return render(
        request, "web/search.html", {"query": query[:MAX_QUERY_CHARS], "outcome": outcome, "token": token}
    )


@require_POST
def rate_result(request: HttpRequest) -> HttpResponse:
    """Thumbs up/down on a search result; the signed token names the decision rated."""
    try:
        decision_id = signing.loads(request.POST.get("token", ""), salt=RATING_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return HttpResponseBadRequest(_("Tautan penilaian tidak sah atau sudah kedaluwarsa."))
    helpful = request.POST.get("helpful")
    if helpful not in ("yes", "no"):
        return HttpResponseBadRequest(_("Pilih 'Ya' atau 'Tidak'."))
    rated = request.session.get("rated", [])
    if decision_id not in rated:
        decision = get_object_or_404(Decision, pk=decision_id)
        rate(decision, helpful=helpful == "yes", comment=request.POST.get("comment", ""))
        request.session["rated"] = [*rated[-50:], decision_id]
    messages.success(request, _("Terima kasih atas penilaian Anda."))
    return redirect(request.POST.get("next") if _safe_next(request) else "web:home")


def _safe_next(request: HttpRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    return url_has_allowed_host_and_scheme(request.POST.get("next", ""), allowed_hosts={request.get_host()})


def transparency(request: HttpRequest) -> HttpResponse:
    """Every AI function the government uses, what it does, how well it measures, who is accountable."""
    sync_cards()
    rows = [figures(card) for card in AIFunctionCard.objects.all()]
    return render(request, "web/transparency.html", {"rows": rows})


def health(request: HttpRequest) -> HttpResponse:
    Service.objects.exists()  # touches the database
    return HttpResponse("ok", content_type="text/plain")
