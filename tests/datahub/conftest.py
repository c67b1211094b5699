"""Fixtures shared by the datahub tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pamong.datahub import actions
from pamong.datahub.models import DatasetVersion, VersionStatus
from tests.datahub.builds import CODED


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


@pytest.fixture
def build_csv(settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build a version from CSV lines (header first), with the dataset's own checks if given."""
    settings.DATAHUB_DIR = tmp_path / "datahub"

    def run(
        lines: list[str], mapping: dict | None = None, *, checks: dict | None = None, title: str = "Uji mutu"
    ) -> DatasetVersion:
        path = tmp_path / "sumber.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        dataset = actions.create_dataset(title, actor="uji", checks=checks)
        actions.add_source(dataset, "bps", kind="csv", actor="uji", path=str(path), mapping=mapping or CODED)
        version = actions.run_build(actions.request_build(dataset, actor="uji").pk)
        assert version.status == VersionStatus.REVIEW, version.error
        return version

    return run


# The SQL sources' configured database: poverty rates by province.
ROWS = [
    ("Aceh", 2020, 15.43),
    ("Aceh", 2021, 15.53),
    ("Jawa Barat", 2020, 8.43),
    ("Jawa Barat", 2021, 7.97),
    ("Jawa Barat", 2019, 6.91),  # left out by the query's WHERE
]


@pytest.fixture
def statistik(settings, tmp_path: Path) -> Path:
    """An SQLite file named ``statistik`` the way an operator names it (``sqlite:////abs/path``)."""
    path = tmp_path / "statistik.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE kemiskinan (provinsi TEXT, tahun INTEGER, persen REAL)")
        connection.executemany("INSERT INTO kemiskinan VALUES (?, ?, ?)", ROWS)
    connection.close()
    settings.DATAHUB_SQL_SOURCES = {"statistik": f"sqlite:///{path}"}
    return path
