"""Static word vectors distilled from e5: a question's meaning for well under a millisecond.

The e5 query embedding costs about 1 ms of CPU per token (9 ms or more for a question),
most of a message's CPU. Like model2vec, each word is embedded alone by the same e5
model once, at build time; a text is then the mean of its words' vectors, for the
question and for the catalog's passages alike. The vectors are centred on the mean of
the catalog's words (e5 vectors share one large common direction, which otherwise puts
every cosine near 0.98) and normalised.

The table (``data/models/assistant-word-vectors.npz``, built by
``pamong assistant word-vectors``) holds the words of the shipped catalog, of the
slang list and of the dev questions, as int8 rows. A word not in it (a new catalog word,
a rare word in a question) is embedded by e5 when first seen and remembered by the
process: a few milliseconds once, then free. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings

from pamong.assistant import semantic
from pamong.core.text import stem

log = logging.getLogger(__name__)
EXTRA_WORDS = 20_000  # words embedded at run time, per process (about 30 MB at most)


def table_path() -> Path:
    return settings.DATA_DIR / "models" / "assistant-word-vectors.npz"


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows as int8 with one float scale each (the cosines move by less than 0.001)."""
    scale = np.abs(vectors).max(axis=1, keepdims=True) / 127
    scale[scale == 0] = 1
    return np.round(vectors / scale).astype(np.int8), scale.astype(np.float32)


def save_table(path: Path, words: list[str], raw: np.ndarray, centre: np.ndarray, source: str) -> None:
    """Write the table: e5 vectors of ``words`` (as the model gives them) and the centre."""
    rows, scale = quantise(raw)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        words=np.array(words),
        rows=rows,
        scale=scale,
        centre=centre.astype(np.float32),
        source=np.array(source),
    )


@dataclass
class WordVectors:
    """Word -> centred, normalised vector; unknown words are embedded once by e5."""

    index: dict[str, int]
    vectors: np.ndarray  # centred and normalised, float32
    centre: np.ndarray
    version: str

    def __post_init__(self) -> None:
        self._extra: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path) -> WordVectors:
        with np.load(path) as data:
            raw = data["rows"].astype(np.float32) * data["scale"]
            centre = data["centre"].astype(np.float32)
            words = [str(word) for word in data["words"]]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        return cls({word: i for i, word in enumerate(words)}, _centred(raw, centre), centre, f"wv-{digest}")

    def known(self, word: str) -> bool:
        return word in self.index or stem(word) in self.index

    def word_vector(self, word: str, *, embed: bool = True) -> np.ndarray | None:
        """The word's vector (by the word, else its stem, else e5 once); None without e5, or
        when an unknown word is not to be embedded (``embed=False``)."""
        position = self.index.get(word)
        if position is None:
            position = self.index.get(stem(word))
        if position is not None:
            return self.vectors[position]
        with self._lock:
            vector = self._extra.get(word)
            if vector is not None:
                self._extra.move_to_end(word)
                return vector
        if not embed or not semantic.available():
            return None
        vector = _centred(semantic.word_vectors([word]), self.centre)[0]
        vector.setflags(write=False)
        with self._lock:
            self._extra[word] = vector
            if len(self._extra) > EXTRA_WORDS:
                self._extra.popitem(last=False)
        return vector

    def _remember(self, words: list[str]) -> None:
        """Embed a message's unknown words in one e5 pass (a pass costs about the same for one
        word or five), keeping at most ``EXTRA_WORDS`` remembered."""
        with self._lock:
            missing = sorted({w for w in words if not self.known(w) and w not in self._extra})
        if len(missing) < 2 or not semantic.available():
            return  # none, or one: ``word_vector`` embeds it alone just as well
        vectors = _centred(semantic.word_vectors(missing), self.centre)
        with self._lock:
            for word, vector in zip(missing, vectors, strict=True):
                vector.setflags(write=False)
                self._extra[word] = vector
            while len(self._extra) > EXTRA_WORDS:
                self._extra.popitem(last=False)

    def learn(self, words: Iterable[str]) -> None:
        """Embed, in one e5 batch, the words neither in the table nor remembered (a new catalog)."""
        missing = sorted({w for w in words if not self.known(w) and w not in self._extra})
        if not missing or not semantic.available():
            return
        vectors = _centred(semantic.word_vectors(missing), self.centre)
        with self._lock:
            for word, vector in zip(missing, vectors, strict=True):
                vector.setflags(write=False)
                self._extra[word] = vector

    def text_vector(self, words: list[str], *, embed: bool = True) -> np.ndarray:
        """Mean of the words' vectors, normalised; zeros when no word has one. ``embed=False``
        leaves out unknown words instead of an e5 pass for them (a cheap second opinion)."""
        if embed:
            self._remember(words)
        found = [vector for word in words if (vector := self.word_vector(word, embed=embed)) is not None]
        if not found:
            return np.zeros(self.vectors.shape[1], dtype=np.float32)
        mean = np.mean(found, axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm).astype(np.float32) if norm > 0 else mean.astype(np.float32)


def _centred(raw: np.ndarray, centre: np.ndarray) -> np.ndarray:
    vectors = np.asarray(raw, dtype=np.float32) - centre
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return vectors / norms


@cache
def table() -> WordVectors | None:
    """The shipped table, or None when it is missing (then e5 alone gives meaning)."""
    path = table_path()
    if not path.exists():
        log.warning("no word vectors at %s: every question not decided by its words uses e5", path)
        return None
    return WordVectors.load(path)


def catalog_words() -> set[str]:
    """Every normalised word of the active catalog's indexed text and of its passages."""
    from pamong.assistant.retrieval import passage_texts
    from pamong.catalog.search import build_index
    from pamong.core.text import normalise

    words = set(build_index().surface)
    for text in passage_texts():
        words.update(normalise(text))
    return {word for word in words if not word.isdigit()}


def build(questions: list[str], path: Path) -> tuple[int, str]:
    """Embed the catalog's words, the slang list's standard words and the words of
    ``questions`` (the dev file: never a held-out one) with e5, and write the table."""
    from pamong.assistant.spelling import correct
    from pamong.catalog.search import get_function
    from pamong.core.text import content_words, slang_map

    index = get_function().index()
    catalog = catalog_words()
    words = set(catalog) | {word for standard in slang_map().values() for word in standard}
    for question in questions:
        words.update(correct(content_words(question), index))
    ordered = sorted(word for word in words if word and not word.isdigit())
    raw = np.concatenate([semantic.word_vectors(ordered[i : i + 256]) for i in range(0, len(ordered), 256)])
    position = {word: i for i, word in enumerate(ordered)}
    centre = raw[[position[word] for word in sorted(catalog) if word in position]].mean(axis=0)
    source = f"{semantic.MODEL_NAME}; {len(catalog)} catalog words, {len(questions)} questions"
    save_table(path, ordered, raw, centre, source)
    table.cache_clear()
    return len(ordered), source
