"""Open311 GeoReport v2: an independent client reads our endpoint; creating needs a key; errors per spec."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from georeport import GeoReport

from pamong.cases import actions, open311
from pamong.cases.models import Case, Notification
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
    assert posted["service_notice"].startswith("Secret code for tracking: ")  # English unless asked
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


# --- Every error in the spec's shape, in the format the URL asked for --------------------------


def _errors(response, fmt: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """The error list parsed as the format requested: a JSON body under .xml (or HTML) fails here."""
    if fmt == "xml":
        assert response["Content-Type"].startswith("text/xml")
        root = ET.fromstring(response.content)  # noqa: S314 - our own response
        assert root.tag == "errors"
        return [
            {"code": int(error.findtext("code")), "description": error.findtext("description")}
            for error in root.findall("error")
        ]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _assert_error(response, fmt: str, status: int, words: str = "") -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content[:200]
    errors = _errors(response, fmt)
    assert len(errors) == 1 and errors[0]["code"] == status
    assert isinstance(errors[0]["description"], str) and words in errors[0]["description"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("status=pending", 400, "open or closed"),
        ("start_date=junk", 400, "start_date must be"),
        ("start_date=2026-13-45T00:00:00Z", 400, "start_date must be"),  # well-formed, impossible
        ("end_date=2026-02-30T10:00:00Z", 400, "end_date must be"),
        ("end_date=2026-02-30", 400, "end_date must be"),  # a date only, but no such day
        ("start_date=2026-1-5", 400, "start_date must be"),  # not W3C: two-digit month and day
        ("end_date=2026-01-01T00:00:00+25:00", 400, "end_date must be"),
        ("end_date=0001-01-01T00:00:00Z", 400, "too early"),  # 90 days before it do not exist
        ("start_date=0001-01-01T00:00:00%2B07:00&end_date=0001-01-02T00:00:00%2B07:00", 400, "start_date"),
        ("start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", 400, "not be after"),
        ("start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z", 400, "90 days"),
        ("page=abc", 400, "page must be"),
        ("page=0", 400, "page must be"),
        ("page=99999999999999999999999", 400, "page must be"),
        ("status=%FF", 400, "UTF-8"),
        ("jurisdiction_id=99.99", 404, "jurisdiction_id"),
    ],
)
def test_a_listing_with_a_bad_parameter_is_refused_in_its_format(
    client, units, fmt, query, status, words
) -> None:  # type: ignore[no-untyped-def]
    _assert_error(client.get(f"/open311/v2/requests.{fmt}?{query}"), fmt, status, words)


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("services/nonexistent", "unknown service_code"),
        ("requests/A2611-ZZZZZZ", "no service request"),
        ("tokens/no-such-token", "no request for token"),
        ("nothing", "no such endpoint"),
        ("requests/A2611.ZZZZZZ", "no such endpoint"),  # a dot in the id: no route matched it
    ],
)
def test_what_does_not_exist_is_a_404_in_its_format(client, units, fmt, path, words) -> None:  # type: ignore[no-untyped-def]
    _assert_error(client.get(f"/open311/v2/{path}.{fmt}"), fmt, 404, words)


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("services.csv", "json"),  # a format we do not offer: JSON, the only thing left to say it in
        ("services", "json"),  # no extension at all
        ("services.XML", "xml"),
        ("services.xml/", "xml"),
    ],
)
def test_an_unknown_format_is_a_404_not_an_html_page(client, units, path, fmt) -> None:  # type: ignore[no-untyped-def]
    _assert_error(client.get(f"/open311/v2/{path}"), fmt, 404)
    _assert_error(client.post(f"/open311/v2/{path}", REPORT), fmt, 404)  # no CSRF page either


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("post", "services", "GET, HEAD"),
        ("post", "discovery", "GET, HEAD"),
        ("post", "services/infrastruktur", "GET, HEAD"),
        ("delete", "requests", "GET, POST, HEAD"),
        ("put", "requests", "GET, POST, HEAD"),
    ],
)
def test_a_wrong_method_is_a_405_with_the_allowed_ones(client, units, fmt, method, path, allow) -> None:  # type: ignore[no-untyped-def]
    response = getattr(client, method)(f"/open311/v2/{path}.{fmt}")
    _assert_error(response, fmt, 405)
    assert response["Allow"] == allow


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"lat": "abc"}, "lat: "),
        ({"lat": "NaN"}, "lat: "),  # parses as a Decimal, used to crash the comparison
        ({"long": "1e999999999"}, "long: "),
        ({"long": ""}, "lat and long"),
        ({"attribute[kelurahan]": "Banyumeneng"}, "unknown attribute 'attribute[kelurahan]'"),
        ({"attribute[region][]": "33.21.01.2001"}, "unknown attribute"),
        ({"attribute[confidential]": "mungkin"}, "attribute[confidential]: "),
        ({"description": "rusak " * 1000}, "description"),
        ({"service_code": "nonexistent"}, "service_code"),
        ({"media_url": "javascript:alert(1)"}, "media_url: "),
    ],
)
def test_a_request_with_a_bad_parameter_is_a_400_and_nothing_is_filed(
    client, api_key, fmt, changes, words
) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/open311/v2/requests.{fmt}", {**REPORT, "api_key": api_key, **changes})
    _assert_error(response, fmt, 400, words)
    assert Case.objects.count() == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_or_wrong_key_is_a_403_in_its_format(client, units, fmt) -> None:  # type: ignore[no-untyped-def]
    _assert_error(client.post(f"/open311/v2/requests.{fmt}", REPORT), fmt, 403, "api_key")
    _assert_error(client.post(f"/open311/v2/requests.{fmt}", {**REPORT, "api_key": "x"}), fmt, 403)
    assert Case.objects.count() == 0


def _form(data: dict[str, str]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(data).encode()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_form_body_that_is_not_utf8_is_refused_not_filed_garbled(client, api_key, fmt) -> None:  # type: ignore[no-untyped-def]
    body = _form({**REPORT, "api_key": api_key}).replace(b"Jalan+berlubang", b"Jalan+%FF%FEberlubang")
    response = client.post(
        f"/open311/v2/requests.{fmt}", body, content_type="application/x-www-form-urlencoded"
    )
    _assert_error(response, fmt, 400, "UTF-8")
    assert Case.objects.count() == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_body_over_the_limit_is_a_413_in_its_format(client, api_key, settings, fmt) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = _form({**REPORT, "api_key": api_key, "description": "x" * 20_000})
    response = client.post(
        f"/open311/v2/requests.{fmt}", body, content_type="application/x-www-form-urlencoded"
    )
    _assert_error(response, fmt, 413, "10000 bytes")
    assert Case.objects.count() == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"garbage", "multipart/form-data"),  # no boundary: Django cannot parse it
        ("&".join(f"f{i}=1" for i in range(1200)).encode(), "application/x-www-form-urlencoded"),
    ],
    ids=["broken-multipart", "too-many-fields"],
)
def test_a_body_django_cannot_read_is_a_400_in_its_format(client, units, fmt, body, content_type) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/open311/v2/requests.{fmt}", body, content_type=content_type)
    _assert_error(response, fmt, 400, "could not be read")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_failure_of_ours_is_a_500_in_its_format_not_an_html_page(client, units, monkeypatch, fmt) -> None:  # type: ignore[no-untyped-def]
    from pamong.cases import open311

    def broken() -> list[dict[str, object]]:
        raise RuntimeError("database went away")

    monkeypatch.setattr(open311, "_services", broken)
    _assert_error(client.get(f"/open311/v2/services.{fmt}"), fmt, 500, "internal error")


def test_the_listing_pages_on_past_its_first_thousand(client, posted, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pamong.cases import open311

    monkeypatch.setattr(open311, "MAX_REQUESTS", 1)
    assert len(client.get("/open311/v2/requests.json?page=1").json()) == 1
    assert client.get("/open311/v2/requests.json?page=2").json() == []


# --- Dates without a time, requests without a name, the token, errors a client can read ---------


def _listed(client, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 200, response.content[:200]
    return [row["service_request_id"] for row in response.json()]


def test_a_date_without_a_time_covers_that_whole_day_in_the_server_s_time_zone(  # type: ignore[no-untyped-def]
    client, posted, settings
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    settings.TIME_ZONE = "Asia/Jakarta"
    number = posted["service_request_id"]
    # 23:30 in Jakarta on 1 January is 16:30 UTC: inside 1 January here, whatever UTC says.
    late = datetime(2026, 1, 1, 23, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    Case.objects.filter(tracking_number=number).update(submitted_at=late)
    assert _listed(client, "start_date=2026-01-01&end_date=2026-01-01") == [number]
    assert _listed(client, "end_date=2026-01-01") == [number]  # to the end of that day
    assert _listed(client, "start_date=2026-01-02&end_date=2026-01-31") == []
    # 00:30 in Jakarta on 1 January is still 31 December in UTC: the day is Jakarta's.
    early = datetime(2026, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    Case.objects.filter(tracking_number=number).update(submitted_at=early)
    assert _listed(client, "start_date=2026-01-01&end_date=2026-01-05") == [number]
    assert _listed(client, "start_date=2025-12-01&end_date=2025-12-31") == []


@pytest.mark.parametrize("contact", [{"email": "warga@contoh.id"}, {"phone": "0812 3456 7890"}])
def test_a_request_with_a_contact_but_no_name_is_filed_and_the_contact_kept(client, api_key, contact) -> None:  # type: ignore[no-untyped-def]
    report = {key: value for key, value in REPORT.items() if key not in ("email", "first_name")}
    response = client.post("/open311/v2/requests.json", {**report, **contact, "api_key": api_key})
    assert response.status_code == 201, response.content[:300]
    case = Case.objects.get(tracking_number=response.json()[0]["service_request_id"])
    assert not case.anonymous and case.citizen_name == open311.NO_NAME
    kept = case.citizen_email or case.citizen_phone
    assert kept in ("warga@contoh.id", "+6281234567890")
    if "email" in contact:  # the requester hears of progress where they asked
        assert Notification.objects.filter(case=case, recipient="warga@contoh.id").exists()


def test_a_request_without_name_or_contact_is_anonymous(client, api_key) -> None:  # type: ignore[no-untyped-def]
    report = {key: value for key, value in REPORT.items() if key not in ("email", "first_name")}
    response = client.post("/open311/v2/requests.json", {**report, "api_key": api_key})
    assert response.status_code == 201
    case = Case.objects.get()
    assert case.anonymous and case.citizen_name == "" and case.citizen_email == ""


def test_the_token_is_stored_in_the_transaction_that_creates_the_case(client, api_key, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Read back before the filing transaction ends: the case row already carries its token."""
    stored: list[object] = []
    finish = actions._finish_submission

    def spy(case, draft):  # type: ignore[no-untyped-def]
        stored.append(Case.objects.get(pk=case.pk).fields.get("open311_token"))
        finish(case, draft)

    monkeypatch.setattr(actions, "_finish_submission", spy)
    response = client.post("/open311/v2/requests.json", {**REPORT, "api_key": api_key})
    assert response.status_code == 201
    assert stored == [response.json()[0]["token"]]


def test_when_the_token_cannot_be_made_no_case_is_stored(client, api_key, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken() -> str:
        raise RuntimeError("no randomness left")

    monkeypatch.setattr(open311, "_new_token", broken)
    response = client.post("/open311/v2/requests.json", {**REPORT, "api_key": api_key})
    _assert_error(response, "json", 500, "internal error")
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        ("", "lat: Coordinates must be numbers."),
        ("en-US,en;q=0.9,id;q=0.8", "lat: Coordinates must be numbers."),
        ("fr-FR,fr;q=0.9", "lat: Coordinates must be numbers."),
        ("id;q=0, en;q=0.5", "lat: Coordinates must be numbers."),  # q=0: not acceptable
        ("id-ID,id;q=0.9,en;q=0.8", "lat: Koordinat harus angka."),
        ("id", "lat: Koordinat harus angka."),
    ],
)
def test_errors_are_in_english_unless_the_client_prefers_indonesian(client, api_key, accept, message) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/open311/v2/requests.json", {**REPORT, "api_key": api_key, "lat": "abc"}, HTTP_ACCEPT_LANGUAGE=accept
    )
    _assert_error(response, "json", 400)
    assert response.json()[0]["description"] == message
    assert Case.objects.count() == 0


def test_errors_name_the_open311_parameters_not_our_fields(client, api_key) -> None:  # type: ignore[no-untyped-def]
    import re

    changes = {"address_string": "x" * 400, "attribute[region]": "99.99", "description": "rusak"}
    response = client.post("/open311/v2/requests.json", {**REPORT, "api_key": api_key, **changes})
    _assert_error(response, "json", 400)
    description = str(response.json()[0]["description"])
    named = re.findall(r"(?:^|; )([a-z_\[\]/]+): ", description)
    assert sorted(named) == ["address_string", "attribute[region]", "description"], description
    assert "address_string: Too long: at most 300 characters" in description
    assert "attribute[region]: Choose a district or village from the list." in description
    assert Case.objects.count() == 0


def test_the_service_definition_speaks_the_clients_language(client, units) -> None:  # type: ignore[no-untyped-def]
    import json

    code = json.loads(client.get("/open311/v2/services.json").content)[0]["service_code"]
    english = json.loads(client.get(f"/open311/v2/services/{code}.json").content)["attributes"]
    assert [a["description"] for a in english] == [
        "Village or district",
        "Keep the reporter's identity from the unit's officers",
    ]
    indonesian = json.loads(
        client.get(f"/open311/v2/services/{code}.json", HTTP_ACCEPT_LANGUAGE="id-ID,id;q=0.9").content
    )["attributes"]
    assert indonesian[0]["description"] == "Desa/kelurahan atau kecamatan"
    assert [v["name"] for v in indonesian[1]["values"]] == ["Tidak", "Ya"]


# --- media_url: the client's link, kept and given back, never fetched --------------------------

PHOTO_URL = "https://foto.contoh.id/laporan/jalan-berlubang.jpg?ukuran=besar&v=2"


def _post_with_media(client, api_key, media_url: str, *, language: str = "", **changes: str):  # type: ignore[no-untyped-def]
    data = {**REPORT, "api_key": api_key, "media_url": media_url, **changes}
    return client.post("/open311/v2/requests.json", data, HTTP_ACCEPT_LANGUAGE=language)


def test_a_media_url_is_kept_and_given_back_in_json_and_xml(client, api_key) -> None:  # type: ignore[no-untyped-def]
    response = _post_with_media(client, api_key, PHOTO_URL)
    assert response.status_code == 201, response.content[:300]
    number = response.json()[0]["service_request_id"]
    assert Case.objects.get(tracking_number=number).media_url == PHOTO_URL

    assert client.get(f"/open311/v2/requests/{number}.json").json()[0]["media_url"] == PHOTO_URL
    assert client.get("/open311/v2/requests.json").json()[0]["media_url"] == PHOTO_URL
    for path in (f"requests/{number}.xml", "requests.xml"):
        root = ET.fromstring(client.get(f"/open311/v2/{path}").content)  # noqa: S314 - our own response
        assert root.findtext("request/media_url") == PHOTO_URL
    assert "ukuran=besar&amp;v=2" in client.get("/open311/v2/requests.xml").content.decode()


def test_a_request_without_media_url_gives_back_null(client, api_key) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/open311/v2/requests.json", {**REPORT, "api_key": api_key}).status_code == 201
    assert client.get("/open311/v2/requests.json").json()[0]["media_url"] is None
    root = ET.fromstring(client.get("/open311/v2/requests.xml").content)  # noqa: S314 - our own response
    assert root.find("request/media_url") is not None and root.findtext("request/media_url") == ""


def test_a_confidential_request_s_media_url_is_kept_but_not_published(client, api_key) -> None:  # type: ignore[no-untyped-def]
    response = _post_with_media(client, api_key, PHOTO_URL, **{"attribute[confidential]": "yes"})
    assert response.status_code == 201
    assert Case.objects.get().media_url == PHOTO_URL
    assert client.get("/open311/v2/requests.json").json()[0]["media_url"] is None
    assert "foto.contoh.id" not in client.get("/open311/v2/requests.xml").content.decode()


def test_a_media_url_of_2000_characters_is_taken(client, api_key) -> None:  # type: ignore[no-untyped-def]
    longest = "https://foto.contoh.id/" + "a" * (2000 - len("https://foto.contoh.id/"))
    assert len(longest) == 2000
    assert _post_with_media(client, api_key, longest).status_code == 201
    assert Case.objects.get().media_url == longest


TOO_LONG = "https://foto.contoh.id/" + "a" * (2001 - len("https://foto.contoh.id/"))
NOT_HTTP = "Harus berupa alamat lengkap yang diawali http:// atau https://."
NO_CREDENTIALS = "Tautan tidak boleh berisi nama pengguna atau kata sandi."
NO_CONTROL = "Tautan tidak boleh berisi spasi atau karakter kendali."


@pytest.mark.parametrize(
    ("media_url", "message"),
    [
        ("javascript:alert(document.cookie)", NOT_HTTP),
        ("JaVaScRiPt://foto.contoh.id/%0Aalert(1)", NOT_HTTP),
        ("data:image/png;base64,iVBORw0KGgo=", NOT_HTTP),
        ("ftp://foto.contoh.id/jalan.jpg", NOT_HTTP),
        ("file:///etc/passwd", NOT_HTTP),
        ("/laporan/jalan.jpg", NOT_HTTP),
        ("//foto.contoh.id/jalan.jpg", NOT_HTTP),
        ("foto.contoh.id/jalan.jpg", NOT_HTTP),
        ("https://", NOT_HTTP),
        ("https://user:rahasia@foto.contoh.id/jalan.jpg", NO_CREDENTIALS),
        ("https://pemda.go.id@foto.contoh.id/jalan.jpg", NO_CREDENTIALS),
        ("https://foto.contoh.id/jalan.jpg\nX-Injected: 1", NO_CONTROL),
        ("https://foto.contoh.id/jalan .jpg", NO_CONTROL),
        ("https://foto.contoh.id/\u202egpj.exe", NO_CONTROL),  # right-to-left override hides the ending
        (TOO_LONG, "Terlalu panjang: paling banyak 2000 karakter; yang Anda tulis 2001."),
    ],
)
def test_a_media_url_that_is_not_a_plain_http_link_is_a_400_and_nothing_is_filed(  # type: ignore[no-untyped-def]
    client, api_key, media_url, message
) -> None:
    english = _post_with_media(client, api_key, media_url)
    _assert_error(english, "json", 400, "media_url: ")
    indonesian = _post_with_media(client, api_key, media_url, language="id")
    assert indonesian.json() == [{"code": 400, "description": f"media_url: {message}"}]
    assert Case.objects.count() == 0


def test_an_over_long_media_url_is_explained_in_english_by_default(client, api_key) -> None:  # type: ignore[no-untyped-def]
    response = _post_with_media(client, api_key, TOO_LONG)
    assert response.json() == [
        {"code": 400, "description": "media_url: Too long: at most 2000 characters; you wrote 2001."}
    ]


def test_a_bad_media_url_is_named_with_the_other_mistakes(client, api_key) -> None:  # type: ignore[no-untyped-def]
    response = _post_with_media(client, api_key, "ftp://foto.contoh.id/x.jpg", description="rusak")
    _assert_error(response, "json", 400)
    description = response.json()[0]["description"]
    assert description.startswith("description: ") and "; media_url: " in description
    assert Case.objects.count() == 0


def test_the_officer_sees_the_media_url_as_an_escaped_outside_link(client, api_key, budi) -> None:  # type: ignore[no-untyped-def]
    hostile = 'https://foto.contoh.id/x.jpg?a=1&b="><script>alert(1)</script>'
    response = _post_with_media(client, api_key, hostile)
    assert response.status_code == 201, response.content[:300]
    number = response.json()[0]["service_request_id"]
    client.force_login(budi)
    page = client.get(reverse("cases:case", args=[number])).content.decode()
    escaped = "https://foto.contoh.id/x.jpg?a=1&amp;b=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f'<a class="prewrap" href="{escaped}" rel="noopener noreferrer nofollow">{escaped}</a>' in page
    assert "<script>alert(1)" not in page
    assert "tautan luar yang dikirim aplikasi pengirim; tidak diperiksa sistem" in page
