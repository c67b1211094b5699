"""An SQL source from the console: a configured database, a checked SELECT, mapped and refreshed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.urls import reverse

from pamong.datahub import connectors, published
from pamong.datahub.connectors import sql
from pamong.datahub.models import Dataset, DatasetVersion, Source, VersionStatus

QUERY = "SELECT provinsi, tahun, persen FROM kemiskinan WHERE tahun >= 2020 ORDER BY provinsi, tahun"
MAPPING = {
    "region": "provinsi",
    "period": "tahun",
    "value": "persen",
    "indicator_value": "poverty_rate",
    "unit": "percent",
}


def add(client, query: str, database: str = "statistik"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("datahub:datasets"),
        {"sql-dataset": "Kemiskinan SQL", "sql-name": "bps-db", "sql-database": database, "sql-query": query},
    )


def figures(slug: str) -> dict[tuple[str, int], float]:
    frame = published.frame(slug)
    return {(c, p.year): v for c, p, v in frame[["region_code", "period", "value"]].itertuples(index=False)}


def count_rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        (count,) = connection.execute("SELECT count(*) FROM kemiskinan").fetchone()
    connection.close()
    return count


def test_an_analyst_adds_a_query_maps_it_publishes_it_and_a_refresh_runs_it_again(
    analyst_client, statistik
) -> None:
    page = analyst_client.get(reverse("datahub:datasets")).content.decode()
    assert 'name="sql-query"' in page and '<option value="statistik">statistik</option>' in page
    response = add(analyst_client, QUERY)
    assert response.status_code == 302, response.content.decode()[:2000]
    source = Source.objects.get(dataset__slug="kemiskinan-sql")
    assert (source.kind, source.options) == ("sql", {"database": "statistik", "query": QUERY})
    preview = analyst_client.get(response["Location"]).content.decode()
    assert '<th scope="col">provinsi</th>' in preview and "15.53" in preview and "6.91" not in preview
    response = analyst_client.post(response["Location"], MAPPING)
    assert response.status_code == 302
    version = DatasetVersion.objects.get(dataset__slug="kemiskinan-sql", number=1)
    assert version.status == VersionStatus.REVIEW and version.rows == 4 and version.review == []
    assert version.lineage["sources"][0]["options"]["query"] == QUERY
    analyst_client.post(reverse("datahub:version", args=["kemiskinan-sql", 1]), {"approve": "1"})
    assert figures("kemiskinan-sql") == {
        ("11", 2020): 15.43,
        ("11", 2021): 15.53,
        ("32", 2020): 8.43,
        ("32", 2021): 7.97,
    }
    with sqlite3.connect(statistik) as connection:
        connection.execute("INSERT INTO kemiskinan VALUES ('Aceh', 2022, 14.64)")
    connection.close()
    analyst_client.post(reverse("datahub:dataset", args=["kemiskinan-sql"]), {"build": "1"})
    refreshed = DatasetVersion.objects.get(dataset__slug="kemiskinan-sql", number=2)
    assert refreshed.status == VersionStatus.REVIEW and refreshed.rows == 5
    analyst_client.post(reverse("datahub:version", args=["kemiskinan-sql", 2]), {"approve": "1"})
    assert figures("kemiskinan-sql")[("11", 2022)] == 14.64 and len(figures("kemiskinan-sql")) == 5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("DELETE FROM kemiskinan", "Hanya kueri SELECT (atau WITH … SELECT) yang boleh dijalankan"),
        ("SELECT 1; DROP TABLE kemiskinan", "Tulis tepat satu pernyataan SQL."),
        ("SELECT * FROM tidak_ada", "Kueri gagal: no such table: tidak_ada"),
    ],
)
def test_a_query_that_is_not_one_working_select_is_refused_and_nothing_is_saved(
    analyst_client, statistik, query: str, message: str
) -> None:
    response = add(analyst_client, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Dataset.objects.count() == 0 and Source.objects.count() == 0
    assert count_rows(statistik) == 5


def test_only_a_configured_database_can_be_chosen(analyst_client, statistik, settings) -> None:
    response = add(analyst_client, QUERY, database="lain")
    assert response.status_code == 200 and Source.objects.count() == 0
    settings.DATAHUB_SQL_SOURCES = {}
    assert 'name="sql-query"' not in analyst_client.get(reverse("datahub:datasets")).content.decode()


def test_the_sqlite_connection_is_read_only_whatever_runs_on_it(statistik) -> None:
    connection = sql.connect("statistik")
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("DELETE FROM kemiskinan")
    finally:
        connection.close()
    assert count_rows(statistik) == 5


@pytest.mark.services
def test_postgresql_refuses_a_data_modifying_with_that_passes_the_select_check(settings) -> None:
    """``WITH gone AS (DELETE ...) SELECT`` is a SELECT to the parser; the read-only session stops it."""
    import psycopg

    from tests.services import postgres_database

    with postgres_database() as url:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("CREATE TABLE t (wilayah text, nilai double precision)")
            admin.execute("INSERT INTO t VALUES ('Aceh', 15.43), ('Bali', 4.53)")
        settings.DATAHUB_SQL_SOURCES = {"pg": url}
        chunks = list(connectors.read("sql", "", {"database": "pg", "query": "SELECT * FROM t ORDER BY 1"}))
        assert chunks[0].frame.values.tolist() == [["Aceh", 15.43], ["Bali", 4.53]]
        delete = "WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone"
        assert sql.check_query(delete) == delete
        with pytest.raises(connectors.ConnectorError, match="read-only transaction"):
            list(connectors.read("sql", "", {"database": "pg", "query": delete}))
        with psycopg.connect(url) as admin:
            assert admin.execute("SELECT count(*) FROM t").fetchone() == (2,)
