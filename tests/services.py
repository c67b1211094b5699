"""Reaching the real PostgreSQL and Redis servers for the scale-out tests.

Where a server does not answer the tests are skipped with the reason, except under CI
(``CI=true``), where a missing server is a failure: CI must run them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@contextmanager
def local_http_server(handler: type) -> Iterator[str]:
    """A real HTTP server on a free local port, standing in for an outside service; yields its base URL."""
    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the scale-out tests, but {reason}")
    pytest.skip(reason)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test module; dropped afterwards."""
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        unavailable(f"PostgreSQL at {POSTGRES_ADMIN_URL} does not answer ({error.__class__.__name__})")
    name = f"pamong_test_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _redis_url_of_this_process() -> str:
    """REDIS_URL with a database of its own per pytest-xdist process (15 for gw0, 14 for gw1...).

    Two test processes sharing one database flushed each other's queues and their workers
    took each other's tasks; within one process the scale-out tests run one at a time.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    base, _, db = REDIS_URL.rpartition("/")
    return f"{base}/{max(0, int(db or 15) - index)}" if db.isdigit() else REDIS_URL


def redis_available() -> str:
    """An empty Redis database for this test (flushed first), or a skip/failure with the reason."""
    import redis

    url = _redis_url_of_this_process()
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        client.ping()
    except redis.RedisError as error:
        unavailable(f"Redis at {url} does not answer ({error.__class__.__name__})")
    client.flushdb()
    return url


def pamong_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a separate pamong process: nothing inherited from the test settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAMONG_", "DATABASE_URL", "CELERY_"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update({"PAMONG_VAR_DIR": str(var_dir), "PAMONG_SECRET_KEY": "t" * 40, **extra})
    return env


def pamong(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "pamong.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise AssertionError(f"pamong {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def wait_for(check, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class WorkerLog:
    """What a Celery worker process has printed so far, read on a thread as it runs."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def wait_for_line(self, *words: str, timeout: float = 60) -> str:
        """The first line holding every one of ``words`` (a task's "succeeded" is logged after it returns)."""

        def line() -> str | None:
            return next((text for text in list(self.lines) if all(word in text for word in words)), None)

        return wait_for(line, timeout, f"the worker to log {' '.join(words)!r}")


@contextmanager
def celery_worker(env: dict[str, str], concurrency: int = 1) -> Iterator[WorkerLog]:
    """A ``pamong worker`` process on ``env``'s broker, stopped (warm shutdown) on exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pamong.cli", "worker", "--concurrency", str(concurrency)],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = WorkerLog(process)
    try:
        yield log
    finally:
        process.terminate()
        process.wait(timeout=30)
        log._reader.join(timeout=5)
