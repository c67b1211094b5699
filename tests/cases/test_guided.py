"""Filing through the assistant: one question at a time, checked answers, resumable, then "cek status"."""

from __future__ import annotations

import re

from pamong.cases.models import Case, Draft
from tests.cases.chats import chat_in


def test_a_citizen_files_a_complaint_by_chat_and_checks_its_status(chat, trained_router) -> None:  # type: ignore[no-untyped-def]
    first = chat("saya mau lapor jalan depan sekolah rusak parah dan berlubang, banyak motor jatuh")
    assert (
        first.kind == "filing" and "Desa/kelurahan atau kecamatan" in first.text
    )  # the description was in it
    assert "Mranggen" in chat("Banyumen").text  # a typo gets a choice
    assert "Alamat" in chat("1").text
    assert "Kirim foto" in chat("depan SD 2").text  # the optional photo (tests/cases/test_guided_photo.py)
    assert "anonim" in chat("lewati").text
    assert "Rahasiakan" in chat("tidak").text
    assert "Nama lengkap" in chat("tidak").text
    assert "Nomor HP" in chat("Siti Aminah").text
    mistake = chat("12345")
    assert "08 atau +62" in mistake.text and "Nomor HP" in mistake.text  # the same question again
    assert "E-mail" in chat("0812 3456 7890").text
    confirm = chat("lewati")
    assert "Periksa lagi" in confirm.text and "Banyumeneng, Kec. Mranggen" in confirm.text
    filed = chat("ya")
    number, code = re.search(r"Nomor lacak: (\S+)\. Kode rahasia: (\S+)\.", filed.text).groups()
    case = Case.objects.get(tracking_number=number)
    assert (case.channel, case.citizen_phone, case.unit.code) == ("web", "+6281234567890", "dpupr")
    assert chat.conversation.filing_token == ""
    status = chat(f"cek status {number} {code}")
    assert status.kind == "status" and "diterima" in status.text and "Dinas Pekerjaan Umum" in status.text
    assert "tidak cocok" in chat(f"cek status {number} AAAAAAAA").text


def test_cancelling_sends_nothing_and_the_assistant_answers_again(chat) -> None:  # type: ignore[no-untyped-def]
    chat("saya mau lapor")
    assert "Jenis laporan" in chat.conversation.messages.last().text  # a bare "lapor" names no kind
    assert "Apa yang terjadi?" in chat("1").text
    assert "dibatalkan" in chat("batal").text
    assert Case.objects.count() == 0 and chat.conversation.filing_token == ""
    assert chat("syarat bikin ktp baru").kind == "answer"


def test_the_filing_resumes_where_it_stopped(chat) -> None:  # type: ignore[no-untyped-def]
    chat("saya mau lapor")
    chat("pengaduan")
    chat("sampah menumpuk di pinggir jalan sudah seminggu tidak diangkut")
    token = chat.conversation.filing_token
    assert Draft.objects.get(token=token).data["description"].startswith("sampah menumpuk")
    # Asking for a person keeps the draft; the next answer continues it.
    assert chat("mau bicara dengan petugas").kind == "handoff"
    assert chat.conversation.filing_token == token
    assert (
        "Mranggen" in chat("mranggen").text or Draft.objects.get(token=token).data.get("region") == "33.21.01"
    )


def test_applying_for_a_service_by_chat_ends_at_the_upload_page(chat) -> None:  # type: ignore[no-untyped-def]
    answer = chat("syarat ganti ktp hilang apa saja")
    assert answer.service.slug == "ktp-el-penggantian"
    start = chat("Ajukan permohonan")
    assert start.kind == "filing" and "Nama lengkap" in start.text
    chat("Budi Santoso")
    assert "tidak ada" in chat("9999011208900003").text  # province 99 does not exist
    chat("3321011208900003")
    chat("081234567890")
    chat("lewati")
    chat("Banyumeneng")
    chat("Jl. Melati 3 RT 02/RW 04")
    assert "Periksa lagi" in chat("hilang").text
    last = chat("ya")
    assert "/permohonan/ktp-el-penggantian/?draf=" in last.text and "Surat keterangan kehilangan" in last.text
    assert Case.objects.count() == 0  # submitted from the web page with the documents


def test_a_question_typed_as_a_name_is_not_taken_as_the_name(chat) -> None:  # type: ignore[no-untyped-def]
    chat("syarat ganti ktp hilang apa saja")
    chat("Ajukan permohonan")
    reply = chat("berapa biayanya?")
    assert "Sepertinya itu pertanyaan" in reply.text and "Nama lengkap" in reply.text
    draft = Draft.objects.get(token=chat.conversation.filing_token)
    assert "name" not in draft.data and "full_name" not in draft.data
    assert "NIK" in chat("Budi Santoso").text  # the name is taken, the next question asked


def _answer_until_confirmation(say) -> None:  # type: ignore[no-untyped-def]
    say("saya mau lapor lampu jalan di gang masjid mati sudah dua minggu, gelap sekali malam hari")
    for answer in ("Banyumeneng", "gang masjid", "lewati", "tidak", "tidak", "Siti Aminah", "0812 3456 7890"):
        say(answer)
    assert "Periksa lagi" in say("lewati").text


def test_filing_by_chat_has_the_web_forms_hourly_limit_and_keeps_the_answers(
    settings, shipped_catalog, units, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    settings.CASES_SUBMISSIONS_PER_HOUR = 2
    say = chat_in("telegram", django_capture_on_commit_callbacks, "777001")
    for _filed in range(2):
        _answer_until_confirmation(say)
        assert "Nomor lacak" in say("ya").text
    _answer_until_confirmation(say)
    refused = say("ya")
    assert (
        refused.kind == "filing"
        and "Terlalu banyak laporan" in refused.text
        and "(batasnya 2)" in refused.text
    )
    assert Case.objects.count() == 2
    token = say.conversation.filing_token
    kept = Draft.objects.get(token=token).data
    assert kept["description"].startswith("lampu jalan") and kept["name"] == "Siti Aminah"

    other = chat_in("telegram", django_capture_on_commit_callbacks, "777002")  # another citizen
    _answer_until_confirmation(other)
    assert "Nomor lacak" in other("ya").text

    cache.clear()  # the hour has passed
    filed = say("ya")
    assert "Nomor lacak" in filed.text and Case.objects.count() == 4
    assert Case.objects.filter(fields__telegram_chat_id="777001").count() == 3


def test_the_limit_holds_for_a_web_chat_too(settings, chat) -> None:  # type: ignore[no-untyped-def]
    settings.CASES_SUBMISSIONS_PER_HOUR = 1
    _answer_until_confirmation(chat)
    assert "Nomor lacak" in chat("ya").text
    _answer_until_confirmation(chat)
    assert "Terlalu banyak laporan" in chat("ya").text and Case.objects.count() == 1
