"""Region names in any spelling resolve to Kemendagri codes, or go to the analyst."""

import pytest

from pamong.core import regions
from pamong.datahub.regions import Resolver, normalise_code


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kab. Bandung Barat", "32.17"),
        ("KABUPATEN BANDUNG BARAT", "32.17"),
        ("Bandung Barat, Kab", "32.17"),
        ("Kota Bandung", "32.73"),
        ("West Java", "32"),
        ("Special Region of Yogyakarta", "34"),
        ("Bangka Belitung Islands", "19"),
        ("KEP. BANGKA BELITUNG", "19"),
        ("KEP, BANGKA BELITUNG", "19"),
        ("Riau Islands", "21"),
        ("DKI JAKARTA", "31"),
        ("DI YOGYAKARTA", "34"),
        ("North Sumatra", "12"),
        ("Southeast Sulawesi", "74"),
        ("East Nusa Tenggara", "53"),
        ("Highland Papua", "95"),
        ("Kota Adm. Jakarta Pusat", "31.71"),
        ("Kab. Tj. Jabung Timur", "15.07"),
        ("Kota Bau-Bau", "74.72"),
        ("Kab. Toba Samosir", "12.12"),  # renamed Toba in 2020
        ("Kab. Merauke", "93.01"),  # moved to Papua Selatan in 2022: the current code
        ("Kalimantan Tmur", "64"),  # a typo
    ],
)
def test_it_resolves_names_in_the_spellings_tables_use(resolver, name, code) -> None:
    assert resolver.resolve_many([name])[name].code == code


def test_a_plain_name_beside_kota_x_is_the_regency_as_bps_writes_it(resolver) -> None:
    found = resolver.resolve_many(["Bandung", "Kota Bandung", "Garut"])
    assert found["Bandung"].code == "32.04" and found["Bandung"].method == "context"


def test_a_name_shared_by_a_province_and_a_city_follows_the_column(resolver) -> None:
    provinces = resolver.resolve_many(["Jambi", "Aceh", "Bali", "Riau"])
    assert provinces["Jambi"].code == "15"
    cities = resolver.resolve_many(["Jambi", "Kota Padang", "Kab. Agam", "Kota Medan"])
    assert cities["Jambi"].code == "15.71"


def test_what_stays_uncertain_goes_to_review_with_candidates(resolver) -> None:
    found = resolver.resolve_many(["Yogyakarta"])["Yogyakarta"]
    assert found.code is None and {code for code, _ in found.alternatives} == {"34", "34.71"}
    assert resolver.resolve_many(["Sumber: BPS"])["Sumber: BPS"].code is None


def test_indonesia_is_the_national_level(resolver) -> None:
    found = resolver.resolve_many(["INDONESIA"])["INDONESIA"]
    assert found.code == "" and found.level == "national"


def test_codes_are_read_in_bps_and_kemendagri_forms() -> None:
    assert normalise_code("3204") == normalise_code("32.04") == normalise_code("32.4") == "32.04"
    assert normalise_code("9999") is None


def test_papua_split_history_comes_from_the_2020_and_2025_lists() -> None:
    history = regions.formed_from()
    assert {history[code] for code in ("93", "94", "95")} == {"91"} and history["96"] == "92"
    assert regions.recoded()["91.01"] == "93.01"
