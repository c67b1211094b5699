"""What the application form and the case page say about documents and people."""

from __future__ import annotations

from django.urls import reverse

from pamong.cases.templatetags.cases import masked


def test_a_conditional_document_shows_its_condition_once_in_the_pages_language(
    client, shipped_catalog
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cases:application", args=["ktp-el-penggantian"])
    page = client.get(url).content.decode()
    assert '<span class="note">(Jika KTP hilang atau dicuri)</span>' in page
    assert "hanya jika" not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(url).content.decode()
    assert '<span class="note">(If the KTP was lost or stolen)</span>' in page
    assert "Jika KTP hilang" not in page and "only if" not in page.lower()


def test_a_name_is_masked_to_initials_and_identifiers_keep_their_shape() -> None:
    assert masked("Budi Santoso") == "B*** S******"
    assert masked("Siti  Aminah ") == "S*** A*****"
    assert masked("3321011208900003") == "3321**********03"
    assert masked("+6281234567890") == "+62812******90"
    assert masked("siti@contoh.id") == "s***@contoh.id"
    assert masked("") == ""


def test_the_case_page_shows_the_reporters_initials_only(client, budi, units, post_complaint) -> None:  # type: ignore[no-untyped-def]
    from pamong.cases.models import Case

    post_complaint()
    client.force_login(budi)
    page = client.get(reverse("cases:case", args=[Case.objects.get().tracking_number])).content.decode()
    assert "S*** A*****" in page and "Siti A" not in page
    assert (
        "Siti Aminah"
        in client.get(
            reverse("cases:case", args=[Case.objects.get().tracking_number]) + "?identitas=1"
        ).content.decode()
    )
