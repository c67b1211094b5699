"""Benchmark catalog.search on held-out questions: quality and latency beside plain BM25.

    .venv/bin/python bench/catalog_search.py [--questions data/eval/assistant_questions_heldout.csv]

Runs on a fresh SQLite database in a temporary folder with the shipped catalog. Quality
uses the held-out set (never used to tune the search). Latency: per-question time in
process, median and p95 over several passes, for our full search (with the decision
written to the log), our ranking alone, and plain BM25.
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


def setup(var_dir: str, database_url: str | None = None) -> None:
    """A fresh database (SQLite in ``var_dir``, or the empty PostgreSQL one given) with the catalog."""
    os.environ.update({"PAMONG_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "pamong.settings"})
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from pamong.catalog.importing import import_catalog

    files = sorted((REPO / "data" / "catalog").glob("services-*.yaml"))
    import_catalog([(p.name, p.read_bytes()) for p in files], actor="bench")


def timings(function, questions: list[str], passes: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Per-question milliseconds; the first pass warms caches and is dropped."""
    samples: list[float] = []
    for round_ in range(passes + 1):
        for question in questions:
            started = time.perf_counter()
            function(question)
            elapsed = (time.perf_counter() - started) * 1000
            if round_:
                samples.append(elapsed)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", default=str(REPO / "data/eval/assistant_questions_heldout.csv"))
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        setup(var_dir)
        from pamong.ai.evaluation import format_table, read_labelled_csv
        from pamong.catalog.search import build_index, find, get_function, plain_terms

        function = get_function()
        report = function.evaluate({"csv": args.questions})
        print(f"catalog.search on {args.questions} (held out), model {function.model_version()}")
        print(format_table(report))
        questions = [row["question"] for row in read_labelled_csv(args.questions, ("question", "expected"))]
        baseline = build_index(tokenize=plain_terms)
        rows = {
            "pamong find (with log write)": timings(
                lambda q: find(q, channel="bench"), questions, args.passes
            ),
            "pamong predict": timings(function.predict, questions, args.passes),
            "bm25_plain rank": timings(lambda q: baseline.rank(plain_terms(q), 3), questions, args.passes),
        }
        print(f"\nlatency per question, ms ({len(questions)} questions x {args.passes} passes)")
        print(f"{'':32}{'median':>10}{'p95':>10}")
        for name, samples in rows.items():
            print(f"{name:32}{statistics.median(samples):10.3f}{p95(samples):10.3f}")


if __name__ == "__main__":
    main()
