"""The JSON API files complaints and reports status, with errors per field in the caller's language."""

from __future__ import annotations

import json

import pytest

URL = "/api/v1/cases/complaints"


@pytest.fixture
def api_post(client, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def post(path, body):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, json.dumps(body), content_type="application/json")

    return post


def test_a_complaint_filed_by_api_gets_a_number_a_code_and_deadlines(
    api_post, trained_router, complaint_data
) -> None:  # type: ignore[no-untyped-def]
    body = {**complaint_data, "anonymous": False, "confidential": False}
    response = api_post(URL, body)
    assert response.status_code == 201
    filed = response.json()
    assert filed["status"] == "submitted" and filed["verify_due"] < filed["resolve_due"]
    status = api_post(
        f"/api/v1/cases/{filed['tracking_number']}/status", {"code": filed["secret_code"]}
    ).json()
    assert status["unit"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert [event["status"] for event in status["events"]][:1] == ["submitted"]


def test_errors_come_per_field_in_the_language_asked_for(api_post, units) -> None:  # type: ignore[no-untyped-def]
    response = api_post(
        URL, {"description": "rusak", "region": "33.21.01.2001", "phone": "12", "language": "en"}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"description", "phone", "name"}
    assert "at least 20" in errors["description"]


def test_malformed_json_and_oversized_text_are_refused(client, units) -> None:  # type: ignore[no-untyped-def]
    assert client.post(URL, "{not json", content_type="application/json").status_code in (400, 422)
    huge = client.post(URL, json.dumps({"description": "x" * 20_000}), content_type="application/json")
    assert huge.status_code == 422


def test_a_wrong_code_reveals_nothing(api_post, units, complaint_data) -> None:  # type: ignore[no-untyped-def]
    filed = api_post(URL, {**complaint_data, "anonymous": False, "confidential": False}).json()
    wrong = api_post(f"/api/v1/cases/{filed['tracking_number']}/status", {"code": "AAAAAAAA"})
    unknown = api_post("/api/v1/cases/A2601-ZZZZZZ/status", {"code": "AAAAAAAA"})
    assert wrong.status_code == unknown.status_code == 404 and wrong.json() == unknown.json()


def test_the_citizen_adds_information_by_api(api_post, units, complaint_data) -> None:  # type: ignore[no-untyped-def]
    filed = api_post(URL, {**complaint_data, "anonymous": False, "confidential": False}).json()
    path = f"/api/v1/cases/{filed['tracking_number']}/messages"
    added = api_post(path, {"code": filed["secret_code"], "text": "Sekarang ada dua lubang."})
    assert added.status_code == 201 and added.json()["kind"] == "citizen"
    assert api_post(path, {"code": filed["secret_code"], "text": ""}).status_code == 422
