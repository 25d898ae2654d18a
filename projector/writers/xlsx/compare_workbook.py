"""The comparison workbook: every scenario live, and a Compare sheet that reads them all.

Each scenario gets its own Assumptions and Monthly sheets, written by the
single-scenario writer with the sheet names swapped (see `addresses.Layout`).
The Compare sheet renders the same summary and annual definitions as the
Summary and Annual sheets do, but against that scenario's sheets, so editing
an input anywhere flows through to the comparison.  Differences from the base
are the `compare.DELTA` formulas.  As everywhere, each formula cell caches the
engine's value.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from projector.analysis import compare
from projector.analysis.compare import Comparison, Entry
from projector.locale import i18n
from projector.model import Line, Projection, SummaryItem
from projector.model.facts import Better
from projector.writers.xlsx.addresses import (
    FIRST_MONTH_COL,
    M_DATE,
    M_MONTH,
    Layout,
    SheetNames,
    line_range,
)
from projector.writers.xlsx.assumptions import write_assumptions
from projector.writers.xlsx.contexts import SummaryCtx, formula
from projector.writers.xlsx.formats import Formats
from projector.writers.xlsx.monthly import (
    annual_formula,
    layout_of,
    months_formula,
    write_monthly,
    year_span,
)
from projector.writers.xlsx.pages import A4, page_setup
from projector.writers.xlsx.sheets import Sheet, cached, new_workbook

MAX_SHEET_NAME = 31  # Excel's limit

# Compare sheet geometry: title, block headings, names, file stems, then metrics.
C_BLOCK, C_NAME, C_KEY, C_FIRST = 3, 4, 5, 7
C_LABEL, C_ID, C_FIRST_VALUE = 0, 1, 2

Progress = Callable[[str], None]


def sheet_names(keys: Sequence[str], names: SheetNames) -> list[tuple[str, str]]:
    """Each scenario's (Assumptions, Monthly) sheet names: unique, legal, within 31 characters.

    Each is the scenario's file stem followed by the workbook's own name of that
    sheet (`names`, in the base scenario's language): `optimistic Assumptions`,
    `optimiste Hypothèses`.  Excel compares sheet names without case and forbids
    []:*?/\\ in them.
    """
    suffixes = (f" {names.assumptions}", f" {names.monthly}")
    room = MAX_SHEET_NAME - max(len(s) for s in suffixes)
    taken: set[str] = set()
    out = []
    for key in keys:
        stem = re.sub(r"[\[\]:*?/\\]", "_", key).strip("'") or "scenario"
        short, n = stem[:room], 1
        while short.casefold() in taken:
            n += 1
            tag = f"~{n}"
            short = stem[: room - len(tag)] + tag
        taken.add(short.casefold())
        out.append((short + suffixes[0], short + suffixes[1]))
    return out


@dataclass
class Grid:
    """Where each metric sits on the Compare sheet, and each scenario's value column."""

    summary: dict[str, int] = field(default_factory=dict)
    annual: dict[tuple[str, int], int] = field(default_factory=dict)
    months: dict[int, int] = field(default_factory=dict)
    scenarios: int = 1

    def value_col(self, i: int) -> int:
        return C_FIRST_VALUE + i

    def delta_col(self, i: int) -> int:
        """Differences of scenarios 1..N-1 (not the base), after a gap column."""
        return C_FIRST_VALUE + self.scenarios + 1 + (i - 1)

    def pct_col(self, i: int) -> int:
        return self.delta_col(i) + self.scenarios


@dataclass
class CompareCtx(SummaryCtx):
    """Renders one scenario's summary item or Year-`year` ratio in its Compare column.

    Whole lines come from that scenario's Monthly sheet; Year-1 totals and
    other items from the Compare sheet itself, where they sit in the same column.
    """

    grid: Grid = field(default_factory=Grid)
    year: int = 1

    def _here(self, row: int) -> str:
        return xl_rowcol_to_cell(row, self.col, True, True)

    def ref(self, line_id: str, lag: int) -> str:
        return self._here(self.grid.annual[(line_id, self.year)])

    def refs(self, line_ids: Sequence[str]) -> str:
        return ",".join(self.ref(i, 0) for i in line_ids)

    def name(self, line_id: str) -> str:
        return line_range(self.layout, line_id)

    def year1(self, line_id: str) -> str:
        return self._here(self.grid.annual[(line_id, 1)])

    def year1_months(self) -> str:
        return self._here(self.grid.months[1])

    def summary(self, item_id: str) -> str:
        return self._here(self.grid.summary[item_id])

    def year_cell(self, line_id: str, year: int) -> str:
        return self._here(self.grid.annual[(line_id, year)])


@dataclass
class PairCtx:
    """Renders compare.DELTA between two cells of the Compare sheet."""

    cells: dict[str, str]
    null_text: str

    def ref(self, line_id: str, lag: int) -> str:
        return self.cells[line_id]


# --- The per-scenario sheets -----------------------------------------------------------


def _scenario_sheets(wb: Workbook, e: Entry, names: SheetNames) -> Layout:
    """The scenario's Assumptions and Monthly sheets (`names` holds their names), in its
    own currency and language."""
    p, meta = e.projection, e.projection.scenario.scenario
    fmt = Formats(wb, meta.currency, meta.locale)
    assumptions = Sheet(wb.add_worksheet(names.assumptions), fmt)
    write_assumptions(assumptions, p.scenario)
    layout = layout_of(p, assumptions.cells, names)
    monthly = Sheet(wb.add_worksheet(names.monthly), fmt)
    write_monthly(monthly, p, layout, wb, names=False)
    paper = i18n.paper_code(p.scenario.scenario.currency)
    page_setup(assumptions.ws, paper)
    page_setup(monthly.ws, paper, scale=45)
    return layout


# --- The Compare sheet -------------------------------------------------------------------


def _grid(c: Comparison, lines: Sequence[Line]) -> Grid:
    """Summary items first, then each year's months count and docs/model.md lines."""
    grid, row = Grid(scenarios=len(c.entries)), C_FIRST
    for item in c.base.projection.summary_items:
        grid.summary[item.id] = row
        row += 1
    for year in range(1, c.years + 1):
        row += 1  # the year's heading
        grid.months[year] = row
        row += 1
        for line in lines:
            grid.annual[(line.id, year)] = row
            row += 1
    return grid


def _headings(sheet: Sheet, c: Comparison, grid: Grid, loc: str) -> None:
    ws, fmt, n = sheet.ws, sheet.fmt, len(c.entries)
    wrap = fmt.wb_format(
        {
            "bold": True,
            "bg_color": "#1F3864",
            "font_color": "#FFFFFF",
            "text_wrap": True,
            "valign": "top",
        }
    )
    ws.set_row(C_NAME, 45)  # names wrap onto up to three lines
    sheet.text(0, 0, i18n.title("comparison", c.name, loc), fmt.get("title"))
    sheet.text(1, 0, i18n.text("compare_note", loc), fmt.get("note"))
    blocks = [("compare_value", grid.value_col, range(n))]
    if n > 1:
        blocks += [
            ("compare_delta", grid.delta_col, range(1, n)),
            ("compare_pct", grid.pct_col, range(1, n)),
        ]
    for key, col_of, members in blocks:
        first, last = col_of(members[0]), col_of(members[-1])
        if first == last:
            sheet.text(C_BLOCK, first, i18n.text(key, loc), fmt.get("header"))
        else:
            ws.merge_range(C_BLOCK, first, C_BLOCK, last, "", fmt.get("header"))
            sheet.text(C_BLOCK, first, i18n.text(key, loc), fmt.get("header"))
        for i in members:
            sheet.text(C_NAME, col_of(i), c.entries[i].name, wrap)
            sheet.text(C_KEY, col_of(i), c.entries[i].key, fmt.get("note"))
    for row, key in ((C_BLOCK, "metric"), (C_NAME, "scenario"), (C_KEY, "file")):
        sheet.text(row, C_LABEL, i18n.text(key, loc), fmt.get("header"))
        ws.write_blank(row, C_ID, None, fmt.get("header"))


@dataclass
class _Metric:
    """One row of the Compare sheet: how to read it in each scenario's column."""

    row: int
    id: str
    fmt: str
    value: Callable[[Entry], float | None]
    cell: Callable[[int, Entry, Layout], tuple[str, bool] | None]  # (formula, is_array)
    better: Better | None = None  # the line's or summary item's own fact
    emphasis: bool = False  # the line's own fact; summary items have none


def _metrics(c: Comparison, lines: Sequence[Line], grid: Grid) -> list[_Metric]:
    out = [_summary_metric(item, grid) for item in c.base.projection.summary_items]
    own = {e.key: {x.id: x for x in e.projection.lines} for e in c.entries}
    # Each scenario's month columns per year, found once rather than once per cell.
    spans = {
        (e.key, year): year_span(e.projection, year)
        for e in c.entries
        for year in range(1, len(e.projection.years) + 1)
    }
    for year in range(1, c.years + 1):
        out.append(
            _Metric(
                grid.months[year],
                "months_in_year",
                "int",
                functools.partial(_months_in_year_of, year=year),
                functools.partial(_months_cell_of, year=year),
            )
        )
        out += [_annual_metric(line, year, own, spans, grid) for line in lines]
    return out


def _summary_metric(item: SummaryItem, grid: Grid) -> _Metric:
    def cell(i: int, e: Entry, lay: Layout) -> tuple[str, bool]:
        ctx = CompareCtx(lay, grid.value_col(i), grid)
        return formula(item.expr, ctx), item.expr.needs_array()

    return _Metric(
        grid.summary[item.id],
        item.id,
        "money2" if item.fmt == "money" else item.fmt,
        functools.partial(_summary_value_of, item_id=item.id),
        cell,
        better=item.better,
    )


def _annual_metric(
    line: Line,
    year: int,
    own: dict[str, dict[str, Line]],
    spans: dict[tuple[str, int], tuple[int, int]],
    grid: Grid,
) -> _Metric:
    def cell(i: int, e: Entry, lay: Layout) -> tuple[str, bool] | None:
        if (e.key, year) not in spans or line.id not in own[e.key]:
            return None
        mine = own[e.key][line.id]  # this scenario's definition of the line
        ctx = CompareCtx(lay, grid.value_col(i), grid, year=year)
        return annual_formula(mine, lay, ctx, spans[(e.key, year)]), False

    return _Metric(
        grid.annual[(line.id, year)],
        line.id,
        line.fmt,
        functools.partial(_annual_value_of, line_id=line.id, year=year),
        cell,
        better=line.better,
        emphasis=line.emphasis,
    )


def _summary_value_of(e: Entry, *, item_id: str) -> float | None:
    return compare.summary_value(e, item_id)


def _annual_value_of(e: Entry, *, line_id: str, year: int) -> float | None:
    return compare.annual_value(e, line_id, year)


def _months_in_year_of(e: Entry, *, year: int) -> float | None:
    return _months_in_year(e.projection, year)


def _months_cell_of(i: int, e: Entry, lay: Layout, *, year: int) -> tuple[str, bool] | None:
    return _months_cell(e.projection, lay, year)


def _months_in_year(p: Projection, year: int) -> float | None:
    if year > len(p.years):
        return None
    first, last = year_span(p, year)
    return float(last - first + 1)


def _months_cell(p: Projection, lay: Layout, year: int) -> tuple[str, bool] | None:
    return (months_formula(lay, year_span(p, year)), False) if year <= len(p.years) else None


def _labels(sheet: Sheet, c: Comparison, lines: Sequence[Line], grid: Grid, loc: str) -> None:
    fmt, n = sheet.fmt, len(c.entries)
    last_col = grid.pct_col(n - 1) if n > 1 else grid.value_col(0)
    sheet.text(C_FIRST - 1, C_LABEL, i18n.text("summary", loc), fmt.get("section"))
    for item in c.base.projection.summary_items:
        sheet.text(grid.summary[item.id], C_LABEL, item.label[loc])
        sheet.text(grid.summary[item.id], C_ID, item.id, fmt.get("note"))
    for year in range(1, c.years + 1):
        head = grid.months[year] - 1
        sheet.text(head, C_LABEL, f"{i18n.text('year', loc)} {year}", fmt.get("section"))
        for col in range(C_ID, last_col + 1):
            sheet.ws.write_blank(head, col, None, fmt.get("section"))
        sheet.text(grid.months[year], C_LABEL, i18n.text("months_in_year", loc), fmt.get("note"))
        for line in lines:
            row, bold = grid.annual[(line.id, year)], line.emphasis
            sheet.text(row, C_LABEL, line.label[loc], fmt.get("text", bold=bold, indent=line.level))
            sheet.text(row, C_ID, line.id, fmt.get("note"))
            sheet.ws.set_row(row, None, None, {"level": 1})


def _write_metric(
    sheet: Sheet,
    m: _Metric,
    c: Comparison,
    layouts: Sequence[Layout],
    grid: Grid,
    formats: Callable[[str], Formats],
    values: Sequence[float | None],
    differences: Sequence[tuple[float | None, float | None]],
) -> None:
    """One metric's row: each scenario's formula, then its difference from the base.

    `values` are the engine's, one per scenario, and `differences` those of scenarios
    1..N-1 from the base, all evaluated beforehand in one pass (`compare.delta_rows`)."""
    ws, null = sheet.ws, layouts[0].null_text
    bold = m.emphasis
    delta_text, pct_text = pair_formulas(null)
    for i, e in enumerate(c.entries):
        style = formats(e.projection.scenario.scenario.currency).get(m.fmt, bold=bold)
        cell = m.cell(i, e, layouts[i])
        col = grid.value_col(i)
        if cell is None:
            sheet.text(m.row, col, null, style)
        elif cell[1]:
            ws.write_array_formula(
                m.row, col, m.row, col, "{" + cell[0] + "}", style, cached(values[i], null)
            )
        else:
            ws.write_formula(m.row, col, cell[0], style, cached(values[i], null))
        if i == 0:
            continue
        cells = {
            PAIR_MARKS["value"]: xl_rowcol_to_cell(m.row, col),
            PAIR_MARKS["base"]: xl_rowcol_to_cell(m.row, grid.value_col(0), col_abs=True),
        }
        diff, pct = differences[i - 1]
        ws.write_formula(
            m.row, grid.delta_col(i), fill_pair(delta_text, cells), style, cached(diff, null)
        )
        ws.write_formula(
            m.row,
            grid.pct_col(i),
            fill_pair(pct_text, cells),
            sheet.fmt.get("pct"),
            cached(pct, null),
        )


# Where a difference's two cells go in its formula, rendered once (no formula holds NUL).
PAIR_MARKS = {"value": "\x00value\x00", "base": "\x00base\x00"}


@cache
def pair_formulas(null_text: str) -> tuple[str, str]:
    """DELTA and DELTA_PCT rendered once, their two cells left as marks to fill in."""
    ctx = PairCtx(PAIR_MARKS, null_text)
    return formula(compare.DELTA, ctx), formula(compare.DELTA_PCT, ctx)


def fill_pair(text: str, cells: dict[str, str]) -> str:
    """A rendered pair formula with each mark of `cells` replaced by its cell."""
    for mark, cell in cells.items():
        text = text.replace(mark, cell)
    return text


def _highlight(sheet: Sheet, metrics: Sequence[_Metric], grid: Grid, mixed: bool) -> None:
    """Live best/worst colours: green for the best scenario per row, red for the worst,
    and the differences coloured by whether they are better or worse than the base.

    Amounts in different currencies are not ranked (`mixed`): they are not converted.
    """
    n = grid.scenarios
    if n < 2:
        return
    good = sheet.fmt.wb_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
    bad = sheet.fmt.wb_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    first, last = grid.value_col(0), grid.value_col(n - 1)
    for m in metrics:
        better = m.better
        if better is None or (mixed and m.fmt.startswith("money")):
            continue
        span = (
            xl_rowcol_to_cell(m.row, first, col_abs=True)
            + ":"
            + xl_rowcol_to_cell(m.row, last, col_abs=True)
        )
        here = xl_rowcol_to_cell(m.row, first, col_abs=False)
        best, worst = ("MAX", "MIN") if better == compare.HIGHER else ("MIN", "MAX")
        spread = f"COUNT({span})>1,MAX({span})>MIN({span})"
        for fn, style in ((best, good), (worst, bad)):
            sheet.ws.conditional_format(
                m.row,
                first,
                m.row,
                last,
                {
                    "type": "formula",
                    "criteria": f"=AND(ISNUMBER({here}),{spread},{here}={fn}({span}))",
                    "format": style,
                },
            )
        up, down = (good, bad) if better == compare.HIGHER else (bad, good)
        for col_of in (grid.delta_col, grid.pct_col):
            a, b = col_of(1), col_of(n - 1)
            for crit, style in ((">", up), ("<", down)):
                sheet.ws.conditional_format(
                    m.row,
                    a,
                    m.row,
                    b,
                    {"type": "cell", "criteria": crit, "value": 0, "format": style},
                )


def write_compare(
    sheet: Sheet, c: Comparison, layouts: Sequence[Layout], formats: Callable[[str], Formats]
) -> None:
    loc = c.base.projection.scenario.scenario.locale
    lines = compare.annual_lines(c)
    grid = _grid(c, lines)
    _headings(sheet, c, grid, loc)
    _labels(sheet, c, lines, grid, loc)
    metrics = _metrics(c, lines, grid)
    values = [[m.value(e) for e in c.entries] for m in metrics]
    differences = compare.delta_rows([v[1:] for v in values], [v[0] for v in values])
    for m, row, diff in zip(metrics, values, differences, strict=True):
        _write_metric(sheet, m, c, layouts, grid, formats, row, diff)
    _highlight(sheet, metrics, grid, len(c.currencies) > 1)
    n, ws = len(c.entries), sheet.ws
    ws.freeze_panes(C_FIRST - 1, C_FIRST_VALUE)
    ws.set_column(C_LABEL, C_LABEL, 44)
    ws.set_column(C_ID, C_ID, 20)
    ws.set_column(C_FIRST_VALUE, grid.pct_col(n - 1) if n > 1 else C_FIRST_VALUE, 15)
    if n > 1:
        ws.set_column(grid.value_col(n), grid.value_col(n), 3)
        ws.set_column(grid.delta_col(n), grid.delta_col(n), 3)
    ws.outline_settings(True, False, True, False)
    page_setup(ws, i18n.paper_code(c.base.projection.scenario.scenario.currency))
    ws.repeat_rows(C_BLOCK, C_KEY)


# --- Charts ---------------------------------------------------------------------------------


def write_charts(
    wb: Workbook, ws: Worksheet, c: Comparison, layouts: Sequence[Layout], compare_sheet: str
) -> None:
    """Cash, net revenue and EBITDA of every scenario, overlaid, month by month; each
    series is named by the scenario's name on the Compare sheet (`compare_sheet`)."""
    loc = c.base.projection.scenario.scenario.locale
    longest = max(range(len(layouts)), key=lambda i: layouts[i].months)
    same_start = len({e.projection.scenario.scenario.start for e in c.entries}) == 1
    lay = layouts[longest]
    cat_row = M_DATE if same_start else M_MONTH
    cats = [lay.monthly, cat_row, FIRST_MONTH_COL, cat_row, lay.last_month_col]
    ws.write_string(0, 0, i18n.title("comparison", c.name, loc))
    charts = (("cash_balance", "cash"), ("net_revenue_chart", "net_revenue"), ("ebitda", "ebitda"))
    for k, (title, line_id) in enumerate(charts):
        chart = wb.add_chart({"type": "line"})
        for i, layout in enumerate(layouts):
            row = layout.monthly_rows[line_id]
            chart.add_series(
                {
                    "name": [compare_sheet, C_NAME, C_FIRST_VALUE + i],
                    "categories": cats,
                    "values": [layout.monthly, row, FIRST_MONTH_COL, row, layout.last_month_col],
                    "smooth": False,
                    "marker": {"type": "none"},
                    "line": {"width": 2.5 if i == 0 else 1.5},
                }
            )
        chart.set_title({"name": i18n.text(title, loc)})
        # labels below the plot, not on the zero line through negative values
        x_axis: dict[str, Any] = {"name": i18n.text("month", loc), "label_position": "low"}
        if same_start:
            x_axis = {
                "date_axis": True,
                "num_format": i18n.date_format(loc),
                "major_unit": 3,
                "major_unit_type": "months",
                "label_position": "low",
            }
        chart.set_x_axis(x_axis)
        chart.set_y_axis(
            {
                "num_format": i18n.money_format(c.base.projection.scenario.scenario.currency, loc),
                "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}},
            }
        )
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 960, "height": 380})
        ws.insert_chart(2 + k * 21, 0, chart)
    page_setup(ws, A4)


# --- The workbook -----------------------------------------------------------------------------


def write_workbook(c: Comparison, path: Path, progress: Progress = lambda _: None) -> None:
    """Write the comparison workbook to `path` (the caller makes it atomic)."""
    base = c.base.projection.scenario.scenario
    wb = new_workbook(path, c.name, "projector compare")
    cache: dict[str, Formats] = {}

    def formats(currency: str) -> Formats:
        if currency not in cache:
            cache[currency] = Formats(wb, currency, base.locale)
        return cache[currency]

    names = SheetNames.of(base.locale)  # the base scenario's language names every sheet
    compare_ws = wb.add_worksheet(names.compare)
    charts_ws = wb.add_worksheet(names.compare_charts)
    layouts = []
    pairs = sheet_names([e.key for e in c.entries], names)
    for n, (e, pair) in enumerate(zip(c.entries, pairs, strict=True), start=1):
        progress(f"[{n}/{len(c.entries)}] writing sheets {pair[0]!r} and {pair[1]!r}")
        layouts.append(_scenario_sheets(wb, e, names.with_scenario(*pair)))
    progress("writing the Compare sheet and its charts")
    write_compare(Sheet(compare_ws, formats(base.currency)), c, layouts, formats)
    write_charts(wb, charts_ws, c, layouts, names.compare)
    compare_ws.activate()
    wb.close()
