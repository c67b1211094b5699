"""Typo correction that leaves real words alone.

``catalog.search`` replaces any word the catalog never uses with the closest catalog
word. For the assistant's free-text questions that turned ordinary words into service
words ("syaratnya" -> "sarana", "kamu" -> "muka", "sampah" -> "sampai", "bekas" ->
"berkas") and sent questions to the wrong service. Here a word is corrected only when
neither it nor its stem is a catalog word or an Indonesian root word (PySastrawi's
dictionary of about 30,000 roots, installed with the stemmer).
"""

from __future__ import annotations

from functools import cache

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from pamong.catalog.search import Index, get_function
from pamong.core.text import stem


@cache
def root_words() -> frozenset[str]:
    return frozenset(word.strip() for word in StemmerFactory().get_words() if word.strip())


def is_word(word: str, index: Index) -> bool:
    """A catalog word, an Indonesian root, or a word whose stem is one of those."""
    if word in index.surface or word in root_words():
        return True
    root = stem(word)
    return root in index.vocabulary or root in root_words()


def correct(words: list[str], index: Index) -> list[str]:
    """The words with typos replaced by catalog words; real words are kept as typed."""
    return [word if is_word(word, index) else get_function().correct([word], index)[0] for word in words]
