"""A read-only SQL query against a database the operator configured.

Databases are named in ``PAMONG_DATAHUB_SQL_SOURCES`` (``name=url`` pairs); an analyst
picks a name, never types a URL. Only one SELECT (or WITH ... SELECT) statement is
accepted, and the connection itself is opened read-only (SQLite ``mode=ro``,
PostgreSQL ``default_transaction_read_only``), so a query cannot change anything.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import sqlparse
from django.conf import settings

from pamong.datahub.connectors import Chunk, ConnectorError

FETCH_ROWS = 50_000


def check_query(query: str) -> str:
    """The query when it is one read-only statement; a ``ConnectorError`` otherwise."""
    statements = [s for s in sqlparse.parse(query or "") if s.value.strip().strip(";").strip()]
    if len(statements) != 1:
        raise ConnectorError("give exactly one SQL statement")
    statement = statements[0]
    if statement.get_type() != "SELECT":
        raise ConnectorError("only a SELECT query may be run against a source database")
    return statement.value.strip().rstrip(";")


def connect(name: str):  # type: ignore[no-untyped-def]
    url = settings.DATAHUB_SQL_SOURCES.get(name)
    if not url:
        known = ", ".join(settings.DATAHUB_SQL_SOURCES) or "none configured"
        raise ConnectorError(
            f"no source database named {name!r} (known: {known}; see PAMONG_DATAHUB_SQL_SOURCES)"
        )
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return sqlite3.connect(f"file:{parsed.path}?mode=ro", uri=True)
    if parsed.scheme in ("postgres", "postgresql"):
        import psycopg

        connection = psycopg.connect(url, options="-c default_transaction_read_only=on", connect_timeout=10)
        connection.read_only = True
        return connection
    raise ConnectorError(f"source database {name!r}: only sqlite:/// and postgres:// URLs are supported")


def read(path: str, options: dict[str, Any]) -> Iterator[Chunk]:
    query = check_query(options.get("query", ""))
    connection = connect(options.get("database", ""))
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(query)
        except Exception as error:  # each driver has its own error types; the message is what matters
            raise ConnectorError(f"the query failed: {error}") from None
        columns = [column[0] for column in cursor.description]
        first = 1
        while rows := cursor.fetchmany(int(options.get("chunk_rows") or FETCH_ROWS)):
            frame = pd.DataFrame(rows, columns=columns, dtype=object)
            yield Chunk("", frame, first, 0.0)
            first += len(frame)
    finally:
        connection.close()
