"""Which part of a service a question is about: its fee, time, documents, steps, place, law."""

from __future__ import annotations

from enum import StrEnum

from pamong.core.text import normalise


class Aspect(StrEnum):
    OVERVIEW = "overview"
    FEE = "fee"
    TIME = "time"
    REQUIREMENTS = "requirements"
    STEPS = "steps"
    WHERE = "where"
    LAW = "law"


CUES: dict[Aspect, frozenset[str]] = {
    Aspect.FEE: frozenset(
        [
            "biaya",
            "biayanya",
            "bayar",
            "harga",
            "tarif",
            "gratis",
            "ongkos",
            "pungutan",
            "rupiah",
            "rp",
            "cost",
            "fee",
            "fees",
            "price",
            "pay",
            "free",
            "charge",
            "much",  # "how much?" under an answer asks what it costs
        ]
    ),
    Aspect.TIME: frozenset(
        [
            "lama",
            "lamanya",
            "berapa-hari",
            "waktu",
            "jadinya",
            "selesai",
            "kapan",
            "long",
            "days",
            "time",
            "duration",
        ]
    ),
    Aspect.REQUIREMENTS: frozenset(
        [
            "syarat",
            "syaratnya",
            "persyaratan",
            "dokumen",
            "berkas",
            "bawa",
            "dibawa",
            "disiapkan",
            "disiapin",
            "siapkan",
            "siapin",
            "persiapan",
            "persiapannya",
            "dibutuhkan",
            "diperlukan",
            "requirements",
            "requirement",
            "documents",
            "bring",
        ]
    ),
    Aspect.STEPS: frozenset(
        ["langkah", "prosedur", "alur", "tahapan", "caranya", "steps", "procedure", "process"]
    ),
    Aspect.WHERE: frozenset(
        [
            "dimana",
            "mana",
            "kantor",
            "alamat",
            "tempat",
            "lokasi",
            "online",
            "daring",
            "aplikasi",
            "where",
            "office",
            "address",
            "location",
            "app",
        ]
    ),
    Aspect.LAW: frozenset(["hukum", "peraturan", "aturan", "regulasi", "law", "regulation", "legal"]),
}
PAYING = frozenset(["bayar", "membayar", "dibayar", "pay", "paying"])
PAYING_CHANNEL = frozenset(
    [
        "online",
        "daring",
        "lewat",
        "via",
        "pakai",
        "aplikasi",
        "app",
        "atm",
        "indomaret",
        "alfamart",
        "marketplace",
    ]
)
AMOUNT_WORDS = frozenset(
    ["berapa", "biaya", "biayanya", "harga", "tarif", "much", "cost", "fee", "gratis", "free"]
)
# A situation word picks matching requirement variants ("kalau hilang?" -> the lost-card list).
SITUATIONS = frozenset(
    ["hilang", "rusak", "lost", "damaged", "ganti", "pindah", "cerai", "meninggal", "terlambat", "rumah"]
)


def aspect_of(text: str) -> Aspect:
    words = normalise(text)
    if "hilang" in words or "rusak" in words or "lost" in words or "damaged" in words:
        return Aspect.REQUIREMENTS
    if "what" in words and ("need" in words or "needed" in words):  # "what do I need?"
        return Aspect.REQUIREMENTS
    if "dimana" in words or "where" in words:  # "bayar pbb dimana": where, though "bayar" cues the fee
        return Aspect.WHERE
    # "bisa bayar online?", "bayar lewat indomaret?", "pay via the app": how to pay, not how much.
    said = set(words)
    if said & PAYING and said & PAYING_CHANNEL and not said & AMOUNT_WORDS:
        return Aspect.WHERE
    for aspect, cues in CUES.items():
        if any(word in cues for word in words):
            return aspect
    return Aspect.OVERVIEW


def situation_of(text: str) -> set[str]:
    return {word for word in normalise(text) if word in SITUATIONS}


def only_aspect_words(words: list[str]) -> bool:
    """True when a question names no service, only a facet ("berapa biayanya?", "kalau hilang?")."""
    cues = (
        set().union(*CUES.values())
        | SITUATIONS
        | {
            "berapa",
            "kalau",
            "bagaimana",
            "apa",
            "saja",
            "harus",
            "perlu",
            "bisa",
            "possible",
            "how",
            "what",
            "if",
        }
        | {"need", "needed", "do", "i", "is", "it"}
        # "biayanya gak ada?", "gratis ga?", "bayar gak": a yes-no follow-up, still only a facet
        | {"tidak", "gak", "ga", "nggak", "ada"}
    )
    return all(word in cues for word in words)
