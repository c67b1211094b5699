"""Plain meanings added to abbreviations in replies (``explain_jargon``): once, and never wrong.

A gloss that states another meaning than the text's ("kartu SIM (Surat Izin Mengemudi)" for a
phone card) is a false fact in a government answer, so these outputs are pinned exactly.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from pamong.assistant.aspects import Aspect
from pamong.assistant.compose import (
    _jargon_context,
    compose_faq,
    compose_service,
    explain_jargon,
    jargon,
    service_url,
)
from pamong.catalog.models import Faq, Service


def test_an_abbreviation_is_explained_once() -> None:
    assert explain_jargon("Bawa KK dan fotokopi KK.", "id") == "Bawa KK (Kartu Keluarga) dan fotokopi KK."
    assert explain_jargon("Bring the KK and a copy of the KK.", "en") == (
        "Bring the KK (Family Card) and a copy of the KK."
    )


def test_a_driving_licence_is_still_explained() -> None:
    assert explain_jargon("PNBP penerbitan SIM A baru.", "id") == (
        "PNBP (Penerimaan Negara Bukan Pajak) penerbitan SIM (Surat Izin Mengemudi) A baru."
    )
    assert (
        explain_jargon("State fee for a new SIM A.", "en") == "State fee for a new SIM (driving licence) A."
    )
    assert explain_jargon("Sampai kapan SIM berlaku?", "id") == (
        "Sampai kapan SIM (Surat Izin Mengemudi) berlaku?"
    )


def test_a_phone_sim_card_is_not_called_a_driving_licence() -> None:
    text = "Untuk mengurus penggantian kartu SIM di gerai operator dan klaim asuransi bila ada."
    assert explain_jargon(text, "id") == text
    assert explain_jargon("Ganti Kartu SIM ponsel Anda.", "id") == "Ganti Kartu SIM ponsel Anda."
    english = "To replace the SIM card at the operator's store and for any insurance claim."
    assert explain_jargon(english, "en") == english


def test_a_phone_card_does_not_stop_a_later_driving_licence_being_explained() -> None:
    assert explain_jargon("Ganti kartu SIM dulu, lalu perpanjang SIM A.", "id") == (
        "Ganti kartu SIM dulu, lalu perpanjang SIM (Surat Izin Mengemudi) A."
    )
    assert explain_jargon("Replace the SIM card, then renew the SIM A.", "en") == (
        "Replace the SIM card, then renew the SIM (driving licence) A."
    )


def test_no_gloss_where_the_explanation_is_already_there() -> None:
    assert explain_jargon("SIM Surat Izin Mengemudi A", "id") == "SIM Surat Izin Mengemudi A"
    assert explain_jargon("NIK (nomor di KTP-el) dan KK", "id") == (
        "NIK (nomor di KTP-el) dan KK (Kartu Keluarga)"
    )


def test_no_gloss_inside_an_existing_parenthesis() -> None:
    assert explain_jargon("Terdata di DTSEN (dulu DTKS) dan ditetapkan sebagai KPM", "id") == (
        "Terdata di DTSEN (dulu DTKS) dan ditetapkan sebagai KPM"
    )
    assert explain_jargon("Listed in DTSEN (formerly DTKS) and selected as a beneficiary family", "en") == (
        "Listed in DTSEN (formerly DTKS) and selected as a beneficiary family"
    )
    assert explain_jargon("Penerima dipilih dari data tunggal (DTSEN, dulu DTKS); bawa KK.", "id") == (
        "Penerima dipilih dari data tunggal (DTSEN, dulu DTKS); bawa KK (Kartu Keluarga)."
    )


def test_a_later_use_outside_the_parenthesis_is_explained() -> None:
    assert explain_jargon("Data tunggal (dulu DTKS). Cek DTKS di desa.", "id") == (
        "Data tunggal (dulu DTKS). Cek DTKS (Data Terpadu Kesejahteraan Sosial) di desa."
    )
    # A parenthesis left open on an earlier line does not silence the next lines.
    assert explain_jargon("Catatan (lihat di bawah\nBawa KK.", "id") == (
        "Catatan (lihat di bawah\nBawa KK (Kartu Keluarga)."
    )


def test_a_term_followed_by_a_parenthesis_is_not_explained_again() -> None:
    assert explain_jargon("Bawa KK (asli) dan KTP-el.", "id") == (
        "Bawa KK (asli) dan KTP-el (Kartu Tanda Penduduk elektronik)."
    )


@pytest.fixture
def _fresh_jargon():  # type: ignore[no-untyped-def]
    jargon.cache_clear()
    _jargon_context.cache_clear()
    yield
    jargon.cache_clear()
    _jargon_context.cache_clear()


@pytest.mark.usefixtures("_fresh_jargon")
def test_the_context_columns_are_optional(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "jargon.csv").write_text(
        "term,id,en\nSIM,Surat Izin Mengemudi,driving licence\n", encoding="utf-8"
    )
    settings.DATA_DIR = tmp_path
    assert explain_jargon("Ganti kartu SIM.", "id") == "Ganti kartu SIM (Surat Izin Mengemudi)."


def test_the_shipped_phone_faq_has_no_driving_licence(shipped_catalog) -> None:  # type: ignore[no-untyped-def]
    faq = Faq.objects.get(key="laporan-kehilangan-hp")
    url = service_url(faq.service)
    assert compose_faq(faq, language="id") == (
        "HP hilang, perlu surat kehilangan untuk apa?\n\n"
        "Untuk mengurus penggantian kartu SIM di gerai operator dan klaim asuransi bila ada.\n\n"
        f"Layanan: Surat Keterangan Kehilangan dari Kepolisian. Selengkapnya: {url}"
    )
    with translation.override("en"):
        assert compose_faq(faq, language="en") == (
            "My phone was lost. What is the loss report for?\n\n"
            "To replace the SIM card at the operator's store and for any insurance claim.\n\n"
            f"Service: Police Report of Lost Items or Documents. More: {url}"
        )


def test_the_shipped_pkh_requirements_do_not_nest_parentheses(shipped_catalog) -> None:  # type: ignore[no-untyped-def]
    pkh = Service.objects.get(slug="pkh")
    text = compose_service(pkh, Aspect.REQUIREMENTS, language="id", situation=set())
    assert (
        "1. Terdata di DTSEN (dulu DTKS) dan ditetapkan sebagai keluarga penerima oleh Kementerian Sosial"
        in text.splitlines()
    )
    with translation.override("en"):
        text = compose_service(pkh, Aspect.REQUIREMENTS, language="en", situation=set())
    assert (
        "1. Listed in DTSEN (formerly DTKS) and selected as a recipient family by the Ministry of Social Affairs"
        in text.splitlines()
    )


def test_an_optional_document_says_if_you_have_one_once(shipped_catalog) -> None:  # type: ignore[no-untyped-def]
    """ "(jika ada)" is added for an optional document, so the catalog text does not say it too."""
    lost = Service.objects.get(slug="laporan-kehilangan")
    text = compose_service(lost, Aspect.REQUIREMENTS, language="id", situation=set())
    assert "Fotokopi dokumen yang hilang (jika ada)" in text
    assert text.count("jika ada") == 1
