"""``record(actor, verb, obj)``: the one way every action writes the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from pamong.core.models import AuditEntry


def actor_fields(actor: Any) -> tuple[int | None, str]:
    """A user, or a plain label such as ``"system"`` or ``"citizen"``."""
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor[:150]
    if getattr(actor, "is_authenticated", False):
        return actor.pk, actor.get_username()[:150]
    return None, "anonymous"


def record(actor: Any, verb: str, obj: Any = None, **data: Any) -> AuditEntry:
    """Append one audit entry. ``obj`` is a model instance, a ``"type:id"`` string or None."""
    actor_id, actor_label = actor_fields(actor)
    if isinstance(obj, models.Model):
        object_type, object_id, label = obj._meta.label_lower, str(obj.pk or ""), str(obj)[:300]
    elif isinstance(obj, str):
        object_type, _, object_id = obj.partition(":")
        label = ""
    else:
        object_type, object_id, label = "", "", ""
    return AuditEntry.objects.create(
        actor_id=actor_id,
        actor_label=actor_label,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        object_label=label,
        data=data,
    )
