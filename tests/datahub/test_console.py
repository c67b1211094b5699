"""The analyst's pages: upload a messy file, map it, review names, approve, explore and export."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.datahub import published
from pamong.datahub.models import DatasetVersion, RegionAlias, VersionStatus

MESSY_CSV = (
    "Provinsi;Tahun;Persentase\r\n"
    "Jawa Barat;2020;8,43\r\nJawa Barat;2021;7,97\r\n"
    "KEP. RIAU;2020;6,13\r\nKEP. RIAU;2021;-\r\n"
    "Jawa Baratt;2022;8,06\r\n"
    "Sumber: BPS;2022;n/a\r\n"
).encode("cp1252")


def upload(client) -> DatasetVersion:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("datahub:datasets"),
        {"dataset": "Kemiskinan", "name": "bps-cp1252", "file": SimpleUploadedFile("miskin.csv", MESSY_CSV)},
    )
    assert response.status_code == 302
    mapping = {
        "region": "Provinsi",
        "period": "Tahun",
        "value": "Persentase",
        "indicator_value": "poverty_rate",
        "unit": "percent",
    }
    response = client.post(response["Location"], mapping)
    assert response.status_code == 302, response.content.decode()[:2000]
    return DatasetVersion.objects.get(dataset__slug="kemiskinan")


def test_an_analyst_maps_a_windows_1252_file_and_gets_a_quality_report(analyst_client) -> None:
    version = upload(analyst_client)
    assert version.status == VersionStatus.REVIEW and version.rows == 6
    assert [item["name"] for item in version.review] == [
        "Sumber: BPS"
    ]  # the typo was resolved, the footnote was not
    page = analyst_client.get(
        reverse("datahub:version", args=["kemiskinan", version.number])
    ).content.decode()
    assert "Sumber: BPS" in page and "missing values" in page


def test_an_unresolved_name_blocks_publication_until_the_analyst_decides(analyst_client, eko) -> None:
    version = upload(analyst_client)
    url = reverse("datahub:version", args=["kemiskinan", version.number])
    analyst_client.post(url, {"approve": "1"})
    version.refresh_from_db()
    assert version.status == VersionStatus.REVIEW
    analyst_client.post(url, {"confirm": "1", "code-Sumber: BPS": "-"})
    assert RegionAlias.objects.get(example="Sumber: BPS").code == "-"
    rebuilt = DatasetVersion.objects.get(dataset__slug="kemiskinan", number=version.number + 1)
    assert rebuilt.review == [] and rebuilt.rows == 5 and rebuilt.lineage["excluded_rows"] == 1
    analyst_client.post(reverse("datahub:version", args=["kemiskinan", rebuilt.number]), {"approve": "1"})
    rebuilt.refresh_from_db()
    assert rebuilt.status == VersionStatus.PUBLISHED and rebuilt.approved_by == eko
    frame = published.frame("kemiskinan")
    assert list(frame.columns) == [
        "indicator",
        "region_code",
        "region_name",
        "level",
        "period",
        "freq",
        "value",
        "unit",
    ]
    riau = frame[frame.region_code == "21"].sort_values("period")
    assert (
        riau["value"].iloc[0] == pytest.approx(6.13) and riau["value"].isna().iloc[1]
    )  # "-" is missing, not dropped
    assert frame[frame.region_code == "32"]["value"].tolist() == pytest.approx([8.43, 7.97, 8.06])
    mean = published.query("SELECT avg(value) AS v FROM p WHERE region_code = '32'", p="kemiskinan")
    assert mean["v"].iloc[0] == pytest.approx((8.43 + 7.97 + 8.06) / 3)


def test_the_table_page_shows_a_chart_and_exports_csv_excel_and_pdf(analyst_client) -> None:
    version = upload(analyst_client)
    url = reverse("datahub:explore", args=["kemiskinan", version.number])
    page = analyst_client.get(url, {"indicator": "poverty_rate", "level": "province"}).content.decode()
    assert "<svg" in page and "Jawa Barat" in page
    csv = analyst_client.get(url, {"indicator": "poverty_rate", "format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("region_code,region_name,period,value")
    xlsx = analyst_client.get(url, {"format": "xlsx"}).content
    assert xlsx[:2] == b"PK"
    pdf = analyst_client.get(url, {"format": "pdf"}).content
    assert pdf[:4] == b"%PDF"


def test_officers_cannot_open_the_data_pages(client, ani) -> None:
    client.force_login(ani)
    assert client.get(reverse("datahub:datasets")).status_code == 403


def test_a_file_that_is_not_data_gets_a_clear_error(analyst_client) -> None:
    response = analyst_client.post(
        reverse("datahub:datasets"),
        {"dataset": "x", "name": "y", "file": SimpleUploadedFile("notes.docx", b"x")},
    )
    assert "Jenis berkas tidak dikenal" in response.content.decode()
