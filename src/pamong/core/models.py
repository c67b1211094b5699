"""Shared models: the append-only audit log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only table."""


class AppendOnlyModel(models.Model):
    """Rows are written once. The database refuses UPDATE/DELETE too (triggers in migrations)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError(f"{self._meta.label} rows cannot be deleted")


class AuditEntry(AppendOnlyModel):
    """One action by one actor on one object. Never edited, never deleted."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(_("pelaku"), max_length=150)
    verb = models.CharField(_("tindakan"), max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=80, blank=True, db_index=True)
    object_label = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_type}:{self.object_id}"


class Bilingual:
    """Models with ``<field>_id`` / ``<field>_en`` pairs: ``t("name")`` picks the active language."""

    def t(self, field: str) -> str:
        from django.utils.translation import get_language

        if (get_language() or "id").startswith("en"):
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, f"{field}_id", "")


class Unit(Bilingual, models.Model):
    """An organisational unit of the government (a dinas, badan, bagian or kecamatan).

    Cases are routed to units, letters disposed to them, officers work in them; every
    domain refers to this one table so a pemda keeps its organisation chart in one place.
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name_id = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    email = models.EmailField(_("surel"), blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    members = models.ManyToManyField("auth.User", blank=True, related_name="units", verbose_name=_("anggota"))

    class Meta:
        ordering = ["name_id"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return self.short_name or self.name_id

    @property
    def name(self) -> str:
        return self.t("name")
