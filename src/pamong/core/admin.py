"""Admin for the audit log (read-only) and the audited base every app's admin uses."""

from __future__ import annotations

from django.contrib import admin

from pamong.core.audit import record
from pamong.core.models import AuditEntry, Unit


class AuditedAdmin(admin.ModelAdmin):
    """Admin whose saves and deletes go into the audit log like every other action."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        record(request.user, "admin.changed" if change else "admin.created", obj, fields=form.changed_data)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        record(request.user, "admin.deleted", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        for obj in queryset:
            record(request.user, "admin.deleted", obj)
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For append-only tables: look, never touch."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_label", "verb", "object_type", "object_id", "object_label")
    list_filter = ("verb", "object_type")
    search_fields = ("actor_label", "verb", "object_id", "object_label")


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("code", "short_name", "name_id", "parent", "active")
    list_filter = ("active",)
    search_fields = ("code", "short_name", "name_id", "name_en")
    filter_horizontal = ("members",)
