"""pamong eval measures a function on any labelled CSV, records the run, prints JSON last."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pamong.ai.models import EvaluationRun
from tests.conftest import FIXTURES


def run_eval(*args: str) -> str:
    out = StringIO()
    call_command("eval", *args, stdout=out)
    return out.getvalue()


def test_eval_prints_metrics_beside_the_baseline_and_json_last(small_catalog) -> None:
    output = run_eval("catalog.search", "--csv", str(FIXTURES / "questions-small.csv"), "--json")
    summary = json.loads(output.strip().splitlines()[-1])
    assert {"hit_at_1", "hit_at_3", "abstain_rate", "wrong_rate", "n", "baseline", "baselines"} <= set(
        summary
    )
    assert summary["n"] == 11
    # Our normalised search gets all seven in-scope questions, and declines the four others.
    assert summary["hit_at_1"] == 1.0
    assert summary["oos_abstain"] == 1.0
    assert summary["wrong_rate"] == 0.0
    # Plain BM25 can't read "kpt sy ilang", "akte" or "umur brp", and answers an off-topic one sharing a word ("kartu").
    assert summary["baseline"]["hit_at_1"] < summary["hit_at_1"]
    assert summary["baseline"]["wrong_rate"] > 0
    assert "bm25_plain" in output.splitlines()[1]
    run = EvaluationRun.objects.get()
    assert (run.card.key, run.n, run.metrics["hit_at_1"]) == ("catalog.search", 11, 1.0)
    assert run.model_version.startswith("bm25-norm-stem-v1+catalog-")


def test_an_faq_id_counts_as_its_service(small_catalog, tmp_path) -> None:
    path = tmp_path / "q.csv"
    path.write_text("question,expected\nsampai umur berapa bikin ktp,ktp-uji-umur\n", encoding="utf-8")
    summary = json.loads(run_eval("catalog.search", "--csv", str(path), "--json").strip().splitlines()[-1])
    assert summary["hit_at_1"] == 1.0


def test_a_threshold_of_one_makes_it_abstain_on_anything_uncertain(small_catalog) -> None:
    output = run_eval(
        "catalog.search", "--csv", str(FIXTURES / "questions-small.csv"), "--threshold", "1.01", "--json"
    )
    summary = json.loads(output.strip().splitlines()[-1])
    assert summary["abstain_rate"] == 1.0 and summary["hit_at_1"] == 0.0 and summary["wrong_rate"] == 0.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"pertanyaan,jawaban\nktp,ktp-uji\n", "missing column(s) question, expected"),
        ("question,expected\nbikin kt\xe9p,ktp-uji\n".encode("latin-1"), "not UTF-8"),
        (b"question,expected\n", "no rows"),
    ],
)
def test_a_bad_file_gets_a_clear_error(small_catalog, tmp_path, content, message) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        run_eval("catalog.search", "--csv", str(path))
    assert EvaluationRun.objects.count() == 0


def test_an_unknown_function_is_named(db) -> None:
    with pytest.raises(CommandError, match=r"unknown AI function 'cases\.router'"):
        run_eval("cases.router", "--csv", "x.csv")


def test_ai_list_json_prints_every_card(small_catalog) -> None:
    out = StringIO()
    call_command("ai", "list", "--json", stdout=out)
    cards = json.loads(out.getvalue())
    card = next(c for c in cards if c["key"] == "catalog.search")
    assert card["risk_level"] == "I"
    assert card["oversight"] == "automatic"
    assert card["threshold"] == 0.4
    assert card["notice"]["en"].startswith("Search results are chosen automatically")


def test_metrics_given_per_item_are_printed_one_row_per_item() -> None:
    from pamong.ai.evaluation import format_table
    from pamong.ai.functions import EvalReport

    report = EvalReport(
        n=3,
        metrics={"mase": 0.5, "models": {"naive": 1.25, "ets": 0.5}, "models_smape": {"naive": 40.0}},
        baselines={"seasonal_naive": {"mase": 1.0}},
        dataset="x.csv",
        dataset_sha256="0",
    )
    lines = format_table(report).splitlines()
    assert lines[1].split() == ["mase", "0.5000", "1.0000"]
    header = lines.index(next(line for line in lines if line.startswith("item")))
    assert lines[header].split() == ["item", "models", "models_smape"]
    assert lines[header + 1].split() == ["ets", "0.5000", "nan"]
    assert lines[header + 2].split() == ["naive", "1.2500", "40.0000"]
