"""Changing one answer at the confirmation of a chat filing ("Ubah jawaban", "alamatnya salah",
"change the address"): the field is asked again with the same checks, then the summary comes
back with nothing else lost; on the web chat and on Telegram. And numbers in the summary follow
the chat's language ("72,5" in Indonesian, "72.5" in English)."""

from __future__ import annotations

import json
import re

import pytest

from pamong.assistant.channels.telegram.client import keyboard
from pamong.assistant.models import OutboundMessage
from pamong.cases import guided
from pamong.cases.models import Case, Draft
from pamong.catalog.models import Service

LAMP = "saya mau lapor lampu jalan di gang masjid mati sudah dua minggu, gelap sekali malam hari"
# The opening, the place, the landmark, no photo, not anonymous, not confidential, a name, a phone.
ANSWERS = ("Banyumeneng", "gang masjid", "lewati", "tidak", "tidak", "Siti Aminah", "0812 3456 7890")
CONFIRM_BUTTONS = ["Ya, kirim", "Ubah jawaban", "Batal"]
# The answers of the lamp complaint, typed ones first (Telegram shows six buttons).
LAMP_FIELDS = [
    "Apa yang terjadi?",
    "Desa/kelurahan atau kecamatan",
    "Alamat atau patokan",
    "Nama lengkap",
    "Nomor HP",
    "E-mail",
    "Jenis laporan",
    "Kirim tanpa identitas (anonim)?",
    "Rahasiakan identitas dari petugas unit?",
]


def _to_the_confirmation(say) -> str:  # type: ignore[no-untyped-def]
    """The lamp complaint answered up to its summary (no e-mail); returns the summary."""
    say(LAMP)
    for answer in ANSWERS:
        say(answer)
    confirmation = say("lewati")
    assert "Periksa lagi" in confirmation.text and confirmation.quick_replies == CONFIRM_BUTTONS
    return confirmation.text


def _draft(say) -> Draft:  # type: ignore[no-untyped-def]
    return Draft.objects.get(token=say.conversation.filing_token)


def _filed(receipt: str) -> Case:
    return Case.objects.get(tracking_number=re.search(r"Nomor lacak: (\S+)\.", receipt).group(1))


def test_the_change_button_lists_the_answers_and_the_changed_address_is_filed_with_the_rest(chat) -> None:  # type: ignore[no-untyped-def]
    _to_the_confirmation(chat)
    listed = chat("Ubah jawaban")
    assert listed.kind == "filing" and "Jawaban mana yang ingin Anda ubah?" in listed.text
    assert listed.quick_replies == LAMP_FIELDS and "3. Alamat atau patokan" in listed.text
    asked = chat("Alamat atau patokan")  # the button
    assert asked.text.startswith("Alamat atau patokan") and "Jawaban sekarang: gang masjid" in asked.text
    assert asked.quick_replies == ["Lewati"]  # optional, as the first time
    summary = chat("Gang Masjid Al-Ikhlas RT 03")
    assert summary.text.startswith("Periksa lagi")  # straight back: nothing else is asked
    assert "- Alamat atau patokan: Gang Masjid Al-Ikhlas RT 03" in summary.text
    assert "- Nama lengkap: Siti Aminah" in summary.text and summary.quick_replies == CONFIRM_BUTTONS
    case = _filed(chat("ya").text)
    assert case.address == "Gang Masjid Al-Ikhlas RT 03"
    assert (case.citizen_name, case.citizen_phone, case.region_code) == (
        "Siti Aminah",
        "+6281234567890",
        "33.21.01.2001",
    )
    assert case.description == LAMP.removeprefix("saya mau lapor ") and not case.anonymous


@pytest.mark.parametrize(
    ("typed", "name", "label"),
    [
        ("alamatnya salah", "address", "Alamat atau patokan"),
        ("ubah alamat", "address", "Alamat atau patokan"),
        ("ganti nomor hp", "phone", "Nomor HP"),
        ("salah nama", "name", "Nama lengkap"),
        ("desanya keliru", "region", "Desa/kelurahan atau kecamatan"),
    ],
)
def test_a_typed_request_names_the_answer_to_change(chat, typed, name, label) -> None:  # type: ignore[no-untyped-def]
    _to_the_confirmation(chat)
    asked = chat(typed)
    assert asked.text.startswith(label) and "Periksa lagi" not in asked.text
    data = _draft(chat).data
    assert data["_changing"] == name and data["_step"] == name and not data["_confirming"]


def test_a_changed_phone_is_checked_as_the_first_time_and_the_old_one_kept_until_then(chat) -> None:  # type: ignore[no-untyped-def]
    _to_the_confirmation(chat)
    assert chat("ganti nomor hp").text.startswith("Nomor HP")
    mistake = chat("12345")
    assert "08 atau +62" in mistake.text and "Nomor HP" in mistake.text and "Periksa lagi" not in mistake.text
    assert _draft(chat).data["phone"] == "+6281234567890"
    summary = chat("0813 1111 2222")
    assert summary.text.startswith("Periksa lagi") and "+6281311112222" in summary.text
    case = _filed(chat("ya").text)
    assert (case.citizen_phone, case.citizen_name, case.address) == (
        "+6281311112222",
        "Siti Aminah",
        "gang masjid",
    )


def test_an_unknown_answer_name_gets_the_list_and_a_number_picks_from_it(chat) -> None:  # type: ignore[no-untyped-def]
    _to_the_confirmation(chat)
    unknown = chat("ubah warna lampunya")
    assert "Jawaban mana yang ingin Anda ubah?" in unknown.text and unknown.quick_replies == LAMP_FIELDS
    again = chat("yang itu")
    assert again.text.startswith("Pilih salah satu") and again.quick_replies == LAMP_FIELDS
    assert chat("4").text.startswith("Nama lengkap")
    summary = chat("Siti Aminah Lestari")
    assert summary.text.startswith("Periksa lagi") and "- Nama lengkap: Siti Aminah Lestari" in summary.text
    assert chat("4").text.startswith('Tulis "ya"')  # at the summary again a number picks nothing
    assert _filed(chat("ya").text).citizen_name == "Siti Aminah Lestari"


def test_becoming_anonymous_drops_the_name_from_the_summary_and_the_case(chat) -> None:  # type: ignore[no-untyped-def]
    _to_the_confirmation(chat)
    chat("Ubah jawaban")
    asked = chat("Kirim tanpa identitas (anonim)?")
    assert "Jawaban sekarang: tidak" in asked.text and asked.quick_replies == ["Tidak", "Ya"]
    summary = chat("ya")
    assert summary.text.startswith("Periksa lagi") and "Siti Aminah" not in summary.text
    case = _filed(chat("ya").text)
    assert case.anonymous and case.citizen_name == "" and case.citizen_phone == ""


def test_an_answer_is_changed_in_english(chat) -> None:  # type: ignore[no-untyped-def]
    chat("I want to make a suggestion")
    chat("Please keep the district office open until the evening so workers can come.")
    for answer in ("skip", "no", "no", "Siti Aminah", "0812 3456 7890"):
        chat(answer)
    assert "Kind of report" in chat("skip").text
    listed = chat("Change an answer")
    assert "1. What is your suggestion?" in listed.text and "Mobile number" in listed.quick_replies
    assert chat("change the phone number").text.startswith("Mobile number")
    summary = chat("0813 1111 2222")
    assert "Kind of report: Aspiration: a suggestion" in summary.text and "+6281311112222" in summary.text
    chat("yes")
    case = Case.objects.get()
    assert (case.language, case.citizen_phone, case.citizen_name) == ("en", "+6281311112222", "Siti Aminah")


def test_an_answer_is_changed_with_telegrams_buttons(client, settings, shipped_catalog, units) -> None:  # type: ignore[no-untyped-def]
    settings.TELEGRAM_BOT_TOKEN = "123:uji"
    settings.TELEGRAM_WEBHOOK_SECRET = "rahasia-webhook-uji-1234"
    updates = iter(range(1, 100))

    def post(update: dict) -> OutboundMessage:
        client.post(
            "/channels/telegram/webhook",
            json.dumps({"update_id": next(updates), **update}),
            content_type="application/json",
            HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=settings.TELEGRAM_WEBHOOK_SECRET,
        )
        return OutboundMessage.objects.order_by("-id").first()  # queued; sent after commit

    def send(text: str) -> OutboundMessage:
        chat = {"chat": {"id": 778, "type": "private"}, "from": {"id": 778, "language_code": "id"}}
        return post({"message": {"message_id": 1, **chat, "text": text}})

    def press(sent: OutboundMessage, label: str) -> OutboundMessage:
        """The inline button as Telegram shows it, pressed: its callback data comes back."""
        rows = keyboard(sent.buttons, None)["inline_keyboard"]
        (data,) = [row[0]["callback_data"] for row in rows if row[0]["text"] == label]
        return post(
            {
                "callback_query": {
                    "id": "c",
                    "from": {"id": 778},
                    "data": data,
                    "message": {"chat": {"id": 778}},
                }
            }
        )

    send(LAMP)
    for answer in ANSWERS:
        send(answer)
    summary = send("lewati")
    assert "Periksa lagi" in summary.text and summary.buttons == CONFIRM_BUTTONS
    listed = press(summary, "Ubah jawaban")
    assert "Jawaban mana yang ingin Anda ubah?" in listed.text
    assert [row[0]["text"] for row in keyboard(listed.buttons, None)["inline_keyboard"]] == LAMP_FIELDS[:6]
    assert press(listed, "Nomor HP").text.startswith("Nomor HP")
    summary = send("0813 1111 2222")
    assert summary.text.startswith("Periksa lagi") and "+6281311112222" in summary.text
    receipt = press(summary, "Ya, kirim")
    case = _filed(receipt.text)
    assert (case.channel, case.citizen_phone, case.address) == ("telegram", "+6281311112222", "gang masjid")


# --- Numbers in the summary ---------------------------------------------------------------------

PBG = ("Budi Santoso", "3321011208900003", "081234567890", "lewati", "Banyumeneng", "Jl. Melati 3", "1")


@pytest.mark.parametrize(("language", "typed", "shown"), [("id", "72,5", "72,5"), ("en", "72.5", "72.5")])
def test_a_decimal_answer_is_shown_in_the_chats_language_and_stored_as_a_number(
    shipped_catalog, language, typed, shown
) -> None:  # type: ignore[no-untyped-def]
    token, _step = guided.start(
        "application", service=Service.objects.get(slug="pbg"), channel="web", language=language
    )
    for answer in PBG:
        guided.answer(token, answer, language=language)
    summary = guided.answer(token, typed, language=language)
    label = "Luas bangunan (m²)" if language == "id" else "Floor area (m²)"
    assert summary.state == "confirming" and f"- {label}: {shown}\n" in summary.text
    assert Draft.objects.get(token=token).data["building_area"] == 72.5


def test_a_changed_decimal_answer_shows_the_old_and_the_new_value_with_a_decimal_comma(
    shipped_catalog,
) -> None:  # type: ignore[no-untyped-def]
    token, _step = guided.start(
        "application", service=Service.objects.get(slug="pbg"), channel="web", language="id"
    )
    for answer in (*PBG, "72,5"):
        guided.answer(token, answer, language="id")
    asked = guided.answer(token, "luas bangunan salah", language="id")
    assert asked.text.startswith("Luas bangunan (m²)") and "Jawaban sekarang: 72,5" in asked.text
    summary = guided.answer(token, "80,25", language="id")
    assert "- Luas bangunan (m²): 80,25\n" in summary.text and "- Nama lengkap: Budi Santoso" in summary.text
    data = Draft.objects.get(token=token).data
    assert data["building_area"] == 80.25 and data["address"] == "Jl. Melati 3"
