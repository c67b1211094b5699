"""Identifiers are checked the way a Disdukcapil officer would, with messages a citizen can act on."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pamong.core import regions
from pamong.core.validators import normalise_phone, validate_email, validate_kk, validate_nik, validate_npwp

TODAY = date(2026, 11, 24)


def test_a_mans_nik_decodes_to_district_birth_date_and_sex() -> None:
    info = validate_nik("3204051708900003", today=TODAY)
    assert (info.district_code, info.birth_date, info.sex, info.serial) == (
        "32.04.05",
        date(1990, 8, 17),
        "M",
        "0003",
    )


def test_a_womans_nik_has_forty_added_to_the_day() -> None:
    info = validate_nik("3204 0557 0801 0001", today=TODAY)
    assert (info.birth_date, info.sex) == (date(2001, 8, 17), "F")


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("", "NIK wajib diisi."),
        ("32040517089000", "NIK harus 16 angka; yang Anda tulis 14 angka."),
        ("32040517089A0003", "NIK hanya berisi angka."),
        ("9904051708900003", "NIK: kode provinsi 99 tidak ada."),
        ("3299051708900003", "NIK: kode kabupaten/kota 32.99 tidak ada."),
        ("3204991708900003", "NIK: kode kecamatan 32.04.99 tidak ada."),
        ("3204053102900003", "bukan tanggal yang sah"),
        ("3204051713900003", "bukan tanggal yang sah"),
        ("3204051708900000", "empat angka terakhir tidak boleh 0000"),
    ],
)
def test_invalid_niks_say_what_is_wrong(nik, message) -> None:
    with pytest.raises(ValidationError) as error:
        validate_nik(nik, today=TODAY)
    assert message in error.value.messages[0]


def test_a_birth_date_is_never_in_the_future() -> None:
    info = validate_nik("3204052511270001", today=TODAY)  # 25-11-27 would be tomorrow next year: so 1927
    assert info.birth_date == date(1927, 11, 25)


def test_a_code_retired_since_2020_is_still_a_valid_nik_origin() -> None:
    retired = sorted(set(regions.table(2020)) - set(regions.table(2025)))
    district = next(code for code in retired if code.count(".") == 2 and regions.exists(code[:5]))
    nik = district.replace(".", "") + "0101800001"
    assert validate_nik(nik, today=TODAY).district_code == district


def test_kk_numbers() -> None:
    assert validate_kk("3204051203150007", today=TODAY) == "3204051203150007"
    with pytest.raises(ValidationError, match="tanggal terbit"):
        validate_kk("3204059999150007", today=TODAY)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 789", "+628123456789"),
        ("6281234567890", "+6281234567890"),
    ],
)
def test_phone_numbers_in_their_usual_forms(raw, normal) -> None:
    assert normalise_phone(raw) == normal


@pytest.mark.parametrize("raw", ["12345", "0212345678", "08123", "+1 555 1234567", "08x2345678"])
def test_bad_phone_numbers(raw) -> None:
    with pytest.raises(ValidationError):
        normalise_phone(raw)


def test_email_and_npwp() -> None:
    assert validate_email("warga@contoh.id") == "warga@contoh.id"
    with pytest.raises(ValidationError, match="e-mail tidak sah"):
        validate_email("warga@")
    assert validate_npwp("01.234.567.8-901.000") == "012345678901000"
    with pytest.raises(ValidationError):
        validate_npwp("1234")


def test_region_levels_and_names() -> None:
    assert regions.level("32") == "province" and regions.level("32.04.05.2001") == "village"
    assert regions.name("32") == "Jawa Barat"
    assert len([c for c in regions.table(2025) if c.count(".") == 0]) == 38
    assert len([c for c in regions.table(2020) if c.count(".") == 0]) == 34
