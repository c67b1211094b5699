"""Which answer a citizen means when asking, at the confirmation of a chat filing, to change one:
"alamatnya salah", "ganti nomor hp", "salah nama", "change the address", or a field's label
pressed as a button. Rules a person can read: the words of the field's label in either
language, plus the words people use for the common fields."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pamong.cases.filing import FieldSpec

# Asking to change an answer. Not "correct" or "benar": they confirm ("that's correct").
CHANGE = re.compile(
    r"\b(ubah|diubah|mengubah|ganti|diganti|mengganti|salah|keliru|koreksi|perbaiki|diperbaiki|betulkan"
    r"|ralat|revisi|edit|change|modify|fix|wrong|correction)\b",
    re.I,
)
# Words for the common fields that their labels do not hold ("hp" for "Nomor HP" is there, "wa" is not).
OTHER_WORDS = {
    "description": "isi cerita kejadian deskripsi uraian keterangan masalah usul saran description story",
    "region": "desa kelurahan kecamatan wilayah village district",
    "address": "alamat patokan jalan address landmark street",
    "anonymous": "anonim anonymous",
    "confidential": "rahasia rahasiakan dirahasiakan confidential",
    "name": "nama name",
    "phone": "hp telepon telp nomor wa whatsapp ponsel handphone phone mobile number",
    "email": "email e-mail surel mail",
    "nik": "nik",
}
# Words of labels that name no field ("Apa yang terjadi?", "Address or landmark").
NOT_NAMES = frozenset(
    [
        "apa",
        "apakah",
        "yang",
        "atau",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "anda",
        "saya",
        "bila",
        "ada",
        "misalnya",
        "the",
        "of",
        "or",
        "and",
        "your",
        "you",
        "what",
        "is",
        "for",
        "a",
        "an",
        "to",
        "if",
        "any",
        "e",
        "g",
    ]
)


def asks_change(text: str) -> bool:
    """The message asks to change an answer ("ubah jawaban", "alamatnya salah", "change the address")."""
    return bool(CHANGE.search(text or ""))


def _words(text: str) -> set[str]:
    """Lowercase words, each also without a trailing "-nya" ("alamatnya" is "alamat")."""
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", (text or "").lower()))
    return words | {word[:-3] for word in words if word.endswith("nya") and len(word) > 4}


def _names(spec_field: FieldSpec) -> set[str]:
    """The words that name ``spec_field``: its label's, in both languages, and ``OTHER_WORDS``."""
    label = f"{spec_field.label.id} {spec_field.label.en}"
    return (_words(label) - NOT_NAMES) | set(OTHER_WORDS.get(spec_field.name, "").split())


def _pressed(text: str, fields: Sequence[FieldSpec]) -> FieldSpec | None:
    """The field whose whole label (in either language) is the message: its button was pressed."""
    said = " ".join((text or "").lower().split())
    for spec_field in fields:
        labels = {" ".join(label.lower().split()) for label in (spec_field.label.id, spec_field.label.en)}
        if said in labels - {""}:
            return spec_field
    return None


def named_field(text: str, fields: Sequence[FieldSpec]) -> FieldSpec | None:
    """The one field of ``fields`` the message names: its label pressed, else the field sharing the
    most words with it. None when no field is named or two are named as much ("ubah nomor" in a
    form with a phone and a tax number): the citizen then picks from the list."""
    pressed = _pressed(text, fields)
    if pressed is not None:
        return pressed
    said = _words(text)
    scored = [(len(said & _names(spec_field)), spec_field) for spec_field in fields]
    best = max((score for score, _field in scored), default=0)
    top = [spec_field for score, spec_field in scored if score == best]
    return top[0] if best and len(top) == 1 else None
