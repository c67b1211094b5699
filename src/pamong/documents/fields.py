"""Reading the fields of an Indonesian official letter (naskah dinas) from its text.

Rules, not a model: each field has a few patterns in the order a person would look
(the labelled header "Nomor :", the title block "NOMOR ...", the place-and-date line),
and each value carries the rule that found it, so a clerk sees why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pamong.documents import dates

LABEL = r"\s*[:：]\s*"
NOMOR_TOKEN = r"[A-Za-z0-9][A-Za-z0-9.\-]*(?:\s?/\s?[A-Za-z0-9][A-Za-z0-9.\-]*){2,6}"  # noqa: S105
NOMOR_ANYWHERE = re.compile(rf"(?<![\w/])({NOMOR_TOKEN})(?![\w/])")
HEADER_LABELS = r"(?:nomor|no|sifat|lampiran|lamp|hal|perihal|kepada|dari|tembusan|tanggal|yth)"
PERIHAL = re.compile(r"^\s*(?:perihal|hal)\s*[:：]\s*(.+)$", re.IGNORECASE | re.MULTILINE)
TENTANG = re.compile(r"^\s*TENTANG\s*:?\s*$|^\s*TENTANG\s*[:：]?\s+(.+)$", re.MULTILINE)
SIFAT = re.compile(
    r"^\s*sifat\s*[:：]\s*(sangat\s+segera|sangat\s+rahasia|segera|biasa|rahasia|terbatas|penting|kilat)",
    re.IGNORECASE | re.MULTILINE,
)
LAMPIRAN = re.compile(r"^\s*(?:lampiran|lamp\.?)\s*[:：]\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
YTH = re.compile(r"(?:^|\s)(?:kepada\s+)?yth\.?\s*:?\s*(.*)$", re.IGNORECASE | re.MULTILINE)
KEPADA = re.compile(r"^\s*kepada\s*[:：]\s*(?:yth\.?\s*)?(.+)$", re.IGNORECASE | re.MULTILINE)
DARI = re.compile(r"^\s*dari\s*[:：]\s*(.+)$", re.IGNORECASE | re.MULTILINE)
TANGGAL_LABEL = re.compile(r"^\s*tanggal\s*[:：]\s*(.+)$", re.IGNORECASE | re.MULTILINE)
PLACE_DATE = re.compile(
    rf"^\s*(?:[A-Z][A-Za-z'.]+(?:\s+[A-Z][A-Za-z'.]+){{0,3}}),\s*(\d{{1,2}}\s*[-\s]?\s*(?:{dates.MONTH_WORD})\.?\s*[-\s]?\s*(?:19|20)\d\d|\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d\d)",
    re.IGNORECASE | re.MULTILINE,
)
DITETAPKAN = re.compile(r"pada\s+tanggal\s*[:：]?\s*(.{6,30})", re.IGNORECASE)
AMOUNT = re.compile(r"\bRp\.?\s?(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:,(?:00|-)|,-)?", re.IGNORECASE)
NIP = re.compile(r"\bNIP\.?\s*[:：]?\s*((?:19|20)\d{6}\s?(?:19|20)\d{4}\s?[12]\s?\d{3})\b")
KOP_STOP = re.compile(
    r"^\s*(?:jalan|jl\.?|jln\.?|alamat|telepon|telp\.?|tlp\.?|faks|fax|laman|website|pos-?el|e-?mail|surel|kode\s+pos)\b",
    re.IGNORECASE,
)
KOP_GOVERNMENT = re.compile(r"^(PEMERINTAH\s+(?:KABUPATEN|KOTA|PROVINSI)\b.*)$")
TIME = re.compile(r"(?:pukul|waktu|jam)\s*[:：]?\s*(\d{1,2})[.:](\d{2})", re.IGNORECASE)
EVENT_DAY = re.compile(
    r"^\s*(?:hari\s*/\s*tanggal|hari,?\s*tanggal|tanggal|hari)\s*[:：]\s*(.+)$", re.IGNORECASE | re.MULTILINE
)
DEADLINE = re.compile(
    r"(?:paling\s+lambat|selambat-lambatnya|sebelum\s+tanggal|batas\s+waktu)\s*(?:pada\s+)?(?:tanggal\s+)?(.{6,40})",
    re.IGNORECASE,
)
SIGN_STOP = re.compile(r"^\s*(?:tembusan|catatan|lampiran\s+\w|nb\b)", re.IGNORECASE)
DAY_NAMES = re.compile(rf"^\s*(?:{'|'.join(dates.DAYS)})\b", re.IGNORECASE)
SMALL_WORDS = {
    "dan",
    "di",
    "ke",
    "dari",
    "yang",
    "untuk",
    "pada",
    "atas",
    "serta",
    "atau",
    "dengan",
    "tentang",
    "dalam",
}


@dataclass(frozen=True)
class Found:
    value: object
    why: str
    confidence: float = 0.9

    def as_dict(self) -> dict:
        return {"value": self.value, "why": self.why, "confidence": self.confidence}


def clean(text: str) -> str:
    """Unicode-normalised text with OCR's usual look-alikes fixed where it matters (colons, dashes)."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\f", "\n")
    return re.sub(r"[ \t]+", " ", text)


def title_case(value: str) -> str:
    words = value.split()
    return " ".join(
        word.lower() if index and word.lower() in SMALL_WORDS else word[:1].upper() + word[1:].lower()
        for index, word in enumerate(words)
    )


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip(" ,.;:")


def header_block(text: str) -> str:
    """The letter up to its salutation: where the labelled fields are (not the body)."""
    match = re.search(
        r"^\s*(?:dengan\s+hormat|menimbang|yang\s+bertanda\s+tangan|sehubungan|dalam\s+rangka|bersama\s+ini)",
        text,
        re.IGNORECASE | re.MULTILINE,
    )
    return text[: match.start()] if match else text[:2500]


# --- nomor -----------------------------------------------------------------------------
def normalise_nomor(value: str) -> str:
    return re.sub(r"\s*/\s*", "/", value.strip().rstrip(".,;")).replace(" ", "")


NOMOR_LINE = re.compile(r"^\s*(?:nomor|no\.?|nomer)\s*[:：.]?\s*(.+)$", re.IGNORECASE | re.MULTILINE)
NOMOR_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*(?:/[A-Za-z0-9][A-Za-z0-9.\-]*){2,6}")
TAHUN_SHAPE = re.compile(r"(\d+)\s+tahun\s+(\d{4})", re.IGNORECASE)


def nomor_from_line(rest: str) -> str | None:
    """The number on a 'Nomor :' line; OCR's stray spaces inside it are dropped (a nomor has none)."""
    rest = re.split(
        r"\s{2,}|\s+(?:yth\.?|kepada|lampiran|sifat|tanggal)\b", rest.strip(), flags=re.IGNORECASE
    )[0]
    tahun = TAHUN_SHAPE.match(rest)
    if tahun:
        return f"{tahun.group(1)} Tahun {tahun.group(2)}"
    compact = re.sub(r"\s+", "", rest).rstrip(".,;:")
    return compact if NOMOR_SHAPE.fullmatch(compact) else None


def nomor(text: str) -> Found | None:
    head = header_block(text)
    for match in NOMOR_LINE.finditer(head):
        value = nomor_from_line(match.group(1))
        if value is not None:
            why = (
                "bentuk 'Nomor N Tahun YYYY'"
                if "Tahun" in value
                else "baris berlabel 'Nomor' di kepala surat"
            )
            return Found(value, why, 0.9 if "Tahun" in value else 0.95)
    match = NOMOR_ANYWHERE.search(head)
    if match and not dates.NUMERIC.fullmatch(match.group(1)):
        return Found(normalise_nomor(match.group(1)), "pola nomor (a/b/c) tanpa label", 0.6)
    return None


# --- tanggal ---------------------------------------------------------------------------
def tanggal(text: str) -> Found | None:
    head = header_block(text)
    match = TANGGAL_LABEL.search(head)
    if match and (value := dates.first_date(match.group(1))):
        return Found(value.isoformat(), "baris berlabel 'Tanggal :'", 0.95)
    for match in PLACE_DATE.finditer(text):
        line = text[match.start() : match.end()]
        if DAY_NAMES.match(line) or re.match(r"\s*(?:hari|tanggal|waktu)\b", line, re.IGNORECASE):
            continue
        value = dates.first_date(match.group(1))
        if value is not None:
            return Found(value.isoformat(), "tempat dan tanggal surat ('Kota, tanggal')", 0.95)
    for match in DITETAPKAN.finditer(text):
        if value := dates.first_date(match.group(1)):
            return Found(value.isoformat(), "'ditetapkan ... pada tanggal'", 0.9)
    value = dates.first_date(head)
    if value is not None:
        return Found(value.isoformat(), "tanggal pertama di kepala surat", 0.5)
    return None


# --- perihal ---------------------------------------------------------------------------
def perihal(text: str) -> Found | None:
    head = header_block(text)
    match = PERIHAL.search(head)
    if match:
        value = match.group(1)
        value = re.split(r"\s{2,}|\s+(?:Yth\.?|Kepada\s+Yth)\b", value)[0]
        rest = head[match.end() :]
        following = rest[1:].split("\n", 1)[0].strip() if rest.startswith("\n") else ""
        if continues(following):
            value = f"{value} {following}"
        return Found(squash(value), "baris berlabel 'Hal/Perihal :'", 0.9)
    match = TENTANG.search(text[:4000])
    if match:
        value = match.group(1)
        if not value:
            rest = text[match.end() :].lstrip("\n").split("\n")
            lines = []
            for line in rest[:4]:
                if not line.strip() or re.match(
                    r"\s*(?:menimbang|bupati|walikota|gubernur|kepala|dengan|yth)", line, re.IGNORECASE
                ):
                    break
                lines.append(line.strip())
            value = " ".join(lines)
        return Found(
            squash(value).upper() if value.isupper() else squash(value), "blok judul 'TENTANG ...'", 0.85
        )
    return None


def continues(line: str) -> bool:
    """Whether the line under 'Hal :' is the rest of the subject (not the next part of the letter)."""
    if not line or len(line.split()) > 8 or line.endswith((":", ",")):
        return False
    if re.match(rf"{HEADER_LABELS}\b|di\b|dengan\s+hormat|kepada|[A-Z][a-z]+,\s*\d", line, re.IGNORECASE):
        return False
    return line[:1].isalpha()


# --- sender, addressee, sifat, lampiran ---------------------------------------------------
def pengirim(text: str) -> Found | None:
    match = DARI.search(header_block(text))
    if match:
        return Found(squash(match.group(1)), "baris berlabel 'Dari :' (nota dinas)", 0.85)
    lines = [line.strip() for line in text.split("\n")[:12]]
    kop: list[str] = []
    for line in lines:
        if not line:
            if kop:
                break
            continue
        if KOP_STOP.match(line) or re.match(rf"{HEADER_LABELS}\b\s*[:：]", line, re.IGNORECASE):
            break
        letters = [ch for ch in line if ch.isalpha()]
        if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8 and len(line) > 3:
            kop.append(line)
        elif kop:
            break
    kop = [
        line for line in kop if not re.match(r"^(NOTA DINAS|SURAT|KEPUTUSAN|BERITA ACARA|LAPORAN)\b", line)
    ]
    if kop:
        specific = [line for line in kop if not KOP_GOVERNMENT.match(line)] or kop
        return Found(title_case(squash(specific[0])), "kop surat (baris lembaga)", 0.85)
    signer = penandatangan(text)
    if signer is not None:
        return Found(signer.value, "tanpa kop: penanda tangan surat", 0.6)
    return None


def tujuan(text: str) -> Found | None:
    head = header_block(text)
    match = KEPADA.search(head)
    if match:
        return Found(squash(match.group(1)), "baris berlabel 'Kepada :'", 0.9)
    match = YTH.search(head)
    if match:
        value = match.group(1).strip()
        if not value:
            value = head[match.end() :].lstrip("\n").split("\n", 1)[0]
        return Found(squash(value), "alamat 'Yth.'", 0.85)
    return None


def sifat(text: str) -> Found | None:
    match = SIFAT.search(header_block(text))
    return Found(title_case(squash(match.group(1))), "baris berlabel 'Sifat :'", 0.95) if match else None


def lampiran(text: str) -> Found | None:
    match = LAMPIRAN.search(header_block(text))
    if not match:
        return None
    value = re.split(r"\s{2,}|\s+(?:Yth\.?|Kepada)\b", match.group(1))[0]
    return Found(squash(value) or "-", "baris berlabel 'Lampiran :'", 0.9)


# --- money, signer, NIP, deadlines ---------------------------------------------------------
def amounts(text: str) -> Found | None:
    values = []
    for match in AMOUNT.finditer(text):
        digits = re.sub(r"[.,\s]", "", match.group(1))
        if digits.isdigit() and int(digits) > 0:
            values.append(int(digits))
    return Found(values, "angka didahului 'Rp'", 0.9) if values else None


def signature_block(text: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n")]
    for stop in range(len(lines)):
        if SIGN_STOP.match(lines[stop]) and stop > len(lines) // 2:
            lines = lines[:stop]
            break
    return lines


def nip(text: str) -> Found | None:
    matches = NIP.findall(text)
    if not matches:
        return None
    return Found(
        re.sub(r"\s", "", matches[-1]),
        "'NIP' dengan 18 angka berstruktur (lahir, TMT, jenis kelamin, urut)",
        0.95,
    )


def penandatangan(text: str) -> Found | None:
    lines = [line for line in signature_block(text) if line]
    nip_index = next((i for i in range(len(lines) - 1, -1, -1) if re.match(r"NIP\b", lines[i])), None)
    if nip_index is not None:
        for candidate in reversed(lines[max(0, nip_index - 3) : nip_index]):
            if _is_rank(candidate):
                continue
            return Found(squash(candidate), "nama di atas NIP pada blok tanda tangan", 0.9)
    tail = lines[-8:]
    for candidate in reversed(tail):
        if re.match(r"(?:tembusan|\d+\.)", candidate, re.IGNORECASE):
            continue
        letters = [ch for ch in candidate if ch.isalpha()]
        if (
            letters
            and 4 < len(candidate) < 60
            and not candidate.endswith((",", ".", ":"))
            and candidate[:1].isupper()
        ):
            return Found(squash(candidate), "baris nama terakhir blok tanda tangan", 0.6)
    return None


def _is_rank(line: str) -> bool:
    return bool(
        re.match(
            r"(?:pembina|penata|pengatur|juru|pangkat|golongan|gol\.|ttd|\(|iv/|iii/)", line, re.IGNORECASE
        )
    )


def acara(text: str) -> Found | None:
    """When the letter asks for something: the date (and time) of an event, or a deadline."""
    match = EVENT_DAY.search(text)
    day = dates.first_date(match.group(1)) if match else None
    why = "baris 'Hari/tanggal :' acara"
    if day is None:
        match = DEADLINE.search(text)
        day = dates.first_date(match.group(1)) if match else None
        why = "'paling lambat ...'"
    if day is None:
        return None
    time_match = TIME.search(text[match.start() : match.start() + 300]) if match else None
    value = {"date": day.isoformat()}
    if time_match:
        value["time"] = f"{int(time_match.group(1)):02d}:{time_match.group(2)}"
    return Found(value, why, 0.85)


EXTRACTORS = {
    "nomor_surat": nomor,
    "tanggal": tanggal,
    "perihal": perihal,
    "pengirim": pengirim,
    "tujuan": tujuan,
    "sifat": sifat,
    "lampiran": lampiran,
    "penandatangan": penandatangan,
    "nip": nip,
    "jumlah_rupiah": amounts,
    "acara": acara,
}


def extract(text: str) -> dict[str, dict]:
    """Every field found in the text: {name: {value, why, confidence}}."""
    text = clean(text)
    found = {}
    for name, extractor in EXTRACTORS.items():
        result = extractor(text)
        if result is not None:
            found[name] = result.as_dict()
    return found


# --- the baseline the evaluation prints beside ours --------------------------------------
PLAIN_NOMOR = re.compile(r"\S+/\S+/\S+")


def baseline(text: str) -> dict[str, object]:
    """A plain regex: the first a/b/c token and the first '12 Maret 2024' date of the text."""
    match = PLAIN_NOMOR.search(text)
    found = dates.NAMED.search(text)
    day: date | None = dates.parse_match(found) if found else None
    return {"nomor_surat": match.group(0) if match else None, "tanggal": day.isoformat() if day else None}
