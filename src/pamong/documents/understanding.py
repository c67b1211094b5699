"""The understanding steps of the pipeline: run every AI function on the text, log each
decision, and decide whether the letter is registered at once or waits for a clerk."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from pamong.ai.decisions import decide_many
from pamong.ai.functions import Prediction
from pamong.ai.registry import get
from pamong.core.audit import record
from pamong.core.models import Unit
from pamong.documents.functions import card_threshold
from pamong.documents.models import Disposition, Document, State

COLUMNS = ("nomor_surat", "perihal", "pengirim", "sifat")


def analyse(text: str) -> dict:
    """Every function's answer for one text, without touching the database (``extract --json``)."""
    from pamong.documents.functions import analyse_text

    return analyse_text(text)


def understand(document: Document) -> list[str]:
    analysis = analyse(document.text)
    document.extraction = analysis
    document.decisions = log_decisions(document, analysis)
    apply_values(document, analysis)
    return ["extraction", "decisions", *COLUMNS, "tanggal", "doc_type", "classification", "summary"]


def apply_values(document: Document, analysis: dict) -> None:
    fields = analysis.get("fields", {})
    for name in COLUMNS:
        value = (fields.get(name) or {}).get("value") or ""
        setattr(document, name, str(value)[: Document._meta.get_field(name).max_length])
    tanggal = (fields.get("tanggal") or {}).get("value")
    document.tanggal = date.fromisoformat(tanggal) if tanggal else None
    document.doc_type = (analysis.get("type") or {}).get("value") or ""
    document.classification = (analysis.get("classification") or {}).get("value") or ""
    document.summary = (analysis.get("summary") or {}).get("text", "")


def log_decisions(document: Document, analysis: dict) -> dict[str, int]:
    """One decision per function in the log, pointing at the document (not at its text)."""
    from pamong.documents.functions import FUNCTION_KEYS

    items = []
    for key, part in FUNCTION_KEYS.items():
        answer = analysis.get(part)
        if answer is None:
            continue
        prediction = Prediction(
            label=answer.get("value") if isinstance(answer, dict) else None,
            confidence=float(answer.get("confidence", 1.0)) if isinstance(answer, dict) else 1.0,
            alternatives=[tuple(item) for item in answer.get("alternatives", [])]
            if isinstance(answer, dict)
            else [],
            explanation=(answer.get("why", "") if isinstance(answer, dict) else ""),
        )
        output = answer if key != "documents.pii" else {"found": [item["kind"] for item in answer]}
        if key == "documents.pii":
            prediction = Prediction(
                label=f"{len(answer)} identifiers",
                confidence=1.0,
                explanation="; ".join(f"{item['kind']}: {item['why']}" for item in answer[:20]),
            )
        items.append((key, prediction, get(key).model_version(), output))
    decisions = decide_many(
        items, input_ref=f"sha256:{document.sha256[:32]}", subject=document.subject, channel=document.source
    )
    return {item[0]: decision.pk for item, decision in zip(items, decisions, strict=True)}


NO_HAL_TYPES = frozenset({"surat_tugas", "surat_keterangan", "berita_acara"})
"""Kinds whose format is a title and a nomor with no 'Hal :' line: their missing perihal is
expected (all 37 such letters of the shipped set), not a sign of a misread."""

ROMAN_MONTHS = {
    numeral: month
    for month, numeral in enumerate(
        ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], 1
    )
}
ROMAN_LIKE = re.compile(r"[IVXN1l|]*[IVX][IVXN1l|]*")  # a month numeral, or OCR's misreading of one


def untitled(analysis: dict) -> bool:
    """Whether the letter's title rule named a kind that carries no perihal."""
    answer = analysis.get("type") or {}
    return answer.get("value") in NO_HAL_TYPES and str(answer.get("why", "")).startswith("aturan: judul")


def ocr_doubts(fields: dict) -> list[str]:
    """What OCR may have misread in nomor or date, checked rather than assumed.

    The shipped scans' misread nomors were all a roman month read wrong (VIII as III, III as
    IN1, XII as X11), and no date was misread in 80 scans: so a scan waits when its nomor or
    date did not come from a labelled line, or its nomor's roman month disagrees with the date.
    """
    from pamong.documents.functions import card_threshold

    floor = card_threshold("documents.fields")
    doubts = [
        f"surat hasil pindaian (OCR): {label} tidak dari baris berlabel, periksa"
        for name, label in (("nomor_surat", "nomor"), ("tanggal", "tanggal"))
        if fields.get(name) and float(fields[name].get("confidence", 0)) < floor
    ]
    nomor, tanggal = (
        (fields.get("nomor_surat") or {}).get("value"),
        (fields.get("tanggal") or {}).get("value"),
    )
    if nomor and tanggal:
        month = date.fromisoformat(tanggal).month
        for part in str(nomor).split("/"):
            if ROMAN_LIKE.fullmatch(part) and ROMAN_MONTHS.get(part) != month:
                doubts.append(
                    f"surat hasil pindaian (OCR): bulan {part} pada nomor tidak cocok dengan tanggal surat"
                )
    return doubts


def review_reasons(document: Document) -> list[str]:
    """Why a person must look before the letter counts as registered (empty: register it)."""
    analysis = document.extraction
    reasons = [f"catatan pembacaan: {note}" for note in document.notes]
    fields = analysis.get("fields", {})
    for name, label in (("nomor_surat", "nomor surat"), ("tanggal", "tanggal surat"), ("perihal", "perihal")):
        if name == "perihal" and untitled(analysis):
            continue
        if not (fields.get(name) or {}).get("value"):
            reasons.append(f"{label} tidak ditemukan")
    for part, key, label in (
        ("type", "documents.type", "jenis naskah"),
        ("classification", "documents.classification", "kode klasifikasi"),
        ("disposition", "documents.disposition", "unit disposisi"),
    ):
        answer = analysis.get(part) or {}
        if not answer.get("value"):
            reasons.append(f"{label}: sistem tidak yakin (abstain)")
        elif float(answer.get("confidence", 0)) < card_threshold(key):
            reasons.append(f"{label}: keyakinan {answer.get('confidence', 0):.2f} di bawah ambang")
    if document.ocr_pages:
        reasons.extend(ocr_doubts(fields))
    return reasons


def file_document(document: Document) -> list[str]:
    """The last step: redacted copy, suggested disposition, then registered or waiting for review."""
    from pamong.documents.pii import redact

    document.redacted_text = redact(document.text)
    document.review_reasons = review_reasons(document)
    document.state = State.REVIEW if document.review_reasons else State.REGISTERED
    document.registered_at = timezone.now()
    document.error = ""
    with transaction.atomic():
        suggestion = (document.extraction.get("disposition") or {}).get("value")
        unit = Unit.objects.filter(code=suggestion, active=True).first() if suggestion else None
        document.dispositions.filter(suggested=True).delete()
        if unit is not None:
            Disposition.objects.create(document=document, unit=unit, suggested=True)
        record("worker", f"documents.document.{document.state}", document, reasons=document.review_reasons)
    return ["redacted_text", "review_reasons", "state", "registered_at", "error"]
