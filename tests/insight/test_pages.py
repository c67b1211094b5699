"""The insight pages as an analyst uses them: charts with their numbers, CSV, uploads, access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pamong.insight.actions import load_generated_budget, save_scenario
from pamong.insight.models import BudgetLine, ForecastRun, Scenario

pytestmark = pytest.mark.django_db


def test_only_analysts_and_administrators_see_the_insight_pages(client, ani) -> None:
    client.force_login(ani)
    assert client.get(reverse("insight:index")).status_code == 403
    client.logout()
    assert client.get(reverse("insight:budget")).status_code == 302  # to the login page


def test_an_analyst_starts_a_forecast_and_sees_a_fan_chart_with_its_numbers_and_csv(
    client, eko, django_capture_on_commit_callbacks
) -> None:
    client.force_login(eko)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("insight:index"), {"dataset": "unemployment-province-semiannual", "horizon": 2}
        )
    run = ForecastRun.objects.get()
    assert response.status_code == 302 and run.status == "done"
    page = client.get(reverse("insight:run", args=[run.pk]), {"region": "53"}).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and '<title id="fan-t">' in page
    assert "Nusa Tenggara Timur" in page and "MASE" in page
    shown = f"memuat nilai sebenarnya pada {round(run.summary['coverage'] * 100)}% kasus uji mundur"
    assert "Rentang 80% diuji mundur" in page and shown in page
    csv_text = client.get(reverse("insight:run", args=[run.pk]), {"format": "csv"}).content.decode()
    assert (
        csv_text.startswith("region_code,region,period,forecast,lower_80,upper_80")
        and len(csv_text.splitlines()) == 1 + 34 * 2
    )


def test_a_scenario_is_saved_shown_printed_compared_and_exported(client, eko) -> None:
    client.force_login(eko)
    response = client.post(
        reverse("insight:scenario-new"),
        {
            "name": "Kurangi pengangguran <script>alert(1)</script>",
            "region_code": "53",
            "target_year": 2026,
            "parameter_0": "unemployment_rate",
            "op_0": "add",
            "value_0": "-1",
            "start_0": 2024,
            "override_driver": "grdp_growth",
            "override_value": "-0.1",
            "override_reason": "kajian Bappeda 2024",
        },
    )
    scenario = Scenario.objects.get()
    assert response.status_code == 302
    assert scenario.overrides[0]["reason"] == "kajian Bappeda 2024"
    page = client.get(reverse("insight:scenario", args=[scenario.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "kajian Bappeda 2024" in page and "waterfall-" in page
    printed = client.get(reverse("insight:scenario", args=[scenario.pk]), {"print": "1"}).content.decode()
    assert "staff-nav" not in printed and "<svg" in printed
    exported = client.get(reverse("insight:scenario", args=[scenario.pk]), {"format": "csv"}).content.decode()
    assert exported.splitlines()[0] == "year,series,value,p10,p90" and "scenario" in exported
    other = save_scenario(
        name="Lain", region_code="53", target_year=2026, changes=[], overrides=[], actor=eko
    )
    compared = client.get(
        reverse("insight:scenario-compare"), {"ids": [scenario.pk, other.pk]}
    ).content.decode()
    assert "Lain" in compared and "&lt;script&gt;" in compared


def test_a_scenario_without_a_reason_for_its_override_is_refused_in_the_form(client, eko) -> None:
    client.force_login(eko)
    response = client.post(
        reverse("insight:scenario-new"),
        {
            "name": "x",
            "region_code": "",
            "target_year": 2029,
            "override_driver": "grdp_growth",
            "override_value": "1",
        },
    )
    assert response.status_code == 200 and "perlu alasannya" in response.content.decode()
    assert not Scenario.objects.exists()


def test_the_budget_page_labels_generated_data_and_links_each_anomaly_to_its_rows(client, eko) -> None:
    load_generated_budget([2020, 2021], actor=eko)
    client.force_login(eko)
    page = client.get(reverse("insight:budget")).content.decode()
    assert "DIBANGKITKAN" in page and '<title id="absorption-t">' in page
    assert "december_rush" in page and "CV Maju Jaya Bersama" in page
    link = page.split(reverse("insight:budget-rows") + "?ids=")[1].split('"')[0]
    rows = client.get(reverse("insight:budget-rows"), {"ids": link.replace("&amp;", "&")}).content.decode()
    assert "bangkitan" in rows
    assert (
        client.get(reverse("insight:budget"), {"year": "abc"}).status_code == 200
    )  # falls back to the latest
    csv_text = client.get(reverse("insight:budget"), {"year": 2021, "format": "csv"}).content.decode()
    assert (
        csv_text.splitlines()[0].startswith("month,absorption_2021_pct,usual_low_pct")
        and len(csv_text.splitlines()) == 13
    )


def test_a_broken_upload_keeps_nothing_and_says_which_rows(client, eko) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(eko)
    bad = SimpleUploadedFile("r.csv", b"tahun,bulan,satker,realisasi\n2024,14,Dinas,100\n")
    page = client.post(reverse("insight:budget"), {"file": bad}).content.decode()
    assert "Baris 2" in page and "bulan &#x27;14&#x27; harus 1 sampai 12" in page
    assert not BudgetLine.objects.exists()
