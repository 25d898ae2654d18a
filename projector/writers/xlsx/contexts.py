"""Rendering contexts: where the formula of a line reads its inputs, per sheet.

The model's expressions render themselves against a context; each context here
turns a line id or an input path into the A1 reference of the sheet at hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from projector.model.formula import Expr
from projector.model.formula import Path as InputPath
from projector.writers.xlsx.addresses import (
    A_MONTHS,
    FIRST_MONTH_COL,
    M_CAL,
    M_MONTH,
    OPEN_COL,
    Layout,
    sheet_ref,
)


@dataclass
class MonthCtx:
    """Renders a formula for one month column of the Monthly sheet."""

    layout: Layout
    col: int

    @property
    def null_text(self) -> str:
        return self.layout.null_text

    def input_ref(self, path: InputPath) -> str:
        return self.layout.input_ref(path)

    def input_range(self, paths: Sequence[InputPath]) -> str:
        return self.layout.input_range(paths)

    def here(self, row: int, lag: int = 0, row_abs: bool = False) -> str:
        """The cell of `row` in this month's column, or `lag` months before."""
        return xl_rowcol_to_cell(row, max(self.col - lag, OPEN_COL) if lag else self.col, row_abs)

    def ref(self, line_id: str, lag: int) -> str:
        return self.here(self.layout.monthly_rows[line_id], lag)

    def refs(self, line_ids: Sequence[str]) -> str:
        rows = [self.layout.monthly_rows[i] for i in line_ids]
        if rows == list(range(rows[0], rows[0] + len(rows))):
            return f"{self.here(rows[0])}:{self.here(rows[-1])}"
        return ",".join(self.here(r) for r in rows)

    def to_end(self, line_id: str) -> str:
        row = self.layout.monthly_rows[line_id]
        end = xl_rowcol_to_cell(row, self.layout.last_month_col, col_abs=True)
        return f"{self.here(row)}:{end}"

    def back(self, line_id: str, months: int) -> str:
        """This month and up to `months - 1` before it, never reaching the Opening column."""
        row = self.layout.monthly_rows[line_id]
        first = max(FIRST_MONTH_COL, self.col - months + 1)
        return f"{xl_rowcol_to_cell(row, first)}:{xl_rowcol_to_cell(row, self.col)}"

    def month(self) -> str:
        return self.here(M_MONTH, row_abs=True)

    def cal(self) -> str:
        return self.here(M_CAL, row_abs=True)


# Marks a column letter in a rendered template: \x00 lag \x01 (no formula holds these).
_OPEN_MARK, _CLOSE_MARK = "\x00", "\x01"


@dataclass
class _TemplateCtx(MonthCtx):
    """Renders a line once for all its month columns: each column letter left as a field.

    Only `here` knows the column, so the rendered text is the formula of any month
    with `{lag}` where the letter of column `col - lag` goes.
    """

    def here(self, row: int, lag: int = 0, row_abs: bool = False) -> str:
        return f"{_OPEN_MARK}{lag}{_CLOSE_MARK}{'$' if row_abs else ''}{row + 1}"


@cache
def _column_letters(last_col: int) -> tuple[str, ...]:
    """A, B, C... up to `last_col`'s letters, made once per sheet width."""
    return tuple(xl_col_to_name(c) for c in range(last_col + 1))


class RowFormulas:
    """A line's formula in every month column, rendered once rather than once per cell.

    The expression is rendered with its column letters left open, then each
    month's formula is that template with the month's letters filled in.  The
    template is checked against a direct rendering in the first and last month
    columns; a formula whose text depends on its column in any other way (a
    context method that reads `col` itself) is rendered cell by cell instead,
    so it stays right, only slower.
    """

    def __init__(self, expr: Expr, layout: Layout) -> None:
        text = formula(expr, _TemplateCtx(layout, FIRST_MONTH_COL))
        escaped = text.replace("{", "{{").replace("}", "}}")
        self._template = escaped.replace(_OPEN_MARK, "{").replace(_CLOSE_MARK, "}")
        lags = [int(part.split(_CLOSE_MARK)[0]) for part in text.split(_OPEN_MARK)[1:]]
        self._lags = range(max(lags, default=0) + 1)
        self._letters = _column_letters(layout.last_month_col)
        self._expr, self._layout = expr, layout
        ends = (FIRST_MONTH_COL, layout.last_month_col)
        self._exact = all(self._fill(c) == formula(expr, MonthCtx(layout, c)) for c in ends)

    def _fill(self, col: int) -> str:
        letters = self._letters
        return self._template.format(*[letters[col - lag] for lag in self._lags])

    @property
    def templated(self) -> bool:
        """True when months are filled in from the template, False when rendered cell by cell."""
        return self._exact

    def at(self, col: int) -> str:
        """The formula of month column `col`, with its '='."""
        if self._exact:
            return self._fill(col)
        return formula(self._expr, MonthCtx(self._layout, col))


@dataclass
class AnnualCtx(MonthCtx):
    """Renders a ratio's formula on the Annual sheet, over that year's totals."""

    def ref(self, line_id: str, lag: int) -> str:
        return xl_rowcol_to_cell(self.layout.annual_rows[line_id], self.col)

    def refs(self, line_ids: Sequence[str]) -> str:
        return ",".join(self.ref(i, 0) for i in line_ids)


@dataclass
class SummaryCtx(MonthCtx):
    """Renders summary formulas, which read whole lines by their defined names."""

    col: int = 0
    # what a figure with no value reads, when not the sheet's "n/a"; by keyword, so that
    # subclasses keep their own positional fields
    null: str = field(default="", kw_only=True)

    @property
    def null_text(self) -> str:
        return self.null or self.layout.null_text

    def name(self, line_id: str) -> str:
        return line_id

    def last(self, line_id: str) -> str:
        row = self.layout.monthly_rows[line_id]
        cell = xl_rowcol_to_cell(row, self.layout.last_month_col, True, True)
        return sheet_ref(self.layout.monthly, cell)

    def year1(self, line_id: str) -> str:
        row = self.layout.annual_rows[line_id]
        cell = xl_rowcol_to_cell(row, FIRST_MONTH_COL - 1, True, True)
        return sheet_ref(self.layout.annual, cell)

    def year1_months(self) -> str:
        cell = xl_rowcol_to_cell(A_MONTHS, FIRST_MONTH_COL - 1, True, True)
        return sheet_ref(self.layout.annual, cell)

    def summary(self, item_id: str) -> str:
        return item_id

    def months_row(self) -> str:
        """The projection month numbers 1..T, the Monthly sheet's header row."""
        first = xl_rowcol_to_cell(M_MONTH, FIRST_MONTH_COL, True, True)
        last = xl_rowcol_to_cell(M_MONTH, self.layout.last_month_col, True, True)
        return sheet_ref(self.layout.monthly, f"{first}:{last}")

    def years(self) -> int:
        return self.layout.years

    def year_cell(self, line_id: str, year: int) -> str:
        """A line's value in projection year `year`, on the Annual sheet."""
        cell = xl_rowcol_to_cell(self.layout.annual_rows[line_id], FIRST_MONTH_COL - 2 + year)
        return sheet_ref(self.layout.annual, cell)


def formula(expr: Expr, ctx: Any) -> str:
    """The spreadsheet formula of an expression in a context, with its '='."""
    return "=" + expr.render(ctx)
