"""What pamong knows about common indicators: unit, plausible range, how they add up.

A dataset's own settings (``Dataset.checks``) override these. ``additive`` indicators
(persons, rupiah) must add up from regencies to their province; rates must not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    slug: str
    name_id: str
    name_en: str
    unit: str
    low: float | None = None
    high: float | None = None
    additive: bool = False
    known_breaks: tuple[tuple[int, str], ...] = ()


HDI_BREAK = (
    2013,
    _(
        "BPS mengubah metode IPM pada 2010-2014 (di sini metode baru dipakai mulai 2013): "
        "angka sebelum 2013 memakai metode lama dan tidak sebanding"
    ),
)

COVID = ((2020, _("resesi COVID-19")), (2021, _("pemulihan setelah resesi COVID-19")))

KNOWN = {
    i.slug: i
    for i in (
        Indicator(
            "poverty_rate", "Persentase penduduk miskin", "Poverty rate", "percent", 0, 100, False, COVID
        ),
        Indicator(
            "unemployment_rate",
            "Tingkat pengangguran terbuka",
            "Open unemployment rate",
            "percent",
            0,
            100,
            False,
            COVID,
        ),
        Indicator("grdp_growth", "Laju pertumbuhan PDRB", "GRDP growth", "percent", -50, 50, False, COVID),
        Indicator("gdp_growth", "Pertumbuhan ekonomi", "GDP growth", "percent", -50, 50, False, COVID),
        Indicator("gini_ratio", "Rasio Gini", "Gini ratio", "ratio", 0, 1),
        Indicator(
            "hdi",
            "Indeks Pembangunan Manusia",
            "Human Development Index",
            "index",
            0,
            100,
            False,
            (HDI_BREAK,),
        ),
        Indicator("inflation", "Inflasi", "Inflation", "percent", -30, 100),
        Indicator(
            "fiscal_capacity",
            "Indeks kapasitas fiskal daerah",
            "Regional fiscal capacity index",
            "index",
            0,
            50,
        ),
        Indicator("population", "Jumlah penduduk", "Population", "persons", 0, None, True),
        Indicator(
            "poor_population",
            "Jumlah penduduk miskin",
            "Number of poor people",
            "thousand persons",
            0,
            None,
            True,
        ),
        Indicator("spending", "Belanja", "Spending", "rupiah", 0, None, True),
    )
}


def info(slug: str) -> Indicator | None:
    return KNOWN.get(slug)


def settings_for(slug: str, dataset_checks: dict) -> Indicator:
    """The known indicator with the dataset's overrides (``{"indicators": {slug: {...}}}``)."""
    base = KNOWN.get(slug) or Indicator(slug, slug, slug, "")
    override = (dataset_checks.get("indicators") or {}).get(slug) or {}
    if not override:
        return base
    breaks = tuple(tuple(b) for b in override.get("known_breaks", base.known_breaks))
    return Indicator(
        slug,
        override.get("name_id", base.name_id),
        override.get("name_en", base.name_en),
        override.get("unit", base.unit),
        override.get("low", base.low),
        override.get("high", base.high),
        override.get("additive", base.additive),
        breaks,  # type: ignore[arg-type]
    )
