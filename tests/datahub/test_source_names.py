"""A source's name is its identity in a dataset: the console never lets a new source take
the place of another one unless the analyst ticks "Ganti sumber yang ada"."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from pamong.core.models import AuditEntry
from pamong.datahub import storage
from pamong.datahub.models import Source
from tests.datahub.test_sql_source import QUERY

CSV = b"provinsi,tahun,persen\nAceh,2020,15.43\nAceh,2021,15.53\n"
CLASH = "Dataset kemiskinan-sql sudah punya sumber bernama bps"


def upload(client, name: str = "bps", **extra: str):  # type: ignore[no-untyped-def]
    file = SimpleUploadedFile("miskin.csv", CSV)
    return client.post(
        reverse("datahub:datasets"), {"dataset": "Kemiskinan SQL", "name": name, "file": file, **extra}
    )


def add_sql(client, name: str = "bps", **extra: str):  # type: ignore[no-untyped-def]
    fields = {"sql-dataset": "Kemiskinan SQL", "sql-name": name, "sql-database": "statistik"}
    return client.post(reverse("datahub:datasets"), {**fields, "sql-query": QUERY, **extra})


def uploads() -> list[str]:
    return sorted(p.name for p in (storage.root() / "uploads").glob("*") if not p.name.startswith("."))


def test_an_sql_source_cannot_silently_replace_an_uploaded_one(analyst_client, statistik) -> None:
    assert upload(analyst_client).status_code == 302
    before = Source.objects.get()
    assert (before.kind, before.file_name, before.options) == ("csv", "miskin.csv", {})
    response = add_sql(analyst_client)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        escape(
            "Dataset kemiskinan-sql sudah punya sumber bernama bps (CSV: miskin.csv). Pilih nama lain, "
            "atau centang “Ganti sumber yang ada” untuk menggantinya."
        )
        in page
    )
    # what was typed is still in the form, the query included
    assert 'name="sql-name" value="bps"' in page and escape(QUERY) in page
    assert 'value="Kemiskinan SQL"' in page and 'name="sql-replace"' in page
    after = Source.objects.get()
    assert (after.pk, after.kind, after.options, after.mapping) == (before.pk, "csv", {}, before.mapping)
    assert (after.file_path, after.file_sha256, after.file_size) == (
        before.file_path,
        before.file_sha256,
        len(CSV),
    )
    assert AuditEntry.objects.filter(verb="datahub.source.saved").count() == 1


def test_ticking_replace_turns_the_upload_into_the_sql_source(analyst_client, statistik) -> None:
    upload(analyst_client)
    original = Source.objects.get()
    response = add_sql(analyst_client, **{"sql-replace": "on"})
    assert response.status_code == 302
    source = Source.objects.get()
    assert response["Location"] == reverse("datahub:source", args=[source.pk])
    assert (source.pk, source.kind) == (original.pk, "sql")
    assert source.options == {"database": "statistik", "query": QUERY}
    # nothing of the replaced file is left to mislead the lineage
    assert (source.file_path, source.file_name, source.file_sha256, source.file_size) == ("", "", "", 0)
    entry = AuditEntry.objects.filter(verb="datahub.source.saved").order_by("pk").last()
    assert (entry.data["created"], entry.data["replaced_kind"]) == (False, "csv")


def test_an_upload_cannot_silently_replace_an_sql_source(analyst_client, statistik) -> None:
    assert add_sql(analyst_client).status_code == 302
    response = upload(analyst_client)
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(f"{CLASH} (SQL: statistik).") in page
    assert 'name="name" value="bps"' in page and 'value="Kemiskinan SQL"' in page
    source = Source.objects.get()
    assert (source.kind, source.options, source.file_path) == (
        "sql",
        {"database": "statistik", "query": QUERY},
        "",
    )
    assert uploads() == []  # the refused file was not even stored
    response = upload(analyst_client, replace="on")
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.kind, source.file_name, source.options) == ("csv", "miskin.csv", {})
    assert len(uploads()) == 1 and source.file_path.endswith(uploads()[0])


def test_a_second_upload_or_query_under_a_used_name_is_refused_too(analyst_client, statistik) -> None:
    upload(analyst_client)
    assert escape(f"{CLASH} (CSV: miskin.csv).") in upload(analyst_client).content.decode()
    add_sql(analyst_client, name="bps-db")
    response = add_sql(analyst_client, name="bps-db")
    assert escape("sudah punya sumber bernama bps-db (SQL: statistik).") in response.content.decode()
    assert sorted(Source.objects.values_list("name", "kind")) == [("bps", "csv"), ("bps-db", "sql")]


def test_the_same_name_in_another_dataset_is_no_clash(analyst_client, statistik) -> None:
    upload(analyst_client)
    fields = {"sql-dataset": "Lain", "sql-name": "bps", "sql-database": "statistik", "sql-query": QUERY}
    assert analyst_client.post(reverse("datahub:datasets"), fields).status_code == 302
    assert sorted(Source.objects.values_list("dataset__slug", "kind")) == [
        ("kemiskinan-sql", "csv"),
        ("lain", "sql"),
    ]


def test_the_action_itself_refuses_a_clash_it_is_not_told_to_replace(settings, tmp_path: Path, db) -> None:
    """The console checks first; the action is the guard when two requests race."""
    from pamong.datahub import actions

    settings.DATAHUB_DIR = tmp_path / "datahub"
    path = tmp_path / "miskin.csv"
    path.write_bytes(CSV)
    dataset = actions.create_dataset("Kemiskinan SQL", actor="uji")
    actions.add_source(dataset, "bps", kind="csv", actor="uji", path=str(path))
    options = {"database": "statistik", "query": QUERY}
    with pytest.raises(actions.DatahubError, match=f"^{CLASH} \\(CSV: miskin.csv\\)"):
        actions.add_source(dataset, "bps", kind="sql", actor="uji", options=options, replace=False)
    assert Source.objects.get().kind == "csv"
    # a refresh (the command line, replace_file) still replaces by default
    actions.add_source(dataset, "bps", kind="sql", actor="uji", options=options)
    assert (Source.objects.get().kind, Source.objects.get().file_path) == ("sql", "")
