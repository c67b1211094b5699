"""A history that labels the same text two ways is named in the evaluation and at import;
a history too small for stratified folds still trains."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from pamong.ai.models import EvaluationRun
from pamong.cases.label_consistency import agreement, describe

from .test_routing import examples


def test_pairs_of_the_same_text_are_counted_with_their_labels() -> None:
    texts = [
        "Jalan  rusak di Sayung",
        "jalan rusak di sayung",
        "JALAN RUSAK DI SAYUNG",
        "sampah",
        "lampu mati",
    ]
    labels = ["dpu", "dpu", "dishub", "dlh", "dpu"]
    found = agreement(texts, labels)
    assert (found.pairs, found.same) == (3, 1)  # three rows of one text: 3 pairs, 1 agreeing
    assert found.share == pytest.approx(1 / 3)
    assert found.conflicts == [("Jalan  rusak di Sayung", ["dpu", "dishub"])]
    assert describe(found).startswith(
        "3 pair(s) of rows have the same text; 33% of them the same label. 1 text"
    )


def test_a_history_without_repeated_texts_has_nothing_to_say() -> None:
    found = agreement(["a", "b", "c"], ["x", "x", "y"])
    assert (found.pairs, found.share, found.conflicts) == (0, None, [])
    assert describe(found) is None


@pytest.mark.django_db
def test_the_evaluation_reports_repeated_texts_labelled_two_ways(tmp_path) -> None:
    rows = examples()
    path = tmp_path / "history.csv"
    lines = ["text,unit", *(f'"{text}",{unit}' for text, unit, _ in rows)]
    lines += [f'"{rows[0][0]}",{rows[0][1]}', f'"{rows[1][0]}",{"dlh" if rows[1][1] != "dlh" else "dpupr"}']
    path.write_text("\n".join(lines), encoding="utf-8")
    out = StringIO()
    call_command(
        "eval", "cases.complaint_router", "--csv", str(path), "--text-col", "text", "--label-col", "unit",
        "--folds", "3", "--min-class", "5", "--json", stdout=out,
    )  # fmt: skip
    printed = out.getvalue().splitlines()
    assert "note: 2 pair(s) of rows have the same text; 50% of them the same label. 1 text(s)" in "\n".join(
        printed
    )
    assert json.loads(printed[-1])["n"] == 182
    params = EvaluationRun.objects.get().params
    assert (params["repeated_text_pairs"], params["repeated_text_same_label"]) == (2, 0.5)
    assert params["notes"][0].startswith("2 pair(s)")


def test_the_history_import_names_texts_labelled_two_ways(units, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "history.csv"
    path.write_text(
        "text,unit\n"
        "Jalan berlubang di depan pasar Sayung,dpupr\n"
        "jalan berlubang di depan pasar sayung,dishub\n"
        "Sampah menumpuk di TPS Karangtengah,dlh\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("cases", "import-history", str(path), stdout=out)
    printed = out.getvalue()
    assert "3 past complaints imported" in printed
    assert "warning: 1 pair(s) of rows have the same text; 0% of them the same label" in printed
    assert "  dishub / dpupr: Jalan berlubang di depan pasar Sayung" in printed
    assert "router trained: router-" in printed  # three complaints of three units: plain folds
