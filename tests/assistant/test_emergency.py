"""A life in danger, told to the assistant: the emergency numbers first, a report offered after."""

from __future__ import annotations

import pytest

from pamong.ai.models import Decision
from pamong.cases.models import Draft
from tests.assistant.chats import conversation_with_assistant

CALL_112 = "Dalam keadaan darurat yang mengancam nyawa, hubungi 112."


@pytest.fixture
def chat(small_catalog):  # type: ignore[no-untyped-def]
    return conversation_with_assistant()


@pytest.mark.parametrize(
    "text",
    [
        "saya mau lapor ada kebakaran",
        "tolong ada kebakaran di rumah tetangga",
        "ada orang tenggelam",
        "ada org terjebak di reruntuhan, tolong",
        "tetangga saya pingsan, tdk sadarkan diri",
        "gas bocor di dapur warung, baunya menyengat",
        # Asking for a person (who answers in working hours) does not come first.
        "tolong sambungkan ke petugas, ada orang pingsan di pasar",
    ],
)
def test_an_emergency_is_answered_with_112_first_and_no_filing_starts(chat, text) -> None:  # type: ignore[no-untyped-def]
    reply = chat(text)
    assert reply.kind == "emergency"
    assert reply.text.splitlines()[0] == CALL_112
    assert "pemadam kebakaran 113, polisi 110, ambulans 118 atau 119" in reply.text
    assert reply.quick_replies == ["Buat laporan"]
    assert chat.conversation.filing_token == "" and not Draft.objects.exists()
    assert Decision.objects.get(pk=reply.decision_id).explanation == "rule: emergency"


def test_english_gets_the_english_emergency_reply(chat) -> None:  # type: ignore[no-untyped-def]
    reply = chat("help there is a fire")
    assert reply.kind == "emergency" and chat.conversation.language == "en"
    assert reply.text.splitlines()[0] == "In a life-threatening emergency, call 112."
    assert "fire brigade 113, police 110, ambulance 118 or 119" in reply.text
    assert "Telepon" not in reply.text and reply.quick_replies == ["File a report"]


def test_the_report_button_files_the_message_that_raised_the_emergency(chat) -> None:  # type: ignore[no-untyped-def]
    chat("tolong ada kebakaran di rumah tetangga, apinya sudah besar")
    reply = chat("Buat laporan")
    assert reply.kind == "filing" and "Desa/kelurahan atau kecamatan" in reply.text  # what happened is known
    draft = Draft.objects.get(token=chat.conversation.filing_token)
    assert "kebakaran di rumah tetangga" in draft.data["description"]
    assert draft.data["kind"] == "complaint"


def test_the_report_button_means_nothing_special_without_an_emergency_before_it(chat) -> None:  # type: ignore[no-untyped-def]
    chat("syarat bikin ktp baru")
    assert chat("Buat laporan").kind != "filing"
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "saya mau lapor banjir tahun lalu sudah surut, minta normalisasi saluran",
        "saya mau lapor banjir masuk rumah warga setinggi lutut",  # urgent, but no life in danger now
        "pohon tumbang di jalan",
    ],
)
def test_a_past_flood_or_a_problem_without_a_life_in_danger_starts_the_usual_filing(chat, text) -> None:  # type: ignore[no-untyped-def]
    reply = chat(text)
    assert reply.kind == "filing" and "112" not in reply.text
    assert chat.conversation.filing_token


def test_a_status_check_naming_a_fire_is_a_status_check(chat) -> None:  # type: ignore[no-untyped-def]
    assert chat("cek status laporan kebakaran A2611-7KQ3PX K8M2QR7T").kind == "status"


def test_the_numbers_stay_first_in_a_long_message(chat) -> None:  # type: ignore[no-untyped-def]
    reply = chat("tolong ada kebakaran di gudang sebelah rumah saya. " + "apinya makin besar. " * 80)
    assert reply.kind == "emergency" and reply.text.startswith(CALL_112)
    assert "1.000 karakter pertama" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "ktp saya terbakar gimana",
        "rumah kebakaran, kk dan akta hilang terbakar, cara urus lagi?",
        "anak saya meninggal tenggelam, urus akta kematian",
        "akta kematian korban tenggelam",
        "bantuan untuk korban kebakaran",
        "ijazah hilang karena kebakaran",
        "sertifikat tanah terbakar",
    ],
)
def test_a_question_about_the_aftermath_is_answered_not_told_to_call_112(chat, text) -> None:  # type: ignore[no-untyped-def]
    reply = chat(text)
    assert reply.kind != "emergency" and CALL_112 not in reply.text
