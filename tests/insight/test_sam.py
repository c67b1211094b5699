"""Input–output multipliers from the 2018 social accounting matrix, and budget reallocations."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse

from pamong.insight import sam
from pamong.insight.actions import save_scenario
from pamong.insight.models import Scenario
from pamong.insight.scenario import ScenarioError, run_scenario
from tests.insight.test_brief import _pdf_text_and_objects

TO_SOCIAL = {
    "op": "reallocate",
    "from": "Pertahanan",
    "to": "Perlindungan Sosial",
    "value": 10000,
    "start": 2026,
}


def _toy() -> sam.Sam:
    """Three endogenous accounts and one exogenous (government), balanced, with known inverse."""
    codes = ["a1", "c1", "hhd-r1", "gov"]
    # columns pay rows: c1 buys from a1; a1 pays households; households buy c1 and pay tax to gov.
    matrix = np.array(
        [
            [0, 100, 0, 0],  # a1 receives 100 from c1
            [0, 0, 60, 40],  # c1 receives 60 from households and 40 from government
            [100, 0, 0, 0],  # households receive 100 from a1
            [0, 0, 40, 0],  # government receives 40 of tax from households
        ],
        dtype=float,
    )
    return sam.build(codes, {c: c for c in codes}, matrix, path="toy", sha256="-")


def test_the_multiplier_of_a_toy_matrix_is_its_leontief_inverse() -> None:
    toy = _toy()
    assert toy.accounts == ["a1", "c1", "hhd-r1"] and toy.imbalance == 0
    # A: a1<-c1 1.0, c1<-hhd 0.6, hhd<-a1 1.0; a round trip keeps 60%, so M = 1 / (1 - 0.6) on the cycle.
    result = sam.impact(toy, {"c1": 1.0})
    assert result.output == pytest.approx(2.5)
    assert result.household_income == pytest.approx(2.5)
    assert result.leakages["government"] == pytest.approx(1.0)  # all of it leaks out as tax


def test_the_shipped_matrix_reads_in_place_balances_and_conserves_every_injection() -> None:
    matrix = sam.load()
    assert len(matrix.accounts) == 99 and matrix.imbalance <= 10  # rounding in the published file
    assert matrix.path.endswith("002_IFPRI_SAM_IDN_2018_SAM.csv") and "site-packages" in matrix.path
    # Factor income (value added at factor cost) in 2018 was about 14.4 quadrillion rupiah.
    value_added = sum(v for k, v in matrix.totals.items() if k.startswith("f"))
    assert 14.0e6 < value_added < 14.8e6
    for account in ("ceduc", "cpadm", "ccons", "hhd-r1"):
        result = sam.impact(matrix, {account: 1.0})
        assert sum(result.leakages.values()) == pytest.approx(1.0)  # it all leaks out again
        assert result.output > 1.0 or account.startswith("hhd")


def test_social_transfers_reach_the_poorest_more_than_defence_spending_does() -> None:
    table = {row["function"]: row for row in sam.multiplier_table(sam.load())}
    assert set(table) == {
        "Pelayanan Umum", "Pertahanan", "Ketertiban dan Keamanan", "Ekonomi", "Lingkungan Hidup",
        "Perumahan dan Fasilitas Umum", "Kesehatan", "Pariwisata", "Agama", "Pendidikan",
        "Perlindungan Sosial",
    }  # fmt: skip
    social, defence = table["Perlindungan Sosial"], table["Pertahanan"]
    assert social["bottom_40"] > 2 * defence["bottom_40"]
    assert social["household_income"] > 1.0  # the transfer itself plus what it sets going
    assert defence["output"] > social["output"] > 1.0  # buying services moves more production
    for row in table.values():
        assert 0 < row["imports"] < 0.5 and row["value_added"] > 1.0


def test_a_reallocation_is_the_difference_of_the_two_functions() -> None:
    matrix = sam.load()
    moved = sam.reallocation(matrix, "Pertahanan", "Perlindungan Sosial", 1000)
    table = {row["function"]: row for row in sam.multiplier_table(matrix)}
    expected = 1000 * (table["Perlindungan Sosial"]["bottom_40"] - table["Pertahanan"]["bottom_40"])
    assert moved.injection == pytest.approx(0.0, abs=1e-6)
    assert moved.bottom_40 == pytest.approx(expected, abs=1.0)
    assert moved.output < 0 < moved.bottom_40


def test_a_scenario_reallocation_moves_social_spending_and_reports_the_economy() -> None:
    result = run_scenario(region_code="", target_year=2029, changes=[TO_SOCIAL], draws=300)
    path = result.drivers["social_spending"]
    assert path["scenario"][-1] - path["baseline"][-1] == pytest.approx(10000)
    assert result.contributions["social_spending"] != 0
    (economy,) = result.economy["reallocations"]
    assert economy["source"] == "Pertahanan" and economy["bottom_40"] > 0 > economy["output"]
    assert "IFPRI" in result.economy["source"] and len(result.economy["sha256"]) == 64
    assert result.provenance["reallocations"][0]["amount"] == 10000
    # A province gets its share of the national amount, in proportion to its social spending.
    province = run_scenario(region_code="53", target_year=2026, changes=[TO_SOCIAL], draws=100)
    moved = province.drivers["social_spending"]
    share = (moved["scenario"][-1] - moved["baseline"][-1]) / 10000
    assert 0 < share < 0.2


def test_a_reallocation_between_other_functions_leaves_the_poverty_model_alone() -> None:
    change = {**TO_SOCIAL, "from": "Pendidikan", "to": "Kesehatan"}
    result = run_scenario(region_code="", target_year=2029, changes=[change], draws=200)
    assert result.scenario["p50"] == result.baseline["p50"]
    assert result.economy["reallocations"][0]["target"] == "Kesehatan"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({**TO_SOCIAL, "from": "Sihir"}, "tidak dikenal"),
        ({**TO_SOCIAL, "to": "Pertahanan"}, "berbeda"),
        ({**TO_SOCIAL, "value": -5}, "lebih dari nol"),
        ({**TO_SOCIAL, "value": "banyak"}, "jumlah"),
    ],
)
def test_a_malformed_reallocation_is_refused_in_plain_words(change, message) -> None:
    with pytest.raises(ScenarioError, match=message):
        run_scenario(region_code="", target_year=2029, changes=[change])


def test_without_the_package_the_scenario_still_runs_and_says_why(monkeypatch) -> None:
    def missing() -> None:
        raise sam.SamUnavailable("Matriks SAM 2018 tidak tersedia")

    monkeypatch.setattr(sam, "load", missing)
    result = run_scenario(region_code="", target_year=2029, changes=[TO_SOCIAL], draws=100)
    assert result.economy is None and "Matriks SAM 2018 tidak tersedia" in result.warnings


@pytest.mark.django_db
def test_an_analyst_reallocates_budget_in_the_form_and_sees_it_on_page_compare_and_pdf(client, eko) -> None:
    client.force_login(eko)
    form = client.get(reverse("insight:scenario-new")).content.decode()
    assert "Pengganda per rupiah belanja" in form and "Perlindungan Sosial" in form
    response = client.post(
        reverse("insight:scenario-new"),
        {
            "name": "Pertahanan ke bansos",
            "region_code": "",
            "target_year": 2029,
            "realloc_from": "Pertahanan",
            "realloc_to": "Perlindungan Sosial",
            "realloc_amount": "10000",
            "realloc_start": "2026",
        },
    )
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and scenario.changes[0]["op"] == "reallocate"
    page = client.get(reverse("insight:scenario", args=[scenario.pk])).content.decode()
    assert "Dampak realokasi anggaran pada perekonomian" in page
    assert "Perdesaan, kuintil 1" in page and "IFPRI" in page
    bottom = scenario.result["economy"]["reallocations"][0]["bottom_40"]
    bottom_shown = f"{bottom:.1f}".replace(".", ",")  # the Indonesian page's decimal comma
    assert bottom_shown in page
    other = save_scenario(
        name="tanpa realokasi",
        region_code="",
        target_year=2029,
        changes=[{"parameter": "unemployment_rate", "start": 2026, "op": "add", "value": -1}],
        overrides=[],
        actor=eko,
    )
    compared = client.get(reverse("insight:scenario-compare"), {"ids": [scenario.pk, other.pk]})
    assert "dari Pertahanan ke Perlindungan Sosial" in compared.content.decode()
    pdf = client.get(reverse("insight:scenario", args=[scenario.pk]), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text, _ = _pdf_text_and_objects(pdf.content)
    flat = " ".join(text.split())
    assert "Dampak realokasi per tahun" in flat and bottom_shown in flat and "IFPRI" in flat


@pytest.mark.django_db
def test_half_a_reallocation_is_refused_keeping_what_was_typed(client, eko) -> None:
    client.force_login(eko)
    response = client.post(
        reverse("insight:scenario-new"),
        {"name": "setengah", "region_code": "", "target_year": 2029, "realloc_from": "Pertahanan"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Realokasi perlu fungsi asal" in page
    assert 'value="setengah"' in page and not Scenario.objects.exists()
