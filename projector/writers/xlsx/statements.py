"""The Balance sheet and Checks sheets, and the master check at the top of each sheet.

The balance-sheet lines are computed once, on the Monthly sheet; these sheets lay
them out as a statement and check them, and a failing check shows on every sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from projector.locale import i18n
from projector.model import (
    Projection,
)
from projector.writers.xlsx.addresses import (
    A_YEAR,
    FAILED_NAME,
    FIRST_MONTH_COL,
    ID_COL,
    LABEL_COL,
    M_DATE,
    M_MONTH,
    OPEN_COL,
    Layout,
    row_range,
    sheet_ref,
)
from projector.writers.xlsx.formats import Formats
from projector.writers.xlsx.sheets import Sheet, excel_serial

# The balance sheet as a reader expects it: (heading, [(line id, bold)]), then the tie-out.
STATEMENT = (
    (
        "assets",
        (
            ("cash", False),
            ("accounts_receivable", False),
            ("inventory", False),
            ("fixed_assets", False),
            ("total_assets", True),
        ),
    ),
    (
        "liabilities",
        (("accounts_payable", False), ("loan_balance", False), ("total_liabilities", True)),
    ),
    ("equity", (("paid_in_capital", False), ("retained_earnings", False), ("total_equity", True))),
)
BS_FIRST_LINE = 5
CHECKS_COUNT_ROW, CHECKS_FIRST_ROW = 3, 6
# Where each sheet (by its `SheetNames` id) shows the master check: the first free
# cell at its top.
MASTER_CELL = {
    "assumptions": (2, 0),
    "monthly": (1, 0),
    "annual": (1, 0),
    "balance_sheet": (1, 0),
    "summary": (2, 0),
    "checks": (1, 0),
    "kpis": (1, 6),
    "charts": (0, 0),
}


def _statement_rows() -> dict[str, int]:
    """Row of each balance-sheet line, and of the totals after the three blocks."""
    rows, row = {}, 0
    for _, lines in STATEMENT:
        row += 1  # the block's heading
        for line_id, _ in lines:
            rows[line_id] = row
            row += 1
    rows["liabilities_and_equity"], rows["balance_check"] = row + 1, row + 2
    return rows


def _link(sheet: str, row: int, col: int) -> str:
    return "=" + sheet_ref(sheet, xl_rowcol_to_cell(row, col))


StatementColumn = tuple[int, str, dict[str, int], Callable[[str], float]]


def _statement_block(
    sheet: Sheet, p: Projection, top: int, cols: list[StatementColumn]
) -> dict[str, int]:
    """One balance sheet (monthly or year-end): each cell links the line's computed value.

    `cols` holds (column, source sheet, source column, values by line id -> cached value).
    """
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    rows = {k: top + r for k, r in _statement_rows().items()}
    for heading, lines in STATEMENT:
        sheet.text(rows[lines[0][0]] - 1, LABEL_COL, i18n.text(heading, loc), fmt.get("section"))
        for line_id, bold in lines:
            label = (
                i18n.text("loans", loc) if line_id == "loan_balance" else p.line(line_id).label[loc]
            )
            sheet.text(
                rows[line_id], LABEL_COL, label, fmt.get("text", bold=bold, indent=0 if bold else 1)
            )
            sheet.text(rows[line_id], ID_COL, line_id, fmt.get("note"))
    total_row, check_row = rows["liabilities_and_equity"], rows["balance_check"]
    sheet.text(
        total_row, LABEL_COL, i18n.text("liabilities_and_equity", loc), fmt.get("text", bold=True)
    )
    sheet.text(check_row, LABEL_COL, p.line("balance_check").label[loc], fmt.get("text", bold=True))
    sheet.text(check_row, ID_COL, "balance_check", fmt.get("note"))
    for col, source, source_rows, value in cols:
        for line_id in [*(x for _, lines in STATEMENT for x, _ in lines), "balance_check"]:
            bold = line_id.startswith("total_") or line_id == "balance_check"
            ws.write_formula(
                rows[line_id],
                col,
                _link(source, source_rows[line_id], col),
                fmt.get(p.line(line_id).fmt, bold=bold),
                value(line_id),
            )
        tl, te = (xl_rowcol_to_cell(rows[k], col) for k in ("total_liabilities", "total_equity"))
        ws.write_formula(
            total_row,
            col,
            f"={tl}+{te}",
            fmt.get("money", bold=True),
            value("total_liabilities") + value("total_equity"),
        )
    return rows


def write_balance_sheet(sheet: Sheet, p: Projection, layout: Layout) -> dict[str, int]:
    """The balance sheet month by month (with the Opening column), then at each year end.

    The lines are computed once, on the Monthly sheet (they are model lines with workbook
    names); this sheet lays them out as a statement.  Returns the monthly rows.
    """
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    sheet.text(0, 0, i18n.title("balance_sheet", p.scenario.scenario.name, loc), fmt.get("title"))
    for row, key in ((M_MONTH, "month"), (M_DATE, "date")):
        sheet.text(row, LABEL_COL, i18n.text(key, loc), fmt.get("header"))
        ws.write_blank(row, ID_COL, None, fmt.get("header"))
    ws.write_formula(
        M_MONTH, OPEN_COL, _link(layout.monthly, M_MONTH, OPEN_COL), fmt.get("header"), 0
    )
    sheet.text(M_DATE, OPEN_COL, i18n.text("opening", loc), fmt.get("header"))
    for t, label in enumerate(p.months, start=1):
        col = OPEN_COL + t
        ws.write_formula(M_MONTH, col, _link(layout.monthly, M_MONTH, col), fmt.get("header"), t)
        day = excel_serial(dt.datetime(int(label[:4]), int(label[5:]), 1))
        ws.write_formula(
            M_DATE, col, _link(layout.monthly, M_DATE, col), fmt.get("date", bold=True), day
        )

    def month_value(t: int) -> Callable[[str], float]:
        return lambda k: float(p.opening[k] if t < 0 else p.monthly[k][t])

    def year_value(y: int) -> Callable[[str], float]:
        return lambda k: float(p.annual[k][y])

    monthly: list[StatementColumn] = [
        (OPEN_COL, layout.monthly, layout.monthly_rows, month_value(-1))
    ]
    monthly += [
        (FIRST_MONTH_COL + t, layout.monthly, layout.monthly_rows, month_value(t))
        for t in range(len(p.months))
    ]
    rows = _statement_block(sheet, p, BS_FIRST_LINE, monthly)
    top = max(rows.values()) + 3
    sheet.text(top, LABEL_COL, i18n.text("year_end", loc), fmt.get("header"))
    ws.write_blank(top, ID_COL, None, fmt.get("header"))
    yearly: list[StatementColumn] = []
    for y, year in enumerate(p.years):
        col = FIRST_MONTH_COL - 1 + y
        ws.write_formula(top, col, _link(layout.annual, A_YEAR, col), fmt.get("header"), year)
        yearly.append((col, layout.annual, layout.annual_rows, year_value(y)))
    _statement_block(sheet, p, top + 1, yearly)
    ws.freeze_panes(M_DATE + 1, FIRST_MONTH_COL)
    ws.set_column(LABEL_COL, LABEL_COL, 34)
    ws.set_column(ID_COL, ID_COL, 20)
    ws.set_column(OPEN_COL, layout.last_month_col, 12)
    # On paper, like the Monthly sheet: one projection year per page, labels repeated.
    ws.repeat_columns(LABEL_COL, ID_COL)
    ws.set_v_pagebreaks(list(range(FIRST_MONTH_COL + 12, layout.last_month_col + 1, 12)))
    return rows


@dataclass
class _Check:
    """One row of the Checks sheet: a 0/1 formula per month (or one for the whole
    projection), and the engine's flags, cached with them."""

    label: str
    render: Any  # column -> formula, for monthly checks; None for a whole-projection check
    flags: np.ndarray
    formula: str = ""


def _cell(layout: Layout, line_id: str, col: int) -> str:
    return sheet_ref(layout.monthly, xl_rowcol_to_cell(layout.monthly_rows[line_id], col))


def _balance_check(layout: Layout, col: int) -> str:
    """Assets = liabilities + equity, up to rounding noise of the sums."""
    sizes = ",".join(
        f"ABS({_cell(layout, k, col)})"
        for k in ("total_assets", "total_liabilities", "total_equity")
    )
    return f"=IF(ABS({_cell(layout, 'balance_check', col)})>MAX(1E-6,1E-9*MAX({sizes})),1,0)"


def _cash_check(layout: Layout, bs_rows: dict[str, int], col: int) -> str:
    """The balance sheet's cash against starting cash plus every net cash flow to date."""
    shown = sheet_ref(layout.sheets.balance_sheet, xl_rowcol_to_cell(bs_rows["cash"], col))
    opening = sheet_ref(
        layout.monthly, xl_rowcol_to_cell(layout.monthly_rows["cash"], OPEN_COL, True, True)
    )
    row = layout.monthly_rows["net_cash_flow"]
    flows = sheet_ref(
        layout.monthly,
        f"{xl_rowcol_to_cell(row, FIRST_MONTH_COL, True, True)}:{xl_rowcol_to_cell(row, col)}",
    )
    return f"=IF(ABS({shown}-({opening}+SUM({flows})))>1E-6*MAX(1,ABS({shown})),1,0)"


def _loan_check(layout: Layout, i: int) -> str:
    """A loan whose term ends inside the horizon has a zero balance in its last month."""
    path = ("financing", "loans", i)
    month, term, amount = (layout.input_ref((*path, f)) for f in ("month", "term_months", "amount"))
    row = layout.monthly_rows[f"loan_balance_{i + 1}"]
    balances = row_range(layout.monthly, row, FIRST_MONTH_COL, layout.last_month_col)
    months = row_range(layout.monthly, M_MONTH, FIRST_MONTH_COL, layout.last_month_col)
    return (
        f"=IF({month}+{term}>COUNT({months}),0,"
        f"IF(ABS(INDEX({balances},1,{month}+{term}))>1E-6*MAX(1,{amount}),1,0))"
    )


def _checks(p: Projection, layout: Layout, bs_rows: dict[str, int]) -> list[_Check]:
    loc, m = p.scenario.scenario.locale, p.monthly
    size = np.maximum.reduce(
        [abs(m["total_assets"]), abs(m["total_liabilities"]), abs(m["total_equity"])]
    )
    from_flows = p.opening["cash"] + np.cumsum(m["net_cash_flow"])
    checks = [
        _Check(
            i18n.text("check_balance", loc),
            lambda c: _balance_check(layout, c),
            abs(m["balance_check"]) > np.maximum(1e-6, 1e-9 * size),
        ),
        _Check(
            i18n.text("check_cash", loc),
            lambda c: _cash_check(layout, bs_rows, c),
            abs(m["cash"] - from_flows) > 1e-6 * np.maximum(1, abs(m["cash"])),
        ),
        _Check(
            i18n.text("check_tax", loc),
            lambda c: f"=IF({_cell(layout, 'tax', c)}<0,1,0)",
            m["tax"] < 0,
        ),
    ]
    for i, loan in enumerate(p.scenario.financing.loans):
        end = loan.month + loan.term_months
        balance = m[f"loan_balance_{i + 1}"]
        late = end <= len(p.months) and abs(balance[end - 1]) > 1e-6 * max(1, loan.amount)
        label = i18n.text("check_loan", loc) + loan.name
        checks.append(_Check(label, None, np.array([late]), _loan_check(layout, i)))
    return checks


def write_checks(
    sheet: Sheet, p: Projection, layout: Layout, bs_rows: dict[str, int], wb: Workbook
) -> int:
    """Each check a formula that is 1 when it fails; their count is the workbook name
    `checks_failed`, which the master check at the top of every sheet reads.

    Returns the engine's count of failing checks, cached with the formulas."""
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    sheet.text(0, 0, i18n.title("checks", p.scenario.scenario.name, loc), fmt.get("title"))
    sheet.text(2, 0, i18n.text("checks_note", loc), fmt.get("note"))
    head = CHECKS_FIRST_ROW - 1
    sheet.text(head, 0, i18n.text("check", loc), fmt.get("header"))
    sheet.text(head, 1, i18n.text("fails", loc), fmt.get("header"))
    ws.write_blank(head, OPEN_COL, None, fmt.get("header"))
    for t in range(len(p.months)):
        col = FIRST_MONTH_COL + t
        ws.write_formula(head, col, _link(layout.monthly, M_MONTH, col), fmt.get("header"), t + 1)
    checks = _checks(p, layout, bs_rows)
    for row, check in enumerate(checks, start=CHECKS_FIRST_ROW):
        sheet.text(row, 0, check.label)
        failed = int(check.flags.any())
        if check.render is not None:
            for t in range(len(p.months)):
                col = FIRST_MONTH_COL + t
                ws.write_formula(row, col, check.render(col), fmt.get("flag"), int(check.flags[t]))
            first = xl_rowcol_to_cell(row, FIRST_MONTH_COL)
            check.formula = f"=MAX({first}:{xl_rowcol_to_cell(row, layout.last_month_col)})"
        ws.write_formula(row, 1, check.formula, fmt.get("flag", bold=True), failed)
    total = sum(int(c.flags.any()) for c in checks)
    last = CHECKS_FIRST_ROW + len(checks) - 1
    first_flag, last_flag = xl_rowcol_to_cell(CHECKS_FIRST_ROW, 1), xl_rowcol_to_cell(last, 1)
    sheet.text(CHECKS_COUNT_ROW, 0, i18n.text("checks_failed", loc), fmt.get("text", bold=True))
    ws.write_formula(
        CHECKS_COUNT_ROW, 1, f"=SUM({first_flag}:{last_flag})", fmt.get("int", bold=True), total
    )
    cell = xl_rowcol_to_cell(CHECKS_COUNT_ROW, 1, True, True)
    wb.define_name(FAILED_NAME, "=" + sheet_ref(layout.sheets.checks, cell))
    ws.freeze_panes(CHECKS_FIRST_ROW, FIRST_MONTH_COL)
    ws.set_column(0, 0, 60)
    ws.set_column(1, 1, 18)
    ws.set_column(OPEN_COL, layout.last_month_col, 6)
    return total


def write_master_check(
    ws: Worksheet, cell: tuple[int, int], fmt: Formats, failed: int, locale: str
) -> None:
    """'All checks OK' or how many checks fail, at `cell` (row, column) of a sheet,
    green or red."""
    row, col = cell
    ok, fail = i18n.text("checks_ok", locale), i18n.text("checks_fail", locale)
    cached = ok if failed == 0 else f"{failed}{fail}"
    text = f'=IF({FAILED_NAME}=0,"{ok}",{FAILED_NAME}&"{fail}")'
    ws.write_formula(row, col, text, fmt.get("text", bold=True), cached)
    for criteria, color in ((f"={FAILED_NAME}=0", "#C6EFCE"), (f"={FAILED_NAME}<>0", "#F8CBAD")):
        ws.conditional_format(
            row,
            col,
            row,
            col,
            {"type": "formula", "criteria": criteria, "format": fmt.wb_format({"bg_color": color})},
        )
