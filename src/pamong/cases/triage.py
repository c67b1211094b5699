"""What happens to a complaint right after it is filed: urgency, duplicates, and the router.

The router decides only when it is confident (its card's threshold); otherwise the case
waits in the verification queue, where a person picks the unit, and that choice later
trains the router. Applications need no model: the catalog says which unit serves them.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from pamong.ai.decisions import decide
from pamong.ai.functions import Prediction
from pamong.ai.registry import card_for
from pamong.cases import actions, casetime, filing, routing, training
from pamong.cases.models import Case, Kind
from pamong.cases.workflow import OPEN
from pamong.core.models import Unit

DUPLICATE_WINDOW_DAYS = 60
DUPLICATE_CANDIDATES = 300
MIN_SHARED_WORDS = 2
SIMILARITY_CANDIDATES = 25  # the most word-sharing candidates scored by the similarity model
WORD = re.compile(r"[a-z]{4,}")


def _words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def _duplicate_of(case: Case) -> Case | None:
    """An open complaint from the same place in the last weeks that says the same thing."""
    if not case.region_code:
        return None
    since = casetime.now() - timedelta(days=DUPLICATE_WINDOW_DAYS)
    nearby = (
        Case.objects.filter(
            status__in=OPEN, submitted_at__gte=since, kind=case.kind, duplicate_of__isnull=True
        )
        .filter(region_code__startswith=case.region_code.rsplit(".", 1)[0])
        .exclude(pk=case.pk)
        .order_by("-submitted_at")[:DUPLICATE_CANDIDATES]
    )
    words = _words(case.description)
    # Only complaints sharing at least two longer words go to the (costlier) similarity
    # model, and of those the ones sharing most: fitting it on 300 texts per filing was
    # half of a filing's CPU time (bench/cases.py).
    shared = [
        (len(words & _words(row[1])), row) for row in nearby.values_list("pk", "description", "region_code")
    ]
    best = sorted((pair for pair in shared if pair[0] >= MIN_SHARED_WORDS), key=lambda pair: -pair[0])
    candidates = [row for _n, row in best[:SIMILARITY_CANDIDATES]]
    if not candidates:
        return None
    matches = [
        (pk, score)
        for pk, score in routing.similar_open(case.description, candidates, place=case.region_code)
        if score >= routing.DUPLICATE_SCORE
    ]
    return Case.objects.get(pk=matches[0][0]) if matches else None


def _route_application(case: Case) -> None:
    unit_code, _accepts = filing.service_units().get(case.service.slug, ("", False))
    unit = Unit.objects.filter(code=unit_code, active=True).first()
    actions.set_route(
        case, unit, note=_("Unit layanan menurut katalog: %(service)s.") % {"service": case.service.slug}
    )


def _route_complaint(case: Case) -> None:
    key = routing.ComplaintRouter.key
    model = training.current()
    card = card_for(key)
    threshold = card.threshold
    if model is None:
        prediction = Prediction(None, 0.0, [], _("Router belum dilatih: semua laporan diverifikasi petugas."))
        version = "untrained"
    else:
        prediction = model.predict(case.description, case.region_code or None, threshold=threshold)
        version = model.version
    unit = Unit.objects.filter(code=prediction.label, active=True).first() if prediction.label else None
    if prediction.label and unit is None:
        note = _("Router memilih unit %(unit)s yang tidak aktif; menunggu verifikasi.") % {
            "unit": prediction.label
        }
    elif unit is None:
        note = _("Router tidak yakin (%(confidence).2f < %(threshold).2f); menunggu verifikasi. %(why)s") % {
            "confidence": prediction.confidence,
            "threshold": threshold,
            "why": prediction.explanation,
        }
    else:
        note = _("Router: %(unit)s, keyakinan %(confidence).2f. %(why)s") % {
            "unit": unit.code,
            "confidence": prediction.confidence,
            "why": prediction.explanation,
        }
    with transaction.atomic():  # the decision and the route it caused: both or neither
        decision = decide(
            key,
            prediction,
            model_version=version,
            input_text=case.description,
            subject=case.tracking_number,
            channel=case.channel,
            card=card,
        )
        actions.set_route(case, unit, decision=decision, note=note)


def triage(case_id: int) -> None:
    """Route a newly submitted case once; a second call (a redelivered task) does nothing."""
    case = Case.objects.select_related("service").get(pk=case_id)
    already = case.events.filter(kind="routing").exists()
    if already:
        return
    if case.kind == Kind.APPLICATION:
        _route_application(case)
        return
    urgent, reasons = routing.urgency(case.description)
    duplicate = _duplicate_of(case)
    if urgent or duplicate is not None:
        case = actions.flag(case, urgent=urgent, reasons=reasons, duplicate_of=duplicate)
    _route_complaint(case)
