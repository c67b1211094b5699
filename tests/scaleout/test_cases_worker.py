"""Scale-out: complaints filed in one process are routed by a real Celery worker on Redis, on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

import psycopg
import pytest

from tests.services import REPO, pamong, pamong_env, postgres_database, redis_available, wait_for

pytestmark = pytest.mark.services

FILE = """
from pamong.cases import actions
submitted = actions.submit_complaint({
    "kind": "complaint",
    "description": "Jalan desa rusak parah dan berlubang, sudah setahun tidak diperbaiki",
    "region": "33.21.01.2001",
    "anonymous": "yes",
}, channel="api")
print(submitted.case.pk)
"""


@pytest.fixture(scope="module")
def pg_env(tmp_path_factory):  # type: ignore[no-untyped-def]
    with postgres_database() as url:
        env = pamong_env(tmp_path_factory.mktemp("var"), DATABASE_URL=url)
        pamong("migrate", "-v0", env=env)
        pamong(
            "shell",
            "-c",
            "from django.conf import settings; from pamong.core.units import load_units; "
            "load_units(settings.DATA_DIR / 'units/units-demo.csv')",
            env=env,
        )
        pamong("cases", "categories", env=env)
        pamong("cases", "import-history", str(REPO / "data/cases/demo-history.csv"), env=env)
        yield url, env


def _unit_of(url: str, case_id: int) -> str | None:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT u.code FROM cases_case c JOIN core_unit u ON u.id = c.unit_id WHERE c.id = %s", [case_id]
        ).fetchone()
    return row[0] if row else None


def test_a_worker_on_redis_routes_a_complaint_filed_elsewhere(pg_env) -> None:  # type: ignore[no-untyped-def]
    url, env = pg_env
    env = {**env, "CELERY_BROKER_URL": redis_available()}
    case_id = int(pamong("shell", "-c", FILE, env=env).stdout.strip().splitlines()[-1])
    assert _unit_of(url, case_id) is None  # filed, not yet routed: the work waits on Redis
    worker = subprocess.Popen(
        [sys.executable, "-m", "pamong.cli", "worker", "--concurrency", "1"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(lambda: _unit_of(url, case_id), 90, "the worker to route the complaint") == "dpupr"
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "cases.route_case" in output
    with psycopg.connect(url) as conn:
        (decisions,) = conn.execute(
            "SELECT count(*) FROM ai_decision d JOIN ai_aifunctioncard c ON c.id = d.card_id "
            "WHERE c.key = 'cases.complaint_router'"
        ).fetchone()
        (events,) = conn.execute(
            "SELECT count(*) FROM cases_caseevent WHERE case_id = %s", [case_id]
        ).fetchone()
    assert decisions == 1 and events >= 3  # submitted, routing note, forwarded


def test_the_sla_tick_runs_on_postgresql(pg_env) -> None:  # type: ignore[no-untyped-def]
    _url, env = pg_env
    output = pamong("cases", "tick", env=env).stdout
    assert output.startswith("escalated ")
