"""A read-only SQL query against a database the operator configured.

Databases are named in ``PAMONG_DATAHUB_SQL_SOURCES`` (``name=url`` pairs); an analyst
picks a name, never types a URL. Only one SELECT (or WITH ... SELECT) statement is
accepted, and the connection itself is opened read-only (SQLite ``mode=ro``,
PostgreSQL ``default_transaction_read_only``), so a query cannot change anything, not
even a data-modifying ``WITH`` that the statement check lets through.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pandas as pd
import sqlparse
from django.conf import settings
from django.utils.translation import gettext as _

from pamong.datahub.connectors import Chunk, ConnectorError

FETCH_ROWS = 50_000


def databases() -> list[str]:
    """The database names an analyst may choose from (the operator's configuration)."""
    return sorted(settings.DATAHUB_SQL_SOURCES)


def check_query(query: str) -> str:
    """The query when it is one read-only statement; a ``ConnectorError`` otherwise."""
    statements = [s for s in sqlparse.parse(query or "") if s.value.strip().strip(";").strip()]
    if len(statements) != 1:
        raise ConnectorError(_("Tulis tepat satu pernyataan SQL."))
    statement = statements[0]
    if statement.get_type() != "SELECT":
        raise ConnectorError(
            _("Hanya kueri SELECT (atau WITH … SELECT) yang boleh dijalankan pada basis data sumber.")
        )
    return statement.value.strip().rstrip(";")


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///`` URL: ``sqlite:////srv/a.db`` (as DATABASE_URL writes it)
    and ``sqlite:///srv/a.db`` both name ``/srv/a.db``."""
    path = unquote(urlparse(url).path)
    return Path("/" + path.lstrip("/"))


def connect(name: str):  # type: ignore[no-untyped-def]
    url = settings.DATAHUB_SQL_SOURCES.get(name)
    if not url:
        known = ", ".join(databases()) or _("belum ada")
        raise ConnectorError(
            _(
                "Tidak ada basis data sumber bernama %(name)s (yang dikenal: %(known)s; lihat PAMONG_DATAHUB_SQL_SOURCES)."
            )
            % {"name": name, "known": known}
        )
    scheme = urlparse(url).scheme
    if scheme not in ("sqlite", "postgres", "postgresql"):
        raise ConnectorError(
            _("Basis data sumber %(name)s: hanya URL sqlite:/// dan postgres:// yang didukung.")
            % {"name": name}
        )
    try:
        return _open(scheme, url)
    except Exception as error:  # each driver has its own error types; the message is what matters
        raise ConnectorError(
            _("Basis data sumber %(name)s tidak dapat dibuka: %(error)s") % {"name": name, "error": error}
        ) from None


def _open(scheme: str, url: str):  # type: ignore[no-untyped-def]
    """A read-only connection: the database refuses writes whatever the query says."""
    if scheme == "sqlite":
        return sqlite3.connect(f"{sqlite_path(url).as_uri()}?mode=ro", uri=True)
    import psycopg

    connection = psycopg.connect(url, options="-c default_transaction_read_only=on", connect_timeout=10)
    connection.read_only = True
    return connection


def read(path: str, options: dict[str, Any]) -> Iterator[Chunk]:
    query = check_query(options.get("query", ""))
    connection = connect(options.get("database", ""))
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(query)
        except Exception as error:  # each driver has its own error types; the message is what matters
            raise ConnectorError(_("Kueri gagal: %(error)s") % {"error": error}) from None
        columns = [column[0] for column in cursor.description]
        first = 1
        while rows := cursor.fetchmany(int(options.get("chunk_rows") or FETCH_ROWS)):
            frame = pd.DataFrame(rows, columns=columns, dtype=object)
            yield Chunk("", frame, first, 0.0)
            first += len(frame)
    finally:
        connection.close()
