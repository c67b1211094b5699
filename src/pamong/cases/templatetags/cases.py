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


@register.filter
def masked(value: str) -> str:
    """Show the shape of an identifier, not the identifier: 3321********0001, +62812*****90."""
    if not value:
        return ""
    if "@" in value:
        name, _, domain = value.partition("@")
        return f"{name[:1]}***@{domain}"
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
