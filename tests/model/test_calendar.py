"""One home for the calendar (12 months a year) and for the LTV:CAC rule of thumb."""

from __future__ import annotations

import pytest

from projector.model import (
    healthy_ltv_to_cac,
    months_of_year,
    year1_months,
    year_count,
    year_of_month,
)


@pytest.mark.parametrize(
    ("months", "years", "year1", "last_year"),
    [
        (1, 1, 1, [0]),
        (12, 1, 12, list(range(12))),
        (13, 2, 12, [12]),
        (36, 3, 12, list(range(24, 36))),
    ],
)
def test_years_of_a_horizon(months, years, year1, last_year):
    assert year_count(months) == years
    assert year1_months(months) == year1
    assert months_of_year(months, years) == last_year
    assert list(year_of_month(months)).count(years) == len(last_year)


@pytest.mark.parametrize(("ratio", "healthy"), [(3.0, True), (3.0001, True), (2.9999, False)])
def test_ltv_to_cac_rule_of_thumb_at_its_boundary(ratio, healthy):
    assert healthy_ltv_to_cac(ratio) is healthy
