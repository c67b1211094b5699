"""Informal Indonesian is normalised with the government dictionary before matching."""

from __future__ import annotations

from pamong.core.text import index_terms, normalise


def test_slang_and_abbreviations_become_standard_words() -> None:
    assert normalise("gmn cara bikin ktp sy gak punya akte") == [
        "bagaimana",
        "cara",
        "buat",
        "ktp",
        "saya",
        "tidak",
        "punya",
        "akta",
    ]


def test_kk_means_the_family_card_not_an_older_sibling() -> None:
    assert normalise("kk hilang") == ["kartu", "keluarga", "hilang"]


def test_imb_is_read_as_its_successor_pbg() -> None:
    assert normalise("urus IMB rumah") == ["urus", "pbg", "rumah"]


def test_repeated_letters_and_reduplication_are_collapsed() -> None:
    assert normalise("tolonggg anak2 sayaaa") == ["tolong", "anak", "saya"]
    # digits are not letters: an amount, a year or an identifier keeps every digit
    assert normalise("denda 2000 tahun 2000 tiket 100023") == [
        "denda",
        "2000",
        "tahun",
        "2000",
        "tiket",
        "100023",
    ]


def test_index_terms_drop_fillers_and_stem() -> None:
    assert index_terms("min, persyaratan pembuatan akta kelahiran dong") == [
        "syarat",
        "buat",
        "akta",
        "lahir",
    ]


def test_words_that_decide_the_service_are_kept() -> None:
    terms = index_terms("berapa lama bikin ktp baru")
    assert {"berapa", "lama", "baru"} <= set(terms)
