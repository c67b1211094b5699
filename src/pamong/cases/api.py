"""JSON API of applications and complaints, for a pemda's own app or a kiosk (Open311 is the other door)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from pamong.cases import actions, sla
from pamong.cases.access import citizen_case
from pamong.cases.models import Case
from pamong.core.ratelimit import allow, client_key

router = Router(tags=["cases"])


class ComplaintIn(Schema):
    kind: Literal["complaint", "aspiration", "information"] = "complaint"
    description: str = Field(..., max_length=10_000)
    category: str = ""
    region: str = ""
    address: str = Field("", max_length=1000)
    latitude: str = ""
    longitude: str = ""
    anonymous: bool = False
    confidential: bool = False
    name: str = Field("", max_length=1000)
    nik: str = Field("", max_length=100)
    phone: str = Field("", max_length=100)
    email: str = Field("", max_length=300)
    language: Literal["id", "en"] = "id"


class FiledOut(Schema):
    tracking_number: str
    secret_code: str
    status: str
    verify_due: date
    respond_due: date
    resolve_due: date


class ErrorsOut(Schema):
    errors: dict[str, str]


class EventOut(Schema):
    at: datetime
    kind: str
    status: str
    note: str


class StatusOut(Schema):
    tracking_number: str
    kind: str
    status: str
    status_label: str
    unit: str | None
    submitted_at: datetime
    due: date | None
    overdue: bool
    resolve_due: date
    events: list[EventOut]


class CodeIn(Schema):
    code: str = Field(..., max_length=40)


class AddIn(CodeIn):
    text: str = Field(..., max_length=10_000)


@router.post("/complaints", response={201: FiledOut, 422: ErrorsOut, 429: ErrorsOut})
def file_complaint(request, payload: ComplaintIn):  # type: ignore[no-untyped-def]
    """File a complaint, aspiration or information request; errors come per field in plain words."""
    with translation.override(payload.language):
        if not allow(
            "cases-submit",
            client_key(request),
            limit=settings.CASES_SUBMISSIONS_PER_HOUR,
            window_seconds=3600,
        ):
            return 429, {
                "errors": {
                    "__all__": translation.gettext(
                        "Terlalu banyak laporan dari sambungan ini. Coba lagi satu jam lagi."
                    )
                }
            }
        data = payload.dict()
        data["anonymous"] = "yes" if payload.anonymous else "no"
        data["confidential"] = "yes" if payload.confidential else "no"
        try:
            submitted = actions.submit_complaint(data, channel="api", language=payload.language)
        except actions.FilingError as error:
            return 422, {"errors": error.errors}
    case = submitted.case
    return 201, {
        "tracking_number": case.tracking_number,
        "secret_code": submitted.secret_code,
        "status": case.status,
        "verify_due": case.verify_due,
        "respond_due": case.respond_due,
        "resolve_due": case.resolve_due,
    }


def _case(request, number: str, code: str) -> Case:  # type: ignore[no-untyped-def]
    if not allow(
        "cases-lookup", client_key(request), limit=settings.CASES_LOOKUPS_PER_HOUR, window_seconds=3600
    ):
        raise HttpError(429, "too many lookups; try again in an hour")
    case = citizen_case(number, code)
    if case is None:
        raise HttpError(404, "no case with this tracking number and code")
    return case


@router.post("/{number}/status", response=StatusOut)
def case_status(request, number: str, payload: CodeIn):  # type: ignore[no-untyped-def]
    """Status and public history; the code travels in the body, never in a URL that gets logged."""
    case = _case(request, number, payload.code)
    clock = sla.clock(case)
    events = case.events.filter(public=True).order_by("created_at", "id")
    return {
        "tracking_number": case.tracking_number,
        "kind": case.kind,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "unit": case.unit.name if case.unit else None,
        "submitted_at": case.submitted_at,
        "due": clock.due,
        "overdue": clock.overdue,
        "resolve_due": case.resolve_due,
        "events": [
            {"at": event.created_at, "kind": event.kind, "status": event.to_status, "note": event.note}
            for event in events
        ],
    }


@router.post("/{number}/messages", response={201: EventOut, 409: ErrorsOut, 422: ErrorsOut})
def add_information(request, number: str, payload: AddIn):  # type: ignore[no-untyped-def]
    case = _case(request, number, payload.code)
    try:
        event = actions.citizen_adds(case, payload.text)
    except actions.MoveRefused as error:
        return 409, {"errors": {"__all__": str(error)}}
    except ValidationError as error:
        return 422, {"errors": {"text": error.messages[0]}}
    return 201, {"at": event.created_at, "kind": event.kind, "status": "", "note": event.note}
