"""The Summary, KPIs and Charts sheets: whole-projection figures read through names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from projector.locale import catalogue, i18n
from projector.locale.rules import locale_of
from projector.model import (
    Projection,
    evaluate_scalar,
    per_order_costs,
)
from projector.model.kpis import STATUS, KpiResult, is_assumption, load_benchmarks, status_formula
from projector.writers.xlsx.addresses import FIRST_MONTH_COL, LABEL_COL, M_DATE, Layout, sheet_ref
from projector.writers.xlsx.contexts import SummaryCtx, formula
from projector.writers.xlsx.sheets import Sheet, cached, excel_serial


def write_summary(sheet: Sheet, p: Projection, layout: Layout, wb: Workbook) -> dict[str, int]:
    """Section 5 as formulas, each item a defined name; returns each item's row."""
    ws, fmt, meta = sheet.ws, sheet.fmt, p.scenario.scenario
    loc = meta.locale
    sheet.text(0, 0, i18n.title("summary", meta.name, loc), fmt.get("title"))
    sheet.text(1, 0, _span_note(p), fmt.get("note"))
    for c, key in enumerate(("summary", "value", "calendar", "line_id")):
        sheet.text(3, c, i18n.text(key, loc) if key != "summary" else "", fmt.get("header"))
    ctx = SummaryCtx(layout)
    rows = {}
    steps = _margin_steps(sheet, p, ctx, first=4 + len(p.summary_items) + 2)
    never = i18n.text("never", loc)
    for r, item in enumerate(p.summary_items, start=4):
        rows[item.id] = r
        sheet.text(r, 0, item.label[loc])
        # a month that does not come within the horizon reads "never", not "n/a"
        item_ctx = SummaryCtx(layout, null=never) if item.fmt == "month" else ctx
        value = cached(p.summary[item.id], item_ctx.null_text)
        text = formula(item.expr, item_ctx) if item.id != "margin_per_order" else steps
        style = fmt.get("money2" if item.fmt == "money" else item.fmt, bold=True)
        if item.expr.needs_array():
            ws.write_array_formula(r, 1, r, 1, "{" + text + "}", style, value)
        else:
            ws.write_formula(r, 1, text, style, value)
        wb.define_name(
            item.id, "=" + sheet_ref(layout.sheets.summary, xl_rowcol_to_cell(r, 1, True, True))
        )
        if item.fmt == "month":
            _calendar_label(sheet, r, p.summary[item.id], p, item_ctx)
        sheet.text(r, 3, item.id, fmt.get("note"))
    ws.set_column(0, 0, 46)
    ws.set_column(1, 2, 16)
    ws.set_column(3, 3, 30)
    return rows


def _margin_steps(sheet: Sheet, p: Projection, ctx: SummaryCtx, first: int) -> str:
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
    sheet: Sheet, row: int, month: float | None, p: Projection, ctx: SummaryCtx
) -> None:
    """The calendar month of a projection month in column B, computed from the start date."""
    start, month_cell = ctx.input_ref(("scenario", "start")), xl_rowcol_to_cell(row, 1)
    cached = excel_serial(_month_date(p, month)) if month is not None else ctx.null_text
    sheet.ws.write_formula(
        row,
        2,
        f"=IF(ISNUMBER({month_cell}),DATE(YEAR({start}),MONTH({start})+{month_cell}-1,1),"
        f'"{ctx.null_text}")',
        sheet.fmt.get("date"),
        cached,
    )


def _month_date(p: Projection, month: float) -> dt.datetime:
    label = p.months[int(month) - 1]
    return dt.datetime(int(label[:4]), int(label[5:]), 1)


# --- KPIs and charts -------------------------------------------------------------


def write_kpis(sheet: Sheet, p: Projection, layout: Layout, kpis: Sequence[KpiResult]) -> None:
    """Each KPI as a formula, held against its benchmark range, with a status formula."""
    ws, fmt, meta = sheet.ws, sheet.fmt, p.scenario.scenario
    loc = meta.locale
    sheet.text(0, 0, i18n.title("kpis", meta.name, loc), fmt.get("title"))
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


def _kpi_row(sheet: Sheet, r: int, k: KpiResult, layout: Layout, ctx: SummaryCtx, loc: str) -> None:
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
        cached(k.value, layout.null_text),
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
    monthly = layout.monthly
    cats = [monthly, M_DATE, first, M_DATE, last]

    def series(line_id: str) -> dict[str, Any]:
        row = layout.monthly_rows[line_id]
        return {
            "name": [monthly, row, LABEL_COL],
            "categories": cats,
            "values": [monthly, row, first, row, last],
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
                "label_position": "low",  # below negative bars, not on the zero line
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


def _span_note(p: Projection) -> str:
    """ "Jan 2027 to Dec 2031 (60 months), USD": the horizon as a reader says it."""
    meta = p.scenario.scenario
    rules = locale_of(meta.locale)
    return catalogue.lookup(
        "xl.span_note",
        meta.locale,
        first=rules.month_label(p.months[0], " "),
        last=rules.month_label(p.months[-1], " "),
        months=meta.months,
        currency=meta.currency,
    )
