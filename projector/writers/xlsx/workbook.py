"""The Excel workbook: every computed number a live formula, with its value cached.

Only the Assumptions sheet holds typed-in numbers.  The Monthly, Annual and
Summary sheets render the model's own line definitions (projector.model) to
A1 formulas, and each formula cell also carries the engine's value as its
cached result, so viewers that never recalculate still show the right numbers.
XlsxWriter writes the file because openpyxl cannot store cached values.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from projector import scenario as sc
from projector.locale import i18n
from projector.locale.labels import label as key_label
from projector.locale.words import MONTHS, field_doc
from projector.model import (
    FLOW,
    NONE,
    STOCK,
    Line,
    Projection,
    evaluate_scalar,
    per_order_costs,
    project,
)
from projector.model.formula import Expr
from projector.model.formula import Path as InputPath
from projector.model.kpis import STATUS, KpiResult, is_assumption, load_benchmarks, status_formula

# Fixed document date, so the same input gives byte-identical files.
DOC_DATE = dt.datetime(2026, 1, 1)

# Monthly sheet geometry: header rows, then lines; columns A..C, then months.
M_MONTH, M_DATE, M_CAL = 2, 3, 4
M_FIRST_LINE = 6
LABEL_COL, ID_COL, OPEN_COL, FIRST_MONTH_COL = 0, 1, 2, 3
A_YEAR, A_MONTHS, A_FIRST_LINE = 2, 3, 5

EMPHASIS = {
    "visits",
    "new_customers",
    "orders",
    "net_revenue",
    "gross_profit",
    "contribution",
    "opex",
    "ebitda",
    "net_income",
    "net_cash_flow",
    "cash",
}


class Formats:
    """The workbook's cell formats, made once and looked up by purpose."""

    def __init__(self, wb: Workbook, currency: str, locale: str) -> None:
        self._wb = wb
        self._cache: dict[tuple, Any] = {}
        self.money = i18n.money_format(currency, locale)
        self.money2 = i18n.money_format(currency, locale, 2)
        self.usd2 = i18n.usd_format(locale)
        self.date = i18n.date_format(locale)

    def get(
        self,
        kind: str,
        *,
        bold: bool = False,
        input_cell: bool = False,
        indent: int = 0,
        info: bool = False,
    ) -> Any:
        key = (kind, bold, input_cell, indent, info)
        if key not in self._cache:
            props: dict[str, Any] = {"num_format": self._number(kind)}
            if bold:
                props["bold"] = True
            if input_cell:
                props.update(
                    font_color="#1F4E9E", bg_color="#FFF8DC", border=1, border_color="#C8C8C8"
                )
            if info:  # read-only information: grey, unboxed, unlike an input
                props.update(font_color="#595959", bg_color="#F2F2F2")
            if indent:
                props["indent"] = indent
            if kind == "title":
                props.update(bold=True, font_size=14)
            if kind == "header":
                props.update(bold=True, bg_color="#1F3864", font_color="#FFFFFF")
            if kind == "section":
                props.update(bold=True, bg_color="#D9E1F2")
            if kind in ("note", "wrap_note"):
                props.update(italic=True, font_color="#7F7F7F")
            if kind == "wrap_note":  # long text wrapped in its column, read from the top
                props.update(text_wrap=True, valign="top")
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]

    def wb_format(self, props: dict[str, Any]) -> Any:
        """A one-off format, e.g. for conditional formatting."""
        return self._wb.add_format(props)

    def _number(self, kind: str) -> str:
        return {
            "money": self.money,
            "money2": self.money2,
            "money_check": _check_format(self.money2),
            "usd2": self.usd2,
            "share": "0.00%",
            "pct": "+0.0%;-0.0%;0.0%",
            "count": "#,##0",
            "count1": "#,##0.0",
            "ratio": "0.00",
            "factor": "0.00",
            "flag": "0",
            "month": "0",
            "date": self.date,
            "int": "0",
            "number": "#,##0.##",
        }.get(kind, "General")


def _check_format(money2: str) -> str:
    """A check amount: rounding noise (under half a cent) reads 0, anything else in red.

    A balance check of -1e-11 is a balanced sheet; the money format would show it as a
    red "-0". Conditions in the format keep the cell's value, the engine's, untouched.
    """
    positive, _, zero = money2.split(";")
    zero = zero.replace("0.00", "0")
    return f"[Red][<-0.005]{positive};[Red][>0.005]{positive};{zero}"


# --- Assumptions -------------------------------------------------------------

# How each kind of scenario value is formatted on the Assumptions sheet.
KIND_FORMAT = {
    sc.MONEY: "money2",
    sc.CASH: "money2",
    sc.SHARE: "share",
    sc.GROWTH: "share",
    sc.COUNT: "number",
    sc.MONTH: "int",
    sc.END_MONTH: "int",
    sc.DURATION: "int",
    sc.HORIZON: "int",
    sc.TURNS: "number",
    sc.SEASONALITY: "factor",
}

# Spreadsheet-side checks on inputs, so an edited cell stays inside the model's domain.
KIND_VALIDATION = {
    sc.SHARE: {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1},
    sc.GROWTH: {"validate": "decimal", "criteria": "between", "minimum": -0.999999, "maximum": 1},
    sc.MONEY: {"validate": "decimal", "criteria": ">=", "value": 0},
    sc.COUNT: {"validate": "decimal", "criteria": ">=", "value": 0},
    sc.TURNS: {"validate": "decimal", "criteria": ">=", "value": 0},
    sc.MONTH: {"validate": "integer", "criteria": ">=", "value": 1},
    sc.END_MONTH: {"validate": "integer", "criteria": ">=", "value": 1},
    sc.DURATION: {"validate": "integer", "criteria": ">=", "value": 1},
}


@dataclass
class _Sheet:
    """A sheet being filled top to bottom."""

    ws: Worksheet
    fmt: Formats
    row: int = 0
    cells: dict[InputPath, tuple[int, int]] = field(default_factory=dict)
    currency: str = "USD"  # the unit of money inputs on the Assumptions sheet

    def text(self, row: int, col: int, value: str, style: Any = None) -> None:
        """Scenario text is always text: a name starting with '=' is not a formula."""
        self.ws.write_string(row, col, value, style)


# Values fixed when the workbook is written (number formats, labels, the number of
# month columns, the benchmark set): shown as information, not as inputs.
INFO_PATHS = {("scenario", k) for k in ("name", "currency", "locale", "months", "industry")}


def _write_value(sheet: _Sheet, row: int, col: int, kind: str, value: Any, path: InputPath) -> None:
    live = path not in INFO_PATHS
    style = sheet.fmt.get(KIND_FORMAT.get(kind, "text"), input_cell=live, info=not live)
    if kind == sc.YEAR_MONTH:
        year, month = int(value[:4]), int(value[5:7])
        sheet.ws.write_datetime(
            row, col, dt.datetime(year, month, 1), sheet.fmt.get("date", input_cell=True)
        )
    elif value is None:
        sheet.ws.write_blank(row, col, None, style)
    elif isinstance(value, str):
        sheet.text(row, col, value, style)
    else:
        sheet.ws.write_number(row, col, float(value), style)
    if kind in KIND_VALIDATION and live:
        sheet.ws.data_validation(row, col, row, col, dict(KIND_VALIDATION[kind]))
    sheet.cells[path] = (row, col)


def _assumption_scalars(sheet: _Sheet, obj: Any, path: InputPath, title: str, locale: str) -> None:
    """A section of key/value rows; nested sections and tables follow it."""
    sheet.text(sheet.row, 0, title, sheet.fmt.get("section"))
    sheet.row += 1
    later = []
    for f in sc.schema_fields(type(obj)):
        kind, value = f.metadata["kind"], getattr(obj, f.name)
        if kind in ("section", "list"):
            later.append(f)
            continue
        key = (*path, f.name)
        sheet.text(sheet.row, 0, key_label(key, locale))
        doc = field_doc(f.metadata["doc"], locale)
        if key in INFO_PATHS:
            doc += ". " + i18n.text("info_note", locale)
        sheet.text(
            sheet.row, 2, unit(f.metadata, kind, sheet.currency, locale), sheet.fmt.get("note")
        )
        sheet.text(sheet.row, 3, ".".join(key), sheet.fmt.get("note"))
        sheet.text(sheet.row, 4, doc, sheet.fmt.get("note"))
        if kind == sc.SEASONALITY:
            _seasonality(sheet, value, (*path, f.name), locale)
            sheet.row += 12
        else:
            _write_value(sheet, sheet.row, 1, kind, value, (*path, f.name))
        sheet.row += 1
    for f in later:
        value = getattr(obj, f.name)
        sub = (*path, f.name)
        if f.metadata["kind"] == "section":
            _assumption_scalars(sheet, value, sub, f"{title} › {key_label(sub, locale)}", locale)
        else:
            _assumption_table(
                sheet,
                f.metadata["type"],
                value,
                sub,
                f"{title} › {key_label(sub, locale)}" if path else key_label(sub, locale),
                locale,
            )


def _seasonality(sheet: _Sheet, values: Sequence[float], path: InputPath, locale: str) -> None:
    """Jan..Dec down column B under their label, so INDEX(range, month) reads them anywhere."""
    months = MONTHS[locale]
    for m, value in enumerate(values):
        sheet.text(sheet.row + 1 + m, 0, months[m], sheet.fmt.get("text", indent=2))
        _write_value(sheet, sheet.row + 1 + m, 1, sc.SEASONALITY, value, (*path, m))


# tables whose totals are sums, given spare rows (see with_spare_rows)
SPARE_TABLES = {("fixed_costs",), ("staff",), ("capex",), ("financing", "equity")}


def _assumption_table(
    sheet: _Sheet, cls: type, items: Sequence[Any], path: InputPath, title: str, locale: str
) -> None:
    """A list of items as a table: one row per item, one column per key (its label, its unit)."""
    sheet.row += 1
    sheet.text(sheet.row, 0, title, sheet.fmt.get("section"))
    sheet.text(sheet.row, 3, ".".join(map(str, path)), sheet.fmt.get("note"))
    sheet.row += 1
    cols = sc.schema_fields(cls)
    for c, f in enumerate(cols):
        shown = unit(f.metadata, f.metadata["kind"], sheet.currency, locale)
        head = key_label((*path, f.name), locale) + (f" ({shown})" if shown else "")
        sheet.text(sheet.row, c, head, sheet.fmt.get("header"))
    sheet.row += 1
    for i, item in enumerate(items):
        for c, f in enumerate(cols):
            _write_value(
                sheet, sheet.row, c, f.metadata["kind"], getattr(item, f.name), (*path, i, f.name)
            )
        sheet.row += 1
    if not items:
        sheet.text(sheet.row, 0, i18n.text("none", locale), sheet.fmt.get("note"))
        sheet.row += 1
    # rows added below a table are read by no formula: say where items are added
    note = "spare_note" if path in SPARE_TABLES else "add_items_note"
    sheet.text(sheet.row, 0, i18n.text(note, locale), sheet.fmt.get("note"))
    sheet.row += 1


def write_assumptions(sheet: _Sheet, s: sc.Scenario) -> None:
    """Every input by its label, value, unit, meaning and scenario key; information greyed."""
    locale, sheet.currency = s.scenario.locale, s.scenario.currency
    sheet.text(
        0, 0, f"{i18n.text('assumptions', locale)}: {s.scenario.name}", sheet.fmt.get("title")
    )
    sheet.text(1, 0, i18n.text("inputs_note", locale), sheet.fmt.get("note"))
    sheet.row = 3
    for f in sc.schema_fields(sc.Scenario):
        value, key, kind = getattr(s, f.name), (f.name,), f.metadata["kind"]
        if kind == "section":
            _assumption_scalars(sheet, value, key, key_label(key, locale), locale)
            sheet.row += 1
        elif kind == "list":
            _assumption_table(sheet, f.metadata["type"], value, key, key_label(key, locale), locale)
            sheet.row += 1
        else:
            sheet.text(sheet.row, 0, key_label(key, locale), sheet.fmt.get("section"))
            _write_value(sheet, sheet.row, 1, kind, value, key)
            shown = unit(f.metadata, kind, sheet.currency, locale)
            sheet.text(sheet.row, 2, shown, sheet.fmt.get("note"))
            sheet.text(sheet.row, 3, f.name, sheet.fmt.get("note"))
            sheet.text(sheet.row, 4, field_doc(f.metadata["doc"], locale), sheet.fmt.get("note"))
            sheet.row += 2
    sheet.ws.set_column(0, 0, 30)  # label
    sheet.ws.set_column(1, 1, 24)  # value
    sheet.ws.set_column(2, 2, 13)  # unit
    sheet.ws.set_column(3, 3, 30)  # scenario key
    sheet.ws.set_column(4, 14, 13)  # meaning, overflowing to the right


def unit(meta: Mapping[str, Any], kind: str, currency: str, locale: str) -> str:
    """The unit of an input, for the Assumptions sheet's units column: `USD`, `%`, `months`."""
    if meta.get("unit") == "money" or kind in (sc.MONEY, sc.CASH):
        return currency
    key = {
        sc.SHARE: "unit_pct",
        sc.GROWTH: "unit_pct",
        sc.MONTH: "unit_month_no",
        sc.END_MONTH: "unit_month_no",
        sc.DURATION: "unit_months",
        sc.HORIZON: "unit_months",
        sc.DAYS: "unit_days",
        sc.TURNS: "unit_turns",
    }.get(kind) or {
        "visits": "unit_visits",
        "customers": "unit_customers",
        "people": "unit_people",
    }.get(meta.get("unit", ""))
    return i18n.text(key, locale) if key else ""


# --- Rendering contexts: where the formula of a line reads its inputs ---------


def sheet_ref(sheet: str, cell: str) -> str:
    """`Sheet!A1`, quoting the sheet name when it is not a plain word."""
    if sheet.isalpha() and sheet.isascii():
        return f"{sheet}!{cell}"
    return "'" + sheet.replace("'", "''") + "'!" + cell


@dataclass
class Layout:
    """Where everything lives, for rendering formulas.

    The sheet names are fields because a comparison workbook holds one
    Assumptions and one Monthly sheet per scenario.
    """

    inputs: dict[InputPath, tuple[int, int]]
    monthly_rows: dict[str, int]
    annual_rows: dict[str, int]
    months: int
    null_text: str
    assumptions: str = "Assumptions"
    monthly: str = "Monthly"
    annual: str = "Annual"
    # workbook names of scalar inputs (`aov_growth`), so formulas read
    # `=orders_aov*(1+aov_growth)^(...)`; empty in a comparison workbook, whose
    # scenarios would share the names
    input_names: Mapping[InputPath, str] = field(default_factory=dict)

    @property
    def years(self) -> int:
        """How many projection years the Annual sheet has columns for."""
        return (self.months + 11) // 12

    @property
    def last_month_col(self) -> int:
        return FIRST_MONTH_COL + self.months - 1

    def input_ref(self, path: InputPath) -> str:
        if path in self.input_names:
            return self.input_names[path]
        row, col = self.inputs[path]
        return sheet_ref(self.assumptions, xl_rowcol_to_cell(row, col, True, True))

    def input_range(self, paths: Sequence[InputPath]) -> str:
        cells = [self.inputs[p] for p in paths]
        rows, cols = {r for r, _ in cells}, {c for _, c in cells}
        first, last = cells[0], cells[-1]
        contiguous = (len(rows) == 1 and last[1] - first[1] == len(cells) - 1) or (
            len(cols) == 1 and last[0] - first[0] == len(cells) - 1
        )
        assert contiguous, f"inputs {paths} are not in one contiguous range"
        a = xl_rowcol_to_cell(*first, True, True)
        b = xl_rowcol_to_cell(*last, True, True)
        return sheet_ref(self.assumptions, f"{a}:{b}")


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
        return xl_rowcol_to_cell(row, self.col - lag, row_abs)

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


def _cached(value: float | None, null_text: str) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return null_text
    return float(value)


# --- Monthly -----------------------------------------------------------------


def _section_rows(lines: Sequence[Line], first_row: int) -> dict[str, int]:
    """Row of each line: each section starts with a header row, then its lines."""
    rows, row, section = {}, first_row, None
    for line in lines:
        if line.section != section:
            section = line.section
            row += 1
        rows[line.id] = row
        row += 1
    return rows


def monthly_rows(p: Projection) -> dict[str, int]:
    return _section_rows(p.lines, M_FIRST_LINE)


def _monthly_headers(sheet: _Sheet, p: Projection, layout: Layout) -> None:
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    sheet.text(0, 0, f"{i18n.text('monthly', loc)}: {p.scenario.scenario.name}", fmt.get("title"))
    for row, key in ((M_MONTH, "month"), (M_DATE, "date"), (M_CAL, "cal")):
        sheet.text(row, LABEL_COL, i18n.text(key, loc), fmt.get("header"))
        ws.write_blank(row, ID_COL, None, fmt.get("header"))
    sheet.text(M_DATE, OPEN_COL, i18n.text("opening", loc), fmt.get("header"))
    ws.write_number(M_MONTH, OPEN_COL, 0, fmt.get("header"))
    ws.write_blank(M_CAL, OPEN_COL, None, fmt.get("header"))
    start = layout.input_ref(("scenario", "start"))
    for t, label in enumerate(p.months, start=1):
        col = OPEN_COL + t
        prev = xl_rowcol_to_cell(M_MONTH, col - 1)
        date_cell = xl_rowcol_to_cell(M_DATE, col)
        ws.write_formula(M_MONTH, col, f"={prev}+1", fmt.get("header"), t)
        month_no = xl_rowcol_to_cell(M_MONTH, col, row_abs=True)
        date_value = dt.datetime(int(label[:4]), int(label[5:]), 1)
        ws.write_formula(
            M_DATE,
            col,
            f"=DATE(YEAR({start}),MONTH({start})+{month_no}-1,1)",
            fmt.get("date", bold=True),
            _excel_serial(date_value),
        )
        ws.write_formula(M_CAL, col, f"=MONTH({date_cell})", fmt.get("int"), date_value.month)


def _excel_serial(day: dt.datetime) -> float:
    return float((day - dt.datetime(1899, 12, 30)).days)


def write_monthly(
    sheet: _Sheet, p: Projection, layout: Layout, wb: Workbook, names: bool = True
) -> None:
    """The monthly lines; with `names`, each docs/model.md line's row is a defined name (its id)."""
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    _monthly_headers(sheet, p, layout)
    section = None
    for line in p.lines:
        row = layout.monthly_rows[line.id]
        if line.section != section:
            section = line.section
            sheet.text(row - 1, LABEL_COL, i18n.SECTIONS[section][loc], fmt.get("section"))
            for col in range(ID_COL, layout.last_month_col + 1):
                ws.write_blank(row - 1, col, None, fmt.get("section"))
        bold = line.id in EMPHASIS
        sheet.text(row, LABEL_COL, line.label[loc], fmt.get("text", bold=bold, indent=line.level))
        sheet.text(row, ID_COL, line.id, fmt.get("note"))
        style = fmt.get(line.fmt, bold=bold)
        if line.opening is not None:
            ws.write_formula(
                row,
                OPEN_COL,
                formula(line.opening, MonthCtx(layout, OPEN_COL)),
                style,
                p.opening[line.id],
            )
        cells = RowFormulas(line.expr, layout)
        for col, value in enumerate(p.monthly[line.id].tolist(), start=FIRST_MONTH_COL):
            ws.write_formula(row, col, cells.at(col), style, value)
        ws.set_row(row, None, None, {"level": 2 if line.level else 1})
        if names and not line.detail:
            wb.define_name(line.id, "=" + line_range(layout, line.id))
    ws.freeze_panes(M_FIRST_LINE, FIRST_MONTH_COL)
    ws.set_column(LABEL_COL, LABEL_COL, 34)
    ws.set_column(ID_COL, ID_COL, 20)
    ws.set_column(OPEN_COL, layout.last_month_col, 12)
    ws.outline_settings(True, False, True, False)
    ws.repeat_columns(LABEL_COL, ID_COL)
    ws.repeat_rows(M_MONTH, M_CAL)
    # On paper, one projection year per page across, label columns repeated.
    ws.set_v_pagebreaks(list(range(FIRST_MONTH_COL + 12, layout.last_month_col + 1, 12)))


# --- Annual --------------------------------------------------------------------


def annual_rows(p: Projection) -> dict[str, int]:
    """Lines with an annual value (not seasonality or the sustained-EBITDA flag)."""
    return _section_rows([x for x in p.lines if x.kind != NONE], A_FIRST_LINE)


def year_span(p: Projection, year: int) -> tuple[int, int]:
    months = [t for t in range(p.scenario.scenario.months) if t // 12 + 1 == year]
    return FIRST_MONTH_COL + months[0], FIRST_MONTH_COL + months[-1]


def annual_formula(line: Line, layout: Layout, ctx: MonthCtx, span: tuple[int, int]) -> str:
    """A line's value over months `span` (columns): a sum, a closing balance or a ratio.

    Ratios are re-derived from the year's totals, read through `ctx`.
    """
    row = layout.monthly_rows[line.id]
    if line.kind == FLOW:
        first, last = (xl_rowcol_to_cell(row, c) for c in span)
        return f"=SUM({sheet_ref(layout.monthly, f'{first}:{last}')})"
    if line.kind == STOCK:
        return "=" + sheet_ref(layout.monthly, xl_rowcol_to_cell(row, span[1]))
    return formula(line.annual_expr or line.expr, ctx)


def months_formula(layout: Layout, span: tuple[int, int]) -> str:
    """How many months a year has, counted on the Monthly sheet."""
    first, last = (xl_rowcol_to_cell(M_MONTH, c) for c in span)
    return f"=COUNT({sheet_ref(layout.monthly, f'{first}:{last}')})"


def line_range(layout: Layout, line_id: str) -> str:
    """A line's months on the Monthly sheet, absolute: what its defined name points at."""
    row = layout.monthly_rows[line_id]
    first = xl_rowcol_to_cell(row, FIRST_MONTH_COL, True, True)
    last = xl_rowcol_to_cell(row, layout.last_month_col, True, True)
    return sheet_ref(layout.monthly, f"{first}:{last}")


def write_annual(sheet: _Sheet, p: Projection, layout: Layout) -> None:
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    sheet.text(0, 0, f"{i18n.text('annual', loc)}: {p.scenario.scenario.name}", fmt.get("title"))
    sheet.text(A_YEAR, 0, i18n.text("year", loc), fmt.get("header"))
    sheet.text(A_MONTHS, 0, i18n.text("months_in_year", loc), fmt.get("note"))
    ws.write_blank(A_YEAR, 1, None, fmt.get("header"))
    section = None
    for y, year in enumerate(p.years):
        col = FIRST_MONTH_COL - 1 + y
        span = year_span(p, year)
        if y == 0:
            ws.write_number(A_YEAR, col, year, fmt.get("header"))
        else:
            ws.write_formula(
                A_YEAR, col, f"={xl_rowcol_to_cell(A_YEAR, col - 1)}+1", fmt.get("header"), year
            )
        ws.write_formula(
            A_MONTHS, col, months_formula(layout, span), fmt.get("int"), span[1] - span[0] + 1
        )
    for line in p.lines:
        if line.id not in layout.annual_rows:
            continue
        row = layout.annual_rows[line.id]
        if line.section != section:
            section = line.section
            sheet.text(row - 1, 0, i18n.SECTIONS[section][loc], fmt.get("section"))
        bold = line.id in EMPHASIS
        sheet.text(row, 0, line.label[loc], fmt.get("text", bold=bold, indent=line.level))
        sheet.text(row, 1, line.id, fmt.get("note"))
        for y, year in enumerate(p.years):
            col = FIRST_MONTH_COL - 1 + y
            ws.write_formula(
                row,
                col,
                annual_formula(line, layout, AnnualCtx(layout, col), year_span(p, year)),
                fmt.get(line.fmt, bold=bold),
                float(p.annual[line.id][y]),
            )
    ws.freeze_panes(A_FIRST_LINE, FIRST_MONTH_COL - 1)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 20)
    ws.set_column(2, 2 + len(p.years), 14)


# --- Summary -------------------------------------------------------------------


def write_summary(sheet: _Sheet, p: Projection, layout: Layout, wb: Workbook) -> dict[str, int]:
    """Section 5 as formulas, each item a defined name; returns each item's row."""
    ws, fmt, meta = sheet.ws, sheet.fmt, p.scenario.scenario
    loc = meta.locale
    sheet.text(0, 0, f"{i18n.text('summary', loc)}: {meta.name}", fmt.get("title"))
    sheet.text(
        1, 0, f"{p.months[0]} … {p.months[-1]} ({meta.months}), {meta.currency}", fmt.get("note")
    )
    for c, key in enumerate(("summary", "value", "calendar", "line_id")):
        sheet.text(3, c, i18n.text(key, loc) if key != "summary" else "", fmt.get("header"))
    ctx = SummaryCtx(layout)
    rows = {}
    steps = _margin_steps(sheet, p, ctx, first=4 + len(p.summary_items) + 2)
    for r, item in enumerate(p.summary_items, start=4):
        rows[item.id] = r
        sheet.text(r, 0, item.label[loc])
        value = _cached(p.summary[item.id], layout.null_text)
        text = formula(item.expr, ctx) if item.id != "margin_per_order" else steps
        style = fmt.get("money2" if item.fmt == "money" else item.fmt, bold=True)
        if item.expr.needs_array():
            ws.write_array_formula(r, 1, r, 1, "{" + text + "}", style, value)
        else:
            ws.write_formula(r, 1, text, style, value)
        wb.define_name(item.id, f"=Summary!{xl_rowcol_to_cell(r, 1, True, True)}")
        if item.fmt == "month":
            _calendar_label(sheet, r, p.summary[item.id], p, layout)
        sheet.text(r, 3, item.id, fmt.get("note"))
    ws.set_column(0, 0, 46)
    ws.set_column(1, 2, 16)
    ws.set_column(3, 3, 30)
    return rows


def _margin_steps(sheet: _Sheet, p: Projection, ctx: SummaryCtx, first: int) -> str:
    """The per-order deductions as visible rows below the summary; returns margin's formula.

    Margin per order is gross sales per order less seven per-order costs; written
    inline it is a nine-term formula nobody can audit. Each cost gets its own row
    (its formula, the engine's value) and margin per order reads
    `=gross_per_order-SUM(B..:B..)`.
    """
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    sheet.text(first, 0, i18n.text("margin_steps", loc), fmt.get("section"))
    labels = {x.id: x.label[loc] for x in p.lines}
    costs = per_order_costs()
    for r, (line_id, expr) in enumerate(costs, start=first + 1):
        sheet.text(r, 0, labels[line_id], fmt.get("text", indent=1))
        ws.write_formula(r, 1, formula(expr, ctx), fmt.get("money2"), evaluate_scalar(p, expr))
        sheet.text(r, 3, line_id, fmt.get("note"))
    top, bottom = (xl_rowcol_to_cell(first + k, 1) for k in (1, len(costs)))
    return f"=gross_per_order-SUM({top}:{bottom})"


def _calendar_label(
    sheet: _Sheet, row: int, month: float | None, p: Projection, layout: Layout
) -> None:
    """The calendar month of a projection month in column B, computed from the start date."""
    start, month_cell = layout.input_ref(("scenario", "start")), xl_rowcol_to_cell(row, 1)
    cached = _excel_serial(_month_date(p, month)) if month is not None else layout.null_text
    sheet.ws.write_formula(
        row,
        2,
        f"=IF(ISNUMBER({month_cell}),DATE(YEAR({start}),MONTH({start})+{month_cell}-1,1),"
        f'"{layout.null_text}")',
        sheet.fmt.get("date"),
        cached,
    )


def _month_date(p: Projection, month: float) -> dt.datetime:
    label = p.months[int(month) - 1]
    return dt.datetime(int(label[:4]), int(label[5:]), 1)


# --- KPIs and charts -------------------------------------------------------------


def write_kpis(sheet: _Sheet, p: Projection, layout: Layout, kpis: Sequence[KpiResult]) -> None:
    """Each KPI as a formula, held against its benchmark range, with a status formula."""
    ws, fmt, meta = sheet.ws, sheet.fmt, p.scenario.scenario
    loc = meta.locale
    sheet.text(0, 0, f"{i18n.text('kpis', loc)}: {meta.name}", fmt.get("title"))
    if not kpis:
        sheet.text(2, 0, i18n.text("no_industry", loc), fmt.get("note"))
        return
    label, _ = load_benchmarks(meta.industry)
    sheet.text(1, 0, f"{label[loc]} ({meta.industry})", fmt.get("note"))
    heads = ("kpi", "value", "low", "typical", "high", "better", "status", "source")
    for c, key in enumerate(heads):
        sheet.text(3, c, i18n.text(f"kpi_{key}", loc), fmt.get("header"))
    ctx = SummaryCtx(layout)
    for r, k in enumerate(kpis, start=4):
        _kpi_row(sheet, r, k, layout, ctx, loc)
    last = 4 + len(kpis) - 1
    colors = (("weak", "#F8CBAD"), ("optimistic", "#FFE699"), ("strong", "#C6EFCE"))
    for key, color in colors:
        ws.conditional_format(
            4,
            6,
            last,
            6,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{STATUS[key][loc]}"',
                "format": sheet.fmt.wb_format({"bg_color": color}),
            },
        )
    ws.set_column(0, 0, 40)
    ws.set_column(1, 6, 13)
    ws.set_column(7, 7, SOURCE_CHARS)
    ws.repeat_rows(3)  # the header row on every printed page


def _kpi_row(
    sheet: _Sheet, r: int, k: KpiResult, layout: Layout, ctx: SummaryCtx, loc: str
) -> None:
    """One KPI: its formula, the weak mark, typical and strong mark, and a live status.

    The weak mark is the range's bad end (the top for "lower is better"), so the
    columns read the same way whatever the direction. A money benchmark of a
    non-USD plan is `US dollars x usd_rate` (a formula over the Assumptions
    cell); without a rate it stays in US dollars, formatted so, not judged.
    """
    ws, fmt, b = sheet.ws, sheet.fmt, k.benchmark
    sheet.text(r, 0, k.kpi.label[loc])
    ws.write_formula(
        r,
        1,
        formula(k.kpi.expr, ctx),
        fmt.get(k.kpi.fmt, bold=True),
        _cached(k.value, layout.null_text),
    )
    kind = "usd2" if k.in_usd else k.kpi.fmt
    for c, mark in zip((2, 3, 4), _marks(b.better), strict=True):
        value = getattr(b, mark)
        if k.published is None:
            ws.write_number(r, c, value, fmt.get(kind, input_cell=True))
        else:  # US dollars as published, times the plan's rate
            usd, rate = getattr(k.published, mark), layout.input_ref(("scenario", "usd_rate"))
            ws.write_formula(r, c, f"={usd!r}*{rate}", fmt.get(kind), value)
    sheet.text(r, 5, i18n.text(f"better_{b.better}", loc))
    if k.in_usd:
        sheet.text(r, 6, STATUS["unjudged"][loc], fmt.get("text", bold=True))
    else:
        weak, _, strong = (xl_rowcol_to_cell(r, c) for c in (2, 3, 4))
        low, high = (strong, weak) if b.better == "lower" else (weak, strong)
        ws.write_formula(
            r,
            6,
            status_formula(
                xl_rowcol_to_cell(r, 1), low, high, b.better, loc, is_assumption(k.kpi.expr)
            ),
            fmt.get("text", bold=True),
            STATUS[k.status][loc] if k.status else i18n.text("null", loc),
        )
    # the source wraps in its column, the row tall enough for it: readable on paper
    sheet.text(r, 7, b.source[loc], fmt.get("wrap_note"))
    ws.set_row(r, 15 * max(1, -(-len(b.source[loc]) // SOURCE_CHARS)))


SOURCE_CHARS = 60  # width of the KPI sheet's source column, in characters


def _marks(better: str) -> tuple[str, str, str]:
    """The benchmark fields under Weak, Typical, Strong: reversed when lower is better."""
    return ("high", "typical", "low") if better == "lower" else ("low", "typical", "high")


def write_charts(wb: Workbook, ws: Worksheet, p: Projection, layout: Layout) -> None:
    """Revenue vs costs, EBITDA and cash, as native line charts over the Monthly sheet."""
    loc = p.scenario.scenario.locale
    first, last = FIRST_MONTH_COL, layout.last_month_col
    cats = ["Monthly", M_DATE, first, M_DATE, last]

    def series(line_id: str) -> dict[str, Any]:
        row = layout.monthly_rows[line_id]
        return {
            "name": ["Monthly", row, LABEL_COL],
            "categories": cats,
            "values": ["Monthly", row, first, row, last],
            "smooth": False,
            "marker": {"type": "none"},
        }

    charts = [
        (i18n.text("revenue_vs_costs", loc), ["net_revenue", "total_costs"]),
        (i18n.text("ebitda", loc), ["ebitda"]),
        (i18n.text("cash_balance", loc), ["cash"]),
    ]
    for i, (title, ids) in enumerate(charts):
        chart = wb.add_chart({"type": "line"})
        for line_id in ids:
            chart.add_series(series(line_id))
        chart.set_title({"name": title})
        chart.set_x_axis(
            {
                "date_axis": True,
                "num_format": i18n.date_format(loc),
                "major_unit": 3,
                "major_unit_type": "months",
            }
        )
        chart.set_y_axis(
            {
                "num_format": i18n.money_format(p.scenario.scenario.currency, loc),
                "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}},
            }
        )
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 900, "height": 340})
        ws.insert_chart(1 + i * 18, 1, chart)


# --- Balance sheet and checks ---------------------------------------------------

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
BS_SHEET, CHECKS_SHEET = "Balance sheet", "Checks"
BS_FIRST_LINE = 5
CHECKS_COUNT_ROW, CHECKS_FIRST_ROW = 3, 6
FAILED_NAME = "checks_failed"  # the number of failing checks, a workbook name
# Where each sheet shows the master check: the first free cell at its top.
MASTER_CELL = {
    "Assumptions": (2, 0),
    "Monthly": (1, 0),
    "Annual": (1, 0),
    BS_SHEET: (1, 0),
    "Summary": (2, 0),
    CHECKS_SHEET: (1, 0),
    "KPIs": (1, 6),
    "Charts": (0, 0),
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
    sheet: _Sheet, p: Projection, top: int, cols: list[StatementColumn]
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


def write_balance_sheet(sheet: _Sheet, p: Projection, layout: Layout) -> dict[str, int]:
    """The balance sheet month by month (with the Opening column), then at each year end.

    The lines are computed once, on the Monthly sheet (they are model lines with workbook
    names); this sheet lays them out as a statement.  Returns the monthly rows.
    """
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    sheet.text(
        0, 0, f"{i18n.text('balance_sheet', loc)}: {p.scenario.scenario.name}", fmt.get("title")
    )
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
        day = _excel_serial(dt.datetime(int(label[:4]), int(label[5:]), 1))
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


def _row_range(sheet: str, row: int, first: int, last: int) -> str:
    a, b = xl_rowcol_to_cell(row, first, True, True), xl_rowcol_to_cell(row, last, True, True)
    return sheet_ref(sheet, f"{a}:{b}")


def _balance_check(layout: Layout, col: int) -> str:
    """Assets = liabilities + equity, up to rounding noise of the sums."""
    sizes = ",".join(
        f"ABS({_cell(layout, k, col)})"
        for k in ("total_assets", "total_liabilities", "total_equity")
    )
    return f"=IF(ABS({_cell(layout, 'balance_check', col)})>MAX(1E-6,1E-9*MAX({sizes})),1,0)"


def _cash_check(layout: Layout, bs_rows: dict[str, int], col: int) -> str:
    """The balance sheet's cash against starting cash plus every net cash flow to date."""
    shown = sheet_ref(BS_SHEET, xl_rowcol_to_cell(bs_rows["cash"], col))
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
    balances = _row_range(layout.monthly, row, FIRST_MONTH_COL, layout.last_month_col)
    months = _row_range(layout.monthly, M_MONTH, FIRST_MONTH_COL, layout.last_month_col)
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
    sheet: _Sheet, p: Projection, layout: Layout, bs_rows: dict[str, int], wb: Workbook
) -> int:
    """Each check a formula that is 1 when it fails; their count is the workbook name
    `checks_failed`, which the master check at the top of every sheet reads.

    Returns the engine's count of failing checks, cached with the formulas."""
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    sheet.text(0, 0, f"{i18n.text('checks', loc)}: {p.scenario.scenario.name}", fmt.get("title"))
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
    wb.define_name(FAILED_NAME, "=" + sheet_ref(CHECKS_SHEET, cell))
    ws.freeze_panes(CHECKS_FIRST_ROW, FIRST_MONTH_COL)
    ws.set_column(0, 0, 60)
    ws.set_column(1, 1, 18)
    ws.set_column(OPEN_COL, layout.last_month_col, 6)
    return total


def write_master_check(ws: Worksheet, fmt: Formats, failed: int, locale: str) -> None:
    """'All checks OK' or how many checks fail, at the top of a sheet, green or red."""
    row, col = MASTER_CELL[ws.name]
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


# --- The workbook ----------------------------------------------------------------


SPARE_ROWS = 3  # zero items at the end of each table whose total is a sum


def with_spare_rows(s: sc.Scenario, locale: str) -> sc.Scenario:
    """The scenario with SPARE_ROWS zero items appended to fixed costs, staff, capex, equity.

    A zero item adds nothing to any number, so the projection of this scenario
    equals the scenario's; but its rows exist on the Assumptions sheet and every
    total's formula already includes them, so an item typed into a spare row
    flows through every sheet when the workbook recalculates.
    """
    spare = i18n.text("spare_row", locale)
    fixed = [sc.FixedCost(name=spare, monthly=0.0) for _ in range(SPARE_ROWS)]
    staff = [sc.Staff(role=spare, monthly_salary=0.0) for _ in range(SPARE_ROWS)]
    capex = [sc.Capex(name=spare, amount=0.0, month=1, life_months=1) for _ in range(SPARE_ROWS)]
    equity = [sc.Equity(month=1, amount=0.0) for _ in range(SPARE_ROWS)]
    return replace(
        s,
        fixed_costs=(*s.fixed_costs, *fixed),
        staff=(*s.staff, *staff),
        capex=(*s.capex, *capex),
        financing=replace(s.financing, equity=(*s.financing.equity, *equity)),
    )


def write_workbook(p: Projection, path: Path, kpis: Sequence[KpiResult] = ()) -> None:
    """Write the projection's workbook to `path` (the caller makes it atomic).

    The workbook is written from the projection of the scenario with spare rows
    (same numbers, see `with_spare_rows`).
    """
    spared = project(with_spare_rows(p.scenario, p.scenario.scenario.locale))
    p = replace(spared, risk=p.risk, risk_paths=p.risk_paths)  # the simulation is the plan's
    meta = p.scenario.scenario
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": meta.name, "created": DOC_DATE, "comments": "projector"})
    fmt = Formats(wb, meta.currency, meta.locale)
    sheets = {
        name: wb.add_worksheet(name)
        for name in (
            "Assumptions",
            "Monthly",
            "Annual",
            BS_SHEET,
            "Summary",
            CHECKS_SHEET,
            "KPIs",
            "Charts",
        )
    }
    assumptions = _Sheet(sheets["Assumptions"], fmt)
    write_assumptions(assumptions, p.scenario)
    ids = {x.id for x in p.lines} | {x.id for x in p.summary_items}
    names = input_names(assumptions.cells, ids)
    for input_path, name in names.items():
        row, col = assumptions.cells[input_path]
        wb.define_name(
            name, "=" + sheet_ref("Assumptions", xl_rowcol_to_cell(row, col, True, True))
        )
    layout = Layout(
        assumptions.cells,
        monthly_rows(p),
        annual_rows(p),
        meta.months,
        i18n.text("null", meta.locale),
        input_names=names,
    )
    write_monthly(_Sheet(sheets["Monthly"], fmt), p, layout, wb)
    write_annual(_Sheet(sheets["Annual"], fmt), p, layout)
    bs_rows = write_balance_sheet(_Sheet(sheets[BS_SHEET], fmt), p, layout)
    write_summary(_Sheet(sheets["Summary"], fmt), p, layout, wb)
    failed = write_checks(_Sheet(sheets[CHECKS_SHEET], fmt), p, layout, bs_rows, wb)
    write_kpis(_Sheet(sheets["KPIs"], fmt), p, layout, kpis)
    write_charts(wb, sheets["Charts"], p, layout)
    for ws in sheets.values():
        write_master_check(ws, fmt, failed, meta.locale)
        ws.set_landscape()
        ws.set_paper(i18n.paper_code(meta.currency))
        if ws.name in ("Monthly", BS_SHEET, CHECKS_SHEET):
            # a year of months and the labels across one page: Letter is narrower than A4
            ws.set_print_scale(41 if meta.currency in i18n.LETTER_CURRENCIES else 45)
        else:
            ws.fit_to_pages(1, 1 if ws.name == "Charts" else 0)
    if p.risk is not None:
        from projector.writers.xlsx.risk_sheet import write_risk

        risk_ws = write_risk(wb, p, fmt)
        risk_ws.set_landscape()
        risk_ws.set_paper(9)
        risk_ws.fit_to_pages(1, 0)
    sheets["Summary"].activate()
    wb.close()


VAGUE = {"start", "starting"}  # keys that need their section to be read as names


def input_names(
    cells: Mapping[InputPath, tuple[int, int]], taken: set[str]
) -> dict[InputPath, str]:
    """A workbook name for each scalar input: its key, or `section_key` where the key alone
    is vague or taken (`upsell_price`, `orders_aov` since `aov` is a Monthly line).

    List items (channels, staff...) and seasonality keep their cell references: they
    are rows of a table, read by position. Information cells get no name.
    """
    used = {t.lower() for t in taken} | {FAILED_NAME.lower()}
    out: dict[InputPath, str] = {}
    for path in cells:
        keys = [part for part in path if isinstance(part, str)]
        if len(keys) < len(path) or path in INFO_PATHS:
            continue
        short = "_".join(keys[-2:]) if len(keys) >= 3 or keys[-1] in VAGUE else keys[-1]
        for name in (short, "_".join(keys)):
            if name.lower() not in used:
                out[path] = name
                used.add(name.lower())
                break
    return out


def input_cells(s: sc.Scenario) -> dict[InputPath, str]:
    """Where each input lands on the Assumptions sheet (A1), e.g. for editing a workbook."""
    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    sheet = _Sheet(wb.add_worksheet("Assumptions"), Formats(wb, "USD", "en"))
    write_assumptions(sheet, with_spare_rows(s, s.scenario.locale))  # as write_workbook does
    return {path: xl_rowcol_to_cell(*cell) for path, cell in sheet.cells.items()}
