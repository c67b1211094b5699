"""``cases.complaint_router``: which unit should handle a complaint; urgency; duplicates.

The model itself is in ``router_model`` (pure machine learning); this module is what the
cases app calls: ``train``/``save``/``load`` a model, ``urgency`` (rules, not a model),
``similar_open`` (duplicates), ``cross_validate`` and the registered AI function whose
``evaluate`` measures the router on any labelled CSV beside two baselines.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

from pamong.ai.evaluation import DatasetError, file_sha256
from pamong.ai.functions import AIFunction, CardDefaults, EvalReport, Prediction
from pamong.ai.registry import card_for, register
from pamong.cases import label_consistency
from pamong.cases.duplicates import DUPLICATE_SCORE, MAX_SCAN_CHARS, similar_open
from pamong.cases.router_model import RouterModel, cross_validate
from pamong.core.text import normalise

__all__ = [
    "DUPLICATE_SCORE",
    "ComplaintRouter",
    "Prediction",
    "RouterModel",
    "cross_validate",
    "emergency",
    "load",
    "save",
    "similar_open",
    "train",
    "urgency",
]


# --- the model's life: train, save, load ---------------------------------------------
def train(examples: Iterable[tuple[str, str, str | None]]) -> RouterModel:
    """A router trained on (text, unit, place) examples; rows without text or unit are skipped."""
    rows = [
        (text, str(label).strip(), place or None)
        for text, label, place in examples
        if (text or "").strip() and str(label or "").strip()
    ]
    return RouterModel().fit([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])


def save(model: RouterModel, directory: Path) -> Path:
    """Write ``<version>.json`` in ``directory`` (atomically: a reader never sees half a file)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{model.version}.json"
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(model.to_dict(), separators=(",", ":")), encoding="utf-8")
    temporary.replace(path)
    return path


def load(path: Path) -> RouterModel:
    """A saved router; a file that is not one raises ``ValueError`` saying so."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a router model file ({error})") from None
    return RouterModel.from_dict(data)


# --- urgency: rules a person can read ------------------------------------------------
# Informal spellings the shared slang list does not map ("kebakar", "kejebak", "kelelep",
# "konslet") are listed as they are written.
# Phrases where a life may be in danger right now, by kind. Each group is urgent under its
# reason in URGENT_PHRASES and makes up LIFE_THREATENING, so a phrase is written once.
FIRE = (
    "kebakaran",
    "terbakar",
    "kebakar",
    "dilalap api",
    "dilahap api",
    "fire",
)
DROWNING = (
    "tenggelam",
    "hanyut",
    "terseret arus",
    "terbawa arus",
    "kelelep",
    "klelep",
    "drowning",
    "drowned",
)
TRAPPED = (
    "terjebak",
    "terperangkap",
    "kejebak",
    "tertimbun reruntuhan",
    "tertimbun tanah",
    "tertimbun longsor",
    "orang tertimbun",
    "warga tertimbun",
    "korban tertimbun",
    "tertimpa",
    "ketimpa",
    "ketiban",
    "trapped",
)
UNCONSCIOUS = (
    "pingsan",
    "tidak sadarkan diri",
    "tak sadarkan diri",
    "hilang kesadaran",
    "kehilangan kesadaran",
    "tidak bernapas",
    "tidak bernafas",
    "kejang",
    "keracunan",
    "unconscious",
    "fainted",
    "not breathing",
    "poisoning",
)
ELECTROCUTED = (
    "tersengat listrik",
    "kesetrum",
    "electrocuted",
)
GAS_AND_EXPLOSIONS = (
    "kebocoran gas",
    "bocor gas",
    "gas bocor",
    "bau gas",
    "elpiji bocor",
    "lpg bocor",
    "gas meledak",
    "ledakan gas",
    "ledakan",
    "trafo meledak",
    "gardu meledak",
    "gas leak",
    "explosion",
)
COLLAPSE = (
    "ambruk",
    "jembatan ambruk",
    "jembatan roboh",
    "rumah roboh",
    "bangunan roboh",
    "atap roboh",
    "collapsed",
)
VIOLENCE = (
    "kekerasan",
    "penganiayaan",
    "dianiaya",
    "pemerkosaan",
    "perkosaan",
    "kdrt",
    "bunuh diri",
    "penculikan",
    "diculik",
    "tawuran",
    "dibacok",
    "ditusuk",
    "violence",
    "assault",
    "kidnapped",
    "stabbed",
    "suicide",
)
# Phrases (normalised words) that make a report urgent by themselves, by reason.
URGENT_PHRASES: dict[str, tuple[str, ...]] = {
    "bencana": (
        # water
        "banjir",
        "banjir bandang",
        "banjir rob",
        "kebanjiran",
        "air rob",
        "rob masuk",
        "terendam rob",
        "sungai meluap",
        "kali meluap",
        "air sungai naik",
        "air kali naik",
        "tanggul jebol",
        "bendungan jebol",
        "flood",
        "flooding",
        "flooded",
        # earth
        "longsor",
        "tanah longsor",
        "gempa",
        "tsunami",
        "erupsi",
        "landslide",
        "earthquake",
        # fire and wind
        "puting beliung",
        "angin puting beliung",
        *FIRE,
    ),
    "bahaya": (
        # electricity
        "kabel listrik putus",
        "kabel putus",
        "kabel listrik menjuntai",
        "tiang listrik roboh",
        "tiang listrik miring",
        "tiang listrik tumbang",
        "korsleting",
        "korsleting listrik",
        "konsleting",
        "korslet",
        "konslet",
        "arus pendek",
        "power line down",
        "short circuit",
        # trees, buildings, bridges, ground
        "pohon tumbang",
        "pohon roboh",
        "pohon hampir tumbang",
        "pohon mau tumbang",
        "jembatan putus",
        "jembatan hampir roboh",
        "jembatan retak parah",
        "jembatan amblas",
        "jembatan ambles",
        "hampir roboh",
        "mau roboh",
        "nyaris roboh",
        "hampir ambruk",
        "mau ambruk",
        "nyaris ambruk",
        "tanah amblas",
        "tanah ambles",
        "jalan amblas",
        "jalan ambles",
        "fallen tree",
        # harm already done
        "korban jiwa",
        "tewas",
        *DROWNING,
        *TRAPPED,
        *ELECTROCUTED,
        *GAS_AND_EXPLOSIONS,
        *COLLAPSE,
    ),
    "kesehatan": (
        "sesak napas",
        "sesak nafas",
        "gawat darurat",
        "darurat",
        "wabah",
        "demam berdarah",
        "dbd",
        "muntaber",
        "gizi buruk",
        "busung lapar",
        "diare massal",
        "ambulans",
        "ambulance",
        "emergency",
        "outbreak",
        *UNCONSCIOUS,
    ),
    "kekerasan": (
        "pelecehan",
        "pelecehan seksual",
        "pencabulan",
        "abuse",
        *VIOLENCE,
    ),
}
# The phrases above where a life may be in danger right now: fire, drowning, people trapped,
# someone unconscious (or electrocuted, poisoned), a gas leak or an explosion, a collapse,
# violence. The assistant answers these with the emergency numbers before anything else
# (``emergency``). A flood, an outbreak, a leaning pole or a bridge about to give way are
# urgent for the office, not a reason to send the citizen to 112.
LIFE_THREATENING = frozenset(
    (*FIRE, *DROWNING, *TRAPPED, *UNCONSCIOUS, *ELECTROCUTED, *GAS_AND_EXPLOSIONS, *COLLAPSE, *VIOLENCE)
)
# Children: a child word near a harm word (a child alone is not an emergency).
CHILD_WORDS = frozenset(
    [
        "anak",
        "balita",
        "bayi",
        "bocah",
        "siswa",
        "siswi",
        "murid",
        "santri",
        "child",
        "children",
        "kid",
        "kids",
        "baby",
    ]
)
CHILD_HARM = frozenset(
    [
        "hilang",
        "dianiaya",
        "dipukul",
        "dipukuli",
        "disiksa",
        "ditelantarkan",
        "terlantar",
        "diculik",
        "dilecehkan",
        "dicabuli",
        "diperkosa",
        "eksploitasi",
        "dieksploitasi",
        "dipekerjakan",
        "dijual",
        "tenggelam",
        "bullying",
        "dibully",
        "perundungan",
        "kekerasan",
        "pelecehan",
        "missing",
        "abused",
        "beaten",
    ]
)
# ... of which these put the child's life or body in danger now (``emergency``).
CHILD_VIOLENCE = frozenset(
    [
        "dianiaya",
        "dipukul",
        "dipukuli",
        "disiksa",
        "diculik",
        "dilecehkan",
        "dicabuli",
        "diperkosa",
        "tenggelam",
        "kekerasan",
        "abused",
        "beaten",
    ]
)
CHILD_WINDOW = 4
# "akta anak saya hilang" is a lost document, not a missing child.
DOCUMENT_WORDS = frozenset(
    ["akta", "akte", "kartu", "ktp", "kia", "kk", "ijazah", "rapor", "raport", "surat", "berkas", "dokumen"]
)
# A trigger followed by one of these (one word, or two: "air mata") is a figure of speech or
# an advert, not an event; after "di", "dalam" or "in" the word after it counts too ("terjebak
# di kemacetan").
_ORDERS = frozenset(
    [
        "promo",
        "diskon",
        "order",
        "pesanan",
        "orderan",
        "rezeki",
        "rejeki",
        "hadiah",
        "pujian",
        "komentar",
        "like",
        "job",
        "bonus",
        "cashback",
        "air mata",
        "mata",
        "pembeli",
        "penonton",
        "pelanggan",
    ]
)
_STUCK = frozenset(
    [
        "macet",
        "kemacetan",
        "antrean",
        "antrian",
        "birokrasi",
        "calo",
        "pinjol",
        "utang",
        "hutang",
        "hujan",
        "rutinitas",
        "nostalgia",
        "masa",
        "cinta",
        "traffic",
        "queue",
    ]
)
_STRUCK = frozenset(["musibah", "masalah", "sial", "kemalangan", "utang", "hutang"])
FIGURATIVE_NEXT: dict[str, frozenset[str]] = {
    "banjir": _ORDERS,
    "kebanjiran": _ORDERS,
    "kebakaran": frozenset(["jenggot"]),
    "terbakar": frozenset(["emosi", "amarah", "cemburu", "semangat", "matahari"]),
    "longsor": frozenset(["harga"]),
    "darurat": frozenset(["sipil"]),
    "fire": frozenset(
        ["sale", "extinguisher", "extinguishers", "hydrant", "hydrants", "station", "department", "brigade"]
    ),
    "abuse": frozenset(["of"]),  # "abuse of power" is a complaint, not an emergency
    "tenggelam": frozenset(["dalam", "utang", "hutang"]),  # "tenggelam dalam utang"
    "terjebak": _STUCK,
    "terperangkap": _STUCK,
    "kejebak": _STUCK,
    "hanyut": frozenset(["dalam", "suasana", "perasaan", "emosi"]),
    "arus": frozenset(["pergaulan", "zaman", "informasi", "globalisasi", "modernisasi"]),  # terbawa arus ...
    "tertimpa": _STRUCK,
    "ketimpa": _STRUCK,
    "ketiban": frozenset([*_STRUCK, "rezeki", "rejeki", "durian", "untung"]),
    "ledakan": frozenset(["penduduk", "jumlah", "kasus", "harga", "pengunjung", "penumpang", "sampah"]),
}
PREPOSITIONS = frozenset(["di", "dalam", "in"])
# ... or preceded by one of these: "harga longsor", "saham longsor", "promo banjir", and the
# fire brigade is not a fire ("kantor pemadam kebakaran jauh", "rawan kebakaran").
FIGURATIVE_BEFORE: dict[str, frozenset[str]] = {
    "longsor": frozenset(["harga", "saham", "nilai"]),
    "banjir": frozenset(["promo", "diskon"]),
    "ambruk": frozenset(["usaha", "bisnis", "ekonomi", "harga", "omzet"]),
    "kebakaran": frozenset(["pemadam", "damkar", "rawan", "pencegahan", "asuransi", "proteksi"]),
}
NEGATIONS = frozenset(["tidak", "bukan", "tak", "tanpa", "no", "not", "never"])
# An event the report itself says is over asks for follow-up work, not for an emergency:
# "banjir tahun lalu sudah surut, minta normalisasi saluran", "bekas kebakaran", "pasca banjir".
# Only plain words in the same clause count (a comma or full stop ends it), and only for
# events and hazards (not violence or a child at risk, which stay urgent when past). "Sejak
# tahun lalu", "seperti tahun lalu" or "banjir lagi" mean it goes on or is back: still urgent.
# A recurring flood ("setiap hujan banjir") stays urgent: it is happening now or soon.
OVER_AFTER = frozenset(
    [
        ("sudah", "surut"),
        ("telah", "surut"),
        ("sudah", "reda"),
        ("telah", "reda"),
        ("sudah", "padam"),
        ("telah", "padam"),
        ("sudah", "dipadamkan"),
        ("telah", "dipadamkan"),
        ("berhasil", "dipadamkan"),
        ("tahun", "lalu"),
        ("bulan", "lalu"),
        ("last", "year"),
        ("last", "month"),
        ("has", "receded"),
        ("have", "receded"),
    ]
)
OVER_BEFORE = frozenset(["bekas", "pasca", "sisa", "pernah", "setelah", "sesudah", "usai", "after", "former"])
OVER_WINDOW = 5  # words after the trigger in which an OVER_AFTER pair may start
ONGOING = frozenset(["sejak", "dari", "seperti", "since", "like"])  # ... just before the pair
AGAIN = frozenset(["lagi", "kembali", "again"])  # ... right after the trigger: "banjir lagi"
OVER_REASONS = frozenset(["bencana", "bahaya", "kesehatan"])
CLAUSE_END = re.compile(r"[,.;:!?\n]+")


def _phrases() -> dict[tuple[str, ...], str]:
    return {tuple(phrase.split()): reason for reason, phrases in URGENT_PHRASES.items() for phrase in phrases}


_PHRASES = _phrases()
_LONGEST = max(len(phrase) for phrase in _PHRASES)
_KNOWN = frozenset(word for phrase in _PHRASES for word in phrase) | CHILD_WORDS | CHILD_HARM


def _base(word: str) -> str:
    """ "banjirnya" -> "banjir", "anak-anak" -> "anak" (only for words the rules know)."""
    if word.endswith("nya") and word[:-3] in _KNOWN:
        return word[:-3]
    half, dash, rest = word.partition("-")
    if dash and half == rest and half in _KNOWN:
        return half
    return word


def _words(text: str) -> tuple[list[str], list[int]]:
    """Normalised words of the text and, for each, the number of its clause."""
    words: list[str] = []
    clauses: list[int] = []
    for number, clause in enumerate(CLAUSE_END.split((text or "")[:MAX_SCAN_CHARS])):
        found = [_base(word) for word in normalise(clause)]
        words += found
        clauses += [number] * len(found)
    return words, clauses


def _figurative(phrase: tuple[str, ...], words: list[str], start: int, end: int) -> bool:
    after = FIGURATIVE_NEXT.get(phrase[-1], frozenset())
    following = words[end : end + 3]
    if following and (following[0] in after or " ".join(following[:2]) in after):
        return True
    if len(following) > 1 and following[0] in PREPOSITIONS and following[1] in after - PREPOSITIONS:
        return True
    before = FIGURATIVE_BEFORE.get(phrase[0], frozenset())
    return bool(before.intersection(words[max(0, start - 3) : start]))


def _over(words: list[str], clauses: list[int], start: int, end: int) -> bool:
    """The clause says the event at ``words[start:end]`` is over ("sudah surut", "bekas ...")."""
    clause = clauses[start]
    if any(words[i] in AGAIN and clauses[i] == clause for i in range(end, min(len(words), end + 2))):
        return False  # "banjir lagi"
    if start > 0 and clauses[start - 1] == clause and words[start - 1] in OVER_BEFORE:
        return True
    return any(
        clauses[i + 1] == clause and (words[i], words[i + 1]) in OVER_AFTER and words[i - 1] not in ONGOING
        for i in range(end, min(len(words) - 1, end + OVER_WINDOW + 1))
    )


def _findings(text: str) -> list[tuple[str, str, bool]]:
    """(reason, the words that decided it, whether a life may be in danger now), in text order."""
    words, clauses = _words(text)
    found: list[tuple[str, str, bool]] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            reason = _PHRASES.get(phrase)
            if reason is None:
                continue
            ignored = (
                _figurative(phrase, words, i, i + size)
                or NEGATIONS.intersection(words[max(0, i - 2) : i])
                or (reason in OVER_REASONS and _over(words, clauses, i, i + size))
            )
            if not ignored:
                said = " ".join(phrase)
                found.append((reason, said, said in LIFE_THREATENING))
            i += size - 1
            break
        i += 1
    for position, word in enumerate(words):
        if word in CHILD_WORDS:
            window = words[max(0, position - CHILD_WINDOW) : position + CHILD_WINDOW + 1]
            harm = [w for w in window if w in CHILD_HARM]
            lead_in = words[max(0, position - 3) : position]
            if (
                harm
                and not NEGATIONS.intersection(window[: window.index(harm[0])][-2:])
                and not DOCUMENT_WORDS.intersection(lead_in)
            ):
                found.append(("anak", f"{word} {harm[0]}", harm[0] in CHILD_VIOLENCE))
    return found


def urgency(text: str) -> tuple[bool, list[str]]:
    """Whether a report is about danger to life, a disaster, a health emergency or a child at risk.

    Returns (urgent, reasons like ``"bencana: banjir"``). Rules, so an officer can see why;
    figures of speech ("banjir promo", "kebakaran jenggot", "terjebak macet"), negations
    ("tidak banjir") and events the report says are over ("banjir tahun lalu sudah surut")
    do not count.
    """
    reasons = list(dict.fromkeys(f"{reason}: {said}" for reason, said, _life in _findings(text)))
    return bool(reasons), reasons


def emergency(text: str) -> list[str]:
    """The reasons of ``urgency`` that mean a life may be in danger right now (``LIFE_THREATENING``,
    a child hurt): whoever reads the report should be told to call 112 first. Empty if none."""
    return list(dict.fromkeys(f"{reason}: {said}" for reason, said, life in _findings(text) if life))


# --- evaluation on any labelled CSV ---------------------------------------------------
MAX_BAD_LINE_SHARE = 0.01


def _decode(path: Path) -> tuple[str, int]:
    """UTF-8 text of a file and how many lines held bytes that are not UTF-8.

    Exported spreadsheets often carry a stray Windows-1252 byte; a handful is replaced
    (and counted in the run), more than 1% of lines is an error naming the encoding.
    """
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), 0
    except UnicodeDecodeError as error:
        lines = raw.splitlines()
        bad = 0
        for line in lines:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                bad += 1
        if bad > max(1, MAX_BAD_LINE_SHARE * len(lines)):
            raise DatasetError(
                f"{path}: not UTF-8 ({bad} of {len(lines)} lines, first at byte {error.start}); "
                "save the file as UTF-8 CSV and try again"
            ) from None
        return raw.decode("utf-8-sig", errors="replace"), bad


def _column(header: list[str] | None, wanted: str, what: str, path: Path, width: int) -> int:
    if wanted.isdigit():
        index = int(wanted)
        if index >= width:
            raise DatasetError(
                f"{path}: {what} column {index} does not exist; rows have {width} field(s) "
                "(is the separator right? try --sep ';')"
            )
        return index
    if header is None:
        raise DatasetError(f"{path}: --no-header files address columns by number, not {wanted!r}")
    if wanted not in header:
        raise DatasetError(f"{path}: no {what} column {wanted!r}; found {header}")
    return header.index(wanted)


def read_examples(options: dict[str, Any]) -> dict[str, Any]:
    """Texts, labels (and places, accepted label sets) from ``--csv`` and its column options."""
    if not options.get("csv"):
        raise DatasetError("cases.complaint_router needs --csv FILE --text-col T --label-col L")
    path = Path(options["csv"])
    text, bad_lines = _decode(path)
    sep = options.get("sep") or ","
    if len(sep) != 1:
        raise DatasetError(f"--sep must be one character, not {sep!r}")
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep) if any(row)]
    text_col, label_col = str(options.get("text_col") or "text"), str(options.get("label_col") or "label")
    by_number = text_col.isdigit() and label_col.isdigit()
    header = None if options.get("no_header") or (by_number and not options.get("header")) else rows.pop(0)
    if not rows:
        raise DatasetError(f"{path}: no rows")
    width = max(len(row) for row in rows)
    t = _column(header, text_col, "text", path, width)
    lab = _column(header, label_col, "label", path, width)
    place_col = options.get("place_col")
    p = _column(header, str(place_col), "place", path, width) if place_col else None
    label_sep = options.get("label_sep") or ","
    excluded = {" ".join(value.split()).casefold() for value in options.get("exclude_label") or []}
    texts, labels, places, accepted = [], [], [], []
    skipped = Counter()
    for row in rows:
        body = row[t].strip() if t < len(row) else ""
        raw_label = row[lab] if lab < len(row) else ""
        names = [" ".join(part.split()).casefold() for part in raw_label.split(label_sep)]
        names = (
            [name for name in names if name]
            if options.get("first_label")
            else [" ".join(raw_label.split()).casefold()]
        )
        if not body or not names or not names[0]:
            skipped["no text or label"] += 1
            continue
        if names[0] in excluded:
            skipped["excluded label"] += 1
            continue
        texts.append(body)
        labels.append(names[0])
        accepted.append(set(names))
        places.append((row[p].strip() or None) if p is not None and p < len(row) else None)
    counts = Counter(labels)
    min_class = int(options.get("min_class") or 10)
    keep = [i for i, label in enumerate(labels) if counts[label] >= min_class]
    skipped["class smaller than --min-class"] = len(labels) - len(keep)
    if len({labels[i] for i in keep}) < 2:
        raise DatasetError(f"{path}: fewer than two labels with at least {min_class} examples each")
    return {
        "path": path,
        "texts": [texts[i] for i in keep],
        "labels": [labels[i] for i in keep],
        "places": [places[i] for i in keep] if p is not None else None,
        "accepted": [accepted[i] for i in keep] if options.get("first_label") else None,
        "skipped": {reason: n for reason, n in skipped.items() if n},
        "undecodable_lines": bad_lines,
    }


# --- the registered AI function --------------------------------------------------------
class ComplaintRouter(AIFunction):
    key = "cases.complaint_router"
    card = CardDefaults(
        name_id="Penentu unit pengaduan",
        name_en="Complaint router",
        purpose_id=(
            "Mengarahkan pengaduan warga ke unit yang berwenang berdasarkan isi dan lokasinya; "
            "jika kurang yakin, laporan masuk antrean verifikasi dan petugas yang memilih unit."
        ),
        purpose_en=(
            "Routes citizen complaints to the responsible unit from their text and place; when "
            "unsure, the report waits in the verification queue and an officer chooses the unit."
        ),
        owner_unit="Inspektorat / unit pengelola pengaduan",
        risk_level=2,
        oversight="review",
        data_used=(
            "Teks dan wilayah pengaduan; riwayat pengaduan yang unitnya dikonfirmasi atau dialihkan "
            "petugas. Log keputusan hanya menyimpan hash teks."
        ),
        personal_data=["teks pengaduan (dapat memuat nama atau nomor telepon)"],
        threshold=0.8,
        notice_id=(
            "Laporan Anda diarahkan ke unit oleh sistem otomatis jika cukup yakin; jika tidak, "
            "petugas verifikasi yang memilih. Petugas dapat mengalihkan laporan kapan saja."
        ),
        notice_en=(
            "Your report is sent to a unit automatically when the system is sure enough; "
            "otherwise a verification officer chooses. Officers can re-route it at any time."
        ),
    )

    def model_version(self) -> str:
        """The version the cases app trained last (``var/models/cases-router/current.json``)."""
        pointer = Path(settings.MODEL_DIR) / "cases-router" / "current.json"
        try:
            return str(json.loads(pointer.read_text(encoding="utf-8"))["version"])
        except (FileNotFoundError, KeyError, ValueError):
            return "untrained"

    def add_eval_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--text-col", help="text column: a name, or a number from 0")
        parser.add_argument("--label-col", help="label column: a name, or a number from 0")
        parser.add_argument("--place-col", help="optional region-code column")
        parser.add_argument("--sep", help="field separator (default ,)")
        parser.add_argument("--no-header", action="store_true", help="the first row is data")
        parser.add_argument("--header", action="store_true", help="the first row names columns")
        parser.add_argument("--first-label", action="store_true", help="labels are lists: use the first")
        parser.add_argument("--label-sep", help="separator inside a list of labels (default ,)")
        parser.add_argument("--exclude-label", action="append", help="drop rows with this label")
        parser.add_argument("--min-class", type=int, help="drop labels with fewer examples (default 10)")
        parser.add_argument("--folds", type=int, help="cross-validation folds (default 5)")
        parser.add_argument("--target-precision", type=float, help="precision the tuned threshold aims at")
        parser.add_argument("--threshold", type=float, default=None, help="override the card's threshold")
        parser.add_argument("--seed", type=int, help="fold shuffling seed (default 0)")

    def evaluate(self, options: dict[str, Any]) -> EvalReport:
        data = read_examples(options)
        threshold = options.get("threshold")
        if threshold is None:
            threshold = card_for(self.key).threshold
        folds = int(options.get("folds") or 5)
        target = float(options.get("target_precision") or 0.95)
        result = cross_validate(
            data["texts"],
            data["labels"],
            folds=folds,
            threshold=threshold,
            seed=int(options.get("seed") or 0),
            places=data["places"],
            accepted=data["accepted"],
            target_precision=target,
        )
        repeated = label_consistency.agreement(data["texts"], data["labels"])
        return EvalReport(
            n=len(data["texts"]),
            metrics=result["metrics"],
            baselines=result["baselines"],
            dataset=str(data["path"]),
            dataset_sha256=file_sha256(data["path"]),
            params={
                "threshold": threshold,
                "folds": folds,
                "target_precision": target,
                "classes": len(set(data["labels"])),
                "skipped_rows": data["skipped"],
                "undecodable_lines": data["undecodable_lines"],
                "tuned_thresholds": result["tuned_thresholds"],
                "curve": result["curve"],
                "repeated_text_pairs": repeated.pairs,
                "repeated_text_same_label": repeated.share,
            },
            notes=[note] if (note := label_consistency.describe(repeated)) else [],
        )


register(ComplaintRouter)
