"""Who may see and do what with incoming letters: the only place these checks live.

Originals may carry personal data (UU 27/2022): records clerks, supervisors and
administrators see every letter; an officer sees only letters disposed to one of their
units; every view of content is audited by the caller through ``actions.view_original``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pamong.core import roles
from pamong.documents.models import Disposition, Document


def can_register(user: Any) -> bool:
    return roles.can_register_letters(user)


def visible_documents(user: Any) -> QuerySet[Document]:
    if roles.can_register_letters(user):
        return Document.objects.all()
    if roles.can_read_dispositions(user):
        return Document.objects.filter(
            dispositions__unit__members=user, dispositions__suggested=False
        ).distinct()
    return Document.objects.none()


def can_view(user: Any, document: Document) -> bool:
    return visible_documents(user).filter(pk=document.pk).exists()


def dispositions_for(user: Any) -> QuerySet[Disposition]:
    """Dispositions to the user's units (all of them for clerks and supervisors)."""
    items = Disposition.objects.filter(suggested=False).select_related(
        "document", "unit", "read_by", "created_by"
    )
    if roles.can_register_letters(user):
        return items
    if roles.can_read_dispositions(user):
        return items.filter(unit__members=user)
    return items.none()


def can_mark_read(user: Any, disposition: Disposition) -> bool:
    return disposition.unit.members.filter(pk=user.pk).exists() or roles.can_register_letters(user)
