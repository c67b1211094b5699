"""Template helpers: the active-language text of a bilingual field, rupiah, percentages."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

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


def _decimal(value: float, digits: int) -> str:
    """``value`` rounded to ``digits`` decimals with the active language's decimal mark
    (0,457 in Indonesian, 0.457 in English). Rounded here because Django's number_format
    cuts a float's extra decimals off instead of rounding them."""
    return number_format(Decimal(f"{value:.{digits}f}"), decimal_pos=digits, use_l10n=True)


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """A share (0.725) as a percentage for people: "72,5%" / "72.5%". Not for CSV or JSON."""
    if value is None or not math.isfinite(value):
        return "–"
    return _decimal(value * 100, digits) + "%"


@register.filter
def number(value: float | None, digits: int = 3) -> str:
    """A figure for people, with the active language's decimal mark. Not for CSV or JSON."""
    if value is None:
        return "–"
    if not isinstance(value, int | float):  # a structured metric (e.g. MASE per model): shown as is
        return str(value)
    if not math.isfinite(value):  # an undefined metric (NaN) is no figure
        return "–"
    return _decimal(value, digits)


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None
