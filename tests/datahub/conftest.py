"""Fixtures shared by the datahub tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def analyst_client(client, eko, settings, tmp_path, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Eko's browser; builds queued with transaction.on_commit run as the request ends."""
    settings.DATAHUB_DIR = tmp_path / "datahub"
    client.force_login(eko)
    post = client.post

    def post_and_run(*args, **kwargs):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_and_run
    return client
