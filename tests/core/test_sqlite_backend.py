"""The embedded default's SQLite backend holds a lock file for exactly the length of a write transaction."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from pamong.core.sqlite.base import _lock_path


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker, monkeypatch):  # type: ignore[no-untyped-def]
    """These tests open their own database files, not the test database.

    A browser test earlier in the same process leaves Playwright's event loop on this
    thread, and Django then refuses new connections from it as if we were async code.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with django_db_blocker.unblock():
        yield


def _connection(path: Path):  # type: ignore[no-untyped-def]
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "pamong.core.sqlite",
                "NAME": str(path),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
            }
        }
    )
    connection = handler["default"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS note (text TEXT)")
    return connection


def _lock_is_free(path: Path) -> bool:
    """Whether another open file could take the write lock right now."""
    handle = os.open(f"{path}.write-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(handle)  # closing releases a lock taken here
    return True


def _begin(connection) -> None:  # type: ignore[no-untyped-def]
    """What ``transaction.atomic`` does on SQLite to open the outermost block."""
    connection._start_transaction_under_autocommit()


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_write_transaction_holds_the_lock_until_it_ends(tmp_path, end) -> None:
    database = tmp_path / "pamong.sqlite3"
    connection = _connection(database)
    assert _lock_is_free(database)
    _begin(connection)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES ('satu')")
    assert not _lock_is_free(database)
    getattr(connection, end)()
    assert _lock_is_free(database)
    connection.close()
    rows = _connection(database).cursor().execute("SELECT count(*) FROM note").fetchone()[0]
    assert rows == (1 if end == "commit" else 0)


def test_a_second_writer_waits_for_the_first_and_both_are_kept(tmp_path) -> None:
    database = tmp_path / "pamong.sqlite3"
    _connection(database).close()
    order: list[str] = []
    first_holds, first_may_commit = threading.Event(), threading.Event()

    def first() -> None:
        connection = _connection(database)
        _begin(connection)
        connection.cursor().execute("INSERT INTO note VALUES ('pertama')")
        first_holds.set()
        first_may_commit.wait(10)
        order.append("first commits")
        connection.commit()
        connection.close()

    def second() -> None:
        first_holds.wait(10)
        connection = _connection(database)
        order.append("second asks")
        _begin(connection)  # blocks on the lock file until the first commits
        order.append("second writes")
        connection.cursor().execute("INSERT INTO note VALUES ('kedua')")
        connection.commit()
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_holds.wait(10)
    while "second asks" not in order:
        threading.Event().wait(0.01)
    assert not _lock_is_free(database)
    first_may_commit.set()
    for thread in threads:
        thread.join(10)
    assert order == ["second asks", "first commits", "second writes"]
    rows = _connection(database).cursor().execute("SELECT text FROM note ORDER BY rowid").fetchall()
    assert rows == [("pertama",), ("kedua",)]


def test_memory_databases_take_no_lock() -> None:
    assert _lock_path(":memory:") is None
    assert _lock_path("file:memorydb_default?mode=memory&cache=shared") is None
    assert _lock_path("/srv/pamong/var/pamong.sqlite3") == "/srv/pamong/var/pamong.sqlite3.write-lock"


def test_the_embedded_default_uses_it(settings) -> None:
    assert settings.DATABASES["default"]["ENGINE"] in ("pamong.core.sqlite", "django.db.backends.postgresql")
