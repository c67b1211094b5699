"""Error pages are pages of the site, in the reader's language, with a way on."""

from __future__ import annotations

from django.urls import reverse


def test_a_missing_page_says_so_in_indonesian_with_links_on(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/layanan-yang-tidak-ada/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page and reverse("assistant:chat") in page and 'lang="id"' in page


def _choose_english(client) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_a_missing_page_in_english(client, db) -> None:  # type: ignore[no-untyped-def]
    _choose_english(client)
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and "Halaman tidak ditemukan" not in page


def test_a_forbidden_page_names_the_reason_in_the_reader_s_language(client, eko) -> None:  # type: ignore[no-untyped-def]
    client.force_login(eko)  # an analyst: no case work
    response = client.get(reverse("cases:dashboard"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Akses ditolak" in page and "Peran Anda tidak memberi akses ke halaman ini." in page
    _choose_english(client)
    english = client.get(reverse("cases:dashboard")).content.decode()
    assert "Access denied" in english and "Peran Anda" not in english
