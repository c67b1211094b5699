"""Template helpers of the cases pages."""

from __future__ import annotations

from typing import Any

from django import template

from pamong.cases.regions_choice import region_label
from pamong.core.privacy import EMAIL, NIK_OR_KK, PHONE, mask_identifiers

register = template.Library()


@register.filter
def spec_field(spec: Any, name: str) -> Any:
    """{% with field=spec|spec_field:"latitude" %}: one field of a form definition."""
    return spec.field(name)


@register.filter
def region(code: str) -> str:
    """'33.21.01.2001' -> 'Banyumeneng, Kec. Mranggen'."""
    return region_label(code)


def _initials(name: str) -> str:
    """'Budi Santoso' -> 'B*** S******': the first letter of each word, as on a masked list."""
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in name.split())


@register.filter
def masked(value: str) -> str:
    """Show the shape of an identifier, not the identifier: 3321**********03, +62812******90,
    b***@contoh.id; a name (any value with a letter) by its initials, B*** S******, because
    six leading letters and two trailing ones give most names away."""
    if not value:
        return ""
    if "@" in value:
        name, _, domain = value.partition("@")
        return f"{name[:1]}***@{domain}"
    if any(char.isalpha() for char in value):
        return _initials(value)
    if len(value) <= 6:
        return "*" * len(value)
    keep = 4 if value.isdigit() else 6
    return value[:keep] + "*" * (len(value) - keep - 2) + value[-2:]


@register.filter
def masked_field(value: Any) -> str:
    """A service field (a deceased's NIK, a witness's phone) shown like the reporter's identifiers:
    a whole NIK, KK, phone or e-mail by its shape, one inside free text masked in place."""
    text = "" if value is None else str(value)
    if any(pattern.fullmatch(text.strip()) for pattern in (NIK_OR_KK, PHONE, EMAIL)):
        return masked(text.strip())
    return mask_identifiers(text)
