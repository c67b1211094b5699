"""The committed English catalog is complete and compiled (pamong needs no gettext to run)."""

from __future__ import annotations

import gettext

from babel.messages.pofile import read_po

from tests.conftest import REPO

LOCALE = REPO / "src" / "pamong" / "locale" / "en" / "LC_MESSAGES"


def test_every_interface_string_has_an_english_translation() -> None:
    with (LOCALE / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = [message.id for message in catalog if message.id and not message.string]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert missing == [] and fuzzy == []


def test_the_compiled_mo_matches_the_po() -> None:
    with (LOCALE / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id
