"""A Fiscal Data Package whose model reads several resources: dimension tables joined by
the fact table's foreign keys, plan and realisation in two fact tables stacked."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from django.db.models import Sum

from pamong.insight.actions import import_budget
from pamong.insight.budget import allocation
from pamong.insight.budget_files import BudgetFileError, parse_budget
from pamong.insight.models import BudgetLine
from tests.insight.test_fiscal_package import zipped

# unit codes are integers: the facts write "1", the unit table "01" (Table Schema compares values)
SATKER = (
    "kode,nama,fungsi\n01,Dinas Kesehatan,Kesehatan\n02,Dinas Pendidikan,Pendidikan\n03,Dinas Sosial,Sosial\n"
)
AKUN = "kode,uraian\n5.1.01,Belanja Pegawai\n5.1.02,Belanja Barang\n"
REALISASI = (
    "satker,akun,tanggal,pagu,nilai\n"
    "1,5.1.02,2024-01-31,1000000,100000\n"
    "1,5.1.02,2024-02-29,1000000,250000\n"
    "2,5.1.01,2024-01-15,2000000,400000\n"
    "2,5.1.01,2024-02-15,2000000,600000\n"
    "1,5.1.01,2024-02-10,500000,50000\n"
)
TABLES = {"data/satker.csv": SATKER, "data/akun.csv": AKUN, "data/realisasi.csv": REALISASI}
TO_SATKER = {"fields": "satker", "reference": {"resource": "satker", "fields": "kode"}}
TO_AKUN = {"fields": ["akun"], "reference": {"resource": "akun", "fields": ["kode"]}}


def fact(name: str, path: str, *amounts: str, keys: list[dict] | None = None) -> dict:
    """A fact resource: unit, account and date columns, the ``amounts``, and its foreign keys."""
    fields = [
        {"name": "satker", "type": "integer"},
        {"name": "akun", "type": "string"},
        {"name": "tanggal", "type": "date"},
        *({"name": amount, "type": "number"} for amount in amounts),
    ]
    return {"name": name, "path": path, "schema": {"fields": fields, "foreignKeys": keys or []}}


def star() -> dict:
    """The unit and account tables come first; the facts name their resource, the date does not."""
    return {
        "name": "apbd-tabel-2024",
        "resources": [
            {
                "name": "satker",
                "path": "data/satker.csv",
                "schema": {"fields": [{"name": "kode", "type": "integer"}, {"name": "nama"}, {"name": "fungsi"}]},
            },
            {"name": "akun", "path": "data/akun.csv", "schema": {"fields": [{"name": "kode"}, {"name": "uraian"}]}},
            fact("realisasi", "data/realisasi.csv", "pagu", "nilai", keys=[TO_SATKER, TO_AKUN]),
        ],
        "model": {
            "measures": {
                "pagu": {"source": "pagu", "resource": "realisasi", "phase": "approved", "currency": "IDR"},
                "belanja": {"source": "nilai", "resource": "realisasi", "phase": "executed", "currency": "IDR"},
            },
            "dimensions": {
                "satuan-kerja": {
                    "dimensionType": "entity",
                    "primaryKey": "kode",
                    "attributes": {
                        "kode": {"source": "kode", "resource": "satker"},
                        "nama": {"source": "nama", "resource": "satker", "labelfor": "kode"},
                    },
                },
                "urusan": {
                    "dimensionType": "classification",
                    "classificationType": "functional",
                    "primaryKey": "fungsi",
                    "attributes": {"fungsi": {"source": "fungsi", "resource": "satker"}},
                },
                "rekening": {
                    "dimensionType": "classification",
                    "classificationType": "economic",
                    "primaryKey": "code",
                    "attributes": {
                        "code": {"source": "kode", "resource": "akun"},
                        "title": {"source": "uraian", "resource": "akun", "labelfor": "code"},
                    },
                },
                "waktu": {"dimensionType": "datetime", "primaryKey": "tanggal", "attributes": {"tanggal": {"source": "tanggal"}}},
            },
        },
    }  # fmt: skip


def package(tmp_path: Path, described: dict, tables: dict[str, str] | None = None) -> bytes:
    folder = tmp_path / "apbd-tabel"
    (folder / "data").mkdir(parents=True)
    (folder / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
    for path, text in (TABLES if tables is None else tables).items():
        (folder / path).write_text(text, encoding="utf-8")
    return zipped(folder)


def totals(batch) -> dict[tuple[str, int], Decimal]:  # type: ignore[no-untyped-def]
    """Realisation by unit and month."""
    rows = (
        BudgetLine.objects.filter(batch=batch).values("organisation", "month").annotate(paid=Sum("executed"))
    )
    return {(row["organisation"], row["month"]): row["paid"] for row in rows}


def problems(tmp_path: Path, described: dict, tables: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(BudgetFileError) as error:
        parse_budget("apbd.zip", package(tmp_path, described, tables))
    return error.value.problems


@pytest.mark.django_db
def test_dimension_tables_are_joined_to_the_facts_by_their_foreign_keys(tmp_path, eko) -> None:
    batch = import_budget("apbd-tabel.zip", package(tmp_path, star()), actor=eko)
    assert batch.rows == 5 == BudgetLine.objects.filter(batch=batch).count()
    assert totals(batch) == {
        ("Dinas Kesehatan", 1): Decimal("100000"),
        ("Dinas Kesehatan", 2): Decimal("300000"),
        ("Dinas Pendidikan", 1): Decimal("400000"),
        ("Dinas Pendidikan", 2): Decimal("600000"),
    }
    # the unit's name and function come from the unit table, the account's code from the account
    # table (both tables have a column "kode"); the facts keep their order.
    lines = BudgetLine.objects.filter(batch=batch).order_by("pk")
    assert [(line.organisation, line.function, line.account, line.year, line.month) for line in lines] == [
        ("Dinas Kesehatan", "Kesehatan", "5.1.02", 2024, 1),
        ("Dinas Kesehatan", "Kesehatan", "5.1.02", 2024, 2),
        ("Dinas Pendidikan", "Pendidikan", "5.1.01", 2024, 1),
        ("Dinas Pendidikan", "Pendidikan", "5.1.01", 2024, 2),
        ("Dinas Kesehatan", "Kesehatan", "5.1.01", 2024, 2),
    ]
    assert sum(line.approved for line in lines) == Decimal("6500000")


def test_a_hierarchy_of_tables_is_followed_from_the_facts(tmp_path) -> None:
    """Activities in their own table, which names its program in a third one."""
    described = star()
    described["resources"][2]["schema"]["fields"].append({"name": "kegiatan"})
    described["resources"][2]["schema"]["foreignKeys"].append(
        {"fields": "kegiatan", "reference": {"resource": "kegiatan", "fields": "kode"}}
    )
    described["resources"] += [
        {
            "name": "kegiatan",
            "path": "data/kegiatan.csv",
            "schema": {
                "fields": [{"name": "kode"}, {"name": "nama"}, {"name": "program"}],
                "foreignKeys": [
                    {"fields": "program", "reference": {"resource": "program", "fields": "kode"}}
                ],
            },
        },
        {
            "name": "program",
            "path": "data/program.csv",
            "schema": {"fields": [{"name": "kode"}, {"name": "nama"}]},
        },
    ]
    described["model"]["dimensions"]["kegiatan"] = {
        "dimensionType": "activity",
        "attributes": {"title": {"source": "nama", "resource": "kegiatan"}},
    }
    described["model"]["dimensions"]["program"] = {
        "dimensionType": "activity",
        "attributes": {"title": {"source": "nama", "resource": "program"}},
    }
    lines = REALISASI.splitlines()
    tables = {
        **TABLES,
        "data/realisasi.csv": "\n".join(
            [lines[0] + ",kegiatan", *(f"{line},K{1 + n % 2}" for n, line in enumerate(lines[1:]))]
        ),
        "data/kegiatan.csv": "kode,nama,program\nK1,Imunisasi,P1\nK2,BOS Daerah,P2\n",
        "data/program.csv": "kode,nama\nP1,Pelayanan Kesehatan\nP2,Pendidikan Dasar\n",
    }
    rows = parse_budget("apbd.zip", package(tmp_path, described, tables))
    assert list(zip(rows["program"], rows["activity"], rows["executed"], strict=True)) == [
        ("Pelayanan Kesehatan", "Imunisasi", Decimal("100000")),
        ("Pendidikan Dasar", "BOS Daerah", Decimal("250000")),
        ("Pelayanan Kesehatan", "Imunisasi", Decimal("400000")),
        ("Pendidikan Dasar", "BOS Daerah", Decimal("600000")),
        ("Pelayanan Kesehatan", "Imunisasi", Decimal("50000")),
    ]


def stacked() -> dict:
    """Plan and realisation in two fact tables with the same unit, account and date columns."""
    described = star()
    described["resources"][2] = fact(
        "pagu", "data/pagu.csv", "pagu", "pagu_revisi", keys=[TO_SATKER, TO_AKUN]
    )
    described["resources"].append(fact("realisasi", "data/realisasi.csv", "nilai", keys=[TO_SATKER, TO_AKUN]))
    measures = described["model"]["measures"]
    measures["pagu"]["resource"] = "pagu"
    measures["pagu_ubah"] = {"source": "pagu_revisi", "resource": "pagu", "phase": "adjusted"}
    return described


STACKED = {
    "data/satker.csv": SATKER,
    "data/akun.csv": AKUN,
    "data/pagu.csv": (
        "satker,akun,tanggal,pagu,pagu_revisi\n1,5.1.02,2024-01-01,1000000,1200000\n2,5.1.01,2024-01-01,2000000,\n"
    ),
    "data/realisasi.csv": (
        "satker,akun,tanggal,nilai\n1,5.1.02,2024-01-31,100000\n1,5.1.02,2024-02-29,250000\n2,5.1.01,2024-02-15,600000\n"
    ),
}


@pytest.mark.django_db
def test_plan_and_realisation_in_two_tables_are_stacked_with_the_plan_on_each_line(tmp_path, eko) -> None:
    batch = import_budget("apbd-tabel.zip", package(tmp_path, stacked(), STACKED), actor=eko)
    assert batch.rows == 5  # two plan rows (nothing paid on them) and three payments
    assert totals(batch) == {
        ("Dinas Kesehatan", 1): Decimal("100000"),
        ("Dinas Kesehatan", 2): Decimal("250000"),
        ("Dinas Pendidikan", 1): Decimal("0"),
        ("Dinas Pendidikan", 2): Decimal("600000"),
    }
    rows = list(
        BudgetLine.objects.filter(batch=batch)
        .order_by("organisation", "month", "executed")
        .values_list("organisation", "month", "approved", "revised", "executed")
    )
    # each payment row carries its line's plan, as a single table repeats it on every month
    assert rows == [
        ("Dinas Kesehatan", 1, Decimal("1000000"), Decimal("1200000"), Decimal("0")),
        ("Dinas Kesehatan", 1, Decimal("1000000"), Decimal("1200000"), Decimal("100000")),
        ("Dinas Kesehatan", 2, Decimal("1000000"), Decimal("1200000"), Decimal("250000")),
        ("Dinas Pendidikan", 1, Decimal("2000000"), Decimal("0"), Decimal("0")),
        ("Dinas Pendidikan", 2, Decimal("2000000"), Decimal("0"), Decimal("600000")),
    ]
    # so a unit's allocation is right whichever of its rows comes first (payments first here)
    frame = pd.DataFrame.from_records(
        BudgetLine.objects.filter(batch=batch)
        .order_by("-executed")
        .values("year", "organisation", "program", "activity", "function", "account", "approved", "revised")
    )
    frame[["approved", "revised"]] = frame[["approved", "revised"]].astype(float)
    assert allocation(frame, ["organisation"]).to_dict() == {
        "Dinas Kesehatan": 1200000.0,
        "Dinas Pendidikan": 2000000.0,
    }


def test_a_problem_in_one_of_two_fact_tables_names_the_table(tmp_path) -> None:
    tables = {
        **STACKED,
        "data/realisasi.csv": STACKED["data/realisasi.csv"].replace("2024-02-29", "2024-13-01"),
    }
    assert problems(tmp_path, stacked(), tables) == [
        "Resource 'realisasi': Baris 3: bulan '13' harus 1 sampai 12"
    ]


def test_a_foreign_key_to_a_missing_resource_is_named(tmp_path) -> None:
    described = star()
    del described["resources"][0]  # the unit table
    assert problems(tmp_path, described) == [
        "foreignKeys realisasi(satker) → satker(kode) menunjuk resource 'satker' yang tidak ada di datapackage.json."
    ]


def without_keys(*names: str) -> dict:
    described = star()
    keys = described["resources"][2]["schema"]["foreignKeys"]
    keys[:] = [key for key in keys if key["reference"]["resource"] not in names]
    return described


@pytest.mark.parametrize(
    ("described", "tables", "message"),
    [
        (
            without_keys("akun"),
            None,
            "Model membaca kode dari resource 'akun', tetapi foreignKeys resource fakta "
            "'realisasi' tidak menghubungkannya ke sana.",
        ),
        (
            star(),
            {**TABLES, "data/realisasi.csv": REALISASI + "9,5.1.01,2024-03-01,1,1\n"},
            "1 baris resource 'realisasi' menyebut satker yang tidak ada di resource 'satker': 9.",
        ),
        (
            star(),
            {**TABLES, "data/satker.csv": SATKER + "1,Dinas Kesehatan Lama,Kesehatan\n"},
            "Kunci kode di resource 'satker' tidak unik: 1.",
        ),
        (
            star(),
            {**TABLES, "data/akun.csv": "kode_akun,uraian\n5.1.01,Belanja Pegawai\n"},
            "foreignKeys realisasi(akun) → akun(kode): kolom kode tidak ada di berkas resource 'akun'.",
        ),
    ],
    ids=["no-foreign-key", "unknown-key", "repeated-key", "missing-key-column"],
)
def test_a_join_that_would_lose_or_multiply_rows_is_refused(tmp_path, described, tables, message) -> None:
    assert problems(tmp_path, described, tables) == [message]


def test_two_foreign_keys_to_one_table_are_ambiguous(tmp_path) -> None:
    described = star()
    described["resources"][2]["schema"]["fields"].append({"name": "pengusul", "type": "integer"})
    described["resources"][2]["schema"]["foreignKeys"].append(
        {"fields": "pengusul", "reference": {"resource": "satker", "fields": "kode"}}
    )
    lines = REALISASI.splitlines()
    tables = {
        **TABLES,
        "data/realisasi.csv": "\n".join([lines[0] + ",pengusul", *(f"{x},1" for x in lines[1:])]),
    }
    assert problems(tmp_path, described, tables) == [
        "Lebih dari satu foreignKeys ke resource 'satker' (realisasi(satker) → satker(kode); "
        "realisasi(pengusul) → satker(kode)); tidak jelas yang dipakai."
    ]


def test_a_dimension_table_outside_the_package_folder_is_refused(tmp_path) -> None:
    described = copy.deepcopy(star())
    described["resources"][0]["path"] = "../satker.csv"
    assert problems(tmp_path, described) == [
        "Path '../satker.csv' di datapackage.json tidak aman atau bukan berkas di dalam zip."
    ]
