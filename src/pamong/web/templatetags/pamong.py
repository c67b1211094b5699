"""Template helpers: the active-language text of a bilingual field, rupiah, percentages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def t(obj: Any, field: str) -> str:
    """{{ service|t:"name" }} -> name_en in English when present, else name_id."""
    return obj.t(field)


@register.filter
def rupiah(amount: int | None) -> str:
    if amount is None:
        return ""
    return "Rp" + f"{amount:,}".replace(",", ".")


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f}%"


@register.filter
def number(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "–"
    if not isinstance(value, int | float):  # a structured metric (e.g. MASE per model): shown as is
        return str(value)
    return f"{value:.{digits}f}"


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None
