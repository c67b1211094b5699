"""Database triggers that make a table append-only, for SQLite and PostgreSQL.

The ORM guard in ``AppendOnlyModel`` stops honest code; the triggers stop raw SQL,
admin bulk actions and anyone with a database shell.
"""

from __future__ import annotations

from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION pamong_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _run(schema_editor, sql: str) -> None:  # type: ignore[no-untyped-def]
    """Execute DDL as is: params=None keeps psycopg from reading % as a placeholder."""
    schema_editor.execute(sql, params=None)


def _install(table: str, delete_guard_sqlite: str, delete_guard_pg: str):  # type: ignore[no-untyped-def]
    def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            _run(
                schema_editor,
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;",
            )
            _run(
                schema_editor,
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} {delete_guard_sqlite} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;",
            )
        elif vendor == "postgresql":
            _run(schema_editor, PG_FUNCTION)
            _run(
                schema_editor,
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION pamong_refuse_change();",
            )
            _run(
                schema_editor,
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW "
                f"{delete_guard_pg} EXECUTE FUNCTION pamong_refuse_change();",
            )

    def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
        vendor = schema_editor.connection.vendor
        for suffix in ("no_update", "no_delete"):
            if vendor == "sqlite":
                _run(schema_editor, f"DROP TRIGGER IF EXISTS {table}_{suffix};")
            elif vendor == "postgresql":
                _run(schema_editor, f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table};")

    return forwards, backwards


def append_only(table: str) -> migrations.RunPython:
    """A migration operation making ``table`` refuse every UPDATE and DELETE."""
    forwards, backwards = _install(table, "", "")
    return migrations.RunPython(forwards, backwards)


def append_only_with_retention(table: str, column: str, days: int) -> migrations.RunPython:
    """Refuse every UPDATE, and DELETE of rows younger than ``days`` (legal retention)."""
    forwards, backwards = _install(
        table,
        f"WHEN old.{column} > datetime('now', '-{days} days')",
        f"WHEN (OLD.{column} > now() - interval '{days} days')",
    )
    return migrations.RunPython(forwards, backwards)
