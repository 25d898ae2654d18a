"""Silent zeros and implausible scale are points an investor will raise.

The plan's numbers stay the engine's; these tests check that what a plan leaves
at zero, or grows past anything a small business reaches, is said plainly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import yaml
from editing import scenario_text

from projector.analysis import plausibility
from projector.model import kpis, project
from projector.present import report as present_report
from projector.scenario import load, loads

ROOT = Path(__file__).parents[2]


def warnings_of(text: str) -> tuple[str, ...]:
    p = project(loads(text))
    r = present_report.build(p, kpis.evaluate(p), chart_prefix="x_", generated=dt.date(2027, 3, 5))
    return r.warnings


def test_costs_left_at_zero_are_named():
    # tiny.yaml pays 25 % tax, 3 % fees and 20 % overhead: nothing to say
    assert not [w for w in warnings_of(scenario_text()) if w.startswith("Costs left at zero")]
    zeros = {
        "tax_rate": 0,
        "unit_costs.payment_fee": 0,
        "unit_costs.payment_fee_fixed": 0,
        "employer_overhead": 0,
    }
    # over its 3 months tiny loses money: no tax would be due, so tax is not named
    (point,) = [w for w in warnings_of(scenario_text(**zeros)) if w.startswith("Costs left")]
    assert point.startswith(
        "Costs left at zero that businesses of this kind pay: payment fees, "
        "employer payroll taxes and benefits. Say why, or add them;"
    )
    # over 36 months it makes money, and a zero tax rate flatters it
    text = scenario_text(**zeros, **{"scenario.months": 36})
    (point,) = [w for w in warnings_of(text) if w.startswith("Costs left")]
    assert point.startswith(
        "Costs left at zero that businesses of this kind pay: tax on profit, payment fees, "
        "employer payroll taxes and benefits."
    )


def test_no_staff_and_no_labour_means_nobody_makes_the_orders():
    data = yaml.safe_load(scenario_text(**{"unit_costs.labor_per_order": 0}))
    data["staff"] = []
    (point,) = [w for w in warnings_of(yaml.safe_dump(data)) if w.startswith("Costs left")]
    assert "labour to make the orders (no staff, no labour per order)" in point


def issue_plan() -> str:
    """The issue's case: 240 months, one designer, $1,200 rent, no tax, fees or overhead."""
    data = yaml.safe_load(scenario_text(**{"scenario.months": 240}))
    data["staff"] = [{"role": "Designer", "monthly_salary": 3000}]
    data["fixed_costs"] = [{"name": "Rent", "monthly": 1200}]
    data["financing"]["loans"] = []
    return yaml.safe_dump(data)


def test_the_issues_240_month_plan_is_called_implausible():
    p = project(loads(issue_plan()))
    warnings = warnings_of(issue_plan())
    # email visits grow 10 % a month: x 1.1^239, about 7.8 billion times
    assert 1.1**239 > 7e9
    assert any(w.startswith("email: monthly growth compounds visits 7,") for w in warnings)
    assert not any(w.startswith("social: monthly growth") for w in warnings)  # no growth
    # one person; the busiest month's orders are the month's orders
    busiest = int(np.argmax(p.monthly["orders"]))
    orders = f"{p.monthly['orders'][busiest]:,.0f}"
    assert any(
        w.startswith("In ") and f"each of 1 people would handle {orders}" in w for w in warnings
    )


def test_orders_per_person_counts_the_staff_of_that_month():
    data = yaml.safe_load(scenario_text(**{"scenario.months": 24}))
    data["staff"] = [
        {"role": "Maker", "count": 2, "monthly_salary": 3000},
        {"role": "Packer", "count": 3, "monthly_salary": 2000, "start_month": 13, "end_month": 18},
    ]
    p = project(loads(yaml.safe_dump(data)))
    heads = plausibility.headcount(p)
    assert list(heads[[0, 11, 12, 17, 18]]) == [2, 2, 5, 5, 2]


def test_a_break_even_on_one_seasonal_peak_is_raised():
    p = project(load(ROOT / "scenarios" / "personalized_treasures.yaml"))
    first = int(p.summary["first_profitable_month"])
    # read from the engine: Dec 2027 (month 12, seasonality 1.9 against a mean of 1.06)
    # makes money, January loses it again
    assert p.months[first - 1] == "2027-12" and p.monthly["ebitda"][first] < 0
    r = present_report.build(p, kpis.evaluate(p), chart_prefix="x_", generated=dt.date(2027, 3, 5))
    assert any(
        w.startswith("The first profitable month, Dec\u00a02027, is a seasonal peak")
        for w in r.warnings
    )
    flat = yaml.safe_load((ROOT / "scenarios" / "personalized_treasures.yaml").read_text())
    flat["acquisition"]["seasonality"] = [1] * 12
    assert not any("seasonal peak" in w for w in warnings_of(yaml.safe_dump(flat)))
