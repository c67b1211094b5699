"""Staff console: the AI registry, function cards and the audit log."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.ai.governance import update_card
from pamong.ai.models import AIFunctionCard
from pamong.ai.monitoring import figures
from pamong.ai.registry import sync_cards
from pamong.catalog.actions import submit_upload
from pamong.catalog.importing import CatalogImportError
from pamong.catalog.models import CatalogUpload
from pamong.core import roles
from pamong.core.models import AuditEntry


def _require(check, request: HttpRequest) -> None:  # type: ignore[no-untyped-def]
    if not check(request.user):
        raise PermissionDenied(_("Peran Anda tidak memberi akses ke halaman ini."))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(roles.is_staff_member, request)
    return render(
        request, "web/staff/dashboard.html", {"roles": [roles.ROLES[r] for r in roles.roles_of(request.user)]}
    )


@login_required
def registry(request: HttpRequest) -> HttpResponse:
    _require(roles.can_view_registry, request)
    sync_cards()
    rows = [figures(card) for card in AIFunctionCard.objects.all()]
    return render(request, "web/staff/registry.html", {"rows": rows})


class CardForm(forms.ModelForm):
    reason = forms.CharField(label=gettext_lazy("Alasan perubahan"), max_length=500)

    class Meta:
        model = AIFunctionCard
        fields = ["owner_unit", "risk_level", "oversight", "threshold", "notice_id", "notice_en"]
        widgets = {
            "notice_id": forms.Textarea(attrs={"rows": 3}),
            "notice_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_threshold(self) -> float:
        value = self.cleaned_data["threshold"]
        if not 0.0 <= value <= 1.0:
            raise forms.ValidationError(_("Ambang harus antara 0 dan 1."))
        return value


@login_required
def function_detail(request: HttpRequest, key: str) -> HttpResponse:
    _require(roles.can_view_registry, request)
    sync_cards()
    card = get_object_or_404(AIFunctionCard, key=key)
    form = None
    if roles.can_govern_ai(request.user):
        form = CardForm(request.POST or None, instance=card)
        if request.method == "POST" and form.is_valid():
            update_card(card, form.cleaned_data, actor=request.user, reason=form.cleaned_data["reason"])
            return redirect("web:ai-function", key=key)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "figures": figures(card),
        "card": card,
        "evaluations": card.evaluations.all()[:20],
        "decisions": card.decisions.prefetch_related("reviews")[:25],
        "form": form,
    }
    return render(request, "web/staff/function.html", context)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _require(roles.can_view_audit, request)
    entries = AuditEntry.objects.all()
    verb = request.GET.get("verb", "").strip()
    if verb:
        entries = entries.filter(verb__startswith=verb)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "web/staff/audit.html", {"page": page, "verb": verb})


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas katalog (YAML)"))
    prune = forms.BooleanField(
        label=gettext_lazy("Nonaktifkan layanan yang tidak ada di berkas"), required=False
    )


@login_required
def catalog_uploads(request: HttpRequest) -> HttpResponse:
    """Supervisors import a pemda's catalog file; the import runs as background work."""
    _require(roles.can_edit_catalog, request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            submit_upload(
                upload.name,
                upload.read(settings.CATALOG_MAX_BYTES + 1),
                actor=request.user,
                prune=form.cleaned_data["prune"],
            )
        except CatalogImportError as error:
            form.add_error("file", error.problems[0])
        else:
            messages.success(request, _("Berkas diterima dan sedang diimpor."))
            return redirect("web:catalog-uploads")
    uploads = CatalogUpload.objects.select_related("uploaded_by").defer("content")[:30]
    return render(request, "web/staff/catalog_uploads.html", {"form": form, "uploads": uploads})
