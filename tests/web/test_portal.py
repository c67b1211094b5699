"""A citizen uses the portal without logging in: finds, reads, rates, sees which AI is used."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pamong.ai.models import Decision, Feedback


def test_the_home_page_lists_services_by_category(client, small_catalog) -> None:
    page = client.get("/").content.decode()
    assert 'lang="id"' in page
    assert "Kependudukan dan Pencatatan Sipil" in page
    assert 'href="/layanan/ktp-uji/"' in page
    assert "Kepolisian" in page


def test_a_service_page_says_what_to_bring_steps_fee_time_and_law(client, small_catalog) -> None:
    page = client.get("/layanan/ktp-uji/").content.decode()
    for fact in (
        "Fotokopi Kartu Keluarga (KK)",
        "Jika KTP hilang",
        "Surat keterangan hilang dari kepolisian",
        "Rekam sidik jari, iris mata, dan foto.",
        "Gratis",
        "UU 24/2013 Pasal 79A",
        "Satu hari kerja.",
        "UU Nomor 24 Tahun 2013",
        "Umur berapa boleh membuat KTP?",
    ):
        assert fact in page, fact
    assert client.get("/layanan/skck-uji/").content.decode().count("Rp30.000") >= 1


def test_an_unknown_or_inactive_service_is_not_found(client, small_catalog) -> None:
    from pamong.catalog.models import Service

    Service.objects.filter(slug="skck-uji").update(active=False)
    assert client.get("/layanan/tidak-ada/").status_code == 404
    assert client.get("/layanan/skck-uji/").status_code == 404


def test_search_answers_and_labels_the_answer_as_automatic(client, small_catalog) -> None:
    page = client.get("/cari/", {"q": "gmn bikin ktp"}).content.decode()
    assert "Jawaban dipilih otomatis oleh komputer" in page
    assert 'href="/layanan/ktp-uji/"' in page


def test_search_says_it_is_unsure_and_points_to_a_person(client, small_catalog) -> None:
    page = client.get("/cari/", {"q": "kartu kredit diblokir bank"}).content.decode()
    assert "belum yakin" in page
    assert "SP4N-LAPOR!" in page
    assert 'href="/layanan/ktp-uji/"' in page  # the closest service is offered


def test_what_a_citizen_types_is_escaped(client, small_catalog) -> None:
    page = client.get("/cari/", {"q": '<script>alert("x")</script> ktp'}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_a_very_long_question_is_cut_and_still_answered(client, small_catalog) -> None:
    response = client.get("/cari/", {"q": "ktp " * 3000})
    assert response.status_code == 200
    assert "dipotong" in response.content.decode()


def rating_token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_a_citizen_rates_an_answer_once(client, small_catalog) -> None:
    token = rating_token(client.get("/cari/", {"q": "bikin ktp"}).content.decode())
    for _ in range(2):
        response = client.post(
            reverse("web:rate"), {"token": token, "helpful": "yes", "next": "/cari/?q=bikin+ktp"}
        )
        assert response.status_code == 302 and response["Location"] == "/cari/?q=bikin+ktp"
    feedback = Feedback.objects.get()
    assert feedback.helpful and feedback.decision == Decision.objects.get()


@pytest.mark.parametrize(("token", "helpful"), [("forged", "yes"), (None, "maybe")])
def test_a_forged_or_malformed_rating_is_refused(client, small_catalog, token, helpful) -> None:
    real = rating_token(client.get("/cari/", {"q": "bikin ktp"}).content.decode())
    response = client.post(reverse("web:rate"), {"token": token or real, "helpful": helpful})
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_an_offsite_next_is_not_followed(client, small_catalog) -> None:
    token = rating_token(client.get("/cari/", {"q": "bikin ktp"}).content.decode())
    response = client.post(
        reverse("web:rate"), {"token": token, "helpful": "no", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_indonesian_is_the_default_even_for_an_english_browser(client, small_catalog) -> None:
    page = client.get("/layanan/ktp-uji/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert 'lang="id"' in page and "Kartu Tanda Penduduk Elektronik (uji)" in page


def test_the_language_switch_turns_the_page_english(client, small_catalog) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/layanan/ktp-uji/"})
    assert response.status_code == 302
    page = client.get("/layanan/ktp-uji/").content.decode()
    assert 'lang="en"' in page
    assert "Electronic ID card (test)" in page and "Copy of the Family Card (KK)" in page
    assert "What to bring" in page  # interface text translated too


def test_the_transparency_page_lists_each_ai_function_with_its_notice(client, small_catalog) -> None:
    client.get("/cari/", {"q": "bikin ktp"})
    page = client.get("/transparansi/").content.decode()
    assert "Pencarian layanan publik" in page
    assert "Dinas Komunikasi dan Informatika" in page
    assert "Hasil pencarian disusun otomatis oleh komputer" in page


def test_the_api_searches_and_lists(client, small_catalog) -> None:
    body = client.get("/api/v1/catalog/search", {"q": "akte lahir"}).json()
    assert body["service"] == "akta-lahir-uji" and body["decision_id"]
    services = client.get("/api/v1/catalog/services").json()
    assert {s["slug"] for s in services} == {"ktp-uji", "akta-lahir-uji", "skck-uji"}
    one = client.get("/api/v1/catalog/services/skck-uji").json()
    assert one["fees"][0]["amount"] == 30000
    assert client.get("/api/v1/catalog/services/nothing").status_code == 404


def test_a_service_page_shows_its_first_note_with_a_link_to_the_service_for_the_others(
    client, shipped_catalog
) -> None:
    page = client.get("/layanan/akta-perkawinan/").content.decode()
    note = re.search(r'<p class="first-note" role="note">(.*?)</p>', page, re.S)
    assert note is not None
    assert "Pasangan Muslim mendaftar dan mencatatkan nikah di KUA kecamatan." in note.group(1)
    assert 'href="/layanan/pencatatan-nikah-kua/"' in note.group(1)
    assert 'class="first-note"' not in client.get("/layanan/akta-kelahiran/").content.decode()
