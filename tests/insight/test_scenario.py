"""Scenarios: drivers as dated data, impacts from a panel model with its uncertainty, targets."""

from __future__ import annotations

import pytest

from pamong.insight.scenario import ScenarioError, estimate, parameter_tree, run_scenario

LOWER_UNEMPLOYMENT = [{"parameter": "unemployment_rate", "start": 2025, "op": "add", "value": -1.0}]


def test_the_parameter_tree_holds_dated_driver_values_per_region() -> None:
    tree = parameter_tree()
    assert set(tree) == {"unemployment_rate", "grdp_growth", "social_spending"}
    assert tree["unemployment_rate"]["values"]["11"][2019] == pytest.approx(6.17)
    # National social protection spending is the sum over provinces (billion rupiah).
    national = tree["social_spending"]["values"][""][2021]
    assert national == pytest.approx(
        sum(v[2021] for k, v in tree["social_spending"]["values"].items() if k and 2021 in v)
    )


def test_the_panel_model_shows_coefficients_uncertainty_and_fit() -> None:
    model = estimate()
    assert model.n > 300 and model.regions >= 33 and model.years == (2010, 2021)
    # Higher unemployment goes with more poverty, and clearly so (more than two standard errors).
    assert model.coefficients["unemployment_rate"] > 2 * model.std_errors["unemployment_rate"] > 0
    assert 0 < model.r2_within < 1 and "province effects" in model.formula


def test_lower_unemployment_lowers_poverty_by_the_coefficient_and_raises_the_chance_of_the_target() -> None:
    result = run_scenario(region_code="", target_year=2029, changes=LOWER_UNEMPLOYMENT, draws=500)
    beta = result.coefficients["unemployment_rate"]["value"]
    assert result.contributions["unemployment_rate"] == pytest.approx(-beta, abs=1e-3)
    gap = result.baseline["p50"][-1] - result.scenario["p50"][-1]
    assert gap == pytest.approx(beta, abs=1e-3)
    assert result.target["source"] == "RPJMN 2025–2029"
    assert result.probability_scenario >= result.probability_baseline
    assert result.baseline["p10"][-1] < result.baseline["p50"][-1] < result.baseline["p90"][-1]
    assert result.provenance["fit"]["n"] > 300


def test_an_analyst_override_needs_a_reason_and_is_kept_with_it() -> None:
    with pytest.raises(ScenarioError, match="alasan"):
        run_scenario(
            region_code="53",
            target_year=2025,
            changes=LOWER_UNEMPLOYMENT,
            overrides=[{"driver": "unemployment_rate", "coefficient": 0.5, "reason": " "}],
        )
    result = run_scenario(
        region_code="53",
        target_year=2025,
        changes=LOWER_UNEMPLOYMENT,
        overrides=[{"driver": "unemployment_rate", "coefficient": 0.5, "reason": "studi BPS 2023"}],
        draws=200,
    )
    used = result.coefficients["unemployment_rate"]
    assert used["source"] == "analyst" and used["reason"] == "studi BPS 2023" and used["value"] == 0.5
    assert result.contributions["unemployment_rate"] == pytest.approx(-0.5)


def test_leaving_the_historical_range_is_warned_about() -> None:
    result = run_scenario(
        region_code="53",
        target_year=2026,
        changes=[{"parameter": "unemployment_rate", "start": 2024, "op": "set", "value": 0.2}],
        draws=100,
    )
    assert any("rentang historis" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    "changes",
    [
        [{"parameter": "rainfall", "start": 2025, "op": "add", "value": 1}],
        [{"parameter": "grdp_growth", "op": "add"}],
    ],
)
def test_a_malformed_change_is_refused_in_plain_words(changes) -> None:
    with pytest.raises(ScenarioError):
        run_scenario(region_code="", target_year=2029, changes=changes)
