"""Admin for the reference tables a pemda tunes: categories, SLA periods, local days off, Open311 clients.

Cases themselves are worked in the officer console (access checks, masking, audit), never here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pamong.cases.models import ApiClient, Category, Holiday, SlaPolicy
from pamong.core.admin import AuditedAdmin


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("code", "name_id", "name_en", "default_unit", "order", "active")
    list_filter = ("active", "default_unit")
    search_fields = ("code", "name_id", "name_en")
    ordering = ("order", "code")


class SlaPolicyForm(forms.ModelForm):
    class Meta:
        model = SlaPolicy
        fields = ("category", "service", "verify_days", "respond_days", "resolve_days")

    def clean(self) -> dict:
        """One subject per policy: with both set, the service would silently win over the category."""
        cleaned = super().clean()
        if bool(cleaned.get("category")) == bool(cleaned.get("service")):
            raise forms.ValidationError(_("Isi kategori atau layanan, salah satu saja."))
        verify, respond, resolve = (
            cleaned.get(name) for name in ("verify_days", "respond_days", "resolve_days")
        )
        if None not in (verify, respond, resolve) and resolve < max(verify, respond):
            raise forms.ValidationError(
                _("Batas penyelesaian tidak boleh lebih pendek dari batas verifikasi atau tindak lanjut.")
            )
        return cleaned


@admin.register(SlaPolicy)
class SlaPolicyAdmin(AuditedAdmin):
    form = SlaPolicyForm
    list_display = ("__str__", "category", "service", "verify_days", "respond_days", "resolve_days")
    list_filter = (("category", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("category__code", "category__name_id", "service__slug", "service__name_id")
    autocomplete_fields = ("category", "service")
    list_select_related = ("category", "service")


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    list_display = ("date", "name")
    search_fields = ("name",)
    date_hierarchy = "date"


@admin.register(ApiClient)
class ApiClientAdmin(AuditedAdmin):
    """Keys are made by ``pamong cases open311-client NAME`` (shown once); here a client is switched off."""

    list_display = ("name", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("name",)
    fields = ("name", "active", "created_at")
    readonly_fields = ("created_at",)

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
