"""English words reduced to their stem, so "buying", "extending" and "licenses" meet the
catalog's "buy", "extend" and "licence".

The catalog's English text (names, summaries, synonyms) is indexed beside the Indonesian,
but PySastrawi only knows Indonesian affixes. Words that are not Indonesian (neither an
Indonesian root nor changed by the Indonesian stemmer) get Snowball's English stemmer,
the same way in the index and in the question; British and American spellings are folded.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import snowballstemmer

from pamong.assistant.spelling import root_words
from pamong.core.text import content_words, stem

SPELLING = {"licence": "license", "licences": "licenses", "centre": "center", "programme": "program"}


_local = threading.local()


def _english():  # type: ignore[no-untyped-def]
    """This thread's stemmer: a Snowball stemmer keeps the word it works on in itself, so two
    threads of an app server sharing one corrupt each other's words (an IndexError, a 500)."""
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("english")
    return _local.stemmer


@lru_cache(maxsize=50_000)
def term(word: str) -> str:
    """The word's index term: its Indonesian stem, or its English stem for a non-Indonesian word."""
    root = stem(word)
    if root != word or word in root_words() or len(word) <= 3 or not word.isalpha():
        return root
    return _english().stemWord(SPELLING.get(word, word))


def terms(text: str) -> list[str]:
    """What the assistant's index compares (as ``core.text.index_terms``, English stemmed too)."""
    return [term(word) for word in content_words(text)]
