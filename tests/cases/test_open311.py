"""Open311 GeoReport v2: an independent client reads our endpoint; creating needs a key; errors per spec."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from georeport import GeoReport

from pamong.cases import actions
from pamong.cases.models import Case
from pamong.cases.open311 import create_client

REPORT = {
    "service_code": "infrastruktur",
    "description": "Jalan berlubang besar di depan SD, berbahaya bagi anak sekolah yang lewat.",
    "attribute[region]": "33.21.01.2001",
    "lat": "-6.9951",
    "long": "110.5123",
    "email": "warga@contoh.id",
    "first_name": "Rina",
}


@pytest.fixture
def api_key(units):  # type: ignore[no-untyped-def]
    return create_client("aplikasi kota", actor="test")


@pytest.fixture
def posted(client, api_key, trained_router, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/open311/v2/requests.json", {**REPORT, "api_key": api_key})
    assert response.status_code == 201
    return response.json()[0]


def test_a_key_holder_creates_a_request_and_gets_its_id_and_token(posted, client) -> None:  # type: ignore[no-untyped-def]
    case = Case.objects.get(tracking_number=posted["service_request_id"])
    assert case.channel == "open311" and case.category.code == "infrastruktur" and case.citizen_name == "Rina"
    assert "Kode rahasia" in posted["service_notice"]
    token = client.get(f"/open311/v2/tokens/{posted['token']}.json").json()
    assert token == [{"service_request_id": case.tracking_number, "token": posted["token"]}]


def test_without_a_valid_key_nothing_is_created_and_the_error_follows_the_spec(client, units) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/open311/v2/requests.json", {**REPORT, "api_key": "forged"})
    assert response.status_code == 403
    assert response.json() == [{"code": 403, "description": "api_key is missing or not valid"}]
    xml = client.post("/open311/v2/requests.xml", REPORT)
    root = ET.fromstring(xml.content)  # noqa: S314 - our own response
    assert root.tag == "errors" and root.find("error/code").text == "403"
    assert Case.objects.count() == 0


def test_a_request_with_mistakes_is_refused_with_the_reasons(client, api_key) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/open311/v2/requests.json", {**REPORT, "api_key": api_key, "description": "rusak", "phone": "123"}
    )
    assert response.status_code == 400
    description = response.json()[0]["description"]
    assert "description:" in description and "phone:" in description


@pytest.mark.browser
def test_an_independent_client_reads_services_definitions_and_requests(demo_server) -> None:  # type: ignore[no-untyped-def]
    """The ``georeport`` client from PyPI against a real server with the demo cases."""
    for output_format in ("json", "xml"):
        client = GeoReport(f"{demo_server.url}/open311/v2", output_format=output_format)
        codes = {service["service_code"] for service in client.get_service_list()}
        assert {"infrastruktur", "kependudukan", "aspirasi"} <= codes
        definition = client.get_service_definition("infrastruktur")
        assert definition["service_code"] == "infrastruktur"
        listed = client.get_service_requests(status="open")
        listed = [listed] if isinstance(listed, dict) else listed
        assert len(listed) >= 10 and {row["status"] for row in listed} == {"open"}
        routed = next(row for row in listed if row.get("agency_responsible"))
        one = client.get_service_request(routed["service_request_id"])
        one = one[0] if isinstance(one, list) else one
        assert one["service_request_id"] == routed["service_request_id"]
        assert one["expected_datetime"] and one["requested_datetime"] < one["expected_datetime"]


def test_the_public_listing_shows_no_personal_data(client, posted) -> None:  # type: ignore[no-untyped-def]
    text = client.get("/open311/v2/requests.json").content.decode()
    assert posted["service_request_id"] in text
    assert "Rina" not in text and "warga@contoh.id" not in text


def test_status_notes_say_why_the_status_changed_never_a_reply_or_the_citizen_s_words(  # type: ignore[no-untyped-def]
    client, posted, budi
) -> None:
    case = Case.objects.get(tracking_number=posted["service_request_id"])
    actions.verify(case, actor=budi, note="Laporan lengkap, diteruskan ke bidang jalan.")
    actions.reply(case, actor=budi, text="Bu Rina, kami akan datang ke rumah Ibu di Jl. Mawar 5 besok.")
    actions.citizen_adds(case, "Rumah saya yang cat hijau, nomor HP saya 081234567890.")
    actions.reply(case, actor=budi, text="Catatan internal: warga ini sudah lapor tiga kali.", public=False)

    listed = client.get("/open311/v2/requests.json").json()
    one = client.get(f"/open311/v2/requests/{case.tracking_number}.json").json()
    for row in (listed[0], one[0]):
        assert row["status_notes"] == "Laporan lengkap, diteruskan ke bidang jalan."
    text = client.get("/open311/v2/requests.xml").content.decode()
    for private in ("Mawar", "Rina", "cat hijau", "081234567890", "tiga kali"):
        assert private not in text


def test_filters_are_checked(client, units) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/open311/v2/requests.json?status=pending").status_code == 400
    response = client.get(
        "/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z"
    )
    assert response.status_code == 400 and "90 days" in response.json()[0]["description"]
    assert client.get("/open311/v2/services/nonexistent.json").status_code == 404
    assert client.get("/open311/v2/services.csv").status_code == 404


def test_discovery_names_the_endpoint_and_formats(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get(reverse("open311:discovery", args=["json"])).json()
    endpoint = document["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/") and "application/json" in endpoint["formats"]
