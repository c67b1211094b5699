"""Incoming letters on the scale-out setup: a real `pamong worker` on Redis with PostgreSQL reads
an upload, and a worker killed in the middle of a letter leaves it resumable, not lost."""

from __future__ import annotations

import io
import signal
import subprocess
import sys

import psycopg
import pytest

from tests.documents import letters
from tests.services import (
    REPO,
    celery_worker,
    pamong,
    pamong_env,
    postgres_database,
    redis_available,
    wait_for,
)

pytestmark = pytest.mark.services

SUBMIT = """
from pathlib import Path
from pamong.documents.actions import receive_path
print(receive_path(Path({path!r}), source="cli", actor="test").pk)
"""


@pytest.fixture(scope="module")
def pg_env(tmp_path_factory):  # type: ignore[no-untyped-def]
    with postgres_database() as url:
        env = pamong_env(tmp_path_factory.mktemp("var"), DATABASE_URL=url)
        pamong("migrate", "-v0", env=env)
        yield url, env


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pamong.cli", "worker", "--concurrency", "1"],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def state_of(url: str, document_id: int) -> str:
    with psycopg.connect(url) as conn:
        (value,) = conn.execute(
            "SELECT state FROM documents_document WHERE id = %s", [document_id]
        ).fetchone()
    return value


def steps_of(url: str, document_id: int) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT name, outcome FROM documents_pipelinestep WHERE document_id = %s ORDER BY id",
            [document_id],
        ).fetchall()


def test_a_worker_reads_an_uploaded_scan(pg_env, tmp_path) -> None:
    url, env = pg_env
    env = {**env, "CELERY_BROKER_URL": redis_available()}
    scan = letters.write(tmp_path, "pindaian.png", letters.scanned_png())
    with celery_worker(env) as worker:
        document_id = int(
            pamong("shell", "-c", SUBMIT.format(path=str(scan)), env=env).stdout.strip().splitlines()[-1]
        )
        wait_for(
            lambda: state_of(url, document_id) in ("review", "registered", "failed"),
            90,
            "the worker to read the scan",
        )
        assert worker.wait_for_line("documents.process", "succeeded")
    assert state_of(url, document_id) == "review"
    with psycopg.connect(url) as conn:
        (nomor, ocr_pages) = conn.execute(
            "SELECT nomor_surat, ocr_pages FROM documents_document WHERE id = %s", [document_id]
        ).fetchone()
    assert nomor == "400.3.5/1234/DISDIK/2024" and ocr_pages == 1


def test_a_worker_killed_mid_letter_leaves_it_resumable(pg_env, tmp_path) -> None:
    from PIL import Image

    url, env = pg_env
    env = {**env, "CELERY_BROKER_URL": redis_available()}
    page = Image.open(io.BytesIO(letters.scanned_png(letters.text_letter("400.3.5/77/DISDIK/2024"))))
    tiff = tmp_path / "tiga-halaman.tif"
    page.save(tiff, save_all=True, append_images=[page, page, page])  # four pages: several seconds of OCR
    worker = start_worker(env)
    try:
        document_id = int(
            pamong("shell", "-c", SUBMIT.format(path=str(tiff)), env=env).stdout.strip().splitlines()[-1]
        )
        wait_for(lambda: ("read", "running") in steps_of(url, document_id), 60, "the worker to start reading")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert state_of(url, document_id) == "processing"  # stuck where the worker died, but kept
    replacement = start_worker(env)
    try:
        out = pamong("documents", "retry", "--stalled-after", "0", env=env).stdout
        assert "1 document(s) queued again" in out
        wait_for(
            lambda: state_of(url, document_id) in ("review", "registered", "failed"),
            120,
            "the letter to be read again",
        )
    finally:
        replacement.terminate()
        replacement.communicate(timeout=30)
    assert state_of(url, document_id) == "review"
    steps = steps_of(url, document_id)
    assert steps[0] == ("read", "failed") and ("read", "ok") in steps and steps[-1] == ("file", "ok")
