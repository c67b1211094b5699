"""What the assistant reads from a question: typos fixed, real words left alone."""

from __future__ import annotations

from pamong.assistant.retrieval import retriever


def test_typos_are_corrected_to_catalog_words(small_catalog) -> None:
    assert "ktp" in retriever().search("kpt sy ilang hrs gmn").words


def test_real_words_are_not_turned_into_catalog_words(small_catalog) -> None:
    # "bidang" is one letter from the catalog's "bidan", but it is a word of its own.
    words = retriever().search("izin bidang usaha").words
    assert "bidang" in words and "bidan" not in words
