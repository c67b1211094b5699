"""The insight JSON API: analysts only, the same actions as the pages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_analyst_starts_a_forecast_over_the_api_and_reads_it_back(
    client, eko, django_capture_on_commit_callbacks
) -> None:
    client.force_login(eko)
    assert "poverty-province" in client.get("/api/v1/insight/datasets").json()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/insight/forecasts",
            {"dataset": "unemployment-province-semiannual", "horizon": 2, "models": ["naive"]},
            content_type="application/json",
        )
    assert response.status_code == 201
    body = client.get(f"/api/v1/insight/forecasts/{response.json()['id']}").json()
    assert body["status"] == "done" and len(body["series"]) == 34
    assert set(body["series"][0]["backtest_mase"]) == {"naive", "seasonal_naive"}


def test_the_api_refuses_other_roles_and_bad_requests(client, ani, eko) -> None:
    assert client.get("/api/v1/insight/datasets").status_code == 401
    client.force_login(ani)
    assert client.get("/api/v1/insight/datasets").status_code == 403
    client.force_login(eko)
    bad = client.post(
        "/api/v1/insight/forecasts", {"dataset": "nope", "horizon": 2}, content_type="application/json"
    )
    assert bad.status_code == 422 and "unknown dataset" in bad.json()["detail"]
