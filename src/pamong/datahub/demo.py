"""Demo: two messy real sources about the same indicators, harmonised into one published dataset.

The BPS provincial indicators (re-entered as a long table with Kemendagri codes) and the
Recovery Tracker's files (English province names, February/August surveys; upper-case
names with "KEP." for poverty) are imported, checked and published by the demo analyst.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User

from pamong.datahub import actions
from pamong.datahub.models import Dataset, VersionStatus

SLUG = "indikator-provinsi"
TITLE = "Indikator pembangunan provinsi (BPS)"
SOURCES = [
    (
        "BPS: indikator utama provinsi 2010-2022",
        "indicators/bps/provincial-indicators-2010-2022.csv",
        {"region": "region_name", "region_code": "region_code", "period": "year", "value": "value",
         "indicator": "indicator", "unit_column": "unit", "freq": "A"},
    ),
    (
        "Recovery Tracker: pengangguran per provinsi (Feb/Agu)",
        "indicators/recovery-tracker/ier_unemployment-province_cleaned.csv",
        {"region": "province", "period": "date", "value": "unemployment_rate",
         "indicator_value": "unemployment_rate", "unit": "percent", "level": "province"},
    ),
    (
        "Recovery Tracker: kemiskinan per provinsi (Maret 2021)",
        "indicators/recovery-tracker/ier_poverty-province_cleaned.csv",
        {"region": "prov", "period": "date", "value": "pov_rate", "indicator_value": "poverty_rate",
         "unit": "percent", "freq": "S", "level": "province"},
    ),
]  # fmt: skip
NOTE = "Demo: figures as published by BPS; leading zeros and known breaks reviewed."


def load(analyst: User | None = None) -> str:
    """Import, build and publish the demo dataset once (idempotent)."""
    dataset = Dataset.objects.filter(slug=SLUG).first()
    if dataset and dataset.published():
        return f"{SLUG} v{dataset.published().number} already published"
    actor = analyst or "demo-data"
    dataset = actions.create_dataset(
        TITLE, slug=SLUG, actor=actor, description="BPS + Indonesia Recovery Tracker"
    )
    for name, relative, mapping in SOURCES:
        actions.add_source(
            dataset, name, kind="csv", actor=actor, path=str(settings.DATA_DIR / relative), mapping=mapping
        )
    version = actions.request_build(dataset, actor=actor)
    version.refresh_from_db()
    if version.status == VersionStatus.REVIEW and analyst is not None:
        actions.approve(version, actor=analyst, note=NOTE)
    return f"{SLUG} v{version.number}: {version.rows} rows, quality {version.score}"
