"""Notifications go out through an outbox: e-mail, an HTTP SMS gateway; failures are retried, not lost."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

import pytest

from pamong.cases import actions, notifications
from pamong.cases.models import Notification
from tests.services import local_http_server


class Gateway(BaseHTTPRequestHandler):
    """A local SMS gateway: records what it receives; answers 503 while ``down`` is set."""

    received: list[dict] = []
    down = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if Gateway.down:
            self.send_response(503)
            self.end_headers()
            return
        Gateway.received.append({**body, "auth": self.headers.get("Authorization")})
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def sms_gateway(settings):  # type: ignore[no-untyped-def]
    Gateway.received, Gateway.down = [], False
    with local_http_server(Gateway) as url:
        settings.SMS_GATEWAY_URL = f"{url}/send"
        settings.SMS_GATEWAY_TOKEN = "rahasia-gateway"
        yield Gateway


def test_the_citizen_gets_an_sms_through_the_gateway(units, complaint_data, committed, sms_gateway) -> None:  # type: ignore[no-untyped-def]
    case = committed(actions.submit_complaint, complaint_data).case
    sent = sms_gateway.received
    assert [message["to"] for message in sent] == ["+6281234567890"]
    assert case.tracking_number in sent[0]["text"] and sent[0]["auth"] == "Bearer rahasia-gateway"
    assert set(Notification.objects.values_list("channel", "status")) == {("email", "sent"), ("sms", "sent")}


def test_a_gateway_outage_leaves_the_message_pending_until_the_next_tick(
    units, complaint_data, committed, sms_gateway
) -> None:  # type: ignore[no-untyped-def]
    sms_gateway.down = True
    committed(actions.submit_complaint, complaint_data)
    pending = Notification.objects.get(channel="sms")
    assert pending.status == "pending" and pending.attempts == 1 and "503" in pending.last_error
    sms_gateway.down = False
    assert notifications.deliver_pending() == {"sent": 1}
    assert Notification.objects.get(channel="sms").status == "sent" and len(sms_gateway.received) == 1


def test_an_assignee_without_an_e_mail_leaves_the_notice_to_the_unit(
    units, complaint_data, ani, budi
) -> None:  # type: ignore[no-untyped-def]
    unit = units["dpupr"]
    unit.members.add(ani, budi)
    case = actions.submit_complaint(complaint_data).case
    actions.reroute(case, actor=budi, unit=unit, reason="Jalan desa.")
    actions.assign(case, actor=budi, assignee=ani)
    case.refresh_from_db()
    assert notifications.officer_emails(case) == ["ani@example.id"]
    ani.email = ""
    ani.save()
    case.refresh_from_db()
    assert notifications.officer_emails(case) == ["budi@example.id"]
    budi.is_active = False
    budi.save()
    assert notifications.officer_emails(case) == []
    rows = notifications.queue_citizen_addition(case, file=True)
    assert rows == [] and not Notification.objects.filter(recipient__endswith="@example.id").exists()


def test_an_unassigned_case_s_notice_goes_to_the_unit_s_officers_and_supervisors_only(
    units, complaint_data, ani, budi, eko
) -> None:  # type: ignore[no-untyped-def]
    """Eko is an analyst in the same unit: he does not handle cases, so he is not mailed."""
    unit = units["dpupr"]
    unit.members.add(ani, budi, eko)
    case = actions.submit_complaint(complaint_data).case
    actions.reroute(case, actor=budi, unit=unit, reason="Jalan desa.")
    case.refresh_from_db()
    assert case.assignee is None
    assert notifications.officer_emails(case) == ["ani@example.id", "budi@example.id"]
    rows = notifications.queue_citizen_addition(case, file=False)
    assert sorted(row.recipient for row in rows) == ["ani@example.id", "budi@example.id"]
    assert not Notification.objects.filter(recipient="eko@example.id").exists()
