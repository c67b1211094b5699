"""Indonesian text for matching: normalise informal spelling, drop filler, stem.

The government dictionary in ``data/lexicon/slang-id.csv`` is ours and wins over any
general slang list (there ``kk`` is *kakak*; for a citizen asking Disdukcapil it is
*Kartu Keluarga*). Stemming is PySastrawi's, cached per word.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

LEXICON_DIR = Path(__file__).resolve().parents[3] / "data" / "lexicon"
TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# "tolonggg" -> "tolong", "sayaaa" -> "saya"; letters only: "2000", a NIK or a phone number keep their digits
REPEATED = re.compile(r"([a-z])\1{2,}")
# Reduplication written with a 2: "anak2" -> "anak"
REDUP = re.compile(r"\b([a-z]+)2\b")


@cache
def slang_map() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Informal token sequence -> standard tokens (empty = filler to drop)."""
    mapping: dict[tuple[str, ...], tuple[str, ...]] = {}
    with open(LEXICON_DIR / "slang-id.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            mapping[tuple(row["informal"].split())] = tuple(row["standard"].split())
    return mapping


@cache
def stopwords() -> frozenset[str]:
    lines = (LEXICON_DIR / "stopwords-id.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Stem one word; identifiers and short words stay as they are."""
    if len(word) <= 3 or any(ch.isdigit() for ch in word) or "-" in word:
        return word
    return _stemmer().stem(word) or word


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of any text, accents folded, repeats collapsed."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    folded = REDUP.sub(r"\1", REPEATED.sub(r"\1", folded))
    return TOKEN.findall(folded)


def normalise(text: str) -> list[str]:
    """Tokens with informal words replaced by their standard form (longest phrase first).

    Remembered per text: one chat message is normalised about eight times on its way
    (intent, aspect, situation, retrieval, referrals...), and buttons repeat word for word.
    """
    if len(text) > SHORT_TEXT_CHARS:  # letters and catalog pages: not worth keeping
        return list(_normalise(text))
    return list(_normalised(text))


SHORT_TEXT_CHARS = 1000


@lru_cache(maxsize=8192)
def _normalised(text: str) -> tuple[str, ...]:
    return _normalise(text)


@cache
def _longest_phrase() -> int:
    return max((len(key) for key in slang_map()), default=1)


def _normalise(text: str) -> tuple[str, ...]:
    words = tokens(text)
    mapping = slang_map()
    longest = _longest_phrase()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = tuple(words[i : i + size])
            if key in mapping:
                out.extend(mapping[key])
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


def is_identifier(word: str) -> bool:
    """Long digit runs are NIKs, phone or case numbers: they never name a service."""
    return len(word) >= 5 and word.isdigit()


def content_words(text: str) -> list[str]:
    """Normalised words without fillers and identifiers, not yet stemmed."""
    drop = stopwords()
    return [word for word in normalise(text) if word not in drop and not is_identifier(word)]


def index_terms(text: str) -> list[str]:
    """What ranking compares: normalised, fillers and identifiers dropped, stemmed."""
    return [stem(word) for word in content_words(text)]
