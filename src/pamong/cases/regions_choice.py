"""The districts and villages of the area this government serves, for the location picker."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from pamong.core import regions


@lru_cache(maxsize=4)
def _groups(area: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    if not area:
        return []
    return [(code, name, regions.children(code)) for code, name in regions.children(area)]


def region_groups() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(district code, district name, [(village code, village name)]) for PAMONG_REGION_CODE."""
    return _groups(settings.REGION_CODE)


def region_label(code: str) -> str:
    """'Banyumeneng, Kec. Mranggen' for a village; the district's name for a district."""
    if not code:
        return ""
    name = regions.name(code) or code
    if regions.level(code) == "village":
        district = regions.name(code.rsplit(".", 1)[0]) or ""
        return f"{name}, Kec. {district}"
    return f"Kec. {name}" if regions.level(code) == "district" else name
