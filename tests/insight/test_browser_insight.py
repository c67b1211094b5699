"""An analyst in a real browser: the demo's forecast, scenario and budget pages, checked with axe."""

from __future__ import annotations

import pytest

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
    assert analyst.get_by_role(
        "img", name="Pengangguran turun 1 poin mulai 2026: skenario terhadap baseline"
    ).is_visible()
    assert analyst.get_by_text("Sasaran RPJMN 2025–2029").is_visible()
    assert axe_violations(analyst) == []
    analyst.get_by_role("link", name="Ringkasan untuk dicetak").click()
    assert analyst.locator("svg[role=img]").count() == 2


def test_the_budget_page_says_its_months_are_generated_and_passes_axe(analyst, server) -> None:
    analyst.goto(f"{server}/staf/wawasan/anggaran/")
    assert analyst.get_by_text("DIBANGKITKAN", exact=False).is_visible()
    assert analyst.get_by_role("img", name="Penyerapan anggaran 2021").is_visible()
    assert axe_violations(analyst) == []
