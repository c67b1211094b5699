"""The audit log is append-only: in the ORM and in the database itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from pamong.core.audit import record
from pamong.core.models import AppendOnlyError, AuditEntry


def test_record_keeps_actor_verb_object_and_data(ani, small_catalog) -> None:
    from pamong.catalog.models import Service

    service = Service.objects.get(slug="ktp-uji")
    entry = record(ani, "catalog.viewed", service, reason="check")
    assert (entry.actor_id, entry.actor_label, entry.verb) == (ani.pk, "ani", "catalog.viewed")
    assert (entry.object_type, entry.object_id) == ("catalog.service", str(service.pk))
    assert entry.data == {"reason": "check"}


def test_an_entry_cannot_be_changed_or_deleted_through_the_orm(db) -> None:
    entry = record("system", "test.done")
    entry.verb = "test.undone"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_the_database_refuses_update_and_delete_from_raw_sql(db) -> None:
    entry = record("system", "test.done")
    for sql in (
        "UPDATE core_auditentry SET verb = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).verb == "test.done"
