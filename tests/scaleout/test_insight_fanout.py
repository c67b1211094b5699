"""Forecast runs fan out over Celery workers on Redis, with PostgreSQL as the database."""

from __future__ import annotations

import subprocess
import sys

import psycopg
import pytest

from tests.services import REPO, pamong, pamong_env, postgres_database, redis_available, wait_for

pytestmark = pytest.mark.services

START = """
from pamong.insight import actions
run = actions.start_forecast("unemployment-province-semiannual", horizon=2, actor="test", models=["naive", "pooled"])
print(run.pk)
"""


def test_a_forecast_run_is_split_into_chunk_tasks_that_a_worker_completes(tmp_path) -> None:
    broker = redis_available()
    with postgres_database() as url:
        env = pamong_env(
            tmp_path / "var", DATABASE_URL=url, CELERY_BROKER_URL=broker, PAMONG_INSIGHT_CHUNK_SERIES="10"
        )
        (tmp_path / "var").mkdir()
        pamong("migrate", "-v0", env=env)
        worker = subprocess.Popen(
            [sys.executable, "-m", "pamong.cli", "worker", "--concurrency", "2"],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output = ""
        try:
            run_id = int(pamong("shell", "-c", START, env=env).stdout.strip().splitlines()[-1])

            def finished() -> tuple | None:
                with psycopg.connect(url) as conn:
                    row = conn.execute(
                        "SELECT status, chunks_total, chunks_done FROM insight_forecastrun WHERE id = %s",
                        [run_id],
                    ).fetchone()
                return row if row[0] in ("done", "failed") else None

            try:
                status, total, done = wait_for(finished, 120, "the workers to forecast every chunk")
            finally:
                worker.terminate()
                output, _ = worker.communicate(timeout=30)
        except AssertionError:
            raise AssertionError(output[-3000:]) from None
        assert status == "done" and total == done >= 2
        assert "insight.forecast_chunk" in output and "insight.start_forecast" in output
        with psycopg.connect(url) as conn:
            (series,) = conn.execute(
                "SELECT count(*) FROM insight_forecastseries WHERE run_id = %s", [run_id]
            ).fetchone()
            (decisions,) = conn.execute(
                "SELECT count(*) FROM ai_decision d JOIN ai_aifunctioncard c ON c.id = d.card_id "
                "WHERE c.key = 'insight.forecast'"
            ).fetchone()
        assert series == 34 and decisions == 34
