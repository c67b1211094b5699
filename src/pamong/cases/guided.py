"""Filing by conversation: one question at a time, each answer checked, resumable, then submitted.

The assistant (any channel: web chat, JSON API, Telegram) hands a citizen who wants to
complain, suggest, ask for information (SP4N-LAPOR!'s three kinds: named by the citizen's
words or asked first) or apply to these functions; they ask the same fields with the same checks as
the web forms (``filing``), keep the answers in a ``Draft`` after every message, and
submit through the same actions. Documents cannot travel through a chat reliably, so an
application with required documents ends with a link to the web form holding the draft.

A complaint or an aspiration about a place asks, after the place, for one optional photo, as
the web form takes one: any channel hands it over as a ``SentPhoto``, checked by
``uploads.check`` like the form's, kept in storage beside the draft until the filing is sent
(then attached as the form attaches it) or cancelled.

At the summary the citizen may change one answer ("Ubah jawaban", "alamatnya salah", "change
the address"; ``field_names``): that field is asked again with the same checks, then the summary
comes back. A life in danger typed in the middle gets the 112 notice first (``emergency``); the
question is asked again, unless it was the description, which the text then is.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from pamong.assistant.intents import Intent, understand
from pamong.cases import actions, emergency, field_names, filing, sla, uploads
from pamong.cases.access import citizen_case
from pamong.cases.models import Draft, Kind
from pamong.cases.regions_choice import region_groups, region_label
from pamong.core.ratelimit import allow

CANCEL = re.compile(
    r"^\s*(batal|batalkan|cancel|stop|berhenti|tidak jadi|gak jadi|ga jadi|nggak jadi)\s*[.!]*\s*$", re.I
)
SKIP = re.compile(r"^\s*(-|lewati|lewat|skip|tidak ada|tdk ada|gak ada|ga ada|none|no)\s*[.!]*\s*$", re.I)
# A question typed where a short answer (a name, an address) is asked: "berapa biayanya?".
QUESTION = re.compile(
    r"\?\s*$|^\s*(berapa|bagaimana|gimana|gmn|apa|apakah|kapan|dimana|di mana|kenapa|mengapa|bisakah"
    r"|how|what|when|where|why|can i|is it)\b",
    re.I,
)
YES = re.compile(r"^\s*(ya|iya|y|yes|ok|oke|kirim|benar|betul|setuju|send)\s*[.!]*\s*$", re.I)
TRACKING = re.compile(r"\b([APSIapsi]\d{4}-[0-9A-Za-z]{6})\b")
CODE = re.compile(r"\b([0-9A-Za-z]{8})\b")
NO_PHOTO = re.compile(r"^\s*(tidak|tdk|gak|ga|nggak|enggak|belum|no|not)\b", re.I)
# Internal keys kept in the draft beside the answers. PHOTO is also the step's name while the
# photo question is pending; its value is "" (skipped) or where the photo waits in storage.
STEP, OPTIONS, CONFIRMING, PHOTO = "_step", "_options", "_confirming", "_photo"
# The questions about what and where; the photo question comes right after them.
BEFORE_PHOTO = frozenset(["kind", "description", "category", "region", "address", "latitude", "longitude"])
# Kept while an answer is changed at the confirmation: the fields listed to choose from (so a
# number picks one), then the field asked again.
CHANGE_LIST, CHANGING = "_change_list", "_changing"
# A complaint's fields the chat never asks: the router picks the category; the NIK is optional
# and left to the web form.
NOT_ASKED = ("category", "nik")
DRAFT_PHOTOS = "cases/drafts/"


class PhotoUnavailable(Exception):
    """The channel could not fetch the file the citizen sent (a network error, a refusal)."""


@dataclass(frozen=True)
class SentPhoto:
    """A file the citizen sent in the chat, as a channel hands it over.

    ``read()`` returns its bytes (at most the upload limit + 1; ``uploads.read_limited``) and is
    called only when the photo question is pending, so a channel that must download the file
    (Telegram) downloads it only then. It may raise ``uploads.UploadRejected`` (the channel
    already knows the file is too big or not a picture) or ``PhotoUnavailable``.
    """

    name: str
    read: Callable[[], bytes]


@dataclass
class Step:
    """What to say next: the text, buttons, and whether the filing is over."""

    text: str
    quick_replies: list[str] = field(default_factory=list)
    state: str = "asking"  # asking, confirming, filed, cancelled, upload
    tracking_number: str = ""


def _spec(draft: Draft) -> filing.FormSpec:
    if draft.kind == Kind.APPLICATION:
        return filing.application_spec(draft.service)
    return filing.complaint_spec()


def _answers(draft: Draft) -> dict[str, Any]:
    return {key: value for key, value in draft.data.items() if not key.startswith("_")}


OPENING = re.compile(
    r"^.*?\b(lapor(kan)?|melaporkan|mengadu(kan)?|ngadu|komplain|complain|pengaduan|keluhan|aduan|complaint"
    r"|aspirasi|usul(an)?|mengusulkan|saran|masukan|suggestion|informasi|information)\b"
    r"(\s+(tentang|soal|masalah|mengenai|about|agar|supaya|bahwa|untuk|on))?[\s,:.-]*",
    re.I,
)
MIN_OPENING_DESCRIPTION = 30
# Words that name the kind of report (SP4N-LAPOR!'s three); "lapor" itself names none of them.
KIND_WORDS = {
    "complaint": re.compile(
        r"\b(pengaduan|mengadu(kan)?|ngadu|aduan|keluhan|mengeluh(kan)?|komplain|complain(t|ts)?)\b"
    ),
    "aspiration": re.compile(
        r"\b(aspirasi|usul(an)?|(meng)?usulkan|saran|(menya|sa)rankan|masukan|aspiration|suggest(ion|ions)?"
        r"|propos(e|al))\b"
    ),
    "information": re.compile(
        r"\b(minta|meminta|permintaan|permohonan|memohon|request(ing)?|ask(ing)? for)\s+"
        r"(data\s+(dan|atau)\s+)?(informasi|info(nya)?|data|information)\b"
        r"|\binformasi publik\b|\bppid\b|\b(information request|public information|freedom of information)\b"
    ),
}
# Asking to give a suggestion or to request information starts a filing, as "mau lapor" does; a
# question about a service that uses the same words ("mau usul masuk DTKS, caranya?", "cara
# minta informasi publik") does not: it needs a verb of giving or filing before the kind.
WANTS_TO_REPORT = re.compile(
    r"\b(mau|ingin|akan|hendak|pengen|pingin)\s+(menyampaikan|sampaikan|memberi(kan)?|kasih|mengirim|kirim"
    r"|mengajukan|ajukan)\s+(aspirasi|usul(an)?|saran|masukan)\b"
    r"|\b(saya|kami)\s+(punya|ada)\s+(aspirasi|usul(an)?|saran|masukan)\s+(untuk|bagi|buat|kepada|ke)\b"
    r"|\b(mau|ingin|akan|hendak|pengen|pingin)\s+(mengajukan|ajukan|membuat|buat|menyampaikan|sampaikan"
    r"|mengirim|kirim)\s+(permohonan|permintaan)\s+(informasi|info|data)\b"
    r"|\b(want|would like|'d like)\s+to\s+(make|give|send|submit|share)\s+(a\s+|an\s+|my\s+)?"
    r"(suggestion|proposal|aspiration)\b"
    r"|\bi\s+have\s+a\s+suggestion\s+(for|to)\b"
    r"|\b(want|would like|'d like)\s+to\s+(make|submit|file|send)\s+an?\s+(information request"
    r"|request for (public )?information)\b"
    r"|\b(want|would like|'d like)\s+to\s+request\s+public\s+information\b"
)


def report_kind(text: str) -> str | None:
    """complaint, aspiration or information when the words name exactly one of them, else None."""
    lowered = " ".join((text or "").lower().split())
    named = [kind for kind, words in KIND_WORDS.items() if words.search(lowered)]
    return named[0] if len(named) == 1 else None


def wants_to_report(text: str) -> bool:
    """The message asks to send an aspiration or an information request (the assistant's hook)."""
    return bool(WANTS_TO_REPORT.search(" ".join((text or "").lower().split())))


def _prefill(kind: str, opening: str, described: bool = False) -> dict[str, Any]:
    """What the chat need not ask: the kind when the words name it (an opening that already says
    what went wrong, naming no kind, is a complaint); the router picks the category; the opening
    message, if it already says what happened ("saya mau lapor ...", or ``described``: the
    whole message is the problem), is the description."""
    if kind == "application":
        return {}
    values: dict[str, Any] = dict.fromkeys(NOT_ASKED, "")
    rest = OPENING.sub("", opening or "", count=1).strip()
    # A message that is the problem itself ("jalan rusak depan rumah") needs only the form's
    # own minimum; after "mau lapor" alone, a longer rest is asked for before it is taken.
    shortest = filing.MIN_DESCRIPTION if described else MIN_OPENING_DESCRIPTION
    if len(rest) >= shortest and (described or rest != (opening or "").strip()):
        values["description"] = rest
    named = report_kind(opening)
    if named is not None or "description" in values:
        values["kind"] = named or "complaint"
    return values


def start(
    kind: str, *, service: Any = None, channel: str, language: str, opening: str = "", described: bool = False
) -> tuple[str, Step]:
    """Open a draft and ask the first question; returns the draft's token and the question."""
    draft = Draft.objects.create(
        token=secrets.token_urlsafe(32),
        kind=Kind.APPLICATION if kind == "application" else Kind.COMPLAINT,
        service=service,
        data=_prefill(kind, opening, described),
        channel=channel[:20],
    )
    with translation.override(language):
        intro = (
            _("Baik, saya bantu mengajukan permohonan %(service)s. Saya akan bertanya satu per satu.")
            % {"service": service.t("name")}
            if service is not None
            else _("Baik, saya bantu menyampaikan laporan Anda. Saya akan bertanya satu per satu.")
        )
        # "batal" discards the answers (the citizen said so); a question asked in between or a
        # hand-off to a person keeps them and the filing continues afterwards.
        hint = _('Tulis "batal" kapan saja untuk berhenti.')
        step = _ask(draft)
        step.text = f"{intro} {hint}\n\n{step.text}"
        return draft.token, step


def active(token: str) -> Draft | None:
    if not token:
        return None
    return Draft.objects.select_related("service").filter(token=token, submitted_case__isnull=True).first()


def resume(token: str, language: str) -> Step | None:
    """Ask the current question again (the citizen came back)."""
    draft = active(token)
    if draft is None:
        return None
    with translation.override(language):
        step = _ask(draft)
        step.text = _("Kita lanjutkan yang tadi.") + "\n\n" + step.text
        return step


def _question(spec_field: filing.FieldSpec) -> tuple[str, list[str]]:
    label = str(spec_field.label)
    buttons: list[str] = []
    if spec_field.kind in ("choice", "yes_no") and spec_field.choices:
        lines = [f"{number}. {text}" for number, (_value, text) in enumerate(spec_field.choices, 1)]
        buttons = [str(text) for _value, text in spec_field.choices][:6]
        text = f"{label}\n" + "\n".join(lines)
    elif spec_field.kind == "region":
        text = label + "\n" + _("Tulis nama desa/kelurahan atau kecamatannya, misalnya: Banyumeneng.")
    else:
        text = label
    if spec_field.help:
        text += f"\n({spec_field.help})"
    if not spec_field.required and spec_field.kind != "yes_no":
        text += "\n" + _('Tidak wajib: tulis "lewati" bila tidak ada.')
        buttons.append(_("Lewati"))
    return text, buttons


def _ask(draft: Draft, problem: str = "") -> Step:
    spec = _spec(draft)
    answers = _answers(draft)
    if draft.data.get(CHANGING):
        return _ask_change(spec, answers, draft.data[CHANGING], problem)
    nxt = _next(spec, answers)
    if nxt is not None:
        nxt = filing.for_kind(spec, nxt, answers.get("kind") or "")
    if _photo_due(spec, answers, draft.data, nxt):
        return _ask_photo(draft, problem)
    if nxt is None:
        return _confirm(draft, spec, answers)
    text, buttons = _question(nxt)
    if problem:
        text = f"{problem}\n\n{text}"
    _store(draft, {STEP: nxt.name})
    return Step(text, buttons)


def _next(spec: filing.FormSpec, answers: dict[str, Any]) -> filing.FieldSpec | None:
    for spec_field in spec.fields:
        if _asked_in_chat(spec, spec_field, answers) and spec_field.name not in answers:
            return spec_field
    return None


def _asked_in_chat(spec: filing.FormSpec, spec_field: filing.FieldSpec, answers: dict[str, Any]) -> bool:
    """Whether the chat asks this field, given the answers so far (so whether it may be changed)."""
    # Coordinates are for map-capable clients; the chat asks for a place name instead. Without a
    # place (an aspiration may have none) there is no address to ask for.
    if spec_field.name in ("latitude", "longitude") or not spec_field.applies(answers):
        return False
    if spec_field.name == "address" and answers.get("region") == "":
        return False
    return not (spec.kind == "complaint" and spec_field.name in NOT_ASKED)


def _store(draft: Draft, values: dict[str, Any]) -> None:
    draft.data = {**draft.data, **values}
    Draft.objects.filter(pk=draft.pk).update(data=draft.data)


# --- The photo ---------------------------------------------------------------------------


def _photo_due(
    spec: filing.FormSpec, answers: dict[str, Any], data: dict[str, Any], nxt: filing.FieldSpec | None
) -> bool:
    """Ask for a photo once the place is known: a complaint or an aspiration about a place (an
    information request, or an aspiration without a place, has nothing to photograph)."""
    wanted = spec.photo and answers.get("kind") in ("complaint", "aspiration") and bool(answers.get("region"))
    return wanted and PHOTO not in data and (nxt is None or nxt.name not in BEFORE_PHOTO)


def _ask_photo(draft: Draft, problem: str = "") -> Step:
    _store(draft, {STEP: PHOTO})
    text = _('Kirim foto jika ada (JPG, PNG atau WebP, paling besar %(size)s), atau ketik "lewati".') % {
        "size": filesizeformat(settings.CASES_UPLOAD_MAX_BYTES)
    }
    if problem:
        text = f"{problem}\n\n{text}"
    return Step(text, [_("Lewati")])


def asks_photo(token: str) -> bool:
    """The filing held by ``token`` waits for a photo (the web chat then shows its file field)."""
    draft = active(token)
    return draft is not None and draft.data.get(STEP) == PHOTO and not draft.data.get(CONFIRMING)


def photo_note(photo: SentPhoto, text: str = "") -> str:
    """How a sent photo shows in the conversation's history: its name, then any caption."""
    return f"{_('[foto: %(name)s]') % {'name': photo.name[:80]}} {text}".strip()


def _answer_photo(draft: Draft, text: str, photo: SentPhoto | None) -> Step:
    """The photo question: a photo (checked as the web form checks one), or "lewati"."""
    if photo is None:
        if SKIP.match(text) or NO_PHOTO.match(text):
            _store(draft, {PHOTO: ""})
            return _ask(draft)
        return _ask(draft, _("Saya menunggu foto."))
    try:
        checked = uploads.check(photo.name, photo.read())
    except uploads.UploadRejected as error:
        return _ask(draft, str(error))  # the question stays; the answers before it are kept
    except PhotoUnavailable:
        return _ask(draft, _("Foto tidak berhasil diterima. Coba kirim lagi."))
    _delete_photo_file(draft)
    stored = default_storage.save(
        f"{DRAFT_PHOTOS}{draft.pk}-{checked.sha256[:16]}{checked.extension}", ContentFile(checked.content)
    )
    _store(draft, {PHOTO: {"file": stored, "name": checked.name, "sha256": checked.sha256}})
    return _ask(draft, _("Foto diterima."))


def _photo_not_asked(draft: Draft) -> Step:
    """A photo sent while another question is pending: said politely, the question asked again."""
    problem = _("Saat ini saya tidak meminta foto, jadi foto itu tidak disimpan.")
    if draft.data.get(CONFIRMING):
        step = _confirm_reminder()
        step.text = f"{problem}\n\n{step.text}"
        return step
    return _ask(draft, problem)


def _kept_photo(draft: Draft) -> uploads.CheckedUpload | None:
    """The photo waiting beside the draft, checked again; UploadRejected or OSError if it is lost."""
    kept = draft.data.get(PHOTO)
    if not kept:
        return None
    with default_storage.open(kept["file"], "rb") as handle:
        checked = uploads.check(kept["name"], uploads.read_limited(handle))
    if checked.sha256 != kept["sha256"]:
        raise uploads.UploadRejected(kept["name"])
    return checked


def _delete_photo_file(draft: Draft) -> None:
    """Remove the file of the photo waiting beside the draft (sent, cancelled or replaced)."""
    kept = draft.data.get(PHOTO)
    if kept:
        default_storage.delete(kept["file"])


ABANDONED_PHOTO_DAYS = 7  # a chat filing untouched this long is taken as given up


def forget_abandoned_photos(days: int = ABANDONED_PHOTO_DAYS) -> int:
    """Delete the photos waiting beside chat drafts untouched for ``days``; returns how many.

    The draft keeps its answers; if the citizen comes back, the confirmation says the
    photo is no longer stored. Run by ``cases tick``.
    """
    since = timezone.now() - timedelta(days=days)
    forgotten = 0
    for draft in Draft.objects.filter(submitted_case__isnull=True, updated_at__lt=since, data__has_key=PHOTO):
        if not isinstance(draft.data.get(PHOTO), dict):
            continue
        _delete_photo_file(draft)
        data = {**draft.data, PHOTO: ""}
        Draft.objects.filter(pk=draft.pk).update(data=data)  # updated_at left as it was
        forgotten += 1
    return forgotten


def _pick_choice(spec_field: filing.FieldSpec, text: str) -> str | None:
    cleaned = text.strip().lower().rstrip(".")
    options = list(spec_field.choices)
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(options):
        return options[int(cleaned) - 1][0]
    for value, label in options:
        if cleaned in (value.lower(), str(label).lower(), label.id.lower(), label.en.lower()):
            return value
    if spec_field.name == "kind" and report_kind(text) is not None:
        return report_kind(text)  # "aspirasi", "usul", "minta informasi", "keluhan"
    if spec_field.kind == "yes_no":
        return (
            "yes"
            if YES.match(text)
            else ("no" if re.match(r"^\s*(tidak|tdk|gak|ga|nggak|no|bukan)\b", cleaned) else None)
        )
    best = process.extractOne(
        cleaned, {value: str(label).lower() for value, label in options}, scorer=fuzz.partial_ratio
    )
    return best[2] if best and best[1] >= 85 else None


def find_region(text: str) -> tuple[bool, list[tuple[str, str]]]:
    """(exact, matches): villages and districts of our area named like what the citizen wrote."""
    candidates = {}
    for district_code, district_name, villages in region_groups():
        candidates[district_code] = f"kecamatan {district_name}".lower()
        for code, name in villages:
            candidates[code] = name.lower()
    cleaned = re.sub(r"\b(desa|kelurahan|kel|ds|kec|kecamatan|dusun)\b\.?", " ", text.lower())
    cleaned = " ".join(cleaned.split())
    exact = [code for code, name in candidates.items() if name == cleaned or name == f"kecamatan {cleaned}"]
    if exact:
        return True, [(code, region_label(code)) for code in exact[:5]]
    found = process.extract(cleaned, candidates, scorer=fuzz.WRatio, limit=5, score_cutoff=80)
    return False, [(code, region_label(code)) for _name, _score, code in found]


def _answer_region(draft: Draft, text: str) -> tuple[str | None, str]:
    """(code, problem): a number picks from the last list; a name is looked up."""
    offered = draft.data.get(OPTIONS) or []
    cleaned = text.strip()
    if cleaned.isdigit() and offered and 1 <= int(cleaned) <= len(offered):
        return offered[int(cleaned) - 1], ""
    exact, matches = find_region(cleaned)
    if exact and len(matches) == 1:
        return matches[0][0], ""  # a near miss is always shown back, never taken silently
    if not matches:
        return None, _("Saya tidak menemukan desa/kecamatan itu di wilayah %(site)s.") % {
            "site": settings.SITE_NAME
        }
    _store(draft, {OPTIONS: [code for code, _label in matches]})
    lines = "\n".join(f"{number}. {label}" for number, (_code, label) in enumerate(matches, 1))
    return None, _("Yang mana?") + "\n" + lines + "\n" + _("Ketik nomornya.")


def answer(
    token: str, text: str, *, language: str, channel_user: str = "", photo: SentPhoto | None = None
) -> Step:
    """Take the citizen's answer to the current question; ask the next, or confirm, or submit.

    ``photo`` is a file sent instead of (or with) the text: the answer to the photo question,
    or politely set aside when no photo is asked (``token`` may then name no filing at all)."""
    with translation.override(language):
        draft = active(token)
        if draft is None and photo is not None:
            return Step(
                _(
                    "Foto ini tidak disimpan: saya hanya menerima foto saat membantu membuat laporan, "
                    'ketika saya memintanya. Untuk melapor, tulis "saya mau lapor".'
                ),
                state="cancelled",
            )
        if draft is None:
            return Step(_("Pengisian ini sudah selesai atau tidak ditemukan."), state="cancelled")
        if photo is not None and (draft.data.get(STEP) != PHOTO or draft.data.get(CONFIRMING)):
            return _photo_not_asked(draft)
        if CANCEL.match(text) and photo is None:
            _delete_photo_file(draft)
            forgotten = {PHOTO: ""} if draft.data.get(PHOTO) else {}
            Draft.objects.filter(pk=draft.pk).update(data={**draft.data, STEP: "", **forgotten})
            return Step(
                _("Baik, dibatalkan. Jawaban Anda tidak dikirim. Ada lagi yang bisa saya bantu?"),
                state="cancelled",
            )
        if photo is None and _reports_danger(text):
            return _danger_first(draft, text)
        return _take(draft, text, photo, language=language, channel_user=channel_user)


def _take(draft: Draft, text: str, photo: SentPhoto | None, *, language: str, channel_user: str) -> Step:
    """The message as the answer to what is pending: the confirmation, the photo, or a field."""
    if draft.data.get(CONFIRMING):
        return _at_confirmation(draft, text, language=language, channel_user=channel_user)
    if draft.data.get(STEP) == PHOTO:
        return _answer_photo(draft, text, photo)
    return _answer_field(draft, text)


def _answer_field(draft: Draft, text: str) -> Step:
    """The answer to the pending field, checked as the web form checks it; stored, or asked again."""
    spec = _spec(draft)
    current = next((f for f in spec.fields if f.name == draft.data.get(STEP)), None)
    if current is None:
        return _ask(draft)
    current = filing.for_kind(spec, current, draft.data.get("kind") or "")
    raw: Any = text
    if SKIP.match(text) and not current.required:
        raw = ""
    elif current.kind in ("choice", "yes_no"):
        raw = _pick_choice(current, text)
        if raw is None:
            return _ask(draft, _("Pilih salah satu: ketik nomornya atau tekan tombolnya."))
    elif current.kind == "region":
        raw, problem = _answer_region(draft, text)
        if raw is None:
            return _ask(draft, problem)
    elif current.kind == "text" and QUESTION.search(text):
        # Not stored as a name or an address; what was answered so far stays.
        return _ask(
            draft,
            _(
                "Sepertinya itu pertanyaan, bukan jawaban. Jawab dulu pertanyaan di bawah, atau tulis "
                '"batal" untuk berhenti dan bertanya. Jawaban Anda sebelumnya tetap tersimpan.'
            ),
        )
    try:
        value = filing.check_value(current, raw)
    except ValidationError as error:
        return _ask(draft, error.messages[0])
    # A changed answer is done with: ``_ask`` goes back to the summary (or to a question the
    # change made due, e.g. the name once the report is no longer anonymous).
    _store(draft, {current.name: value, OPTIONS: [], CHANGING: ""})
    return _ask(draft)


# --- A life in danger, typed in the middle of a filing ---------------------------------------


def _reports_danger(text: str) -> bool:
    """A life in danger now, read as the assistant reads a first message (not an aftermath
    question such as "akta kematian korban tenggelam")."""
    return understand(text).intent is Intent.EMERGENCY


def _danger_first(draft: Draft, text: str) -> Step:
    """112 before anything else, since neither the chat nor a report is an emergency service.

    Typed as the description, the text is the description: taken as any answer. Typed to any
    other question, it is no answer: the draft is kept and the same question asked again."""
    notice = "\n".join(emergency.call_now())
    if draft.data.get(STEP) == "description" and not draft.data.get(CONFIRMING):
        step = _answer_field(draft, text)
        if not step.text.startswith(emergency.call_now()[0]):  # the summary may already say it
            step.text = f"{notice}\n\n{step.text}"
        return step
    again = _confirm_reminder() if draft.data.get(CONFIRMING) else _ask(draft)
    kept = _("Jawaban Anda tetap tersimpan. Setelah keadaan aman, lanjutkan di sini.")
    again.text = f"{notice}\n\n{kept}\n\n{again.text}"
    return again


# --- The summary, and changing an answer there ----------------------------------------------


def _shown(spec_field: filing.FieldSpec, value: Any) -> str:
    """An answer as the chat shows it: a place by name, a choice by label, a number in the chat's
    language ("72,5" in Indonesian, "72.5" in English); "" for no answer."""
    if value in ("", None):
        return ""
    if spec_field.kind == "region":
        return region_label(value)
    if spec_field.kind == "yes_no":
        return _("ya") if value else _("tidak")
    if spec_field.kind == "choice":
        return next((str(label) for option, label in spec_field.choices if option == value), str(value))
    if spec_field.kind in ("number", "decimal_number"):
        return formats.number_format(value)
    return str(value)


def _summary(spec: filing.FormSpec, answers: dict[str, Any]) -> str:
    lines = []
    for spec_field in spec.fields:
        # An answer that no longer applies (a name, once a change made the report anonymous) is not filed.
        if spec_field.name not in answers or not spec_field.applies(answers):
            continue
        spec_field = filing.for_kind(spec, spec_field, answers.get("kind") or "")
        shown = _shown(spec_field, answers[spec_field.name])
        if shown:
            lines.append(f"- {spec_field.label}: {shown}")
    return "\n".join(lines)


def _confirm_buttons() -> list[str]:
    return [_("Ya, kirim"), _("Ubah jawaban"), _("Batal")]


def _confirm_reminder() -> Step:
    return Step(
        _('Tulis "ya" untuk mengirim, atau "batal" untuk membatalkan.'),
        _confirm_buttons(),
        state="confirming",
    )


def _sends(text: str) -> bool:
    """The citizen confirms: "ya", "kirim", or the button."""
    return bool(YES.match(text)) or text.strip().lower() in (_("Ya, kirim").lower(), "ya, kirim", "yes, send")


def _changeable(spec: filing.FormSpec, answers: dict[str, Any]) -> list[filing.FieldSpec]:
    """The answers the chat asked for, the typed ones first: a typo is the usual reason to change
    one, and a channel that shows only the first buttons (Telegram: six) shows those."""
    kind = answers.get("kind") or ""
    asked = [
        filing.for_kind(spec, spec_field, kind)
        for spec_field in spec.fields
        if spec_field.name in answers and _asked_in_chat(spec, spec_field, answers)
    ]
    picked = ("choice", "yes_no")
    return [f for f in asked if f.kind not in picked] + [f for f in asked if f.kind in picked]


def _at_confirmation(draft: Draft, text: str, *, language: str, channel_user: str) -> Step:
    """At the summary: send it, or change one answer (named in the message, or picked from the list)."""
    spec = _spec(draft)
    fields = _changeable(spec, _answers(draft))
    listed = draft.data.get(CHANGE_LIST) or []
    number = text.strip().rstrip(".")
    if listed and number.isdigit() and 1 <= int(number) <= len(listed):
        picked = next((f for f in fields if f.name == listed[int(number) - 1]), None)
        if picked is not None:
            return _change(draft, picked)
    if _sends(text) or not (listed or field_names.asks_change(text)):
        return _submit(draft, text, language=language, channel_user=channel_user)
    picked = field_names.named_field(text, fields)
    if picked is not None:
        return _change(draft, picked)
    problem = _("Pilih salah satu: ketik nomornya atau tekan tombolnya.") if listed else ""
    return _list_changeable(draft, fields, problem)


def _list_changeable(draft: Draft, fields: list[filing.FieldSpec], problem: str = "") -> Step:
    """Which answer to change: the fields by label, numbered and as buttons."""
    _store(draft, {CHANGE_LIST: [spec_field.name for spec_field in fields]})
    lines = "\n".join(f"{number}. {spec_field.label}" for number, spec_field in enumerate(fields, 1))
    text = _("Jawaban mana yang ingin Anda ubah?") + "\n" + lines + "\n" + _("Ketik nomornya.")
    if problem:
        text = f"{problem}\n\n{text}"
    return Step(text, [str(spec_field.label) for spec_field in fields], state="confirming")


def _change(draft: Draft, spec_field: filing.FieldSpec) -> Step:
    """Leave the confirmation to ask ``spec_field`` again; its answer leads back to the summary."""
    name = spec_field.name
    _store(draft, {CONFIRMING: False, CHANGE_LIST: [], CHANGING: name, STEP: name, OPTIONS: []})
    return _ask(draft)


def _ask_change(spec: filing.FormSpec, answers: dict[str, Any], name: str, problem: str = "") -> Step:
    """The answer being changed, asked as the first time, with what it is now."""
    spec_field = filing.for_kind(spec, spec.field(name), answers.get("kind") or "")
    text, buttons = _question(spec_field)
    now = _shown(spec_field, answers.get(name))
    if now:
        text += "\n" + _("Jawaban sekarang: %(value)s") % {"value": now}
    if problem:
        text = f"{problem}\n\n{text}"
    return Step(text, buttons)


def _confirm(draft: Draft, spec: filing.FormSpec, answers: dict[str, Any]) -> Step:
    checked = filing.check(spec, answers)
    if not checked.valid:
        # A rule across fields (e.g. a phone or e-mail is needed): ask that field again.
        name, problem = next(iter(checked.errors.items()))
        _store(draft, {key: value for key, value in answers.items() if key != name} | {STEP: name})
        draft.data.pop(name, None)
        Draft.objects.filter(pk=draft.pk).update(data=draft.data)
        return _ask(draft, problem)
    _store(draft, {CONFIRMING: True, CHANGE_LIST: []})
    summary = _summary(spec, answers)
    if draft.data.get(PHOTO):
        summary += "\n- " + _("Foto: %(name)s") % {"name": draft.data[PHOTO]["name"]}
    text = (
        _emergency_first(draft.kind, answers.get("description") or "")
        + _("Periksa lagi sebelum dikirim:")
        + "\n"
        + summary
        + "\n\n"
        + _('Kirim sekarang? Tulis "ya" untuk mengirim atau "batal".')
    )
    return Step(text, _confirm_buttons(), state="confirming")


def _submit(draft: Draft, text: str, *, language: str, channel_user: str) -> Step:
    if not _sends(text):
        return _confirm_reminder()
    answers = _answers(draft)
    if draft.kind == Kind.APPLICATION:
        needed = filing.required_documents(_spec(draft), answers)
        if needed:
            return _to_web_form(draft, needed)
    refused_by = _refusal(draft, channel_user)
    if refused_by:
        return _limited(refused_by)
    extra = {"telegram_chat_id": channel_user} if draft.channel == "telegram" and channel_user else {}
    try:
        photo = _kept_photo(draft)
    except (uploads.UploadRejected, OSError):
        # The file beside the draft is gone or changed (storage cleared): ask for it again.
        data = {key: value for key, value in draft.data.items() if key not in (PHOTO, CONFIRMING)}
        Draft.objects.filter(pk=draft.pk).update(data=data)
        draft.data = data
        return _ask(draft, _("Foto tadi tidak tersimpan lagi."))
    try:
        submitted = _file(draft, answers, language=language, extra=extra, photo=photo)
    except actions.FilingError as error:
        _delete_photo_file(draft)
        return Step("\n".join(error.errors.values()), state="cancelled")
    _delete_photo_file(draft)  # the case keeps its own copy, as the web form's
    return _receipt(submitted)


def _to_web_form(draft: Draft, needed: list[Any]) -> Step:
    """Documents cannot travel through a chat reliably: the web form finishes the draft."""
    url = f"{settings.PUBLIC_URL.rstrip('/')}/permohonan/{draft.service.slug}/?draf={draft.token}"
    docs = "\n".join(f"{number}. {doc.label}" for number, doc in enumerate(needed, 1))
    text = (
        _("Isian sudah lengkap. Tinggal mengunggah dokumen ini:")
        + f"\n{docs}\n\n"
        + _("Buka tautan ini, isian Anda sudah terisi; unggah foto dokumennya lalu tekan Kirim permohonan:")
        + f"\n{url}"
    )
    return Step(text, state="upload")


def _file(
    draft: Draft,
    answers: dict[str, Any],
    *,
    language: str,
    extra: dict[str, Any],
    photo: uploads.CheckedUpload | None = None,
) -> actions.Submitted:
    common = {"channel": draft.channel, "language": language, "draft": draft, "extra_fields": extra}
    if draft.kind == Kind.APPLICATION:
        return actions.submit_application(draft.service, answers, {}, **common)
    return actions.submit_complaint(answers, photo=photo, **common)


def _emergency_first(kind: str, description: str) -> str:
    """For a report of danger: call 112 first, since a report is not an emergency service; else nothing."""
    if not emergency.report_needs_112(kind, description):
        return ""
    return " ".join((*emergency.call_now(), emergency.not_an_emergency_service())) + "\n\n"


def _receipt(submitted: actions.Submitted) -> Step:
    case = submitted.case
    text = (
        _emergency_first(case.kind, case.description)
        + _("Terkirim. Nomor lacak: %(number)s. Kode rahasia: %(code)s.")
        % {"number": case.tracking_number, "code": submitted.secret_code}
        + "\n"
        + _(
            "Simpan keduanya; kode rahasia hanya ditampilkan sekali. Batas verifikasi: %(verify)s; perkiraan selesai: %(resolve)s (dihitung dalam hari kerja)."
        )
        % {"verify": case.verify_due.strftime("%d-%m-%Y"), "resolve": case.resolve_due.strftime("%d-%m-%Y")}
        + "\n"
        + _('Untuk melihat perkembangannya, tulis "cek status %(number)s %(code)s".')
        % {"number": case.tracking_number, "code": submitted.secret_code}
    )
    return Step(text, state="filed", tracking_number=case.tracking_number)


def _submitter(draft: Draft, channel_user: str) -> str:
    """Who is filing: the Telegram chat, else the assistant conversation holding this draft."""
    if channel_user:
        return f"{draft.channel}:{channel_user}"
    from pamong.assistant.models import Conversation

    conversation = Conversation.objects.filter(filing_token=draft.token).values_list("pk", flat=True).first()
    return f"conversation:{conversation}" if conversation else f"draft:{draft.pk}"


# The address of the client whose request is being answered. The assistant's views and API do not
# hand the request down to the dialog, so ``note_client`` (connected to ``request_started`` in
# ``apps.py``) keeps it for the request, as ``core.ratelimit.client_key`` reads it.
_client_address: ContextVar[str] = ContextVar("cases_client_address", default="")


def note_client(sender: Any, environ: dict[str, Any] | None = None, scope: Any = None, **kwargs: Any) -> None:
    """request_started: note the caller's address (WSGI REMOTE_ADDR, or the ASGI scope's client)."""
    if environ is not None:
        address = environ.get("REMOTE_ADDR") or "unknown"
    else:
        client = (scope or {}).get("client")
        address = client[0] if client else "unknown"
    _client_address.set(address)


def forget_client(sender: Any, **kwargs: Any) -> None:
    """request_finished: outside a request (a task, a command) no address is known."""
    _client_address.set("")


def _refusal(draft: Draft, channel_user: str) -> str:
    """Which hourly limit (PAMONG_CASES_SUBMISSIONS_PER_HOUR) refuses this filing: "conversation"
    (or Telegram chat), "address", or "" when none does.

    The address counter is the web form's and the API's, so new conversations (or a switch of
    channel) do not escape it. A Telegram chat is limited by the chat only: every update comes
    from Telegram's servers, whose address says nothing about the citizen.
    """
    limit = settings.CASES_SUBMISSIONS_PER_HOUR
    if not allow("cases-submit", _submitter(draft, channel_user), limit=limit, window_seconds=3600):
        return "conversation"
    address = "" if channel_user or draft.channel == "telegram" else _client_address.get()
    if address and not allow("cases-submit", address, limit=limit, window_seconds=3600):
        return "address"
    return ""


def _limited(refused_by: str) -> Step:
    """Refused for now, answers kept: the draft stays at the confirmation, so "ya" later sends it."""
    if refused_by == "address":
        text = _(
            "Terlalu banyak laporan atau permohonan dari sambungan internet ini dalam satu jam "
            '(batasnya %(limit)s). Jawaban Anda tetap tersimpan: tulis "ya" lagi setelah satu jam '
            'untuk mengirimnya, atau "batal".'
        )
    else:
        text = _(
            "Terlalu banyak laporan atau permohonan dari percakapan ini dalam satu jam (batasnya %(limit)s). "
            'Jawaban Anda tetap tersimpan: tulis "ya" lagi setelah satu jam untuk mengirimnya, atau "batal".'
        )
    text %= {"limit": settings.CASES_SUBMISSIONS_PER_HOUR}
    return Step(text, _confirm_buttons(), state="confirming")


def status(text: str, *, requester: str, language: str) -> Step:
    """ "cek status A2611-7KQ3PX K8M2QR7T": the case's status in a few lines, or how to ask."""
    with translation.override(language):
        number_match = TRACKING.search(text)
        rest = TRACKING.sub(" ", text) if number_match else text
        code_match = CODE.search(rest.upper().replace("STATUS", " "))
        if number_match is None or code_match is None:
            return Step(
                _(
                    "Tulis nomor lacak dan kode rahasia dari tanda terima, misalnya: cek status A2611-7KQ3PX K8M2QR7T"
                )
                + "\n"
                + _(
                    "Untuk pengaduan lewat SP4N-LAPOR!, cek di https://www.lapor.go.id dengan nomor tiketnya."
                ),
                state="asking",
            )
        if not allow("cases-lookup", requester, limit=settings.CASES_LOOKUPS_PER_HOUR, window_seconds=3600):
            return Step(_("Terlalu banyak percobaan. Coba lagi satu jam lagi."), state="cancelled")
        case = citizen_case(number_match.group(1), code_match.group(1))
        if case is None:
            return Step(
                _("Nomor lacak atau kode rahasia tidak cocok. Periksa lagi tanda terima Anda."),
                state="cancelled",
            )
        clock = sla.clock(case)
        lines = [
            _("%(number)s: %(status)s.")
            % {"number": case.tracking_number, "status": case.get_status_display()},
            _("Ditangani oleh: %(unit)s.")
            % {"unit": case.unit.name if case.unit else _("sedang ditentukan")},
        ]
        if clock.due:
            lines.append(
                _("Batas tahap ini: %(due)s%(late)s.")
                % {"due": clock.due.strftime("%d-%m-%Y"), "late": _(" (terlambat)") if clock.overdue else ""}
            )
        last = (
            case.events.filter(public=True, kind__in=("reply", "status"))
            .exclude(note="")
            .order_by("-created_at", "-id")
            .first()
        )
        if last is not None:
            lines.append(_("Pesan terakhir: %(note)s") % {"note": last.note[:500]})
        return Step("\n".join(lines), state="filed", tracking_number=case.tracking_number)


def offers_applications(service: Any) -> bool:
    return service is not None and filing.accepts_applications(service.slug)
