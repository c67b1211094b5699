"""Settings come from the environment and a wrong value stops the start, naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


def start(extra_env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAMONG_") and k != "DATABASE_URL"}
    env.update({"PAMONG_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "pamong.settings", **extra_env})
    return subprocess.run(
        [sys.executable, "-m", "pamong.cli", "check"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_embedded_default_starts_with_no_variables(tmp_path) -> None:
    result = start({}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PAMONG_DEBG", "true", "PAMONG_DEBG is not a pamong setting; did you mean PAMONG_DEBUG?"),
        ("PAMONG_DEBUG", "maybe", "PAMONG_DEBUG='maybe' is not a boolean"),
        ("PAMONG_LANGUAGE", "fr", "PAMONG_LANGUAGE='fr' is not one of: id, en"),
        (
            "PAMONG_DECISION_RETENTION_DAYS",
            "30",
            "PAMONG_DECISION_RETENTION_DAYS=30 is below the minimum 183",
        ),
        ("PAMONG_EMAIL_PORT", "twenty-five", "PAMONG_EMAIL_PORT='twenty-five' is not a whole number"),
        ("DATABASE_URL", "mysql://x@localhost/db", "DATABASE_URL must be sqlite:/// or postgres://"),
        ("CELERY_BROKER_URL", "kafka://localhost", "CELERY_BROKER_URL must start with redis://"),
        ("PAMONG_SECRET_KEY", "short", "PAMONG_SECRET_KEY must be at least 32 characters"),
    ],
)
def test_a_wrong_value_stops_the_start_and_names_the_variable(variable, value, message, tmp_path) -> None:
    result = start({variable: value}, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
