"""Scale-out mode on the real servers: PostgreSQL for data, Celery workers on Redis."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.services import (
    celery_worker,
    pamong,
    pamong_env,
    postgres_database,
    redis_available,
    wait_for,
)

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def pg_env(tmp_path_factory):  # type: ignore[no-untyped-def]
    with postgres_database() as url:
        env = pamong_env(tmp_path_factory.mktemp("var"), DATABASE_URL=url)
        pamong("migrate", "-v0", env=env)
        pamong("demo-data", env=env)
        yield url, env


def test_demo_data_loads_and_is_measured_on_postgresql(pg_env) -> None:
    url, env = pg_env
    with psycopg.connect(url) as conn:
        (services,) = conn.execute("SELECT count(*) FROM catalog_service WHERE active").fetchone()
        (vendor,) = conn.execute("SELECT version()").fetchone()
    assert services >= 40 and vendor.startswith("PostgreSQL")
    cards = json.loads(pamong("ai", "list", "--json", env=env).stdout)
    search = next(card for card in cards if card["key"] == "catalog.search")
    assert search["latest_evaluation"]["n"] >= 400
    evaluation = search["latest_evaluation"]
    # Abstaining beats answering wrong: fewer than half the wrong answers of plain BM25.
    assert evaluation["metrics"]["wrong_rate"] < evaluation["baselines"]["bm25_plain"]["wrong_rate"] / 2


def test_postgresql_refuses_to_change_the_audit_log_and_young_decisions(pg_env) -> None:
    url, env = pg_env
    pamong(
        "shell", "-c", "from pamong.catalog.search import find; find('bikin ktp', channel='test')", env=env
    )
    with psycopg.connect(url) as conn:
        for sql in (
            "UPDATE core_auditentry SET verb = 'x'",
            "DELETE FROM core_auditentry",
            "UPDATE ai_decision SET confidence = 0",
            "DELETE FROM ai_decision",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(sql)
            conn.rollback()
        (entries,) = conn.execute("SELECT count(*) FROM core_auditentry").fetchone()
    assert entries > 0


SUBMIT = """
from django.contrib.auth.models import User
from pamong.catalog.actions import submit_upload
user, _ = User.objects.get_or_create(username="budi")
raw = open("tests/fixtures/catalog-small.yaml", "rb").read()
print(submit_upload("small.yaml", raw, actor=user).pk)
"""


def test_a_celery_worker_on_redis_does_the_slow_work(pg_env, tmp_path) -> None:
    url, env = pg_env
    broker = redis_available()
    env = {**env, "CELERY_BROKER_URL": broker}
    with celery_worker(env) as worker:
        upload_id = int(pamong("shell", "-c", SUBMIT, env=env).stdout.strip().splitlines()[-1])

        def status() -> str | None:
            with psycopg.connect(url) as conn:
                (value,) = conn.execute(
                    "SELECT status FROM catalog_catalogupload WHERE id = %s", [upload_id]
                ).fetchone()
            return value if value in ("done", "failed") else None

        assert wait_for(status, 60, "the worker to import the upload") == "done"
        assert worker.wait_for_line("catalog.process_upload", "succeeded")
    with psycopg.connect(url) as conn:
        (actor,) = conn.execute(
            "SELECT actor_label FROM core_auditentry WHERE verb = 'catalog.upload.done' AND object_id = %s",
            [str(upload_id)],
        ).fetchone()
        (service,) = conn.execute("SELECT name_id FROM catalog_service WHERE slug = 'skck-uji'").fetchone()
    assert actor == "worker" and service.startswith("Surat Keterangan Catatan Kepolisian")


def test_without_a_broker_the_same_work_runs_in_process(pg_env) -> None:
    url, env = pg_env
    upload_id = int(pamong("shell", "-c", SUBMIT, env=env).stdout.strip().splitlines()[-1])
    with psycopg.connect(url) as conn:
        (status,) = conn.execute(
            "SELECT status FROM catalog_catalogupload WHERE id = %s", [upload_id]
        ).fetchone()
    assert status == "done"
