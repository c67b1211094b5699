"""An analyst in a real browser: the demo's forecast, scenario and budget pages, checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pages import axe_violations, signed_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_server):  # type: ignore[no-untyped-def]
    return demo_server.url


@pytest.fixture
def analyst(browser, server):  # type: ignore[no-untyped-def]
    with signed_in(browser, server, "analis") as page:
        yield page


def test_an_analyst_reads_a_scenario_and_its_brief_without_javascript_barriers(analyst, server) -> None:
    analyst.get_by_role("link", name="Wawasan kebijakan").click()
    analyst.get_by_role("link", name="Pengangguran turun 1 poin mulai 2026").click()
    expect(
        analyst.get_by_role("img", name="Pengangguran turun 1 poin mulai 2026: skenario terhadap baseline")
    ).to_be_visible()
    expect(analyst.get_by_text("Sasaran RPJMN 2025–2029")).to_be_visible()
    assert axe_violations(analyst) == []
    analyst.get_by_role("link", name="Ringkasan untuk dicetak").click()
    assert analyst.locator("svg[role=img]").count() == 2


def test_the_budget_page_says_its_months_are_generated_and_passes_axe(analyst, server) -> None:
    analyst.goto(f"{server}/staf/wawasan/anggaran/")
    expect(analyst.get_by_text("DIBANGKITKAN", exact=False)).to_be_visible()
    expect(analyst.get_by_role("img", name="Penyerapan anggaran 2021")).to_be_visible()
    assert axe_violations(analyst) == []


def test_an_analyst_moves_budget_between_functions_and_downloads_the_brief(analyst, server) -> None:
    analyst.goto(f"{server}/staf/wawasan/skenario/baru/")
    expect(analyst.get_by_role("table", name="Perubahan per 1 rupiah belanja", exact=False)).to_be_visible()
    analyst.get_by_label("Nama skenario").fill("Belanja pertahanan ke bantuan sosial")
    analyst.get_by_label("Pindahkan anggaran dari fungsi").select_option("Pertahanan")
    analyst.get_by_label("ke fungsi").select_option("Perlindungan Sosial")
    analyst.get_by_label("Jumlah per tahun (miliar rupiah)").fill("10000")
    analyst.get_by_label("Mulai tahun").last.fill("2026")
    analyst.get_by_role("button", name="Hitung dan simpan").click()
    expect(analyst.get_by_role("heading", name="Dampak realokasi anggaran pada perekonomian")).to_be_visible()
    expect(analyst.get_by_role("rowheader", name="Perdesaan, kuintil 1")).to_be_visible()
    assert axe_violations(analyst) == []
    with analyst.expect_download() as download:
        analyst.get_by_role("link", name="Unduh ringkasan (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")
