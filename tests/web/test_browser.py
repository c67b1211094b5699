"""The portal and console as a person uses them: headless Chromium (Debian) through Playwright.

A real pamong server runs in its own process on the embedded default with the demo data,
exactly as the README's first command starts it. Citizen pages are checked with axe.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.pages import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_server):  # type: ignore[no-untyped-def]
    return demo_server.url


def test_a_citizen_asks_in_slang_and_reads_what_to_bring(server, page) -> None:
    page.goto(server)
    page.get_by_label("Tulis kebutuhan Anda dengan kata-kata sendiri").fill(
        "gmn cara bikin ktp baru, umur sy 17"
    )
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("body")).to_contain_text("Jawaban dipilih otomatis oleh komputer")
    page.get_by_role("link", name="Lihat syarat, langkah, dan biaya").click()
    assert page.url.endswith("/layanan/ktp-el-baru/")
    expect(page.get_by_role("heading", name="Yang perlu dibawa")).to_be_visible()
    expect(page.get_by_role("heading", name="Langkah-langkah")).to_be_visible()
    assert "Gratis" in page.locator(".facts").inner_text()


def chat_follows_up_and_hands_off(page) -> None:  # type: ignore[no-untyped-def]

    page.get_by_label("Pertanyaan Anda").fill("gmn cara bikin ktp baru? anak sy udh 17 thn")
    page.get_by_role("button", name="Kirim").click()
    expect(page.locator("#terakhir")).to_contain_text("Kartu Keluarga (KK)")
    page.get_by_role("button", name="Berapa biayanya?").click()
    expect(page.locator(".bubble.citizen").last).to_contain_text("Berapa biayanya?")
    expect(page.locator("#terakhir")).not_to_contain_text("Yang perlu dibawa:")  # the fee alone
    expect(page.locator("#terakhir")).to_contain_text("Biaya:")
    expect(page.locator("#terakhir")).to_contain_text("UU No. 24 Tahun 2013 Pasal 79A")
    page.get_by_role("button", name="Bicara dengan petugas").click()
    expect(page.locator("#terakhir")).to_contain_text("diteruskan ke petugas")


def test_a_citizen_chats_follows_up_with_a_button_and_asks_for_a_person(server, page) -> None:
    page.goto(f"{server}/tanya/")
    page.evaluate("window.loadedOnce = true")
    chat_follows_up_and_hands_off(page)
    # htmx swapped the conversation in place: the page was never reloaded.
    assert page.evaluate("window.loadedOnce") is True
    assert axe_violations(page) == []


def test_the_chat_works_without_javascript(server, browser) -> None:
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    page.goto(f"{server}/tanya/")
    chat_follows_up_and_hands_off(page)
    context.close()


def test_a_citizen_rates_the_answer(server, page) -> None:
    page.goto(f"{server}/cari/?q=akte+lahir+anak")
    page.get_by_role("button", name="Ya").click()
    expect(page.locator("body")).to_contain_text("Terima kasih atas penilaian Anda.")


def test_the_language_switch_works_without_javascript(server, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/layanan/skck/")
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti").click()
    assert page.url.endswith("/layanan/skck/")
    expect(page.get_by_role("heading", name="What to bring")).to_be_visible()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Services").click()
    page.get_by_label("Write what you need in your own words").fill("police clearance")
    page.get_by_role("button", name="Search").click()
    expect(page.locator('a[href*="/layanan/skck/"]').first).to_be_attached()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/layanan/akta-kelahiran/",
        "/layanan/akta-perkawinan/",  # with a first note and its link
        "/cari/?q=bikin+ktp",
        "/cari/?q=resep+rendang",
        "/transparansi/",
        "/staf/masuk/",
    ],
)
def test_citizen_pages_have_no_accessibility_violations(server, page, path) -> None:
    page.goto(server + path)
    assert axe_violations(page) == []


def test_the_governance_officer_signs_in_and_reads_the_registry(server, page) -> None:
    page.goto(f"{server}/staf/")
    page.get_by_label("Nama pengguna").fill("tatakelola")
    page.get_by_label("Kata sandi").fill("pamong-demo-2026")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Register AI").first.click()
    table = page.locator("table").inner_text()
    assert "catalog.search" in table and "hit_at_1" in table
    page.get_by_role("link", name="Pencarian layanan publik").click()
    expect(page.get_by_role("heading", name="Uji mutu")).to_be_visible()
    assert "bm25_plain" in page.content()
