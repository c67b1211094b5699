"""The committed English catalogs are complete and compiled (pamong needs no gettext to run).

The project catalog lives in ``src/pamong/locale``; an app may keep its own strings in
``src/pamong/<app>/locale`` (Django reads both), and every one of them is checked here.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import REPO

CATALOGS = sorted((REPO / "src" / "pamong").glob("**/locale/en/LC_MESSAGES/django.po"))
IDS = [str(path.relative_to(REPO)) for path in CATALOGS]


def test_the_project_catalog_is_among_those_checked() -> None:
    assert REPO / "src/pamong/locale/en/LC_MESSAGES/django.po" in CATALOGS


@pytest.mark.parametrize("po_path", CATALOGS, ids=IDS)
def test_every_interface_string_has_an_english_translation(po_path: Path) -> None:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    missing = [message.id for message in catalog if message.id and not message.string]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert missing == [] and fuzzy == []


@pytest.mark.parametrize("po_path", CATALOGS, ids=IDS)
def test_the_compiled_mo_matches_the_po(po_path: Path) -> None:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    with po_path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if message.id and isinstance(message.id, str):
            if message.context:
                assert compiled.pgettext(message.context, message.id) == message.string, message.id
            else:
                assert compiled.gettext(message.id) == message.string, message.id
