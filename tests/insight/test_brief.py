"""A scenario's brief as a PDF drawn on the server, with the same figures as its page."""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from django.urls import reverse

from pamong.insight.actions import save_scenario

pytestmark = pytest.mark.django_db

NAME = "Pengangguran turun 1,2 poin mulai 2026"


@pytest.fixture
def scenario(eko):  # type: ignore[no-untyped-def]
    """A national scenario (it has the RPJMN target) strong enough to give the target a chance."""
    return save_scenario(
        name=NAME,
        region_code="",
        target_year=2029,
        changes=[{"parameter": "unemployment_rate", "start": 2026, "op": "add", "value": -1.2}],
        overrides=[{"driver": "unemployment_rate", "coefficient": 4.0, "reason": "kajian Bappenas 2025"}],
        actor=eko,
    )


def _pdf_text_and_objects(content: bytes) -> tuple[str, Counter]:
    document = pdfium.PdfDocument(content)
    texts, kinds = [], Counter()
    try:
        for page in document:
            texts.append(page.get_textpage().get_text_range())
            kinds.update(obj.type for obj in page.get_objects(max_depth=5))
    finally:
        document.close()
    return "\n".join(texts), kinds


def test_the_scenario_pdf_holds_the_title_chances_contributions_paths_and_charts(
    client, eko, scenario
) -> None:
    client.force_login(eko)
    url = reverse("insight:scenario", args=[scenario.pk])
    page = client.get(url).content.decode()
    assert 'href="?format=pdf"' in page
    shown = re.search(r"skenario <strong>(\d+%)</strong>", page)
    assert shown is not None and shown.group(1) != "0%"
    response = client.get(url, {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text, kinds = _pdf_text_and_objects(response.content)
    flat = " ".join(text.split())
    assert NAME in flat
    assert f"Peluang tercapai: baseline 0%, skenario {shown.group(1)}." in flat
    assert "Sasaran RPJMN 2025-2029: 4.5-5.0% pada 2029." in flat  # the en dash drawn as a hyphen
    assert "kajian Bappenas 2025" in flat and "-4,800" in flat  # 4.0 x -1.2 points, as the page shows it
    final = scenario.result["scenario"]["p50"][-1]
    baseline = scenario.result["baseline"]["p50"][-1]
    assert (
        f"{final:.2f}".replace(".", ",") in flat and f"{baseline:.2f}".replace(".", ",") in flat
    )  # decimal comma
    assert "% penduduk" in flat and "grafik tidak dapat digambar" not in flat  # the waterfall's axis
    assert kinds[pdfium_c.FPDF_PAGEOBJ_PATH] > 20  # bands, lines and bars of the two charts


def test_officers_cannot_download_the_brief(client, ani, scenario) -> None:
    client.force_login(ani)
    assert client.get(reverse("insight:scenario", args=[scenario.pk]), {"format": "pdf"}).status_code == 403


def test_a_regional_scenario_without_a_target_still_gets_a_brief(client, eko) -> None:
    regional = save_scenario(
        name="NTT – belanja sosial <naik> 10%",
        region_code="53",
        target_year=2026,
        changes=[{"parameter": "social_spending", "start": 2025, "op": "multiply", "value": 1.1}],
        overrides=[],
        actor=eko,
    )
    client.force_login(eko)
    response = client.get(reverse("insight:scenario", args=[regional.pk]), {"format": "pdf"})
    text, kinds = _pdf_text_and_objects(response.content)
    flat = " ".join(text.split())
    assert "NTT - belanja sosial <naik> 10%" in flat  # outside Latin-1, the dash becomes a hyphen
    assert "Nusa Tenggara Timur" in flat and "Peluang tercapai" not in flat
    assert kinds[pdfium_c.FPDF_PAGEOBJ_PATH] > 20
