"""The six AI functions of the documents app, registered with ``pamong.ai``.

``analyse_text`` runs them all on one letter's text (the pipeline's understanding step and
``pamong documents extract`` both use it); each answer carries its confidence and why.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from pamong.ai.functions import AIFunction, CardDefaults, EvalReport
from pamong.ai.registry import card_for, get, register
from pamong.documents import doctype, fields, learning, pii, summary
from pamong.documents.classification import codes

OWNER = "Bagian Umum Sekretariat Daerah (tata usaha dan kearsipan)"
NOTICE_ID = "Surat masuk dibaca dan diberi saran otomatis oleh komputer; petugas tata usaha memeriksa dan dapat mengoreksinya."
NOTICE_EN = "Incoming letters are read and given suggestions by a computer; records clerks check and can correct them."


THRESHOLD_TTL_SECONDS = 5.0
_thresholds: dict[str, tuple[float, float]] = {}


def card_threshold(key: str) -> float:
    """The card's threshold, read at most every five seconds per process (a change shows within 5 s)."""
    now = time.monotonic()
    cached = _thresholds.get(key)
    if cached is None or now - cached[0] > THRESHOLD_TTL_SECONDS:
        cached = (now, card_for(key).threshold)
        _thresholds[key] = cached
    return cached[1]


def _card(
    name_id: str,
    name_en: str,
    purpose_id: str,
    purpose_en: str,
    *,
    risk: int,
    oversight: str,
    threshold: float,
    personal: list[str] | None = None,
) -> CardDefaults:
    return CardDefaults(
        name_id=name_id,
        name_en=name_en,
        purpose_id=purpose_id,
        purpose_en=purpose_en,
        owner_unit=OWNER,
        risk_level=risk,
        oversight=oversight,
        data_used="Teks surat masuk (lapisan teks PDF, OCR, DOCX, e-mail); surat yang dikonfirmasi petugas untuk pelatihan.",
        personal_data=personal or [],
        threshold=threshold,
        notice_id=NOTICE_ID,
        notice_en=NOTICE_EN,
    )


class DocumentFunction(AIFunction):
    """Shared evaluation options: a folder of files with truth JSON, and one to train on."""

    algorithm = "rules-v1"

    def model_version(self) -> str:
        return self.algorithm

    def add_eval_arguments(self, parser: argparse._ActionsContainer) -> None:
        parser.add_argument("--train-dir", help="folder of labelled letters to fit the learned part on first")
        parser.add_argument("--limit", type=int, default=None, help="evaluate the first N letters only")

    def evaluate(self, options: dict[str, Any]) -> EvalReport:
        from pamong.documents import evaluation

        return evaluation.evaluate(self.key, options)


@register
class FieldsFunction(DocumentFunction):
    key = "documents.fields"
    card = _card(
        "Pembacaan isian surat", "Letter field extraction",
        "Membaca nomor, tanggal, pengirim, tujuan, perihal, sifat, lampiran, nilai rupiah, penanda tangan dan NIP, serta tanggal acara/tenggat dari surat masuk.",
        "Reads the number, date, sender, addressee, subject, urgency, attachments, rupiah amounts, signer and NIP, and event dates or deadlines of incoming letters.",
        risk=1, oversight="review", threshold=0.7,
    )  # fmt: skip
    algorithm = "fields-rules-v1"

    def predict(self, text: str) -> dict[str, dict]:
        return fields.extract(text)


@register
class TypeFunction(DocumentFunction):
    key = "documents.type"
    card = _card(
        "Jenis naskah dinas", "Kind of official document",
        "Menentukan jenis naskah (undangan, permohonan, nota dinas, edaran, keputusan, tugas, keterangan, laporan, berita acara, pengaduan): aturan judul dahulu, lalu model yang belajar dari surat terkonfirmasi.",
        "Tells the kind of document (invitation, request, memo, circular, decree, assignment, certificate, report, minutes, complaint): title rules first, then a model learned from confirmed letters.",
        risk=1, oversight="automatic", threshold=0.6,
    )  # fmt: skip

    def __init__(self) -> None:
        self.override: learning.TextModel | None = None  # a model fitted for one evaluation run

    def model(self) -> learning.TextModel | None:
        return self.override or learning.load("type")

    def model_version(self) -> str:
        model = self.model()
        return "type-rules-v1" + (f"+{model.version}" if model else "")

    def predict(self, text: str, perihal: str, model_text: str) -> dict:
        ruled = doctype.by_rules(text, perihal)
        if ruled is not None:
            return {"value": ruled[0], "confidence": 0.95, "why": f"aturan: {ruled[1]}", "alternatives": []}
        model = self.model()
        if model is None:
            return {
                "value": None,
                "confidence": 0.0,
                "why": "tidak ada aturan yang cocok dan belum ada model terlatih",
                "alternatives": [],
            }
        ranked, why = model.predict(model_text)
        label, confidence = ranked[0]
        threshold = card_threshold(self.key)
        return {
            "value": label if confidence >= threshold else None,
            "confidence": confidence,
            "why": f"model ({model.version}): {why}",
            "alternatives": ranked,
        }


AGREED = 0.75
"""A suggested archive code is trusted only at this blended score: the code whose title is
most like the letter's, given at least half the probability by the model learned from
confirmed letters. Below it a suggestion waits for a person (confidence capped at 0.49).
Five-fold on the dev letters, suggestions at or above it were right 10 of 10 (0.51-0.75:
5 of 6); on the held-out letters 10 of 10."""


@register
class ClassificationFunction(DocumentFunction):
    key = "documents.classification"
    card = _card(
        "Kode klasifikasi arsip", "Archive classification code",
        "Menentukan kode klasifikasi arsip (Permendagri 83/2022) dari nomor surat, atau menyarankan tiga kode terdekat dari isinya.",
        "Files the letter under an archive classification code (Permendagri 83/2022) from its number, or suggests the three closest codes from its content.",
        risk=1, oversight="review", threshold=0.5,
    )  # fmt: skip
    algorithm = "nomor-then-tfidf-v1"

    def __init__(self) -> None:
        self.override: learning.TextModel | None = None

    def model(self) -> learning.TextModel | None:
        return self.override or learning.load("classification")

    def model_version(self) -> str:
        model = self.model()
        return self.algorithm + (f"+{model.version}" if model else "")

    def predict(self, nomor: str, perihal: str, text: str, basis: str = "") -> dict:
        table = codes()
        code = table.from_nomor(nomor) if nomor else None
        if code is not None:
            return {
                "value": code,
                "title": table.by_code[code].title,
                "confidence": 0.95,
                "why": f"kode di depan nomor surat {nomor}",
                "alternatives": [(code, 0.95)],
            }
        ranked = self.suggest(perihal, text, basis)
        if not ranked:
            return {
                "value": None,
                "confidence": 0.0,
                "why": "nomor tanpa kode dan tidak ada judul kode yang mirip",
                "alternatives": [],
            }
        best, score = ranked[0]
        model = self.model()
        source = "kemiripan perihal dengan judul kode" + (
            f" dan model surat terkonfirmasi ({model.version})" if model else ""
        )
        agreed = model is not None and bool(basis) and score >= AGREED
        return {
            "value": best,
            "title": table.by_code[best].title,
            "confidence": score if agreed else min(score, 0.49),  # else it waits for a person
            "why": ("judul dan model sepakat; " if agreed else "")
            + f"saran dari {source}: "
            + "; ".join(f"{c} {table.by_code[c].title[:40]}" for c, _ in ranked),
            "alternatives": ranked,
        }

    def suggest(self, perihal: str, text: str, basis: str) -> list[tuple[str, float]]:
        """Top three codes: title similarity, blended with the learned model when there is one."""
        table = codes()
        similar = table.suggest(f"{perihal} {perihal} {perihal} {text[:1500]}", k=5)
        model = self.model()
        if model is None or not basis:
            return similar[:3]
        learned, _ = model.predict(basis, k=5)
        top_similarity = similar[0][1] if similar else 1.0
        scores: dict[str, float] = {}
        for code, score in similar:
            scores[code] = scores.get(code, 0.0) + 0.5 * score / top_similarity
        for code, probability in learned:
            if code in table.by_code:
                scores[code] = scores.get(code, 0.0) + 0.5 * probability
        return [
            (code, round(score, 4)) for code, score in sorted(scores.items(), key=lambda item: -item[1])[:3]
        ]


@register
class PiiFunction(DocumentFunction):
    key = "documents.pii"
    card = _card(
        "Data pribadi dalam surat", "Personal data in letters",
        "Menemukan NIK, NIP, NPWP, telepon, e-mail, rekening bank, dan nama setelah sapaan; membuat salinan tersamar untuk dibagikan (UU 27/2022).",
        "Finds NIK, NIP, NPWP, phone, e-mail, bank account and names after honorifics; makes a redacted copy for sharing (UU 27/2022).",
        risk=2, oversight="automatic", threshold=0.5, personal=["NIK", "NIP", "NPWP", "telepon", "e-mail", "rekening", "nama"],
    )  # fmt: skip
    algorithm = "pii-rules-v2"  # v2 (2026-12-03): NPWP check digit, bank accounts by cue

    def predict(self, text: str) -> list[dict]:
        return [item.as_dict() for item in pii.find(text)]


@register
class SummaryFunction(DocumentFunction):
    key = "documents.summary"
    card = _card(
        "Ringkasan surat", "Letter summary",
        "Ringkasan ekstraktif: apa yang diminta, oleh siapa, sampai kapan (kalimat surat itu sendiri).",
        "An extractive summary: what is asked, by whom, by when (the letter's own sentences).",
        risk=1, oversight="advisory", threshold=0.0,
    )  # fmt: skip
    algorithm = "extractive-v2"  # v2 (2026-12-03): the sentence from the body, line by line


@register
class DispositionFunction(DocumentFunction):
    key = "documents.disposition"
    card = _card(
        "Saran disposisi", "Disposition suggestion",
        "Menyarankan unit kerja yang menangani surat, belajar dari disposisi yang dikonfirmasi; abstain di bawah ambang.",
        "Suggests the unit that should handle the letter, learned from confirmed dispositions; abstains below the threshold.",
        risk=2, oversight="review", threshold=0.6,
    )  # fmt: skip

    def __init__(self) -> None:
        self.override: learning.TextModel | None = None

    def model(self) -> learning.TextModel | None:
        return self.override or learning.load("disposition")

    def model_version(self) -> str:
        model = self.model()
        return model.version if model else "untrained"

    def predict(self, model_text: str, *, threshold: float | None = None) -> dict:
        model = self.model()
        if model is None:
            return {
                "value": None,
                "confidence": 0.0,
                "why": "belum ada disposisi terkonfirmasi untuk belajar",
                "alternatives": [],
            }
        ranked, why = model.predict(model_text)
        label, confidence = ranked[0]
        threshold = card_threshold(self.key) if threshold is None else threshold
        return {
            "value": label if confidence >= threshold else None,
            "confidence": confidence,
            "why": f"model ({model.version}, {model.n} disposisi): {why}",
            "alternatives": ranked,
        }


FUNCTION_KEYS = {
    FieldsFunction.key: "fields_decision",
    TypeFunction.key: "type",
    ClassificationFunction.key: "classification",
    PiiFunction.key: "pii",
    SummaryFunction.key: "summary_decision",
    DispositionFunction.key: "disposition",
}


def model_text(text: str, found: dict) -> str:
    nomor = (found.get("nomor_surat") or {}).get("value", "")
    return letter_words(
        text,
        (found.get("perihal") or {}).get("value", ""),
        (found.get("pengirim") or {}).get("value", ""),
        codes().from_nomor(nomor) or "" if nomor else "",
    )


def code_words(code: str) -> str:
    """The archive code as words a bag-of-words model can use: 400.3.5 -> kodeccc kodeccccd ..."""
    parts = code.split(".") if code else []
    return " ".join("kode" + "x".join(parts[: i + 1]).translate(DIGITS) for i in range(len(parts)))


DIGITS = str.maketrans("0123456789", "abcdefghij")


def letter_words(text: str, perihal: str, pengirim: str, code: str = "") -> str:
    """What the learned models read: the subject three times, the sender, the archive code
    and the body (not the letterhead's address lines, which say who wrote, not what about)."""
    body = text[len(fields.header_block(text)) :]
    return (
        f"{perihal}\n{perihal}\n{perihal}\n{pengirim}\n{code_words(code)} {code_words(code)}\n{body[:4000]}"
    )


def analyse_text(text: str) -> dict:
    """Every function's answer for one letter, with its confidence and why."""
    clean = fields.clean(text)
    found = get(FieldsFunction.key).predict(clean)  # type: ignore[attr-defined]
    perihal = (found.get("perihal") or {}).get("value", "")
    nomor = (found.get("nomor_surat") or {}).get("value", "")
    basis = model_text(clean, found)
    key_fields = [found.get(name) for name in ("nomor_surat", "tanggal", "perihal")]
    summarised = summary.summarise(clean, found)
    return {
        "fields": found,
        "fields_decision": {
            "value": nomor or None,
            "confidence": min((f["confidence"] if f else 0.0) for f in key_fields),
            "why": "; ".join(
                f"{name}: {(found.get(name) or {}).get('why', 'tidak ditemukan')}"
                for name in ("nomor_surat", "tanggal", "perihal")
            ),
        },
        "type": get(TypeFunction.key).predict(clean, perihal, basis),  # type: ignore[attr-defined]
        "classification": get(ClassificationFunction.key).predict(nomor, perihal, clean, basis),  # type: ignore[attr-defined]
        "pii": get(PiiFunction.key).predict(clean),  # type: ignore[attr-defined]
        "summary": summarised,
        "summary_decision": {"value": "summary", "confidence": 1.0, "why": summarised["why"]},
        "disposition": get(DispositionFunction.key).predict(basis),  # type: ignore[attr-defined]
    }
