"""Citizen pages: file a complaint or an application, follow it, add to it, rate it. No login, no JS needed.

What the citizen types is saved as a draft on every submit (a cookie holds the draft's
token), so a mistake or a closed browser never loses it. Files are not kept in drafts:
the page says so next to each upload.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pamong.cases import actions, emergency, filing, sla, uploads
from pamong.cases.access import citizen_case
from pamong.cases.models import Case, Draft, Kind
from pamong.cases.regions_choice import region_groups
from pamong.catalog.models import Service
from pamong.core.ratelimit import allow, client_key

DRAFT_COOKIE = "pamong_draft_{kind}"
DRAFT_DAYS = actions.DRAFT_DAYS
SESSION_CASES = "cases_seen"
SESSION_RECEIPT = "cases_receipt"
OTHER_DOCUMENT = "lainnya"  # the choice for a file that is none of the service's documents


def _draft(request: HttpRequest, kind: str, service: Service | None = None) -> Draft:
    """The citizen's open draft of this kind (and service), or a new one."""
    cookie = DRAFT_COOKIE.format(kind=kind if service is None else f"app_{service.pk}")
    # ?draf=TOKEN: a draft started in the assistant's chat, continued here to upload documents.
    token = request.GET.get("draf") or request.COOKIES.get(cookie, "")
    draft = Draft.objects.filter(token=token, kind=kind, service=service, submitted_case__isnull=True).first()
    if draft is None:
        draft = Draft(token=secrets.token_urlsafe(32), kind=kind, service=service)
        draft.cookie = cookie  # type: ignore[attr-defined]
        return draft
    draft.cookie = cookie  # type: ignore[attr-defined]
    return draft


def _remember(response: HttpResponse, draft: Draft) -> HttpResponse:
    response.set_cookie(
        draft.cookie,  # type: ignore[attr-defined]
        draft.token,
        max_age=DRAFT_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _discarded(request: HttpRequest, draft: Draft, to: str) -> HttpResponse:
    """ "Hapus isian": the draft leaves the server and its cookie the browser, so the next person
    at a shared computer (a warnet, a village office) does not find this citizen's NIK filled in."""
    if draft.pk:
        Draft.objects.filter(pk=draft.pk, submitted_case__isnull=True).delete()
    messages.success(request, _("Isian Anda sudah dihapus dari perangkat ini dan dari server kami."))
    response = redirect(to)
    response.delete_cookie(draft.cookie)  # type: ignore[attr-defined]
    return response


def _save(draft: Draft, data: dict[str, Any]) -> Draft:
    if draft.pk is None:
        draft.data = {}
        draft.save()
    return actions.save_draft(draft, data)


def _form_data(request: HttpRequest, spec: filing.FormSpec) -> dict[str, str]:
    return {field.name: request.POST.get(field.name, "") for field in spec.fields}


def _submission_allowed(request: HttpRequest) -> bool:
    return allow(
        "cases-submit", client_key(request), limit=settings.CASES_SUBMISSIONS_PER_HOUR, window_seconds=3600
    )


def _receipt(request: HttpRequest, submitted: actions.Submitted) -> HttpResponse:
    """Show the number and the secret code once, on a page the citizen can print."""
    request.session[SESSION_RECEIPT] = {
        "number": submitted.case.tracking_number,
        "code": submitted.secret_code,
    }
    request.session.setdefault(SESSION_CASES, [])
    request.session[SESSION_CASES] = [*request.session[SESSION_CASES], submitted.case.tracking_number][-20:]
    return redirect("cases:receipt")


def complaint(request: HttpRequest) -> HttpResponse:
    """Pengaduan, aspirasi or permintaan informasi, as SP4N-LAPOR! offers them."""
    spec = filing.complaint_spec()
    draft = _draft(request, Kind.COMPLAINT)
    values: dict[str, Any] = dict(draft.data)
    errors: dict[str, str] = {}
    if request.method == "POST" and request.POST.get("action") == "discard":
        return _discarded(request, draft, reverse("cases:complaint"))
    if request.method == "POST":
        values = _form_data(request, spec)
        draft = _save(draft, values)
        if request.POST.get("action") == "save":
            messages.success(request, _("Draf disimpan. Anda bisa melanjutkannya nanti dari perangkat ini."))
            return _remember(redirect("cases:complaint"), draft)
        photo, upload_error = _photo(request)
        if upload_error:
            # Every mistake at once: the refused photo does not hide the fields still to fix.
            errors = {**filing.check(spec, values).errors, "photo": upload_error}
        elif not _submission_allowed(request):
            errors["__all__"] = _("Terlalu banyak laporan dari sambungan ini. Coba lagi satu jam lagi.")
        else:
            try:
                submitted = actions.submit_complaint(
                    values, photo=photo, channel="web", language=get_language() or "id", draft=draft
                )
            except actions.FilingError as error:
                errors = error.errors
            else:
                return _receipt(request, submitted)
    context = {
        "spec": spec,
        "values": values,
        "errors": errors,
        "regions": region_groups(),
        "upload_mb": settings.CASES_UPLOAD_MAX_BYTES // (1024 * 1024),
    }
    response = render(request, "cases/complaint.html", context, status=422 if errors else 200)
    return _remember(response, draft) if draft.pk else response


def _photo(request: HttpRequest) -> tuple[uploads.CheckedUpload | None, str]:
    return _checked_file(request, "photo")


def _checked_file(request: HttpRequest, name: str) -> tuple[uploads.CheckedUpload | None, str]:
    """The uploaded file ``name`` as ``uploads.check`` keeps it, or why it was refused; (None, "") if none."""
    upload = request.FILES.get(name)
    if upload is None:
        return None, ""
    try:
        return uploads.check(upload.name, uploads.read_limited(upload)), ""
    except uploads.UploadRejected as error:
        return None, str(error)


def application(request: HttpRequest, slug: str) -> HttpResponse:
    """An online application for one catalog service, with its required documents."""
    service = get_object_or_404(Service.objects.prefetch_related("requirements"), slug=slug, active=True)
    try:
        spec = filing.application_spec(service)
    except filing.NotOpenForApplications:
        return render(request, "cases/not_online.html", {"service": service}, status=404)
    draft = _draft(request, Kind.APPLICATION, service)
    values: dict[str, Any] = dict(draft.data)
    errors: dict[str, str] = {}
    if request.method == "POST" and request.POST.get("action") == "discard":
        return _discarded(request, draft, reverse("cases:application", args=[slug]))
    if request.method == "POST":
        values = _form_data(request, spec)
        draft = _save(draft, values)
        if request.POST.get("action") == "save":
            messages.success(request, _("Draf disimpan. Anda bisa melanjutkannya nanti dari perangkat ini."))
            return _remember(redirect("cases:application", slug=slug), draft)
        documents: dict[str, uploads.CheckedUpload] = {}
        for index, doc in enumerate(spec.documents):
            upload = request.FILES.get(f"doc-{index}")
            if upload is None:
                continue
            try:
                documents[doc.requirement] = uploads.check(upload.name, uploads.read_limited(upload))
            except uploads.UploadRejected as error:
                errors[f"doc-{index}"] = str(error)
        if errors:  # a refused document does not hide the fields still to fix
            errors = {**filing.check(spec, values).errors, **errors}
        if not errors and not _submission_allowed(request):
            errors["__all__"] = _("Terlalu banyak permohonan dari sambungan ini. Coba lagi satu jam lagi.")
        if not errors:
            try:
                submitted = actions.submit_application(
                    service, values, documents, channel="web", language=get_language() or "id", draft=draft
                )
            except actions.FilingError as error:
                errors = _document_errors(spec, error.errors)
            else:
                return _receipt(request, submitted)
    required = {doc.requirement for doc in filing.required_documents(spec, values)}
    documents_view = [
        {"index": i, "doc": doc, "required": doc.requirement in required, "error": errors.get(f"doc-{i}", "")}
        for i, doc in enumerate(spec.documents)
    ]
    context = {
        "service": service,
        "spec": spec,
        "values": values,
        "errors": errors,
        "documents": documents_view,
        "regions": region_groups(),
        "upload_mb": settings.CASES_UPLOAD_MAX_BYTES // (1024 * 1024),
    }
    response = render(request, "cases/application.html", context, status=422 if errors else 200)
    return _remember(response, draft) if draft.pk else response


def _document_errors(spec: filing.FormSpec, errors: dict[str, str]) -> dict[str, str]:
    """The action names a missing document by its requirement; the page by its upload field."""
    index = {doc.requirement: i for i, doc in enumerate(spec.documents)}
    return {
        (f"doc-{index[key[4:]]}" if key.startswith("doc:") and key[4:] in index else key): message
        for key, message in errors.items()
    }


def receipt(request: HttpRequest) -> HttpResponse:
    data = request.session.pop(SESSION_RECEIPT, None)
    if data is None:
        return redirect("cases:track")
    case = Case.objects.select_related("unit", "service").get(tracking_number=data["number"])
    urgent = emergency.report_needs_112(case.kind, case.description, flagged=case.urgent)
    context = {"case": case, "code": data["code"], "urgent": urgent}
    if urgent:
        context |= {"call_now": emergency.call_now(), "not_emergency": emergency.not_an_emergency_service()}
    return render(request, "cases/receipt.html", context)


def track(request: HttpRequest) -> HttpResponse:
    """Number and secret code in, the case page out; the same answer for any wrong pair."""
    error = ""
    if request.method == "POST":
        if not allow(
            "cases-lookup", client_key(request), limit=settings.CASES_LOOKUPS_PER_HOUR, window_seconds=3600
        ):
            error = _("Terlalu banyak percobaan. Coba lagi satu jam lagi.")
        else:
            case = citizen_case(request.POST.get("number", ""), request.POST.get("code", ""))
            if case is None:
                error = _("Nomor lacak atau kode rahasia tidak cocok. Periksa lagi tanda terima Anda.")
            else:
                seen = request.session.get(SESSION_CASES, [])
                request.session[SESSION_CASES] = [*seen, case.tracking_number][-20:]
                return redirect("cases:status", number=case.tracking_number)
    # The number typed stays in the form after a mistake; the secret code is not echoed back.
    context = {"error": error, "number": request.POST.get("number", "")[:40]}
    return render(request, "cases/track.html", context, status=429 if "percobaan" in error else 200)


def _seen_case(request: HttpRequest, number: str) -> Case | None:
    if number not in request.session.get(SESSION_CASES, []):
        return None
    return Case.objects.select_related("unit", "service", "category").filter(tracking_number=number).first()


def status(request: HttpRequest, number: str) -> HttpResponse:
    case = _seen_case(request, number)
    if case is None:
        return redirect("cases:track")
    return _status_page(request, case)


def _typed(request: HttpRequest) -> dict[str, str]:
    """What the citizen typed into a follow-up form, to give it back when it is refused."""
    return {key: request.POST.get(key, "") for key in ("action", "text", "comment", "score")}


def _status_page(
    request: HttpRequest,
    case: Case,
    addition: dict[str, Any] | None = None,
    *,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page; ``addition`` is the file form sent back with its errors and the note
    typed, ``typed`` a refused follow-up's words."""
    context = {
        "case": case,
        "events": case.events.filter(public=True).select_related("unit"),
        "clock": sla.clock(case),
        "can_rate": case.status in ("resolved", "closed") and not hasattr(case, "rating"),
        "can_reopen": case.status in ("resolved", "closed"),
        "is_open": case.status not in ("resolved", "closed", "rejected"),
        "documents": _document_choices(case),
        "other_document": OTHER_DOCUMENT,
        "addition": addition or {"errors": {}, "note": "", "requirement": ""},
        "upload_mb": settings.CASES_UPLOAD_MAX_BYTES // (1024 * 1024),
        "typed": typed or {},
    }
    return render(request, "cases/status.html", context, status=status)


def _document_choices(case: Case) -> list[tuple[str, str]]:
    """The service's documents a file sent later can be, by requirement text; none for a complaint."""
    if case.service is None:
        return []
    try:
        spec = filing.application_spec(case.service)
    except filing.NotOpenForApplications:
        return []
    return [(doc.requirement, str(doc.label)) for doc in spec.documents]


def _chosen_document(case: Case, value: str) -> str:
    """The requirement the citizen says the file is ("" for "lainnya" or a complaint's file)."""
    choices = {requirement for requirement, _label in _document_choices(case)}
    if not choices or value == OTHER_DOCUMENT:
        return ""
    if value not in choices:
        raise ValidationError(_("Pilih salah satu pilihan yang ada."))
    return value


def _citizen_allowed(request: HttpRequest, window: str) -> bool:
    """Counted per connection like filing, each kind in its own window ("cases-addition" for
    files sent later, "cases-follow-up" for information, reopenings and ratings), so one client
    may not send thousands nor use up filing. The hourly number is its own
    (PAMONG_CASES_FOLLOW_UPS_PER_HOUR), not filing's: a citizen answering an officer's
    questions sends more than they file, and a tight filing limit should not silence them."""
    return allow(window, client_key(request), limit=settings.CASES_FOLLOW_UPS_PER_HOUR, window_seconds=3600)


@require_POST
def citizen_upload(request: HttpRequest, number: str) -> HttpResponse:
    """A document or photo added to a case after filing, from a session that showed the right code.

    Anyone else gets a 404 before the file is read. A refused file comes back on the case page
    with the reason and the note still typed; a closed case says why nothing can be added."""
    case = _seen_case(request, number)
    if case is None:
        raise Http404
    try:
        actions.refuse_files_if_closed(case)
    except actions.MoveRefused as error:
        messages.error(request, str(error))
        return redirect("cases:status", number=case.tracking_number)
    addition = {
        "errors": {},
        "note": request.POST.get("note", ""),
        "requirement": request.POST.get("requirement", ""),
    }
    # Counted before the file is read: every try costs the server a decode, refused or not.
    if not _citizen_allowed(request, "cases-addition"):
        addition["errors"]["__all__"] = _("Terlalu banyak percobaan. Coba lagi satu jam lagi.")
        return _status_page(request, case, addition, status=429)
    checked = _checked_addition(request, case, addition)
    if checked is None:
        return _status_page(request, case, addition, status=422)
    upload, requirement, note = checked
    try:
        actions.citizen_attaches(case, upload, requirement=requirement, note=note)
    except actions.MoveRefused as error:  # closed while the file was on its way
        messages.error(request, str(error))
    else:
        messages.success(request, _("Berkas terkirim ke petugas."))
    return redirect("cases:status", number=case.tracking_number)


def _checked_addition(
    request: HttpRequest, case: Case, addition: dict[str, Any]
) -> tuple[uploads.CheckedUpload, str, str] | None:
    """The file, its document and the note, or None with every mistake in ``addition["errors"]``."""
    errors = addition["errors"]
    requirement = note = ""
    try:
        requirement = _chosen_document(case, addition["requirement"])
    except ValidationError as error:
        errors["requirement"] = error.messages[0]
    try:
        note = filing.check_value(actions.ATTACHMENT_NOTE, addition["note"])
    except ValidationError as error:
        errors["note"] = error.messages[0]
    upload, refused = _checked_file(request, "file")
    if refused or upload is None:
        errors["file"] = refused or _("Pilih berkas yang akan dikirim.")
    return None if errors or upload is None else (upload, requirement, note)


@require_POST
def citizen_action(request: HttpRequest, number: str) -> HttpResponse:
    """Add information, reopen or rate: only from a session that showed the right code.
    A refusal shows the page again with what was typed still in its box."""
    case = _seen_case(request, number)
    if case is None:
        return redirect("cases:track")
    typed = _typed(request)
    if not _citizen_allowed(request, "cases-follow-up"):
        messages.error(request, _("Terlalu banyak percobaan. Coba lagi satu jam lagi."))
        return _status_page(request, case, typed=typed, status=429)
    action = request.POST.get("action")
    try:
        if action == "add":
            actions.citizen_adds(case, request.POST.get("text", ""))
            messages.success(request, _("Tambahan informasi terkirim ke petugas."))
        elif action == "reopen":
            reason = request.POST.get("text", "").strip()
            if not reason:
                raise actions.MoveRefused(_("Tulis mengapa masalahnya belum selesai."))
            actions.citizen_reopens(case, reason)
            messages.success(request, _("Laporan dibuka kembali."))
        elif action == "rate":
            actions.rate(
                case, score=int(request.POST.get("score") or 0), comment=request.POST.get("comment", "")
            )
            messages.success(request, _("Terima kasih atas penilaian Anda."))
    except actions.MoveRefused as error:
        messages.error(request, str(error))
        return _status_page(request, case, typed=typed, status=422)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _status_page(request, case, typed=typed, status=422)
    except ValueError:
        messages.error(request, _("Pilih nilai 1 sampai 5."))
        return _status_page(request, case, typed=typed, status=422)
    return redirect("cases:status", number=case.tracking_number)
