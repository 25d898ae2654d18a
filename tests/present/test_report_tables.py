"""Which lines each report table shows, in which order: what an investor reads.

The lines declare it (`Line.report`); these lists state it once more, by hand, so that
a line moved, dropped or added to a table is a decision someone made on purpose.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

from projector import scenario
from projector.analysis import compare
from projector.model import build_lines, kpis, project
from projector.model.facts import ReportTable
from projector.model.lines import shown_in
from projector.present import compare as present_compare
from projector.present import report as present_report

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
TREASURES = ROOT / "scenarios" / "personalized_treasures.yaml"  # loans, capex, equity, staff
TINY = FIXTURES / "tiny.yaml"  # none of those
DAY = dt.date(2027, 3, 5)

EXPECTED = {
    ReportTable.YEARS: ("net_revenue", "ebitda", "net_income"),
    ReportTable.ACTIVITY: ("new_customers", "orders", "active_customers"),
    ReportTable.PNL: (
        "gross_sales",
        "refunds",
        "net_revenue",
        "cogs",
        "gross_profit",
        "fulfillment",
        "payment_fees",
        "return_costs",
        "marketing",
        "contribution",
        "fixed_costs",
        "payroll",
        "ebitda",
        "depreciation",
        "interest",
        "tax",
        "net_income",
        "gross_margin",
        "ebitda_margin",
        "net_margin",
    ),
    ReportTable.CASH_FLOW: (
        "operating_cash_flow",
        "investing_cash_flow",
        "equity_in",
        "loan_draws",
        "loan_principal",
        "financing_cash_flow",
        "net_cash_flow",
        "cash",
        "loan_balance",
    ),
    ReportTable.BALANCE_SHEET: (
        "cash",
        "accounts_receivable",
        "inventory",
        "fixed_assets",
        "total_assets",
        "accounts_payable",
        "loan_balance",
        "total_liabilities",
        "paid_in_capital",
        "retained_earnings",
        "total_equity",
    ),
    ReportTable.COMPARED: ("net_revenue", "ebitda", "net_income", "cash"),
    ReportTable.DECK_PNL: (
        "net_revenue",
        "gross_profit",
        "ebitda",
        "net_income",
        "gross_margin",
        "ebitda_margin",
    ),
}


def ids(rows: Iterable[present_report.Row | present_report.Column]) -> tuple[str, ...]:
    return tuple(r.id for r in rows)


def test_every_table_is_stated_here() -> None:
    assert set(EXPECTED) == set(ReportTable)


@pytest.mark.parametrize("path", [TREASURES, TINY], ids=lambda p: p.stem)
@pytest.mark.parametrize("table", list(ReportTable), ids=lambda t: t.name)
def test_the_lines_place_themselves_in_each_table_in_order(path: Path, table: ReportTable) -> None:
    lines = build_lines(scenario.load(path))
    assert tuple(x.id for x in shown_in(lines, table)) == EXPECTED[table]


@pytest.mark.parametrize("table", list(ReportTable), ids=lambda t: t.name)
def test_no_two_lines_share_a_place(table: ReportTable) -> None:
    """A tie would leave the order to the lines' definition order, which nobody chose."""
    places = Counter(
        x.report[table] for x in shown_in(build_lines(scenario.load(TREASURES)), table)
    )
    assert [at for at, n in places.items() if n > 1] == []


def test_no_detail_row_is_placed_in_a_report() -> None:
    """Per-item rows come and go with the scenario's lists; a report table never does."""
    assert [x.id for x in build_lines(scenario.load(TREASURES)) if x.detail and x.report] == []


def test_the_plan_report_shows_those_rows_under_their_titles() -> None:
    s = scenario.load(TREASURES)
    p = project(s)
    r = present_report.build(p, kpis.evaluate(p), chart_prefix="t_chart_", generated=DAY)
    first = r.annual[:3]  # the first years' activity, P&L and cash flow
    assert [t.title for t in first] == ["Activity", "Profit and loss", "Cash flow"]
    assert [ids(t.rows) for t in first] == [
        EXPECTED[ReportTable.ACTIVITY],
        EXPECTED[ReportTable.PNL],
        EXPECTED[ReportTable.CASH_FLOW],
    ]
    assert all(ids(t.rows) == EXPECTED[ReportTable.BALANCE_SHEET] for t in r.balance)
    assert ids(r.by_year.columns) == EXPECTED[ReportTable.YEARS]
    pnl = {row.id: row for row in first[1].rows}
    assert pnl["net_income"].values[0] == pytest.approx(float(p.annual["net_income"][0]))
    assert pnl["net_income"].strong and not pnl["refunds"].strong


def test_the_comparison_shows_one_year_table_per_compared_line() -> None:
    c = compare.compare([TINY, FIXTURES / "tiny_wc.yaml"], name="t", progress=lambda _: None)
    r = present_compare.build(c, chart_prefix="t_chart_", generated=DAY)
    assert tuple(t.id for t in r.years) == EXPECTED[ReportTable.COMPARED]
