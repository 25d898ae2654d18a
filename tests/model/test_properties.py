"""Property-based tests (Hypothesis): random valid scenarios keep the engine's identities,
and random mutations of valid files fail cleanly, located, never with a crash.

CI runs a small, reproducible sample: the examples come from a fixed seed, printed in
the pytest header; set PROJECTOR_HYPOTHESIS_SEED to explore others, and
PROJECTOR_HYPOTHESIS_EXAMPLES for a longer run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from recalc import named_range_values, numbers_agree, workbook_values

from projector.errors import ScenarioError
from projector.model import Projection, project
from projector.scenario import (
    CASH,
    CHANNEL_NAME,
    COUNT,
    CURRENCY,
    DURATION,
    END_MONTH,
    GROWTH,
    HORIZON,
    INDUSTRY,
    LOCALE,
    MONEY,
    MONTH,
    SEASONALITY,
    SHARE,
    TEXT,
    TURNS,
    YEAR_MONTH,
    Scenario,
    loads,
    schema_fields,
)
from projector.writers.xlsx import workbook

SEED = int(os.environ.get("PROJECTOR_HYPOTHESIS_SEED", "20261201"))
EXAMPLES = int(os.environ.get("PROJECTOR_HYPOTHESIS_EXAMPLES", "25"))
CI = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no example database: the same seed gives the same run everywhere
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)

# -- Valid scenarios across the whole schema ------------------------------------------

HORIZON_MONTHS = st.integers(1, 48)  # long enough for Year 2, loans repaid, TTM


def number(low: float, high: float, places: int = 6) -> st.SearchStrategy[float]:
    """A figure as a founder writes it: a few decimals, never 5e-324 (tests/test_hostile.py
    covers such inputs: they end in an input error, not in a projection)."""
    return st.floats(low, high).map(lambda x: round(x, places))


money = number(0, 50_000, 2)
share = number(0, 1, 4)
small_share = number(0, 0.3, 4)
growth = number(-0.3, 0.3, 4)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario as plain YAML data, drawing every section and list of the schema."""
    months = draw(HORIZON_MONTHS)
    month = st.integers(1, months + 6)  # items may start after the horizon
    names = draw(
        st.lists(
            st.sampled_from(["email", "social", "ads", "seo", "b2b"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    repeat = draw(small_share)
    data: dict[str, Any] = {
        "scenario": {
            "name": draw(st.text(min_size=1, max_size=20).filter(str.strip)),
            "start": f"{draw(st.integers(1900, 2200))}-{draw(st.integers(1, 12)):02d}",
            "months": months,
            "currency": draw(st.sampled_from(["USD", "EUR", "GBP", "JPY"])),
            "locale": draw(st.sampled_from(["en", "fr"])),
            "industry": draw(st.sampled_from([None, "personalized_gifts", "3d_printed_jewelry"])),
        },
        "acquisition": {
            "channels": [
                {
                    "name": name,
                    "visits": draw(st.floats(0, 100_000).map(round)),
                    "growth": draw(growth),
                    "conversion": draw(st.floats(0, 0.1).map(lambda x: round(x, 4))),
                    "cac": draw(st.floats(0, 200).map(lambda x: round(x, 2))),
                }
                for name in names
            ],
            "seasonality": draw(
                st.lists(st.floats(0, 3).map(lambda x: round(x, 2)), min_size=12, max_size=12)
            ),
            "brand_marketing": draw(money),
            "referrals": {"rate": draw(number(0, 0.05)), "reward": draw(money)},
        },
        "customers": {
            "starting": draw(st.floats(0, 5000).map(round)),
            "repeat_rate": repeat,
            "churn": draw(st.floats(0.01, 0.5) if repeat > 0 else small_share),
        },
        "orders": {
            "aov": draw(st.floats(0, 500).map(lambda x: round(x, 2))),
            "aov_growth": draw(number(-0.05, 0.05)),
            "upsell": {"take_rate": draw(share), "price": draw(money), "cost": draw(money)},
            "return_rate": draw(small_share),
            "return_cost": draw(share),
        },
        "unit_costs": {
            "material": draw(share),
            "labor_per_order": draw(number(0, 50)),
            "fulfillment_per_order": draw(number(0, 20)),
            "payment_fee": draw(number(0, 0.05)),
            "payment_fee_fixed": draw(number(0, 1)),
            "inventory_turns": draw(number(0, 12)),
        },
        "fixed_costs": [
            _period(draw, {"name": f"cost {i}", "monthly": draw(money)}, month, "annual_increase")
            for i in range(draw(st.integers(0, 3)))
        ],
        "staff": [
            _period(
                draw,
                {
                    "role": f"role {i}",
                    "count": draw(st.integers(0, 4)),
                    "monthly_salary": draw(money),
                },
                month,
                "annual_raise",
            )
            for i in range(draw(st.integers(0, 3)))
        ],
        "employer_overhead": draw(small_share),
        "capex": [
            {
                "name": f"asset {i}",
                "amount": draw(money),
                "month": draw(month),
                "life_months": draw(st.integers(1, 60)),
            }
            for i in range(draw(st.integers(0, 2)))
        ],
        "financing": {
            "starting_cash": draw(st.floats(-20_000, 200_000).map(round)),
            "equity": [
                {"month": draw(month), "amount": draw(money)}
                for _ in range(draw(st.integers(0, 2)))
            ],
            "loans": [
                {
                    "name": f"loan {i}",
                    "amount": draw(money),
                    "month": draw(month),
                    "annual_rate": draw(small_share),
                    "term_months": draw(st.integers(1, 36)),
                }
                for i in range(draw(st.integers(0, 2)))
            ],
        },
        "tax_rate": draw(number(0, 0.5)),
        "working_capital": {
            "receivable_days": draw(number(0, 365)),
            "payable_days": draw(number(0, 365)),
        },
    }
    return data


def _period(
    draw: st.DrawFn, item: dict[str, Any], month: st.SearchStrategy[int], raise_key: str
) -> dict[str, Any]:
    """A fixed cost or staff line with a start, maybe an end, and a yearly increase."""
    start = draw(month)
    item.update(start_month=start, **{raise_key: draw(number(0, 0.1))})
    if draw(st.booleans()):
        item["end_month"] = start + draw(st.integers(0, 24))
    return item


def as_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# -- Identities -----------------------------------------------------------------------
# Each takes a projection and returns the months where it fails (empty when it holds).


def _close(a: np.ndarray, b: np.ndarray, size: float = 1.0) -> list[int]:
    """1-based positions where a and b differ by more than 1e-9 of their size (or `size`)."""
    scale = np.maximum(size, np.maximum(np.abs(a), np.abs(b)))
    return [int(t) + 1 for t in np.flatnonzero(np.abs(a - b) > 1e-9 * scale)]


def _cash(p: Projection) -> list[int]:
    previous = np.concatenate([[p.opening["cash"]], p.monthly["cash"][:-1]])
    return _close(p.monthly["cash"], previous + p.monthly["net_cash_flow"])


def _loans_repaid(p: Projection) -> list[int]:
    """Each loan's balance is 0 from the end of its term on (when that is in the horizon),
    up to the rounding of its amount: 12,530 repaid in 2 months leaves 1.0e-9."""
    failing = []
    for i, loan in enumerate(p.scenario.financing.loans, start=1):
        end = loan.month + loan.term_months
        balance = p.monthly[f"loan_balance_{i}"]
        if end <= len(balance):
            rest = balance[end - 1 :]
            failing += [end - 1 + t for t in _close(rest, np.zeros(len(rest)), max(1, loan.amount))]
    return failing


def _tax_never_negative(p: Projection) -> list[int]:
    return [
        int(t) + 1 for t in np.flatnonzero((p.monthly["tax"] < 0) | (p.monthly["tax_losses"] < 0))
    ]


IDENTITIES: dict[str, Callable[[Projection], list[int]]] = {
    "cash": _cash,
    "loans repaid": _loans_repaid,
    "tax never negative": _tax_never_negative,
    "balance sheet balances": lambda p: _close(
        p.monthly["total_assets"], p.monthly["total_liabilities"] + p.monthly["total_equity"]
    ),
}


@seed(SEED)
@CI
@given(scenarios())
def test_random_valid_scenarios_keep_the_identities(data: dict[str, Any]) -> None:
    p = project(loads(as_yaml(data), "random.yaml"))
    failing = {name: months for name, check in IDENTITIES.items() if (months := check(p))}
    assert not failing, f"identities broken (name: months), seed {SEED}: {failing}"


def _workbook_disagreements(p: Projection, path: Path) -> list[str]:
    """Every named Monthly line and Summary item whose cached value differs from the engine."""
    wb = workbook_values(path)
    wrong = []
    for line in p.lines:
        if line.detail:
            continue
        cached = named_range_values(wb, line.id)
        engine = [float(v) for v in p.monthly[line.id]]
        wrong += [
            f"{line.id}[{t + 1}]"
            for t, (a, b) in enumerate(zip(cached, engine, strict=True))
            if not numbers_agree(a, b)
        ]
    for item in p.summary_items:
        [cached] = named_range_values(wb, item.id)
        engine = p.summary[item.id]
        if not numbers_agree(
            None if cached in ("n/a", "n.d.", "never", "jamais") else cached, engine
        ):
            wrong.append(f"{item.id}: {cached!r} != {engine!r}")
    return wrong


@seed(SEED)
# A workbook each: few in CI, and no shrinking (each step would write a workbook).
@settings(CI, max_examples=min(EXAMPLES, 4), phases=[Phase.explicit, Phase.generate])
@given(data=scenarios())
def test_random_workbooks_cache_the_engines_values(tmp_path_factory, data: dict[str, Any]) -> None:
    p = project(loads(as_yaml(data), "random.yaml"))
    path = tmp_path_factory.mktemp("wb") / "random.xlsx"
    workbook.write_workbook(p, path)
    wrong = _workbook_disagreements(p, path)
    assert not wrong, f"seed {SEED}: cached values differ from the engine: {wrong[:10]}"


# -- Mutations of valid files: each must fail cleanly, located --------------------------

# For each kind of value, values that break its rule whatever else the file says.
BAD_VALUES: dict[str, list[Any]] = {
    TEXT: ["", {"a": 1}, ["x"]],
    CURRENCY: ["usd", "DOLLARS", 12],
    LOCALE: ["de", 1],
    YEAR_MONTH: ["2027-13", "1899-12", "27-01", 2027],
    HORIZON: [0, 241, 2.5, "12"],
    INDUSTRY: ["bakery", 3],
    CHANNEL_NAME: ["Email", "two words", "x" * 65, 7],
    COUNT: [-1, "many", [1]],
    MONEY: [-0.01, "12 USD", True],
    CASH: ["lots", {"a": 1}, float("nan")],
    SHARE: [1.5, -0.1, "150%", "half"],
    GROWTH: [-1, 1.5, "x"],
    MONTH: [0, 1.5, "3"],
    END_MONTH: [0, -2, "soon"],
    DURATION: [0, 2.5, "a year"],
    TURNS: [-1, "often"],
    SEASONALITY: [[1] * 11, [1] * 11 + [-1], "flat", 1],
}


def _leaves(data: Any, cls: type, path: tuple = ()) -> list[tuple[tuple, str, bool]]:
    """(path, kind, required) of every key written in `data`, read against the schema."""
    found = []
    for spec_ in schema_fields(cls):
        if spec_.name not in data:
            continue
        meta, value, here = spec_.metadata, data[spec_.name], (*path, spec_.name)
        found.append((here, meta["kind"], meta["required"]))
        if meta["kind"] == "section" and isinstance(value, dict):
            found += _leaves(value, meta["type"], here)
        elif meta["kind"] == "list" and isinstance(value, list):
            for i, entry in enumerate(value):
                found += _leaves(entry, meta["type"], (*here, i))
    return found


def _set(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _delete(data: Any, path: tuple) -> None:
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str]:
    """A valid scenario with one change that makes it invalid, and what was changed."""
    data = draw(scenarios())
    leaves = _leaves(data, Scenario)
    how = draw(st.sampled_from(["wrong value", "delete required", "wrong shape"]))
    if how == "delete required":
        path, _, _ = draw(st.sampled_from([leaf for leaf in leaves if leaf[2]]))
        _delete(data, path)
    elif how == "wrong shape":  # a section or a list replaced by a scalar
        path, _, _ = draw(
            st.sampled_from([leaf for leaf in leaves if leaf[1] in ("section", "list")])
        )
        _set(data, path, draw(st.sampled_from([12, "text", [1, 2]])))
    else:
        path, kind, _ = draw(st.sampled_from([leaf for leaf in leaves if leaf[1] in BAD_VALUES]))
        _set(data, path, draw(st.sampled_from(BAD_VALUES[kind])))
    return as_yaml(data), f"{how} at {path}"


@seed(SEED)
@settings(CI, max_examples=EXAMPLES * 4)  # no projection: cheap
@given(mutations())
def test_random_mutations_fail_cleanly_and_located(case: tuple[str, str]) -> None:
    text, change = case
    with pytest.raises(ScenarioError) as raised:
        loads(text, "mutated.yaml")
    problems = raised.value.problems
    assert problems, change
    for problem in problems:
        assert problem.file == "mutated.yaml" and problem.line >= 1, (change, str(problem))
