"""Mid-conversation, the assistant moves to another service only when the citizen names it."""

from __future__ import annotations

import pytest

from pamong.ai.models import Decision
from pamong.cases.models import Draft
from tests.assistant.chats import conversation_with_assistant


@pytest.fixture
def chat(shipped_catalog):  # type: ignore[no-untyped-def]
    return conversation_with_assistant()


def test_a_follow_up_sharing_a_rare_word_with_another_service_stays_and_offers_it(chat) -> None:
    chat("berapa lama bikin akta kelahiran")
    # "wakil" appears only in the marriage certificate's text: before, the chat jumped there.
    reply = chat("bisa diwakilkan?")
    assert reply.kind == "abstain" and reply.service.slug == "akta-kelahiran"
    assert "Saya belum menemukan jawaban pertanyaan itu untuk layanan ini" in reply.text
    assert reply.quick_replies[0] == "Akta Perkawinan (Pencatatan Sipil, Non-Muslim)"
    decision = Decision.objects.get(pk=reply.decision_id)
    assert decision.abstained and "names no other service" in decision.explanation
    # The button moves on, and "berapa biayanya?" is then about the marriage certificate.
    assert chat(reply.quick_replies[0]).service.slug == "akta-perkawinan"
    assert chat("berapa biayanya?").service.slug == "akta-perkawinan"


def test_naming_another_service_still_moves(chat) -> None:
    chat("mau bikin ktp")
    assert chat("cara daftar bpjs").service.slug.startswith("bpjs-kesehatan")
    assert chat("berapa biaya skck").service.slug == "skck"
    assert chat("suami saya meninggal, urus aktanya gimana").service.slug == "akta-kematian"
    assert chat("how about a passport").service.slug == "paspor"


def test_which_one_between_this_service_and_an_unnamed_one_is_this_one(chat) -> None:
    chat("mau nikah di kua syaratnya apa aja")
    # Alone, this asks "the death certificate or the KUA wedding?" ("suami" is in a synonym).
    reply = chat("kalau calon suami orang luar kota?")
    assert reply.kind == "follow_up" and reply.service.slug == "pencatatan-nikah-kua"
    # Its FAQ on partners from another sub-district ("calon" is in it) answers.
    assert reply.faq.key == "pencatatan-nikah-kua-beda-kecamatan"
    assert "surat rekomendasi nikah dari KUA kecamatan tempat tinggalnya" in reply.text


def test_a_problem_described_in_the_first_message_is_not_asked_again(chat) -> None:
    reply = chat("lampu jalan mati sudah seminggu di depan masjid")
    assert reply.kind == "filing" and "Apa yang terjadi?" not in reply.text
    assert "Jenis laporan" not in reply.text and "Desa/kelurahan atau kecamatan" in reply.text
    draft = Draft.objects.get(token=chat.conversation.filing_token)
    assert draft.data["kind"] == "complaint"
    assert draft.data["description"] == "lampu jalan mati sudah seminggu di depan masjid"


def test_a_facet_question_before_choosing_between_two_services_asks_which_again(chat) -> None:
    first = chat("pak saya mau ngurus surat2 buat nikah")
    assert first.kind == "clarify"
    again = chat("apa aja yg harus disiapin")
    assert again.kind == "clarify" and again.text.startswith("Untuk layanan yang mana?")
    assert again.quick_replies[:2] == first.quick_replies[:2]
    picked = chat("1")
    assert picked.service.slug == first.options[0].slug


def test_a_bare_service_name_gets_the_service_not_the_faq_that_ranked_first(chat) -> None:
    for name, slug in (("skck", "skck"), ("kk", "kartu-keluarga-baru")):
        reply = chat(name)
        assert reply.service.slug == slug and reply.faq is None, name
        assert "Yang perlu dibawa:" in reply.text and "Langkah-langkah:" in reply.text


def test_english_follow_ups_ask_for_documents_and_the_online_channel(chat) -> None:
    chat("i need to make a family card")
    assert chat("what do i need").text.startswith("New Family Card (KK)\n\nWhat to bring:")
    chat("how to renew driving license")
    online = chat("is it possible online")
    assert online.kind == "follow_up" and "Where and how to apply:" in online.text
    assert "korlantas.polri.go.id" in online.text


def test_a_death_said_in_plain_english_finds_the_death_certificate(chat) -> None:
    assert chat("my mother passed away, what do I do about her documents").service.slug == "akta-kematian"


def test_a_word_many_services_are_named_by_asks_which_one(chat) -> None:
    """The word "izin" alone ranked the crowd permit first at 0.95: a guess among permits is no answer."""
    for text in ("izin", "surat keterangan", "akte", "syarat izin"):
        assert chat(text).kind == "clarify", text
    assert chat("ktp baru").service.slug == "ktp-el-baru"  # together the words name one service
    assert chat("izin keramaian").service.slug == "izin-keramaian"


def test_an_faq_is_answered_when_the_question_has_its_own_word_beyond_the_facet(chat) -> None:
    valid = chat("skck berlaku berapa lama")  # validity, not the service time
    assert valid.faq is not None and valid.faq.key == "skck-masa-berlaku" and "6 bulan" in valid.text
    fee = chat("berapa biaya skck")  # only the facet: the fee section
    assert fee.faq is None and "Biaya:" in fee.text


def test_where_wins_over_the_fee_word_pay(chat) -> None:
    reply = chat("bayar pbb dimana aja")
    assert "Tempat dan cara mengajukan:" in reply.text and "Bank persepsi" in reply.text


@pytest.mark.parametrize(
    ("opening", "follow_up", "faq"),
    [
        # Each answered "not found" or another service before: the words alone rank another
        # service's FAQ first, or the facet word ("lama", "bayar") took the service's section.
        ("bikin ktp baru", "bisa diwakilkan?", "ktp-el-baru-diwakilkan"),
        ("bikin ktp baru", "ortu sy sakit gak bisa dateng gmn", "ktp-el-baru-sakit-disabilitas"),
        ("akta kematian", "batas waktunya brp hari", "akta-kematian-batas-waktu"),
        ("skck", "brp lama berlakunya", "skck-masa-berlaku"),
        ("bayar pbb", "telat bayar kena denda gak", "pbb-p2-pembayaran-telat"),
        ("paspor", "kapan harus perpanjang?", "paspor-masa-berlaku"),
        ("paspor", "buat anak umur 10 thn gmn?", "paspor-anak"),
        ("kia", "bayi baru lahir bisa?", "kia-bayi"),
    ],
)
def test_a_follow_up_gets_the_current_services_faq_it_asks(shipped_catalog, opening, follow_up, faq) -> None:
    chat = conversation_with_assistant()
    service = chat(opening).service
    reply = chat(follow_up)
    # "answer" when the search itself finds the FAQ of the service being discussed
    assert reply.kind in ("follow_up", "answer") and reply.service == service and reply.faq.key == faq


def test_a_word_that_only_frames_the_question_picks_no_faq(chat) -> None:
    chat("akta kelahiran")
    # "gak" is "tidak", which the late-registration FAQ also has: not a reason to answer it.
    reply = chat("bisa online gak")
    assert reply.faq is None and "Tempat dan cara mengajukan" in reply.text
    # Naming another service by a word the current FAQ does not hold still moves.
    assert chat("kalau kia gmn").service.slug == "kia"


def test_a_first_question_gets_an_faq_only_when_it_says_what_the_faq_is_about(chat) -> None:
    # Words alone ranked the fee FAQ first ("Apakah bayar? Tidak, gratis"): nothing asked it.
    reply = chat("bikin kartu kuning")
    assert reply.service.slug == "kartu-pencari-kerja" and reply.faq is None
    assert "Yang perlu dibawa" in reply.text
    validity = conversation_with_assistant()("skck berlaku berapa lama")
    assert validity.faq.key == "skck-masa-berlaku"
