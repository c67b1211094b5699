"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): complaints for other apps and portals.

Services are the complaint categories; a service request is a complaint, aspiration or
information request (never an application: those carry personal documents). Reading is
public and shows no personal data; creating needs an ``api_key``. Every format is
offered as ``.json`` and ``.xml``; every error, including an unknown path, a body too large
to read or a failure of ours, comes in the spec's list-of-errors shape in the format the
URL asked for, never as an HTML page. A request's ``media_url`` is kept as the client's link
(checked to be a plain http(s) address) and given back; we never fetch it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import unicodedata
import xml.etree.ElementTree as ET  # we only build XML, never parse it
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation, ValidationError
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt

from pamong.cases import actions, filing
from pamong.cases.models import ApiClient, Case, CaseEvent, Category, EventKind, Kind
from pamong.cases.regions_choice import region_label
from pamong.cases.workflow import OPEN
from pamong.core.audit import record
from pamong.core.privacy import mask_identifiers
from pamong.core.ratelimit import allow

log = logging.getLogger(__name__)

EXTRA_SERVICES = {"aspirasi": Kind.ASPIRATION, "informasi": Kind.INFORMATION}
MAX_REQUESTS = 1000  # per page of GET requests
MAX_PAGE = 100_000  # beyond any real listing; keeps the offset within what a database takes
DEFAULT_DAYS = 90
FORMATS = ("json", "xml")


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def create_client(name: str, *, actor: Any = "cli") -> str:
    """A new API key for a client application; only its hash is kept."""
    key = secrets.token_urlsafe(24)
    client = ApiClient.objects.create(name=name[:120], key_hash=_hash(key))
    record(actor, "cases.open311.client_created", client)
    return key


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# --- Rendering ----------------------------------------------------------------------------


def _xml(root: str, item: str, rows: list[dict[str, Any]]) -> bytes:
    element = ET.Element(root)
    for row in rows:
        _append(ET.SubElement(element, item), row)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")


def _append(parent: ET.Element, row: dict[str, Any]) -> None:
    for key, value in row.items():
        child = ET.SubElement(parent, key)
        if isinstance(value, dict):
            _append(child, value)
        elif isinstance(value, list):
            singular = {
                "attributes": "attribute",
                "values": "value",
                "endpoints": "endpoint",
                "formats": "format",
            }
            for entry in value:
                node = ET.SubElement(child, singular.get(key, "item"))
                if isinstance(entry, dict):
                    _append(node, entry)
                else:
                    node.text = str(entry)
        elif value is not None:
            child.text = str(value).lower() if isinstance(value, bool) else str(value)


def _respond(fmt: str, root: str, item: str, rows: Any, *, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        if isinstance(rows, dict):
            element = ET.Element(root)
            _append(element, rows)
            body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")
        else:
            body = _xml(root, item, rows)
        return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, error: Open311Error) -> HttpResponse:
    rows = [{"code": error.status, "description": error.description}]
    return _respond(fmt if fmt in FORMATS else "json", "errors", "error", rows, status=error.status)


def _check_body_size(request: HttpRequest) -> None:
    """413 before reading: no Open311 call carries a file, so a body over Django's form limit
    is refused whole (Django itself would read a multipart file part to disk first)."""
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Open311Error(400, "Content-Length must be a number") from None
    if size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise _too_big()


def _too_big() -> Open311Error:
    return Open311Error(413, f"the request body may be at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes")


def _check_utf8(request: HttpRequest) -> None:
    """Django decodes bad UTF-8 as U+FFFD instead of failing; we refuse it rather than file garbled text."""
    for params in (request.GET, request.POST):
        for name, values in params.lists():
            if "\ufffd" in name or any("\ufffd" in value for value in values):
                raise Open311Error(400, "parameters must be UTF-8 text")


def _answered(methods: tuple[str, ...]) -> tuple[str, ...]:
    """The methods a view answers: HEAD wherever GET is."""
    return (*methods, "HEAD") if "GET" in methods else methods


def _check_request(request: HttpRequest, fmt: str, methods: tuple[str, ...]) -> None:
    """What every call must get right before its view runs: format, method, size, encoding, jurisdiction."""
    if fmt not in FORMATS:
        raise Open311Error(404, "format must be .json or .xml")
    if request.method not in _answered(methods):
        raise Open311Error(405, f"use {' or '.join(methods)}")
    _check_body_size(request)
    _check_utf8(request)
    jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    if jurisdiction and jurisdiction != settings.REGION_CODE:
        raise Open311Error(404, f"unknown jurisdiction_id; this endpoint serves {settings.REGION_CODE}")


def _handled(fmt: str, call: Callable[[], HttpResponse]) -> HttpResponse:
    """Run ``call``; whatever goes wrong, the client gets the spec's error document in its format.

    Reading ``request.GET``/``POST`` can itself fail (a body too big, too many fields, a broken
    multipart body): Django would answer those, and our own bugs, with an HTML page."""
    try:
        return call()
    except Open311Error as error:
        return _error(fmt, error)
    except RequestDataTooBig:  # a body without Content-Length, stopped while read
        return _error(fmt, _too_big())
    except (SuspiciousOperation, BadRequest, MultiPartParserError):
        return _error(fmt, Open311Error(400, "the request could not be read"))
    except Exception:
        log.exception("open311 call failed")
        return _error(fmt, Open311Error(500, "internal error; try again later"))


def endpoint(*methods: str) -> Callable[[Any], Any]:
    """Wrap a view: check the request, turn every failure into the spec's error document.

    ``methods`` are the HTTP methods the view answers (HEAD comes with GET); any other gets 405
    with an ``Allow`` header."""
    allowed = methods or ("GET",)

    def decorate(view: Any) -> Any:
        @csrf_exempt
        def wrapped(request: HttpRequest, fmt: str, *args: Any, **kwargs: Any) -> HttpResponse:
            def call() -> HttpResponse:
                _check_request(request, fmt, allowed)
                return view(request, fmt, *args, **kwargs)

            response = _handled(fmt, call)
            if response.status_code == 405:
                response["Allow"] = ", ".join(_answered(allowed))
            return response

        return wrapped

    return decorate


@csrf_exempt
def unknown(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other path under the endpoint: a 404 in the format its extension names (JSON otherwise)."""
    fmt = "xml" if request.path.rstrip("/").lower().endswith(".xml") else "json"
    return _error(fmt, Open311Error(404, "no such endpoint or format; see discovery.json"))


# --- Views ----------------------------------------------------------------------------------


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", args=["json"])).rsplit("/", 1)[0] + "/"
    document = {
        "changeset": "2026-11-25T00:00:00Z",
        "contact": f"{settings.SITE_NAME} <{settings.DEFAULT_FROM_EMAIL}>",
        "key_service": f"{settings.PUBLIC_URL.rstrip('/')}/staf/ (pamong cases open311-client NAME)",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-11-25T00:00:00Z",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _respond(fmt, "discovery", "", document)


def _services() -> list[dict[str, Any]]:
    rows = [
        {
            "service_code": category.code,
            "service_name": category.t("name"),
            "description": category.t("description"),
            "metadata": True,
            "type": "realtime",
            "keywords": category.code.replace("-", ","),
            "group": "pengaduan",
        }
        for category in Category.objects.filter(active=True)
    ]
    rows += [
        {
            "service_code": code,
            "service_name": kind.label,
            "description": str(kind.label),
            "metadata": True,
            "type": "realtime",
            "keywords": code,
            "group": str(kind.label),
        }
        for code, kind in EXTRA_SERVICES.items()
    ]
    for row in rows:
        row["service_name"] = str(row["service_name"])
    return rows


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    with translation.override(_language(request)):
        return _respond(fmt, "services", "service", _services())


def _attributes() -> list[dict[str, Any]]:
    """What every service takes besides the standard parameters, in the active language."""
    return [
        {
            "variable": True,
            "code": "region",
            "datatype": "string",
            "required": True,
            "datatype_description": _(
                "Kode Kemendagri desa/kelurahan atau kecamatan, misalnya 33.21.01.2001"
            ),
            "order": 1,
            "description": _("Desa/kelurahan atau kecamatan"),
        },
        {
            "variable": True,
            "code": "confidential",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "",
            "order": 2,
            "description": _("Rahasiakan identitas dari petugas unit"),
            "values": [{"key": "no", "name": _("Tidak")}, {"key": "yes", "name": _("Ya")}],
        },
    ]


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    if code not in {row["service_code"] for row in _services()}:
        raise Open311Error(404, f"unknown service_code {code!r}")
    with translation.override(_language(request)):
        definition = {"service_code": code, "attributes": _attributes()}
    return _respond(fmt, "service_definition", "", definition)


def _client(request: HttpRequest) -> ApiClient:
    key = request.POST.get("api_key", "")
    client = ApiClient.objects.filter(key_hash=_hash(key), active=True).first() if key else None
    if client is None:
        raise Open311Error(403, "api_key is missing or not valid")
    if not allow(
        "open311", str(client.pk), limit=settings.CASES_SUBMISSIONS_PER_HOUR * 50, window_seconds=3600
    ):
        raise Open311Error(429, "too many requests from this api_key; try again later")
    return client


ATTRIBUTE_CODES = frozenset({"region", "confidential"})  # the codes of `_attributes()`


def _check_attributes(post: Any) -> None:
    """An attribute the service definition does not list is a client's mistake, not something to drop."""
    for name in post:
        if not name.startswith("attribute"):
            continue
        code = name[len("attribute[") : -1] if name.startswith("attribute[") and name.endswith("]") else ""
        if code not in ATTRIBUTE_CODES:
            known = ", ".join(f"attribute[{known}]" for known in sorted(ATTRIBUTE_CODES))
            raise Open311Error(400, f"unknown attribute {name!r}; the service definition lists {known}")


# The Open311 parameter each filing field comes from, to name it in an error.
PARAMETERS = {
    "kind": "service_code",
    "category": "service_code",
    "description": "description",
    "region": "attribute[region]",
    "address": "address_string",
    "latitude": "lat",
    "longitude": "long",
    "confidential": "attribute[confidential]",
    "name": "first_name/last_name",
    "phone": "phone",
    "email": "email",
}
# GeoReport makes first_name and last_name optional; our complaint form asks a name of everyone
# who is not anonymous. A request with an e-mail or phone but no name is filed under this marker,
# identified, so the requester still hears of progress there; refusing it would push clients to
# invent names. A request with no contact at all is anonymous, as in SP4N-LAPOR!.
NO_NAME = "(tanpa nama)"


def _language(request: HttpRequest) -> str:
    """English unless Accept-Language ranks Indonesian first: Open311 clients are programs whose
    developers may be anywhere (the web pages' own language choice does not apply here)."""
    for code, quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0]
        if quality > 0 and base in ("id", "in"):  # "in": Indonesian's old code, still sent by Java
            return "id"
        if quality > 0 and base == "en":
            return "en"
    return "en"


def _refused(errors: dict[str, str]) -> Open311Error:
    """A 400 naming each mistake by the Open311 parameter the client sent."""
    return Open311Error(
        400, "; ".join(f"{PARAMETERS.get(name, name)}: {text}" for name, text in errors.items())
    )


def _check_filing(data: dict[str, Any], media_url: str, language: str) -> None:
    """Check as filing will, and ``media_url``, with the messages in ``language``, so one answer
    names every mistake; filing itself then runs in the office language, so what it writes for
    the citizen is not in the client developer's."""
    with translation.override(language):
        checked = filing.check(filing.complaint_spec(), data)
        errors = dict(checked.errors)
        problem = media_url_problem(media_url)
        if problem:
            errors["media_url"] = problem
        if errors:
            raise _refused(errors)


MEDIA_URL_MAX = 2000  # what browsers and proxies reliably carry
_HTTP_URL = URLValidator(schemes=["http", "https"])


def media_url_problem(url: str) -> str | None:
    """Why ``url`` may not be kept as a request's ``media_url`` (None: it may, or it is empty).

    It is shown to officers as a link they may open, so it must be a plain absolute http(s)
    address: no ``javascript:`` or ``file:``, no characters that hide what it says, and no
    ``user:password@`` (credentials of someone, or a disguise such as
    ``https://bank.go.id@elsewhere``). We never fetch it: it is the client's link, not a file of ours."""
    if not url:
        return None
    if len(url) > MEDIA_URL_MAX:
        return _("Terlalu panjang: paling banyak %(limit)s karakter; yang Anda tulis %(count)s.") % {
            "limit": MEDIA_URL_MAX,
            "count": len(url),
        }
    if any(unicodedata.category(char)[0] in "CZ" for char in url):  # control, format, space...
        return _("Tautan tidak boleh berisi spasi atau karakter kendali.")
    try:
        _HTTP_URL(url)
        userinfo = "@" in urlsplit(url).netloc
    except (ValidationError, ValueError):
        return _("Harus berupa alamat lengkap yang diawali http:// atau https://.")
    if userinfo:
        return _("Tautan tidak boleh berisi nama pengguna atau kata sandi.")
    return None


def _new_token() -> str:
    return secrets.token_urlsafe(12)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    client = _client(request)
    post = request.POST
    code = post.get("service_code", "")
    if code not in {row["service_code"] for row in _services()}:
        raise Open311Error(400, "service_code is required and must be one of GET services")
    _check_attributes(post)
    if bool(post.get("lat")) != bool(post.get("long")):
        raise Open311Error(400, "lat and long must be given together")
    if (
        not (post.get("lat") and post.get("long"))
        and not post.get("address_string")
        and not post.get("attribute[region]")
    ):
        raise Open311Error(400, "a location is required: lat and long, address_string, or attribute[region]")
    identified = any(post.get(name) for name in ("email", "phone", "first_name", "last_name"))
    name = " ".join(filter(None, [post.get("first_name", "").strip(), post.get("last_name", "").strip()]))
    contact = bool(post.get("email", "").strip() or post.get("phone", "").strip())
    data = {
        "kind": EXTRA_SERVICES.get(code, Kind.COMPLAINT),
        "description": post.get("description", ""),
        "category": "" if code in EXTRA_SERVICES else code,
        "region": post.get("attribute[region]", ""),
        "address": post.get("address_string", ""),
        "latitude": post.get("lat", ""),
        "longitude": post.get("long", ""),
        "anonymous": "no" if identified else "yes",
        "confidential": post.get("attribute[confidential]", "no"),
        "name": name or (NO_NAME if contact else ""),
        "phone": post.get("phone", ""),
        "email": post.get("email", ""),
    }
    media_url = post.get("media_url", "")
    language = _language(request)
    _check_filing(data, media_url, language)
    # The token is stored with the case, in its transaction: never a case without its token.
    token = _new_token()
    try:
        submitted = actions.submit_complaint(
            data,
            channel="open311",
            extra_fields={"open311_token": token, "open311_client": client.pk},
            media_url=media_url,
        )
    except actions.FilingError as error:  # changed since the check (a category closed): office language
        raise _refused(error.errors) from None
    case = submitted.case
    with translation.override(language):
        notice = _("Kode rahasia untuk melacak: %(code)s (simpan; ditampilkan sekali).") % {
            "code": submitted.secret_code
        }
    row = {
        "service_request_id": case.tracking_number,
        "token": token,
        "service_notice": notice,
        "account_id": None,
    }
    return _respond(fmt, "service_requests", "request", [row], status=201)


def _public(case: Case) -> dict[str, Any]:
    """What anyone may read about a request: no identity, masked identifiers, nothing if confidential.

    ``media_url`` is the client's own link, given back as it was sent (a confidential request's
    photo may show who reported it, so it is hidden with the description)."""
    expected = timezone.make_aware(datetime.combine(case.resolve_due, time(23, 59)))
    hidden = case.confidential
    return {
        "service_request_id": case.tracking_number,
        "status": "open" if case.status in OPEN else "closed",
        "status_notes": None if hidden else _status_notes(case),
        "service_name": case.category.name_id if case.category else str(case.get_kind_display()),
        "service_code": case.category.code if case.category else _extra_code(case.kind),
        "description": None if hidden else mask_identifiers(case.description),
        "agency_responsible": case.unit.name_id if case.unit else None,
        "service_notice": None,
        "requested_datetime": case.submitted_at.isoformat(),
        "updated_datetime": case.updated_at.isoformat(),
        "expected_datetime": expected.isoformat(),
        "address": region_label(case.region_code) or None,
        "address_id": case.region_code or None,
        "zipcode": None,
        "lat": None if hidden or case.latitude is None else float(case.latitude),
        "long": None if hidden or case.longitude is None else float(case.longitude),
        "media_url": None if hidden else case.media_url or None,
    }


def _status_notes(case: Case) -> str | None:
    """Why the request has its status, as staff wrote it when they changed it.

    Only staff status changes and forwarding notes: an officer's reply and the citizen's own
    additions or reopening reasons are written to one person, so the public listing never
    shows them (they can name the citizen or their house).
    """
    notes = [event.note for event in case.events.all() if _is_public_status_note(event)]
    return mask_identifiers(notes[-1]) if notes else None


def _is_public_status_note(event: CaseEvent) -> bool:
    return (
        event.public
        and bool(event.note)
        and event.kind in (EventKind.STATUS, EventKind.ROUTING)
        and event.actor_label != actions.CITIZEN
    )


def _extra_code(kind: str) -> str:
    return next((code for code, value in EXTRA_SERVICES.items() if value == kind), "")


def _visible() -> QuerySet[Case]:
    return (
        Case.objects.exclude(kind=Kind.APPLICATION)
        .select_related("category", "unit")
        .prefetch_related("events")
        .order_by("-submitted_at")
    )


DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: str, name: str, *, end_of_day: bool = False) -> datetime:
    """A W3C datetime, or a W3C date (2026-01-01) meaning the start of that day, or its end with
    ``end_of_day``. A date, or a datetime without an offset, is in the server's time zone
    (settings.TIME_ZONE, PAMONG_TIME_ZONE: the zone the office's days are counted in). A
    well-formed impossible date (month 13, year 1 in UTC) is as much the client's mistake as text
    that is not a date."""
    error = Open311Error(
        400, f"{name} must be a W3C date or datetime such as 2026-01-01 or 2026-01-01T00:00:00Z"
    )
    try:
        if DATE_ONLY.fullmatch(value):
            day = date.fromisoformat(value)
            parsed = datetime.combine(day, time.max if end_of_day else time.min)
        else:
            parsed = parse_datetime(value.replace(" ", "+"))
        if parsed is None:
            raise error
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
        parsed.astimezone(UTC)  # what the database is given; out of range near year 1 or 9999
    except (ValueError, OverflowError):
        raise error from None
    return parsed


def _date_range(request: HttpRequest) -> tuple[datetime, datetime]:
    """``start_date``..``end_date``: by default the 90 days up to now, never longer, never backwards."""
    given = request.GET
    end = _date(given["end_date"], "end_date", end_of_day=True) if given.get("end_date") else timezone.now()
    if given.get("start_date"):
        start = _date(given["start_date"], "start_date")
    else:
        try:
            start = end - timezone.timedelta(days=DEFAULT_DAYS)
        except OverflowError:
            raise Open311Error(400, "end_date is too early") from None
    if start > end:
        raise Open311Error(400, "start_date must not be after end_date")
    if (end - start).days > DEFAULT_DAYS:
        raise Open311Error(400, "start_date and end_date may not span more than 90 days")
    return start, end


def _page(request: HttpRequest) -> int:
    """``page`` (1, 2, ...) of MAX_REQUESTS rows: the listing is cut there, so a client can go on."""
    text = request.GET.get("page", "").strip() or "1"
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PAGE:
        raise Open311Error(400, f"page must be a whole number from 1 to {MAX_PAGE}")
    return int(text)


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    cases = _visible()
    ids = request.GET.get("service_request_id", "")
    if ids:
        cases = cases.filter(
            tracking_number__in=[part.strip().upper() for part in ids.split(",")][:MAX_REQUESTS]
        )
    else:
        codes = [part for part in request.GET.get("service_code", "").split(",") if part]
        if codes:
            kinds = [EXTRA_SERVICES[code] for code in codes if code in EXTRA_SERVICES]
            cases = cases.filter(category__code__in=codes) | cases.filter(
                kind__in=kinds, category__isnull=True
            )
        start, end = _date_range(request)
        cases = cases.filter(submitted_at__gte=start, submitted_at__lte=end)
        statuses = {part for part in request.GET.get("status", "").split(",") if part}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status must be open or closed")
        if statuses == {"open"}:
            cases = cases.filter(status__in=OPEN)
        elif statuses == {"closed"}:
            cases = cases.exclude(status__in=OPEN)
    first = (_page(request) - 1) * MAX_REQUESTS
    rows = [_public(case) for case in cases[first : first + MAX_REQUESTS]]
    return _respond(fmt, "service_requests", "request", rows)


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


@endpoint("GET")
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    case = _visible().filter(tracking_number=request_id.upper()).first()
    if case is None:
        raise Open311Error(404, f"no service request {request_id!r}")
    return _respond(fmt, "service_requests", "request", [_public(case)])


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token_id: str) -> HttpResponse:
    case = Case.objects.filter(fields__open311_token=token_id).first() if token_id else None
    if case is None:
        raise Open311Error(404, f"no request for token {token_id!r}")
    return _respond(
        fmt, "service_requests", "request", [{"service_request_id": case.tracking_number, "token": token_id}]
    )
