"""The assistant over its channels: the portal's chat page, the JSON API and Telegram."""

from __future__ import annotations

import json
import re
from http.server import BaseHTTPRequestHandler

import pytest

from pamong.ai.models import Feedback
from pamong.assistant.models import Handoff, OutboundMessage
from tests.services import local_http_server

SECRET = "rahasia-webhook-uji-1234"


def test_the_chat_page_works_as_a_plain_form(client, small_catalog) -> None:
    page = client.get("/tanya/").content.decode()
    assert "Asisten otomatis." in page and "Anda sedang berbicara dengan asisten otomatis" in page
    response = client.post("/tanya/kirim", {"message": "gmn bikin ktp baru"})
    assert response.status_code == 302 and response["Location"] == "/tanya/#terakhir"
    page = client.get("/tanya/").content.decode()
    assert "gmn bikin ktp baru" in page and "Fotokopi Kartu Keluarga (KK)" in page
    assert 'name="quick" value="Berapa biayanya?"' in page  # quick replies are submit buttons
    client.post("/tanya/kirim", {"quick": "Berapa biayanya?", "message": ""})
    assert "UU 24/2013 Pasal 79A" in client.get("/tanya/").content.decode()


def test_with_htmx_the_chat_area_alone_comes_back_and_no_cdn_is_used(client, small_catalog) -> None:
    page = client.get("/tanya/").content.decode()
    assert (
        'src="/static/assistant/htmx-2.0.11.min.js"' in page and "//unpkg" not in page and "cdn" not in page
    )
    response = client.post("/tanya/kirim", {"message": "gmn bikin ktp baru"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert response.status_code == 200 and fragment.startswith('<div id="chat-area">')
    assert "<html" not in fragment and "Fotokopi Kartu Keluarga (KK)" in fragment
    assert 'id="chat-status"' in fragment and 'hx-swap-oob="true"' in fragment  # read out by screen readers
    empty = client.post("/tanya/kirim", {"message": "  "}, headers={"HX-Request": "true"}).content.decode()
    assert "Tulis pertanyaan Anda dulu." in empty and "Fotokopi Kartu Keluarga (KK)" in empty


def test_the_chat_page_escapes_what_a_citizen_types(client, small_catalog) -> None:
    client.post("/tanya/kirim", {"message": "<img src=x onerror=alert(1)> ktp"})
    page = client.get("/tanya/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_a_citizen_rates_an_answer_on_the_chat_page(client, small_catalog) -> None:
    client.post("/tanya/kirim", {"message": "akte lahir"})
    token = re.search(r'name="token" value="([^"]+)"', client.get("/tanya/").content.decode()).group(1)
    client.post("/tanya/nilai", {"token": token, "helpful": "yes"})
    client.post("/tanya/nilai", {"token": token, "helpful": "no"})
    assert list(Feedback.objects.values_list("helpful", flat=True)) == [True]
    assert client.post("/tanya/nilai", {"token": "palsu", "helpful": "yes"}).status_code == 400


def test_a_flood_from_one_client_is_slowed_down(client, small_catalog, settings) -> None:
    settings.ASSISTANT_MESSAGES_PER_MINUTE = 3
    from django.core.cache import cache

    cache.clear()
    for _ in range(5):
        client.post("/tanya/kirim", {"message": "bikin ktp"})
    page = client.get("/tanya/").content.decode()
    assert "Terlalu banyak pesan" in page
    assert page.count("bubble citizen") == 3


def test_the_api_holds_a_conversation_and_takes_ratings(client, small_catalog) -> None:
    created = client.post("/api/v1/assistant/conversations", content_type="application/json")
    assert created.status_code == 201
    conversation = created.json()["id"]
    url = f"/api/v1/assistant/conversations/{conversation}/messages"
    first = client.post(url, {"text": "syarat akte lahir"}, content_type="application/json").json()
    assert first["kind"] == "answer" and first["service"] == "akta-lahir-uji" and first["automated"] is True
    follow = client.post(url, {"text": "berapa lama?"}, content_type="application/json").json()
    assert follow["kind"] == "follow_up" and "Satu hari kerja." in follow["text"]
    rating = f"/api/v1/assistant/conversations/{conversation}/ratings/{first['decision_id']}"
    assert client.post(rating, {"helpful": True}, content_type="application/json").status_code == 204
    assert client.post(rating, {"helpful": True}, content_type="application/json").status_code == 409


def test_a_new_api_conversation_shows_the_notice_of_the_card_its_messages_use(
    client, small_catalog, monkeypatch
) -> None:
    """The notice comes from the assistant's per-process copy of its card (the one every
    message reads for its threshold), not from a query of its own."""
    from pamong.ai.registry import card_for
    from pamong.assistant.function import AssistantAnswer

    kept = card_for(AssistantAnswer.key)
    kept.notice_id = "Catatan dari salinan kartu di proses ini."
    monkeypatch.setattr(AssistantAnswer, "card_object", lambda self: kept)
    created = client.post("/api/v1/assistant/conversations", content_type="application/json")
    assert created.status_code == 201
    assert created.json()["notice"] == "Catatan dari salinan kartu di proses ini."


def test_the_api_rejects_malformed_requests(client, small_catalog) -> None:
    conversation = client.post("/api/v1/assistant/conversations").json()["id"]
    url = f"/api/v1/assistant/conversations/{conversation}/messages"
    assert client.post(url, "{not json", content_type="application/json").status_code in (400, 422)
    assert client.post(url, {"text": 12}, content_type="application/json").status_code == 422
    assert client.post(url, {"text": "x" * 20_000}, content_type="application/json").status_code == 422
    unknown = "/api/v1/assistant/conversations/00000000-0000-0000-0000-000000000000/messages"
    assert client.post(unknown, {"text": "ktp"}, content_type="application/json").status_code == 404


class FakeBotAPI(BaseHTTPRequestHandler):
    """Stands in for api.telegram.org (unreachable here): records what pamong sends."""

    received: list[tuple[str, dict]] = []
    fail_next = 0

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if FakeBotAPI.fail_next:
            FakeBotAPI.fail_next -= 1
            self.send_response(502)
            self.end_headers()
            return
        FakeBotAPI.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true, "result": {}}')

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def bot_api(settings):  # type: ignore[no-untyped-def]
    FakeBotAPI.received, FakeBotAPI.fail_next = [], 0
    settings.TELEGRAM_BOT_TOKEN = "123:uji"
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    with local_http_server(FakeBotAPI) as url:
        settings.TELEGRAM_API_BASE = url
        yield FakeBotAPI


def update(update_id: int, text: str, chat_id: int = 777) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "language_code": "id"},
            "text": text,
        },
    }


def post_update(client, payload, secret=SECRET, raw=None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret} if secret else {}
    body = raw if raw is not None else json.dumps(payload)
    return client.post("/channels/telegram/webhook", body, content_type="application/json", **headers)


def test_telegram_answers_through_the_bot_api(
    client, small_catalog, bot_api, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert post_update(client, update(1, "gmn bikin ktp")).status_code == 200
    ((path, body),) = bot_api.received
    assert path == "/bot123:uji/sendMessage" and body["chat_id"] == "777"
    assert "Fotokopi Kartu Keluarga (KK)" in body["text"]
    buttons = [row[0]["text"] for row in body["reply_markup"]["inline_keyboard"][:-1]]
    assert "Berapa biayanya?" in buttons
    assert OutboundMessage.objects.get().status == "sent"


def test_telegram_quick_replies_and_ratings_come_back_as_callbacks(
    client, small_catalog, bot_api, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, update(1, "bikin ktp"))
    rate_button = bot_api.received[0][1]["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    callback = {
        "update_id": 2,
        "callback_query": {
            "id": "c1",
            "from": {"id": 777},
            "data": "say:Berapa biayanya?",
            "message": {"message_id": 2, "chat": {"id": 777}},
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, callback)
    assert "UU 24/2013 Pasal 79A" in bot_api.received[1][1]["text"]
    rating = {
        "update_id": 3,
        "callback_query": {
            "id": "c2",
            "from": {"id": 777},
            "data": rate_button,
            "message": {"message_id": 2, "chat": {"id": 777}},
        },
    }
    post_update(client, rating)
    assert Feedback.objects.get().helpful is True
    stranger = {
        **rating,
        "update_id": 4,
        "callback_query": {**rating["callback_query"], "message": {"chat": {"id": 999}}},
    }
    post_update(client, stranger)
    assert Feedback.objects.count() == 1  # another chat cannot rate this conversation's answers


def test_telegram_refuses_unsigned_calls_and_ignores_replays(
    client, small_catalog, bot_api, django_capture_on_commit_callbacks
) -> None:
    assert post_update(client, update(1, "bikin ktp"), secret=None).status_code == 403
    assert post_update(client, update(1, "bikin ktp"), secret="salah").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, update(5, "bikin ktp"))
        post_update(client, update(5, "bikin ktp"))
    assert len(bot_api.received) == 1


@pytest.mark.parametrize("raw", [b"\xff\xfe not utf8", b"{broken json", b'{"no_update_id": 1}', b"[]"])
def test_telegram_malformed_bodies_get_400(client, small_catalog, bot_api, raw) -> None:
    assert post_update(client, None, raw=raw).status_code == 400


def test_telegram_a_failed_send_is_kept_for_retry(
    client, small_catalog, bot_api, django_capture_on_commit_callbacks
) -> None:
    bot_api.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, update(1, "bikin ktp"))
    message = OutboundMessage.objects.get()
    assert message.status == "pending" and message.attempts == 1 and "502" in message.last_error


def test_telegram_handoff_reaches_the_console(
    client, small_catalog, bot_api, ani, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, update(1, "bikin ktp"))
        post_update(client, update(2, "mau bicara sama petugas"))
    handoff = Handoff.objects.get()
    client.force_login(ani)
    page = client.get(f"/staf/alih/{handoff.pk}/").content.decode()
    assert "bikin ktp" in page and "mau bicara sama petugas" in page


def test_telegram_is_off_without_a_token(client, small_catalog) -> None:
    assert post_update(client, update(1, "ktp")).status_code == 404


def test_an_officer_answers_a_handoff_and_the_citizen_sees_it(client, small_catalog, ani) -> None:
    client.post("/tanya/kirim", {"message": "bikin ktp"})
    client.post("/tanya/kirim", {"message": "saya mau bicara dengan petugas"})
    handoff = Handoff.objects.get()
    officer = client.__class__()
    officer.force_login(ani)
    queue = officer.get("/staf/alih/").content.decode()
    assert f"#{handoff.pk}" in queue and "warga meminta bicara dengan petugas" in queue
    assert "citizen asked" not in queue  # the stored reason, read in the officer's language
    officer.post(f"/staf/alih/{handoff.pk}/", {"action": "reply", "text": "Silakan datang hari Senin, Bu."})
    handoff.refresh_from_db()
    assert handoff.status == "claimed" and handoff.claimed_by == ani
    assert "Silakan datang hari Senin, Bu." in client.get("/tanya/").content.decode()
    officer.post(f"/staf/alih/{handoff.pk}/", {"action": "close"})
    handoff.refresh_from_db()
    assert handoff.status == "closed"


def test_an_analyst_cannot_read_handoffs(client, small_catalog, eko) -> None:
    client.force_login(eko)
    assert client.get("/staf/alih/").status_code == 403


def test_a_pending_reply_is_sent_by_the_outbox_command(
    client, small_catalog, bot_api, django_capture_on_commit_callbacks
) -> None:
    from io import StringIO

    from django.core.management import call_command

    bot_api.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, update(1, "bikin ktp"))
    assert OutboundMessage.objects.get().status == "pending"
    out = StringIO()
    call_command("outbox", stdout=out)
    assert out.getvalue().strip() == "1 pending, 1 sent, 0 still pending or failed"
    message = OutboundMessage.objects.get()
    assert message.status == "sent" and message.attempts == 2 and len(bot_api.received) == 1
