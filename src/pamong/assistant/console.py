"""Staff pages of the assistant: the hand-off queue and one conversation."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.assistant import handoffs
from pamong.assistant.models import Handoff
from pamong.core import roles
from pamong.core.audit import record


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Balasan untuk warga"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


def _require_officer(request: HttpRequest) -> None:
    if not roles.can_handle_handoffs(request.user):
        raise PermissionDenied(_("Peran Anda tidak memberi akses ke halaman ini."))


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require_officer(request)
    status = request.GET.get("status", "open")
    items = Handoff.objects.select_related("conversation", "claimed_by")
    if status in ("open", "claimed", "closed"):
        items = items.filter(status=status)
    return render(request, "assistant/handoffs.html", {"handoffs": items[:100], "status": status})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_officer(request)
    handoff = get_object_or_404(Handoff.objects.select_related("conversation"), pk=pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "claim":
            handoffs.claim(handoff, officer=request.user)
        elif action == "close":
            handoffs.close(handoff, officer=request.user)
        elif action == "reply" and form.is_valid():
            handoffs.reply(handoff, form.cleaned_data["text"], officer=request.user)
        else:
            return render(request, "assistant/handoff.html", _context(handoff, form))
        return redirect("assistant:handoff", pk=pk)
    record(request.user, "assistant.handoff.viewed", handoff)  # the conversation may hold personal data
    return render(request, "assistant/handoff.html", _context(handoff, form))


def _context(handoff: Handoff, form: ReplyForm) -> dict:
    return {"handoff": handoff, "messages_list": handoff.conversation.messages.all(), "form": form}
