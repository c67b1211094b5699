"""Fixtures of the cases tests: the organisation chart, categories, a trained router, officers in units."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from pamong.cases import routing
from pamong.cases.reference import load_categories
from pamong.core.models import Unit
from pamong.core.units import load_units
from tests.cases.chats import chat_in
from tests.conftest import REPO

COMPLAINT = {
    "kind": "complaint",
    "description": "Jalan di depan balai desa rusak parah dan berlubang, sudah setahun tidak diperbaiki.",
    "region": "33.21.01.2001",
    "address": "Jl. Raya Mranggen dekat masjid",
    "anonymous": "no",
    "confidential": "no",
    "name": "Siti Aminah",
    "phone": "0812 3456 7890",
    "email": "siti@contoh.id",
}


@pytest.fixture(scope="session")
def _assistant_vectors(tmp_path_factory):  # type: ignore[no-untyped-def]
    return tmp_path_factory.mktemp("assistant-vectors")


@pytest.fixture(autouse=True)
def _models_in_tmp(settings, tmp_path, _assistant_vectors):  # type: ignore[no-untyped-def]
    """Each test starts with no router; the assistant's catalog vectors are kept for the session."""
    settings.MODEL_DIR = tmp_path / "models"
    settings.MODEL_DIR.mkdir()
    (settings.MODEL_DIR / "assistant").symlink_to(_assistant_vectors, target_is_directory=True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def units(db):  # type: ignore[no-untyped-def]
    load_units(REPO / "data/units/units-demo.csv")
    load_categories()
    return {unit.code: unit for unit in Unit.objects.all()}


@pytest.fixture(scope="session")
def _router_files(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Train the router on the demo history once per test session (pure ML, no database)."""
    with open(REPO / "data/cases/demo-history.csv", encoding="utf-8") as handle:
        examples = [(row["text"], row["unit"], row["region"]) for row in csv.DictReader(handle)]
    directory = tmp_path_factory.mktemp("router") / "cases-router"
    model = routing.train(examples)
    path = routing.save(model, directory)
    (directory / "current.json").write_text(json.dumps({"file": path.name, "version": model.version}))
    return directory, model.version


@pytest.fixture
def trained_router(units, settings, _router_files):  # type: ignore[no-untyped-def]
    """A router trained on the demo history is in use (as after ``pamong cases import-history``)."""
    directory, version = _router_files
    shutil.copytree(directory, Path(settings.MODEL_DIR) / "cases-router")
    return version


@pytest.fixture
def ani_in_public_works(ani, units):  # type: ignore[no-untyped-def]
    units["dpupr"].members.add(ani)
    return ani


@pytest.fixture
def complaint_data():  # type: ignore[no-untyped-def]
    return dict(COMPLAINT)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Call an action as if its transaction committed: the work queued on commit (routing, mail) runs."""

    def run(function, *args, **kwargs):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def post_complaint(client, complaint_data, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def post(**changes):  # type: ignore[no-untyped-def]
        data = {**complaint_data, "action": "submit", **changes}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("cases:complaint"), data)

    return post


@pytest.fixture
def chat(shipped_catalog, units, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """A web conversation with the assistant: ``chat(text)`` answers; ``chat.conversation`` is it."""
    return chat_in("web", django_capture_on_commit_callbacks)
