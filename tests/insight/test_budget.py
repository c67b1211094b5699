"""Budget analytics: absorption, year-end forecast, anomalies with reasons, uploads that explain."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from pamong.ai.models import Decision
from pamong.insight.actions import budget_frame, import_budget, load_generated_budget, record_anomaly_scan
from pamong.insight.budget import (
    BENFORD_MAD_LIMIT,
    absorption_curve,
    benford_mad,
    find_anomalies,
    forecast_year_end,
    usual_band,
)
from pamong.insight.budget_files import BudgetFileError, parse_amount
from pamong.insight.generated import budget_lines, plant_fabricated_payments, plant_overspending
from pamong.insight.models import BudgetLine
from pamong.insight.sources import central_spending

GOOD = (
    "tahun;bulan;satker;program;kegiatan;fungsi;akun;pagu;pagu_revisi;realisasi;penerima\n"
    "2024;1;Dinas Kesehatan;Program A;Kegiatan 1;Kesehatan;52;1.200.000.000;1.200.000.000;12.500.000,50;CV Satu\n"
    "2024;2;Dinas Kesehatan;Program A;Kegiatan 1;Kesehatan;52;1.200.000.000;1.200.000.000;Rp 2,5 jt;CV Satu\n"
)


@pytest.fixture(scope="module")
def small_spending():  # type: ignore[no-untyped-def]
    spending = central_spending()
    keep = spending["region_code"].isin(sorted(spending["region_code"].unique())[:12])
    return spending[keep & spending["function"].isin(["Kesehatan", "Pendidikan", "Ekonomi"])]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234.567,50", "1234567.50"),
        ("Rp 2,5 M", "2500000000"),
        ("12,3", "12.3"),
        ("1,234,567", "1234567"),
        (" 750 ", "750"),
    ],
)
def test_amounts_in_indonesian_formats_are_read_correctly(text, value) -> None:
    assert parse_amount(text) == Decimal(value)


def test_missing_markers_are_missing_not_zero_and_nonsense_is_refused() -> None:
    assert parse_amount("-") is None and parse_amount("n/a") is None and parse_amount("…") is None
    with pytest.raises(ValueError):
        parse_amount("dua juta")


@pytest.mark.django_db
def test_a_semicolon_csv_in_indonesian_format_is_imported(eko) -> None:
    batch = import_budget("realisasi.csv", GOOD.encode("cp1252"), actor=eko)
    assert batch.rows == 2 and not batch.generated
    first = BudgetLine.objects.order_by("month").first()
    assert first.executed == Decimal("12500000.50") and first.revised == Decimal("1200000000")


@pytest.mark.django_db
def test_a_file_with_bad_rows_is_refused_whole_with_each_row_named(eko) -> None:
    bad = GOOD + "2024;13;Dinas Kesehatan;P;K;F;52;1;1;dua juta;X\n2024;3;;P;K;F;52;1;1;5;X\n"
    with pytest.raises(BudgetFileError) as error:
        import_budget("realisasi.csv", bad.encode(), actor=eko)
    problems = " | ".join(error.value.problems)
    assert "Baris 4" in problems and "bulan '13'" in problems and "'dua juta' bukan angka" in problems
    assert "Baris 5: organisasi kosong" in problems
    assert not BudgetLine.objects.exists()


def test_the_usual_band_is_about_one_percent_in_january_and_70_to_85_in_december() -> None:
    assert usual_band(1)[0] < 1 < usual_band(1)[1]
    assert usual_band(6) == (10.0, 30.0) and usual_band(12) == (70.0, 85.0)


def test_every_planted_anomaly_is_found_with_its_reason(small_spending) -> None:
    lines = budget_lines(small_spending, [2020, 2021], seed=5)
    lines["id"] = range(len(lines))
    found = find_anomalies(lines, 2021)
    planted = {kind for kind in lines["label"].unique() if kind}
    kinds = {a.kind for a in found}
    assert planted <= kinds
    duplicate = next(a for a in found if a.kind == "duplicate")
    assert "CV Maju Jaya Bersama" in duplicate.reason and len(duplicate.row_ids) == 2
    assert set(lines.loc[duplicate.row_ids, "label"]) == {"duplicate"}
    # Few false alarms: every flag but the peer comparison points at planted rows.
    assert all(set(lines.loc[a.row_ids, "label"]) - {""} for a in found if a.kind != "peer_outlier")


@pytest.fixture(scope="module")
def every_province():  # type: ignore[no-untyped-def]
    """GENERATED months around the real 2020-2021 spending of every province and function, no anomaly."""
    return budget_lines(central_spending(), [2020, 2021], seed=11, anomalies=False)


def with_ids(lines):  # type: ignore[no-untyped-def]
    return lines.assign(id=range(len(lines)))


def test_clean_generated_rows_raise_no_flag(every_province) -> None:
    assert find_anomalies(with_ids(every_province), 2021) == []


def test_invented_payments_and_overspending_are_each_flagged_with_reason_and_rows(every_province) -> None:
    """A unit whose payments have uniform first digits; a unit paying 1.6x its budget in one function."""
    lines = plant_fabricated_payments(every_province, "Satker pusat di Bali", 2021, seed=11)
    lines = with_ids(plant_overspending(lines, "Satker pusat di Maluku", "Kesehatan", 2021))
    invented = lines[lines["label"] == "benford"]
    # The invention keeps every month's total: Bali's absorption is what it was.
    before = every_province[
        (every_province["organisation"] == "Satker pusat di Bali") & (every_province["year"] == 2021)
    ]
    assert invented["executed"].sum() == pytest.approx(before["executed"].sum(), rel=1e-9)
    assert benford_mad(invented["executed"]) > 4 * BENFORD_MAD_LIMIT

    found = find_anomalies(lines, 2021)
    assert sorted((a.kind, a.organisation) for a in found) == [
        ("benford", "Satker pusat di Bali"),
        ("peer_outlier", "Satker pusat di Maluku"),
    ]
    benford = next(a for a in found if a.kind == "benford")
    assert len(invented) == 3082  # 396 monthly amounts split into invented payments
    assert benford.reason == (
        "angka pertama 3082 pembayaran menyimpang dari hukum Benford (MAD 0.062), "
        "jauh melebihi satker sejawat (z robust 4.1)"
    )
    assert len(benford.row_ids) == 200 and set(lines.loc[benford.row_ids, "label"]) == {"benford"}

    peer = next(a for a in found if a.kind == "peer_outlier")
    assert (
        peer.reason.startswith("menyerap 1")
        and "pagu fungsi Kesehatan; median satker sejawat 9" in peer.reason
    )
    maluku = lines[(lines["organisation"] == "Satker pusat di Maluku") & (lines["function"] == "Kesehatan")]
    assert sorted(peer.row_ids) == sorted(maluku.loc[maluku["year"] == 2021, "id"])  # the 36 rows behind it
    assert set(lines.loc[peer.row_ids, "label"]) == {"peer_outlier"}


def test_year_end_forecast_from_june_is_close_and_beats_the_straight_line(small_spending) -> None:
    lines = budget_lines(small_spending, [2020, 2021], seed=6, anomalies=False)
    known = lines[(lines["year"] == 2020) | (lines["month"] <= 6)]
    forecast = forecast_year_end(known, 2021)["total"]
    actual = absorption_curve(lines, 2021)["total"][12]
    assert forecast.months_known == 6 and forecast.low_pct <= forecast.forecast_pct <= forecast.high_pct
    assert abs(forecast.forecast_pct - actual) < 5 < abs(forecast.baseline_pct - actual)


@pytest.mark.django_db
def test_generated_demo_rows_are_labelled_and_a_scan_logs_each_anomaly(eko) -> None:
    batch = load_generated_budget([2020, 2021], actor=eko)
    assert batch.generated and BudgetLine.objects.filter(generated=False).count() == 0
    assert len(budget_frame(2021)) == batch.rows
    found = record_anomaly_scan(2021, actor=eko)
    assert len(found) >= 4
    assert Decision.objects.filter(card__key="insight.budget").count() == len(found)


@pytest.mark.django_db
def test_eval_measures_flags_beside_a_plain_z_score(tmp_path, small_spending) -> None:
    path = tmp_path / "budget.csv"
    budget_lines(small_spending, [2020, 2021], seed=8).to_csv(path, index=False)
    out = StringIO()
    call_command("eval", "insight.budget", "--csv", str(path), "--json", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert (
        summary["recall"] == 1.0
        and summary["precision"] > summary["baselines"]["amount_robust_z"]["precision"]
    )
    assert summary["year_end_mae_pct"] < summary["baselines"]["straight_line"]["year_end_mae_pct"]
