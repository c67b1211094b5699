"""``pamong eval documents.<function> --dir DIR``: score the functions on labelled letters.

A labelled folder holds letters beside JSON files of their truth (``{"file": ...,
"nomor_surat": ..., "tanggal": "YYYY-MM-DD", "type": ...}``); keys a JSON leaves out
are not scored. Each function is printed beside a baseline run in the same process
(a plain regex for nomor and date, the majority class for the rest) and, where the
truth says how the letter was made (``rendering``: digital, scanned, docx, image),
per rendering too.

``documents.pii --csv FILE`` scores identifiers on a CSV of sentences instead (``text``,
``entities`` as ``kind:digits;...``), beside naive digit-count regexes; ``documents.summary``
asks whether each summary names the sender, the subject and the deadline the truth JSON
gives, beside the letter's first two sentences.

The text of each file is read once and kept in ``VAR_DIR/cache/letters`` by SHA-256,
with the seconds reading took, so a second evaluation does not OCR again; documents per
second are computed from the recorded reading time plus this run's understanding time.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from pamong.ai.evaluation import DatasetError
from pamong.ai.functions import EvalReport
from pamong.ai.registry import get
from pamong.documents import fields, learning, ocr
from pamong.documents.reading import ReadError, read

GROUPS = ("digital", "scanned", "docx", "image")
FIELDS = (
    "nomor_surat",
    "tanggal",
    "perihal",
    "pengirim",
    "tujuan",
    "sifat",
    "lampiran",
    "penandatangan",
    "nip",
    "jumlah_rupiah",
    "acara",
)


@dataclass
class Labelled:
    path: Path
    truth: dict
    text: str = ""
    error: str = ""
    read_seconds: float = 0.0

    @property
    def group(self) -> str:
        return self.truth.get("rendering", "")


def labelled(folder: str | None, *, key: str, limit: int | None = None) -> list[Labelled]:
    if not folder:
        raise DatasetError(f"{key} needs --dir FOLDER of letters with their truth JSON")
    root = Path(folder)
    if not root.is_dir():
        raise DatasetError(f"{folder} is not a folder")
    items = []
    for truth_path in sorted(root.glob("*.json")):
        try:
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise DatasetError(f"{truth_path}: not a JSON file ({error})") from None
        if not isinstance(truth, dict) or "file" not in truth:
            continue
        path = root / truth["file"]
        if not path.is_file():
            raise DatasetError(f"{truth_path}: its file {truth['file']} is missing")
        items.append(Labelled(path, truth))
    if not items:
        raise DatasetError(f"{folder}: no JSON with a 'file' key")
    return items[:limit] if limit else items


def dataset_hash(items: list[Labelled]) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(json.dumps(item.truth, sort_keys=True).encode())
        digest.update(hashlib.sha256(item.path.read_bytes()).digest())
    return digest.hexdigest()


def read_all(items: list[Labelled]) -> None:
    """Fill each item's text (from the cache when the same bytes were read before by the same
    OCR: a change to it, such as straightening, must not be hidden by text read earlier)."""
    cache = Path(settings.VAR_DIR) / "cache" / "letters"
    cache.mkdir(parents=True, exist_ok=True)
    for item in items:
        sha = hashlib.sha256(item.path.read_bytes()).hexdigest()
        cached = cache / f"{sha}-{ocr.VERSION}.json"
        if cached.exists():
            stored = json.loads(cached.read_text(encoding="utf-8"))
            item.text, item.error, item.read_seconds = stored["text"], stored["error"], stored["seconds"]
            continue
        started = time.perf_counter()
        try:
            item.text = read(item.path).text
        except ReadError as error:
            item.error = error.reason
        item.read_seconds = time.perf_counter() - started
        cached.write_text(
            json.dumps({"text": item.text, "error": item.error, "seconds": item.read_seconds}),
            encoding="utf-8",
        )


# --- comparing values --------------------------------------------------------------------
def norm(value: Any) -> str:
    text = re.sub(r"\s+", " ", str(value)).strip(" .,;:").casefold()
    return text


def same(name: str, truth: Any, predicted: Any) -> bool:
    if predicted is None:
        return False
    if name == "nomor_surat":
        return re.sub(r"\s", "", str(truth)).casefold() == re.sub(r"\s", "", str(predicted)).casefold()
    if name == "nip":
        return re.sub(r"\D", "", str(truth)) == re.sub(r"\D", "", str(predicted))
    if name == "jumlah_rupiah":
        return sorted(truth) == sorted(predicted)
    if name == "acara":
        if not isinstance(predicted, dict) or predicted.get("date") != truth.get("date"):
            return False
        return "time" not in truth or predicted.get("time") == truth["time"]
    return norm(truth) == norm(predicted)


def ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else float("nan")


def grouped_accuracy(items: list[Labelled], name: str, predictions: list[Any]) -> dict[str, float]:
    """Accuracy over the letters whose truth has ``name``, overall and per rendering."""
    scored = [
        (item, predicted)
        for item, predicted in zip(items, predictions, strict=True)
        if item.truth.get(name) is not None
    ]
    out = {name: ratio(sum(same(name, item.truth[name], p) for item, p in scored), len(scored))}
    for group in GROUPS:
        part = [(item, p) for item, p in scored if item.group == group]
        if part:
            out[f"{name}.{group}"] = ratio(
                sum(same(name, item.truth[name], p) for item, p in part), len(part)
            )
    return out


def f1_per_class(gold: list[str], predicted: list[str | None]) -> dict[str, float]:
    scores = {}
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores[label] = round(2 * precision * recall / (precision + recall) if precision + recall else 0.0, 4)
    return scores


def macro_f1(gold: list[str], predicted: list[str | None]) -> float:
    scores = list(f1_per_class(gold, predicted).values())
    return round(sum(scores) / len(scores), 4) if scores else float("nan")


# --- the evaluations -----------------------------------------------------------------------
def evaluate(key: str, options: dict[str, Any]) -> EvalReport:
    if key == "documents.pii" and options.get("csv"):
        return evaluate_identifiers(options["csv"])
    items = labelled(options.get("dir"), key=key, limit=options.get("limit"))
    read_all(items)
    runner = {
        "documents.fields": eval_fields,
        "documents.type": eval_type,
        "documents.classification": eval_classification,
        "documents.disposition": eval_disposition,
        "documents.pii": eval_pii,
        "documents.summary": eval_summary,
    }[key]
    started = time.perf_counter()
    metrics, baselines, params = runner(items, options)
    understanding = time.perf_counter() - started
    seconds = sum(item.read_seconds for item in items) + understanding
    metrics["docs_per_second"] = round(len(items) / seconds, 2) if seconds else 0.0
    metrics["unreadable"] = ratio(sum(1 for item in items if item.error), len(items))
    metrics = {name: value for name, value in metrics.items() if value == value}  # NaN: nothing to score
    return EvalReport(
        n=len(items),
        metrics=metrics,
        baselines=baselines,
        dataset=str(options["dir"]),
        dataset_sha256=dataset_hash(items),
        params=params,
    )


def eval_fields(items: list[Labelled], options: dict[str, Any]) -> tuple[dict, dict, dict]:
    extracted = [fields.extract(item.text) for item in items]
    metrics: dict[str, float] = {}
    for name in FIELDS:
        metrics.update(
            grouped_accuracy(items, name, [(found.get(name) or {}).get("value") for found in extracted])
        )
    plain = [fields.baseline(item.text) for item in items]
    baseline: dict[str, float] = {}
    for name in ("nomor_surat", "tanggal"):
        baseline.update(grouped_accuracy(items, name, [row[name] for row in plain]))
    return metrics, {"plain_regex": baseline}, {}


def train_model(name: str, options: dict[str, Any], label_key: str) -> learning.TextModel | None:
    """A model fitted on ``--train-dir`` for this run (nothing is saved)."""
    if not options.get("train_dir"):
        return None
    train = labelled(options["train_dir"], key=name, limit=None)
    read_all(train)
    from pamong.documents.functions import model_text

    pairs = [
        (model_text(fields.clean(item.text), fields.extract(item.text)), item.truth[label_key])
        for item in train
        if item.truth.get(label_key)
    ]
    return learning.fit(name, [text for text, _ in pairs], [label for _, label in pairs])


def eval_type(items: list[Labelled], options: dict[str, Any]) -> tuple[dict, dict, dict]:
    from pamong.documents.functions import model_text

    function = get("documents.type")
    function.override = train_model("type", options, "type")  # type: ignore[attr-defined]
    try:
        scored = [item for item in items if item.truth.get("type")]
        predicted = []
        by_rule = 0
        for item in scored:
            clean = fields.clean(item.text)
            found = fields.extract(clean)
            answer = function.predict(
                clean, (found.get("perihal") or {}).get("value", ""), model_text(clean, found)
            )  # type: ignore[attr-defined]
            predicted.append(answer["value"])
            by_rule += answer["why"].startswith("aturan")
        gold = [item.truth["type"] for item in scored]
    finally:
        function.override = None  # type: ignore[attr-defined]
    majority = Counter(gold).most_common(1)[0][0]
    metrics = {
        "macro_f1": macro_f1(gold, predicted),
        "accuracy": ratio(sum(g == p for g, p in zip(gold, predicted, strict=True)), len(gold)),
        "abstain_rate": ratio(sum(p is None for p in predicted), len(gold)),
        "decided_by_rule": ratio(by_rule, len(gold)),
    }
    for group in GROUPS:
        part = [(g, p) for item, g, p in zip(scored, gold, predicted, strict=True) if item.group == group]
        if part:
            metrics[f"accuracy.{group}"] = ratio(sum(g == p for g, p in part), len(part))
    metrics.update({f"f1.{label}": score for label, score in f1_per_class(gold, predicted).items()})
    baseline = {
        "macro_f1": macro_f1(gold, [majority] * len(gold)),
        "accuracy": ratio(gold.count(majority), len(gold)),
    }
    return metrics, {"majority_class": baseline}, {"train_dir": options.get("train_dir")}


def eval_classification(items: list[Labelled], options: dict[str, Any]) -> tuple[dict, dict, dict]:
    from pamong.documents.functions import model_text

    function = get("documents.classification")
    function.override = train_model("classification", options, "classification")  # type: ignore[attr-defined]
    try:
        return score_classification(function, items, model_text)
    finally:
        function.override = None  # type: ignore[attr-defined]


def score_classification(function: Any, items: list[Labelled], model_text: Any) -> tuple[dict, dict, dict]:
    scored = [item for item in items if item.truth.get("classification")]
    top1 = top3 = 0
    carried = carried_hit = suggested = suggested_top3 = 0
    groups: dict[str, list[bool]] = {}
    for item in scored:
        clean = fields.clean(item.text)
        found = fields.extract(clean)
        answer = function.predict(
            (found.get("nomor_surat") or {}).get("value", ""),
            (found.get("perihal") or {}).get("value", ""),
            clean,
            model_text(clean, found),
        )
        gold = item.truth["classification"]
        codes = [code for code, _ in answer["alternatives"]][:3]
        top1 += answer["value"] == gold
        top3 += gold in codes
        groups.setdefault(item.group, []).append(gold in codes)
        if answer["why"].startswith("kode di depan"):
            carried += 1
            carried_hit += answer["value"] == gold
        else:
            suggested += 1
            suggested_top3 += gold in codes
    gold_codes = [item.truth["classification"] for item in scored]
    majority = Counter(gold_codes).most_common(1)[0][0]
    metrics = {
        "top1": ratio(top1, len(scored)),
        "top3": ratio(top3, len(scored)),
        "from_nomor_share": ratio(carried, len(scored)),
        "from_nomor_exact": ratio(carried_hit, carried),
        "suggested_top3": ratio(suggested_top3, suggested),
    }
    for group, hits in groups.items():
        if group:
            metrics[f"top3.{group}"] = ratio(sum(hits), len(hits))
    share = ratio(gold_codes.count(majority), len(gold_codes))
    return (
        metrics,
        {"majority_class": {"top1": share, "top3": share}},
        {"learned": function.model() is not None},
    )


def eval_disposition(items: list[Labelled], options: dict[str, Any]) -> tuple[dict, dict, dict]:
    from pamong.documents.functions import model_text

    function = get("documents.disposition")
    scored = [item for item in items if item.truth.get("unit")]
    texts = [model_text(fields.clean(item.text), fields.extract(item.text)) for item in scored]
    gold = [item.truth["unit"] for item in scored]
    threshold = options.get("threshold")
    predicted: list[str | None] = []
    confidences: list[str | None] = []
    if options.get("train_dir"):
        models = [train_model("disposition", options, "unit")] * len(scored)
        mode = "trained on --train-dir"
    else:  # five-fold cross-validation: each letter is predicted by a model that never saw it
        folds = 5
        models = []
        for index in range(len(scored)):
            fold = index % folds
            train = [(t, g) for i, (t, g) in enumerate(zip(texts, gold, strict=True)) if i % folds != fold]
            models.append(learning.fit("disposition", [t for t, _ in train], [g for _, g in train]))
        mode = "5-fold cross-validation"
    try:
        for text, model in zip(texts, models, strict=True):
            function.override = model  # type: ignore[attr-defined]
            answer = function.predict(text, threshold=threshold)  # type: ignore[attr-defined]
            predicted.append(answer["value"])
            confidences.append(answer["alternatives"][0][0] if answer["alternatives"] else None)
    finally:
        function.override = None  # type: ignore[attr-defined]
    answered = [(g, p) for g, p in zip(gold, predicted, strict=True) if p is not None]
    majority = Counter(gold).most_common(1)[0][0]
    metrics = {
        "accuracy": ratio(sum(g == p for g, p in zip(gold, predicted, strict=True)), len(gold)),
        "answered_accuracy": ratio(sum(g == p for g, p in answered), len(answered)),
        "abstain_rate": ratio(len(gold) - len(answered), len(gold)),
        "top1_without_threshold": ratio(
            sum(g == c for g, c in zip(gold, confidences, strict=True)), len(gold)
        ),
    }
    share = ratio(gold.count(majority), len(gold))
    baseline = {
        "accuracy": share,
        "answered_accuracy": share,
        "abstain_rate": 0.0,
        "top1_without_threshold": share,
    }
    return metrics, {"majority_class": baseline}, {"mode": mode, "threshold": threshold}


def eval_pii(items: list[Labelled], options: dict[str, Any]) -> tuple[dict, dict, dict]:
    from pamong.documents import pii

    kinds = ("nik", "kk", "nip", "telepon", "email", "nama")
    counts = {kind: [0, 0, 0] for kind in kinds}  # tp, fp, fn
    plain = [0, 0, 0]
    scored = [item for item in items if "pii" in item.truth]
    for item in scored:
        truth = {(p["kind"], key_of(p["kind"], p["value"])) for p in item.truth["pii"]}
        found = {(f.kind, key_of(f.kind, f.value)) for f in pii.find(fields.clean(item.text)) if f.valid}
        for kind in kinds:
            t = {v for k, v in truth if k == kind}
            f = {v for k, v in found if k == kind}
            counts[kind][0] += len(t & f)
            counts[kind][1] += len(f - t)
            counts[kind][2] += len(t - f)
        niks = {v for k, v in truth if k == "nik"}
        naive = set(re.findall(r"(?<!\d)\d{16}(?!\d)", item.text))
        plain[0] += len(niks & naive)
        plain[1] += len(naive - niks)
        plain[2] += len(niks - naive)
    metrics = {}
    for kind, (tp, fp, fn) in counts.items():
        metrics[f"{kind}_precision"] = ratio(tp, tp + fp)
        metrics[f"{kind}_recall"] = ratio(tp, tp + fn)
    baseline = {
        "nik_precision": ratio(plain[0], plain[0] + plain[1]),
        "nik_recall": ratio(plain[0], plain[0] + plain[2]),
    }
    return metrics, {"sixteen_digits": baseline}, {}


def key_of(kind: str, value: str) -> str:
    if kind in ("nik", "kk", "nip", "telepon", "npwp", "rekening"):
        return re.sub(r"\D", "", value)
    return norm(value)


# --- identifiers on a labelled CSV ----------------------------------------------------------
IDENTIFIERS = ("nik", "kk", "nip", "npwp", "rekening", "telepon", "email")
NAIVE_IDENTIFIERS = {
    "nik": re.compile(r"(?<!\d)\d{16}(?!\d)"),
    "npwp": re.compile(r"(?<![\d.])\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}(?!\d)|(?<!\d)\d{15}(?!\d)"),
    "rekening": re.compile(r"(?<!\d)\d{10,16}(?!\d)"),
}
"""What one would write without this module: any 16 digits is a NIK, the dotted NPWP shape
or any 15 digits an NPWP, any 10 to 16 digits a bank account."""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, truth: set[str], found: set[str]) -> None:
        self.tp += len(truth & found)
        self.fp += len(found - truth)
        self.fn += len(truth - found)


def identifier_rows(path: str) -> list[dict[str, Any]]:
    """The CSV's rows with their entities parsed to {kind: {digits or normalised value}}."""
    from pamong.ai.evaluation import read_labelled_csv

    rows = read_labelled_csv(path, ("text",))
    out = []
    for number, row in enumerate(rows, start=2):
        entities: dict[str, set[str]] = {}
        for part in filter(None, (row.get("entities") or "").split(";")):
            kind, _, value = part.strip().partition(":")
            if kind not in IDENTIFIERS or not value:
                raise DatasetError(
                    f"{path}: line {number}: entity {part!r} is not kind:value ({', '.join(IDENTIFIERS)})"
                )
            entities.setdefault(kind, set()).add(key_of(kind, value))
        out.append({"case": row.get("case") or f"line {number}", "text": row["text"], "entities": entities})
    return out


def score_identifiers(rows: list[dict[str, Any]]) -> tuple[dict[str, Counts], dict[str, Counts], list[str]]:
    """Per kind, our counts and the naive regexes' counts; and each of our errors (masked)."""
    from pamong.documents import pii

    ours = {kind: Counts() for kind in IDENTIFIERS}
    naive = {kind: Counts() for kind in NAIVE_IDENTIFIERS}
    errors: list[str] = []
    for row in rows:
        found: dict[str, set[str]] = {}
        for item in pii.find(row["text"]):
            if item.valid and item.kind in ours:
                found.setdefault(item.kind, set()).add(key_of(item.kind, item.value))
        for kind, counts in ours.items():
            truth, got = row["entities"].get(kind, set()), found.get(kind, set())
            counts.add(truth, got)
            errors.extend(f"{row['case']}: {kind} {pii.mask(kind, v)} missed" for v in sorted(truth - got))
            errors.extend(
                f"{row['case']}: {kind} {pii.mask(kind, v)} wrongly found" for v in sorted(got - truth)
            )
        for kind, pattern in NAIVE_IDENTIFIERS.items():
            got = {key_of(kind, match.group(0)) for match in pattern.finditer(row["text"])}
            naive[kind].add(row["entities"].get(kind, set()), got)
    return ours, naive, errors


def precision_recall(counts: dict[str, Counts]) -> dict[str, float]:
    metrics = {}
    for kind, c in counts.items():
        metrics[f"{kind}_precision"] = ratio(c.tp, c.tp + c.fp)
        metrics[f"{kind}_recall"] = ratio(c.tp, c.tp + c.fn)
    return metrics


def evaluate_identifiers(path: str) -> EvalReport:
    """``pamong eval documents.pii --csv FILE``: identifiers in labelled sentences."""
    from pamong.ai.evaluation import file_sha256

    if not Path(path).is_file():
        raise DatasetError(f"{path}: no such file")
    rows = identifier_rows(path)
    ours, naive, errors = score_identifiers(rows)
    metrics = {name: value for name, value in precision_recall(ours).items() if value == value}
    return EvalReport(
        n=len(rows),
        metrics=metrics,
        baselines={"naive_regex": precision_recall(naive)},
        dataset=str(path),
        dataset_sha256=file_sha256(path),
        params={"errors": errors[:50], "entities": {k: c.tp + c.fn for k, c in ours.items()}},
    )


# --- summaries ------------------------------------------------------------------------------
def words(value: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", value.casefold())


def states(summary_text: str, truth: str, *, share: float = 0.8) -> bool:
    """At least ``share`` of the truth's words are in the summary (an OCR slip in one long
    word must not count as leaving the sender out)."""
    wanted = words(truth)
    if not wanted:
        return False
    present = set(words(summary_text))
    return sum(word in present for word in wanted) / len(wanted) >= share


def states_date(summary_text: str, day: str) -> bool:
    from pamong.documents.dates import find_dates

    return any(found.isoformat() == day for _, _, found in find_dates(summary_text))


LETTERHEAD = re.compile(
    r"\b(?:Telp|Fax|Faks)\b|\b(?:Nomor|No|Sifat|Lampiran|Lamp)\.?\s*:|\bJl\.\s", re.IGNORECASE
)  # the address line or the header's labelled fields: not a summary's business


def identifiers_of(truth: dict) -> list[str]:
    """The truth's NIK, KK, NIP and phone digits and e-mail addresses: none belongs in a summary."""
    values = []
    for item in truth.get("pii") or []:
        if item["kind"] in ("nik", "kk", "nip", "telepon"):
            values.append(re.sub(r"\D", "", item["value"]))
        elif item["kind"] == "email":
            values.append(item["value"])
    return values


def beyond_fields(summary_text: str, truth: dict) -> int:
    """Words of the summary that are not its subject, sender or labels: a summary of a decree
    or a report that only says "Dari: Dinas X." tells the reader nothing about what it is."""
    known = set(words(f"{truth.get('perihal', '')} {truth.get('pengirim', '')} hal dari tenggat acara"))
    return sum(1 for word in words(summary_text) if word not in known and not word.isdigit())


def summary_scores(items: list[Labelled], texts: list[str]) -> dict[str, float]:
    """How often the summaries name the sender, the subject (perihal) and the deadline or
    event date, over the letters whose truth has each; how often they carry a personal
    identifier or the letterhead's address and header fields (lower is better); mean length."""
    checks = {
        "sender": ("pengirim", lambda text, truth: states(text, truth)),
        "request": ("perihal", lambda text, truth: states(text, truth)),
        "deadline": ("acara", lambda text, truth: states_date(text, truth["date"])),
    }
    metrics: dict[str, float] = {}
    for name, (key, check) in checks.items():
        scored = [(item, text) for item, text in zip(items, texts, strict=True) if item.truth.get(key)]
        metrics[f"{name}_stated"] = ratio(
            sum(check(text, item.truth[key]) for item, text in scored), len(scored)
        )
        for group in GROUPS:
            part = [(item, text) for item, text in scored if item.group == group]
            if part:
                metrics[f"{name}_stated.{group}"] = ratio(
                    sum(check(text, item.truth[key]) for item, text in part), len(part)
                )
    leaked = [
        any(value in re.sub(r"[\s.-]", "", text) for value in identifiers_of(item.truth))
        for item, text in zip(items, texts, strict=True)
    ]
    metrics["says_more_than_fields"] = ratio(
        sum(beyond_fields(text, item.truth) >= 4 for item, text in zip(items, texts, strict=True)), len(items)
    )
    metrics["identifiers_in_summary"] = ratio(sum(leaked), len(items))
    metrics["letterhead_in_summary"] = ratio(sum(bool(LETTERHEAD.search(text)) for text in texts), len(texts))
    metrics["mean_chars"] = round(sum(len(text) for text in texts) / len(texts), 1) if texts else float("nan")
    return metrics


LEAD_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
"""The baseline's sentences: the letter's text as it reads, cut after each full stop."""


def eval_summary(items: list[Labelled], options: dict[str, Any]) -> tuple[dict, dict, dict]:
    from pamong.documents import summary

    ours, lead = [], []
    for item in items:
        clean = fields.clean(item.text)
        ours.append(summary.summarise(clean, fields.extract(clean))["text"])
        lead.append(" ".join(LEAD_SENTENCES.split(re.sub(r"\s+", " ", clean).strip())[:2]))
    return (
        summary_scores(items, ours),
        {"lead_2": summary_scores(items, lead)},
        {
            "match": "80% of the truth's words in the summary; the deadline as a date in any format",
            "baseline": "lead_2: the letter's first two sentences, letterhead included",
        },
    )
