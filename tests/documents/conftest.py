"""Fitri, the records clerk (petugas TU / arsiparis), joins the suite's personas here."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, User

from pamong.core import roles
from pamong.core.units import load_units
from tests.conftest import REPO


@pytest.fixture(autouse=True)
def _own_models(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test learns into its own folder: a model trained in one test must not steer another."""
    settings.MODEL_DIR = tmp_path / "models"


@pytest.fixture
def fitri(db) -> User:  # type: ignore[no-untyped-def]
    roles.ensure_groups()
    user = User.objects.create_user("fitri", "fitri@example.id", "kata-sandi-uji-123")
    user.groups.add(Group.objects.get(name=roles.RECORDS_CLERK))
    return user


@pytest.fixture
def units(db):  # type: ignore[no-untyped-def]
    load_units(REPO / "data" / "units" / "units-demo.csv", actor="test")


@pytest.fixture
def receive(db, fitri, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Receive bytes as Fitri would by uploading them; returns the document after the pipeline."""
    from pamong.documents import actions

    def _receive(name: str, content: bytes | str, **kwargs):  # type: ignore[no-untyped-def]
        raw = content.encode() if isinstance(content, str) else content
        with django_capture_on_commit_callbacks(execute=True):
            document = actions.receive(
                name, io.BytesIO(raw), source="upload", actor=kwargs.pop("actor", fitri)
            )
        document.refresh_from_db()
        return document

    return _receive
