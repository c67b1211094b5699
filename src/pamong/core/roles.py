"""Staff roles and the few functions that decide who may do what.

Roles are Django groups, so an operator assigns them in the admin; access checks live
here and nowhere else.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

OFFICER = "officer"
SUPERVISOR = "supervisor"
ANALYST = "analyst"
AI_GOVERNANCE = "ai_governance"
ADMIN = "admin"
RECORDS_CLERK = "records_clerk"

ROLES = {
    OFFICER: _("Petugas layanan"),
    SUPERVISOR: _("Supervisor"),
    ANALYST: _("Analis / perencana"),
    AI_GOVERNANCE: _("Petugas tata kelola AI"),
    ADMIN: _("Administrator"),
    RECORDS_CLERK: _("Petugas TU / arsiparis"),
}


def roles_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    names = set(user.groups.values_list("name", flat=True)) & set(ROLES)
    if user.is_superuser:
        names.add(ADMIN)
    return names


def is_staff_member(user: Any) -> bool:
    """Anyone with a role may enter the console."""
    return bool(roles_of(user))


def can_view_registry(user: Any) -> bool:
    """The registry is transparency inside the office: every role reads it."""
    return is_staff_member(user)


def can_govern_ai(user: Any) -> bool:
    """Change thresholds, oversight modes and notices; run evaluations from the console."""
    return bool(roles_of(user) & {AI_GOVERNANCE, ADMIN})


def can_edit_catalog(user: Any) -> bool:
    return bool(roles_of(user) & {SUPERVISOR, ADMIN})


def can_handle_handoffs(user: Any) -> bool:
    """Officers and supervisors answer citizens the assistant handed over."""
    return bool(roles_of(user) & {OFFICER, SUPERVISOR, ADMIN})


def can_analyse_data(user: Any) -> bool:
    """Analysts import, check, publish and explore datasets (datahub, insight)."""
    return bool(roles_of(user) & {ANALYST, ADMIN})


def can_view_audit(user: Any) -> bool:
    return bool(roles_of(user) & {AI_GOVERNANCE, SUPERVISOR, ADMIN})


def can_register_letters(user: Any) -> bool:
    """Records clerks register incoming letters, review them and dispose them to units."""
    return bool(roles_of(user) & {RECORDS_CLERK, SUPERVISOR, ADMIN})


def can_read_dispositions(user: Any) -> bool:
    """Officers read the letters disposed to their unit (access is checked per letter)."""
    return bool(roles_of(user) & {OFFICER, RECORDS_CLERK, SUPERVISOR, ADMIN})


# Django model permissions each role gets in the admin (app label -> actions).
ADMIN_PERMISSIONS = {
    # Only the models registered in the admin are reachable: for cases the SLA policies,
    # holidays, complaint categories and Open311 clients (cases/admin.py).
    SUPERVISOR: {
        "catalog": ("view", "add", "change", "delete"),
        "cases": ("view", "add", "change", "delete"),
        "core": ("view",),
    },
    AI_GOVERNANCE: {"ai": ("view", "change"), "core": ("view",)},
}


def ensure_groups() -> None:
    """Create the role groups with their admin permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, actions in ADMIN_PERMISSIONS.get(name, {}).items():
            permissions = Permission.objects.filter(
                content_type__app_label=app_label, codename__regex=rf"^({'|'.join(actions)})_"
            )
            group.permissions.add(*permissions)


def can_use_insight(user: Any) -> bool:
    """Forecasts, scenarios and budget analytics: analysts and planners (and administrators)."""
    return bool(roles_of(user) & {ANALYST, ADMIN})
