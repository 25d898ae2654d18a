"""Every fact about a line or a summary figure is on it, as a keyword, of its own type."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from projector.model import build_lines, build_summary
from projector.model.facts import Better, Fmt, Rollup
from projector.scenario import load

FIXTURES = Path(__file__).parents[1] / "fixtures"
MODEL = Path(__file__).parents[2] / "projector" / "model"

# The directions the comparison used to keep in its own table, keyed by id (compare.BETTER):
# moved onto the lines and summary items, they must say exactly the same.
HIGHER = {
    "min_cash", "ending_cash", "gross_per_order", "margin_per_order",
    "expected_orders_per_customer", "clv", "ltv_to_cac", "new_customers", "active_customers",
    "orders", "net_revenue", "gross_profit", "contribution", "ebitda", "net_income", "cash",
    "gross_margin", "contribution_margin", "ebitda_margin", "net_margin",
    "operating_cash_flow", "net_cash_flow", "cash_out_month", "min_dscr", "total_equity",
}  # fmt: skip
LOWER = {
    "break_even_month", "first_profitable_month", "funding_need", "cac_y1",
    "break_even_orders_y1", "break_even_revenue_y1", "cac", "break_even_ttm_month",
    "cac_payback_orders", "burn",
}  # fmt: skip


def measures() -> list:
    s = load(FIXTURES / "tiny.yaml")
    return [*build_lines(s), *build_summary()]


def test_better_is_the_old_table_exactly():
    found = {m.id: m.better for m in measures() if m.better is not None}
    assert {k for k, v in found.items() if v is Better.HIGHER} == HIGHER
    assert {k for k, v in found.items() if v is Better.LOWER} == LOWER


def test_the_kinds_are_distinct_types():
    """A ratio format and a ratio roll-up share a word, not a meaning: they are not equal."""
    assert Rollup.RATIO != Fmt.RATIO
    assert Rollup.RATIO != "ratio"
    assert Fmt.RATIO == "ratio"  # the writers key their number formats by the string
    for m in measures():
        assert isinstance(m.fmt, Fmt)
        assert m.better is None or isinstance(m.better, Better)


@pytest.mark.parametrize("name", ["lines.py", "summary.py", "kpis.py"])
def test_no_positional_definitions(name):
    """Line(...), SummaryItem(...) and Kpi(...) take keywords only: no fact by its position."""
    tree = ast.parse((MODEL / name).read_text(encoding="utf-8"))
    positional = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"Line", "SummaryItem", "Kpi", "Benchmark"}
        and node.args
    ]
    assert positional == []


def test_line_refuses_positional_arguments():
    from projector.model import Line
    from projector.model.formula import Const

    with pytest.raises(TypeError):
        Line("x", {}, "pnl", Fmt.MONEY, Rollup.FLOW, Const(0))  # type: ignore[misc]


def test_the_summary_has_one_typed_field_per_item():
    from projector.model import SUMMARY_IDS, Summary, project

    assert tuple(item.id for item in build_summary()) == SUMMARY_IDS
    p = project(load(FIXTURES / "tiny.yaml"))
    assert isinstance(p.summary, Summary)
    assert p.summary.funding_need == p.summary["funding_need"]
    assert list(p.summary) == list(SUMMARY_IDS)
    with pytest.raises(KeyError):
        p.summary["funding_needed"]
    with pytest.raises(TypeError):
        Summary(**{k: 0.0 for k in SUMMARY_IDS[1:]})  # one item missing


def test_one_emphasis_for_every_writer():
    """The totals a reader looks for are bold in the workbook and in the reports alike."""
    bold = {m.id for m in build_lines(load(FIXTURES / "tiny.yaml")) if m.emphasis}
    assert bold == {
        "visits", "new_customers", "orders", "net_revenue", "gross_profit", "contribution",
        "opex", "ebitda", "net_income", "net_cash_flow", "cash",
        "total_assets", "total_liabilities", "total_equity",
    }  # fmt: skip
