"""A complaint's round trip in a real browser: a citizen files it, an officer answers, the citizen reads it."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.pages import axe_violations

pytestmark = pytest.mark.browser


def _sign_in(page, server: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("pamong-demo-2026")
    page.get_by_role("button", name="Masuk").click()


def test_a_complaint_goes_from_citizen_to_officer_and_back(demo_server, browser) -> None:  # type: ignore[no-untyped-def]
    server = demo_server.url
    citizen = browser.new_context(viewport={"width": 390, "height": 844})
    page = citizen.new_page()
    page.goto(f"{server}/lapor/")
    page.get_by_label("Pengaduan: ada yang salah atau tidak berjalan").check()
    page.get_by_label("Apa yang terjadi?").fill(
        "Jalan di depan SD Negeri rusak parah dan berlubang sejak musim hujan, motor sering jatuh."
    )
    page.get_by_label("Desa/kelurahan atau kecamatan").select_option("33.21.01.2001")
    page.get_by_label("Nama lengkap").fill("Rina Wulandari")
    page.get_by_label("Nomor HP").fill("0813 2222 3333")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator("body")).to_contain_text("Terima kasih, sudah kami terima")
    assert axe_violations(page) == []
    number, code = (element.inner_text() for element in page.locator("dd.code").all())
    assert re.fullmatch(r"A\d{4}-\w{6}", number)
    citizen.close()

    officer = browser.new_context()
    page = _case_for_the_officer(officer, server, number)
    expect(page.get_by_role("heading", name=number, exact=False).first).to_be_visible()
    assert "Dinas Pekerjaan Umum" in page.content() or "DPUPR" in page.content()
    assert "+62813******33" in page.content() and "+6281322223333" not in page.content()
    page.get_by_label("Pesan, alasan, atau catatan").fill("Tim kami akan menambal lubang itu hari Kamis.")
    page.get_by_role("button", name="Kirim balasan ke warga").click()
    expect(page.locator("body")).to_contain_text("Tersimpan.")
    officer.close()

    again = browser.new_context(java_script_enabled=False)  # tracking works without JavaScript
    page = again.new_page()
    page.goto(f"{server}/lacak/")
    page.get_by_label("Nomor lacak").fill(number.lower())
    page.get_by_label("Kode rahasia").fill(code)
    page.get_by_role("button", name="Lihat status").click()
    expect(page.locator("body")).to_contain_text("Tim kami akan menambal lubang itu hari Kamis.")
    again.close()

    later = browser.new_context()  # the citizen sends a photo afterwards, from the status page
    page = later.new_page()
    page.goto(f"{server}/lacak/")
    page.get_by_label("Nomor lacak").fill(number)
    page.get_by_label("Kode rahasia").fill(code)
    page.get_by_role("button", name="Lihat status").click()
    assert axe_violations(page) == []  # the status page with its upload form
    added = page.get_by_role("region", name="Tambah dokumen atau foto")
    added.get_by_label("Berkas").set_input_files(
        {"name": "lubang.jpg", "mimeType": "image/jpeg", "buffer": _small_jpeg()}
    )
    added.get_by_label("Catatan").fill("Foto lubangnya dari dekat.")
    added.get_by_role("button", name="Kirim").click()
    expect(page.locator("body")).to_contain_text("Berkas terkirim ke petugas.")
    later.close()

    officer = browser.new_context()
    page = _case_for_the_officer(officer, server, number)
    expect(page.locator("body")).to_contain_text("lubang.jpg")
    expect(page.locator("body")).to_contain_text("Foto lubangnya dari dekat.")
    officer.close()


def _case_for_the_officer(context, server: str, number: str):  # type: ignore[no-untyped-def]
    """The officer signs in, finds the case by its number in the queue and opens it."""
    page = context.new_page()
    _sign_in(page, server, "petugas")
    page.goto(f"{server}/staf/kasus/?q={number}")
    page.get_by_role("link", name=number).click()
    return page


def _small_jpeg() -> bytes:
    """A real photo's bytes, as a phone would send them (the upload check sniffs the content)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_supervisor_reads_the_sla_dashboard(demo_server, page) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, demo_server.url, "supervisor")
    page.goto(f"{demo_server.url}/staf/kasus/dasbor/")
    figures = page.locator("dl.facts").inner_text()
    assert "Selesai tepat waktu" in figures and "%" in figures
    assert page.locator("svg.bars rect").count() >= 5


@pytest.mark.parametrize(
    "path", ["/lapor/", "/lacak/", "/permohonan/akta-kelahiran/", "/layanan/ktp-el-penggantian/"]
)
def test_filing_pages_have_no_accessibility_violations(demo_server, page, path) -> None:  # type: ignore[no-untyped-def]
    page.goto(demo_server.url + path)
    assert axe_violations(page) == []


def test_a_citizen_files_a_complaint_in_the_chat_and_asks_its_status(demo_server, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_server.url}/tanya/")

    def say(text: str) -> str:
        page.get_by_label("Pertanyaan Anda").fill(text)
        page.get_by_role("button", name="Kirim", exact=True).click()
        return page.locator("#terakhir").inner_text()

    assert "Desa/kelurahan" in say("saya mau lapor lampu jalan di depan masjid mati semua sejak dua minggu")
    assert "Yang mana?" in say("kebonbtur")  # a typo: the near match is offered, not taken
    assert "Alamat" in say("1")
    assert "Kirim foto" in say("lewati")
    assert "anonim" in say("lewati")
    confirm = say("ya")
    assert "Periksa lagi" in confirm and "Kebonbatur" in confirm
    filed = say("ya")
    number, code = re.search(r"Nomor lacak: (\S+)\. Kode rahasia: (\S+)\.", filed).groups()
    status = say(f"cek status {number} {code}")
    assert number in status and "Ditangani oleh" in status
    context.close()
