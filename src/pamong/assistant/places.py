"""Place names in a question: where the citizen is, not which service they mean.

"bikin ktp di semarang" or "sy mau pindah ke surabaya" name a city the catalog never
uses. Left in, the typo step turned "semarang" into "sekarang" and the unknown word
lowered the share of the question the catalog explains, so a clear question abstained.
The names are those of the provinces and regencies/cities in the shipped Kemendagri
table (``core.regions``) and the short forms people type; a name the catalog itself uses
("Jakarta" in a service's text) stays a search word.
"""

from __future__ import annotations

from functools import cache

from pamong.assistant import english
from pamong.catalog.search import Index
from pamong.core import regions

# Words of region names that are also ordinary words or parts of many names ("Kota Batu",
# "Tanah Datar", "Lima Puluh Kota"): removing them would remove meaning.
ORDINARY = frozenset(
    [
        "kabupaten",
        "kota",
        "administrasi",
        "provinsi",
        "daerah",
        "istimewa",
        "khusus",
        "pusat",
        "barat",
        "utara",
        "selatan",
        "timur",
        "tengah",
        "tenggara",
        "daya",
        "raya",
        "jaya",
        "besar",
        "kepulauan",
        "pulau",
        "hulu",
        "hilir",
        "ulu",
        "ilir",
        "laut",
        "darat",
        "pesisir",
        "gunung",
        "sungai",
        "tanah",
        "teluk",
        "tanjung",
        "kuala",
        "muara",
        "lima",
        "puluh",
        "empat",
        "ampat",
        "tinggi",
        "panjang",
        "penuh",
        "baru",
        "alam",
        "intan",
        "bintang",
        "pagar",
        "kanan",
        "pulang",
        "natal",
        "batu",
        "buru",
        "batang",
        "tulang",
        "pisau",
        "bawang",
        "lawang",
        "lawas",
        "datar",
        "bumbu",
        "landak",
        "pinang",
        "bara",
        "metro",
        "raja",
        "nusa",
        "lubuk",
        "tebing",
        "kubu",
        "puncak",
        "pangkal",
        "murung",
        "seribu",
        "kapuas",
        "mas",
    ]
)
# What people type for places the table spells out in full.
SHORT_FORMS = frozenset(
    [
        "jakarta",
        "jkt",
        "jogja",
        "jogjakarta",
        "yogya",
        "jateng",
        "jatim",
        "jabar",
        "jabodetabek",
        "sumut",
        "sumbar",
        "sumsel",
        "sulsel",
        "sulut",
        "sulteng",
        "kalbar",
        "kalteng",
        "kalsel",
        "kaltim",
        "kaltara",
        "ntt",
        "ntb",
        "diy",
        "dki",
        "solo",
        "surakarta",
    ]
)


@cache
def place_words() -> frozenset[str]:
    """Lower-case words of province and regency/city names, and their usual short forms."""
    words: set[str] = set(SHORT_FORMS)
    for code, name in regions.table().items():
        if code.count(".") <= 1:
            words.update(name.lower().replace("kab.", "kabupaten").replace("-", " ").split())
    return frozenset(word for word in words if len(word) >= 4 and word not in ORDINARY)


def without_places(words: list[str], index: Index) -> list[str]:
    """The words minus place names the catalog does not use itself."""
    places = place_words()
    return [
        word
        for word in words
        if word not in places or word in index.surface or english.term(word) in index.vocabulary
    ]
