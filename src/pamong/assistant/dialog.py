"""One turn of a conversation: understand, choose, compose, remember, log.

Every channel (web page, JSON API, Telegram) calls ``respond``; nothing here knows HTTP.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from pamong.ai.decisions import decide
from pamong.ai.functions import Prediction
from pamong.ai.registry import get
from pamong.assistant import english, facts, gateway, loss, topic
from pamong.assistant.aspects import Aspect, aspect_of, only_aspect_words, situation_of
from pamong.assistant.compose import (
    Reply,
    compose_faq,
    compose_lost_elsewhere,
    compose_no_loss_facts,
    compose_not_in_service,
    compose_referral,
    compose_service,
    compose_unanswered_follow_up,
    follow_up_buttons,
)
from pamong.assistant.function import AssistantAnswer, Choice
from pamong.assistant.intents import Intent, describes_a_problem, understand
from pamong.assistant.language import detect
from pamong.assistant.models import Conversation, Handoff, Message, Role
from pamong.assistant.retrieval import retriever
from pamong.cases import guided
from pamong.cases.emergency import call_now
from pamong.catalog.models import Faq, Service
from pamong.core.audit import record
from pamong.core.privacy import mask_identifiers
from pamong.core.text import content_words

MAX_MESSAGE_CHARS = 1000
APPLY_WORDS = frozenset(
    [
        "ajukan",
        "aju",
        "mengajukan",
        "permohonan",
        "mohon",
        "daftar",
        "sekarang",
        "online",
        "daring",
        "apply",
        "now",
        "start",
    ]
)
POPULAR = ("ktp-el-baru", "kartu-keluarga-baru", "akta-kelahiran", "skck", "nib-oss")


def assistant() -> AssistantAnswer:
    function = get(AssistantAnswer.key)
    assert isinstance(function, AssistantAnswer)
    return function


def start(channel: str, *, channel_user: str = "", language: str = "id") -> Conversation:
    return Conversation.objects.create(channel=channel, channel_user=channel_user, language=language)


def greeting(conversation: Conversation) -> Reply:
    services = facts.services(list(POPULAR))
    return Reply(
        "greeting",
        _(
            "Halo! Saya asisten otomatis (komputer) %(site)s. Saya bisa menjelaskan syarat, langkah, biaya, "
            'dan tempat mengurus layanan publik. Tulis saja kebutuhan Anda, misalnya: "bikin KTP baru".'
        )
        % {"site": settings.SITE_NAME},
        quick_replies=[*[s.t("name") for s in services][:4], _("Bicara dengan petugas")],
    )


# Words that point at an option rather than describe it ("the new one", "yang itu").
POINTING = frozenset(["one", "ones", "itu", "ini", "aja", "saja", "dong"])
# A message this short, unanswered while a service is being discussed, is a follow-up about it.
FOLLOW_UP_TERMS = 3
# A follow-up that says what the current service is for ("buat daftar cpns", "untuk umroh").
PURPOSE = re.compile(r"(buat|untuk|utk|bwt|for|keperluan|keperluannya|dipakai untuk|dipake buat)\b")


def _picked_option(conversation: Conversation, text: str) -> Service | None:
    """The citizen answered a clarifying question: by number ("1"), by the service's name, or
    by words only one option's name has ("yang baru")."""
    options = facts.services(conversation.pending_options)
    cleaned = text.strip().lower().rstrip(".")
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(options):
        return options[int(cleaned) - 1]
    for service in options:
        if cleaned in (service.name_id.lower(), service.name_en.lower(), service.slug):
            return service
    # "yang baru", "yang hilang", "the new one": the one option whose name holds those words.
    said = set(english.terms(text)) - POINTING
    named = [s for s in options if said and said <= set(english.terms(f"{s.name_id} {s.name_en}"))]
    return named[0] if len(named) == 1 else None


def _answer(
    service: Service, choice_faq: str | None, text: str, conversation: Conversation, kind: str
) -> Reply:
    aspect = aspect_of(text)
    faq = facts.faq(choice_faq, service)
    if faq is None and aspect is Aspect.TIME and (asked := topic.faq_asked(service, text, None)) is not None:
        faq = asked  # "how long is police clearance valid": the validity FAQ, not the service time
    lost = loss.words_of(text) if faq is None else set()
    if lost and (reply := _lost(service, lost, conversation, kind)) is not None:
        return reply
    # An FAQ that matched best answers the question itself, also for situations ("kk hilang")
    # and for a word of its own beyond the facet ("skck berlaku berapa lama": validity, not time).
    if faq is not None and (situation_of(text) or topic.asks_the_faq(service, faq, text)):
        body = compose_faq(faq, language=conversation.language)
    else:
        situation = _situation(text, service, aspect, conversation)
        body = compose_service(service, aspect, language=conversation.language, situation=situation)
        faq = None
    buttons = follow_up_buttons(service)
    other = facts.service(service.first_note_see) if faq is None else None  # cached, no query
    if other is not None:  # "Pendaftaran Nikah di KUA" under the civil-registry marriage
        buttons.insert(0, other.t("name"))
    return Reply(kind, body, service=service, faq=faq, quick_replies=buttons)


def _lost(service: Service, words: set[str], conversation: Conversation, kind: str) -> Reply | None:
    """A lost or damaged document (``loss``): where ``if_lost`` points, else None when the
    service's own answer covers it, else (in a follow-up) a plain "the catalog has no steps"."""
    found = loss.target(service)
    language = conversation.language
    if isinstance(found, Faq) and loss.answers(found, words):
        return Reply(
            kind,
            compose_faq(found, language=language),
            service=found.service,
            faq=found,
            quick_replies=follow_up_buttons(found.service),
        )
    if isinstance(found, Service) and loss.answers(found, words):
        body = compose_lost_elsewhere(service, found, language=language, situation=words)
        return Reply(kind, body, service=found, quick_replies=follow_up_buttons(found))
    if loss.handled_by(service, words) or kind != "follow_up":
        # In a first question the words may be about something else ("bangunan rusak, izin
        # renovasi?"): only a follow-up ("kalau rusak?") is surely about this document.
        return None
    body = compose_no_loss_facts(service, language=language)
    return Reply(kind, body, service=service, quick_replies=follow_up_buttons(service))


def _situation(text: str, service: Service, aspect: Aspect, conversation: Conversation) -> set[str]:
    """Situation words of the message and of the citizen's earlier ones ("hilang" said before).

    They only choose among a service's requirement variants, so the history is read only
    when the answer lists requirements of a service that has variants (a query saved otherwise).
    """
    situation = situation_of(text)
    if aspect in (Aspect.OVERVIEW, Aspect.REQUIREMENTS) and any(
        req.variant_id for req in service.requirements.all()
    ):
        recent = (
            conversation.messages.filter(role=Role.CITIZEN).order_by("-id").values_list("text", flat=True)
        )
        situation |= situation_of(" ".join(recent[:20]))
    return situation


def _ask_which(options: list[Service]) -> Reply:
    """Ask the citizen to pick one of the services offered."""
    lines = "\n".join(f"{number}. {service.t('name')}" for number, service in enumerate(options, 1))
    text = _("Untuk layanan yang mana? Ketik nomornya atau tekan salah satu tombol.") + "\n" + lines
    quick = [service.t("name") for service in options] + [_("Bicara dengan petugas")]
    return Reply("clarify", text, quick_replies=quick, options=options)


def _unsure(choice: Choice, conversation: Conversation) -> Reply:
    # Offer only services that share a word with the question: for an off-topic
    # question, a list of unrelated services is noise.
    related = [c.slug for c in choice.retrieval.candidates[:3] if c.lexical > 0]
    options = facts.services(related)
    if choice.action == "clarify" and len(options) >= 2:
        first, second = options[:2]
        text = _(
            "Maksud Anda yang mana?\n1. %(a)s\n2. %(b)s\nKetik 1 atau 2, atau tekan salah satu tombol."
        ) % {
            "a": first.t("name"),
            "b": second.t("name"),
        }
        return Reply(
            "clarify",
            text,
            quick_replies=[first.t("name"), second.t("name"), _("Bicara dengan petugas")],
            options=[first, second],
        )
    if conversation.unsure_count >= 1:
        text = _(
            'Maaf, saya masih belum bisa menjawab. Tekan "Bicara dengan petugas" agar pertanyaan Anda '
            "dijawab oleh petugas kami."
        )
    else:
        text = _(
            "Maaf, saya belum yakin apa yang Anda maksud. Saya hanya menjawab pertanyaan tentang layanan "
            "publik: dokumen kependudukan, izin, pajak daerah, bantuan sosial, dan pengaduan. "
            'Coba tulis nama dokumennya, misalnya "akta kelahiran".'
        )
    if options:
        text += (
            "\n\n"
            + _("Mungkin salah satu layanan ini:")
            + "\n"
            + "\n".join(f"{number}. {service.t('name')}" for number, service in enumerate(options, 1))
        )
    return Reply(
        "abstain",
        text,
        quick_replies=[s.t("name") for s in options] + [_("Bicara dengan petugas")],
        options=options,
    )


def handoff(conversation: Conversation, reason: str) -> Reply:
    existing = conversation.handoffs.exclude(status="closed").first()
    if existing is None:
        existing = Handoff.objects.create(conversation=conversation, reason=reason)
        record("citizen", "assistant.handoff.created", existing, channel=conversation.channel)
    return Reply(
        "handoff",
        _(
            "Baik, percakapan ini sudah diteruskan ke petugas kami (nomor %(number)s). Petugas akan membalas "
            "di sini pada jam kerja. Anda boleh menulis detail tambahan sekarang."
        )
        % {"number": existing.pk},
    )


def emergency() -> Reply:
    """A life in danger: the emergency numbers before anything else, then a report offered."""
    return Reply(
        "emergency",
        "\n".join(call_now())
        + "\n\n"
        + _(
            "Asisten ini bukan layanan darurat. Setelah keadaan aman, saya bisa membantu membuat laporan "
            'ke pemerintah daerah: tekan "Buat laporan".'
        ),
        quick_replies=[_("Buat laporan")],
    )


def _report_after_emergency(text: str, conversation: Conversation) -> Reply | None:
    """The "Buat laporan" button under the emergency reply: the message that raised it is the report."""
    with translation.override("en"):
        english = _("Buat laporan")
    if text.strip().lower() not in {_("Buat laporan").lower(), "buat laporan", english.lower()}:
        return None
    said = list(conversation.messages.order_by("-id")[:2])  # the emergency reply, then what raised it
    if len(said) < 2 or said[0].kind != "emergency" or said[1].role != Role.CITIZEN:
        return None
    return _start_filing(conversation, "complaint", None, opening=said[1].text, described=True)


def _by_intent(intent: Intent, text: str, conversation: Conversation) -> Reply | None:
    if intent is Intent.EMERGENCY:
        return emergency()
    if intent is Intent.ASK_PERSON:
        return handoff(conversation, "citizen asked for a person")
    if intent is Intent.GREETING:
        return greeting(conversation)
    if intent is Intent.THANKS:
        return Reply("thanks", _("Sama-sama. Semoga urusan Anda lancar. Ada lagi yang bisa saya bantu?"))
    if intent is Intent.ACKNOWLEDGE:  # "ok", or "batal" with no form being filled in
        return Reply("thanks", _("Baik. Ada lagi yang bisa saya bantu? Tulis saja pertanyaan Anda."))
    if intent is Intent.OFFICE_HOLDER:
        return Reply(
            "out_of_scope",
            _(
                "Saya asisten otomatis untuk layanan publik, jadi saya tidak menjawab pertanyaan tentang "
                "pejabat, politik, atau berita. Saya bisa membantu soal dokumen kependudukan, izin, pajak "
                "daerah, bantuan sosial, dan pengaduan."
            ),
            quick_replies=[_("Bicara dengan petugas")],
        )
    if intent is Intent.CHECK_STATUS:
        step = guided.status(
            text, requester=f"conversation:{conversation.pk}", language=conversation.language
        )
        return Reply("status", step.text, quick_replies=[_("Bicara dengan petugas")])
    if intent is Intent.COMPLAINT or guided.wants_to_report(text):  # or an aspiration, an information request
        described = describes_a_problem(text)  # "lampu jalan mati sejak Senin": not asked again
        return _start_filing(conversation, "complaint", None, opening=text, described=described)
    return None


def _filing_reply(step: guided.Step, *, token: str | None = None) -> Reply:
    """A turn of guided filing; the draft is forgotten once filed, cancelled or sent to the web form."""
    ended = step.state in ("filed", "cancelled", "upload")
    return Reply("filing", step.text, quick_replies=step.quick_replies, filing_token="" if ended else token)


def _start_filing(
    conversation: Conversation,
    kind: str,
    service: Service | None,
    *,
    opening: str = "",
    described: bool = False,
) -> Reply:
    token, step = guided.start(
        kind,
        service=service,
        channel=conversation.channel,
        language=conversation.language,
        opening=opening,
        described=described,
    )
    reply = _filing_reply(step, token=token)
    reply.service = service
    return reply


def _turn(
    conversation: Conversation, text: str, photo: guided.SentPhoto | None = None
) -> tuple[Reply, Choice | None]:
    if photo is not None:  # only a guided filing takes a photo; it says so when none is asked
        step = guided.answer(
            conversation.filing_token,
            text,
            language=conversation.language,
            channel_user=conversation.channel_user,
            photo=photo,
        )
        return _filing_reply(step, token=conversation.filing_token), None
    understood = understand(text)
    filing = conversation.filing_token and guided.active(conversation.filing_token) is not None
    if filing and understood.intent is not Intent.ASK_PERSON:
        step = guided.answer(
            conversation.filing_token,
            text,
            language=conversation.language,
            channel_user=conversation.channel_user,
        )
        return _filing_reply(step, token=conversation.filing_token), None
    if conversation.pending_options:
        picked = _picked_option(conversation, text)
        if picked is not None:
            return _answer(picked, None, "", conversation, "answer"), None
        if only_aspect_words(content_words(text)):  # "syaratnya apa?" before choosing: which one?
            return _ask_which(facts.services(conversation.pending_options)), None
    after_emergency = _report_after_emergency(text, conversation)
    if after_emergency is not None:
        return after_emergency, None
    by_intent = _by_intent(understood.intent, text, conversation)
    if by_intent is not None:
        return by_intent, None
    current = facts.service_by_id(conversation.current_service_id)
    if current is not None and only_aspect_words(content_words(text)):
        # "berapa biayanya?" (often a quick-reply button) is about the current service: no search.
        return _answer(current, None, text, conversation, "follow_up"), None
    only_applying = set(content_words(text)) <= APPLY_WORDS
    if understood.intent is Intent.APPLY and only_applying and guided.offers_applications(current):
        # "Ajukan permohonan" (a button under an answer) applies for the service being discussed.
        return _start_filing(conversation, "application", current), None
    choice = assistant().choose(text)
    if choice.referral is not None and current is not None and PURPOSE.match(text.strip().lower()):
        # "buat daftar cpns" after the SKCK, "untuk umroh" after the passport: what the current
        # service is for, not the other institution's service.
        faq = topic.faq_asked(current, text, None)
        return _answer(current, faq.key if faq else None, text, conversation, "follow_up"), choice
    if choice.referral is not None:  # handled by another institution: say who, even mid-topic
        return compose_referral(choice.referral, language=conversation.language), choice
    answered = facts.service(choice.prediction.label) if choice.action == "answer" else None
    own_faq = answered is not None and answered.pk == getattr(current, "pk", None) and choice.faq_key
    if current is not None and not own_faq:
        faq = topic.faq_asked(current, text, answered)
        if faq is not None:  # "bisa diwakilkan?" after the KTP: its FAQ, not another service's
            body = compose_faq(faq, language=conversation.language)
            return Reply(
                "follow_up", body, service=current, faq=faq, quick_replies=follow_up_buttons(current)
            ), choice
    if (
        current is not None
        and choice.action == "clarify"
        and (topic.stays_between(current, choice) or not topic.names_an_option(current, choice))
    ):
        # A "which one?" between the current service and one the message does not name, or
        # between two others it names neither of ("brp dapetnya" after the PKH): this one.
        return _answer(current, None, text, conversation, "follow_up"), choice
    if current is not None and choice.action != "answer" and aspect_of(text) is not Aspect.OVERVIEW:
        return _answer(current, None, text, conversation, "follow_up"), choice
    service = facts.service(choice.prediction.label) if choice.action == "answer" else None
    if (
        current is not None
        and service is not None
        and not topic.moves_to(service, current, choice.retrieval.terms)
    ):
        # A follow-up sharing a rare word with another service ("bisa diwakilkan?"): stay.
        body = compose_not_in_service(current, service, language=conversation.language)
        return Reply(
            "abstain", body, service=current, quick_replies=[service.t("name"), *follow_up_buttons(current)]
        ), choice
    if service is not None:  # None too if the catalog changed in between
        kind = "apply" if understood.intent is Intent.APPLY else "answer"
        if kind == "apply" and guided.offers_applications(service):
            return _start_filing(conversation, "application", service), choice
        faq_key = _faq_of_answer(service, choice, text)
        reply = _answer(service, faq_key, "langkah" if kind == "apply" else text, conversation, kind)
        if kind == "apply":
            reply.text += "\n\n" + _("Layanan ini belum bisa diajukan lewat asisten; ikuti langkah di atas.")
        elif guided.offers_applications(service):
            reply.quick_replies = [*reply.quick_replies, _("Ajukan permohonan")]
        return reply, choice
    if current is not None and choice.action == "abstain" and len(choice.retrieval.terms) <= FOLLOW_UP_TERMS:
        # "bisa dicicil?" after the PBB: a question about it the catalog does not answer; say so
        # of the PBB and keep it, rather than "I am not sure what you mean".
        body = compose_unanswered_follow_up(current, language=conversation.language)
        return Reply("abstain", body, service=current, quick_replies=follow_up_buttons(current)), choice
    return _unsure(choice, conversation), choice


def _faq_of_answer(service: Service, choice: Choice, text: str) -> str | None:
    """The FAQ that answers a question about ``service``: the one the ranking put first, else
    the service's FAQ nearest the message when that one, rather than the sections, answers
    it (the ranking seldom puts an FAQ first: the service's own text wins on its names);
    none for a bare name ("skck", "kk"), which asks about the service."""
    ranked = facts.faq(choice.faq_key, service)
    if ranked is not None and not topic.only_names(service, choice.retrieval.terms, ranked):
        return ranked.key
    nearest = facts.faq(retriever().best_faq(service.slug, text), service)
    if nearest is None or topic.only_names(service, choice.retrieval.terms, nearest):
        return None
    return nearest.key if topic.faq_answers(service, nearest, text) else None


def respond(conversation: Conversation, text: str, *, photo: guided.SentPhoto | None = None) -> Reply:
    """Answer one citizen message (``photo``: a file sent with it); stores both messages and the decision."""
    text = (text or "").replace("\x00", "")
    truncated = len(text) > MAX_MESSAGE_CHARS
    text = text[:MAX_MESSAGE_CHARS]
    if re.search(r"\w", text) and not conversation.filing_token:
        # While filing, answers ("Skip", "ya", a name) say nothing of the language: keep it;
        # so does a message in neither ("2" picking an option, "ok").
        language = detect(text)
        if language != "unknown":
            conversation.language = "en" if language == "en" else "id"
    with translation.override(conversation.language):
        # Work out the reply first; the write lock (SQLite) is held only for the writes below.
        reply, choice = (
            _turn(conversation, text, photo)
            if photo is not None or re.search(r"\w", text)
            else (greeting(conversation), None)
        )
        if photo is not None:
            text = guided.photo_note(photo, text)  # the history names the file beside any caption
        if reply.service is not None and reply.kind in ("answer", "follow_up"):
            reply.text = gateway.rephrase(reply.text, text, language=conversation.language)
        if truncated:
            note = _("(Pesan Anda panjang; saya membaca 1.000 karakter pertama.)")
            # The emergency numbers stay first.
            reply.text = f"{reply.text}\n\n{note}" if reply.kind == "emergency" else f"{note}\n\n{reply.text}"
    model_version = assistant().model_version()
    with transaction.atomic():
        decision = _log(conversation, text, reply, choice, model_version)
        Message.objects.bulk_create(
            [
                Message(conversation=conversation, role=Role.CITIZEN, text=mask_identifiers(text)),
                Message(
                    conversation=conversation,
                    role=Role.ASSISTANT,
                    text=reply.text,
                    kind=reply.kind,
                    service=reply.service,
                    quick_replies=reply.quick_replies,
                    decision=decision,
                ),
            ]
        )
        if reply.service is not None:
            conversation.current_service = reply.service
        elif reply.referral is not None:  # "berapa biayanya?" next is not about the old service
            conversation.current_service = None
        conversation.pending_options = [s.slug for s in reply.options] if reply.kind == "clarify" else []
        conversation.unsure_count = conversation.unsure_count + 1 if reply.kind == "abstain" else 0
        if reply.filing_token is not None:
            conversation.filing_token = reply.filing_token
        conversation.save(
            update_fields=[
                "language",
                "current_service",
                "pending_options",
                "unsure_count",
                "filing_token",
                "updated_at",
            ]
        )
    reply.decision_id = decision.pk
    return reply


def _log(conversation: Conversation, text: str, reply: Reply, choice: Choice | None, model_version: str):  # type: ignore[no-untyped-def]
    """Every reply is a decision of assistant.answer, with why."""
    if choice is not None:
        prediction = choice.prediction
        if reply.kind == "abstain" and prediction.label is not None:  # stayed on the current service
            prediction = Prediction(
                None,
                prediction.confidence,
                prediction.alternatives,
                "the message names no other service: not answered for the current one; "
                + prediction.explanation,
            )
        elif reply.kind == "follow_up" and reply.service is not None:
            prediction = Prediction(
                reply.service.slug,
                prediction.confidence,
                prediction.alternatives,
                "follow-up on the current service; " + prediction.explanation,
            )
    else:
        label = reply.service.slug if reply.service is not None else None
        prediction = Prediction(label, 1.0, [], f"rule: {reply.kind}")
    return decide(
        AssistantAnswer.key,
        prediction,
        model_version=model_version,
        input_text=text,
        output={
            "kind": reply.kind,
            "service": reply.service.slug if reply.service else None,
            "faq": reply.faq.key if reply.faq else None,
            **({"referral": reply.referral} if reply.referral else {}),
        },
        subject=f"assistant.conversation:{conversation.pk}",
        channel=conversation.channel,
        card=assistant().card_object(),
    )
