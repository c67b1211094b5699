"""A citizen talks to the assistant: it answers from the catalog, follows up, asks back, hands off."""

from __future__ import annotations

import pytest

from pamong.ai.models import Decision
from pamong.assistant.intents import Intent, understand
from pamong.assistant.language import detect
from pamong.assistant.models import Handoff, Message
from tests.assistant.chats import conversation_with_assistant


@pytest.fixture
def chat(small_catalog):  # type: ignore[no-untyped-def]
    return conversation_with_assistant()


def test_a_ktp_question_gets_documents_steps_fee_time_place_and_link(chat) -> None:
    reply = chat("gmn cara bikin ktp baru?")
    assert reply.kind == "answer" and reply.service.slug == "ktp-uji"
    for fact in (
        "Yang perlu dibawa:",
        "1. Fotokopi Kartu Keluarga (KK)",
        "Langkah-langkah:",
        "2. Rekam sidik jari, iris mata, dan foto.",
        "Gratis",
        "Satu hari kerja.",
        "Kantor Disdukcapil",
        "/layanan/ktp-uji/",
    ):
        assert fact in reply.text, fact
    assert "Berapa biayanya?" in reply.quick_replies and "Bicara dengan petugas" in reply.quick_replies


def test_follow_ups_refer_to_the_current_service(chat) -> None:
    chat("mau bikin ktp")
    fee = chat("berapa biayanya?")
    assert fee.kind == "follow_up" and fee.service.slug == "ktp-uji"
    # Only facet words: answered about the current service without searching the catalog.
    assert Decision.objects.get(pk=fee.decision_id).explanation == "rule: follow_up"
    assert "Biaya:" in fee.text and "UU 24/2013 Pasal 79A" in fee.text
    lost = chat("kalau hilang?")
    assert lost.kind == "follow_up" and "Jika KTP hilang:" in lost.text
    assert "Surat keterangan hilang dari kepolisian" in lost.text


def test_an_faq_is_answered_with_its_own_answer(chat) -> None:
    reply = chat("umur berapa boleh bikin ktp")
    assert reply.faq is not None and reply.faq.key == "ktp-uji-umur"
    assert "17 tahun atau sudah menikah." in reply.text


def test_english_gets_english(chat) -> None:
    reply = chat("how do I get a police clearance certificate")
    assert reply.service.slug == "skck-uji"
    assert "What to bring:" in reply.text or "Steps:" in reply.text
    assert chat.conversation.language == "en"


def test_off_topic_abstains_then_points_to_a_person(chat) -> None:
    first = chat("resep rendang yang enak")
    assert first.kind == "abstain" and first.service is None
    assert "belum yakin" in first.text
    assert "Saya hanya menjawab pertanyaan tentang layanan publik" in first.text  # says what it covers
    assert first.options == []  # no unrelated services offered
    second = chat("siapa juara liga inggris")
    assert "Bicara dengan petugas" in second.text


def test_close_services_are_asked_about_only_when_the_choice_is_uncertain_and_one_is_likely(
    shipped_catalog,
) -> None:
    """A tie asks "which one?"; not when the confidence (which weighs the lead) is high, and
    not when neither is likely (an off-topic question gets no list of unrelated services)."""
    from pamong.assistant.dialog import assistant

    clear = assistant().choose("kelahran anak kedua mau didaftarin")  # birth certificate, barely ahead
    assert clear.action == "answer" and clear.prediction.label == "akta-kelahiran"
    assert clear.retrieval.lead <= 0.03 and clear.prediction.confidence >= 0.8
    tied = assistant().choose("syarat sim a")  # new licence or renewal: a real tie
    assert tied.action == "clarify" and tied.options[:2] == ["sim-baru", "sim-perpanjangan"]
    off_topic = assistant().choose("harga emas hari ini")
    assert off_topic.retrieval.lead <= 0.03 and off_topic.action == "abstain"


def test_a_wrong_family_card_is_the_family_card_change_not_the_id_card_change(shipped_catalog) -> None:
    """The KTP data change also mentions the KK (it is updated first): a KK error still goes
    to the KK change, a KTP error to the KTP change."""
    from pamong.assistant.dialog import assistant

    for text in ("alamat di kk salah", "kk salah alamat", "tanggal lahir anak di kk salah"):
        choice = assistant().choose(text)
        assert (choice.action, choice.prediction.label) == ("answer", "kartu-keluarga-perubahan"), text
    assert assistant().choose("ktp salah alamat").prediction.label == "ktp-el-perubahan-data"


def test_asking_for_a_person_creates_a_handoff_with_the_conversation(chat) -> None:
    chat("bikin ktp")
    reply = chat("saya mau bicara dengan petugas")
    handoff = Handoff.objects.get()
    assert reply.kind == "handoff" and f"nomor {handoff.pk}" in reply.text
    assert handoff.conversation == chat.conversation and handoff.status == "open"
    assert chat.conversation.messages.filter(role="citizen").count() == 2
    chat("tolong cepat ya")
    assert Handoff.objects.count() == 1  # one open handoff per conversation


def test_every_reply_is_a_logged_decision_and_identifiers_are_masked(chat) -> None:
    chat("NIK saya 3171012345670001 no hp 081234567890 mau bikin ktp")
    stored = Message.objects.get(role="citizen").text
    assert "3171012345670001" not in stored and "317101******0001" in stored
    assert "081234567890" not in stored
    decision = Decision.objects.get()
    assert decision.card.key == "assistant.answer" and decision.output["kind"] in (
        "answer",
        "abstain",
        "clarify",
    )
    assert "3171012345670001" not in decision.input_ref


def test_a_greeting_gets_a_greeting_and_says_it_is_automated(chat) -> None:
    reply = chat("halo min")
    assert reply.kind == "greeting" and "asisten otomatis (komputer)" in reply.text


@pytest.mark.parametrize(
    "text",
    ["", "   ", "🙂🙂🙂", "<script>alert(1)</script>", "'; DROP TABLE catalog_service; --", "x" * 10_000],
)
def test_hostile_or_empty_messages_get_a_clear_reply(chat, text) -> None:
    reply = chat(text)
    assert reply.text
    assert Message.objects.filter(role="assistant").count() == 1


def test_a_long_message_is_read_up_to_its_limit_and_says_so(chat) -> None:
    reply = chat("bikin ktp " + "x" * 5000)
    assert "1.000 karakter pertama" in reply.text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("saya mau bicara dengan petugas", Intent.ASK_PERSON),
        ("can I talk to a human", Intent.ASK_PERSON),
        ("cek status pengaduan saya", Intent.CHECK_STATUS),
        ("saya mau lapor jalan rusak di depan rumah", Intent.COMPLAINT),
        ("mau lapor kehilangan dompet", Intent.ASK_SERVICE),
        ("mengadu soal sampah menumpuk", Intent.COMPLAINT),
        ("komplain pelayanan kelurahan lambat", Intent.COMPLAINT),
        ("lapor spt tahunan gimana", Intent.ASK_SERVICE),
        ("terima kasih banyak", Intent.THANKS),
        ("selamat pagi min", Intent.GREETING),
        ("syarat bikin kk", Intent.ASK_SERVICE),
        # A problem in a public place is a report, even without "lapor" (and not PLN's business).
        ("lampu jalan mati sudah seminggu", Intent.COMPLAINT),
        ("sampah di tps belum diangkut 3 hari", Intent.COMPLAINT),
        ("pohon tumbang di jalan", Intent.COMPLAINT),
        ("the street lights are out on my road", Intent.COMPLAINT),
        ("izin tebang pohon", Intent.ASK_SERVICE),
        ("take the trash out", Intent.ASK_SERVICE),
        ("sim mati bisa diperpanjang?", Intent.ASK_SERVICE),
        ("jalan menuju kantor disdukcapil lewat mana", Intent.ASK_SERVICE),
        # An opening that names no topic is a greeting ("tanya" alone ranked the SKTM first).
        ("mau tanya", Intent.GREETING),
        ("permisi pak numpang tanya", Intent.GREETING),
        ("I have a question", Intent.GREETING),
        ("tolong bantu saya", Intent.GREETING),
        ("tolong bikin ktp", Intent.ASK_SERVICE),
        ("ktp saya udah jadi belum ya", Intent.CHECK_STATUS),
        ("kenapa ktp sy belum jadi2 udh 3 bulan", Intent.CHECK_STATUS),
        ("pungli di kelurahan minta 50rb buat surat pengantar", Intent.COMPLAINT),
        ("sekolah minta uang pendaftaran", Intent.ASK_SERVICE),
        ("mau ngomong sama petugas aja", Intent.ASK_PERSON),
        ("operator tolong", Intent.ASK_PERSON),
        ("petugas dong", Intent.ASK_PERSON),
        ("operator seluler saya siapa", Intent.ASK_SERVICE),
        ("laporan sy udh sampe mana ya", Intent.CHECK_STATUS),
        ("cek laporan no 778899", Intent.CHECK_STATUS),
        # "ok" and, with no form being filled in, "batal": ready for the next question.
        ("ok", Intent.ACKNOWLEDGE),
        ("oke siap kak", Intent.ACKNOWLEDGE),
        ("gak jadi deh", Intent.ACKNOWLEDGE),
        ("batal", Intent.ACKNOWLEDGE),
        ("ok thx", Intent.THANKS),
        ("jadi syaratnya apa", Intent.ASK_SERVICE),
    ],
)
def test_intents(text, intent) -> None:
    assert understand(text).intent is intent


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("gimana cara bikin akta kelahiran", "id"),
        ("how do I renew my driving licence", "en"),
        ("mau apply npwp online gimana caranya", "mixed"),
        ("how much", "en"),
        ("where", "en"),
        ("berapa", "id"),
        ("2", "unknown"),
        ("ok", "unknown"),
    ],
)
def test_language_detection(text, language) -> None:
    assert detect(text) == language


def test_eval_of_the_assistant_reports_the_issue_keys_beside_plain_bm25(small_catalog) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    from tests.conftest import FIXTURES

    out = StringIO()
    call_command(
        "eval", "assistant.answer", "--csv", str(FIXTURES / "questions-small.csv"), "--json", stdout=out
    )
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert {"hit_at_1", "hit_at_3", "abstain_rate", "wrong_rate", "n", "baseline"} <= set(summary)
    assert 0.0 <= summary["clarified_right"] <= 1 - summary["hit_at_1"]
    assert set(summary["baseline"]) >= {"hit_at_1", "hit_at_3", "abstain_rate", "wrong_rate", "n"}
    assert summary["n"] == 11
    assert summary["hit_at_1"] >= 6 / 7 and summary["wrong_rate"] == 0.0
    assert summary["hit_at_1"] > summary["baseline"]["hit_at_1"]


def test_an_abbreviation_already_explained_is_not_explained_twice() -> None:
    from pamong.assistant.compose import explain_jargon

    assert explain_jargon("Surat Keterangan Pindah (SKPWNI) dan KK", "id") == (
        "Surat Keterangan Pindah (SKPWNI) dan KK (Kartu Keluarga)"
    )
    assert explain_jargon("Fotokopi Kartu Keluarga (KK)", "id") == "Fotokopi Kartu Keluarga (KK)"


def test_an_edit_to_the_catalog_shows_in_the_next_answer(chat) -> None:
    from pamong.catalog.importing import import_catalog
    from tests.conftest import FIXTURES

    assert "Datang ke kantor Disdukcapil." in chat("gmn cara bikin ktp baru?").text
    edited = (
        (FIXTURES / "catalog-small.yaml")
        .read_text()
        .replace("Datang ke kantor Disdukcapil.", "Datang ke Mal Pelayanan Publik.")
    )
    import_catalog([("catalog-small.yaml", edited.encode())], actor="test")
    reply = chat("gmn cara bikin ktp baru?")
    assert "Datang ke Mal Pelayanan Publik." in reply.text and "kantor Disdukcapil." not in reply.text


def test_a_short_reply_in_no_language_keeps_the_conversation_in_english(chat) -> None:
    chat("how do I get a police clearance certificate")
    fee = chat("how much")
    assert fee.kind == "follow_up" and "Fee:" in fee.text and "Rp30.000" in fee.text
    assert chat("ok").text and chat.conversation.language == "en"
    chat("2")
    assert chat.conversation.language == "en"
    chat("berapa biayanya?")
    assert chat.conversation.language == "id"


def test_an_acknowledgement_keeps_the_conversation_on_its_service(chat) -> None:
    chat("bikin ktp baru")
    reply = chat("ok")
    assert reply.text.startswith("Baik. Ada lagi yang bisa saya bantu?")
    follow_up = chat("berapa biayanya")
    assert follow_up.kind == "follow_up" and follow_up.service.slug == "ktp-uji"
    assert "Biaya" in follow_up.text


def test_a_message_in_capitals_is_understood_as_in_small_letters(shipped_catalog) -> None:
    """People new to phones often type in capitals; e5 is case-sensitive."""
    from pamong.assistant.dialog import assistant

    for text in ("mau bikin akte anak", "syarat ktp hilang", "bikin kk baru"):
        small, capitals = assistant().choose(text), assistant().choose(text.upper())
        assert (capitals.action, capitals.prediction.label) == (small.action, small.prediction.label), text
        assert capitals.prediction.confidence == pytest.approx(small.prediction.confidence, abs=1e-6)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("ktp ilang gmn ni", "ktp-el-penggantian"),  # "ni" (ini) was an unknown word
        ("mo bkin kk", "kartu-keluarga-baru"),
        ("bikn ktp elektronik syarat nya ap aj", "ktp-el-baru"),  # abstained on "bikn", "ap", "saja"
    ],
)
def test_everyday_spellings_are_read(shipped_catalog, text, slug) -> None:
    from pamong.assistant.dialog import assistant

    choice = assistant().choose(text)
    assert (choice.action, choice.prediction.label) == ("answer", slug)
