"""Regions split over time: figures before a split are named, and the area is counted once.

The real case is in the shipped 2020 and 2025 region lists: Papua (91) lost Papua
Selatan (93), Papua Tengah (94) and Papua Pegunungan (95) on 2022-07-25 (UU 14, 15 and
16/2022), Papua Barat (92) lost Papua Barat Daya (96) on 2022-12-08 (UU 29/2022).
"""

from __future__ import annotations

import pandas as pd
import pytest

from pamong.datahub import aggregate, history
from pamong.datahub.models import DatasetVersion
from tests.datahub.builds import finding, rows_of

pytestmark = pytest.mark.django_db

# Population in thousands (additive): Papua's figures up to 2022 cover the later provinces.
PAPUA = [
    "kode,wilayah,tahun,indikator,nilai",
    "91,Papua,2020,population,4300",
    "91,Papua,2021,population,4360",
    "91,Papua,2022,population,4420",
    "91,Papua,2023,population,1060",
    "93,Papua Selatan,2019,population,510",
    "93,Papua Selatan,2021,population,520",
    "93,Papua Selatan,2022,population,530",
    "93,Papua Selatan,2023,population,540",
    "94,Papua Tengah,2021,population,1400",
    "94,Papua Tengah,2022,population,1420",
    "94,Papua Tengah,2023,population,1440",
    "95,Papua Pegunungan,2021,population,1430",
    "95,Papua Pegunungan,2022,population,1440",
    "95,Papua Pegunungan,2023,population,1450",
    "92,Papua Barat,2022,population,1150",
    "92,Papua Barat,2023,population,560",
    "96,Papua Barat Daya,2023,population,620",
    "81,Maluku,2019,population,1800",
    "81,Maluku,2020,population,1810",
    "81,Maluku,2021,population,1820",
    "81,Maluku,2022,population,1830",
    "81,Maluku,2023,population,1840",
]
BANDUNG_BARAT = {
    "splits": [{"code": "32.17", "formed_from": "32.04", "established": "2007-01-02", "law": "UU 12/2007"}]
}


def national(version: DatasetVersion, method: str, splits=None) -> dict[int, float]:  # type: ignore[no-untyped-def]
    request = aggregate.Request("population", "national", "A", "value", method, splits=splits)
    frame = aggregate.rollup(version.parquet_path, request)
    return {pd.Timestamp(p).year: v for p, v in zip(frame["period"], frame["value"], strict=True)}


def test_the_papua_split_comes_from_the_shipped_history_and_a_recode_is_no_split() -> None:
    # Papua Barat itself was carved out of Papua in 2003.
    assert history.split_children("91") == ["92", "93", "94", "95"] and history.split_children("92") == ["96"]
    assert history.split_children("91.01") == []  # Merauke kept its place under the new code 93.01
    assert history.formations()["93.01"].kind == history.RECODE
    assert history.established("94") == pd.Timestamp("2022-07-25")


def test_the_quality_report_names_every_figure_dated_before_the_split(build_csv) -> None:
    version = build_csv(PAPUA)
    before = finding(version, "before split")
    assert before["severity"] == "info" and before["count"] == 4
    assert rows_of(before, "region_code", "period") == [
        ("91", "2020-01-01"),
        ("91", "2021-01-01"),
        ("91", "2022-01-01"),
        ("92", "2022-01-01"),
    ]
    assert before["rows"][1]["detail"] == (
        "mencakup juga Papua Selatan (93), dibentuk 2022-07-25, UU 14/2022; "
        "Papua Tengah (94), dibentuk 2022-07-25, UU 15/2022; "
        "Papua Pegunungan (95), dibentuk 2022-07-25, UU 16/2022: "
        "tidak sebanding dengan angka sesudah pemekaran"
    )
    assert before["rows"][3]["detail"].startswith("mencakup juga Papua Barat Daya (96), dibentuk 2022-12-08")
    overlap = finding(version, "split overlap")
    assert overlap["count"] == 6
    assert rows_of(overlap, "region_code", "period") == [
        (code, f"{year}-01-01") for code in ("93", "94", "95") for year in (2021, 2022)
    ]
    assert overlap["rows"][0]["detail"].startswith("angka Papua (91) untuk periode yang sama masih mencakup")
    early = finding(version, "before formation")
    assert rows_of(early, "region_code", "period") == [
        ("93", "2019-01-01"),
        ("93", "2021-01-01"),
        ("94", "2021-01-01"),
        ("95", "2021-01-01"),
    ]
    assert early["rows"][0]["detail"].startswith(
        "angka untuk periode sebelum wilayah ini dibentuk (dibentuk 2022-07-25, UU 14/2022)"
    )


def test_the_national_total_counts_papua_once_in_the_years_both_are_present(build_csv) -> None:
    version = build_csv(PAPUA)
    assert national(version, "sum") == {
        2019: 510 + 1800,  # no Papua figure for 2019: Papua Selatan's back-cast is all there is
        2020: 4300 + 1810,
        2021: 4360 + 1820,  # not + 520 + 1400 + 1430: Papua's 2021 figure already covers them
        2022: 4420 + 1150 + 1830,
        2023: 1060 + 540 + 1440 + 1450 + 560 + 620 + 1840,
    }
    assert national(version, "mean")[2021] == pytest.approx((4360 + 1820) / 2)
    # Without the history every province is summed, as a naive rollup would do.
    assert national(version, "sum", splits=())[2021] == 4360 + 520 + 1400 + 1430 + 1820


def test_a_regency_split_the_dataset_declares_is_respected_by_totals_and_rollup(build_csv) -> None:
    """Kabupaten Bandung Barat was carved out of Kabupaten Bandung on 2007-01-02 (UU 12/2007)."""
    lines = [
        "kode,wilayah,tahun,indikator,nilai",
        "32,Jawa Barat,2006,population,6300",
        "32,Jawa Barat,2007,population,6370",
        "32.04,Kabupaten Bandung,2006,population,4000",
        "32.04,Kabupaten Bandung,2007,population,2500",
        "32.17,Kabupaten Bandung Barat,2006,population,1500",
        "32.17,Kabupaten Bandung Barat,2007,population,1550",
        "32.73,Kota Bandung,2006,population,2300",
        "32.73,Kota Bandung,2007,population,2320",
    ]
    version = build_csv(lines, checks=BANDUNG_BARAT)
    assert "totals" not in {c["check"] for c in version.checks}  # 4000 + 2300 = 6300: no false alarm
    assert rows_of(finding(version, "split overlap"), "region_code", "period") == [("32.17", "2006-01-01")]
    assert rows_of(finding(version, "before split"), "region_code", "period") == [("32.04", "2006-01-01")]
    request = aggregate.Request(
        "population", "province", "A", "value", "sum", splits=aggregate.split_pairs(BANDUNG_BARAT)
    )
    frame = aggregate.rollup(version.parquet_path, request)
    assert frame["value"].tolist() == [6300, 6370]
    undeclared = build_csv(lines, title="Tanpa riwayat")
    assert finding(undeclared, "totals")["rows"][0]["detail"] == (
        "provinsi 6.300, tetapi 3 kabupaten/kotanya berjumlah 7.800"
    )


def test_a_declared_split_must_join_two_regions_of_one_level() -> None:
    with pytest.raises(ValueError, match="one level"):
        history.splits({"splits": [{"code": "32.17", "formed_from": "32", "established": "2007-01-02"}]})
    with pytest.raises(ValueError, match="established"):
        history.splits({"splits": [{"code": "32.17", "formed_from": "32.04"}]})


def test_a_parent_column_narrows_names_to_the_parent_and_the_regions_split_from_it(build_csv) -> None:
    """A pre-2022 regency table writes Merauke under Papua; the review offers it under its new code."""
    mapping = {"region": "kabupaten", "period": "tahun", "value": "nilai", "indicator_value": "population"}
    lines = [
        "provinsi,kabupaten,tahun,nilai",
        "Papua,Kab. Meraoke,2020,230",
        "Papua,Kab. Jayapura,2020,130",
        "Papua Barat,Kab. Sorong,2020,120",
    ]
    version = build_csv(lines, title="Dengan induk", mapping={**mapping, "parent": "provinsi"})
    assert [item["name"] for item in version.review] == ["Kab. Meraoke"]
    codes = [alternative["code"] for alternative in version.review[0]["alternatives"]]
    assert codes[0] == "93.01" and {code.split(".")[0] for code in codes} <= {"91", "92", "93", "94", "95"}
    plain = build_csv(lines, title="Tanpa induk", mapping=mapping)
    assert "15.02" in [a["code"] for a in plain.review[0]["alternatives"]]  # a regency in Jambi


def test_figures_written_with_retired_2020_codes_are_read_under_their_2025_codes(build_csv) -> None:
    version = build_csv(
        [
            "kode,wilayah,tahun,indikator,nilai",
            "91.01,Kabupaten Merauke,2019,penduduk,230",  # Merauke before it moved to Papua Selatan
            "93.01,Kabupaten Merauke,2023,penduduk,240",
            "91.01.01,Merauke,2019,penduduk,100",  # a district under the old code
            "91.71,Kota Jayapura,2019,penduduk,400",  # still in Papua: unchanged
        ]
    )
    frame = pd.read_parquet(version.parquet_path)
    merauke = frame[frame["region_code"] == "93.01"].sort_values("period")
    assert merauke["value"].tolist() == [230.0, 240.0] and set(merauke["region_name"]) == {
        "Kabupaten Merauke"
    }
    assert frame[frame["region_code"] == "93.01.01"]["value"].tolist() == [100.0]
    assert "91.01" not in set(frame["region_code"]) and frame[frame["region_code"] == "91.71"][
        "value"
    ].tolist() == [400.0]
    recoded = finding(version, "recoded region")
    assert recoded["severity"] == "info" and recoded["count"] == 2
    assert [row["detail"] for row in recoded["rows"]] == [
        "91.01 → 93.01 (Kabupaten Merauke)",
        "91.01.01 → 93.01.01 (Merauke)",
    ]
