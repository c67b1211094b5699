"""Staff pages: the agenda, upload, the error queue, one letter, dispositions."""

from __future__ import annotations

import csv
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.core import roles
from pamong.core.models import Unit
from pamong.documents import access, actions
from pamong.documents.doctype import TYPES
from pamong.documents.models import Disposition, Document, State
from pamong.documents.pipeline import stalled


def show(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, {**context, "clerk_nav": access.can_register(request.user)})


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Peran Anda tidak memberi akses ke halaman ini."))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Berkas surat (PDF, DOCX, gambar, teks, e-mail); boleh beberapa sekaligus"),
        widget=MultipleFileInput(attrs={"multiple": True}),
    )


def filtered(request: HttpRequest, documents: QuerySet[Document]) -> tuple[QuerySet[Document], dict]:
    """The agenda's search and filters, from the query string."""
    params = {
        key: request.GET.get(key, "").strip() for key in ("q", "state", "type", "code", "from", "to", "scan")
    }
    if params["q"]:
        q = params["q"]
        documents = documents.filter(
            Q(nomor_surat__icontains=q) | Q(perihal__icontains=q) | Q(pengirim__icontains=q)
            | Q(filename__icontains=q) | Q(text__icontains=q)
        )  # fmt: skip
    if params["state"] in State.values:
        documents = documents.filter(state=params["state"])
    if params["type"]:
        documents = documents.filter(doc_type=params["type"])
    if params["code"]:
        documents = documents.filter(classification__startswith=params["code"])
    for key, lookup in (("from", "tanggal__gte"), ("to", "tanggal__lte")):
        try:
            documents = (
                documents.filter(**{lookup: date.fromisoformat(params[key])}) if params[key] else documents
            )
        except ValueError:
            params[key] = ""
    if params["scan"] in ("1", "0"):
        documents = (
            documents.filter(ocr_pages__gt=0) if params["scan"] == "1" else documents.filter(ocr_pages=0)
        )
    return documents, params


CSV_COLUMNS = (
    "agenda",
    "diterima",
    "nomor_surat",
    "tanggal",
    "pengirim",
    "perihal",
    "jenis",
    "klasifikasi",
    "sifat",
    "status",
    "disposisi",
)


def agenda(request: HttpRequest) -> HttpResponse:
    _require(roles.can_read_dispositions(request.user))
    documents, params = filtered(request, access.visible_documents(request.user))
    documents = documents.defer("text", "redacted_text").prefetch_related("dispositions__unit")
    if request.GET.get("format") == "csv":
        return agenda_csv(documents)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "params": params,
        "types": TYPES,
        "states": State.choices,
        "query": query.urlencode(),
    }
    return show(request, "documents/agenda.html", context)


def agenda_csv(documents: QuerySet[Document]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agenda-surat-masuk.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for doc in documents.iterator(chunk_size=500) if not documents._prefetch_related_lookups else documents:
        units = ", ".join(d.unit.code for d in doc.dispositions.all() if not d.suggested)
        writer.writerow(
            [doc.pk, doc.received_at.date().isoformat(), doc.nomor_surat, doc.tanggal or "", doc.pengirim, doc.perihal,
             doc.doc_type, doc.classification, doc.sifat, doc.state, units]
        )  # fmt: skip
    return response


agenda = login_required(agenda)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require(access.can_register(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        received, refused = [], []
        for item in request.FILES.getlist("files"):
            try:
                received.append(actions.receive(item.name, item, source="upload", actor=request.user))
            except actions.IntakeError as error:
                refused.append(f"{item.name}: {error}")
        if received:
            messages.success(request, _("%(n)s berkas diterima.") % {"n": len(received)})
        for problem in refused:
            messages.error(request, problem)
        if len(received) == 1 and not refused:
            return redirect("documents:document", pk=received[0].pk)
        return redirect("documents:agenda")
    return show(request, "documents/upload.html", {"form": form})


@login_required
def errors(request: HttpRequest) -> HttpResponse:
    _require(access.can_register(request.user))
    if request.method == "POST":
        document = get_object_or_404(Document, pk=request.POST.get("document"))
        actions.retry(document, actor=request.user)
        messages.success(request, _("Surat #%(pk)s dicoba lagi.") % {"pk": document.pk})
        return redirect("documents:errors")
    failed = Document.objects.filter(state=State.FAILED).defer("text", "redacted_text")
    return show(request, "documents/errors.html", {"failed": failed[:200], "stalled": stalled()[:200]})


class DisposeForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit kerja"), queryset=Unit.objects.filter(active=True))
    instruction = forms.CharField(label=gettext_lazy("Instruksi"), max_length=500, required=False)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    _require(access.can_view(request.user, document))
    clerk = access.can_register(request.user)
    suggested = document.dispositions.filter(suggested=True).select_related("unit").first()
    form = (
        DisposeForm(request.POST or None, initial={"unit": suggested.unit if suggested else None})
        if clerk
        else None
    )
    if request.method == "POST":
        _require(clerk)
        action = request.POST.get("action")
        if action == "retry":
            actions.retry(document, actor=request.user)
        elif action == "reprocess":
            actions.reprocess(document, actor=request.user)
        elif action == "dispose" and form is not None and form.is_valid():
            actions.dispose(
                document,
                form.cleaned_data["unit"],
                actor=request.user,
                instruction=form.cleaned_data["instruction"],
            )
        return redirect("documents:document", pk=pk)
    actions.view_original(document, actor=request.user, redacted=not clerk)
    context = {
        "document": document,
        "clerk": clerk,
        "text": document.text if clerk else document.redacted_text,
        "steps": document.steps.all(),
        "dispositions": document.dispositions.filter(suggested=False).select_related("unit", "read_by"),
        "suggested": suggested,
        "form": form,
        "retryable": actions.retryable(document),
        "type_label": TYPES.get(document.doc_type, document.doc_type),
    }
    return show(request, "documents/document.html", context)


@login_required
def original(request: HttpRequest, pk: int) -> HttpResponse:
    """The file as received; clerks only, every download audited."""
    document = get_object_or_404(Document, pk=pk)
    _require(access.can_register(request.user))
    actions.view_original(document, actor=request.user, redacted=False)
    response = FileResponse(
        document.original.open("rb"), content_type=document.mime or "application/octet-stream"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="surat-{document.pk}{actions.EXTENSIONS.get(document.mime, ".bin")}"'
    )
    return response


@login_required
def redacted(request: HttpRequest, pk: int) -> HttpResponse:
    """The redacted text copy, for sharing (identifiers and names replaced)."""
    document = get_object_or_404(Document, pk=pk)
    _require(access.can_view(request.user, document))
    actions.view_original(document, actor=request.user, redacted=True)
    response = HttpResponse(document.redacted_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="surat-{document.pk}-tersamar.txt"'
    return response


@login_required
def dispositions(request: HttpRequest) -> HttpResponse:
    _require(roles.can_read_dispositions(request.user))
    if request.method == "POST":
        disposition = get_object_or_404(Disposition, pk=request.POST.get("disposition"), suggested=False)
        _require(access.can_mark_read(request.user, disposition))
        actions.mark_read(disposition, actor=request.user)
        return redirect("documents:dispositions")
    items = access.dispositions_for(request.user)
    if request.GET.get("unread") == "1":
        items = items.filter(read_at__isnull=True)
    return show(request, "documents/dispositions.html", {"items": items[:200]})
