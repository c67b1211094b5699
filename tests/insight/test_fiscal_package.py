"""Budget rows from a zipped Fiscal Data Package: the descriptor, not column names, says what is what."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from pamong.insight.actions import import_budget
from pamong.insight.budget_files import BudgetFileError, parse_budget
from pamong.insight.fiscal_package import MAX_MEMBERS, MAX_UNCOMPRESSED
from pamong.insight.models import BudgetLine

CSV = (
    "Kode Satker;Nama Satker;Program;Kegiatan;Fungsi;Kode Akun;Uraian Akun;Tanggal SP2D;"
    "Anggaran;Anggaran Perubahan;Realisasi;Pendapatan\n"
    "1.02.01;Dinas Kesehatan;Pelayanan Kesehatan;Imunisasi;Kesehatan;5.1.02;Belanja Barang;2024-01-31;"
    "1200000;1250000;12.500.000,50;7000\n"
    "1.02.01;Dinas Kesehatan;Pelayanan Kesehatan;Imunisasi;Kesehatan;5.1.02;Belanja Barang;2024-02-29;"
    "1200000;1250000;2.500.000;7000\n"
    "1.01.01;Dinas Pendidikan;Pendidikan Dasar;BOS Daerah;Pendidikan;5.1.01;Belanja Pegawai;2024-02-15;"
    "800000.5;800000.5;40.000.000;0\n"
)


def descriptor() -> dict:
    """Amounts in thousands except the realisation; the revenue measure must be left out."""
    number = {"type": "number"}
    return {
        "name": "apbd-contoh-2024",
        "title": "Realisasi APBD contoh 2024",
        "profiles": {"fiscal": "*", "tabular": "*"},
        "resources": [
            {
                "name": "realisasi",
                "path": "data/realisasi-2024.csv",
                "dialect": {"delimiter": ";"},
                "schema": {
                    "fields": [
                        {"name": "Anggaran", **number},
                        {"name": "Anggaran Perubahan", **number},
                        {"name": "Realisasi", **number, "decimalChar": ",", "groupChar": "."},
                        {"name": "Pendapatan", **number},
                    ]
                },
            }
        ],
        "model": {
            "measures": {
                "pagu_awal": {"source": "Anggaran", "currency": "IDR", "factor": 1000, "phase": "approved"},
                "pagu_ubah": {"source": "Anggaran Perubahan", "currency": "IDR", "factor": 1000, "phase": "adjusted"},
                "belanja": {"source": "Realisasi", "currency": "IDR", "phase": "executed"},
                "pendapatan": {"source": "Pendapatan", "currency": "IDR", "phase": "executed", "direction": "revenue"},
            },
            "dimensions": {
                "satuan-kerja": {
                    "dimensionType": "entity",
                    "attributes": {"kode": {"source": "Kode Satker"}, "nama": {"source": "Nama Satker", "labelfor": "kode"}},
                    "primaryKey": "kode",
                },
                "program": {"dimensionType": "activity", "attributes": {"title": {"source": "Program"}}, "primaryKey": "title"},
                "kegiatan": {"dimensionType": "activity", "attributes": {"title": {"source": "Kegiatan"}}, "primaryKey": "title"},
                "urusan": {
                    "dimensionType": "classification",
                    "classificationType": "functional",
                    "attributes": {"code": {"source": "Fungsi"}},
                    "primaryKey": "code",
                },
                "rekening": {
                    "dimensionType": "classification",
                    "classificationType": "economic",
                    "attributes": {"code": {"source": "Kode Akun"}, "title": {"source": "Uraian Akun", "labelfor": "code"}},
                    "primaryKey": "code",
                },
                "waktu": {"dimensionType": "datetime", "attributes": {"tanggal": {"source": "Tanggal SP2D"}}, "primaryKey": "tanggal"},
                "wilayah": {"dimensionType": "location", "attributes": {"code": {"constant": "32.73"}}, "primaryKey": "code"},
            },
        },
    }  # fmt: skip


def zipped(folder: Path) -> bytes:
    """The folder as the zip an officer would upload (the folder's name inside, as zip tools do)."""
    target = folder.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return target.read_bytes()


def package(tmp_path: Path, described: dict) -> bytes:
    folder = tmp_path / "apbd-contoh"
    (folder / "data").mkdir(parents=True)
    (folder / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
    (folder / "data" / "realisasi-2024.csv").write_text(CSV, encoding="utf-8")
    return zipped(folder)


@pytest.mark.django_db
def test_a_fiscal_data_package_imports_by_its_model_with_exact_totals(tmp_path, eko) -> None:
    batch = import_budget("apbd-contoh.zip", package(tmp_path, descriptor()), actor=eko)
    lines = list(BudgetLine.objects.filter(batch=batch).order_by("organisation", "month"))
    assert batch.rows == 3 == len(lines)
    # factor 1000 on the plans; the realisation read with its own decimal comma and group dot.
    assert sum(line.approved for line in lines) == Decimal("3200000500")
    assert sum(line.revised for line in lines) == Decimal("3300000500")
    assert sum(line.executed for line in lines) == Decimal("55000000.50")  # revenue left out
    health, education = lines[:2], lines[2]
    assert (education.year, education.month, education.organisation) == (2024, 2, "Dinas Pendidikan")
    assert (education.program, education.activity, education.function) == (
        "Pendidikan Dasar",
        "BOS Daerah",
        "Pendidikan",
    )
    # an economic account is identified by its code, a unit by its name; the region is a constant.
    assert (education.account, education.region_code) == ("5.1.01", "32.73")
    assert [(line.organisation, line.month) for line in health] == [
        ("Dinas Kesehatan", 1),
        ("Dinas Kesehatan", 2),
    ]


def test_a_model_without_the_realisation_measure_says_so(tmp_path) -> None:
    described = descriptor()
    del described["model"]["measures"]["belanja"]
    with pytest.raises(BudgetFileError) as error:
        parse_budget("apbd.zip", package(tmp_path, described))
    # the revenue measure is not taken for spending, so nothing gives the realisation.
    assert error.value.problems == [
        'Model datapackage.json tidak memetakan: measure realisasi (phase "executed").'
    ]


def test_a_model_pointing_at_a_missing_column_names_it(tmp_path) -> None:
    described = descriptor()
    described["model"]["measures"]["belanja"]["source"] = "Nilai SP2D"
    with pytest.raises(BudgetFileError, match="Kolom Nilai SP2D disebut di model tetapi tidak ada"):
        parse_budget("apbd.zip", package(tmp_path, described))


def zip_of(members: dict[str, bytes]) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["../realisasi.csv", "data/../../realisasi.csv", "/tmp/realisasi.csv"])
def test_a_zip_with_a_member_outside_its_folder_is_refused(name) -> None:
    raw = zip_of({"datapackage.json": json.dumps(descriptor()).encode(), name: CSV.encode()})
    with pytest.raises(BudgetFileError) as error:
        parse_budget("apbd.zip", raw)
    assert error.value.problems == [f"Zip berisi nama berkas yang tidak aman: {name}."]


def test_a_zip_that_expands_beyond_the_limit_is_refused_before_it_is_read(tmp_path) -> None:
    target = tmp_path / "bom.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor()))
        with archive.open("data/realisasi-2024.csv", "w", force_zip64=True) as member:
            for _ in range(MAX_UNCOMPRESSED // 2**20 + 1):
                member.write(b"0" * 2**20)
    assert target.stat().st_size < 2**20  # 65 MB of content in well under 1 MB
    with pytest.raises(BudgetFileError) as error:
        parse_budget("bom.zip", target.read_bytes())
    assert error.value.problems == ["Isi zip lebih dari 64 MB setelah dibuka."]


def test_a_zip_of_too_many_members_is_refused() -> None:
    raw = zip_of({f"data/{i}.csv": b"a\n" for i in range(MAX_MEMBERS + 1)})
    with pytest.raises(BudgetFileError) as error:
        parse_budget("apbd.zip", raw)
    assert error.value.problems == [f"Zip berisi {MAX_MEMBERS + 1} berkas; batasnya {MAX_MEMBERS}."]


@pytest.mark.django_db
def test_the_budget_page_takes_a_zipped_package(client, eko, tmp_path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(eko)
    upload = SimpleUploadedFile("apbd-contoh.zip", package(tmp_path, descriptor()), "application/zip")
    response = client.post(reverse("insight:budget"), {"file": upload})
    assert response.status_code == 302
    assert sorted(BudgetLine.objects.values_list("executed", flat=True)) == [
        Decimal("2500000"),
        Decimal("12500000.50"),
        Decimal("40000000"),
    ]
