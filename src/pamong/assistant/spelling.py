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


VOWELS = frozenset("aeiou")


def informal_root(word: str, index: Index) -> str | None:
    """The root of a colloquial (Jakarta-style) verb form, when it is a known word.

    Chat Indonesian nasalises without the standard prefix and uses -in for -kan/-i:
    "ngurusnya" -> urus, "ngirim" -> kirim, "nyari" -> cari, "nyetor" -> setor,
    "nunggu" -> tunggu, "ajuin" -> aju. Sastrawi knows only the standard forms, and the
    typo step would otherwise leave these words unknown or turn them into a catalog word.
    """
    bases = [word] + [
        word[: -len(end)] for end in ("nya", "in") if word.endswith(end) and len(word) > len(end) + 2
    ]
    candidates: list[str] = []
    for base in bases:
        candidates.append(base)
        if base.startswith("nge"):
            candidates.append(base[3:])
        if base.startswith("ng") and base[2:3] in VOWELS:
            candidates += [base[2:], "k" + base[2:]]
        if base.startswith("ny") and base[2:3] in VOWELS:
            candidates += ["c" + base[2:], "s" + base[2:]]
        if base.startswith("n") and base[1:2] in VOWELS:
            candidates.append("t" + base[1:])
    for candidate in candidates[1:]:
        if len(candidate) >= 3 and (candidate in index.surface or candidate in root_words()):
            return candidate
    return None


def correct(words: list[str], index: Index) -> list[str]:
    """The words with colloquial verb forms and typos replaced; real words are kept as typed."""
    return [word if is_word(word, index) else _known_form(word, index) for word in words]


def _known_form(word: str, index: Index) -> str:
    return informal_root(word, index) or get_function().correct([word], index)[0]
