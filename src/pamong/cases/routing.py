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
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

from pamong.ai.evaluation import DatasetError, file_sha256
from pamong.ai.functions import AIFunction, CardDefaults, EvalReport, Prediction
from pamong.ai.registry import card_for, register
from pamong.cases.duplicates import DUPLICATE_SCORE, MAX_SCAN_CHARS, similar_open
from pamong.cases.router_model import RouterModel, cross_validate
from pamong.core.text import normalise

__all__ = [
    "DUPLICATE_SCORE",
    "ComplaintRouter",
    "Prediction",
    "RouterModel",
    "cross_validate",
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
# Phrases (normalised words) that make a report urgent by themselves, by reason.
URGENT_PHRASES: dict[str, tuple[str, ...]] = {
    "bencana": (
        "banjir",
        "banjir bandang",
        "air rob",
        "rob masuk",
        "terendam rob",
        "longsor",
        "tanah longsor",
        "kebakaran",
        "terbakar",
        "gempa",
        "tsunami",
        "puting beliung",
        "angin puting beliung",
        "erupsi",
        "tanggul jebol",
        "flood",
        "flooding",
        "landslide",
        "fire",
        "earthquake",
    ),
    "bahaya": (
        "pohon tumbang",
        "pohon roboh",
        "pohon hampir tumbang",
        "pohon mau tumbang",
        "kabel listrik putus",
        "kabel putus",
        "kabel listrik menjuntai",
        "tiang listrik roboh",
        "tiang listrik miring",
        "tiang listrik tumbang",
        "tersengat listrik",
        "kesetrum",
        "jembatan putus",
        "jembatan ambruk",
        "jembatan roboh",
        "rumah roboh",
        "bangunan roboh",
        "atap roboh",
        "ambruk",
        "korban jiwa",
        "tewas",
        "tenggelam",
        "kebocoran gas",
        "bocor gas",
        "fallen tree",
        "power line down",
        "electrocuted",
        "collapsed",
    ),
    "kesehatan": (
        "pingsan",
        "tidak sadarkan diri",
        "kejang",
        "sesak napas",
        "sesak nafas",
        "keracunan",
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
        "unconscious",
        "fainted",
        "poisoning",
        "outbreak",
    ),
    "kekerasan": (
        "kekerasan",
        "penganiayaan",
        "dianiaya",
        "pelecehan",
        "pelecehan seksual",
        "pencabulan",
        "pemerkosaan",
        "perkosaan",
        "kdrt",
        "bunuh diri",
        "penculikan",
        "diculik",
        "violence",
        "abuse",
        "assault",
        "kidnapped",
        "suicide",
    ),
}
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
CHILD_WINDOW = 4
# "akta anak saya hilang" is a lost document, not a missing child.
DOCUMENT_WORDS = frozenset(
    ["akta", "akte", "kartu", "ktp", "kia", "kk", "ijazah", "rapor", "raport", "surat", "berkas", "dokumen"]
)
# A trigger followed by one of these is a figure of speech or an advert, not an event.
FIGURATIVE_NEXT: dict[str, frozenset[str]] = {
    "banjir": frozenset(
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
            "air",
            "mata",
            "pembeli",
            "penonton",
            "pelanggan",
        ]
    ),
    "kebakaran": frozenset(["jenggot"]),
    "longsor": frozenset(["harga"]),
    "darurat": frozenset(["sipil"]),
    "fire": frozenset(["sale"]),
    "abuse": frozenset(["of"]),  # "abuse of power" is a complaint, not an emergency
    "tenggelam": frozenset(["dalam"]),  # "tenggelam dalam utang"
}
# ... or preceded by one of these: "harga longsor", "saham longsor", "promo banjir".
FIGURATIVE_BEFORE: dict[str, frozenset[str]] = {
    "longsor": frozenset(["harga", "saham", "nilai"]),
    "banjir": frozenset(["promo", "diskon"]),
    "ambruk": frozenset(["usaha", "bisnis", "ekonomi", "harga", "omzet"]),
}
NEGATIONS = frozenset(["tidak", "bukan", "tak", "tanpa", "no", "not", "never"])


def _phrases() -> dict[tuple[str, ...], str]:
    return {tuple(phrase.split()): reason for reason, phrases in URGENT_PHRASES.items() for phrase in phrases}


_PHRASES = _phrases()
_LONGEST = max(len(phrase) for phrase in _PHRASES)


def urgency(text: str) -> tuple[bool, list[str]]:
    """Whether a report is about danger to life, a disaster, a health emergency or a child at risk.

    Returns (urgent, reasons like ``"bencana: banjir"``). Rules, so an officer can see why;
    figures of speech ("banjir promo", "kebakaran jenggot") and negations ("tidak banjir")
    do not count.
    """
    words = normalise((text or "")[:MAX_SCAN_CHARS])
    reasons: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            reason = _PHRASES.get(phrase)
            if reason is None:
                continue
            head, after = phrase[0], words[i + size] if i + size < len(words) else ""
            before = words[max(0, i - 2) : i]
            figurative = after in FIGURATIVE_NEXT.get(phrase[-1], ()) or bool(
                FIGURATIVE_BEFORE.get(head, frozenset()).intersection(words[max(0, i - 3) : i])
            )
            if not figurative and not NEGATIONS.intersection(before):
                reasons.append(f"{reason}: {' '.join(phrase)}")
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
                reasons.append(f"anak: {word} {harm[0]}")
    unique = list(dict.fromkeys(reasons))
    return bool(unique), unique


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
            },
        )


register(ComplaintRouter)
