"""Personal data in a letter (UU 27/2022): find it, validate what has structure, redact it.

A 16-digit number counts as a NIK only when ``core.validators.validate_nik`` accepts it
(an existing district and a real birth date); a NIP must have its structure (birth
date, appointment month, sex digit); an NPWP its check digit (Luhn over the first nine
of its fifteen digits; the 16-digit form since 2024 is a NIK or a 0 before the old fifteen).
A bank account is a number within a line of a cue ("rekening", "Bank ...", BRI, BCA...)
with no other label (NIK, telepon, Rp...) between them: bare long numbers are as often
transaction numbers, amounts or NIKs. Names are taken only after an honorific or a
"Nama :" label, where the words are almost always a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from pamong.core.validators import validate_nik

NIK = re.compile(r"(?<![\d.])(\d{16})(?![\d])")
NIK_SPACED = re.compile(r"(?<![\d])(\d{6}[ .-]\d{6}[ .-]\d{4})(?![\d])")
NIP = re.compile(r"(?<!\d)((?:19|20)\d{6})\s?((?:19|20)\d{4})\s?([12])\s?(\d{3})(?!\d)")
NPWP_FORMATTED = re.compile(r"(?<![\d.])(0?\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3})(?![\d]|\.\d)")
NPWP_LABELLED = re.compile(r"\bNPWP\b[^\d\n]{0,20}?(\d(?:[ .-]?\d){13,16})(?![\d])", re.IGNORECASE)
PHONE = re.compile(r"(?<![\d+])((?:\+62[\s-]?|62|0)8\d{1,2}(?:[\s-]?\d{3,4}){2,3})(?!\d)")
EMAIL = re.compile(
    r"\b[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)  # OCR spaces the @
ACCOUNT_CUE = re.compile(
    r"\b(?:(?i:rekening|rek\b\.?|norek|a/c|virtual\s+account|bank\s+[A-Za-z]+)|BRI|BNI|BCA|BTN|BSI|Mandiri|"
    r"CIMB|Danamon|Permata|Muamalat|BJB|bjb)\b"
)  # the banks' names as they are written: "secara mandiri" is not Bank Mandiri
ACCOUNT_NUMBER = re.compile(r"(?<![\d/.,-])(\d(?:[ .-]?\d){7,17})(?![\d/-]|[.,]\d)")
ACCOUNT_GAP = 60  # characters between the cue and the number, on the same line
NOT_ACCOUNT = re.compile(
    r"\b(?:NIK|KK|NPWP|NIP|telp|tlp|telepon|HP|WA|WhatsApp|ponsel|faks|Rp|sebesar|senilai|tanggal|tgl|"
    r"tahun|nomor\s+surat|surat|pukul|kode|pos|bukti|transaksi|referensi|ref|billing|ID|pelanggan|"
    r"faktur|invoice|tagihan)\b|Rp",
    re.IGNORECASE,
)  # another number's label between the cue and the number: the number is that one
BUDGET_CODE = re.compile(r"\d\.\d{1,2}\.\d{1,2}\.")  # 5.1.02.01...: a budget "kode rekening", not a bank's
BUDGET_CUE = re.compile(r"(?:kode|mata\s+anggaran)\s*$", re.IGNORECASE)

NAME_WORD = r"[A-Z][a-zA-Z'.]+"
HONORIFIC = re.compile(
    rf"\b(?:Bapak|Ibu|Sdr\.|Sdri\.|Saudara|Saudari|Tn\.|Ny\.|Nn\.)\s+((?:(?:H\.|Hj\.|Dr\.|Drs\.|Ir\.)\s+)?{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})"
)
NAME_LABEL = re.compile(
    r"^\s*(?:\d+\.\s*)?nama(?:\s+lengkap)?\s*[:：]\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE
)
KK_LABEL = re.compile(r"(?:\bKK\b|kartu\s+keluarga)[^\d\n]{0,20}$", re.IGNORECASE)
PUBLIC_MAIL = re.compile(r"@[\w.-]*\.go\.id$", re.IGNORECASE)
NOT_NAMES = {
    "Kepala",
    "Bupati",
    "Walikota",
    "Gubernur",
    "Camat",
    "Lurah",
    "Sekretaris",
    "Direktur",
    "Ketua",
    "Yth",
    "Dinas",
    "Badan",
}


@dataclass(frozen=True)
class Item:
    kind: str
    value: str
    start: int
    end: int
    valid: bool
    why: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "masked": mask(self.kind, self.value),
            "valid": self.valid,
            "why": self.why,
        }


def mask(kind: str, value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if kind in ("nik", "kk", "nip", "npwp", "rekening"):
        return digits[:4] + "*" * max(len(digits) - 8, 0) + digits[-4:]
    if kind == "telepon":
        return digits[:4] + "****" + digits[-2:]
    if kind == "email":
        user, _, host = value.partition("@")
        return f"{user[:1]}***@{host}"
    return value[:1] + "***"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(digits)):
        doubled = digit * 2 if position % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def npwp_valid(digits: str) -> bool:
    """15 digits with the check digit right, or the 16-digit form: a NIK, or 0 and the old 15."""
    if len(digits) == 15:
        return luhn_valid(digits[:9])
    if len(digits) != 16:
        return False
    if digits.startswith("0"):
        return luhn_valid(digits[1:10])
    try:
        validate_nik(digits)
    except ValidationError:
        return False
    return True


def accounts(text: str) -> list[tuple[str, int, int]]:
    """(digits, start, end) of each number that follows a bank-account cue on its line with no
    other label in between, 8 to 16 digits, not part of a nomor (``/``) or an amount, and not
    a budget code (a pemda's "kode rekening 5.1.02.01.01.0001" is its chart of accounts)."""
    found = []
    for cue in ACCOUNT_CUE.finditer(text):
        if BUDGET_CUE.search(text[max(0, cue.start() - 20) : cue.start()]):
            continue
        line_end = text.find("\n", cue.end())
        window_end = min(cue.end() + ACCOUNT_GAP + 25, line_end if line_end >= 0 else len(text))
        match = ACCOUNT_NUMBER.search(text, cue.end(), window_end)
        if match is None or match.start() - cue.end() > ACCOUNT_GAP:
            continue
        if NOT_ACCOUNT.search(text[cue.end() : match.start()]) or BUDGET_CODE.match(match.group(1)):
            continue
        digits = re.sub(r"\D", "", match.group(1))
        if 8 <= len(digits) <= 16:
            found.append((digits, match.start(1), match.end(1)))
    return found


def nip_valid(digits: str) -> bool:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        appointed_year, appointed_month = int(digits[8:12]), int(digits[12:14])
    except ValueError:
        return False
    return 1 <= appointed_month <= 12 and appointed_year - born.year >= 17 and digits[14] in "12"


def find(text: str) -> list[Item]:
    """Every identifier and name found, in text order; overlapping matches keep the first kind."""
    items: list[Item] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: str, start: int, end: int, valid: bool, why: str) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        items.append(Item(kind, value, start, end, valid, why))

    for match in NIP.finditer(text):
        digits = "".join(match.groups())
        if nip_valid(digits):
            add(
                "nip",
                digits,
                match.start(),
                match.end(),
                True,
                "18 angka: tanggal lahir, TMT, jenis kelamin, urut",
            )
    for pattern in (NPWP_FORMATTED, NPWP_LABELLED):  # before NIK: a 16-digit NPWP may be a NIK
        for match in pattern.finditer(text):
            digits = re.sub(r"\D", "", match.group(1))
            if npwp_valid(digits):
                add("npwp", digits, match.start(1), match.end(1), True, "NPWP; angka periksa sah")
            elif pattern is NPWP_LABELLED and len(digits) in (15, 16):
                add(
                    "npwp",
                    digits,
                    match.start(1),
                    match.end(1),
                    False,
                    "angka setelah 'NPWP', angka periksa salah: disamarkan, tidak dihitung sah",
                )
    for digits, start, end in accounts(text):  # before NIK: a 16-digit account may look like one
        add("rekening", digits, start, end, True, "angka setelah 'rekening' atau nama bank")
    for pattern in (NIK, NIK_SPACED):
        for match in pattern.finditer(text):
            digits = re.sub(r"\D", "", match.group(1))
            try:
                validate_nik(digits)
            except ValidationError:
                continue
            if KK_LABEL.search(text[max(0, match.start(1) - 40) : match.start(1)]):
                add(
                    "kk",
                    digits,
                    match.start(1),
                    match.end(1),
                    True,
                    "16 angka setelah 'KK': nomor Kartu Keluarga",
                )
                continue
            add(
                "nik",
                digits,
                match.start(1),
                match.end(1),
                True,
                "16 angka; kode wilayah dan tanggal lahir sah",
            )
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if 10 <= len(digits) <= 14:
            add("telepon", digits, match.start(1), match.end(1), True, "nomor seluler Indonesia (08/+62)")
    for match in EMAIL.finditer(text):
        if PUBLIC_MAIL.search(match.group(0).replace(" ", "")):
            continue  # an office's address (.go.id) is public contact data, not personal data
        add("email", match.group(0).replace(" ", ""), match.start(), match.end(), True, "alamat e-mail")
    for match in HONORIFIC.finditer(text):
        name = match.group(1)
        if name.split()[0].strip(".") in NOT_NAMES:
            continue
        add("nama", name, match.start(1), match.end(1), True, "nama setelah sapaan (Bapak/Ibu/Sdr.)")
    for match in NAME_LABEL.finditer(text):
        add("nama", match.group(1), match.start(1), match.end(1), True, "baris berlabel 'Nama :'")
    return sorted(items, key=lambda item: item.start)


LABELS = {
    "kk": "KK",
    "nik": "NIK",
    "nip": "NIP",
    "npwp": "NPWP",
    "rekening": "REKENING",
    "telepon": "TELEPON",
    "email": "E-MAIL",
    "nama": "NAMA",
}


def redact(text: str, *, keep: tuple[str, ...] = ("nip",)) -> str:
    """A copy for sharing: every identifier and name replaced by its kind in brackets.

    NIPs of signing officials are kept by default: an official's NIP on a letter he signed
    is part of the record, not private data about him.
    """
    parts, position = [], 0
    for item in find(text):
        if item.kind in keep:
            continue
        parts.append(text[position : item.start])
        parts.append(f"[{LABELS[item.kind]}]")
        position = item.end
    parts.append(text[position:])
    return "".join(parts)
