"""A photo in the assistant's guided complaint: asked after the place, checked as the web form
checks one, attached to the case as the form attaches it; on the web chat (JavaScript off), the
JSON API and Telegram (against a local stand-in for api.telegram.org)."""

from __future__ import annotations

import hashlib
import io
import json
import re
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from pamong.assistant.models import Conversation, Role
from pamong.cases import guided
from pamong.cases.models import Attachment, Case, Draft
from tests.services import local_http_server

ROAD = "saya mau lapor jalan depan sekolah rusak parah dan berlubang, banyak motor jatuh"
LAMP = "saya mau lapor lampu jalan di gang masjid mati sudah dua minggu, gelap sekali malam hari"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"This program cannot be run in DOS mode" * 40
)
SECRET = "rahasia-webhook-uji-1234"


def jpeg(width: int = 96, height: int = 64) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 40, 30)).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def png(width: int = 80, height: int = 60) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 140, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def noisy_png(side: int) -> bytes:
    """A PNG that does not compress: about 3 bytes a pixel."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), hashlib.shake_256(b"derau").digest(side * side * 3)).save(
        buffer, format="PNG"
    )
    return buffer.getvalue()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def photo(name: str, content: bytes) -> guided.SentPhoto:
    return guided.SentPhoto(name, lambda: content)


def draft_photos(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    folder = Path(settings.MEDIA_ROOT) / guided.DRAFT_PHOTOS
    return sorted(folder.iterdir()) if folder.exists() else []


def _to_the_photo_question(say, opening: str = LAMP, address: str = "gang masjid") -> str:  # type: ignore[no-untyped-def]
    """Opening, place and landmark; returns the photo question."""
    say(opening)
    say("Banyumeneng")
    return say(address)


def _text(reply) -> str:  # type: ignore[no-untyped-def]
    return reply if isinstance(reply, str) else reply.text


def _identified_to_the_receipt(say) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Not anonymous, not confidential, a name and a phone, no e-mail, "ya": (confirmation, receipt)."""
    for answer in ("tidak", "tidak", "Siti Aminah", "0812 3456 7890"):
        say(answer)
    confirmation = _text(say("lewati"))
    assert "Periksa lagi" in confirmation
    return confirmation, _text(say("ya"))


def _filed_case(receipt: str) -> Case:
    number = re.search(r"Nomor lacak: (\S+)\.", receipt).group(1)
    return Case.objects.get(tracking_number=number)


# --- The dialog, as every channel reaches it --------------------------------------------------


def test_the_photo_is_asked_after_the_place_and_skipping_files_the_complaint_without_one(chat) -> None:  # type: ignore[no-untyped-def]
    asked = _to_the_photo_question(chat)
    assert asked.kind == "filing" and "Kirim foto jika ada (JPG, PNG atau WebP, paling besar 10" in asked.text
    assert 'ketik "lewati"' in asked.text and asked.quick_replies == ["Lewati"]
    assert guided.asks_photo(chat.conversation.filing_token)
    assert "anonim" in chat("Lewati").text  # the quick-reply button
    assert not guided.asks_photo(chat.conversation.filing_token)
    confirmation, receipt = _identified_to_the_receipt(chat)
    assert "Foto:" not in confirmation
    case = _filed_case(receipt)
    assert case.attachments.count() == 0 and case.address == "gang masjid"


def test_a_photo_sent_in_the_chat_is_kept_and_attached_when_the_complaint_is_sent(chat, settings) -> None:  # type: ignore[no-untyped-def]
    _to_the_photo_question(chat)
    sent = png()
    taken = chat("", photo=photo("lampu mati.png", sent))
    assert taken.text.startswith("Foto diterima.") and "anonim" in taken.text
    assert chat.conversation.messages.filter(role=Role.CITIZEN).last().text == "[foto: lampu mati.png]"
    (waiting,) = draft_photos(settings)
    assert waiting.read_bytes() == sent  # beside the draft until the complaint is sent
    confirmation, receipt = _identified_to_the_receipt(chat)
    assert "- Foto: lampu mati.png" in confirmation
    case = _filed_case(receipt)
    attachment = case.attachments.get()
    assert (attachment.requirement, attachment.content_type, attachment.original_name) == (
        "foto",
        "image/png",
        "lampu mati.png",
    )
    assert attachment.sha256 == sha256(sent) and attachment.size == len(sent)
    with attachment.file.open("rb") as stored:
        assert stored.read() == sent
    assert draft_photos(settings) == []  # the case keeps its own copy


def test_a_disguised_exe_or_an_oversize_photo_is_refused_and_the_question_stays(chat, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_UPLOAD_MAX_BYTES = 100 * 1024
    _to_the_photo_question(chat)
    token = chat.conversation.filing_token
    refused = chat("", photo=photo("foto-jalan.jpg", EXE))
    assert "Hanya PDF, JPG, PNG atau WebP yang diterima" in refused.text
    assert "Kirim foto jika ada" in refused.text and refused.quick_replies == ["Lewati"]
    large = noisy_png(220)
    assert len(large) > 100 * 1024
    too_big = chat("", photo=photo("besar.png", large))
    assert "Berkas lebih dari 100,0" in too_big.text and "Kirim foto jika ada" in too_big.text
    assert "Saya menunggu foto." in chat("nanti saya cari dulu").text  # still the photo question
    draft = Draft.objects.get(token=token)
    assert draft.data["description"].startswith("lampu jalan") and draft.data["address"] == "gang masjid"
    assert draft.data["region"] == "33.21.01.2001" and "_photo" not in draft.data
    assert draft_photos(settings) == [] and chat.conversation.filing_token == token
    sent = jpeg()
    assert "Foto diterima." in chat("ini fotonya", photo=photo("lampu.jpg", sent)).text
    _confirmation, receipt = _identified_to_the_receipt(chat)
    assert _filed_case(receipt).attachments.get().sha256 == sha256(sent)


def test_a_photo_nobody_asked_for_gets_a_polite_reply_and_is_not_kept(chat, settings) -> None:  # type: ignore[no-untyped-def]
    outside = chat("", photo=photo("kucing.jpg", jpeg()))
    assert outside.kind == "filing" and "Foto ini tidak disimpan" in outside.text
    assert chat.conversation.filing_token == "" and Draft.objects.count() == 0
    chat("saya mau lapor")  # the kind is asked first
    early = chat("", photo=photo("kucing.jpg", jpeg()))
    assert "Saat ini saya tidak meminta foto" in early.text and "Jenis laporan" in early.text
    assert "Apa yang terjadi?" in chat("1").text  # the filing goes on
    assert draft_photos(settings) == []


def test_cancelling_after_a_photo_removes_it(chat, settings) -> None:  # type: ignore[no-untyped-def]
    _to_the_photo_question(chat)
    chat("", photo=photo("lampu.jpg", jpeg()))
    assert len(draft_photos(settings)) == 1
    assert "dibatalkan" in chat("batal").text
    assert draft_photos(settings) == [] and Case.objects.count() == 0


def test_an_information_request_asks_no_photo(chat) -> None:  # type: ignore[no-untyped-def]
    chat("saya ingin mengajukan permohonan informasi")
    chat("Rincian anggaran perbaikan jalan desa Banyumeneng tahun 2025 dan siapa pelaksananya.")
    chat("Banyumeneng")
    assert "anonim" in chat("lewati").text and not guided.asks_photo(chat.conversation.filing_token)


# --- The web chat page, without JavaScript ----------------------------------------------------


def _web(client, capture):  # type: ignore[no-untyped-def]
    """The chat page as a browser without JavaScript uses it; returns the last assistant text."""

    def say(text: str = "", upload: SimpleUploadedFile | None = None, quick: str = "") -> str:
        data: dict = {"message": text}
        if upload is not None:
            data["photo"] = upload
        if quick:
            data["quick"] = quick
        with capture(execute=True):
            response = client.post(reverse("assistant:send"), data)  # multipart, as the page sends it
        assert response.status_code == 302
        conversation = Conversation.objects.get(public_id=client.session["assistant_conversation"])
        return conversation.messages.filter(role=Role.ASSISTANT).order_by("-id").first().text

    return say


def test_the_web_chat_takes_a_photo_without_javascript_and_the_officer_sees_it(
    client, shipped_catalog, trained_router, ani_in_public_works, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    say = _web(client, django_capture_on_commit_callbacks)
    assert 'type="file"' not in client.get(reverse("assistant:chat")).content.decode()  # nothing to send yet
    say(ROAD)
    say("Banyumen")
    say("1")
    assert "Kirim foto jika ada" in say("depan SD 2")
    page = client.get(reverse("assistant:chat")).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="photo">Foto (tidak wajib)</label>' in page
    assert re.search(r'<input id="photo" type="file" name="photo" accept="image/jpeg,[^"]*"', page)
    assert 'name="quick" value="Lewati"' in page
    sent = jpeg(640, 480)
    assert "Foto diterima." in say(upload=SimpleUploadedFile("jalan rusak.jpg", sent, "image/jpeg"))
    assert 'type="file"' not in client.get(reverse("assistant:chat")).content.decode()
    for answer in ("tidak", "tidak", "Siti Aminah", "0812 3456 7890"):
        say(answer)
    assert "- Foto: jalan rusak.jpg" in say("lewati")
    case = _filed_case(say("ya"))
    assert case.channel == "web" and case.unit.code == "dpupr"
    attachment = case.attachments.get()
    assert attachment.sha256 == sha256(sent) and attachment.content_type == "image/jpeg"

    officer = Client()
    officer.force_login(ani_in_public_works)
    page = officer.get(reverse("cases:case", args=[case.tracking_number])).content.decode()
    link = reverse("cases:attachment", args=[case.tracking_number, attachment.pk])
    assert f'href="{link}"' in page and "image/jpeg" in page
    opened = officer.get(link)
    assert opened.status_code == 200 and opened["Content-Type"] == "image/jpeg"
    assert sha256(b"".join(opened.streaming_content)) == sha256(sent)


def test_the_web_chat_refuses_a_renamed_exe_and_the_conversation_goes_on(
    client, shipped_catalog, units, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    say = _web(client, django_capture_on_commit_callbacks)
    say(LAMP)
    say("Banyumeneng")
    say("gang masjid")
    refused = say(upload=SimpleUploadedFile("foto.jpg", EXE, "image/jpeg"))
    assert "Hanya PDF, JPG, PNG atau WebP yang diterima" in refused and "Kirim foto jika ada" in refused
    page = client.get(reverse("assistant:chat")).content.decode()
    assert 'type="file"' in page and "[foto: foto.jpg]" in page  # still asked; the history says what came
    # "Lewati" with a file chosen beside it: the button means no photo.
    skipped = say(upload=SimpleUploadedFile("foto.jpg", jpeg(), "image/jpeg"), quick="Lewati")
    assert "anonim" in skipped and draft_photos(settings) == []
    _confirmation, receipt = _identified_to_the_receipt(say)
    assert _filed_case(receipt).attachments.count() == 0


def test_a_photo_posted_to_the_chat_when_none_is_asked_is_harmless(
    client, small_catalog, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    say = _web(client, django_capture_on_commit_callbacks)
    assert "Foto ini tidak disimpan" in say(upload=SimpleUploadedFile("a.png", png(), "image/png"))
    answered = say("gmn bikin ktp baru")
    assert "Fotokopi Kartu Keluarga (KK)" in answered and Draft.objects.count() == 0
    response = client.post(reverse("assistant:send"), {"message": ""}, headers={"HX-Request": "true"})
    assert "Tulis pertanyaan Anda dulu." in response.content.decode()  # no text and no file


# --- The JSON API --------------------------------------------------------------------------------


def test_the_api_takes_the_photo_as_a_multipart_upload(
    client, shipped_catalog, units, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    conversation = client.post("/api/v1/assistant/conversations").json()["id"]
    messages = f"/api/v1/assistant/conversations/{conversation}/messages"
    photos = f"/api/v1/assistant/conversations/{conversation}/photos"

    def say(text: str) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(messages, {"text": text}, content_type="application/json").json()

    assert client.post(photos, {}).status_code == 422  # the photo field is required
    say(LAMP)
    say("Banyumeneng")
    asked = say("gang masjid")
    assert asked["asks_photo"] is True and asked["quick_replies"] == ["Lewati"]
    refused = client.post(photos, {"photo": SimpleUploadedFile("lampu.jpg", EXE)}).json()
    assert "Hanya PDF, JPG, PNG atau WebP" in refused["text"] and refused["asks_photo"] is True
    sent = jpeg(320, 240)
    taken = client.post(photos, {"photo": SimpleUploadedFile("lampu.jpg", sent), "text": "ini fotonya"})
    assert taken.status_code == 200 and taken.json()["kind"] == "filing"
    assert "Foto diterima." in taken.json()["text"] and taken.json()["asks_photo"] is False
    confirmation, receipt = _identified_to_the_receipt(lambda text: say(text)["text"])
    assert "- Foto: lampu.jpg" in confirmation
    case = _filed_case(receipt)
    assert case.channel == "api" and case.attachments.get().sha256 == sha256(sent)


# --- Telegram, against a local stand-in for the Bot API ------------------------------------------


class FakeBotAPI(BaseHTTPRequestHandler):
    """api.telegram.org as far as pamong uses it: sendMessage, getFile and the file downloads."""

    files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
    sent: list[dict] = []
    asked: list[str] = []  # getFile's file_ids, then "GET <path>" for each download
    broken_downloads = 0

    def _json(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/bot123:uji/sendMessage":
            FakeBotAPI.sent.append(body)
            self._json(200, {"ok": True, "result": {}})
        elif self.path == "/bot123:uji/getFile":
            FakeBotAPI.asked.append(body["file_id"])
            if body["file_id"] not in FakeBotAPI.files:
                self._json(400, {"ok": False, "description": "Bad Request: invalid file_id"})
                return
            path, content = FakeBotAPI.files[body["file_id"]]
            result = {"file_id": body["file_id"], "file_size": len(content), "file_path": path}
            self._json(200, {"ok": True, "result": result})
        else:
            self._json(404, {"ok": False})

    def do_GET(self) -> None:
        FakeBotAPI.asked.append(f"GET {self.path}")
        found = [
            content for path, content in FakeBotAPI.files.values() if self.path == f"/file/bot123:uji/{path}"
        ]
        if not found or FakeBotAPI.broken_downloads:
            FakeBotAPI.broken_downloads = max(0, FakeBotAPI.broken_downloads - 1)
            self.send_response(502 if found else 404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(found[0])))
        self.end_headers()
        self.wfile.write(found[0])

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def bot_api(settings):  # type: ignore[no-untyped-def]
    FakeBotAPI.files, FakeBotAPI.sent, FakeBotAPI.asked, FakeBotAPI.broken_downloads = {}, [], [], 0
    settings.TELEGRAM_BOT_TOKEN = "123:uji"
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    with local_http_server(FakeBotAPI) as url:
        settings.TELEGRAM_API_BASE = url
        yield FakeBotAPI


def _telegram(client, capture, chat_id: int = 777):  # type: ignore[no-untyped-def]
    """``send(message)`` posts an update with that message to the webhook; returns the reply sent."""
    counter = iter(range(1, 1000))

    def send(**message) -> str:  # type: ignore[no-untyped-def]
        update = {
            "update_id": next(counter),
            "message": {
                "message_id": 1,
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": chat_id, "language_code": "id"},
                **message,
            },
        }
        with capture(execute=True):
            response = client.post(
                "/channels/telegram/webhook",
                json.dumps(update),
                content_type="application/json",
                HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=SECRET,
            )
        assert response.status_code == 200
        return FakeBotAPI.sent[-1]["text"]

    return send


def test_a_telegram_photo_is_fetched_from_the_bot_api_and_attached(
    client, shipped_catalog, units, bot_api, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    send = _telegram(client, django_capture_on_commit_callbacks)
    small, medium = jpeg(90, 60), jpeg(800, 600)
    bot_api.files = {"f-small": ("photos/file_1.jpg", small), "f-medium": ("photos/file_2.jpg", medium)}
    sizes = [
        {"file_id": "f-small", "file_unique_id": "u1", "file_size": len(small), "width": 90, "height": 60},
        {
            "file_id": "f-medium",
            "file_unique_id": "u2",
            "file_size": len(medium),
            "width": 800,
            "height": 600,
        },
        # Telegram's largest size is over our limit: never fetched.
        {
            "file_id": "f-huge",
            "file_unique_id": "u3",
            "file_size": 50 * 1024 * 1024,
            "width": 9000,
            "height": 6000,
        },
    ]
    assert "Foto ini tidak disimpan" in send(photo=sizes)  # no filing asks for one: nothing fetched
    assert bot_api.asked == []
    send(text=LAMP)
    send(text="Banyumeneng")
    assert "Kirim foto jika ada" in send(text="gang masjid")
    taken = send(photo=sizes, caption="lampunya mati")
    assert taken.startswith("Foto diterima.") and "anonim" in taken
    assert bot_api.asked == ["f-medium", "GET /file/bot123:uji/photos/file_2.jpg"]
    for answer in ("tidak", "tidak", "Siti Aminah", "0812 3456 7890"):
        send(text=answer)
    assert "- Foto: telegram-u2.jpg" in send(text="lewati")
    case = _filed_case(send(text="ya"))
    assert case.channel == "telegram" and case.fields["telegram_chat_id"] == "777"
    attachment = case.attachments.get()
    assert attachment.sha256 == sha256(medium) and attachment.content_type == "image/jpeg"
    with attachment.file.open("rb") as stored:
        assert stored.read() == medium
    assert draft_photos(settings) == []


def test_a_failed_telegram_download_or_a_disguised_document_keeps_the_photo_question(
    client, shipped_catalog, units, bot_api, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    send = _telegram(client, django_capture_on_commit_callbacks, chat_id=888)
    picture = png(400, 300)
    bot_api.files = {
        "f-png": ("documents/file_5.png", picture),
        "f-exe": ("documents/file_6.jpg", EXE),
    }
    send(text=LAMP)
    send(text="Banyumeneng")
    send(text="gang masjid")
    token = Conversation.objects.get(channel_user="888").filing_token

    bot_api.broken_downloads = 1  # Telegram's file server fails once
    failed = send(photo=[{"file_id": "f-png", "file_unique_id": "u5", "width": 400, "height": 300}])
    assert "Foto tidak berhasil diterima. Coba kirim lagi." in failed and "Kirim foto jika ada" in failed
    assert guided.asks_photo(token)
    gone = send(photo=[{"file_id": "f-missing", "file_unique_id": "u0", "width": 10, "height": 10}])
    assert "Foto tidak berhasil diterima" in gone  # getFile refused: the same clear reply

    disguised = {
        "file_id": "f-exe",
        "file_name": "foto.jpg",
        "mime_type": "image/jpeg",
        "file_size": len(EXE),
    }
    assert "Hanya PDF, JPG, PNG atau WebP" in send(document=disguised)  # downloaded, then sniffed
    program = {"file_id": "f-exe", "file_name": "setup.exe", "mime_type": "application/x-msdownload"}
    before = len(bot_api.asked)
    assert "Hanya PDF, JPG, PNG atau WebP" in send(document=program)
    assert len(bot_api.asked) == before  # refused by its declared type, never downloaded
    oversize = {
        "file_id": "f-png",
        "file_name": "besar.png",
        "mime_type": "image/png",
        "file_size": 11 * 1024 * 1024,
    }
    assert "Berkas lebih dari 10,0" in send(document=oversize) and len(bot_api.asked) == before
    assert guided.asks_photo(token)
    draft = Draft.objects.get(token=token)
    assert draft.data["description"].startswith("lampu jalan") and "_photo" not in draft.data

    document = {
        "file_id": "f-png",
        "file_name": "lampu.png",
        "mime_type": "image/png",
        "file_size": len(picture),
    }
    assert "Foto diterima." in send(document=document)
    for answer in ("tidak", "tidak", "Siti Aminah", "0812 3456 7890"):
        send(text=answer)
    send(text="lewati")
    case = _filed_case(send(text="ya"))
    attachment = case.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("lampu.png", "image/png")
    assert attachment.sha256 == sha256(picture)
    assert Attachment.objects.count() == 1


def test_the_photo_of_a_chat_filing_given_up_for_a_week_is_deleted_by_the_tick(chat, settings) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from pamong.cases.tasks import tick

    _to_the_photo_question(chat)
    chat("", photo=photo("lampu mati.png", png()))
    (waiting,) = draft_photos(settings)
    assert tick()["photos_forgotten"] == 0  # a filing in progress keeps its photo
    assert waiting.exists()
    draft = Draft.objects.get(token=chat.conversation.filing_token)
    Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=8))
    assert tick()["photos_forgotten"] == 1
    assert draft_photos(settings) == []
    draft.refresh_from_db()
    assert draft.data[guided.PHOTO] == "" and "description" in draft.data  # the answers stay
    assert tick()["photos_forgotten"] == 0
