"""A life in danger typed in the middle of a chat filing: 112 first, then the same question
again with the answers kept; typed as the description, it is the description."""

from __future__ import annotations

import re

from pamong.cases.models import Case, Draft

CALL_112 = "Dalam keadaan darurat yang mengancam nyawa, hubungi 112."
LAMP = "saya mau lapor lampu jalan di gang masjid mati sudah dua minggu, gelap sekali malam hari"


def _draft(chat) -> Draft:  # type: ignore[no-untyped-def]
    return Draft.objects.get(token=chat.conversation.filing_token)


def test_an_emergency_typed_as_the_name_gets_112_first_and_the_name_is_asked_again(chat) -> None:  # type: ignore[no-untyped-def]
    chat(LAMP)
    for answer in ("Banyumeneng", "gang masjid", "lewati", "tidak"):
        chat(answer)
    assert "Nama lengkap" in chat("tidak").text
    token = chat.conversation.filing_token
    reply = chat("ada kebakaran di rumah sebelah, tolong")
    assert reply.kind == "filing" and reply.text.splitlines()[0] == CALL_112
    assert "pemadam kebakaran 113" in reply.text and reply.text.endswith("Nama lengkap")
    data = _draft(chat).data
    assert "name" not in data and data["_step"] == "name" and chat.conversation.filing_token == token
    assert data["address"] == "gang masjid" and data["description"].startswith("lampu jalan")
    assert "Nomor HP" in chat("Siti Aminah").text  # the filing goes on
    assert _draft(chat).data["name"] == "Siti Aminah"


def test_an_emergency_typed_as_the_address_keeps_the_question_in_english_too(chat) -> None:  # type: ignore[no-untyped-def]
    chat(LAMP)
    chat("Banyumeneng")
    reply = chat("orang tenggelam di sungai")
    assert reply.text.splitlines()[0] == CALL_112 and "Alamat atau patokan" in reply.text
    assert "address" not in _draft(chat).data

    chat("batal")
    chat("I want to make a suggestion")
    chat("Please keep the district office open until the evening so workers can come.")
    english = chat("help there is a fire")
    assert english.text.splitlines()[0] == "In a life-threatening emergency, call 112."
    assert "Village or district" in english.text and "region" not in _draft(chat).data


def test_an_emergency_typed_as_the_description_is_the_description_with_112_first(chat) -> None:  # type: ignore[no-untyped-def]
    chat("saya mau lapor")
    assert "Apa yang terjadi?" in chat("1").text
    said = "ada kebakaran di gudang pasar, api sudah besar dan ada orang terjebak di dalam"
    reply = chat(said)
    assert reply.text.splitlines()[0] == CALL_112 and "Desa/kelurahan atau kecamatan" in reply.text
    assert _draft(chat).data["description"] == said
    short = chat("batal") and chat("saya mau lapor") and chat("1") and chat("ada kebakaran")
    assert short.text.splitlines()[0] == CALL_112 and "paling sedikit 20 karakter" in short.text
    assert "description" not in _draft(chat).data  # too short, as any description


def test_an_aftermath_answer_is_stored_and_an_emergency_at_the_summary_keeps_it(chat) -> None:  # type: ignore[no-untyped-def]
    chat(LAMP)
    chat("Banyumeneng")
    photo = chat("dekat rumah korban kebakaran kemarin")  # about the aftermath: no danger now
    assert "112" not in photo.text and "Kirim foto" in photo.text
    assert _draft(chat).data["address"] == "dekat rumah korban kebakaran kemarin"
    for answer in ("lewati", "tidak", "tidak", "Siti Aminah", "0812 3456 7890"):
        chat(answer)
    assert "Periksa lagi" in chat("lewati").text
    reply = chat("tolong ada orang tenggelam")
    assert reply.text.splitlines()[0] == CALL_112 and 'Tulis "ya" untuk mengirim' in reply.text
    assert reply.quick_replies == ["Ya, kirim", "Ubah jawaban", "Batal"]
    number = re.search(r"Nomor lacak: (\S+)\.", chat("ya").text).group(1)
    assert Case.objects.get(tracking_number=number).address == "dekat rumah korban kebakaran kemarin"
