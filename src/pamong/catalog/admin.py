from django.contrib import admin

from pamong.catalog.models import Category, Faq, Fee, LegalBasis, Requirement, Service, Step
from pamong.core.admin import AuditedAdmin


class RequirementInline(admin.StackedInline):
    model = Requirement
    extra = 0


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


class FaqInline(admin.StackedInline):
    model = Faq
    extra = 0


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ("name_id", "slug", "category", "agency_id", "service_days", "active", "updated_at")
    list_filter = ("category", "active")
    search_fields = ("name_id", "name_en", "slug", "synonyms")
    inlines = [RequirementInline, StepInline, FeeInline, LegalBasisInline, FaqInline]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        super().save_formset(request, form, formset, change)
        # Inline edits change the service's facts: bump updated_at so search re-indexes.
        form.instance.save(update_fields=["updated_at"])


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("key", "name_id", "name_en", "order")
