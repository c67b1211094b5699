"""The quality report of a built version names each suspicious row and says why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pamong.datahub import actions
from tests.datahub.builds import finding, rows_of

pytestmark = pytest.mark.django_db


def test_regencies_that_do_not_add_up_to_their_province_are_flagged_with_the_row(build_csv) -> None:
    version = build_csv(
        [
            "kode,wilayah,tahun,indikator,nilai",
            "11,Aceh,2019,population,1000",
            "11.01,Simeulue,2019,population,400",
            "11.02,Aceh Singkil,2019,population,600",
            "11,Aceh,2020,population,1010",
            "11.01,Simeulue,2020,population,405",
            "11.02,Aceh Singkil,2020,population,500",
        ]
    )
    totals = finding(version, "totals")
    assert totals["severity"] == "error" and totals["count"] == 1
    assert totals["reason"] == "jumlah kabupaten/kota tidak sama dengan angka provinsinya"
    assert rows_of(totals, "source_row", "region_code", "period", "value", "detail") == [
        (5, "11", "2020-01-01", 1010.0, "provinsi 1.010, tetapi 2 kabupaten/kotanya berjumlah 905")
    ]


def test_a_rate_is_never_required_to_add_up(build_csv) -> None:
    version = build_csv(
        [
            "kode,wilayah,tahun,indikator,nilai",
            "11,Aceh,2020,poverty_rate,14.99",
            "11.01,Simeulue,2020,poverty_rate,18.49",
            "11.02,Aceh Singkil,2020,poverty_rate,20.20",
        ]
    )
    assert "totals" not in {c["check"] for c in version.checks}


def test_a_year_on_year_jump_is_flagged_and_a_known_break_is_not_a_warning(build_csv) -> None:
    values = {2011: 9.2, 2012: 9.1, 2013: 9.4, 2014: 9.2, 2015: 9.6, 2016: 25.3, 2017: 9.5, 2018: 9.7}
    version = build_csv(
        ["kode,wilayah,tahun,indikator,nilai"]
        + [f"32,Jawa Barat,{year},poverty_rate,{value}" for year, value in values.items()]
    )
    jump = finding(version, "jump")
    assert jump["severity"] == "warning"
    # the rise to 25.3 and the fall back are both far outside the usual change of about 0.2
    assert rows_of(jump, "source_row", "period", "value") == [(7, "2016-01-01", 25.3), (8, "2017-01-01", 9.5)]
    assert jump["rows"][0]["detail"].startswith("perubahan +15,7 dari 9,6 (z robust ")


def test_a_jump_in_an_otherwise_steady_series_is_flagged(build_csv) -> None:
    values = {2015: 5.0, 2016: 5.0, 2017: 5.0, 2018: 5.0, 2019: 50.0, 2020: 5.0, 2021: 5.0}
    version = build_csv(
        ["kode,wilayah,tahun,indikator,nilai"]
        + [f"32,Jawa Barat,{year},gini_ratio,{value / 100}" for year, value in values.items()]
    )
    jump = finding(version, "jump")
    assert rows_of(jump, "source_row", "value") == [(6, 0.5), (7, 0.05)]


def test_exact_duplicate_rows_are_flagged_and_conflicting_ones_are_errors(build_csv) -> None:
    version = build_csv(
        [
            "kode,wilayah,tahun,indikator,nilai",
            "11,Aceh,2020,poverty_rate,14.99",
            "11,Aceh,2020,poverty_rate,14.99",
            "32,Jawa Barat,2020,poverty_rate,7.88",
            "32,Jawa Barat,2020,poverty_rate,8.43",
        ]
    )
    same = finding(version, "duplicate")
    assert same["severity"] == "warning" and same["count"] == 2
    assert rows_of(same, "source_row", "region_code", "value", "detail") == [
        (2, "11", 14.99, "indikator, wilayah, dan periode yang sama 2 kali"),
        (3, "11", 14.99, "indikator, wilayah, dan periode yang sama 2 kali"),
    ]
    conflicting = finding(version, "duplicate conflicting")
    assert conflicting["severity"] == "error"
    assert sorted(rows_of(conflicting, "source_row", "value")) == [(4, 7.88), (5, 8.43)]


def test_a_region_code_that_does_not_exist_is_an_error_on_the_quality_report(build_csv, client, eko) -> None:
    version = build_csv(
        [
            "kode,tahun,indikator,nilai",
            "11,2020,poverty_rate,14.99",
            "11.99,2020,poverty_rate,12.5",
            "32,2020,poverty_rate,7.88",
        ],
        {"region_code": "kode", "period": "tahun", "value": "nilai", "indicator": "indikator"},
    )
    unknown = finding(version, "unknown region code")
    assert unknown["severity"] == "error" and unknown["count"] == 1
    assert rows_of(unknown, "source_row", "detail") == [(3, "kode 11.99")]
    assert version.quality["validity"] == pytest.approx(1 - 1 / 3, abs=1e-4)
    assert version.quality["harmonisation"] == pytest.approx(1 - 1 / 3, abs=1e-4)
    client.force_login(eko)
    page = client.get(
        reverse("datahub:version", args=[version.dataset.slug, version.number])
    ).content.decode()
    assert "unknown region code" in page and "kode 11.99" in page
    with pytest.raises(actions.DatahubError, match="memiliki galat"):
        actions.approve(version, actor=eko)  # an error needs a note before publication


def test_the_quality_report_speaks_one_language_with_indonesian_numbers(build_csv) -> None:
    """Reasons and details are gettext'd Indonesian (the check codes stay); 12,9 is twelve point nine."""
    steady_then_covid = [13.3, 13.2, 13.1, 13.0, 12.9, 18.9, 12.8]
    version = build_csv(
        [
            "kode,wilayah,tahun,indikator,nilai",
            "11,Aceh,2019,poverty_rate,abc",
            "11,Aceh,2020,poverty_rate,150",
            "32,Jawa Barat,20x9,poverty_rate,8",
            "65,Kalimantan Utara,2011,population,0",
            "65,Kalimantan Utara,2013,population,600",
        ]
        + [f"33,Jawa Tengah,{2015 + i},poverty_rate,{v}" for i, v in enumerate(steady_then_covid)]
    )
    report = {
        c["check"]: (c["severity"], c["reason"], [r["detail"] for r in c["rows"]]) for c in version.checks
    }
    assert report == {
        "range poverty_rate": (
            "error",
            "nilai di luar rentang wajar poverty_rate",
            ["di luar rentang wajar 0..100"],
        ),
        "unreadable period": (
            "error",
            "periode yang tidak terbaca: baris tidak dapat ditempatkan dan tidak diikutkan",
            ["'20x9' bukan periode (gunakan tahun, 2019Q1, Agustus 2019, atau tanggal)"],
        ),
        "leading zeros": (
            "warning",
            "angka nol sebelum angka pertama suatu wilayah (sering sebelum wilayah itu ada): dibaca sebagai kosong",
            ["dibentuk 2012-10-25, UU 20/2012; nol dibaca sebagai kosong"],
        ),
        "unreadable value": (
            "warning",
            "nilai yang tidak terbaca sebagai angka: disimpan sebagai kosong",
            ["sel abc"],
        ),
        "known break": (
            "info",
            "lonjakan pada perubahan metode atau guncangan yang diketahui (disimpan seperti terbitannya)",
            [
                # a steady series: its spread is 1% of its level (13.05), not float noise
                "perubahan +6 dari 12,9 (z robust 31,5); sebab yang diketahui: resesi COVID-19",
                "perubahan -6,1 dari 18,9 (z robust 31,0); sebab yang diketahui: pemulihan setelah resesi COVID-19",
            ],
        ),
        "missing values": (
            "info",
            "baris tanpa angka (disimpan sebagai kosong, tidak dibuang)",
            ["tanpa angka", "tanpa angka"],
        ),
        "short series": (
            "info",
            "deret dengan kurang dari empat angka",
            ["1 angka: terlalu pendek untuk diramalkan atau diperiksa lonjakannya"] * 2,
        ),
    }
