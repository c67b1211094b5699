"""Answers composed from catalog facts only: what to bring, steps, fee, time, where, law.

Nothing here invents: every sentence is a catalog field or a fixed phrase. Text is plain
(short lines, numbered steps) so it reads the same on the web page and in Telegram.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _

from pamong.assistant import loss
from pamong.assistant.aspects import Aspect
from pamong.assistant.referrals import Referral
from pamong.catalog.models import Faq, Requirement, Service


@dataclass
class Reply:
    """What the assistant says, with the buttons it offers and the facts it used."""

    kind: str
    text: str
    service: Service | None = None
    faq: Faq | None = None
    quick_replies: list[str] = field(default_factory=list)
    options: list[Service] = field(default_factory=list)  # services offered when unsure
    decision_id: int | None = None  # set once the reply is logged
    filing_token: str | None = None  # a guided filing started ("token") or ended (""); None: unchanged
    referral: str | None = None  # key of the referral given (a service handled elsewhere)


@cache
def jargon() -> list[tuple[str, str, str, re.Pattern[str], re.Pattern[str]]]:
    """(term, meaning id, meaning en, bare use, already explained) per abbreviation."""
    with open(settings.DATA_DIR / "lexicon" / "jargon.csv", encoding="utf-8", newline="") as handle:
        rows = [(row["term"], row["id"], row["en"]) for row in csv.DictReader(handle)]
    return [
        (
            term,
            meaning_id,
            meaning_en,
            # Not after "(": "Surat Keterangan Pindah (SKPWNI)" already says what it means.
            re.compile(rf"(?<![\w(-]){re.escape(term)}(?![\w-])(?!\s*\()"),
            re.compile(rf"(?<![\w-]){re.escape(term)}\s*\("),
        )
        for term, meaning_id, meaning_en in rows
    ]


def _context_words(cell: str | None) -> str:
    """A "|"-separated cell of jargon.csv as a regex alternation ("" when empty)."""
    words = [word.strip() for word in (cell or "").split("|") if word.strip()]
    return "|".join(re.escape(word) for word in words)


@cache
def _jargon_context() -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """Per term, the words that show another meaning right before or after it (jargon.csv's
    optional ``not_after`` / ``not_before``): "kartu SIM" is a phone card, not a driving licence."""
    with open(settings.DATA_DIR / "lexicon" / "jargon.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    context: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {}
    for row in rows:
        after, before = _context_words(row.get("not_after")), _context_words(row.get("not_before"))
        context[row["term"]] = (
            re.compile(rf"(?<![\w-])(?:{after})\s+\Z", re.IGNORECASE) if after else None,
            re.compile(rf"\s+(?:{before})(?![\w-])", re.IGNORECASE) if before else None,
        )
    return context


def _inside_parentheses(text: str, position: int) -> bool:
    """Whether ``position`` is inside a "( ... )" opened earlier on its line: words there are
    already an aside ("DTSEN (dulu DTKS)"), and a gloss in it would nest parentheses."""
    depth = 0
    for char in text[text.rfind("\n", 0, position) + 1 : position]:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
    return depth > 0


def explain_jargon(text: str, language: str) -> str:
    """The first bare use of an abbreviation gets its plain meaning: "KK (Kartu Keluarga)".

    Not where the explanation is already there (the meaning in the text, or "KK (" after the
    term), not inside an existing parenthesis, and not where the neighbouring words show the
    term means something else ("kartu SIM", "SIM card"): a wrong gloss is worse than none."""
    lowered = text.lower()
    context = _jargon_context()
    for term, meaning_id, meaning_en, bare, explained in jargon():
        if term not in text:
            continue
        meaning = meaning_en if language == "en" else meaning_id
        if meaning.lower() in lowered:
            continue  # the plain words are already there
        if explained.search(text):
            continue  # already explained by the catalog
        not_after, not_before = context.get(term, (None, None))
        for use in bare.finditer(text):
            if _inside_parentheses(text, use.start()):
                continue
            if not_after and not_after.search(text, 0, use.start()):
                continue
            if not_before and not_before.match(text, use.end()):
                continue
            text = f"{text[: use.end()]} ({meaning}){text[use.end() :]}"
            lowered = text.lower()
            break
    return text


def service_url(service: Service) -> str:
    return settings.PUBLIC_URL.rstrip("/") + service.get_absolute_url()


def numbered(items: list[str]) -> str:
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, 1))


def requirement_line(req: Requirement) -> str:
    line = req.t("document")
    if req.optional:
        line += " " + _("(jika ada)")
    if req.notes_id:
        line += f" — {req.t('notes')}"
    return line


def requirements_text(service: Service, situation_words: set[str]) -> str:
    """General requirements, plus the variants that fit the citizen's situation (or all variants)."""
    requirements = list(service.requirements.all())
    general = [requirement_line(r) for r in requirements if not r.variant_id]
    variants: dict[str, list[str]] = {}
    for req in requirements:
        if req.variant_id:
            variants.setdefault(req.t("variant"), []).append(requirement_line(req))
    # By words, not by spaces: "Jika hilang atau rusak," must match "rusak".
    matching = {
        v: items for v, items in variants.items() if situation_words & set(re.findall(r"\w+", v.lower()))
    }
    shown = matching or variants
    parts = [numbered(general)] if general else []
    for variant, items in shown.items():
        parts.append(f"{variant}:\n{numbered(items)}")
    return "\n".join(parts) if parts else _("Tidak ada dokumen khusus yang tercatat untuk layanan ini.")


def fee_text(service: Service) -> str:
    fees = list(service.fees.all())
    if not fees:
        return _("Biaya tidak tercatat di katalog; tanyakan ke kantor layanan.")
    lines = []
    for fee in fees:
        basis = f" ({fee.legal_basis})" if fee.legal_basis else ""
        description = fee.t("description")
        if fee.amount is None:  # no fixed amount: the description says how it is set
            lines.append(f"{description}{basis}")
            continue
        amount = _("Gratis") if fee.amount == 0 else "Rp" + f"{fee.amount:,}".replace(",", ".")
        if description.lower().startswith(amount.lower()):
            lines.append(f"{description}{basis}")
        else:
            lines.append(f"{amount}: {description}{basis}")
    return "\n".join(lines)


def where_text(service: Service) -> str:
    lines = []
    if service.office_id:
        lines.append(service.t("office"))
    if service.online_url:
        lines.append(_("Daring") + f": {service.online_name or service.online_url} {service.online_url}")
    return "\n".join(lines) or service.t("agency")


def law_text(service: Service) -> str:
    titles = [basis.title for basis in service.legal_bases.all()]
    return numbered(titles) if titles else _("Dasar hukum tidak tercatat di katalog.")


def compose_service(service: Service, aspect: Aspect, *, language: str, situation: set[str]) -> str:
    """The answer about ``service``: the whole picture, or the one aspect asked about.

    The first note ("Pasangan Muslim: KUA") comes right under the name in every answer: a fee
    or a list of documents is no use to someone who should be at another office."""
    head = f"{service.t('name')}"
    if service.first_note_id:
        head += "\n\n" + _("Perhatian: %(note)s") % {"note": service.t("first_note")}
    link = _("Selengkapnya: %(url)s") % {"url": service_url(service)}
    if aspect is Aspect.FEE:
        body = _("Biaya:") + "\n" + fee_text(service)
    elif aspect is Aspect.TIME:
        body = _("Waktu layanan:") + " " + service.t("service_time")
    elif aspect is Aspect.REQUIREMENTS:
        body = _("Yang perlu dibawa:") + "\n" + requirements_text(service, situation)
    elif aspect is Aspect.STEPS:
        body = _("Langkah-langkah:") + "\n" + numbered([step.t("text") for step in service.steps.all()])
    elif aspect is Aspect.WHERE:
        body = _("Tempat dan cara mengajukan:") + "\n" + where_text(service)
    elif aspect is Aspect.LAW:
        body = _("Dasar hukum:") + "\n" + law_text(service)
    else:
        body = "\n\n".join(
            [
                service.t("summary"),
                _("Yang perlu dibawa:") + "\n" + requirements_text(service, situation),
                _("Langkah-langkah:") + "\n" + numbered([step.t("text") for step in service.steps.all()]),
                _("Biaya:") + " " + fee_text(service),
                _("Waktu layanan:") + " " + service.t("service_time"),
                _("Tempat:") + " " + where_text(service),
            ]
        )
    return explain_jargon(f"{head}\n\n{body}\n\n{link}", language)


def compose_faq(faq: Faq, *, language: str) -> str:
    service = faq.service
    text = f"{faq.t('question')}\n\n{faq.t('answer')}\n\n" + _("Layanan: %(name)s. Selengkapnya: %(url)s") % {
        "name": service.t("name"),
        "url": service_url(service),
    }
    return explain_jargon(text, language)


def compose_lost_elsewhere(service: Service, target: Service, *, language: str, situation: set[str]) -> str:
    """A lost document handled by another service (``if_lost``): that service's whole answer,
    and where the replacement is made when that service is another office's first step."""
    parts = [
        _("Bila dokumennya hilang, layanan yang tepat: %(target)s.") % {"target": target.t("name")},
        compose_service(target, Aspect.OVERVIEW, language=language, situation=situation),
    ]
    if target.agency_id != service.agency_id:
        parts.append(_("Penggantian dokumennya diurus di: %(where)s") % {"where": where_text(service)})
    return explain_jargon("\n\n".join(parts), language)


def _not_in_catalog(service: Service, missing: str, closing: str, *, language: str) -> str:
    """What the catalog does not say about ``service``, where to ask instead, and a way on."""
    text = f"{service.t('name')}\n\n{missing}\n" + _("Tanyakan ke tempat layanannya:")
    return explain_jargon(f"{text} {where_text(service)}\n\n{closing}", language)


def compose_no_loss_facts(service: Service, *, language: str) -> str:
    """Nothing in the catalog on a lost or damaged document of this service: say so, and where to ask."""
    missing = _("Katalog kami belum memuat langkah khusus bila dokumen layanan ini hilang atau rusak.")
    return _not_in_catalog(service, missing, _('Atau tekan "Bicara dengan petugas".'), language=language)


def compose_unanswered_follow_up(service: Service, *, language: str) -> str:
    """A short follow-up ("bisa dicicil?") nothing in the catalog answers: said of the service
    being discussed, so the citizen is not sent back to the start."""
    missing = _("Saya belum menemukan jawaban pertanyaan itu untuk layanan ini di katalog.")
    return _not_in_catalog(service, missing, _('Atau tekan "Bicara dengan petugas".'), language=language)


def compose_not_in_service(current: Service, other: Service, *, language: str) -> str:
    """A follow-up the current service's facts do not answer, and the other service it may mean."""
    missing = _("Saya belum menemukan jawaban pertanyaan itu untuk layanan ini di katalog.")
    closing = _("Jika yang Anda maksud layanan lain, tekan: %(name)s") % {"name": other.t("name")}
    return _not_in_catalog(current, missing, closing, language=language)


def follow_up_buttons(service: Service) -> list[str]:
    """The usual next questions, as short buttons ("Kalau hilang?" where the catalog answers it)."""
    buttons = [_("Syaratnya apa?"), _("Berapa biayanya?"), _("Berapa lama?"), _("Di mana mengurusnya?")]
    if loss.covered(service):
        buttons.append(_("Kalau hilang?"))
    buttons.append(_("Bicara dengan petugas"))
    return buttons


def compose_referral(referral: Referral, *, language: str) -> Reply:
    """Who handles a service this office does not, and where to go: only the referral list's
    own words and fixed phrases, with a person offered as after any reply it cannot answer."""
    topic = referral.t("topic", language)
    text = (
        _("%(topic)s: diurus oleh %(institution)s, bukan oleh layanan dalam katalog kami.")
        % {"topic": topic[:1].upper() + topic[1:], "institution": referral.t("institution", language)}
        + "\n"
        + referral.t("pointer", language)
        + "\n\n"
        + _('Jika masih perlu bantuan, tekan "Bicara dengan petugas".')
    )
    return Reply("referral", text, quick_replies=[_("Bicara dengan petugas")], referral=referral.key)
