"""Shared fixtures: the personas of the suite and a small catalog.

Personas (as Healthchecks does): Ani the officer, Budi the supervisor, Citra the
AI-governance officer, Dewi the administrator, Eko the analyst.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from pamong.catalog.importing import import_catalog
from pamong.core import roles

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"


def _persona(username: str, role: str) -> User:
    roles.ensure_groups()
    user = User.objects.create_user(username, f"{username}@example.id", "kata-sandi-uji-123")
    user.groups.add(Group.objects.get(name=role))
    if role in (roles.SUPERVISOR, roles.AI_GOVERNANCE, roles.ADMIN):
        user.is_staff = True
        user.save()
    return user


@pytest.fixture
def ani(db) -> User:  # type: ignore[no-untyped-def]
    return _persona("ani", roles.OFFICER)


@pytest.fixture
def budi(db) -> User:  # type: ignore[no-untyped-def]
    return _persona("budi", roles.SUPERVISOR)


@pytest.fixture
def citra(db) -> User:  # type: ignore[no-untyped-def]
    return _persona("citra", roles.AI_GOVERNANCE)


@pytest.fixture
def eko(db) -> User:  # type: ignore[no-untyped-def]
    return _persona("eko", roles.ANALYST)


@pytest.fixture
def small_catalog(db):  # type: ignore[no-untyped-def]
    path = FIXTURES / "catalog-small.yaml"
    return import_catalog([(path.name, path.read_bytes())], actor="test")


@pytest.fixture
def shipped_catalog(db):  # type: ignore[no-untyped-def]
    files = sorted((REPO / "data" / "catalog").glob("services-*.yaml"))
    return import_catalog([(path.name, path.read_bytes()) for path in files], actor="test")


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One real pamong server with the demo data per test process, shared by the page tests."""
    from tests.pages import demo_server as start

    with start(tmp_path_factory.mktemp("demo-var")) as server:
        yield server


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    from tests.pages import CHROMIUM, CHROMIUM_ARGS, launch_chromium

    sync_playwright = launch_chromium()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")  # a cheap phone
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Each test starts in the default language: a request with the English cookie leaves
    English active in its worker, which made later tests' messages English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
