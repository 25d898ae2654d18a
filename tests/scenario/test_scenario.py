"""The scenario loader: defaults, percent strings, and one exact message per rule.

Messages are asserted verbatim, position included, because they are the interface a
founder reads: `FILE:LINE:COL: path: message`.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from projector import scenario as sc
from projector.errors import ProjectorError, ScenarioError
from projector.scenario.jsonschema import FRAGMENTS
from projector.scenario.kinds import PARSERS

FIXTURES = Path(__file__).parents[1] / "fixtures"

# Line numbers matter: every expected message below is written against this text.
MINIMAL = """\
scenario:
  name: Test
  start: 2027-01
  months: 12
acquisition:
  channels:
    - name: email
      visits: 1000
      conversion: 2%
orders:
  aov: 50
"""


def edited(old: str, new: str) -> str:
    """MINIMAL with `old` replaced by `new`, or with `new` appended when `old` is empty."""
    if not old:
        return MINIMAL + new
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def problems(text: str) -> list[str]:
    """The rendered problems of loading `text` as s.yaml (fails if it loads)."""
    with pytest.raises(ScenarioError) as caught:
        sc.loads(text, "s.yaml")
    return [str(problem) for problem in caught.value.problems]


# -- Defaults and values -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("scenario", "currency"), "USD"),
        (("scenario", "locale"), "en"),
        (("scenario", "industry"), None),
        (("acquisition", "seasonality"), (1.0,) * 12),
        (("acquisition", "brand_marketing"), 0.0),
        (("acquisition", "referrals", "rate"), 0.0),
        (("acquisition", "channels", 0, "growth"), 0.0),
        (("acquisition", "channels", 0, "cac"), 0.0),
        (("customers", "starting"), 0.0),
        (("customers", "repeat_rate"), 0.0),
        (("customers", "churn"), 0.0),
        (("orders", "aov_growth"), 0.0),
        (("orders", "upsell", "take_rate"), 0.0),
        (("orders", "return_rate"), 0.0),
        (("unit_costs", "inventory_turns"), 0.0),
        (("fixed_costs",), ()),
        (("staff",), ()),
        (("capex",), ()),
        (("employer_overhead",), 0.0),
        (("financing", "starting_cash"), 0.0),
        (("financing", "equity"), ()),
        (("financing", "loans"), ()),
        (("tax_rate",), 0.0),
    ],
)
def test_minimal_scenario_gets_the_documented_defaults(path, expected):
    scenario = sc.load(FIXTURES / "scn_minimal.yaml")
    assert sc.get_path(scenario, path) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [("count", 1.0), ("start_month", 1), ("end_month", None), ("annual_raise", 0.0)],
)
def test_staff_defaults(key, expected):
    scenario = sc.loads(edited("", "staff:\n  - role: Dev\n    monthly_salary: 3000\n"))
    assert getattr(scenario.staff[0], key) == expected


@pytest.mark.parametrize(
    ("key", "expected"), [("start_month", 1), ("end_month", None), ("annual_increase", 0.0)]
)
def test_fixed_cost_defaults(key, expected):
    scenario = sc.loads(edited("", "fixed_costs:\n  - name: Rent\n    monthly: 1200\n"))
    assert getattr(scenario.fixed_costs[0], key) == expected


def test_model_example_loads_with_its_values():
    scenario = sc.load(FIXTURES / "scn_full.yaml")
    assert scenario.scenario.start_year == 2027 and scenario.scenario.start_month == 1
    assert scenario.scenario.industry == "personalized_gifts"
    assert scenario.acquisition.channels[0] == sc.Channel(
        name="email", visits=1500, growth=0.03, conversion=0.0429, cac=4
    )
    assert scenario.acquisition.seasonality[11] == 1.9
    assert scenario.customers.churn == 0.05
    assert scenario.unit_costs.material == 0.25
    assert scenario.capex[0].life_months == 36
    assert scenario.financing.equity == (sc.Equity(month=6, amount=50000),)
    assert scenario.financing.loans[0].annual_rate == 0.07
    assert scenario.source == FIXTURES / "scn_full.yaml"


def test_scenario_is_immutable_with_tuples():
    scenario = sc.load(FIXTURES / "scn_full.yaml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.tax_rate = 0.5  # type: ignore[misc]
    assert isinstance(scenario.acquisition.channels, tuple)
    assert isinstance(scenario.acquisition.seasonality, tuple)
    assert isinstance(scenario.financing.loans, tuple)


def test_loads_leaves_source_unset():
    assert sc.loads(MINIMAL).source is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("4.29%", 0.0429),
        ("4.29 %", 0.0429),
        ('"4.29%"', 0.0429),
        ("0%", 0.0),
        ("100%", 1.0),
        ("12.5%", 0.125),
        (".5%", 0.005),
        ("0.0429", 0.0429),
        ("1", 1.0),
        ("0", 0.0),
    ],
)
def test_shares_as_numbers_or_percent_strings(written, expected):
    scenario = sc.loads(edited("conversion: 2%", f"conversion: {written}"))
    assert scenario.acquisition.channels[0].conversion == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("3%", 0.03), ("-3%", -0.03), ("+3%", 0.03), ("-99.9%", -0.999), ("1", 1.0), ("-0.5", -0.5)],
)
def test_growth_rates_as_numbers_or_percent_strings(written, expected):
    scenario = sc.loads(edited("visits: 1000", f"visits: 1000\n      growth: {written}"))
    assert scenario.acquisition.channels[0].growth == pytest.approx(expected, abs=1e-15)


def test_percent_string_is_the_float_nearest_the_fraction():
    scenario = sc.loads(edited("conversion: 2%", "conversion: 4.29%"))
    assert scenario.acquisition.channels[0].conversion == 0.0429


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", "financing:\n  starting_cash: -25000\n"),  # the one amount that may be negative
        ("start: 2027-01", "start: '2027-12'"),
        ("months: 12", "months: 240"),
        ("", "capex:\n  - {name: Oven, amount: 100, month: 300, life_months: 12}\n"),  # after T
        ("", "fixed_costs:\n  - {name: Rent, monthly: 1, start_month: 4, end_month: 4}\n"),
        ("", "staff:\n  - {role: Dev, monthly_salary: 1, end_month: null}\n"),
        ("", "customers:\n  repeat_rate: 10%\n  churn: 5%\n"),
        ("", "customers:\n  churn: 0\n"),  # no repeat orders: churn may be 0
        ("", "fixed_costs:\nstaff: []\ncustomers:\n"),  # empty sections and lists
        ("months: 12", "months: 12\n  industry:"),
        ("months: 12", "months: 12\n  industry: 3d_printed_jewelry\n  locale: fr"),
        ("name: Test", "name: 2027"),  # free text, as written
    ],
)
def test_valid_variations_load(old, new):
    sc.loads(edited(old, new))


def test_merge_keys_are_expanded_and_own_keys_win():
    text = edited(
        "    - name: email\n      visits: 1000\n      conversion: 2%\n",
        "    - &base {name: email, visits: 1000, conversion: 2%, cac: 3}\n"
        "    - <<: *base\n      name: ads\n      cac: 5\n",
    )
    channels = sc.loads(text).acquisition.channels
    assert [(c.name, c.visits, c.conversion, c.cac) for c in channels] == [
        ("email", 1000, 0.02, 3),
        ("ads", 1000, 0.02, 5),
    ]


# -- One exact message per rule ----------------------------------------------------

SHARE = "expected a share between 0 and 1"
RATE = "expected a rate above -1 and at most 1"
CONVERSION = "s.yaml:9:19: acquisition.channels[0].conversion"
GROWTH = "s.yaml:9:15: acquisition.channels[0].growth"
VISITS = "s.yaml:8:15: acquisition.channels[0].visits"
AOV = "s.yaml:11:8: orders.aov"
MONTHS = "s.yaml:4:11: scenario.months"
HORIZON = "expected a whole number of months from 1 to 240"
START = "s.yaml:3:10: scenario.start: expected a month as YYYY-MM"
NAME = "s.yaml:7:13: acquisition.channels[0].name"
NAME_RULE = "expected a name made of a lowercase letter, then lowercase letters, digits or _"
INDUSTRY = (
    "expected one of 'personalized_gifts', 'customization_marketplace', "
    "'3d_printed_jewelry', 'luxury_custom_jewelry' or null"
)
CHANNELS = "    - name: email\n      visits: 1000\n      conversion: 2%\n"
ACQUISITION = "acquisition:\n  channels:\n" + CHANNELS


def capex(month: str = "1", life: str = "12") -> str:
    """A one-item capex list; its values sit on line 13, at fixed columns."""
    return f"capex:\n  - {{name: Oven, amount: 100, month: {month}, life_months: {life}}}\n"


RULE_CASES = [
    # shares: a number is a fraction, so 4.29 is 429 %
    (
        "conversion: 2%",
        "conversion: 4.29",
        f'{CONVERSION}: {SHARE}, got 4.29 (did you mean "4.29%"?)',
    ),
    ("conversion: 2%", "conversion: 100.5", f"{CONVERSION}: {SHARE}, got 100.5"),
    ("conversion: 2%", "conversion: -0.1", f"{CONVERSION}: {SHARE}, got -0.1"),
    ("conversion: 2%", "conversion: 150%", f"{CONVERSION}: {SHARE}, got '150%'"),
    ("conversion: 2%", "conversion: many", f"{CONVERSION}: {SHARE}, got 'many'"),
    ("conversion: 2%", "conversion: 4.29 percent", f"{CONVERSION}: {SHARE}, got '4.29 percent'"),
    ("conversion: 2%", "conversion: true", f"{CONVERSION}: {SHARE}, got true"),
    (
        "conversion: 2%",
        "conversion: '0.05'",
        f"{CONVERSION}: {SHARE}, got '0.05' (remove the quotes)",
    ),
    ("conversion: 2%", "conversion: [2]", f"{CONVERSION}: {SHARE}, got a list"),
    ("conversion: 2%", "conversion: .nan", f"{CONVERSION}: expected a finite number, got .nan"),
    (
        "conversion: 2%",
        "conversion:",
        f"s.yaml:9:7: acquisition.channels[0].conversion: {SHARE}, got nothing",
    ),
    ("conversion: 2%", "conversion: null", f"{CONVERSION}: {SHARE}, got null"),
    ("", "tax_rate: 30", f's.yaml:12:11: tax_rate: {SHARE}, got 30 (did you mean "30%"?)'),
    (
        "",
        "employer_overhead: 20",
        f's.yaml:12:20: employer_overhead: {SHARE}, got 20 (did you mean "20%"?)',
    ),
    (
        "aov: 50",
        "aov: 50\n  return_rate: 1.2",
        f's.yaml:12:16: orders.return_rate: {SHARE}, got 1.2 (did you mean "1.2%"?)',
    ),
    # growth rates lie in (-1, 1]
    (
        "visits: 1000",
        "visits: 1000\n      growth: 3",
        f'{GROWTH}: {RATE}, got 3 (did you mean "3%"?)',
    ),
    (
        "visits: 1000",
        "visits: 1000\n      growth: -1",
        f'{GROWTH}: {RATE}, got -1 (did you mean "-1%"?)',
    ),
    ("visits: 1000", "visits: 1000\n      growth: -100%", f"{GROWTH}: {RATE}, got '-100%'"),
    ("visits: 1000", "visits: 1000\n      growth: 101%", f"{GROWTH}: {RATE}, got '101%'"),
    ("visits: 1000", "visits: 1000\n      growth: 250", f"{GROWTH}: {RATE}, got 250"),
    (
        "aov: 50",
        "aov: 50\n  aov_growth: 1.5",
        f's.yaml:12:15: orders.aov_growth: {RATE}, got 1.5 (did you mean "1.5%"?)',
    ),
    (
        "",
        "fixed_costs:\n  - name: Rent\n    monthly: 100\n    annual_increase: 5\n",
        f's.yaml:15:22: fixed_costs[0].annual_increase: {RATE}, got 5 (did you mean "5%"?)',
    ),
    (
        "",
        "staff:\n  - role: Dev\n    monthly_salary: 1\n    annual_raise: -2\n",
        f's.yaml:15:19: staff[0].annual_raise: {RATE}, got -2 (did you mean "-2%"?)',
    ),
    # money and counts are finite and >= 0, except starting_cash; booleans are not numbers
    ("aov: 50", "aov: -5", f"{AOV}: expected an amount >= 0, got -5"),
    (
        "aov: 50",
        "aov: yes",
        f"{AOV}: expected an amount >= 0, got yes (YAML 1.1 reads yes, no, on, off as "
        "booleans, YAML 1.2 as text: write true or false)",
    ),
    ("aov: 50", "aov: 5%", f"{AOV}: expected an amount >= 0, got '5%'"),
    ("aov: 50", "aov: 2027-01-01", f"{AOV}: expected an amount >= 0, got 2027-01-01"),
    ("aov: 50", "aov: {value: 50}", f"{AOV}: expected an amount >= 0, got a mapping"),
    ("aov: 50", "aov: .inf", f"{AOV}: expected a finite number, got .inf"),
    ("aov: 50", "aov: 1" + "0" * 400, f"{AOV}: expected a finite number, got 1{'0' * 36}..."),
    ("visits: 1000", "visits: -1", f"{VISITS}: expected a number >= 0, got -1"),
    ("visits: 1000", "visits: 1,000", f"{VISITS}: expected a number >= 0, got '1,000'"),
    (
        "",
        "financing:\n  starting_cash: -.inf\n",
        "s.yaml:13:18: financing.starting_cash: expected a finite number, got -.inf",
    ),
    (
        "",
        "financing:\n  starting_cash: lots\n",
        "s.yaml:13:18: financing.starting_cash: expected an amount, got 'lots'",
    ),
    (
        "",
        "unit_costs:\n  inventory_turns: -4\n",
        "s.yaml:13:20: unit_costs.inventory_turns: expected a number >= 0, got -4",
    ),
    (
        "",
        "staff:\n  - {role: Dev, monthly_salary: 1, count: -1}\n",
        "s.yaml:13:43: staff[0].count: expected a number >= 0, got -1",
    ),
    # months: whole numbers >= 1; horizon 1..240
    ("months: 12", "months: 0", f"{MONTHS}: {HORIZON}, got 0"),
    ("months: 12", "months: 241", f"{MONTHS}: {HORIZON}, got 241"),
    ("months: 12", "months: 12.0", f"{MONTHS}: {HORIZON}, got 12.0"),
    ("months: 12", "months: true", f"{MONTHS}: {HORIZON}, got true"),
    ("months: 12", "months: '12'", f"{MONTHS}: {HORIZON}, got '12' (remove the quotes)"),
    (
        "",
        capex(month="0"),
        "s.yaml:13:38: capex[0].month: expected a whole month number >= 1, got 0",
    ),
    (
        "",
        capex(month="3.0"),
        "s.yaml:13:38: capex[0].month: expected a whole month number >= 1, got 3.0",
    ),
    (
        "",
        capex(life="0"),
        "s.yaml:13:54: capex[0].life_months: expected a whole number of months >= 1, got 0",
    ),
    (
        "",
        "staff:\n  - {role: Dev, monthly_salary: 1, end_month: 0}\n",
        "s.yaml:13:47: staff[0].end_month: expected a whole month number >= 1 or null, got 0",
    ),
    (
        "",
        "financing:\n  loans:\n"
        "    - {name: Bank, amount: 1, month: 1, annual_rate: 7%, term_months: 0}\n",
        "s.yaml:14:71: financing.loans[0].term_months: expected a whole number of months >= 1, got 0",
    ),
    # start: YYYY-MM
    ("start: 2027-01", "start: 2027-13", f"{START}, got '2027-13'"),
    ("start: 2027-01", "start: 2027-01-01", f"{START}, got 2027-01-01 (use YYYY-MM: '2027-01')"),
    ("start: 2027-01", "start: 2027-1", f"{START}, got '2027-1' (use YYYY-MM: '2027-01')"),
    ("start: 2027-01", "start: 202701", f"{START}, got 202701"),
    (
        "start: 2027-01",
        "start: 1899-12",
        f"{START}, got '1899-12' (the year must be 1900 or later)",
    ),
    # currency, locale, industry
    (
        "months: 12",
        "months: 12\n  currency: usd",
        "s.yaml:5:13: scenario.currency: expected a three-letter ISO 4217 code such as 'USD', "
        "got 'usd' (did you mean 'USD'?)",
    ),
    (
        "months: 12",
        "months: 12\n  currency: EURO",
        "s.yaml:5:13: scenario.currency: expected a three-letter ISO 4217 code such as 'USD', "
        "got 'EURO'",
    ),
    (
        "months: 12",
        "months: 12\n  currency: 840",
        "s.yaml:5:13: scenario.currency: expected a three-letter ISO 4217 code such as 'USD', "
        "got 840",
    ),
    (
        "months: 12",
        "months: 12\n  locale: de",
        "s.yaml:5:11: scenario.locale: expected 'en' or 'fr', got 'de'",
    ),
    (
        "months: 12",
        "months: 12\n  locale: FR",
        "s.yaml:5:11: scenario.locale: expected 'en' or 'fr', got 'FR' (did you mean 'fr'?)",
    ),
    (
        "months: 12",
        "months: 12\n  industry: gifts",
        f"s.yaml:5:13: scenario.industry: {INDUSTRY}, got 'gifts'",
    ),
    (
        "months: 12",
        "months: 12\n  industry: personalised_gifts",
        f"s.yaml:5:13: scenario.industry: {INDUSTRY}, got 'personalised_gifts' "
        "(did you mean 'personalized_gifts'?)",
    ),
    # seasonality: exactly 12 numbers >= 0
    (
        "conversion: 2%",
        "conversion: 2%\n  seasonality: [1, 1, 1]",
        "s.yaml:10:16: acquisition.seasonality: expected 12 numbers (Jan..Dec), got 3",
    ),
    (
        "conversion: 2%",
        "conversion: 2%\n  seasonality: 1",
        "s.yaml:10:16: acquisition.seasonality: expected a list of 12 numbers >= 0 (Jan..Dec), got 1",
    ),
    # text
    ("name: Test", "name: ''", "s.yaml:2:9: scenario.name: expected non-empty text, got ''"),
    (
        "name: Test",
        "name: [a, b]",
        "s.yaml:2:9: scenario.name: expected non-empty text, got a list",
    ),
    # unknown, duplicate and non-text keys
    (
        "conversion: 2%",
        "convertion: 2%",
        "s.yaml:7:7: acquisition.channels[0]: missing required key 'conversion'",
        "s.yaml:9:7: acquisition.channels[0].convertion: unknown key 'convertion' "
        "(did you mean 'conversion'?)",
    ),
    (
        "",
        "fixed_cost: []",
        "s.yaml:12:1: fixed_cost: unknown key 'fixed_cost' (did you mean 'fixed_costs'?)",
    ),
    ("", "notes: hello", "s.yaml:12:1: notes: unknown key 'notes'"),
    ("", "source: x.yaml", "s.yaml:12:1: source: unknown key 'source'"),
    (
        "conversion: 2%",
        "conversion: 2%\n  referals: {rate: 1%}",
        "s.yaml:10:3: acquisition.referals: unknown key 'referals' (did you mean 'referrals'?)",
    ),
    (
        "visits: 1000",
        "visits: 1000\n      visits: 2",
        "s.yaml:9:7: acquisition.channels[0].visits: duplicate key 'visits' (first given on line 8)",
    ),
    (
        "",
        "orders: {aov: 3}",
        "s.yaml:12:1: orders: duplicate key 'orders' (first given on line 10)",
    ),
    ("", "? [a, b]\n: 1\n", "s.yaml:12:3: expected a key name, got a list"),
    (
        "",
        "notes: a\nnotes: b\n",
        "s.yaml:12:1: notes: unknown key 'notes'",
        "s.yaml:13:1: notes: duplicate key 'notes' (first given on line 12)",
    ),
    # wrong shapes and missing keys
    (
        ACQUISITION,
        "acquisition: [email]\n",
        "s.yaml:5:14: acquisition: expected a mapping, got a list",
    ),
    (CHANNELS, "", "s.yaml:6:3: acquisition.channels: expected at least 1 item, got nothing"),
    (
        "  channels:\n" + CHANNELS,
        "  channels: []\n",
        "s.yaml:6:13: acquisition.channels: expected at least 1 item, got an empty list",
    ),
    (
        "  channels:\n" + CHANNELS,
        "  channels: {name: email}\n",
        "s.yaml:6:13: acquisition.channels: expected a list, got a mapping",
    ),
    (
        "  channels:\n" + CHANNELS,
        "  channels: [email]\n",
        "s.yaml:6:14: acquisition.channels[0]: expected a mapping, got 'email'",
    ),
    ("aov: 50", "aov_growth: 0", "s.yaml:11:3: orders: missing required key 'aov'"),
    ("  aov: 50\n", "", "s.yaml:10:1: orders: missing required key 'aov'"),
    ("orders:\n  aov: 50\n", "", "s.yaml:1:1: missing required key 'orders'"),
    ("  name: Test\n", "", "s.yaml:2:3: scenario: missing required key 'name'"),
    (
        "",
        "financing:\n  equity:\n    - {month: 6}\n",
        "s.yaml:14:7: financing.equity[0]: missing required key 'amount'",
    ),
    ("", "customers: 5%", "s.yaml:12:12: customers: expected a mapping, got '5%'"),
    ("", "capex: {name: Oven}", "s.yaml:12:8: capex: expected a list, got a mapping"),
    # channel names: a lowercase letter, then a-z, 0-9, _; unique
    ("name: email", "name: Email", f"{NAME}: {NAME_RULE}, got 'Email' (did you mean 'email'?)"),
    (
        "name: email",
        "name: paid-search",
        f"{NAME}: {NAME_RULE}, got 'paid-search' (did you mean 'paid_search'?)",
    ),
    ("name: email", "name: 1st", f"{NAME}: {NAME_RULE}, got '1st'"),
    ("name: email", "name: 42", f"{NAME}: {NAME_RULE}, got 42"),
    (
        "conversion: 2%",
        "conversion: 2%\n    - {name: email, visits: 5, conversion: 1%}",
        "s.yaml:10:14: acquisition.channels[1].name: duplicate channel name 'email' "
        "(also channels[0])",
    ),
    # rules across keys
    (
        "",
        "customers:\n  repeat_rate: 10%\n  churn: 0\n",
        "s.yaml:14:10: customers.churn: expected churn above 0 when repeat_rate is above 0, got 0",
    ),
    (
        "",
        "customers:\n  repeat_rate: 10%\n",
        "s.yaml:13:3: customers: missing key 'churn': it must be above 0 when repeat_rate is above 0",
    ),
    (
        "",
        "fixed_costs:\n  - {name: Rent, monthly: 1, start_month: 6, end_month: 5}\n",
        "s.yaml:13:57: fixed_costs[0].end_month: expected end_month >= start_month (6), got 5",
    ),
    (
        "",
        "staff:\n  - {role: Dev, monthly_salary: 1, start_month: 3, end_month: 2}\n",
        "s.yaml:13:63: staff[0].end_month: expected end_month >= start_month (3), got 2",
    ),
    # YAML syntax and the shape of the whole file
    (
        "months: 12",
        "months: 12: 3",
        "s.yaml:4:13: invalid YAML: mapping values are not allowed here",
    ),
    (
        "months: 12",
        "months: [12",
        "s.yaml:5:12: invalid YAML: while parsing a flow sequence, "
        "expected ',' or ']', but got ':'",
    ),
    (
        "",
        "---\nb: 2\n",
        "s.yaml:12:1: invalid YAML: expected a single document in the stream, "
        "but found another document",
    ),
    (
        "",
        "x:\n\ty: 1\n",
        "s.yaml:13:1: invalid YAML: while scanning for the next token, "
        "found character '\\t' that cannot start any token",
    ),
    (
        "",
        "notes: \x01\n",
        "s.yaml:12:8: invalid YAML: unacceptable character #x0001: "
        "special characters are not allowed",
    ),
]


# v2 keys: working-capital days, the USD rate and channel labels.
RULE_CASES += [
    (
        "",
        "working_capital:\n  receivable_days: 400\n",
        "s.yaml:13:20: working_capital.receivable_days: "
        "expected a number of days from 0 to 365, got 400",
    ),
    (
        "",
        "working_capital: {payable_days: -1, receivable_days: '30'}\n",
        "s.yaml:12:33: working_capital.payable_days: "
        "expected a number of days from 0 to 365, got -1",
        "s.yaml:12:54: working_capital.receivable_days: "
        "expected a number of days from 0 to 365, got '30' (remove the quotes)",
    ),
    (
        "",
        "working_capital: {payable_days: 30, net_days: 10}\n",
        "s.yaml:12:37: working_capital.net_days: unknown key 'net_days' (did you mean 'payable_days'?)",
    ),
    (
        "  months: 12\n",
        "  months: 12\n  usd_rate: 0.92\n",
        "s.yaml:5:13: scenario.usd_rate: expected 1 or null for currency USD, got 0.92",
    ),
    (
        "  months: 12\n",
        "  months: 12\n  currency: EUR\n  usd_rate: 0\n",
        "s.yaml:6:13: scenario.usd_rate: expected a number > 0 or null, got 0",
    ),
    (
        "      visits: 1000\n",
        "      visits: 1000\n      label: ''\n",
        "s.yaml:9:14: acquisition.channels[0].label: expected non-empty text, got ''",
    ),
]


def test_v2_keys_load_with_their_defaults():
    s = sc.loads(MINIMAL, "s.yaml")
    assert (s.working_capital.receivable_days, s.working_capital.payable_days) == (0, 0)
    assert s.scenario.usd_rate is None and s.acquisition.channels[0].label is None
    assert s.acquisition.channels[0].shown == "email"
    text = edited("      visits: 1000\n", "      visits: 1000\n      label: '=Email list'\n")
    text += "working_capital: {receivable_days: 2.5}\n"
    s = sc.loads(text.replace("months: 12", "months: 12\n  currency: EUR\n  usd_rate: 1.08"))
    assert s.acquisition.channels[0].shown == "=Email list"
    assert s.working_capital.receivable_days == 2.5 and s.scenario.usd_rate == 1.08


@pytest.mark.parametrize("case", RULE_CASES, ids=lambda case: case[1].strip()[:40])
def test_each_rule_has_an_exact_message(case):
    old, new, *expected = case
    assert problems(edited(old, new)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "",
            "s.yaml:1:1: expected a mapping of scenario sections (scenario, acquisition, "
            "orders, ...), got an empty file",
        ),
        (
            "# only a comment\n",
            "s.yaml:1:1: expected a mapping of scenario sections "
            "(scenario, acquisition, orders, ...), got an empty file",
        ),
        (
            "- a\n- b\n",
            "s.yaml:1:1: expected a mapping of scenario sections "
            "(scenario, acquisition, orders, ...), got a list",
        ),
        (
            "hello\n",
            "s.yaml:1:1: expected a mapping of scenario sections "
            "(scenario, acquisition, orders, ...), got 'hello'",
        ),
        (
            "\n\n  ~\n",
            "s.yaml:3:3: expected a mapping of scenario sections "
            "(scenario, acquisition, orders, ...), got null",
        ),
    ],
)
def test_empty_or_non_mapping_file(text, expected):
    assert problems(text) == [expected]


def test_seasonality_reports_every_bad_month():
    months = "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, x]"
    text = edited("conversion: 2%", f"conversion: 2%\n  seasonality: {months}")
    assert problems(text) == [
        "s.yaml:10:47: acquisition.seasonality[10]: expected a number >= 0, got -1",
        "s.yaml:10:51: acquisition.seasonality[11]: expected a number >= 0, got 'x'",
    ]


def test_every_problem_in_a_file_is_reported_in_order():
    path = FIXTURES / "scn_many_problems.yaml"
    with pytest.raises(ScenarioError) as caught:
        sc.load(path)
    where = str(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{where}:4:13: scenario.currency: expected a three-letter ISO 4217 code such as 'USD', "
        "got 'usd' (did you mean 'USD'?)",
        f"{where}:5:10: scenario.start: expected a month as YYYY-MM, got 2027-01-01 "
        "(use YYYY-MM: '2027-01')",
        f"{where}:6:11: scenario.months: expected a whole number of months from 1 to 240, got 300",
        f"{where}:9:7: acquisition.channels[0]: missing required key 'conversion'",
        f"{where}:9:13: acquisition.channels[0].name: expected a name made of a lowercase letter, "
        "then lowercase letters, digits or _, got 'Email' (did you mean 'email'?)",
        f"{where}:10:15: acquisition.channels[0].visits: expected a number >= 0, got -5",
        f"{where}:11:7: acquisition.channels[0].conversoin: unknown key 'conversoin' "
        "(did you mean 'conversion'?)",
        f"{where}:14:19: acquisition.channels[1].conversion: expected a share between 0 and 1, "
        'got 4.29 (did you mean "4.29%"?)',
        f"{where}:15:7: acquisition.channels[1].conversion: duplicate key 'conversion' "
        "(first given on line 14)",
        f"{where}:18:10: customers.churn: expected churn above 0 when repeat_rate is above 0, "
        "got 0",
        f"{where}:23:16: staff[0].end_month: expected end_month >= start_month (6), got 3",
        f"{where}:25:8: orders.aov: expected a finite number, got .nan",
    ]
    assert str(caught.value).startswith("12 problems in scenario:\n  " + where + ":4:13: ")


def test_a_rule_across_keys_stays_silent_when_its_input_is_already_wrong():
    text = edited("", "customers:\n  repeat_rate: 10%\n  churn: lots\n")
    assert problems(text) == [
        "s.yaml:14:10: customers.churn: expected a share between 0 and 1, got 'lots'"
    ]


# -- Files ---------------------------------------------------------------------------


def test_load_missing_file(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(ProjectorError) as caught:
        sc.load(path)
    assert caught.value.message == f"cannot read scenario file {path}: no such file or directory"


def test_load_directory(tmp_path):
    with pytest.raises(ProjectorError) as caught:
        sc.load(tmp_path)
    assert caught.value.message == f"cannot read scenario file {tmp_path}: is a directory"


def test_load_non_utf8_file(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace("Test", "Caf\xe9").encode("latin-1"))
    with pytest.raises(ProjectorError) as caught:
        sc.load(path)
    assert caught.value.message == f"cannot read scenario file {path}: not UTF-8 text (byte 21)"


def test_load_accepts_str_paths_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    scenario = sc.load(str(path))
    assert scenario.source == path
    assert scenario.scenario.name == "Test"


# -- JSON Schema ---------------------------------------------------------------------
#
# One document, two variants in $defs: `scenario` for a complete file, `partial` for a
# child file (one with `extends`), chosen by if/then/else at the top level.


def objects(schema: dict, where: str = "#"):
    """Every object schema nested in `schema`, with a JSON-pointer-ish location."""
    types = schema.get("type")
    if types == "object" or (isinstance(types, list) and "object" in types):
        yield where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from objects(sub, f"{where}/{name}")
    if isinstance(schema.get("items"), dict):
        yield from objects(schema["items"], f"{where}[]")


def full_schema() -> dict:
    return sc.json_schema()["$defs"]["scenario"]


def partial_schema() -> dict:
    return sc.json_schema()["$defs"]["partial"]


def test_json_schema_top_level():
    schema = sc.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "projector scenario"
    assert "$id" not in schema
    assert schema["type"] == "object"
    assert schema["if"] == {"required": ["extends"]}
    assert schema["then"] == {"$ref": "#/$defs/partial"}
    assert schema["else"] == {"$ref": "#/$defs/scenario"}
    assert set(schema["$defs"]) == {"scenario", "partial"}
    assert "required" not in schema and "properties" not in schema
    full = full_schema()
    assert full["type"] == "object"
    assert full["required"] == ["scenario", "acquisition", "orders"]
    assert "source" not in full["properties"] and "extends" not in full["properties"]
    json.dumps(schema)  # plain JSON all the way down


def test_json_schema_is_closed_and_documented_at_every_level():
    found = list(objects(full_schema()))
    # root + 10 sections + 6 kinds of list item + uncertainty.inputs
    assert len(found) == 18
    for where, schema in found:
        if where == "#/uncertainty/inputs":  # keys are input addresses; values closed
            distribution = schema["additionalProperties"]
            assert distribution["additionalProperties"] is False
            assert set(distribution["properties"]) == set(sc.DISTRIBUTIONS)
            continue
        assert schema["additionalProperties"] is False, where
        assert isinstance(schema["required"], list), where
        assert "remove" not in schema["properties"], where
        for name, sub in schema["properties"].items():
            assert sub["description"], f"{where}/{name}"


# Items of lists merged item by item, with the key that names them; equity is replaced.
KEYED_LISTS = {
    "#/acquisition/channels[]": "name",
    "#/fixed_costs[]": "name",
    "#/staff[]": "role",
    "#/capex[]": "name",
    "#/financing/loans[]": "name",
}


def test_partial_schema_has_the_same_keys_none_required():
    full, partial = dict(objects(full_schema())), dict(objects(partial_schema()))
    assert set(partial) == set(full)
    assert partial["#"]["properties"]["extends"]["type"] == "string"
    for where, schema in partial.items():
        if where == "#/uncertainty/inputs":  # merged address by address: as in the full file
            assert schema == full[where]
            continue
        assert schema["additionalProperties"] is False, where
        extra = {"#": {"extends"}}.get(where, {"remove"} if where in KEYED_LISTS else set())
        assert set(schema["properties"]) == set(full[where]["properties"]) | extra, where
        if where in KEYED_LISTS:  # the name or role says which item to change or remove
            assert schema["required"] == [KEYED_LISTS[where]], where
            assert schema["properties"]["remove"]["type"] == "boolean", where
        elif where == "#/financing/equity[]":  # replaced whole: items stay complete
            assert schema == full[where]
        else:
            assert "required" not in schema, where
        for name, sub in schema["properties"].items():
            assert sub["description"], f"{where}/{name}"


def test_partial_schema_keeps_value_types_and_lets_blank_keep_the_parent():
    full, partial = full_schema()["properties"], partial_schema()["properties"]
    assert partial["tax_rate"] == full["tax_rate"]
    assert partial["orders"]["properties"]["aov"] == full["orders"]["properties"]["aov"]
    seasonality = partial["acquisition"]["properties"]["seasonality"]
    assert seasonality == full["acquisition"]["properties"]["seasonality"]  # replaced whole
    assert partial["orders"]["type"] == ["object", "null"]  # required in a full file
    channels = partial["acquisition"]["properties"]["channels"]
    assert channels["type"] == ["array", "null"] and "minItems" not in channels


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        (("scenario", "required"), ["name", "start", "months"]),
        (("scenario", "properties", "locale", "enum"), ["en", "fr"]),
        (("scenario", "properties", "locale", "default"), "en"),
        (("scenario", "properties", "currency", "default"), "USD"),
        (("scenario", "properties", "currency", "pattern"), "^[A-Z]{3}$"),
        (("scenario", "properties", "industry", "enum"), [*sc.INDUSTRIES, None]),
        (("scenario", "properties", "industry", "default"), None),
        (("scenario", "properties", "months", "maximum"), 240),
        (("acquisition", "properties", "channels", "minItems"), 1),
        (("acquisition", "properties", "channels", "type"), "array"),
        (
            ("acquisition", "properties", "channels", "items", "required"),
            ["name", "visits", "conversion"],
        ),
        (
            ("acquisition", "properties", "channels", "items", "properties", "name", "pattern"),
            "^[a-z][a-z0-9_]*$",
        ),
        (("acquisition", "properties", "seasonality", "default"), [1.0] * 12),
        (("acquisition", "properties", "seasonality", "minItems"), 12),
        (("acquisition", "properties", "seasonality", "maxItems"), 12),
        (("acquisition", "properties", "referrals", "type"), ["object", "null"]),
        (("staff", "type"), ["array", "null"]),
        (("staff", "default"), []),
        (("staff", "items", "properties", "count", "default"), 1.0),
        (("staff", "items", "properties", "end_month", "type"), ["integer", "null"]),
        (("financing", "properties", "starting_cash", "type"), "number"),
        (("orders", "properties", "aov", "minimum"), 0),
        (("orders", "properties", "aov_growth", "oneOf", 0, "exclusiveMinimum"), -1),
        (("orders", "properties", "aov_growth", "oneOf", 0, "maximum"), 1),
        (("tax_rate", "oneOf", 0), {"type": "number", "minimum": 0, "maximum": 1}),
        (("tax_rate", "description"), "Tax on profit after losses carried forward"),
    ],
)
def test_json_schema_fragments(pointer, expected):
    node = full_schema()["properties"]
    for part in pointer:
        node = node[part]
    assert node == expected


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("4.29%", True),
        ("4.29 %", True),
        ("-3%", True),
        (".5%", True),
        ("4.29", False),
        ("%", False),
        ("4,29%", False),
        ("abc%", False),
    ],
)
def test_json_schema_percent_pattern(text, matches):
    share = full_schema()["properties"]["tax_rate"]
    pattern = share["oneOf"][1]["pattern"]
    assert share["oneOf"][1]["type"] == "string"
    assert bool(re.search(pattern, text)) is matches


def test_every_declared_kind_has_a_parser_and_a_schema():
    kinds = set()
    pending = [sc.Scenario]
    while pending:
        for spec in sc.schema_fields(pending.pop()):
            kinds.add(spec.metadata["kind"])
            if "type" in spec.metadata:
                pending.append(spec.metadata["type"])
    leaf_kinds = kinds - {"section", "list"}
    assert leaf_kinds <= set(PARSERS) and leaf_kinds <= set(FRAGMENTS)


# -- The JSON Schema against a real validator, and against the loader ----------------

ROOT = Path(__file__).parents[2]
VALIDATOR = jsonschema.Draft202012Validator(sc.json_schema())
EVERY_FILE = sorted([*(ROOT / "scenarios").rglob("*.yaml"), *FIXTURES.rglob("*.yaml")])


def schema_errors(text: str) -> list[tuple[str, str]]:
    """(dotted path, failed keyword) of every error the editor's schema finds in `text`."""
    errors = VALIDATOR.iter_errors(yaml.safe_load(text))
    return sorted((".".join(map(str, error.absolute_path)), error.validator) for error in errors)


def loader_accepts(text: str) -> bool:
    """Whether the loader accepts `text` as a file beside tests/fixtures/inherit/base.yaml."""
    try:
        sc.loads(text, str(FIXTURES / "inherit" / "new_child.yaml"))
    except ScenarioError:
        return False
    return True


def test_json_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(sc.json_schema())


@pytest.mark.parametrize("path", EVERY_FILE, ids=lambda p: str(p.relative_to(ROOT)))
def test_schema_accepts_every_file_the_loader_accepts(path):
    try:
        sc.load(path)
    except ScenarioError:
        return  # the loader also checks what a schema cannot (cross-key rules, parents)
    assert schema_errors(path.read_text(encoding="utf-8")) == []


def test_schema_is_checked_on_files_of_both_kinds():
    children = [p for p in EVERY_FILE if "extends" in yaml.safe_load(p.read_text())]
    examples = [p for p in children if p.is_relative_to(ROOT / "scenarios")]
    assert len(examples) == 4 and len(children) > 4  # 3 variants and the example with risks
    assert schema_errors((FIXTURES / "inherit" / "bad_child.yaml").read_text()) == [
        ("orders", "additionalProperties"),
        ("orders.aov", "minimum"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("orders: {aov: abc}", [("orders.aov", "type")]),
        (
            "acquisition: {channels: [{name: social, conversion: 2.5}]}",
            [("acquisition.channels.0.conversion", "oneOf")],
        ),
        ("customers: {chrun: 5%}", [("customers", "additionalProperties")]),
        ("staff: [{role: Designer, remove: maybe}]", [("staff.0.remove", "type")]),
        ("fixed_costs: [{monthly: 100}]", [("fixed_costs.0", "required")]),
        ("capex: [{remove: true}]", [("capex.0", "required")]),
        ("financing: {equity: [{amount: 5000}]}", [("financing.equity.0", "required")]),
        ("acquisition: {seasonality: [1, 2]}", [("acquisition.seasonality", "minItems")]),
        ("months: 12", [("", "additionalProperties")]),
        # accepted: a blank section or list keeps the parent's, remove is a boolean
        ("orders:\nacquisition: {channels: []}", []),
        ("staff: [{role: Designer, count: 2, remove: false}, {role: Assistant, remove: true}]", []),
        (
            "acquisition: {channels: [{name: email, remove: true}, {name: ads, visits: 900,"
            " conversion: 1.2%}]}\nfinancing: {loans: [{name: Bank loan, annual_rate: 6%}]}",
            [],
        ),
    ],
)
def test_child_files_are_checked_against_the_partial_schema(text, expected):
    text = f"extends: base.yaml\n{text}\n"
    assert schema_errors(text) == expected
    assert loader_accepts(text) is (expected == [])  # the loader agrees


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extends: 3\n", [("extends", "type")]),
        ("extends: ' '\n", [("extends", "pattern")]),
        (
            MINIMAL.replace("conversion: 2%", "conversion: 2%\n      remove: true"),
            [("acquisition.channels.0", "additionalProperties")],
        ),
        ("scenario: {name: Test}\n", [("", "required")] * 2 + [("scenario", "required")] * 2),
        (edited("aov: 50", "aov: abc"), [("orders.aov", "type")]),
        (MINIMAL, []),
    ],
)
def test_extends_is_a_path_and_files_without_it_get_the_full_schema(text, expected):
    assert schema_errors(text) == expected
    assert loader_accepts(text) is (expected == [])
