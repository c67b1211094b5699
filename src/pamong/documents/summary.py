"""A short extractive summary: what is asked, by whom, by when (sentences of the letter itself)."""

from __future__ import annotations

import re

ASKING = re.compile(
    r"\b(mohon|memohon|mengharapkan|diharapkan|diminta|meminta|mengundang|menugaskan|agar|dimohon|"
    r"menetapkan|menerangkan|melaporkan|menyampaikan|mengadukan|diwajibkan)\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    body = re.sub(r"\s+", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body) if 30 <= len(s.strip()) <= 400]


def summarise(text: str, fields: dict) -> dict:
    """{'text', 'asked', 'by', 'when', 'why'}: the asking sentence, the sender, the date asked for."""
    asked = next((s for s in sentences(text) if ASKING.search(s)), "")
    by = (fields.get("pengirim") or {}).get("value", "")
    when = (fields.get("acara") or {}).get("value") or {}
    when_text = " ".join(part for part in (when.get("date", ""), when.get("time", "")) if part)
    perihal = (fields.get("perihal") or {}).get("value", "")
    parts = [
        f"Hal: {perihal}." if perihal else "",
        f"Dari: {by}." if by else "",
        asked,
        f"Tenggat/acara: {when_text}." if when_text else "",
    ]
    return {
        "text": " ".join(part for part in parts if part)[:800],
        "asked": asked[:400],
        "by": by,
        "when": when_text,
        "why": "kalimat pertama yang meminta/mengundang/menugaskan; pengirim dari kop; tanggal acara atau tenggat",
    }
