"""Static word vectors: meaning without the e5 query, and when the e5 query is still asked."""

from __future__ import annotations

import numpy as np
import pytest

from pamong.assistant import semantic, wordvectors
from pamong.assistant.retrieval import retriever


def _no_e5_query(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(text: str) -> np.ndarray:
        raise AssertionError(f"an e5 query was made for {text!r}")

    monkeypatch.setattr(semantic, "query_vector", refuse)


def test_the_shipped_table_covers_the_shipped_catalog() -> None:
    table = wordvectors.table()
    assert table is not None and table.version.startswith("wv-")
    assert len(table.index) > 1500 and table.vectors.shape[1] == 384
    for word in ("ktp", "kelahiran", "pindah", "sertifikat", "birth"):
        assert table.known(word)
    norms = np.linalg.norm(table.vectors, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-4)


def test_static_vectors_rank_a_paraphrase_first_where_words_alone_do_not(
    shipped_catalog, monkeypatch
) -> None:
    question = "mau pindah domisili ke jakarta urus apa"
    assert retriever().search(question, meaning=False).top.slug == "surat-keterangan-domisili"
    _no_e5_query(monkeypatch)
    found = retriever().search(question, meaning="static")
    assert found.top.slug == "pindah-keluar"
    assert 0.2 < found.top.semantic < 1.0  # the static band, not e5's (about 0.8 to 0.9)


def test_a_confident_static_answer_makes_no_e5_query(shipped_catalog, monkeypatch) -> None:
    from pamong.assistant.dialog import assistant

    _no_e5_query(monkeypatch)
    choice = assistant().choose("ktp kelindes jd rusak")  # "kelindes" (run over): no BM25 word
    assert choice.action == "answer" and choice.prediction.label == "ktp-el-penggantian"
    assert "static word vectors decide" in choice.prediction.explanation


def test_the_e5_query_is_asked_when_static_meaning_and_words_disagree(shipped_catalog) -> None:
    from pamong.assistant.dialog import assistant

    # Words alone put surat-keterangan-domisili first, the word vectors pindah-keluar.
    choice = assistant().choose("mau pindah domisili ke jakarta urus apa")
    assert "static word vectors decide" not in choice.prediction.explanation
    assert "no e5 query" not in choice.prediction.explanation


def test_a_table_round_trips_through_int8(tmp_path) -> None:
    rng = np.random.default_rng(7)
    raw = rng.normal(size=(5, 384)).astype(np.float32)
    raw /= np.linalg.norm(raw, axis=1, keepdims=True)
    centre = raw.mean(axis=0)
    path = tmp_path / "words.npz"
    wordvectors.save_table(path, ["akta", "kelahiran", "ktp", "pindah", "tanah"], raw, centre, "test")
    table = wordvectors.WordVectors.load(path)
    expected = raw - centre
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    cosines = np.sum(table.vectors * expected, axis=1)
    assert cosines.min() > 0.999
    mean = expected[0] + expected[1]
    assert np.allclose(table.text_vector(["akta", "kelahiran"]), mean / np.linalg.norm(mean), atol=0.01)


def test_an_unknown_word_is_embedded_once_and_remembered(tmp_path, monkeypatch) -> None:
    calls: list[list[str]] = []

    def fake(words: list[str]) -> np.ndarray:
        calls.append(list(words))
        return np.ones((len(words), 4), dtype=np.float32)

    monkeypatch.setattr(semantic, "word_vectors", fake)
    monkeypatch.setattr(semantic, "available", lambda: True)
    raw = np.eye(4, dtype=np.float32)[:2]
    path = tmp_path / "words.npz"
    wordvectors.save_table(path, ["akta", "ktp"], raw, np.zeros(4, dtype=np.float32), "test")
    table = wordvectors.WordVectors.load(path)
    first = table.word_vector("warung")
    second = table.word_vector("warung")
    assert calls == [["warung"]] and first is second
    table.learn(["akta", "warung", "sawah", "sawah"])  # known, remembered, new
    assert calls == [["warung"], ["sawah"]]


def test_a_messages_unknown_words_are_embedded_in_one_pass(tmp_path, monkeypatch) -> None:
    """A pass of e5 costs about the same for one word as for five: one pass per message."""
    calls: list[list[str]] = []

    def fake(words: list[str]) -> np.ndarray:
        calls.append(list(words))
        return np.arange(1, len(words) * 4 + 1, dtype=np.float32).reshape(len(words), 4)

    monkeypatch.setattr(semantic, "word_vectors", fake)
    monkeypatch.setattr(semantic, "available", lambda: True)
    path = tmp_path / "words.npz"
    wordvectors.save_table(
        path, ["akta", "ktp"], np.eye(4, dtype=np.float32)[:2], np.zeros(4, dtype=np.float32), "t"
    )
    table = wordvectors.WordVectors.load(path)
    together = table.text_vector(["akta", "sawah", "warung", "sawah"])
    assert calls == [["sawah", "warung"]]
    alone = wordvectors.WordVectors.load(path)
    assert np.allclose(together, alone.text_vector(["akta", "sawah", "warung", "sawah"]))
    calls.clear()
    table.text_vector(["warung", "ladang"])  # one unknown: embedded alone, as before
    assert calls == [["ladang"]]


def test_a_catalog_edit_rebuilds_the_static_passages_and_learns_new_words(small_catalog, monkeypatch) -> None:
    from pamong.catalog.models import Service

    table = wordvectors.table()
    assert table is not None
    before = retriever()._state().quick
    learned: list[str] = []
    original = table.learn
    monkeypatch.setattr(table, "learn", lambda words: (learned.extend(words), original(words))[1])
    service = Service.objects.filter(active=True).first()
    service.synonyms = [*service.synonyms, "pamongtestword"]
    service.save()  # a new catalog version: this process re-indexes at once
    after = retriever()._state().quick
    assert "pamongtestword" in learned
    assert after is not before and not np.allclose(after, before)


def test_a_calibrator_without_the_static_model_still_loads() -> None:
    import json

    from pamong.assistant import calibration

    data = calibration.shipped_path().read_text(encoding="utf-8")
    full = calibration.parse(json.loads(data))
    older = dict(json.loads(data))
    older.pop("static")
    old = calibration.parse(older)
    assert full.static is not None and old.static is None
    assert old.version != full.version
    with pytest.raises(ValueError):
        old.model("static")


def test_a_text_vector_without_embedding_leaves_unknown_words_out_and_asks_e5_nothing(monkeypatch) -> None:
    table = wordvectors.table()
    assert table is not None

    def refuse(words: list[str]) -> np.ndarray:
        raise AssertionError(f"an e5 pass was made for {words!r}")

    monkeypatch.setattr(semantic, "word_vectors", refuse)
    unknown = ["zqxwarung", "vbnkelurahanx"]
    assert not np.any(table.text_vector(unknown, embed=False))
    mixed = table.text_vector(["ktp", *unknown], embed=False)
    assert np.allclose(mixed, table.text_vector(["ktp"], embed=False), atol=1e-6)
    assert float(mixed @ table.word_vector("ktp")) == pytest.approx(1.0, abs=1e-5)
