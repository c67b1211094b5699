"""Questions read in probe conversations that once got a wrong or useless answer, on the
shipped catalog: each must now get the service, the FAQ or the refusal a person would give."""

from __future__ import annotations

import pytest

from pamong.assistant.intents import Intent, understand
from pamong.assistant.language import detect
from pamong.assistant.places import without_places
from pamong.assistant.retrieval import retriever
from tests.assistant.chats import conversation_with_assistant


@pytest.fixture
def chat(shipped_catalog):  # type: ignore[no-untyped-def]
    return conversation_with_assistant()


@pytest.mark.parametrize(
    "text", ["siapa presiden", "presiden", "gubernur jateng siapa", "siapa bupati semarang sekarang"]
)
def test_who_holds_an_office_is_declined_plainly(chat, text: str) -> None:
    reply = chat(text)
    assert (reply.kind, reply.service) == ("out_of_scope", None)
    assert "tidak menjawab pertanyaan tentang pejabat" in reply.text
    assert reply.quick_replies == ["Bicara dengan petugas"]


def test_who_holds_an_office_is_declined_in_english_when_asked_in_english(chat) -> None:
    reply = chat("who is the president of indonesia")
    assert (reply.kind, reply.service) == ("out_of_scope", None)
    assert "I do not answer questions about officials, politics or the news" in reply.text
    assert reply.quick_replies == ["Talk to an officer"]


def test_a_question_naming_an_office_about_a_service_is_still_answered(chat) -> None:
    assert understand("siapa lurah yang tanda tangan surat domisili").intent is Intent.ASK_SERVICE
    reply = chat("siapa lurah yang tanda tangan surat domisili")
    assert reply.service.slug == "surat-keterangan-domisili"


def test_a_plea_for_help_in_slang_is_a_greeting(chat) -> None:
    assert understand("tolong bantu sy").intent is Intent.GREETING
    assert understand("tlg bantuin aku").intent is Intent.GREETING
    assert chat("tolong bantu sy").kind == "greeting"


def test_a_city_name_is_not_read_as_another_word(shipped_catalog) -> None:
    found = retriever().search("bikin ktp di semarang", meaning=False)
    assert "sekarang" not in found.words and found.terms == ["buat", "ktp"]  # not "sekarang"
    assert found.top.slug == "ktp-el-baru"
    index = retriever().prepare()[0]
    assert without_places(["pindah", "surabaya", "jogja", "batu"], index) == ["pindah", "batu"]


def test_moving_to_a_named_city_asks_which_moving_service(chat) -> None:
    reply = chat("sy mau pindah ke surabaya")
    assert reply.kind == "clarify"
    assert {service.slug for service in reply.options} == {"pindah-keluar", "pindah-datang"}


@pytest.mark.parametrize("text", ["nama anak di akte salah ketik", "nama anak di akta salah ketik"])
def test_an_faq_asked_word_for_word_wins_over_a_service_sharing_more_words(chat, text: str) -> None:
    reply = chat(text)
    assert reply.service.slug == "akta-kelahiran"
    assert reply.faq.key == "akta-kelahiran-salah-nama"
    assert "Pengadilan hanya diperlukan jika Anda ingin mengganti nama" in reply.text


@pytest.mark.parametrize("text", ["nik saya ktp gak aktif", "my nik was deactivated"])
def test_an_inactive_nik_gets_the_reactivation_answer(chat, text: str) -> None:
    reply = chat(text)
    assert reply.faq.key == "ktp-el-perubahan-data-nik-nonaktif"
    assert reply.service.slug == "ktp-el-perubahan-data"


def test_a_marriage_certificate_answer_sends_muslim_couples_to_the_kua_first(chat) -> None:
    reply = chat("akta nikah")
    assert reply.service.slug == "akta-perkawinan"
    first, second = reply.text.split("\n\n")[:2]
    assert first.startswith("Akta Perkawinan")
    assert second.startswith("Perhatian: Layanan ini untuk pasangan yang beragama selain Islam.")
    assert reply.quick_replies[0] == "Pendaftaran dan Pencatatan Nikah di KUA"
    kua = chat(reply.quick_replies[0])
    assert kua.service.slug == "pencatatan-nikah-kua" and "Pasangan beragama lain" in kua.text


def test_wanting_a_divorce_is_told_the_court_decides_first(chat) -> None:
    reply = chat("mau cerai")
    assert reply.service.slug == "akta-perceraian"
    assert "Perhatian: Perceraian diputus pengadilan lebih dulu: Pengadilan Agama" in reply.text
    fee = chat("berapa biayanya?")
    assert "Perhatian: Perceraian diputus pengadilan" in fee.text  # every answer of the service


def test_a_follow_up_the_catalog_cannot_answer_keeps_the_service(chat) -> None:
    chat("pbb")
    unanswered = chat("bisa dicicil?")
    assert (unanswered.kind, unanswered.service.slug) == ("abstain", "pbb-p2-pembayaran")
    assert "belum menemukan jawaban pertanyaan itu untuk layanan ini" in unanswered.text
    assert "Berapa biayanya?" in unanswered.quick_replies
    fee = chat("berapa biayanya?")
    assert (fee.kind, fee.service.slug) == ("follow_up", "pbb-p2-pembayaran")


def test_a_database_statement_does_not_switch_the_chat_to_english(chat) -> None:
    assert detect("'; DROP TABLE users; --") == "unknown"
    assert detect("how do I update my address from jakarta") == "en"
    chat("'; DROP TABLE users; --")
    assert chat.conversation.language == "id"


@pytest.mark.parametrize(
    ("text", "key", "pointer"),
    [
        ("bikin pt perorangan", "pendirian-badan-usaha", "ahu.go.id"),
        ("syarat ajb tanah", "peralihan-hak-tanah", "PPAT"),
    ],
)
def test_services_of_other_institutions_are_referred(chat, text: str, key: str, pointer: str) -> None:
    reply = chat(text)
    assert (reply.kind, reply.referral, reply.service) == ("referral", key, None)
    assert pointer in reply.text


def test_the_pbb_name_change_says_the_land_certificate_is_transferred_elsewhere(chat) -> None:
    reply = chat("balik nama sertifikat tanah warisan")
    assert reply.service.slug == "pbb-p2-mutasi"
    # the FAQ that says so, by "sertifikat" (a word the PBB service's own text lacks)
    assert reply.faq.key == "pbb-p2-mutasi-sertifikat"
    assert "Sertifikat dibalik nama di Kantor Pertanahan melalui PPAT" in reply.text
    reply = chat("mutasi pbb")  # the service itself: its first note says it
    assert "Balik nama sertifikat tanahnya sendiri diurus di Kantor Pertanahan (BPN)" in reply.text


@pytest.mark.parametrize(
    "text", ["dapat sms tagihan pinjol atas nama saya", "ktp saya dipake orang buat pinjol"]
)
def test_an_online_loan_in_ones_name_goes_to_ojk_not_the_pbb_name_change(chat, text: str) -> None:
    reply = chat(text)
    assert (reply.kind, reply.referral) == ("referral", "ojk")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("how to register marriage for non muslim", "akta-perkawinan"),
        ("muslim marriage registration requirements", "pencatatan-nikah-kua"),
        ("bikin acara dangdut di lapangan", "izin-keramaian"),
        ("bisa bayar pbb pake gopay", "pbb-p2-pembayaran"),
    ],
)
def test_everyday_wordings_reach_their_service(chat, text: str, slug: str) -> None:
    assert chat(text).service.slug == slug


def test_a_child_with_a_disability_gets_the_admission_route_for_them(chat) -> None:
    reply = chat("anak saya difabel mau sekolah negeri")
    assert reply.faq.key == "spmb-penerimaan-murid-baru-disabilitas"
    assert "jalur afirmasi" in reply.text


@pytest.mark.parametrize(
    "text", ["tetangga buang sampah sembarangan", "ada pungutan di sekolah anak", "parkir liar depan sekolah"]
)
def test_a_described_wrong_is_taken_as_a_report(chat, text: str) -> None:
    assert understand(text).intent is Intent.COMPLAINT
    assert chat(text).kind == "filing"


@pytest.mark.parametrize(
    ("opening", "purpose", "slug"),
    [("skck", "buat daftar cpns", "skck"), ("paspor", "untuk umroh", "paspor")],
)
def test_saying_what_the_current_service_is_for_is_not_a_referral(
    chat, opening: str, purpose: str, slug: str
) -> None:
    chat(opening)
    reply = chat(purpose)
    assert (reply.kind, reply.service.slug, reply.referral) == ("follow_up", slug, None)


def test_the_purpose_of_a_service_keeps_the_topic_for_the_next_question(chat) -> None:
    chat("paspor")
    chat("untuk umroh")
    child = chat("anak umur 5 tahun perlu datang?")
    assert (child.service.slug, child.faq.key) == ("paspor", "paspor-anak")


def test_another_institutions_service_asked_mid_topic_is_still_referred(chat) -> None:
    chat("skck")
    reply = chat("cara lapor spt tahunan")
    assert (reply.kind, reply.referral) == ("referral", "spt-pajak-penghasilan")


@pytest.mark.parametrize(
    ("said", "slug"),
    [("yang baru", "ktp-el-baru"), ("yang hilang", "ktp-el-penggantian"), ("the new one", "ktp-el-baru")],
)
def test_an_option_is_picked_by_a_word_only_its_name_has(chat, said: str, slug: str) -> None:
    assert chat("ktp").kind == "clarify"
    reply = chat(said)
    assert (reply.kind, reply.service.slug) == ("answer", slug)
    assert chat("syaratnya").service.slug == slug


def test_a_question_that_names_a_service_is_not_taken_for_an_faq_that_has_its_words(chat) -> None:
    reply = chat("i need a new id card")  # "While waiting for the new card, what ID can I use?"
    assert (reply.service.slug, reply.faq) == ("ktp-el-baru", None)


@pytest.mark.parametrize(
    "text",
    [
        "makasih pak",
        "terima kasih atas infonya",
        "oke siap makasih bu",
        "sip terimakasih",
        "thanks for the info",
    ],
)
def test_thanks_with_a_courtesy_word_is_still_thanks(chat, text: str) -> None:
    chat("skck")
    assert chat(text).kind == "thanks"


@pytest.mark.parametrize("text", ["ok paham", "oh gitu ya"])
def test_an_understanding_nod_is_acknowledged(text: str) -> None:
    assert understand(text).intent is Intent.ACKNOWLEDGE


@pytest.mark.parametrize(
    ("opening", "follow_up", "slug"),
    [
        ("skck", "biayanya gak ada?", "skck"),
        ("npwp", "gratis ga?", "npwp"),
        ("spp-irt", "bayar gak", "spp-irt"),  # not the PBI, "Iuran Dibayar Pemerintah"
        ("pajak motor", "bayar ga", "pajak-kendaraan-tahunan"),
    ],
)
def test_a_yes_no_follow_up_stays_on_the_service(chat, opening: str, follow_up: str, slug: str) -> None:
    chat(opening)
    reply = chat(follow_up)
    assert (reply.kind, reply.service.slug) == ("follow_up", slug)


def test_a_short_follow_up_naming_nothing_stays_on_the_service(chat) -> None:
    chat("pkh")
    reply = chat("brp dapetnya")  # was "which one: DTKS or NIB?"
    assert reply.service.slug == "pkh" and reply.kind in ("follow_up", "abstain")


def test_a_common_name_word_alone_does_not_move_the_topic_but_a_name_does(chat) -> None:
    chat("ktp rusak")
    assert chat("perlu surat rt gak").service.slug == "ktp-el-penggantian"  # not the SKTM
    chat("skck")
    assert chat("kk").service.slug == "kartu-keluarga-baru"


@pytest.mark.parametrize(
    "text",
    [
        "jalan depan rumah bolong2 udh 3 bulan",
        "sampah di pasar gak diangkut2",
        "petugas kelurahan jutek bgt, disuruh bolak balik",
        "ada oknum minta 200rb biar ktp cepet jadi",
        "saya diminta uang 50rb di kantor desa",
    ],
)
def test_more_ways_of_reporting_a_wrong_are_complaints(text: str) -> None:
    assert understand(text).intent is Intent.COMPLAINT


@pytest.mark.parametrize("text", ["ada pungutan ga", "apakah ada pungutan?", "bisa minta uang bantuan?"])
def test_asking_about_a_fee_or_aid_is_not_a_complaint(text: str) -> None:
    assert understand(text).intent is not Intent.COMPLAINT


def test_election_questions_are_declined_like_office_holders(chat) -> None:
    assert chat("pilih capres siapa ya").kind == "out_of_scope"


def test_a_damaged_card_lists_the_damaged_card_documents_only(chat) -> None:
    from pamong.catalog.models import Service

    variants = {r.variant_id for r in Service.objects.get(slug="ktp-el-penggantian").requirements.all()}
    reply = chat("ktp rusak")
    shown = [variant for variant in variants if variant and f"{variant}:" in reply.text]
    assert shown and all("rusak" in variant.lower() for variant in shown)


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        ("demo perlu izin polisi?", "izin-keramaian-demo"),
        ("anak sy kuliah bisa dpt kip?", "program-indonesia-pintar-kuliah"),
        ("sekolah minta uang gedung 2 juta pas daftar, boleh?", "spmb-penerimaan-murid-baru-pungutan"),
    ],
)
def test_faq_questions_worded_as_citizens_say_them(chat, text: str, faq: str) -> None:
    assert chat(text).faq.key == faq


def test_a_late_birth_fine_is_the_deadline_faq(chat) -> None:
    chat("akta kelahiran")
    assert chat("kalo udh lewat 2 bulan kena denda?").faq.key == "akta-kelahiran-batas-waktu"


def test_arriving_with_a_moving_letter_is_the_move_in(chat) -> None:
    assert chat("sy baru pindah dr medan bawa skpwni, trus ngapain").service.slug == "pindah-datang"


def test_a_lost_vehicle_registration_starts_at_the_police(chat) -> None:
    reply = chat("stnk motor ilang")
    assert reply.service.slug == "laporan-kehilangan"


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("bisa bayar online?", "where"),
        ("bayar pbb bisa lewat indomaret?", "where"),
        ("bayar pbb berapa", "fee"),
        ("syaratnya pakai apa", "requirements"),
    ],
)
def test_how_to_pay_is_the_place_and_how_much_the_fee(text: str, aspect: str) -> None:
    from pamong.assistant.aspects import aspect_of

    assert aspect_of(text) == aspect


def test_how_long_a_document_is_valid_is_its_validity_faq_not_the_service_time(chat) -> None:
    assert chat("how long is police clearance valid").faq.key == "skck-masa-berlaku"
    assert chat("berapa lama bikin skck").faq is None  # the service time


def test_hearsay_words_do_not_hide_the_question(chat) -> None:
    assert chat("nik sy dinonaktifkan katanya").faq.key == "ktp-el-perubahan-data-nik-nonaktif"


def test_another_services_abbreviation_mid_topic_is_a_new_topic_not_an_faq(chat) -> None:
    chat("skck")
    reply = chat("ktp")  # not the SKCK FAQ "tinggal di luar domisili KTP"
    assert reply.kind == "clarify" and {s.slug for s in reply.options} <= {
        "ktp-el-baru",
        "ktp-el-penggantian",
    }


@pytest.mark.parametrize("text", ["ktp saya terbakar", "ktp hangus kena api"])
def test_a_burnt_card_is_the_replacement_not_the_fire_brigade(chat, text: str) -> None:
    reply = chat(text)
    assert (reply.kind, reply.service.slug) == ("answer", "ktp-el-penggantian")
    assert reply.faq.key == "ktp-el-penggantian-terbakar"


def test_asking_for_the_fire_brigades_number_is_referred_to_emergency_services(chat) -> None:
    reply = chat("nomor damkar berapa")
    assert (reply.kind, reply.referral) == ("referral", "darurat")
    assert chat("ada kebakaran di pasar").kind == "emergency"


@pytest.mark.parametrize(
    ("text", "service", "faq"),
    [
        ("bpjs pbi ibu saya nonaktif", "bpjs-kesehatan-pbi", "bpjs-kesehatan-pbi-nonaktif"),
        ("izin keramaian buat hajatan nikahan", "izin-keramaian", "izin-keramaian-hajatan"),
        ("tanah girik punya kakek mau disertifikatkan", "pendaftaran-tanah", "pendaftaran-tanah-girik"),
    ],
)
def test_a_synonym_that_is_an_faq_in_short_gets_the_faq_when_more_is_said(
    shipped_catalog, text: str, service: str, faq: str
) -> None:
    reply = conversation_with_assistant()(text)
    assert (reply.service.slug, reply.faq.key) == (service, faq)
    assert reply.text.startswith(reply.faq.question_id)


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("perpanjang paspor", "paspor"),
        ("passport renewal fee", "paspor"),
        ("bayar pbb dimana", "pbb-p2-pembayaran"),
    ],
)
def test_a_synonym_said_alone_or_with_a_facet_still_names_the_service(
    shipped_catalog, text: str, service: str
) -> None:
    reply = conversation_with_assistant()(text)
    assert (reply.service.slug, reply.faq) == (service, None)


@pytest.mark.parametrize(
    ("text", "service", "faq"),
    [
        ("ktp sy kecuci sampe rusak", "ktp-el-penggantian", "ktp-el-penggantian-terbakar"),
        ("gagal tes praktik sim, bisa ngulang?", "sim-baru", "sim-baru-gagal-ujian"),
        (
            "daftar sekolah anak sy yang difabel",
            "spmb-penerimaan-murid-baru",
            "spmb-penerimaan-murid-baru-disabilitas",
        ),
    ],
)
def test_an_faq_the_ranking_did_not_put_first_answers_by_a_word_the_service_lacks(
    shipped_catalog, text: str, service: str, faq: str
) -> None:
    reply = conversation_with_assistant()(text)
    assert (reply.service.slug, reply.faq.key) == (service, faq)


@pytest.mark.parametrize(
    ("text", "service"),
    [("mau daftar smp negeri yang dekat", "spmb-penerimaan-murid-baru"), ("syarat skck", "skck")],
)
def test_words_the_service_itself_uses_leave_the_answer_to_its_sections(
    shipped_catalog, text: str, service: str
) -> None:
    # "daftar" and "negeri" are also in the FAQ on disabled pupils, but they are the service's own words
    reply = conversation_with_assistant()(text)
    assert (reply.service.slug, reply.faq) == (service, None)


def test_the_nearest_faq_of_a_service_mixes_words_and_static_meaning(shipped_catalog) -> None:
    assert retriever().best_faq("sim-baru", "gagal tes praktik, bisa ngulang?") == "sim-baru-gagal-ujian"
    assert retriever().best_faq("no-such-service", "apa saja") is None
