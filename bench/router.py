"""Benchmark cases.complaint_router: quality on held-out folds beside the baselines, and latency.

    .venv/bin/python bench/router.py [--csv FILE --sep ';' --text-col 0 --label-col 1
                                      --first-label --exclude-label invalid] [--runs 3]

Default data: the evaluation-only Central Java complaints (``/work/shared/data/complaints``,
read in place, never copied; first label, "invalid" dropped, classes with >= 10 examples,
as the published reference). Quality: ``routing.cross_validate`` (5 stratified folds) run
``--runs`` times with different fold seeds; medians printed for our router, the majority
class, plain TF-IDF + logistic regression, and the published reference (TF-IDF word 1-2 +
char 2-5 + LinearSVC, balanced) in the same folds. Latency: ``RouterModel.predict`` per
complaint (explanation included) on a held-out fold, several passes, median and p95 of
wall-clock time and of the thread's CPU time (the wall clock includes waiting for a core
when the machine is busy), beside the plain TF-IDF + LR baseline one complaint at a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
DEV_FILE = "/work/shared/data/complaints/central-java-governor.csv"


def setup(var_dir: str) -> None:
    os.environ.update({"PAMONG_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "pamong.settings"})
    import django

    django.setup()


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def reference_svm(texts: list[str], labels: list[str], folds: int, seed: int) -> dict[str, float]:
    """The published reference in the same folds: TF-IDF word 1-2 + char 2-5, LinearSVC balanced."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    y = np.asarray(labels)
    x = np.asarray(texts, dtype=object)
    chosen = np.empty(len(y), dtype=object)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
        model = make_pipeline(
            make_union(
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
            ),
            LinearSVC(class_weight="balanced"),
        ).fit(list(x[train]), y[train])
        chosen[test] = model.predict(list(x[test]))
    return {
        "accuracy": round(float(accuracy_score(y, chosen)), 4),
        "macro_f1": round(float(f1_score(y, chosen.astype(str), average="macro")), 4),
    }


def median_metrics(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(run[key] for run in runs), 4) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--csv", default=DEV_FILE)
    parser.add_argument("--sep", default=";")
    parser.add_argument("--text-col", default="0")
    parser.add_argument("--label-col", default="1")
    parser.add_argument("--place-col")
    parser.add_argument("--first-label", action="store_true", default=True)
    parser.add_argument("--exclude-label", action="append", default=None)
    parser.add_argument("--min-class", type=int, default=10)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3, help="fold seeds; figures are medians")
    parser.add_argument("--latency-only", action="store_true", help="skip the cross-validation")
    parser.add_argument("--threshold", type=float, default=None, help="default: the card's threshold")
    parser.add_argument("--target-precision", type=float, default=0.95)
    parser.add_argument("--passes", type=int, default=3, help="latency passes over the held-out fold")
    args = parser.parse_args()
    if not Path(args.csv).exists():
        sys.exit(
            f"{args.csv} is not here: it is evaluation-only data; pass --csv with your own labelled file"
        )
    with tempfile.TemporaryDirectory() as var_dir:
        setup(var_dir)
        run(args)


def run(args: argparse.Namespace) -> None:
    from pamong.cases.routing import ComplaintRouter, read_examples

    threshold = args.threshold if args.threshold is not None else ComplaintRouter.card.threshold
    data = read_examples(
        {
            "csv": args.csv,
            "sep": args.sep,
            "text_col": args.text_col,
            "label_col": args.label_col,
            "place_col": args.place_col,
            "first_label": args.first_label,
            "exclude_label": args.exclude_label if args.exclude_label is not None else ["invalid"],
            "min_class": args.min_class,
        }
    )
    texts, labels = data["texts"], data["labels"]
    print(f"cases.complaint_router on {args.csv}: {len(texts)} complaints, {len(set(labels))} classes")
    print(f"before: {load()}")

    if not args.latency_only:
        quality(args, data, threshold)
    latency(args, texts, labels, threshold)


def quality(args: argparse.Namespace, data: dict, threshold: float) -> None:
    from pamong.cases.routing import cross_validate

    texts, labels = data["texts"], data["labels"]
    ours, majority, logreg, reference, tuned, curves = [], [], [], [], [], []
    for seed in range(args.runs):
        started = time.perf_counter()
        result = cross_validate(
            texts,
            labels,
            folds=args.folds,
            threshold=threshold,
            seed=seed,
            places=data["places"],
            accepted=data["accepted"],
            target_precision=args.target_precision,
        )
        ours.append(result["metrics"])
        majority.append(result["baselines"]["majority"])
        logreg.append(result["baselines"]["tfidf_logreg"])
        reference.append(reference_svm(texts, labels, args.folds, seed))
        tuned.append(result["tuned_thresholds"])
        curves.append(result["curve"])
        print(f"  run {seed + 1}/{args.runs}: {time.perf_counter() - started:.0f} s, {load()}")

    table = {
        "pamong": median_metrics(ours),
        "majority": median_metrics(majority),
        "tfidf_logreg": median_metrics(logreg),
        "tfidf_svm_ref": median_metrics(reference),
    }
    print(f"\nquality: medians of {args.runs} runs of {args.folds}-fold CV; threshold {threshold}")
    print("metric".ljust(28) + "".join(name.rjust(14) for name in table))
    for metric in table["pamong"]:
        cells = [table[name].get(metric) for name in table]
        print(metric.ljust(28) + "".join(("-" if v is None else f"{v:.4f}").rjust(14) for v in cells))
    print(f"thresholds chosen on training folds for {args.target_precision:.0%} precision: {tuned}")
    print("\nprecision-coverage of our confidence (first run, pooled held-out folds):")
    print("  threshold  precision  coverage")
    for threshold_, precision, coverage in curves[0]:
        print(f"  {threshold_:9.2f}  {precision:9.3f}  {coverage:8.3f}")


def latency(args: argparse.Namespace, texts: list[str], labels: list[str], threshold: float) -> None:
    """Predict time per complaint on one held-out fold, ours beside the plain baseline."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from pamong.cases.router_model import RouterModel

    y = np.asarray(labels)
    train, test = next(StratifiedKFold(args.folds, shuffle=True, random_state=0).split(np.zeros(len(y)), y))
    model = RouterModel().fit([texts[i] for i in train], list(y[train]))
    held_out = [texts[i] for i in test]
    vectorizer = TfidfVectorizer()
    baseline = LogisticRegression(max_iter=1000).fit(
        vectorizer.fit_transform([texts[i] for i in train]), y[train]
    )
    rows = {
        "pamong predict (with explanation)": lambda text: model.predict(text, threshold=threshold),
        "tfidf_logreg predict_proba": lambda text: baseline.predict_proba(vectorizer.transform([text])),
    }
    print(
        f"\nlatency per complaint, {len(held_out)} held-out complaints x {args.passes} passes (first pass dropped)"
    )
    print(f"before: {load()}")
    for name, function in rows.items():
        wall, cpu = [], []
        for round_ in range(args.passes + 1):
            for text in held_out:
                started, started_cpu = time.perf_counter(), time.thread_time()
                function(text)
                if round_:
                    wall.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.thread_time() - started_cpu) * 1000)
        print(
            f"  {name:36s} wall median {statistics.median(wall):5.2f} ms, p95 {p95(wall):5.2f} ms;"
            f"  CPU median {statistics.median(cpu):5.2f} ms, p95 {p95(cpu):5.2f} ms"
        )
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
