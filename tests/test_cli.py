"""The `pamong` operator command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pamong.catalog.models import Service
from tests.conftest import FIXTURES, REPO


def test_the_console_script_maps_hyphenated_commands(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pamong.cli", "demo-data", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PAMONG_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "Load the shipped catalog" in result.stdout


def test_the_pamong_command_is_installed_next_to_python() -> None:
    assert shutil.which("pamong", path=str(REPO / ".venv" / "bin")) or shutil.which("pamong")


def test_catalog_export_and_import_from_the_command_line(small_catalog, tmp_path) -> None:
    target = tmp_path / "catalog.yaml"
    call_command("catalog", "export", str(target), stdout=StringIO())
    assert "slug: ktp-uji" in target.read_text(encoding="utf-8")
    out = StringIO()
    call_command("catalog", "import", str(target), stdout=out)
    assert out.getvalue().strip() == "0 services created, 3 updated, 0 deactivated, 2 FAQ entries"


def test_a_bad_import_from_the_command_line_names_every_problem_and_imports_nothing(db, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (FIXTURES / "catalog-small.yaml").read_text().replace("category: kepolisian", "category: tni")
    )
    with pytest.raises(CommandError, match=r"(?s)nothing was imported:.*unknown category 'tni'"):
        call_command("catalog", "import", str(bad))
    assert Service.objects.count() == 0
    with pytest.raises(CommandError, match="no such file"):
        call_command("catalog", "import", str(tmp_path / "missing.yaml"))
