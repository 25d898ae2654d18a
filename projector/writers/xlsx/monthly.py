"""The Monthly and Annual sheets: the model's lines, month by month and year by year.

Each cell renders the line's own definition (projector.model) to an A1 formula
and caches the engine's value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

from projector.locale import i18n
from projector.model import (
    FLOW,
    NONE,
    STOCK,
    Line,
    Projection,
    months_of_year,
)
from projector.model.formula import Path as InputPath
from projector.writers.xlsx.addresses import (
    A_FIRST_LINE,
    A_MONTHS,
    A_YEAR,
    FIRST_MONTH_COL,
    ID_COL,
    LABEL_COL,
    M_CAL,
    M_DATE,
    M_FIRST_LINE,
    M_MONTH,
    OPEN_COL,
    Layout,
    SheetNames,
    line_range,
    sheet_ref,
)
from projector.writers.xlsx.contexts import AnnualCtx, MonthCtx, RowFormulas, formula
from projector.writers.xlsx.sheets import Sheet, excel_serial


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


def _monthly_headers(sheet: Sheet, p: Projection, layout: Layout) -> None:
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    sheet.text(0, 0, i18n.title("monthly", p.scenario.scenario.name, loc), fmt.get("title"))
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
            excel_serial(date_value),
        )
        ws.write_formula(M_CAL, col, f"=MONTH({date_cell})", fmt.get("int"), date_value.month)


def write_monthly(
    sheet: Sheet, p: Projection, layout: Layout, wb: Workbook, names: bool = True
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
        bold = line.emphasis
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
    return _section_rows([x for x in p.lines if x.rollup != NONE], A_FIRST_LINE)


def layout_of(
    p: Projection,
    cells: dict[InputPath, tuple[int, int]],
    sheets: SheetNames,
    input_names: Mapping[InputPath, str] | None = None,
) -> Layout:
    """Where `p`'s inputs (`cells` of its Assumptions sheet) and lines sit, in its language:
    the plan's workbook and each scenario of a comparison lay themselves out alike."""
    meta = p.scenario.scenario
    return Layout(
        cells,
        monthly_rows(p),
        annual_rows(p),
        meta.months,
        i18n.text("null", meta.locale),
        sheets,
        input_names=input_names or {},
    )


def year_span(p: Projection, year: int) -> tuple[int, int]:
    months = months_of_year(p.scenario.scenario.months, year)
    return FIRST_MONTH_COL + months[0], FIRST_MONTH_COL + months[-1]


def annual_formula(line: Line, layout: Layout, ctx: MonthCtx, span: tuple[int, int]) -> str:
    """A line's value over months `span` (columns): a sum, a closing balance or a ratio.

    Ratios are re-derived from the year's totals, read through `ctx`.
    """
    row = layout.monthly_rows[line.id]
    if line.rollup == FLOW:
        first, last = (xl_rowcol_to_cell(row, c) for c in span)
        return f"=SUM({sheet_ref(layout.monthly, f'{first}:{last}')})"
    if line.rollup == STOCK:
        return "=" + sheet_ref(layout.monthly, xl_rowcol_to_cell(row, span[1]))
    return formula(line.annual_expr or line.expr, ctx)


def months_formula(layout: Layout, span: tuple[int, int]) -> str:
    """How many months a year has, counted on the Monthly sheet."""
    first, last = (xl_rowcol_to_cell(M_MONTH, c) for c in span)
    return f"=COUNT({sheet_ref(layout.monthly, f'{first}:{last}')})"


def write_annual(sheet: Sheet, p: Projection, layout: Layout) -> None:
    ws, fmt, loc = sheet.ws, sheet.fmt, p.scenario.scenario.locale
    sheet.text(0, 0, i18n.title("annual", p.scenario.scenario.name, loc), fmt.get("title"))
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
        bold = line.emphasis
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
