"""What a citizen who reports a danger to life is told first: call 112 now, because neither a
report nor the assistant is an emergency service. One wording for every channel."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pamong.cases import routing
from pamong.cases.models import Kind


def call_now() -> tuple[str, str]:
    """The two sentences each channel puts first: call 112; the other emergency numbers."""
    return (
        _("Dalam keadaan darurat yang mengancam nyawa, hubungi 112."),
        _(
            "Telepon sekarang, jangan menunggu balasan di sini. Nomor darurat lain: pemadam kebakaran 113, "
            "polisi 110, ambulans 118 atau 119."
        ),
    )


def not_an_emergency_service() -> str:
    return _("Laporan ini bukan layanan darurat: petugas tidak langsung membacanya.")


def report_needs_112(kind: str, description: str, *, flagged: bool = False) -> bool:
    """A complaint whose text reports danger (``routing.urgency``, as triage flags it). Read on the
    text itself, since triage may not have run yet when the receipt is shown."""
    return kind == Kind.COMPLAINT and (flagged or routing.urgency(description)[0])
