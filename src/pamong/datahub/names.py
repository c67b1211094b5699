"""Region names in any spelling -> (kind, core words), the key the resolver matches on.

"Kab. Bandung Barat", "KABUPATEN BANDUNG BARAT" and "Bandung Barat, Kab" all become
("kab", "bandung barat"); "West Java" and "JABAR" become ("", "jawa barat"); "KEP,
BANGKA BELITUNG" and "Bangka Belitung Islands" become ("", "kepulauan bangka belitung").
The kind is "kab" (regency), "kota" (city), "prov" (province) or "" when the name does
not say.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

KIND_WORDS = {
    "kabupaten": "kab",
    "kab": "kab",
    "kabupate": "kab",
    "regency": "kab",
    "kota": "kota",
    "kotamadya": "kota",
    "kodya": "kota",
    "kotamadia": "kota",
    "city": "kota",
    "municipality": "kota",
    "provinsi": "prov",
    "propinsi": "prov",
    "prov": "prov",
    "province": "prov",
    "prop": "prov",
}
DROP_WORDS = {"administrasi", "adm", "of", "the"}

# Whole names that are nicknames or abbreviations of a province (after lower-casing).
PROVINCE_NICKNAMES = {
    "nad": "aceh",
    "nanggroe aceh darussalam": "aceh",
    "sumut": "sumatera utara",
    "sumbar": "sumatera barat",
    "sumsel": "sumatera selatan",
    "babel": "kepulauan bangka belitung",
    "kepri": "kepulauan riau",
    "dki": "daerah khusus ibukota jakarta",
    "jakarta": "daerah khusus ibukota jakarta",
    "jakarta raya": "daerah khusus ibukota jakarta",
    "jabar": "jawa barat",
    "jateng": "jawa tengah",
    "jatim": "jawa timur",
    "diy": "daerah istimewa yogyakarta",
    "ntb": "nusa tenggara barat",
    "ntt": "nusa tenggara timur",
    "kalbar": "kalimantan barat",
    "kalteng": "kalimantan tengah",
    "kalsel": "kalimantan selatan",
    "kaltim": "kalimantan timur",
    "kaltara": "kalimantan utara",
    "sulut": "sulawesi utara",
    "sulteng": "sulawesi tengah",
    "sulsel": "sulawesi selatan",
    "sultra": "sulawesi tenggara",
    "sulbar": "sulawesi barat",
    "malut": "maluku utara",
    "pabar": "papua barat",
    "pbd": "papua barat daya",
    "irian jaya": "papua",
    "irian jaya barat": "papua barat",
    "irian jaya tengah": "papua tengah",
    "bangka belitung": "kepulauan bangka belitung",
    "special region yogyakarta": "daerah istimewa yogyakarta",
    "special capital region jakarta": "daerah khusus ibukota jakarta",
    "yogyakarta special region": "daerah istimewa yogyakarta",
    "jakarta special capital region": "daerah khusus ibukota jakarta",
    "dki jakarta": "daerah khusus ibukota jakarta",
    "dki jakarta raya": "daerah khusus ibukota jakarta",
    "daerah khusus jakarta": "daerah khusus ibukota jakarta",
    "di yogyakarta": "daerah istimewa yogyakarta",
    "d i yogyakarta": "daerah istimewa yogyakarta",
    "daerah istimewa jogjakarta": "daerah istimewa yogyakarta",
    "highland papua": "papua pegunungan",
    "papua highlands": "papua pegunungan",
}
NATIONAL = {"indonesia", "nasional", "national", "total", "jumlah", "total indonesia", "seluruh indonesia"}

# English and old spellings, word by word.
WORDS = {
    "sumatra": "sumatera",
    "java": "jawa",
    "jogjakarta": "yogyakarta",
    "jogja": "yogyakarta",
    "djogjakarta": "yogyakarta",
    "yogya": "yogyakarta",
    "djakarta": "jakarta",
    "tj": "tanjung",
    "tg": "tanjung",
    "kep": "kepulauan",
    "kepl": "kepulauan",
    "kepul": "kepulauan",
    "islands": "kepulauan",
    "island": "kepulauan",
    "is": "kepulauan",
    "moluccas": "maluku",
    "celebes": "sulawesi",
    "pulau": "pulau",
    "pematang": "pematang",
    "ibu": "ibu",
}
DIRECTIONS = {
    "west": "barat",
    "east": "timur",
    "north": "utara",
    "south": "selatan",
    "central": "tengah",
    "southeast": "tenggara",
    "southwest": "barat daya",
    "northwest": "barat laut",
    "northeast": "timur laut",
}


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _collapse_spelled(tokens: list[str]) -> list[str]:
    """'p a p u a' -> 'papua' (a quirk of the 2020 list)."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if token:
            out.append(token)
    return out


def _english_order(tokens: list[str]) -> list[str]:
    """'west nusa tenggara' -> 'nusa tenggara barat', 'south east sulawesi' -> 'sulawesi tenggara'."""
    if len(tokens) >= 3 and tokens[0] == "south" and tokens[1] == "east":
        tokens = ["southeast", *tokens[2:]]
    if len(tokens) >= 2 and tokens[0] in DIRECTIONS:
        direction = DIRECTIONS[tokens[0]]
        rest = tokens[1:]
        # "west papua" -> "papua barat"; "southwest papua" -> "papua barat daya"
        return [*rest, *direction.split()]
    return tokens


@lru_cache(maxsize=65536)
def key(name: str) -> tuple[str, str]:
    """(kind, core) of a region name; ("", "") when nothing is left."""
    text = _ascii(str(name)).lower().replace("&", " dan ")
    kind = ""
    # a kind in parentheses or after a comma: "Bandung (Kota)", "Bandung Barat, Kab."
    text = re.sub(r"[()\[\]]", " ", text)
    text = re.sub(r"[.,;:/\\_\-'\"`’]+", " ", text)
    tokens = text.split()
    tokens = _collapse_spelled(tokens)
    kept = []
    for token in tokens:
        if token in KIND_WORDS:
            kind = kind or KIND_WORDS[token]
        elif token not in DROP_WORDS:
            kept.append(token)
    # "islands" at the end of an English name goes first: "riau islands" -> "kepulauan riau"
    if kept and kept[-1] in ("islands", "island", "is"):
        kept = ["kepulauan", *kept[:-1]]
    joined = " ".join(kept)
    if joined in PROVINCE_NICKNAMES:
        return (kind if kind == "prov" else "", PROVINCE_NICKNAMES[joined])
    kept = _english_order(kept)
    kept = [WORDS.get(token, token) for token in kept]
    joined = " ".join(kept)
    joined = PROVINCE_NICKNAMES.get(joined, joined)
    return kind, joined


def is_national(name: str) -> bool:
    return key(name)[1] in NATIONAL


def official_keys(name: str, level: str) -> set[tuple[str, str]]:
    """The keys an official name is known by: its own, and short forms people use.

    "Daerah Khusus Ibukota Jakarta" is also "jakarta"; "Daerah Istimewa Yogyakarta"
    also "yogyakarta" (a province-level key: the resolver's level hint separates it
    from Kota Yogyakarta).
    """
    kind, core = key(name)
    if level == "province":
        kind = "prov"
    keys = {(kind, core)}
    for prefix in ("daerah khusus ibukota ", "daerah istimewa ", "daerah khusus "):
        if core.startswith(prefix):
            keys.add((kind, core[len(prefix) :]))
    return keys
