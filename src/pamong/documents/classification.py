"""Archive classification codes of Permendagri 83/2022: read from the nomor, else suggested.

Regional letters carry the code as the first part of their number
(``400.3.5/1234/DISDIK/2024`` is filed under 400.3.5). When the number carries none
(``B-123/KPK/01/2024``), the three codes whose titles (with their parents' titles) are
closest to the letter's subject are suggested, by TF-IDF cosine similarity.
"""

from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings

CODE = re.compile(r"^(\d{3}(?:\.\d{1,3}){0,4})$")
CODES_FILE = "archives/classification-codes.csv"
WORDS = r"(?u)\b[a-zA-Z]{3,}\b"


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    active_retention: str
    inactive_retention: str
    final_disposition: str


class Codes:
    def __init__(self) -> None:
        path = settings.DATA_DIR / CODES_FILE
        with open(path, encoding="utf-8") as handle:
            self.by_code = {row["code"]: Code(**row) for row in csv.DictReader(handle)}

    def path_title(self, code: str) -> str:
        """The title with its parents' titles: '400 ... > 400.3 Pendidikan > 400.3.5 ...'."""
        parts = code.split(".")
        titles = [
            self.by_code[".".join(parts[:i])].title
            for i in range(1, len(parts) + 1)
            if ".".join(parts[:i]) in self.by_code
        ]
        return " ".join(titles)

    @cached_property
    def index(self):  # type: ignore[no-untyped-def]
        from sklearn.feature_extraction.text import TfidfVectorizer

        codes = list(self.by_code)
        texts = [
            f"{self.by_code[code].title} {self.by_code[code].title} {self.path_title(code)}" for code in codes
        ]
        vectorizer = TfidfVectorizer(sublinear_tf=True, token_pattern=WORDS, lowercase=True)
        return codes, vectorizer, vectorizer.fit_transform(texts)

    def from_nomor(self, nomor: str) -> str | None:
        """The code a nomor carries, or its nearest existing parent; None when it carries none."""
        first = re.split(r"[/\s]", nomor.strip(), maxsplit=1)[0]
        if not CODE.match(first):
            return None
        parts = first.split(".")
        for length in range(len(parts), 0, -1):
            candidate = ".".join(parts[:length])
            if candidate in self.by_code:
                return candidate
        return None

    def suggest(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        codes, vectorizer, matrix = self.index
        query = vectorizer.transform([text])
        scores = (matrix @ query.T).toarray().ravel()
        order = scores.argsort()[::-1][:k]
        return [(codes[i], round(float(scores[i]), 4)) for i in order if scores[i] > 0]


_codes: Codes | None = None
_lock = threading.Lock()


def codes() -> Codes:
    global _codes
    with _lock:
        if _codes is None:
            _codes = Codes()
        return _codes
