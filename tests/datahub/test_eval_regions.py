"""pamong eval datahub.regions: accuracy, share sent to review, precision of what it resolved alone."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pamong.ai.evaluation import file_sha256
from pamong.ai.models import EvaluationRun

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
# (source column, name as written, the right code): the eval resolves each column together,
# as a build does, so a column's level decides between Yogyakarta the province and the city.
LABELLED = [
    ("provinsi", "West Java", "32"),  # an English alias
    ("provinsi", "Kalimantan Tmur", "64"),  # a typo, resolved by fuzzy matching
    ("provinsi", "DKI JAKARTA", "3171"),  # labelled as Jakarta Pusat: resolved to the province, wrong
    ("provinsi", "Yogyakarta", "34"),  # the province, in a column of provinces
    ("kabupaten", "Kab. Bandung Barat", "32.17"),  # exact after normalising "Kab."
    ("kabupaten", "KABUPATEN BANDUNG BARAT", "32.17"),
    ("kabupaten", "Kota Bandung", "32.73"),
    ("kabupaten", "Kab. Merauke", "93.01"),  # moved to Papua Selatan in 2022
    ("kabupaten", "Tanah Abang", "31.71"),  # a district of Jakarta Pusat: no regency like it, to review
]


def run_eval(*args: str) -> dict:
    out = StringIO()
    call_command("eval", "datahub.regions", *args, "--json", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    path = tmp_path / "nama-wilayah.csv"
    lines = [
        "kolom,nama_wilayah,kode_kemendagri",
        *(f'{column},"{name}",{code}' for column, name, code in LABELLED),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_it_prints_accuracy_review_share_and_precision_beside_exact_matching(labelled) -> None:
    summary = run_eval(
        "--csv",
        str(labelled),
        "--name-col",
        "nama_wilayah",
        "--code-col",
        "kode_kemendagri",
        "--group-col",
        "kolom",
    )
    assert {"accuracy", "resolved_rate", "resolved_precision", "rows_per_second", "n"} <= set(summary)
    assert summary["n"] == 9
    assert summary["accuracy"] == 0.7778  # 7 of 9 right
    assert summary["resolved_rate"] == 0.8889  # 8 resolved alone, Tanah Abang to review
    assert summary["resolved_precision"] == 0.875  # 7 of the 8 it resolved
    assert summary["rows_per_second"] > 0
    # Exact lower-case matching knows the 2025 labels "kabupaten bandung barat" and "kota bandung",
    # the 2020 labels "kab. bandung barat", "kab. merauke" (re-coded) and "dki jakarta" (the wrong label).
    assert summary["baseline"] == {"accuracy": 0.4444, "resolved_rate": 0.5556, "resolved_precision": 0.8}
    run = EvaluationRun.objects.get(card__key="datahub.regions")
    assert run.n == 9 and run.metrics["accuracy"] == 0.7778 and run.metrics["resolved_precision"] == 0.875
    assert run.dataset == str(labelled) and run.dataset_sha256 == file_sha256(labelled)
    assert run.baselines["exact_lower"]["accuracy"] == 0.4444 and run.params["group_col"] == "kolom"
    assert run.model_version == "names-v1+aliases-0"


def test_the_shipped_held_out_names_give_the_documented_figures() -> None:
    path = REPO / "data/eval/region_names_heldout.csv"
    summary = run_eval("--csv", str(path), "--name-col", "name", "--code-col", "code", "--group-col", "style")
    assert (summary["n"], summary["accuracy"], summary["resolved_rate"], summary["resolved_precision"]) == (
        807,
        0.9913,
        0.9913,
        1.0,
    )
    assert summary["baseline"]["accuracy"] == 0.4349
    assert EvaluationRun.objects.filter(card__key="datahub.regions", n=807).count() == 1


def test_a_code_that_does_not_exist_is_refused_with_the_file_named(tmp_path) -> None:
    path = tmp_path / "salah.csv"
    path.write_text("name,code\nAceh,9999\n", encoding="utf-8")
    with pytest.raises(CommandError, match="'9999' is not a Kemendagri region code"):
        run_eval("--csv", str(path))
    assert not EvaluationRun.objects.exists()
