"""A lost or damaged document ("kalau hilang?") is answered where the catalog says it is handled."""

from __future__ import annotations

import pytest

from pamong.catalog.models import Service
from tests.assistant.chats import conversation_with_assistant

NO_FACTS = "Katalog kami belum memuat langkah khusus"


@pytest.fixture
def chat(shipped_catalog):  # type: ignore[no-untyped-def]
    return conversation_with_assistant()


def test_lost_after_a_new_ktp_goes_to_the_replacement_service_and_stays_there(chat) -> None:
    first = chat("mau bikin ktp baru")
    assert first.service.slug == "ktp-el-baru" and "Kalau hilang?" in first.quick_replies
    lost = chat("Kalau hilang?")
    assert lost.kind == "follow_up" and lost.service.slug == "ktp-el-penggantian"
    assert lost.text.startswith("Bila dokumennya hilang, layanan yang tepat: Penggantian KTP-el")
    assert "Surat keterangan kehilangan dari kepolisian" in lost.text
    # The first application's list is not shown as if it applied to a lost card.
    assert "Sudah berumur 17 tahun" not in lost.text
    fee = chat("berapa biayanya?")
    assert fee.service.slug == "ktp-el-penggantian" and "termasuk surat kehilangan" in fee.text


def test_a_question_naming_the_lost_card_mid_conversation_is_answered_directly(chat) -> None:
    chat("mau bikin ktp baru")
    lost = chat("kalau ktp saya hilang gimana")  # "kalau" is a filler word, not a search term
    assert lost.service.slug == "ktp-el-penggantian" and "Jika KTP hilang" in lost.text


def test_lost_birth_certificate_gets_its_faq(chat) -> None:
    chat("akta kelahiran")
    lost = chat("kalau aktanya hilang?")
    assert lost.faq is not None and lost.faq.key == "akta-kelahiran-hilang"
    assert "kutipan kedua" in lost.text


def test_the_lost_button_under_a_new_family_card_gets_its_own_faq(chat) -> None:
    chat("bikin kk baru")
    lost = chat("Kalau hilang?")  # it repeated the first-application list before
    assert lost.faq is not None and lost.faq.key == "kartu-keluarga-baru-kk-hilang"
    assert "cetak lagi sendiri" in lost.text


def test_a_document_replaced_by_another_office_starts_with_the_police_report_and_says_where_next(
    chat,
) -> None:
    lost = chat("akta kematian hilang")
    assert lost.service.slug == "laporan-kehilangan"
    assert "Bila dokumennya hilang, layanan yang tepat: Surat Keterangan Kehilangan" in lost.text
    # Not the "missing person" variant of the death certificate that the word "hilang" matched before.
    assert "jenazah tidak ditemukan" not in lost.text
    assert "Penggantian dokumennya diurus di: Kantor Disdukcapil kabupaten/kota tempat almarhum" in lost.text


def test_damage_the_catalog_says_nothing_about_is_said_plainly(chat) -> None:
    chat("akta kematian")
    damaged = chat("kalau rusak?")  # the police loss report does not cover a torn certificate
    assert damaged.service.slug == "akta-kematian" and damaged.text.startswith("Akta Kematian\n\n" + NO_FACTS)
    assert "Kantor Disdukcapil" in damaged.text and "Bicara dengan petugas" in damaged.quick_replies


def test_english_gets_the_redirect_in_english(chat) -> None:
    chat("how do I get a new ktp")
    lost = chat("What if it was lost?")
    assert lost.service.slug == "ktp-el-penggantian"
    assert lost.text.startswith(
        "If the document was lost, the right service is: Replacing a Lost or Damaged KTP-el"
    )


def test_every_lost_button_the_catalog_shows_has_a_real_answer(shipped_catalog) -> None:
    """Where "Kalau hilang?" is offered, pressing it speaks of the loss, never "no steps"."""
    offered = []
    for service in Service.objects.filter(active=True):
        say = conversation_with_assistant()
        say.conversation.current_service = service
        say.conversation.save()
        buttons = say("berapa biayanya?").quick_replies
        if "Kalau hilang?" not in buttons:
            continue
        offered.append(service.slug)
        lost = say("Kalau hilang?").text.lower()
        assert NO_FACTS.lower() not in lost, service.slug
        assert "hilang" in lost or "kehilangan" in lost, service.slug
    assert len(offered) >= 15
    # A service with requirement variants but no word on loss no longer offers the button.
    assert "ktp-el-baru" in offered and "akta-kematian" in offered
    assert "izin-keramaian" not in offered and "skck" not in offered


def test_damage_words_in_a_first_question_about_something_else_change_nothing(chat) -> None:
    reply = chat("bangunan rusak mau renovasi izinnya apa")
    assert reply.service is not None and NO_FACTS not in reply.text
