"""Django's SQLite backend, with write transactions taken in turn through a lock file.

SQLite lets one writer in at a time. Another writer gets "busy" and SQLite's default
handler sleeps 1, 2, 5, 10, 15... ms before trying again, even if the lock was freed a
moment after it started sleeping. Under concurrent filings the web processes' threads
spent more time sleeping than writing, and the two cores stayed half idle
(bench/cases.py, decision 0061). Here every write transaction (``BEGIN IMMEDIATE``, which
is how ``transaction.atomic`` starts one) first takes an exclusive ``flock`` on
``<database>.write-lock``: waiting writers queue in the kernel and the next one runs the
moment the previous one commits or rolls back. Readers never wait (WAL). In-memory
databases (the test runner's) and systems without ``fcntl`` use Django's backend as is.
"""

from __future__ import annotations

import os
from typing import Any

from django.db.backends.sqlite3 import base

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux
    fcntl = None  # type: ignore[assignment]


def _lock_path(name: Any) -> str | None:
    name = str(name or "")
    if fcntl is None or not name or name == ":memory:" or "mode=memory" in name:
        return None
    return f"{name}.write-lock"


class DatabaseWrapper(base.DatabaseWrapper):
    """One connection (one thread); holds the write lock from BEGIN to COMMIT/ROLLBACK."""

    _lock_file: int | None = None
    _holding = False

    def _take_write_lock(self) -> None:
        path = _lock_path(self.settings_dict.get("NAME"))
        if path is None:
            return
        if self._lock_file is None:
            self._lock_file = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        self._holding = True

    def _release_write_lock(self) -> None:
        if self._holding and self._lock_file is not None:
            self._holding = False
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self) -> None:
        self._take_write_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._release_write_lock()
            if self._lock_file is not None:
                os.close(self._lock_file)
                self._lock_file = None
