"""A big CSV: read in chunks, never whole, with progress reported as it goes."""

from __future__ import annotations

import io

from pamong.core import regions
from pamong.datahub import actions
from pamong.datahub.management.commands.datahub import ProgressLine
from pamong.datahub.models import DatasetVersion


def test_a_big_csv_is_built_chunk_by_chunk_with_progress(
    db, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.DATAHUB_DIR = tmp_path / "datahub"
    regencies = [code for code in regions.table(2025) if code.count(".") == 1][:500]
    path = tmp_path / "besar.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("kode;tahun;nilai\n")
        for code in regencies:
            for year in range(1926, 2026):
                handle.write(f"{code};{year};{(year % 7) + 10},5\n")
    dataset = actions.create_dataset("Besar", slug="besar", actor="test")
    mapping = {
        "region_code": "kode",
        "period": "tahun",
        "value": "nilai",
        "indicator_value": "kepadatan",
        "unit": "percent",
    }
    actions.add_source(
        dataset,
        "besar",
        kind="csv",
        actor="test",
        path=str(path),
        mapping=mapping,
        options={"chunk_rows": 5000},
    )
    seen: list[tuple[float, str]] = []
    listener = actions.progress_listener(lambda share, note: seen.append((share, note)))
    with listener, django_capture_on_commit_callbacks(execute=True):
        actions.request_build(dataset, actor="test")
    version = DatasetVersion.objects.get(dataset__slug="besar")
    assert version.rows == len(regencies) * 100 == 50_000
    reading = [share for share, _note in seen if share <= 0.9]  # one report per chunk read
    assert len(reading) == 10  # 50,000 rows in chunks of 5,000: never one frame of the whole file
    shares = [share for share, _note in seen]
    assert shares == sorted(shares) and version.progress == 1.0


def test_the_command_line_progress_is_one_line_per_tenth_off_a_terminal() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream)
    for share in (0.0, 0.05, 0.12, 0.15, 0.31, 0.99, 1.0):
        line(share, "besar: 100 baris terbaca")
    assert [text.split("%")[0].strip() for text in stream.getvalue().splitlines()] == [
        "0.0",
        "12.0",
        "31.0",
        "99.0",
        "100.0",
    ]
