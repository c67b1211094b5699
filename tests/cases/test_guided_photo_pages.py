"""The chat's photo question in a real browser: with JavaScript off (a plain multipart form) and
on (htmx), accessible, and the photo reaching the officer's case page."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.pages import axe_violations, signed_in

pytestmark = pytest.mark.browser

ROAD = "saya mau lapor jalan di depan SD Negeri rusak parah dan berlubang, motor sering jatuh"


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (150, 90, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _chat(page):  # type: ignore[no-untyped-def]
    def say(text: str) -> str:
        page.get_by_label("Pertanyaan Anda").fill(text)
        page.get_by_role("button", name="Kirim", exact=True).click()
        return page.locator("#terakhir").inner_text()

    return say


def test_without_javascript_a_photo_goes_from_the_chat_to_the_officer(demo_server, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_server.url}/tanya/")
    say = _chat(page)
    expect(page.get_by_label("Foto (tidak wajib)")).to_have_count(0)  # no photo asked yet
    say(ROAD)
    say("Banyumeneng")
    assert "Kirim foto jika ada" in say("depan SD")
    sent = _jpeg()
    page.get_by_label("Foto (tidak wajib)").set_input_files(
        {"name": "jalan.jpg", "mimeType": "image/jpeg", "buffer": sent}
    )
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.locator("#terakhir")).to_contain_text("Foto diterima.")
    expect(page.get_by_label("Foto (tidak wajib)")).to_have_count(0)
    for answer in ("tidak", "tidak", "Rina Wulandari", "0813 2222 3333"):
        say(answer)
    assert "Foto: jalan.jpg" in say("lewati")
    filed = say("ya")
    number = re.search(r"Nomor lacak: (\S+)\.", filed).group(1)
    context.close()

    with signed_in(browser, demo_server.url, "petugas") as officer:
        officer.goto(f"{demo_server.url}/staf/kasus/{number}/")
        link = officer.get_by_role("link", name="foto")
        expect(link).to_be_visible()
        response = officer.request.get(demo_server.url + link.get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
        assert response.body() == sent


def test_with_javascript_the_photo_question_is_accessible_and_sent_by_htmx(demo_server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{demo_server.url}/tanya/")
    say = _chat(page)
    say("saya mau lapor lampu jalan di gang masjid mati sudah dua minggu, gelap sekali malam hari")
    expect(page.locator("#terakhir")).to_contain_text("Desa/kelurahan")
    say("Banyumeneng")
    expect(page.locator("#terakhir")).to_contain_text("Alamat")
    say("gang masjid")
    expect(page.locator("#terakhir")).to_contain_text("Kirim foto jika ada")
    expect(page.get_by_label("Foto (tidak wajib)")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Foto (tidak wajib)").set_input_files(
        {"name": "rename.jpg", "mimeType": "image/jpeg", "buffer": b"MZ\x90\x00" + b"\x00" * 400}
    )
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.locator("#terakhir")).to_contain_text("Hanya PDF, JPG, PNG atau WebP")
    expect(page.get_by_label("Foto (tidak wajib)")).to_be_visible()  # still asked
    page.get_by_label("Foto (tidak wajib)").set_input_files(
        {"name": "lampu.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}
    )
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.locator("#terakhir")).to_contain_text("Foto diterima.")
    assert page.url.endswith("/tanya/")  # swapped in place, no reload
