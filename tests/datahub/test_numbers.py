"""Numbers as Indonesian statistical tables write them."""

import math

import pandas as pd
import pytest

from pamong.datahub.numbers import infer_decimal, parse_number, parse_series


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1.234,5", 1234.5),
        ("1.234", 1234.0),
        ("2.000.000", 2_000_000.0),
        ("1 234,5", 1234.5),
        ("0,05", 0.05),
        ("-0,4", -0.4),
        ("\u22125", -5.0),
        ("(1.234)", -1234.0),
        ("Rp 2 M", 2e9),
        ("Rp2,5 miliar", 2.5e9),
        ("Rp 1.500.000", 1_500_000.0),
        ("3,5 jt", 3_500_000.0),
        ("12 ribu", 12_000.0),
        ("1,2 triliun", 1.2e12),
        ("12,3%", 12.3),
        ("1,234,567.89", 1_234_567.89),
        (7, 7.0),
        (7.5, 7.5),
    ],
)
def test_it_reads_indonesian_and_english_numbers(cell, value) -> None:
    assert parse_number(cell).value == pytest.approx(value)


@pytest.mark.parametrize("cell", ["-", "–", "n/a", "N/A", "…", "...", "", None, "x", "#N/A", "tidak ada"])
def test_statisticians_markers_of_no_figure_are_missing(cell) -> None:
    parsed = parse_number(cell)
    assert math.isnan(parsed.value) and parsed.note == "missing"


def test_text_that_is_not_a_number_is_missing_with_its_reason() -> None:
    parsed = parse_number("lihat catatan")
    assert math.isnan(parsed.value) and parsed.note == "unreadable"


def test_provisional_figures_keep_their_value_and_say_so() -> None:
    assert parse_number("12,3*") == parse_number("12,3*").__class__(12.3, "provisional")


def test_a_column_with_english_decimals_reads_1234_as_one_point_two() -> None:
    assert infer_decimal(["12.5", "3.25", "1.234"]) == "."
    values, _ = parse_series(pd.Series(["12.5", "3.25", "1.234"]))
    assert list(values) == [12.5, 3.25, 1.234]


def test_a_column_with_indonesian_decimals_reads_1234_as_thousands() -> None:
    values, notes = parse_series(pd.Series(["12,5", "1.234", "-", "abc"]))
    assert values[:2].tolist() == [12.5, 1234.0]
    assert math.isnan(values[2]) and list(notes) == ["", "", "missing", "unreadable"]
