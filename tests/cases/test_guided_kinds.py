"""Chat filing of SP4N-LAPOR!'s three kinds (complaint, aspiration, information request), and the
hourly filing limit per client address that new conversations do not escape."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from pamong.assistant import dialog
from pamong.assistant.models import Conversation, Role
from pamong.cases.models import Case, Draft
from tests.cases.conftest import COMPLAINT

ASPIRATION = "Mohon jam layanan kantor kecamatan diperpanjang sampai sore agar pekerja bisa datang."
INFORMATION = "Rincian anggaran perbaikan jalan desa Banyumeneng tahun 2025 dan siapa pelaksananya."


def _draft(chat) -> Draft:  # type: ignore[no-untyped-def]
    return Draft.objects.get(token=chat.conversation.filing_token)


def _identified_until_confirmation(chat) -> str:  # type: ignore[no-untyped-def]
    """Not anonymous, not confidential, a name and a phone; returns the confirmation."""
    assert "anonim" in chat.conversation.messages.last().text
    for answer in ("tidak", "tidak", "Siti Aminah", "0812 3456 7890"):
        chat(answer)
    return chat("lewati").text


def test_a_bare_lapor_asks_the_kind_and_files_an_aspiration(chat) -> None:  # type: ignore[no-untyped-def]
    first = chat("saya mau lapor")
    assert first.kind == "filing" and "Jenis laporan" in first.text
    assert first.quick_replies == [
        "Pengaduan: ada yang salah atau tidak berjalan",
        "Aspirasi: usul atau saran",
        "Permintaan informasi",
    ]
    asked = chat("2")
    assert "Apa usul atau saran Anda?" in asked.text and "Apa yang terjadi?" not in asked.text
    place = chat(ASPIRATION)
    assert "Desa/kelurahan atau kecamatan" in place.text and "Tidak wajib" in place.text  # no place needed
    assert "anonim" in chat("lewati").text  # no place, so no address asked
    confirm = _identified_until_confirmation(chat)
    assert "Periksa lagi" in confirm and "Jenis laporan: Aspirasi: usul atau saran" in confirm
    assert "Nomor lacak: S" in chat("ya").text
    case = Case.objects.get()
    assert (case.kind, case.region_code, case.description) == ("aspiration", "", ASPIRATION)
    assert case.tracking_number.startswith("S") and case.citizen_name == "Siti Aminah"


def test_an_information_request_is_inferred_from_the_opening_and_filed(chat) -> None:  # type: ignore[no-untyped-def]
    first = chat("saya ingin mengajukan permohonan informasi")
    assert first.kind == "filing" and "Jenis laporan" not in first.text  # the words said which kind
    assert "Informasi apa yang Anda minta" in first.text
    assert _draft(chat).data["kind"] == "information"
    chat(INFORMATION)
    assert "Alamat atau patokan" in chat("Banyumeneng").text
    chat("lewati")
    confirm = chat("ya")  # anonymous: nothing about the citizen is asked
    assert "Periksa lagi" in confirm.text and "Jenis laporan: Permintaan informasi" in confirm.text
    filed = chat("ya")
    assert "Nomor lacak: I" in filed.text
    case = Case.objects.get()
    assert (case.kind, case.region_code, case.anonymous) == ("information", "33.21.01.2001", True)
    assert case.description == INFORMATION and case.citizen_name == ""


@pytest.mark.parametrize(
    ("answer", "kind", "question"),
    [
        ("aspirasi", "aspiration", "Apa usul atau saran Anda?"),
        ("saya mau usul", "aspiration", "Apa usul atau saran Anda?"),
        ("saran", "aspiration", "Apa usul atau saran Anda?"),
        ("minta informasi", "information", "Informasi apa yang Anda minta"),
        ("permohonan informasi", "information", "Informasi apa yang Anda minta"),
        ("3", "information", "Informasi apa yang Anda minta"),
        ("keluhan", "complaint", "Apa yang terjadi?"),
        ("Pengaduan: ada yang salah atau tidak berjalan", "complaint", "Apa yang terjadi?"),
    ],
)
def test_the_kind_is_taken_from_the_citizens_words(chat, answer, kind, question) -> None:  # type: ignore[no-untyped-def]
    chat("saya mau lapor")
    assert question in chat(answer).text
    assert _draft(chat).data["kind"] == kind


def test_an_answer_naming_no_kind_is_asked_again(chat) -> None:  # type: ignore[no-untyped-def]
    chat("saya mau lapor")
    again = chat("kemarin sore")
    assert "Pilih salah satu" in again.text and "Jenis laporan" in again.text
    assert "kind" not in _draft(chat).data


@pytest.mark.parametrize(
    ("opening", "kind", "description"),
    [
        (
            "saya mau menyampaikan aspirasi: mohon dibangun taman bermain anak di dusun krajan",
            "aspiration",
            "mohon dibangun taman bermain anak di dusun krajan",
        ),
        ("saya punya saran untuk pemda", "aspiration", None),
        ("saya mau lapor, usul agar dibangun lampu jalan di gang masjid", "aspiration", "usul agar"),
        ("saya mau lapor jalan rusak di depan rumah sudah sebulan berlubang", "complaint", "jalan rusak"),
        ("saya mau mengadu soal pelayanan puskesmas yang lambat sekali", "complaint", "pelayanan"),
    ],
)
def test_the_opening_names_the_kind(chat, opening, kind, description) -> None:  # type: ignore[no-untyped-def]
    reply = chat(opening)
    assert reply.kind == "filing" and "Jenis laporan" not in reply.text
    data = _draft(chat).data
    assert data["kind"] == kind
    if description is None:
        assert "description" not in data and "Apa usul atau saran Anda?" in reply.text
    else:
        assert data["description"].startswith(description)


@pytest.mark.parametrize(
    "question",
    ["mau usul masuk DTSEN lewat aplikasi cek bansos, caranya gimana", "cara minta informasi publik"],
)
def test_a_question_about_a_service_with_the_same_words_starts_no_filing(chat, question) -> None:  # type: ignore[no-untyped-def]
    assert chat(question).kind != "filing" and chat.conversation.filing_token == ""


def test_an_aspiration_in_english(chat) -> None:  # type: ignore[no-untyped-def]
    first = chat("I want to make a suggestion")
    assert chat.conversation.language == "en"
    assert first.kind == "filing" and "What is your suggestion?" in first.text
    place = chat("Please keep the district office open until the evening so workers can come.")
    assert "Village or district" in place.text
    for answer in ("skip", "no", "no", "Siti Aminah", "0812 3456 7890"):
        chat(answer)
    confirm = chat("skip")
    assert "Kind of report: Aspiration: a suggestion" in confirm.text
    chat("yes")
    case = Case.objects.get()
    assert (case.kind, case.language, case.region_code) == ("aspiration", "en", "")


# --- The hourly limit per client address ------------------------------------------------


def _browser(capture, address: str = "127.0.0.1"):  # type: ignore[no-untyped-def]
    """A new web chat (its own session, so its own conversation) from ``address``."""
    client = Client(REMOTE_ADDR=address)

    def say(text: str) -> str:
        with capture(execute=True):
            client.post(reverse("assistant:send"), {"message": text})
        conversation = Conversation.objects.get(public_id=client.session["assistant_conversation"])
        say.conversation = conversation  # type: ignore[attr-defined]
        return conversation.messages.filter(role=Role.ASSISTANT).order_by("-id").first().text

    return say


def _file_until_confirmation(say) -> None:  # type: ignore[no-untyped-def]
    say("saya mau lapor lampu jalan di gang masjid mati sudah dua minggu, gelap sekali malam hari")
    for answer in ("Banyumeneng", "gang masjid", "lewati", "tidak", "tidak", "Siti Aminah", "0812 3456 7890"):
        say(answer)
    assert "Periksa lagi" in say("lewati")


def test_new_conversations_from_one_address_share_the_hourly_limit(
    settings, shipped_catalog, units, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_SUBMISSIONS_PER_HOUR = 2
    settings.ASSISTANT_MESSAGES_PER_MINUTE = 1000
    capture = django_capture_on_commit_callbacks
    for _conversation in range(2):
        say = _browser(capture)
        _file_until_confirmation(say)
        assert "Nomor lacak" in say("ya")
    third = _browser(capture)  # a third new conversation from the same address
    _file_until_confirmation(third)
    refused = third("ya")
    assert "dari sambungan internet ini" in refused and "(batasnya 2)" in refused
    assert "tetap tersimpan" in refused and Case.objects.count() == 2
    kept = Draft.objects.get(token=third.conversation.filing_token).data
    assert kept["description"].startswith("lampu jalan") and kept["name"] == "Siti Aminah"

    # The same budget as the web form's: the address cannot switch channel either.
    form = Client(REMOTE_ADDR="127.0.0.1").post(reverse("cases:complaint"), {**COMPLAINT, "action": "submit"})
    assert form.status_code == 422 and Case.objects.count() == 2

    elsewhere = _browser(capture, "10.9.8.7")  # another citizen, another address
    _file_until_confirmation(elsewhere)
    assert "Nomor lacak" in elsewhere("ya")

    cache.clear()  # the hour has passed
    assert "Nomor lacak" in third("ya") and Case.objects.count() == 4


def test_a_refusal_by_address_speaks_the_conversations_language(
    settings, shipped_catalog, units, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_SUBMISSIONS_PER_HOUR = 1
    Client(REMOTE_ADDR="127.0.0.1").post(reverse("cases:complaint"), {**COMPLAINT, "action": "submit"})
    say = _browser(django_capture_on_commit_callbacks)
    say("I want to make a suggestion")
    say("Please keep the district office open until the evening so workers can come.")
    say("skip")  # no place
    assert "Kind of report" in say("yes")  # anonymous; the confirmation, in English
    refused = say("yes")
    last = say.conversation.messages.filter(role=Role.ASSISTANT).order_by("-id").first()
    assert "internet connection" in refused and "sambungan internet ini" not in refused
    assert last.quick_replies == ["Yes, send", "Change an answer", "Cancel"] and Case.objects.count() == 1


def test_telegram_chats_are_not_limited_by_telegrams_address(
    settings, shipped_catalog, units, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """Every Telegram update comes from Telegram's servers: each chat keeps its own budget."""
    from pamong.cases import guided

    settings.CASES_SUBMISSIONS_PER_HOUR = 1
    guided.note_client(None, environ={"REMOTE_ADDR": "149.154.167.220"})  # as in a webhook request
    try:
        for chat_id in ("777101", "777102"):
            conversation = dialog.start("telegram", channel_user=chat_id)

            def say(text: str, conversation=conversation):  # type: ignore[no-untyped-def]
                with django_capture_on_commit_callbacks(execute=True):
                    return dialog.respond(conversation, text).text

            _file_until_confirmation(say)
            assert "Nomor lacak" in say("ya")
    finally:
        guided.forget_client(None)
    assert Case.objects.filter(channel="telegram").count() == 2
