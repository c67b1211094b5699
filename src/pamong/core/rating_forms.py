"""Citizens' thumbs up/down from a plain HTML form, shared by the portal and the chat page.

The form carries a signed token naming the decision, so nobody can rate decisions that
were not shown to them; the session remembers what was rated, so a second click counts once.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from pamong.ai.decisions import rate
from pamong.ai.models import Decision

SALT = "pamong.rating"
SESSION_KEY = "rated_decisions"
MAX_AGE_SECONDS = 7 * 24 * 3600


def token_for(decision_id: int) -> str:
    return signing.dumps(decision_id, salt=SALT)


def rate_from_form(request: HttpRequest) -> HttpResponseBadRequest | None:
    """Record the rating in ``request.POST``; a 400 response for a forged or malformed form."""
    try:
        decision_id = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return HttpResponseBadRequest(_("Tautan penilaian tidak sah atau sudah kedaluwarsa."))
    helpful = request.POST.get("helpful")
    if helpful not in ("yes", "no"):
        return HttpResponseBadRequest(_("Pilih 'Ya' atau 'Tidak'."))
    rated = request.session.get(SESSION_KEY, [])
    if decision_id not in rated:
        decision = get_object_or_404(Decision, pk=decision_id)
        rate(decision, helpful=helpful == "yes", comment=request.POST.get("comment", ""))
        request.session[SESSION_KEY] = [*rated[-100:], decision_id]
    messages.success(request, _("Terima kasih atas penilaian Anda."))
    return None
