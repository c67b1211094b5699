"""The review queue: the letter beside what was read from it; confirm in one action.

The time a clerk spends is measured from opening the review page to confirming (kept in
the session, so it works without JavaScript) and stored as touch time.
"""

from __future__ import annotations

import io
import time

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.core.models import Unit
from pamong.documents import access, actions, sniff
from pamong.documents.console import _require, show
from pamong.documents.doctype import TYPES
from pamong.documents.models import Document, State
from pamong.documents.pipeline import local_copy

MAX_REVIEW_SECONDS = 3600  # a review page left open overnight is not an hour of work
PREVIEW_BOX = (1200, 1700)  # the first page is shown within this many pixels
PREVIEW_SCALE = 1.4  # an A4 page at about 100 DPI: 833 × 1178 pixels


class ReviewForm(forms.Form):
    nomor_surat = forms.CharField(label=gettext_lazy("Nomor surat"), max_length=120, required=False)
    tanggal = forms.DateField(
        label=gettext_lazy("Tanggal surat (TTTT-BB-HH)"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    perihal = forms.CharField(label=gettext_lazy("Perihal"), max_length=500, required=False)
    pengirim = forms.CharField(label=gettext_lazy("Pengirim"), max_length=300, required=False)
    sifat = forms.CharField(label=gettext_lazy("Sifat"), max_length=40, required=False)
    doc_type = forms.ChoiceField(
        label=gettext_lazy("Jenis naskah"), choices=[("", "–"), *TYPES.items()], required=False
    )
    classification = forms.CharField(label=gettext_lazy("Kode klasifikasi"), max_length=30, required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Disposisi ke unit"), queryset=Unit.objects.filter(active=True), required=False
    )
    instruction = forms.CharField(label=gettext_lazy("Instruksi disposisi"), max_length=500, required=False)

    def clean_classification(self) -> str:
        from pamong.documents.classification import codes

        value = self.cleaned_data["classification"].strip()
        if value and value not in codes().by_code:
            raise forms.ValidationError(
                _("Kode %(code)s tidak ada dalam daftar klasifikasi arsip.") % {"code": value}
            )
        return value


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require(access.can_register(request.user))
    waiting = (
        Document.objects.filter(state=State.REVIEW).defer("text", "redacted_text").order_by("received_at")
    )
    unconfirmed = Document.objects.filter(state=State.REGISTERED, confirmed_at__isnull=True).defer(
        "text", "redacted_text"
    )
    return show(
        request, "documents/review_queue.html", {"waiting": waiting[:200], "unconfirmed": unconfirmed[:200]}
    )


def initial_values(document: Document) -> dict:
    suggested = document.dispositions.filter(suggested=True).select_related("unit").first()
    chosen = document.dispositions.filter(suggested=False).select_related("unit").first()
    return {
        "nomor_surat": document.nomor_surat,
        "tanggal": document.tanggal,
        "perihal": document.perihal,
        "pengirim": document.pengirim,
        "sifat": document.sifat,
        "doc_type": document.doc_type,
        "classification": document.classification,
        "unit": (chosen or suggested).unit if (chosen or suggested) else None,
    }


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    _require(access.can_register(request.user))
    document = get_object_or_404(Document, pk=pk)
    if document.state not in (State.REVIEW, State.REGISTERED):
        return redirect("documents:document", pk=pk)
    session_key = f"documents-review-{pk}"
    form = ReviewForm(request.POST or None, initial=initial_values(document))
    if request.method == "POST" and form.is_valid():
        started = request.session.pop(session_key, None)
        seconds = min(time.time() - started, MAX_REVIEW_SECONDS) if started else 0.0
        values = dict(form.cleaned_data)
        instruction = values.pop("instruction", "")
        if values.get("unit") is None:
            values.pop("unit")
        actions.confirm(document, actor=request.user, values=values, seconds=seconds, instruction=instruction)
        following = Document.objects.filter(state=State.REVIEW).exclude(pk=pk).order_by("received_at").first()
        return (
            redirect("documents:review", pk=following.pk) if following else redirect("documents:review-queue")
        )
    if request.method == "GET":
        request.session.setdefault(session_key, time.time())
        actions.view_original(document, actor=request.user, redacted=False)
    context = {
        "document": document,
        "form": form,
        "has_image": document.mime in (sniff.PDF, *sniff.IMAGES),
        "alternatives": (document.extraction.get("classification") or {}).get("alternatives", []),
    }
    return show(request, "documents/review.html", context)


def preview_scale(page) -> float:  # type: ignore[no-untyped-def]
    """The scale that keeps the preview of a page within the pixels of ``PREVIEW_BOX``: a
    200-inch PDF page at the usual scale would be a 400-megapixel PNG."""
    from pamong.documents.reading import capped_scale

    width, height = page.get_size()
    return capped_scale(width, height, PREVIEW_SCALE, PREVIEW_BOX[0] * PREVIEW_BOX[1])


@login_required
def page_image(request: HttpRequest, pk: int) -> HttpResponse:
    """The first page as a PNG, to read beside the fields (clerks only)."""
    _require(access.can_register(request.user))
    document = get_object_or_404(Document, pk=pk)
    if document.mime not in (sniff.PDF, *sniff.IMAGES):
        raise Http404
    from PIL import Image

    try:
        with local_copy(document) as path:
            if document.mime == sniff.PDF:
                import pypdfium2 as pdfium

                pdf = pdfium.PdfDocument(str(path))
                page = pdf[0]
                picture = page.render(scale=preview_scale(page), grayscale=True).to_pil()
                pdf.close()
            else:
                with Image.open(path) as source:
                    if source.size[0] * source.size[1] > 80_000_000:
                        raise Http404
                    source.draft("L", PREVIEW_BOX)
                    picture = source.convert("L")
                    picture.thumbnail(PREVIEW_BOX)
    except Http404:
        raise
    except Exception:
        raise Http404 from None
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=False)
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, max-age=600"
    return response
