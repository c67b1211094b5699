"""What happens to a complaint right after it is filed: urgency, duplicates, and the router.

The router decides only when it is confident (its card's threshold); otherwise the case
waits in the verification queue, where a person picks the unit, and that choice later
trains the router. Applications need no model: the catalog says which unit serves them.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from itertools import islice
from typing import NamedTuple

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from pamong.ai.decisions import decide
from pamong.ai.functions import Prediction
from pamong.ai.models import AIFunctionCard
from pamong.ai.registry import recent_card
from pamong.cases import actions, casetime, duplicates, filing, routing, training
from pamong.cases.models import Case, CaseEvent, EventKind, Kind
from pamong.cases.workflow import OPEN
from pamong.core.models import Unit

DUPLICATE_WINDOW_DAYS = 60
DUPLICATE_CANDIDATES = 300
MIN_SHARED_WORDS = 2
log = logging.getLogger(__name__)
SIMILARITY_CANDIDATES = 25  # the most word-sharing candidates scored by the similarity model


_known_descriptions: dict[str, str] = {}  # tracking number -> text, which never changes after filing


def _descriptions(numbers: list[str]) -> dict[str, str]:
    """The texts of these cases, read from the database only the first time in a process.

    Keyed by tracking number, not id: SQLite may give a rolled-back id to another case.
    """
    missing = [number for number in numbers if number not in _known_descriptions]
    if missing:
        _known_descriptions.update(
            Case.objects.filter(tracking_number__in=missing).values_list("tracking_number", "description")
        )
    excess = len(_known_descriptions) - duplicates.PROFILE_CACHE
    for number in list(islice(_known_descriptions, max(excess, 0))):
        _known_descriptions.pop(number, None)
    return {number: _known_descriptions.get(number) or "" for number in numbers}


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
    rows = list(nearby.values_list("pk", "tracking_number", "region_code"))
    texts = _descriptions([number for _pk, number, _place in rows])
    words = duplicates.profile(case.description).words
    # Only complaints sharing at least two longer words are scored, and of those the ones
    # sharing most (each text is analysed once per process: duplicates.profile).
    shared = [
        (len(words & duplicates.profile(texts[number]).words), (pk, texts[number], place))
        for pk, number, place in rows
    ]
    best = sorted((pair for pair in shared if pair[0] >= MIN_SHARED_WORDS), key=lambda pair: -pair[0])
    candidates = [row for _n, row in best[:SIMILARITY_CANDIDATES]]
    if not candidates:
        return None
    matches = [
        (pk, score)
        for pk, score in duplicates.similar_open(case.description, candidates, place=case.region_code)
        if score >= duplicates.DUPLICATE_SCORE
    ]
    return Case.objects.get(pk=matches[0][0]) if matches else None


def _route_application(case: Case) -> None:
    unit_code, _accepts = filing.service_units().get(case.service.slug, ("", False))
    unit = Unit.objects.filter(code=unit_code, active=True).first()
    with transaction.atomic():
        actions.set_route(
            actions.lock_new(case),
            unit,
            note=_("Unit layanan menurut katalog: %(service)s.") % {"service": case.service.slug},
        )


class Route(NamedTuple):
    """What the router chose for a complaint, before anything is written."""

    prediction: Prediction
    model_version: str
    unit: Unit | None  # None: the verification queue
    note: str
    card: AIFunctionCard


def _route_complaint(case: Case) -> Route:
    card = recent_card(routing.ComplaintRouter.key)
    threshold = card.threshold
    model = training.current()
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
    return Route(prediction, version, unit, note, card)


def triage(case_id: int) -> None:
    """Route a newly submitted case once; a second call (a redelivered task) does nothing."""
    routed = CaseEvent.objects.filter(case=OuterRef("pk"), kind=EventKind.ROUTING)
    case = Case.objects.annotate(routed=Exists(routed)).get(pk=case_id)  # the service only for applications
    if case.routed:
        return
    if case.kind == Kind.APPLICATION:
        _route_application(case)
        return
    urgent, reasons = routing.urgency(case.description)
    duplicate = _duplicate_of(case)
    route = _route_complaint(case)
    # Everything decided above without holding the database; written below in one
    # transaction: the flags, the decision and the route it caused, all or nothing.
    with transaction.atomic():
        case = actions.lock_new(case)
        if urgent or duplicate is not None:
            case = actions.flag(case, urgent=urgent, reasons=reasons, duplicate_of=duplicate)
        decision = decide(
            routing.ComplaintRouter.key,
            route.prediction,
            model_version=route.model_version,
            input_text=case.description,
            subject=case.tracking_number,
            channel=case.channel,
            card=route.card,
        )
        actions.set_route(case, route.unit, decision=decision, note=route.note)


ROUTING_GRACE = timedelta(minutes=2)  # a filing's own triage normally ends within a second


def route_waiting(grace: timedelta = ROUTING_GRACE) -> int:
    """Triage cases filed over ``grace`` ago that were never routed; returns how many.

    Routing runs after the filing commits; if it failed (a database error, a worker or
    broker down) the case is stored but waits here, and ``cases.tick`` finishes the job.
    """
    routed = CaseEvent.objects.filter(case=OuterRef("pk"), kind=EventKind.ROUTING)
    waiting = (
        Case.objects.annotate(routed=Exists(routed))
        .filter(routed=False, submitted_at__lt=casetime.now() - grace)
        .values_list("pk", flat=True)
    )
    done = 0
    for case_id in list(waiting):
        try:
            triage(case_id)
            done += 1
        except Exception:  # one case's failure must not stop the others; it stays for the next tick
            log.exception("routing case %s failed; it waits for the next tick", case_id)
    return done
