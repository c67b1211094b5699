"""Where the insight pages get their data: ONE adapter, ``series_frame(key)``.

Every insight function takes a frame in the datahub contract (``indicator``,
``region_code``, ``region_name``, ``level``, ``period``, ``freq``, ``value``, ``unit``).
Two kinds of key:

- ``datahub:SLUG@VERSION:INDICATOR:FREQ`` -- one indicator at one frequency of a version
  an analyst approved in the datahub (``pamong.datahub.published``), so a forecast reads
  validated data with its lineage; the version is pinned when a run starts, so every
  chunk of the run reads the same rows however many versions are published meanwhile;
- a shipped slug (``poverty-province``...) -- frames built from the files in ``data/``
  (BPS figures; see ``data/SOURCES.md``), which the scenario model and the budget pages
  are estimated on, and which work before any dataset is published.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
from django.conf import settings

from pamong.core import regions

COLUMNS = ["indicator", "region_code", "region_name", "level", "period", "freq", "value", "unit"]

# English and abbreviated province names in BPS-derived files -> Kemendagri codes.
PROVINCE_ALIASES = {
    "jakarta": "31",
    "dki jakarta": "31",
    "yogyakarta": "34",
    "di yogyakarta": "34",
    "bangka belitung": "19",
    "bangka belitung islands": "19",
    "kep bangka belitung": "19",
    "riau islands": "21",
    "kep riau": "21",
    "north sumatra": "12",
    "west sumatra": "13",
    "south sumatra": "16",
    "west java": "32",
    "central java": "33",
    "east java": "35",
    "west nusa tenggara": "52",
    "east nusa tenggara": "53",
    "west kalimantan": "61",
    "central kalimantan": "62",
    "south kalimantan": "63",
    "east kalimantan": "64",
    "north kalimantan": "65",
    "north sulawesi": "71",
    "central sulawesi": "72",
    "south sulawesi": "73",
    "southeast sulawesi": "74",
    "west sulawesi": "76",
    "north maluku": "82",
    "west papua": "92",
}

DATASETS = {
    "unemployment-province-semiannual": "Tingkat pengangguran terbuka per provinsi (Februari/Agustus)",
    "poverty-province": "Persentase penduduk miskin per provinsi (tahunan)",
    "unemployment-province": "Tingkat pengangguran terbuka per provinsi (tahunan)",
    "grdp-growth-province": "Laju pertumbuhan PDRB per provinsi (tahunan)",
    "spending-province": "Belanja pemerintah pusat per provinsi (APBN, miliar rupiah)",
}


class _DataFiles(dict):
    """The shipped files behind the frames (for provenance and evaluation hashes)."""

    def __missing__(self, key: str) -> Path:
        return (
            settings.DATA_DIR
            / "insight"
            / {"bps": "bps-province-indicators.csv", "apbn": "apbn-spending-function-province.csv"}[key]
        )


DATA_FILES = _DataFiles()


def _key(name: str) -> str:
    return re.sub(r"[^a-z ]", " ", name.lower()).replace("  ", " ").strip()


@cache
def _province_names() -> dict[str, str]:
    return {_key(name): code for code, name in regions.table(2025).items() if "." not in code}


def province_code(name: str) -> str | None:
    """The Kemendagri province code of a name in any of the usual spellings, or None."""
    key = re.sub(r"\s+", " ", _key(name))
    if key in ("indonesia", "national", "total"):
        return ""
    return PROVINCE_ALIASES.get(key) or _province_names().get(key)


FREQ_NAMES = {"A": "tahunan", "S": "semesteran", "Q": "triwulanan", "M": "bulanan"}
DATAHUB = re.compile(
    r"^datahub:(?P<slug>[-a-zA-Z0-9_]+)(?:@(?P<version>\d+))?:(?P<indicator>[^:]+):(?P<freq>[A-Z])$"
)


def datasets() -> dict[str, str]:
    """Key -> Indonesian title of every series this adapter can build: shipped, then published."""
    return {**DATASETS, **published_series()}


def published_series() -> dict[str, str]:
    """One key per indicator and frequency of each dataset's latest published datahub version."""
    from pamong.datahub import published

    found = {}
    for info in published.datasets():
        pairs = published.query("SELECT DISTINCT indicator, freq FROM d ORDER BY 1, 2", d=info.slug)
        for indicator, freq in pairs.itertuples(index=False):
            key = f"datahub:{info.slug}:{indicator}:{freq}"
            found[key] = f"{info.title}: {indicator}, {FREQ_NAMES.get(freq, freq)} (datahub v{info.version})"
    return found


def pinned(key: str) -> str:
    """The key with the datahub version it reads now (shipped keys are returned as they are)."""
    from pamong.datahub import published

    match = DATAHUB.match(key)
    if not match or match["version"]:
        return key
    version = published.published_version(match["slug"]).number
    return f"datahub:{match['slug']}@{version}:{match['indicator']}:{match['freq']}"


def series_frame(slug: str) -> pd.DataFrame:
    """The frame of one dataset, in the datahub contract's columns."""
    if slug.startswith("datahub:"):
        return _published_frame(slug)
    if slug == "unemployment-province-semiannual":
        return _unemployment_semiannual()
    if slug in ("poverty-province", "unemployment-province", "grdp-growth-province"):
        frame = _bps_annual()
        indicator = {"poverty-province": "poverty_rate", "unemployment-province": "unemployment_rate"}.get(
            slug, "grdp_growth"
        )
        return frame[frame["indicator"] == indicator].reset_index(drop=True)
    if slug == "spending-province":
        spending = central_spending()
        total = spending.groupby(["region_code", "region_name", "year"], as_index=False)["value"].sum()
        return _contract(
            total.assign(indicator="spending", period=pd.to_datetime(total["year"].astype(str) + "-01-01")),
            freq="A",
            unit="billion rupiah",
        )
    raise KeyError(f"unknown dataset {slug!r}; known: {', '.join(DATASETS)}")


def _published_frame(key: str) -> pd.DataFrame:
    from pamong.datahub import published

    match = DATAHUB.match(key)
    if not match:
        raise KeyError(f"not a datahub series key: {key!r}")
    version = int(match["version"]) if match["version"] else None
    frame = published.frame(match["slug"], version)
    chosen = frame[(frame["indicator"] == match["indicator"]) & (frame["freq"] == match["freq"])]
    if chosen.empty:
        raise KeyError(f"{match['slug']} has no {match['indicator']!r} at frequency {match['freq']}")
    return chosen.reset_index(drop=True)


def _contract(frame: pd.DataFrame, *, freq: str, unit: str) -> pd.DataFrame:
    frame = frame.copy()
    frame["level"] = frame["region_code"].map(lambda c: "national" if c == "" else regions.level(c))
    frame["freq"] = freq
    frame["unit"] = unit
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    return frame[COLUMNS].sort_values(["region_code", "period"]).reset_index(drop=True)


@cache
def _unemployment_semiannual_cached() -> pd.DataFrame:
    path = settings.DATA_DIR / "indicators" / "recovery-tracker" / "ier_unemployment-province_cleaned.csv"
    raw = pd.read_csv(path)
    codes = raw["province"].map(province_code)
    frame = pd.DataFrame(
        {
            "indicator": "unemployment_rate",
            "region_code": codes,
            "region_name": codes.map(lambda c: regions.name(c) if c else "Indonesia"),
            "period": pd.to_datetime(raw["date"]),
            "value": raw["unemployment_rate"],
        }
    ).dropna(subset=["region_code"])
    return _contract(frame, freq="S", unit="percent")


def _unemployment_semiannual() -> pd.DataFrame:
    return _unemployment_semiannual_cached().copy()


@cache
def _bps_annual_cached() -> pd.DataFrame:
    raw = pd.read_csv(
        settings.DATA_DIR / "insight" / "bps-province-indicators.csv", dtype={"region_code": str}
    )
    raw["region_code"] = raw["region_code"].fillna("")
    raw["period"] = pd.to_datetime(raw["year"].astype(str) + "-01-01")
    frames = [
        _contract(part, freq="A", unit=str(part["unit"].iloc[0])) for _, part in raw.groupby("indicator")
    ]
    return pd.concat(frames, ignore_index=True)


def _bps_annual() -> pd.DataFrame:
    return _bps_annual_cached().copy()


@cache
def _central_spending_cached() -> pd.DataFrame:
    return pd.read_csv(
        settings.DATA_DIR / "insight" / "apbn-spending-function-province.csv", dtype={"region_code": str}
    )


def central_spending() -> pd.DataFrame:
    """Central government spending (APBN) by function and province, billion rupiah, 2010–2021."""
    return _central_spending_cached().copy()
