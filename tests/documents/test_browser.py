"""The records clerk in a real browser: upload, agenda, review and confirm (demo data, Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.documents import letters
from tests.pages import signed_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_server):  # type: ignore[no-untyped-def]
    return demo_server.url


@pytest.fixture
def clerk(browser, server):  # type: ignore[no-untyped-def]
    with signed_in(browser, server, "arsiparis") as page:
        yield page


def test_the_clerk_uploads_a_letter_reviews_it_and_confirms(clerk, server, tmp_path) -> None:
    clerk.get_by_role("link", name="Surat masuk").first.click()
    expect(clerk.get_by_role("heading", name="Agenda surat masuk")).to_be_visible()
    path = letters.write(
        tmp_path, "undangan.pdf", letters.pdf_letter(letters.text_letter("400.3.5/4321/DISDIK/2025"))
    )
    clerk.goto(f"{server}/staf/surat/unggah/")
    clerk.locator("input[type=file]").set_input_files(str(path))
    clerk.get_by_role("button", name="Unggah").click()
    assert "400.3.5/4321/DISDIK/2025" in clerk.locator(".facts").inner_text()
    assert "kop surat (baris lembaga)" in clerk.content()  # every value says why
    clerk.get_by_role("link", name="Periksa dan konfirmasi").click()
    expect(clerk.get_by_role("img", name="Halaman pertama surat")).to_be_visible()
    clerk.get_by_label("Sifat").fill("Sangat Segera")
    clerk.get_by_role("button", name="Konfirmasi").click()
    clerk.goto(f"{server}/staf/surat/?q=4321")
    row = clerk.locator("tbody tr").first.inner_text()
    assert "400.3.5/4321/DISDIK/2025" in row and "teregistrasi" in row
