"""A short extractive summary: what is asked, by whom, by when (sentences of the letter itself).

The sentence is taken from the letter's body, line by line: the letterhead (capital lines,
the address and telephone line), headings, the labelled fields (``Nomor :``, ``Hal :``, ``NIK :``, ``No. HP :``...),
the address block and the legal preamble (``Menimbang :``) are left out, and a line that
starts in lower case continues the paragraph before it, so "Saya yang bertanda tangan di
bawah ini:" joins "menyampaikan pengaduan ..." across the complainant's NIK and phone
lines without taking them in. Identifiers still inside the sentence are redacted.
"""

from __future__ import annotations

import re

ASKING = re.compile(
    r"\b(mohon|memohon|mengharapkan|diharapkan|diminta|meminta|mengundang|menugaskan|agar|dimohon|"
    r"menetapkan|menerangkan|melaporkan|menyampaikan|mengadukan|diwajibkan)\b",
    re.IGNORECASE,
)
LABEL = re.compile(r"^\s*(?:\d+\.\s*)?([A-Za-z][A-Za-z /.'-]{0,28}?)\s*[:：]")
FIELD_LABELS = frozenset({
    "nomor", "no", "no.", "sifat", "lampiran", "lamp", "lamp.", "hal", "perihal", "kepada", "yth", "yth.",
    "tempat", "hari", "hari/tanggal", "tanggal", "tgl", "waktu", "pukul", "acara", "nama", "nama lengkap",
    "nik", "nip", "hp", "no. hp", "telp", "no. telp", "telepon", "no. telepon", "e-mail", "email", "surel",
    "alamat", "pekerjaan", "jabatan", "pangkat", "pangkat/gol", "pangkat/golongan", "unit kerja",
    "tempat/tanggal lahir", "tempat/tgl lahir", "ttl", "kk", "nomor kk", "no. kk", "npwp", "rekening",
    "no. rekening", "nomor rekening", "tembusan", "agama", "jenis kelamin", "status", "instansi",
})  # fmt: skip
"""Labels of short values that say who or where, not what: never part of a sentence."""
PREAMBLE_LABELS = frozenset(["dasar", "menimbang", "mengingat", "memperhatikan", "menetapkan"])
"""Legal grounds of a decree or assignment: long, wrapped over lines, and not what it decides."""
NOT_BODY = re.compile(
    r"^\s*(?:yth\b|kepada\b|di\s*[-–]?\s*$|di\s+tempat|dengan\s+hormat|hormat\s+(?:kami|saya))", re.I
)
ADDRESS = re.compile(
    r"^\s*(?:Jl\.|Jln\.|Jalan\s+[A-Z])|\b(?:Telp|Tlp|Fax|Faks)\b|Telepon\s*\(|Kode\s+Pos|Laman\s*:|Website",
    re.IGNORECASE,
)  # the letterhead's address and telephone line
CLOSING = re.compile(r"^\s*(?:demikian|atas\s+perhatian|terima\s+kasih)", re.IGNORECASE)
MIN_LINE = 25  # a shorter line on its own is an address, a place or a salutation, not a sentence


def _label(line: str) -> str | None:
    match = LABEL.match(line)
    return re.sub(r"\s+", " ", match.group(1)).strip().casefold() if match else None


def _capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def paragraphs(text: str) -> list[str]:
    """The body's prose, one string per paragraph, without headings, fields and preambles."""
    found: list[list[str]] = []
    previous = "none"  # what the last non-blank line was: prose, field, preamble, other
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        label = _label(line)
        starts_low = line[0].islower()
        if label in FIELD_LABELS:
            previous = "field"
        elif label in PREAMBLE_LABELS:
            previous = "preamble"
        elif starts_low and previous == "preamble":
            continue  # the wrapped end of a preamble
        elif starts_low and found and previous in ("prose", "field"):
            found[-1].append(line)  # a wrapped line, or the sentence resuming after a person's fields
            previous = "prose"
        elif _capitals(line) or NOT_BODY.match(line) or ADDRESS.search(line):
            previous = "other"
        elif previous == "prose" and found and not re.search(r"[.!?:;]$", found[-1][-1]):
            found[-1].append(line)  # the wrapped end of a sentence, however short ("2024.")
        elif len(line) < MIN_LINE:
            previous = "other"
        else:
            found.append([line])
            previous = "prose"
    return [" ".join(part) for part in found]


def sentences(text: str) -> list[str]:
    """The body's sentences of 30 to 400 characters, in order."""
    out = []
    for paragraph in paragraphs(text):
        out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph))
    return [s for s in out if 30 <= len(s) <= 400]


def summarise(text: str, fields: dict) -> dict:
    """{'text', 'asked', 'by', 'when', 'why'}: the asking sentence (else the body's first one
    that is not a closing formula), the sender, the date asked for."""
    from pamong.documents.pii import redact

    body = sentences(text)
    asked = next((s for s in body if ASKING.search(s)), "")
    why = "kalimat pertama yang meminta/mengundang/menugaskan"
    if not asked:
        asked = next((s for s in body if not CLOSING.match(s)), "")
        why = "tidak ada kalimat yang meminta: kalimat pertama isi surat"
    asked = redact(asked, keep=("nama",))
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
        "why": f"{why}; pengirim dari kop; tanggal acara atau tenggat",
    }
