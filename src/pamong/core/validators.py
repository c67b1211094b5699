"""Indonesian identifiers checked before a form is submitted, with plain-language errors.

A NIK (Nomor Induk Kependudukan) is 16 digits: the district code where it was issued
(province, regency, district: 6 digits), the birth date as DDMMYY with 40 added to the
day for women, and a 4-digit serial. A KK number has the same shape with the issue date.
Messages spell such a date out in plain words: a citizen does not know the forms' "HHBBTT".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email as django_validate_email
from django.utils.translation import gettext as _

from pamong.core import regions


@dataclass(frozen=True)
class NikInfo:
    district_code: str
    birth_date: date
    sex: str  # "F" or "M"
    serial: str


def _digits(value: str, label: str, length: int) -> str:
    cleaned = re.sub(r"[\s.-]", "", value or "")
    if not cleaned:
        raise ValidationError(_("%(label)s wajib diisi.") % {"label": label}, code="required")
    if not cleaned.isdigit():
        raise ValidationError(_("%(label)s hanya berisi angka.") % {"label": label}, code="digits")
    if len(cleaned) != length:
        raise ValidationError(
            _("%(label)s harus %(length)s angka; yang Anda tulis %(count)s angka.")
            % {"label": label, "length": length, "count": len(cleaned)},
            code="length",
        )
    return cleaned


def _district(digits: str, label: str) -> str:
    code = regions.district_of_digits(digits)
    if not regions.exists(code[:2]):
        raise ValidationError(
            _("%(label)s: kode provinsi %(code)s tidak ada.") % {"label": label, "code": code[:2]},
            code="province",
        )
    if not regions.exists(code[:5]):
        raise ValidationError(
            _("%(label)s: kode kabupaten/kota %(code)s tidak ada.") % {"label": label, "code": code[:5]},
            code="regency",
        )
    if not regions.exists(code):
        raise ValidationError(
            _("%(label)s: kode kecamatan %(code)s tidak ada.") % {"label": label, "code": code},
            code="district",
        )
    return code


def _date(day: int, month: int, two_digit_year: int, today: date) -> date | None:
    """DDMMYY to a date not in the future (a 2-digit year is this century unless that is ahead)."""
    for century in (2000, 1900):
        year = century + two_digit_year
        try:
            value = date(year, month, day)
        except ValueError:
            return None
        if value <= today:
            return value
    return None


def validate_nik(value: str, *, today: date | None = None) -> NikInfo:
    """Check a NIK and decode it; raises ValidationError with a message a citizen can act on."""
    today = today or date.today()
    digits = _digits(value, "NIK", 16)
    code = _district(digits, "NIK")
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    sex = "F" if day > 40 else "M"
    born = _date(day - 40 if day > 40 else day, month, year, today)
    if born is None:
        raise ValidationError(
            _(
                "NIK: angka ke-7 sampai ke-12 adalah tanggal lahir (tanggal, bulan, tahun, masing-masing 2 angka; perempuan: tanggal ditambah 40). %(part)s bukan tanggal yang sah."
            )
            % {"part": digits[6:12]},
            code="birth_date",
        )
    if digits[12:] == "0000":
        raise ValidationError(_("NIK: empat angka terakhir tidak boleh 0000."), code="serial")
    return NikInfo(code, born, sex, digits[12:])


def validate_kk(value: str, *, today: date | None = None) -> str:
    """A Kartu Keluarga number: 16 digits, an existing district, a real issue date."""
    today = today or date.today()
    digits = _digits(value, _("Nomor KK"), 16)
    _district(digits, _("Nomor KK"))
    if _date(int(digits[6:8]), int(digits[8:10]), int(digits[10:12]), today) is None:
        raise ValidationError(
            _(
                "Nomor KK: angka ke-7 sampai ke-12 adalah tanggal terbit (tanggal, bulan, tahun, masing-masing 2 angka). %(part)s bukan tanggal yang sah."
            )
            % {"part": digits[6:12]},
            code="issue_date",
        )
    return digits


# A fixed line after its 0 or +62: an area code starting 2-7 or 9 (021 Jakarta, 024 Semarang,
# 0901 Timika) and the subscriber number, 7 to 11 digits in all. Mobile numbers start with 8.
LANDLINE = re.compile(r"[2-79]\d{6,10}")


def normalise_phone(value: str) -> str:
    """Indonesian mobile numbers in any usual form -> +628...; raises ValidationError otherwise.

    Only mobile numbers: the phone is where SMS (and WhatsApp) updates go, which a fixed
    line cannot receive, so a landline gets its own message instead of "not valid".
    """
    cleaned = re.sub(r"[\s().-]", "", value or "")
    if cleaned.startswith("+62"):
        rest = cleaned[3:]
    elif cleaned.startswith("62"):
        rest = cleaned[2:]
    elif cleaned.startswith("0"):
        rest = cleaned[1:]
    else:
        raise ValidationError(_("Nomor HP diawali 08 atau +62, misalnya 0812 3456 7890."), code="prefix")
    if LANDLINE.fullmatch(rest):
        raise ValidationError(
            _(
                "Nomor ini tampaknya telepon rumah/kantor. Tulis nomor HP, misalnya 0812 3456 7890, agar kami bisa mengirim kabar."
            ),
            code="landline",
        )
    if not rest.isdigit() or not rest.startswith("8") or not 9 <= len(rest) <= 12:
        raise ValidationError(
            _("Nomor HP tidak sah: tulis 10-13 angka, misalnya 0812 3456 7890."), code="phone"
        )
    return "+62" + rest


def validate_email(value: str) -> str:
    try:
        django_validate_email(value)
    except ValidationError:
        raise ValidationError(_("Alamat e-mail tidak sah, contoh: nama@contoh.id."), code="email") from None
    return value.strip()


def validate_npwp(value: str) -> str:
    """15-digit NPWP, or the 16-digit form (a NIK for individuals since 2024)."""
    cleaned = re.sub(r"[\s.-]", "", value or "")
    if not cleaned.isdigit() or len(cleaned) not in (15, 16):
        raise ValidationError(_("NPWP terdiri dari 15 atau 16 angka."), code="npwp")
    return cleaned
