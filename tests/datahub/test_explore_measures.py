"""The explore page's weighted average and per-capita figures, offered only where they make sense."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from django.urls import reverse

from pamong.datahub import actions, aggregate
from pamong.datahub.models import DatasetVersion, VersionStatus

pytestmark = pytest.mark.django_db

CODED = {"region_code": "kode", "period": "tahun", "value": "nilai", "indicator": "indikator", "freq": "A"}
# Three regencies of Aceh (no province row: Aceh is aggregated) and Jawa Barat's own province row.
# Aceh Selatan (11.03) has no poverty rate in 2021 and Aceh Singkil (11.02) no spending in 2021.
FIGURES = {
    "poverty_rate": {
        "11.01": (20, 18),
        "11.02": (10, 12),
        "11.03": (30, "-"),
        "32": (8, 7.5),
    },
    "population": {"11.01": (100, 150), "11.02": (300, 350), "11.03": (100, 250), "32": (5000, 5000)},
    "spending": {"11.01": (500, 600), "11.02": (900, "-"), "11.03": (300, 1000), "32": (20000, 22500)},
}


def lines(figures: dict) -> list[str]:
    return ["kode,tahun,indikator,nilai"] + [
        f"{code},{year},{indicator},{value}"
        for indicator, regions in figures.items()
        for code, values in regions.items()
        for year, value in zip((2020, 2021), values, strict=True)
    ]


@pytest.fixture
def build(settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings.DATAHUB_DIR = tmp_path / "datahub"

    def run(title: str, figures: dict) -> DatasetVersion:
        path = tmp_path / f"{title}.csv"
        path.write_text("\n".join(lines(figures)) + "\n", encoding="utf-8")
        dataset = actions.create_dataset(title, actor="uji")
        actions.add_source(dataset, "bps", kind="csv", actor="uji", path=str(path), mapping=CODED)
        version = actions.run_build(actions.request_build(dataset, actor="uji").pk)
        assert version.status == VersionStatus.REVIEW and version.review == [], version.error
        return version

    return run


def csv(client, version: DatasetVersion, **query: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    url = reverse("datahub:explore", args=[version.dataset.slug, version.number])
    response = client.get(url, {**query, "level": "province", "format": "csv"})
    return pd.read_csv(io.StringIO(response.content.decode("utf-8-sig")), dtype={"region_code": str})


def page(client, version: DatasetVersion, **query: str) -> str:  # type: ignore[no-untyped-def]
    url = reverse("datahub:explore", args=[version.dataset.slug, version.number])
    return client.get(url, query).content.decode()


def rows(frame: pd.DataFrame, column: str) -> list[tuple]:
    return [
        (code, period[:4], round(value, 6), origin)
        for code, period, value, origin in frame[["region_code", "period", column, "origin"]].itertuples(
            index=False
        )
    ]


def test_a_population_weighted_poverty_rate_counts_only_regencies_with_a_rate(build, client, eko) -> None:
    version = build("Aceh", FIGURES)
    client.force_login(eko)
    frame = csv(client, version, indicator="poverty_rate", measure="weighted_mean", weight="population")
    assert list(frame.columns) == ["region_code", "region_name", "period", "weighted_mean", "origin"]
    assert rows(frame, "weighted_mean") == [
        ("11", "2020", 16.0, "aggregated"),  # (20×100 + 10×300 + 30×100) / 500
        ("11", "2021", 13.8, "aggregated"),  # (18×150 + 12×350) / 500, not / 750 with Aceh Selatan's 250
        ("32", "2020", 8.0, "source"),  # a province's own figure is its own weighted average
        ("32", "2021", 7.5, "source"),
    ]
    assert frame["region_name"].tolist()[:1] == ["Aceh"]


def test_spending_per_capita_divides_by_the_population_of_the_same_regions(build, client, eko) -> None:
    version = build("Aceh", FIGURES)
    client.force_login(eko)
    frame = csv(client, version, indicator="spending", measure="per_capita")
    assert list(frame.columns) == ["region_code", "region_name", "period", "per_capita", "origin"]
    assert rows(frame, "per_capita") == [
        ("11", "2020", 3.4, "aggregated"),  # (500 + 900 + 300) / (100 + 300 + 100)
        ("11", "2021", 4.0, "aggregated"),  # (600 + 1000) / (150 + 250): Aceh Singkil has no spending
        ("32", "2020", 4.0, "source"),  # 20000 / 5000
        ("32", "2021", 4.5, "source"),  # 22500 / 5000
    ]
    html = page(client, version, indicator="spending", measure="per_capita")
    assert "Per kapita: dibagi dengan indikator population" in html
    url = reverse("datahub:explore", args=[version.dataset.slug, version.number])
    pdf = client.get(url, {"indicator": "spending", "measure": "per_capita", "format": "pdf"}).content
    assert pdf[:4] == b"%PDF"


def test_each_measure_is_offered_only_where_the_version_has_what_it_needs(build, client, eko) -> None:
    version = build("Aceh", FIGURES)
    without_population = build("Tanpa penduduk", {"poverty_rate": FIGURES["poverty_rate"]})
    present = version.lineage["indicators"]
    assert present == ["population", "poverty_rate", "spending"]
    assert aggregate.page_measures("poverty_rate", present) == ["value", "growth", "share", "weighted_mean"]
    assert aggregate.page_measures("spending", present) == ["value", "growth", "share", "per_capita"]
    assert aggregate.page_measures("population", present) == ["value", "growth", "share"]
    assert aggregate.weights_for("poverty_rate", present) == ["population", "spending"]
    client.force_login(eko)
    rate = page(client, version, indicator="poverty_rate")
    assert '<option value="weighted_mean">rata-rata tertimbang</option>' in rate
    assert 'name="weight"' in rate and 'value="per_capita"' not in rate
    spending = page(client, version, indicator="spending")
    assert '<option value="per_capita">per kapita</option>' in spending
    assert 'value="weighted_mean"' not in spending and 'name="weight"' not in spending
    alone = page(client, without_population, indicator="poverty_rate")
    assert 'value="weighted_mean"' not in alone and 'value="per_capita"' not in alone
    # a hidden measure asked for by hand falls back to the plain value
    frame = csv(client, without_population, indicator="poverty_rate", measure="weighted_mean")
    assert list(frame.columns) == ["region_code", "region_name", "period", "value", "origin"]
    assert rows(frame, "value") == [
        ("11", "2020", 20.0, "aggregated"),  # the plain mean of 20, 10 and 30
        ("11", "2021", 15.0, "aggregated"),
        ("32", "2020", 8.0, "source"),
        ("32", "2021", 7.5, "source"),
    ]
