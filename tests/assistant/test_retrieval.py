"""What the assistant reads from a question: typos fixed, real words left alone."""

from __future__ import annotations

from pamong.assistant.retrieval import retriever


def test_typos_are_corrected_to_catalog_words(small_catalog) -> None:
    assert "ktp" in retriever().search("kpt sy ilang hrs gmn").words


def test_real_words_are_not_turned_into_catalog_words(small_catalog) -> None:
    # "bidang" is one letter from the catalog's "bidan", but it is a word of its own.
    words = retriever().search("izin bidang usaha").words
    assert "bidang" in words and "bidan" not in words


def test_a_clear_question_is_decided_by_its_words_without_the_meaning_model(shipped_catalog) -> None:
    from pamong.assistant.dialog import assistant

    clear = assistant().choose("cara bikin skck")
    assert clear.action == "answer" and clear.prediction.label == "skck"
    assert "no e5 query" in clear.prediction.explanation
    situation = assistant().choose("anak saya baru lahir kemarin, harus ngurus apa")
    assert (
        "no e5 query" not in situation.prediction.explanation
        and "meaning" in situation.prediction.explanation
    )


def test_a_calibrator_file_of_an_older_format_is_ignored(settings, tmp_path) -> None:
    from pamong.assistant import calibration

    settings.MODEL_DIR = tmp_path
    calibration.trained_path().parent.mkdir(parents=True)
    calibration.trained_path().write_text('{"mean": [0.5], "coef": [1.0]}')
    loaded = calibration.load()
    assert loaded is not None and loaded.fitted_on.startswith("assistant_questions.csv")


def test_english_words_meet_the_catalog_in_any_inflection(small_catalog) -> None:
    # The catalog says "Birth certificate"; the question says "certificates".
    assert retriever().search("birth certificates", meaning=False).coverage == 1.0
    assert retriever().search("licences", meaning=False).terms == retriever().search("license").terms


def test_english_stems_are_right_when_many_threads_stem_at_once() -> None:
    """Threads of an app server stem English words at the same time (a shared Snowball
    stemmer mixed their words up and raised IndexError under load)."""
    from concurrent.futures import ThreadPoolExecutor

    from pamong.assistant import english

    words = [
        f"{stem}{suffix}"
        for stem in ("extend", "renew", "register", "replac")
        for suffix in ("ing", "ed", "s")
    ]
    expected = {word: english._english().stemWord(word) for word in words}

    def stem_all(offset: int) -> list[bool]:
        stemmer = english._english()
        return [stemmer.stemWord(word) == expected[word] for word in words[offset:] * 200]

    with ThreadPoolExecutor(8) as pool:
        results = [ok for batch in pool.map(stem_all, range(8)) for ok in batch]
    assert all(results) and len(results) > 10_000


def test_colloquial_verb_forms_meet_their_root(small_catalog) -> None:
    terms = retriever().search("ngurusnya gmn, trs nunggu brp lama, hrs ngajuin ke mana", meaning=False).terms
    assert {"urus", "tunggu", "aju"} <= set(terms)
    assert not {"ngurusnya", "nunggu", "ngajuin"} & set(terms)
    # a known word is never re-read as a colloquial form ("nasi" is not "tasi")
    assert "nasi" in retriever().search("nasi kotak buat hajatan", meaning=False).terms
