"""Periods as tables write them -> start of the period and its frequency."""

import pandas as pd
import pytest

from pamong.datahub.periods import PeriodError, parse_column, parse_period


@pytest.mark.parametrize(
    ("cell", "start", "freq"),
    [
        (2010, "2010-01-01", "A"),
        (2010.0, "2010-01-01", "A"),
        ("2010", "2010-01-01", "A"),
        ("2010.0", "2010-01-01", "A"),
        ("Tahun 2010", "2010-01-01", "A"),
        ("2019Q1", "2019-01-01", "Q"),
        ("Triwulan II 2019", "2019-04-01", "Q"),
        ("TW IV 2020", "2020-10-01", "Q"),
        ("Semester I 2019", "2019-01-01", "S"),
        ("S2 2019", "2019-07-01", "S"),
        ("Agustus 2019", "2019-08-01", None),
        ("Feb-20", "2020-02-01", None),
        (43831, "2020-01-01", None),  # an Excel serial date
        ("2019-08-01", "2019-08-01", None),
    ],
)
def test_it_reads_periods_in_many_forms(cell, start, freq) -> None:
    assert parse_period(cell) == (pd.Timestamp(start), freq)


def test_february_and_august_surveys_are_semiannual_periods() -> None:
    starts, freq, problems = parse_column(pd.Series(["2005-02-01", "2005-08-01", "2006-02-01"]))
    assert freq == "S" and not problems
    assert list(starts.dt.strftime("%Y-%m")) == ["2005-01", "2005-07", "2006-01"]


def test_monthly_dates_are_monthly() -> None:
    _, freq, _ = parse_column(pd.Series([f"2020-{m:02d}-01" for m in range(1, 13)]))
    assert freq == "M"


def test_an_unreadable_period_is_reported_by_row_not_dropped_silently() -> None:
    _, _, problems = parse_column(pd.Series(["2010", "kemarin", None]))
    assert set(problems) == {1, 2} and "kemarin" in problems[1]


def test_a_word_is_not_a_period() -> None:
    with pytest.raises(PeriodError):
        parse_period("catatan")
