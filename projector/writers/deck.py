"""The investor deck: the financial slides of a pitch, as an editable PowerPoint file.

`build` lays out the slides from the report's own presentation context
(`projector.present.report.build`: headline figures, annual tables, per-order steps, KPI rows,
the chart specs the report draws too) and the default sensitivity
tornado (`projector.analysis.sensitivity`); `compare_slides` adds the scenarios side by
side from `projector.present.compare.build`.  Nothing is recomputed here: numbers arrive
from the engine and are written by the report's formatter.  `write` then
draws the slides with python-pptx; every chart is a native chart whose data
sits in the embedded workbook, so a founder edits it in PowerPoint, Keynote,
Google Slides or LibreOffice Impress.

python-pptx is imported only by `write`, so a run without `--deck` never pays
for it.  The layout is a 16:9 grid in inches: a sentence as the title, the
body, a footnote with the assumptions behind the slide, a footer.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from projector import scenario as sc
from projector.analysis import compare
from projector.analysis.sensitivity import Entry
from projector.locale import i18n
from projector.locale.rules import locale_of
from projector.locale.words import word
from projector.model import Projection, year1_months
from projector.model.facts import Fmt, ReportTable
from projector.model.lines import shown_in
from projector.present import compare as present_compare
from projector.present import report as present_report
from projector.present.numbers import Formatter
from projector.present.risk import word as risk_word

W, H = 13.333, 7.5  # inches: 16:9
LEFT, WIDTH = 0.6, 12.13
BODY_TOP, BODY_H = 1.55, 4.95
NAVY, BLUE, LIGHT_BLUE = "1D2433", "1F4E9E", "8FB0E0"
ORANGE, GREEN, RED, GREY, INK = "D9822B", "2E7D32", "C62828", "7F7F7F", "333333"
FONT = "Arial"  # everywhere, and metric-compatible fonts exist on every system
YEARS_SHOWN = 6  # year columns of the P&L table
KPIS_PER_SLIDE = 7
SCENARIOS_PER_SLIDE = 6  # the base and five others, as the comparison report's tables
TOP_DRIVERS = 3  # the inputs the assumptions slide marks as driving the plan

# The uses of funds (docs/three-statements.md): the ask slide lists
# each of these summary items the projection holds, after the funding need.
USES = ("use_operating", "use_capex", "use_debt_service")


# --- What the slides hold, before any drawing ---------------------------------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Para:
    text: str
    size: float = 14
    bold: bool = False
    color: str = INK
    space_after: float = 4  # points


@dataclass(frozen=True)
class Text:
    box: Box
    paras: tuple[Para, ...]


@dataclass(frozen=True)
class Big:
    """A headline figure: a label, the number in large type, one line of explanation."""

    box: Box
    label: str
    value: str
    note: str


@dataclass(frozen=True)
class Table:
    box: Box
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the box width
    size: float = 12
    align: str = ""  # one letter per column, l or r; default: first left, the rest right
    colors: Mapping[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> text
    strong: frozenset[int] = frozenset()  # rows in bold


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    color: str = BLUE
    number_format: str = ""  # data labels, when shown
    labels: bool = False
    width: float = 2.0  # lines, in points
    dash: bool = False


@dataclass(frozen=True)
class Chart:
    """A native chart. `kind`: line, stacked (columns), combo (columns + lines on a
    right-hand % axis), waterfall (horizontal stacked bars on an invisible base) or
    tornado (horizontal bars from zero)."""

    box: Box
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str
    lines: tuple[Series, ...] = ()  # the combo's lines, on the secondary axis
    line_format: str = "0%"
    point: tuple[int, str] | None = None  # (category index, label): the line's marked point
    legend: bool = True
    dates: tuple[dt.date, ...] = ()  # a monthly time axis: the months, labelled every few
    date_format: str = ""
    x_title: str = ""  # a title under the category axis


@dataclass(frozen=True)
class Band:
    """A plain coloured rectangle: an accent of the layout."""

    box: Box
    color: str


Part = Text | Big | Table | Chart | Band


@dataclass(frozen=True)
class Slide:
    id: str
    title: str
    parts: tuple[Part, ...]
    note: str = ""  # the footnote: what the slide's numbers assume


@dataclass(frozen=True)
class Deck:
    name: str  # the plan's name, in every slide's footer
    generated: dt.date
    locale: str
    slides: tuple[Slide, ...]


# --- Reading the report's context ---------------------------------------------------------


def _annual(
    r: present_report.Report,
) -> tuple[list[present_report.Column], dict[str, list[float | None]]]:
    """Every year's value of every annual line of the report, its tables put back together."""
    columns: list[present_report.Column] = []
    rows: dict[str, list[float | None]] = {}
    for table in r.annual:
        new = [c for c in table.columns if c.id not in {x.id for x in columns}]
        columns += new
        for row in table.rows:
            rows.setdefault(row.id, []).extend(row.values)
    return columns, rows


def _year_label(c: present_report.Column) -> str:
    return f"{c.label} ({c.note})" if c.note else c.label


def _year_in_sentence(c: present_report.Column, locale: str) -> str:
    """`Year 4` in a sentence: `en année 4` in French, `(6 months)` for a partial year."""
    label = word("deck_year", locale, n=c.id)
    return f"{label} ({c.note})" if c.note else label


def _figure(r: present_report.Report, figure_id: str) -> present_report.Figure:
    return next(f for f in r.headline if f.id == figure_id)


def _money_format(fmt: Formatter, decimals: int = 0) -> str:
    """The spreadsheet format of amounts in the scenario's currency, for chart axes; French
    ones carry the French locale code, so every app groups digits as the reader does."""
    code = i18n.money_format(fmt.currency, fmt.locale, decimals).replace("[Red]", "")
    return ";".join(locale_of(fmt.locale).excel_code + part for part in code.split(";"))


def _months(p: Projection) -> tuple[dt.date, ...]:
    return tuple(dt.date(int(m[:4]), int(m[5:7]), 1) for m in p.months)


def _compact_format(fmt: Formatter) -> str:
    """Amounts in thousands on a crowded axis: `$250k`, `250k €`."""
    first = _money_format(fmt).split(";")[0]
    return first.replace("#,##0", '#,##0,"k"')


def _tick_skip(months: int) -> int:
    """Months between labels of a time axis: about six to ten labels."""
    if months <= 6:
        return 1
    if months <= 18:
        return 3
    if months <= 36:
        return 6
    return 12 * math.ceil(months / 72)


# --- The slides of one plan ---------------------------------------------------------------


def build(
    r: present_report.Report, p: Projection, tornado: Sequence[Entry], generated: dt.date
) -> Deck:
    """The deck of one projection: its report's context laid out as slides."""
    slides = [
        _title_slide(r),
        _plan_slide(r, p),
        _revenue_slide(r, p),
        _unit_slide(r),
        _pnl_slide(r, p),
        _cash_slide(r, p),
        _risk_slide(r, tornado, p),
        *_kpi_slides(r),
        _assumptions_slide(r, p, tornado),
    ]
    return Deck(r.name, generated, r.locale, tuple(slides))


def _title_slide(r: present_report.Report) -> Slide:
    name = r.name if len(r.name) <= 120 else r.name[:119].rstrip() + "…"
    size = 40 if len(name) <= 40 else 32 if len(name) <= 70 else 24
    fmt = r.formatter
    return Slide(
        "title",
        "",
        (
            Band(Box(0, 0, 0.28, H), NAVY),
            Band(Box(LEFT, 1.45, 1.2, 0.06), ORANGE),
            Text(
                Box(LEFT, 1.7, WIDTH, 3.1),
                (
                    Para(word("deck_kicker", r.locale).upper(), 16, True, ORANGE, 10),
                    Para(name, size, True, NAVY, 14),
                    Para(r.horizon, 20, False, INK, 4),
                    Para(r.currency, 20, False, INK, 4),
                ),
            ),
            Text(
                Box(LEFT, 5.2, WIDTH, 0.5),
                (Para(word("deck_generated", r.locale, date=r.generated), 14, False, GREY),),
            ),
        ),
        word("deck_title_note", r.locale, code=fmt.currency),
    )


def _plan_title(r: present_report.Report, p: Projection) -> str:
    s, fmt = p.summary, r.formatter
    be = "be" if s["break_even_month"] else "nobe"
    need = "need" if s["funding_need"] else "funded"
    return word(
        f"deck_plan_{be}_{need}",
        r.locale,
        be_cal=fmt.cal(s["break_even_month"]),
        need=fmt.money(s["funding_need"]),
        months=p.scenario.scenario.months,
    )


def _headline(figure: present_report.Figure, fmt: Formatter) -> str:
    """A headline figure as a big number, or the report's words for its null."""
    if figure.value is None and figure.missing:
        return figure.missing[:1].upper() + figure.missing[1:]
    return fmt.show(figure.value, figure.kind)


def _plan_slide(r: present_report.Report, p: Projection) -> Slide:
    """Four numbers an investor asks for first, each with one line of context."""
    fmt, loc = r.formatter, r.locale
    be, need = _figure(r, "break_even_month"), _figure(r, "funding_need")
    ltv, clv, cac = (_figure(r, i) for i in ("ltv_to_cac", "clv", "cac_y1"))
    columns, rows = _annual(r)
    k = min(2, len(columns) - 1)  # Year 3, or the last year of a shorter plan
    bigs = (
        (
            word("deck_be_label", loc),
            fmt.cal(be.value) if be.value else fmt.null,
            word("deck_be_note", loc, month=fmt.show(be.value, "Month"))
            if be.value
            else word("deck_be_none", loc, months=p.scenario.scenario.months),
        ),
        (
            word("deck_need_label", loc),
            _headline(need, fmt),
            word("deck_need_note", loc, low=need.note),
        ),
        (
            word("deck_ltv_label", loc),
            fmt.show(ltv.value, ltv.kind),
            word(
                "deck_ltv_note",
                loc,
                clv=fmt.show(clv.value, clv.kind),
                cac=fmt.show(cac.value, cac.kind),
            )
            if ltv.value is not None
            else word("deck_ltv_none", loc),
        ),
        (
            word("deck_revenue_label", loc, year=_year_in_sentence(columns[k], loc)),
            fmt.money(rows["net_revenue"][k]),
            word(
                "deck_revenue_note",
                loc,
                ebitda=fmt.money(rows["ebitda"][k]),
                income=fmt.money(rows["net_income"][k]),
            ),
        ),
    )
    width = WIDTH / 4
    parts = tuple(
        Big(Box(LEFT + i * width, BODY_TOP + 0.5, width - 0.3, 3.6), *big)
        for i, big in enumerate(bigs)
    )
    return Slide("plan", _plan_title(r, p), parts, word("deck_plan_note", loc))


def _revenue_slide(r: present_report.Report, p: Projection) -> Slide:
    """Traffic x conversion by channel, then order value and repeat orders; the orders chart."""
    fmt, loc, s = r.formatter, r.locale, p.scenario
    columns, rows = _annual(r)
    year1 = year1_months(s.scenario.months)
    body = []
    for ch in s.acquisition.channels:
        body.append(
            (
                ch.shown,
                fmt.number(float(p.annual[f"visits_{ch.name}"][0])),
                fmt.show(ch.conversion, "rate"),
                fmt.number(float(p.annual[f"new_customers_{ch.name}"][0])),
                fmt.show(ch.cac, "amount"),
            )
        )
    body.append(
        (
            word("deck_all_channels", loc),
            fmt.number(float(p.annual["visits"][0])),
            "",
            fmt.number(float(p.annual["new_customers"][0])),
            fmt.money(p.summary["cac_y1"], 2) if p.summary["cac_y1"] else "",
        )
    )
    table = Table(
        Box(LEFT, BODY_TOP, 6.1, 0.42 * (len(body) + 1)),
        tuple(
            word(k, loc)
            for k in (
                "deck_channel",
                "deck_visits_y1",
                "deck_conversion",
                "deck_new_y1",
                "deck_cac",
            )
        ),
        tuple(body),
        (0.22, 0.2, 0.2, 0.24, 0.14),
        size=11,
        strong=frozenset({len(body) - 1}),
    )
    o, c = s.orders, s.customers
    below = table.box.y + table.box.h + 0.25
    lines = Text(
        Box(LEFT, below, 6.0, BODY_TOP + BODY_H - below),
        (
            Para(
                word(
                    "deck_aov_line",
                    loc,
                    aov=fmt.show(o.aov, "amount"),
                    growth=fmt.show(o.aov_growth, "rate"),
                ),
                14,
                space_after=8,
            ),
            Para(
                word(
                    "deck_repeat_line",
                    loc,
                    repeat=fmt.show(c.repeat_rate, "rate"),
                    churn=fmt.show(c.churn, "rate"),
                ),
                14,
            ),
        ),
    )
    new, repeat = r.chart("orders").series
    chart = Chart(
        Box(6.9, BODY_TOP - 0.1, W - 6.9 - 0.5, BODY_H + 0.1),
        "stacked",
        r.chart("orders").title,
        tuple(fmt.label(m) for m in p.months),
        (
            Series(new.label, tuple(float(v) for v in new.values), BLUE),
            Series(repeat.label, tuple(float(v) for v in repeat.values), LIGHT_BLUE),
        ),
        locale_of(loc).excel_code + "#,##0",
        dates=_months(p),
        date_format=i18n.date_format(loc),
    )
    last = len(columns) - 1
    title = (
        word(
            "deck_revenue_title",
            loc,
            first=fmt.money(rows["net_revenue"][0]),
            last=fmt.money(rows["net_revenue"][last]),
            year=_year_in_sentence(columns[last], loc),
        )
        if last
        else word(
            "deck_revenue_one",
            loc,
            orders=fmt.number(float(p.annual["orders"][0])),
            revenue=fmt.money(rows["net_revenue"][0]),
            year=_year_in_sentence(columns[0], loc),
        )
    )
    return Slide("revenue", title, (table, lines, chart), word("deck_build_note", loc, n=year1))


def _unit_slide(r: present_report.Report) -> Slide:
    """The waterfall from the order's price to its margin, and the same steps as a table."""
    fmt, loc = r.formatter, r.locale
    margin = r.unit[-1].value
    gross = next(u for u in r.unit if u.id == "gross_per_order").value
    title = (
        word("deck_unit_title", loc, margin=fmt.money(margin, 2), gross=fmt.money(gross, 2))
        if margin >= 0
        else word("deck_unit_loss", loc, margin=fmt.money(-margin, 2))
    )
    table = Table(
        Box(8.1, BODY_TOP, W - 8.1 - 0.5, 0.38 * (len(r.unit) + 1)),
        ("", r.text["per_order"], r.text["share_of_gross"]),
        tuple((u.label, fmt.money(u.value, 2), fmt.percent(u.share, 1)) for u in r.unit),
        (0.5, 0.25, 0.25),
        size=11,
        strong=frozenset(i for i, u in enumerate(r.unit) if u.kind == "total"),
    )
    chart = _waterfall(Box(LEFT, BODY_TOP - 0.1, 7.2, BODY_H + 0.1), r)
    return Slide("unit", title, (chart, table), r.text["unit_note"])


def _waterfall(box: Box, r: present_report.Report) -> Chart:
    """Stacked bars: an invisible base carries each change to where the last one ended."""
    fmt, loc = r.formatter, r.locale
    base: list[float | None] = []
    up: list[float | None] = []
    down: list[float | None] = []
    total: list[float | None] = []
    level = 0.0
    steps = r.chart("waterfall").steps  # the report's waterfall draws these same steps
    for u in steps:
        b = u_ = d = t = None
        if u.kind in ("start", "total"):
            t, level = u.value, u.value
        elif u.value >= 0:
            b, u_, level = level, u.value, level + u.value
        else:
            b, d, level = level + u.value, -u.value, level + u.value
        base.append(b)
        up.append(u_)
        down.append(d)
        total.append(t)
    return Chart(
        box,
        "waterfall",
        r.chart("waterfall").title,
        tuple(u.label for u in steps),
        (
            Series("", tuple(base), ""),
            Series(word("deck_in_aov", loc), tuple(total), BLUE),
            Series("+", tuple(up), GREEN),
            Series("-", tuple(down), ORANGE),
        ),
        _money_format(fmt),
        legend=False,
    )


def _pnl_slide(r: present_report.Report, p: Projection) -> Slide:
    """The amounts and margins the lines place on this slide (`ReportTable.DECK_PNL`)."""
    fmt, loc = r.formatter, r.locale
    columns, rows = _annual(r)
    labels = {row.id: row.label for t in r.annual for row in t.rows}
    shown = columns[:YEARS_SHOWN]
    placed = shown_in(p.lines, ReportTable.DECK_PNL)
    amounts = tuple(x.id for x in placed if x.fmt != Fmt.SHARE)
    margins = tuple(x.id for x in placed if x.fmt == Fmt.SHARE)
    body = tuple(
        (
            labels[line.id],
            *(
                fmt.percent(v or 0.0, 1) if line.fmt == Fmt.SHARE else fmt.money(v)
                for v in rows[line.id][: len(shown)]
            ),
        )
        for line in placed
    )
    first = 0.28 if len(shown) > 3 else 0.4
    table = Table(
        Box(LEFT, BODY_TOP, 6.4, 0.4 * (len(body) + 1)),
        ("", *(_year_label(c) for c in shown)),
        body,
        (first, *([(1 - first) / len(shown)] * len(shown))),
        size=11 if len(shown) > 4 else 12,
        strong=frozenset({0, 2}),
    )
    colors = (BLUE, LIGHT_BLUE, GREEN, ORANGE)
    chart = Chart(
        Box(7.2, BODY_TOP - 0.1, W - 7.2 - 0.4, BODY_H + 0.1),
        "combo",
        word("deck_pnl_chart", loc),
        tuple(_year_label(c) for c in columns),
        tuple(
            Series(labels[i], tuple(rows[i]), color)
            for i, color in zip(amounts, colors, strict=True)
        ),
        _money_format(fmt),
        lines=tuple(
            Series(labels[i], tuple(rows[i]), color, width=2.25)
            for i, color in zip(margins, (NAVY, RED), strict=True)
        ),
        line_format=locale_of(loc).percent("0"),  # "60 %" in French
    )
    last = len(columns) - 1
    title = word(
        "deck_pnl_title",
        loc,
        year=_year_label(columns[last]),
        revenue=fmt.money(rows["net_revenue"][last]),
        margin=fmt.percent(rows["ebitda_margin"][last] or 0.0, 1),
    )
    note = word("deck_pnl_note", loc)
    if len(columns) > len(shown):
        note += " " + word("deck_pnl_more", loc, shown=len(shown), n=len(columns))
    return Slide("pnl", title, (table, chart), note)


def ask_rows(r: present_report.Report, p: Projection) -> list[tuple[str, str]]:
    """The ask, line by line: the funding still to raise, what it is used for (the `use_*`
    items, once the engine has them), the lowest point, and the financing already assumed."""
    fmt, loc, s = r.formatter, r.locale, p.summary
    labels = {x.id: x.label[loc] for x in p.summary_items}
    rows = [(word("deck_need_label", loc), fmt.money(s["funding_need"]))]
    rows += [(labels[u], fmt.money(s[u])) for u in USES if u in s]
    if s.get("cash_out_month") is not None:
        rows.append((word("deck_cash_out", loc), fmt.cal(s["cash_out_month"])))
    rows.append(
        (
            word("deck_lowest_cash", loc),
            word(
                "deck_low_at",
                loc,
                cash=fmt.money(s["min_cash"]),
                when=fmt.cal(s["min_cash_month"]),
            ),
        )
    )
    rows.append((_figure(r, "ending_cash").label, fmt.money(s["ending_cash"])))
    f = p.scenario.financing
    rows.append((word("deck_starting_cash", loc), fmt.money(f.starting_cash)))
    rows += [
        (word("deck_equity_round", loc, month=e.month), fmt.show(e.amount, "amount"))
        for e in f.equity
    ]
    rows += [
        (
            loan.name,
            word(
                "deck_loan",
                loc,
                amount=fmt.show(loan.amount, "amount"),
                month=loan.month,
                rate=fmt.show(loan.annual_rate, "rate"),
                term=loan.term_months,
            ),
        )
        for loan in f.loans
    ]
    return rows


def _cash_slide(r: present_report.Report, p: Projection) -> Slide:
    fmt, loc, s = r.formatter, r.locale, p.summary
    need = (s["funding_need"] or 0.0) > 0
    values = {
        "need": fmt.money(s["funding_need"]),
        "low": fmt.money(s["min_cash"]),
        "low_cal": fmt.cal(s["min_cash_month"]),
        "months": p.scenario.scenario.months,
    }
    title = word("deck_cash_need" if need else "deck_cash_funded", loc, **values)
    (cash,) = r.chart("cash").series
    low = int(s["min_cash_month"] or 1) - 1
    chart = Chart(
        Box(LEFT, BODY_TOP - 0.1, 6.8, BODY_H + 0.1),
        "line",
        r.chart("cash").title,
        tuple(fmt.label(m) for m in p.months),
        (Series(cash.label, tuple(float(v) for v in cash.values), BLUE, width=2.5),),
        _money_format(fmt),
        point=(low, word("lowest", loc, cash=fmt.money(s["min_cash"]))),
        legend=False,
        dates=_months(p),
        date_format=i18n.date_format(loc),
    )
    rows = ask_rows(r, p)[:11]
    x = LEFT + 7.1
    table = Table(
        Box(x, BODY_TOP + 0.5, W - x - 0.5, 0.36 * len(rows)),
        (),
        tuple(rows),
        (0.42, 0.58),
        size=12,
        strong=frozenset({0}),
    )
    heading = Text(
        Box(x, BODY_TOP, W - x - 0.5, 0.45), (Para(word("deck_ask", loc), 18, True, NAVY),)
    )
    runway = Text(
        Box(x, table.box.y + table.box.h + 0.2, W - x - 0.5, 0.8),
        (
            Para(
                word("deck_runway_need" if need else "deck_runway_funded", loc, **values),
                12,
                color=GREY,
            ),
        ),
    )
    return Slide("cash", title, (chart, heading, table, runway), word("deck_cash_note", loc))


def driver_label(entry: Entry, locale: str, p: Projection) -> str:
    """`Conversion, Email newsletter`, `Average order value`: an input of the tornado in
    words, a channel by its label; a declared input without words of its own (a
    seasonality month, a salary) by address."""
    parts = entry.input.split(".")
    shown = {c.name: c.shown for c in p.scenario.acquisition.channels}
    try:
        if parts[1] == "channels" and len(parts) == 4:
            return word(f"deck_in_{parts[3]}", locale, channel=shown.get(parts[2], parts[2]))
        return word(f"deck_in_{parts[-1]}", locale)
    except KeyError:
        return entry.input


def _driver_value(entry: Entry, value: float, fmt: Formatter) -> str:
    return fmt.show(value, "rate" if entry.kind == sc.SHARE else "amount")


def _risk_slide(r: present_report.Report, tornado: Sequence[Entry], p: Projection) -> Slide:
    """The default sensitivity tornado: ending cash with each input at 0.8x and 1.2x; with
    declared uncertainty, the simulation's cash fan and the tornado of its P10s and P90s."""
    if p.risk is not None and r.risk is not None:
        return _simulated_risk_slide(r, tornado, p)
    fmt, loc = r.formatter, r.locale
    base = _figure(r, "ending_cash").value or 0.0
    note = word("deck_risk_note", loc, base=fmt.money(base))
    if not tornado:
        return Slide("risk", word("deck_risk_none", loc), (), note)
    top = tornado[0]
    title = (
        word(
            "deck_risk_title",
            loc,
            input=driver_label(top, loc, p),
            low=fmt.money(min(top.ending_cash)),
            high=fmt.money(max(top.ending_cash)),
        )
        if top.swing > 0
        else word("deck_risk_flat", loc)
    )
    chart = Chart(
        Box(LEFT, BODY_TOP - 0.1, 6.0, BODY_H + 0.1),
        "tornado",
        word("deck_risk_chart", loc),
        tuple(driver_label(e, loc, p) for e in tornado),
        (
            Series(
                word("deck_at_low", loc), tuple(e.ending_cash[0] - base for e in tornado), ORANGE
            ),
            Series(
                word("deck_at_high", loc), tuple(e.ending_cash[1] - base for e in tornado), BLUE
            ),
        ),
        _compact_format(fmt),
    )
    shown = tornado[:8]
    table = Table(
        Box(LEFT + 6.2, BODY_TOP, W - LEFT - 6.2 - 0.4, 0.45 * (len(shown) + 1)),
        tuple(
            word(k, loc)
            for k in ("deck_input", "deck_tested", "deck_be_low_high", "deck_need_low_high")
        ),
        tuple(
            (
                driver_label(e, loc, p),
                f"{_driver_value(e, e.low, fmt)} / {_driver_value(e, e.high, fmt)}",
                " / ".join(fmt.cal(m) for m in e.break_even_month),
                " / ".join(fmt.money(v) for v in e.funding_need),
            )
            for e in shown
        ),
        (0.26, 0.2, 0.27, 0.27),
        size=10,
    )
    return Slide("risk", title, (chart, table), note)


def _simulated_risk_slide(
    r: present_report.Report, tornado: Sequence[Entry], p: Projection
) -> Slide:
    """Headline: the share of futures that run out of cash; left the cash fan (P10, P50,
    P90 of the simulation, native lines), right the tornado of the declared inputs."""

    fmt, loc, risk, section = r.formatter, r.locale, p.risk, r.risk
    assert risk is not None and section is not None
    base = _figure(r, "ending_cash").value or 0.0
    paths = fmt.number(risk["paths"])
    note = risk_word("deck_note", loc, paths=paths, seed=risk["seed"], base=fmt.money(base))
    bands = section.chart("risk_cash").bands  # the report's fan chart draws these same bands
    fan = Chart(
        Box(LEFT, BODY_TOP - 0.1, 6.2, BODY_H + 0.1),
        "line",
        risk_word("deck_fan", loc, paths=paths),
        tuple(fmt.label(m) for m in p.months),
        (
            Series("P10", tuple(bands["p10"]), ORANGE, width=1.5, dash=True),
            Series("P50", tuple(bands["p50"]), BLUE, width=2.5),
            Series("P90", tuple(bands["p90"]), GREEN, width=1.5, dash=True),
        ),
        _money_format(fmt),
        dates=_months(p),
        date_format=i18n.date_format(loc),
    )
    parts: tuple[Part, ...] = (fan,)
    if tornado:
        parts += (
            Chart(
                Box(LEFT + 6.4, BODY_TOP - 0.1, W - LEFT - 6.4 - 0.4, BODY_H + 0.1),
                "tornado",
                risk_word("deck_tornado", loc),
                tuple(driver_label(e, loc, p) for e in tornado),
                (
                    Series(
                        risk_word("deck_at_p10", loc),
                        tuple(e.ending_cash[0] - base for e in tornado),
                        ORANGE,
                    ),
                    Series(
                        risk_word("deck_at_p90", loc),
                        tuple(e.ending_cash[1] - base for e in tornado),
                        BLUE,
                    ),
                ),
                _compact_format(fmt),
            ),
        )
    return Slide("risk", section.sentences[0], parts, note)


def _kpi_slides(r: present_report.Report) -> list[Slide]:
    """KPIs against the industry's range, with each figure's source; a few per slide."""
    if not r.kpis:
        return []
    fmt, loc, t = r.formatter, r.locale, r.text
    statuses = ("strong", "ok", "weak", "optimistic")
    counts = {k: sum(1 for x in r.kpis if x.status == k) for k in statuses}
    title = word("deck_kpi_title", loc, industry=r.benchmarks, **counts)
    chunks = [r.kpis[i : i + KPIS_PER_SLIDE] for i in range(0, len(r.kpis), KPIS_PER_SLIDE)]
    header = tuple(
        t[k]
        for k in (
            "xl.kpi_kpi",
            "xl.kpi_value",
            "xl.kpi_low",
            "xl.kpi_typical",
            "xl.kpi_high",
            "xl.kpi_status",
            "xl.kpi_source",
        )
    )
    tint = {"weak": RED, "optimistic": ORANGE, "strong": GREEN}
    slides = []
    for n, chunk in enumerate(chunks, start=1):
        rows = tuple(
            (
                k.label,
                fmt.show(k.value, k.kind),
                k.weak_at,
                k.typical_at,
                k.strong_at,
                k.status_text,
                k.source,
            )
            for k in chunk
        )
        colors = {(i, 5): tint[k.status] for i, k in enumerate(chunk) if k.status in tint}
        part = f" {word('deck_kpi_part', loc, n=n, total=len(chunks))}" if len(chunks) > 1 else ""
        slides.append(
            Slide(
                f"kpis{n}",
                title + part,
                (
                    Table(
                        Box(LEFT, BODY_TOP, WIDTH, 0.6 * (len(rows) + 1)),
                        header,
                        rows,
                        (0.17, 0.09, 0.07, 0.08, 0.07, 0.08, 0.44),
                        size=11,
                        align="lrrrrll",
                        colors=colors,
                    ),
                ),
                word("deck_kpi_note", loc),
            )
        )
    return slides


def _assumption_lines(
    r: present_report.Report, p: Projection, drivers: set[str]
) -> Iterator[tuple[str, list[tuple[str, bool]]]]:
    """The inputs by theme, each with whether it is one of the plan's top drivers."""
    fmt, loc, s = r.formatter, r.locale, p.scenario
    a = lambda v: fmt.show(v, "amount")  # noqa: E731
    pc = lambda v: fmt.show(v, "rate")  # noqa: E731
    demand = [
        (
            word(
                "deck_a_channel",
                loc,
                name=c.shown,
                visits=fmt.show(c.visits, "number"),
                growth=pc(c.growth),
                conversion=pc(c.conversion),
                cac=a(c.cac),
            ),
            any(d.startswith(f"acquisition.channels.{c.name}.") for d in drivers),
        )
        for c in s.acquisition.channels
    ]
    demand += [
        (word("deck_a_aov", loc, aov=a(s.orders.aov)), "orders.aov" in drivers),
        (
            word(
                "deck_a_retention",
                loc,
                repeat=pc(s.customers.repeat_rate),
                churn=pc(s.customers.churn),
            ),
            bool({"customers.churn", "customers.repeat_rate"} & drivers),
        ),
        (
            word("deck_a_returns", loc, rate=pc(s.orders.return_rate)),
            "orders.return_rate" in drivers,
        ),
    ]
    costs = [
        (
            word("deck_a_material", loc, rate=pc(s.unit_costs.material)),
            "unit_costs.material" in drivers,
        ),
        (word("deck_a_fulfillment", loc, amount=a(s.unit_costs.fulfillment_per_order)), False),
        *(
            (word("deck_a_fixed", loc, name=f.name, amount=a(f.monthly)), False)
            for f in s.fixed_costs
        ),
        *(
            (
                word(
                    "deck_a_staff",
                    loc,
                    role=x.role,
                    count=fmt.show(x.count, "number"),
                    salary=a(x.monthly_salary),
                    start=x.start_month,
                ),
                False,
            )
            for x in s.staff
        ),
    ]
    f = s.financing
    financing = [
        (word("deck_a_starting", loc, amount=a(f.starting_cash)), False),
        *((word("deck_a_equity", loc, amount=a(e.amount), month=e.month), False) for e in f.equity),
        *(
            (
                word(
                    "deck_a_loan",
                    loc,
                    name=x.name,
                    amount=a(x.amount),
                    month=x.month,
                    rate=pc(x.annual_rate),
                    term=x.term_months,
                ),
                False,
            )
            for x in f.loans
        ),
        (word("deck_a_tax", loc, rate=pc(s.tax_rate)), False),
    ]
    yield word("deck_demand", loc), demand
    yield word("deck_costs", loc), costs
    yield word("deck_financing", loc), financing


def _in_sentence(label: str) -> str:
    """`Average order value` inside a sentence is `average order value`; `CAC` stays."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def _assumptions_slide(r: present_report.Report, p: Projection, tornado: Sequence[Entry]) -> Slide:
    loc = r.locale
    top = tornado[:TOP_DRIVERS]
    names = [_in_sentence(driver_label(e, loc, p)) for e in top]
    title = (
        word("deck_assumptions_title", loc, first=names[0], second=names[1], third=names[2])
        if len(names) == TOP_DRIVERS
        else word("deck_assumptions_plain", loc)
    )
    drivers = {e.input for e in top}
    width = WIDTH / 3
    parts = []
    for i, (heading, lines) in enumerate(_assumption_lines(r, p, drivers)):
        room = 7
        shown = lines if len(lines) <= room else lines[: room - 1]
        paras = [Para(heading, 18, True, NAVY, 10)]
        paras += [
            Para(("★ " if key else "") + text, 13, key, NAVY if key else INK, 7)
            for text, key in shown
        ]
        if len(shown) < len(lines):
            paras.append(Para(word("deck_a_more", loc, n=len(lines) - len(shown)), 12, color=GREY))
        parts.append(Text(Box(LEFT + i * width, BODY_TOP, width - 0.35, BODY_H), tuple(paras)))
    return Slide("assumptions", title, tuple(parts), word("deck_assumptions_note", loc))


# --- The comparison: scenarios side by side ------------------------------------------------

# The figures of the side-by-side table, with their short headings.
CMP_FIGURES = {
    "break_even_month": "deck_be_label",
    "funding_need": "deck_need_label",
    "ending_cash": "ending_cash",
    "ltv_to_cac": "deck_ltv_label",
}


def compare_slides(cr: present_compare.CompareReport, c: compare.Comparison) -> list[Slide]:
    """After the base's slides: the scenarios' headline figures and cash lines, a few
    scenarios a slide, each slide with the base."""
    loc, fmt = cr.locale, cr.formatter
    rows = {row.id: row for row in cr.headline}
    cash = cr.chart("cash").series
    ending = rows["ending_cash"].values
    best = [i for i, v in enumerate(ending) if v.mark == "best"]
    title = (
        word("deck_cmp_title", loc, best=cr.scenarios[best[0]].label, cash=ending[best[0]].text)
        if len(best) == 1
        else word("deck_cmp_plain", loc)
    )
    others = list(range(1, len(cr.scenarios)))
    step = SCENARIOS_PER_SLIDE - 1
    groups = [[0, *others[i : i + step]] for i in range(0, len(others), step)] or [[0]]
    longest = max(cr.scenarios, key=lambda s: s.months)
    months = next(e.projection.months for e in c.entries if e.key == longest.key)
    same_start = len({e.projection.months[0] for e in c.entries}) == 1
    categories = (
        tuple(fmt.label(m) for m in months) if same_start else _month_numbers(longest.months)
    )
    dates = tuple(dt.date(int(m[:4]), int(m[5:7]), 1) for m in months) if same_start else ()
    number_format = _money_format(fmt) if len(c.currencies) == 1 else "#,##0"
    slides = []
    for n, group in enumerate(groups, start=1):
        header = (cr.text["cmp_scenario"], *(word(CMP_FIGURES[i], loc) for i in CMP_FIGURES))
        body = tuple(
            (cr.scenarios[k].label, *(rows[i].values[k].text for i in CMP_FIGURES)) for k in group
        )
        table = Table(
            Box(LEFT, BODY_TOP, 6.3, 0.55 * (len(body) + 1)),
            header,
            body,
            (0.32, 0.2, 0.16, 0.16, 0.16),
            size=11,
            strong=frozenset({0}),
        )
        series = tuple(
            Series(
                cash[k].label,
                tuple(float(v) for v in cash[k].values),
                NAVY if k == 0 else _palette(k - 1),
                width=3.0 if k == 0 else 1.75,
                dash=k > 10,
            )
            for k in group
        )
        chart = Chart(
            Box(7.1, BODY_TOP - 0.1, W - 7.1 - 0.4, BODY_H + 0.1),
            "line",
            cr.chart("cash").title,
            categories,
            series,
            number_format,
            dates=dates,
            date_format=i18n.date_format(loc),
            x_title="" if same_start else word("cmp_projection_month", loc),
        )
        part = f" ({n}/{len(groups)})" if len(groups) > 1 else ""
        note = word("deck_cmp_note", loc) + (
            f" {cr.currency_warning}" if cr.currency_warning else ""
        )
        slides.append(Slide(f"compare{n}", title + part, (table, chart), note))
    return slides


def _month_numbers(months: int) -> tuple[str, ...]:
    """Projection months 1, 2, 3... as category labels, every few written and the others
    blank: LibreOffice does not skip the labels of a text axis, so the blanks do it."""
    skip = _tick_skip(months)
    return tuple(str(m) if (m - 1) % skip == 0 else "" for m in range(1, months + 1))


def _palette(index: int) -> str:
    from projector.writers.charts import series_style

    return series_style(index)[0].lstrip("#").upper()


# --- Drawing with python-pptx --------------------------------------------------------------


def write(deck: Deck) -> bytes:
    """The deck as a .pptx file: byte-identical for the same deck."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(W), Inches(H)
    stamp = dt.datetime.combine(deck.generated, dt.time(12))
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = deck.name, "projector", "projector"
    props.created = props.modified = stamp
    props.revision = 1
    blank = prs.slide_layouts[6]
    total = len(deck.slides)
    for n, spec in enumerate(deck.slides, start=1):
        slide = prs.slides.add_slide(blank)
        _draw_slide(slide, spec, deck, n, total)
        _language(slide, locale_of(deck.locale).language_tag)
    out = io.BytesIO()
    prs.save(out)
    return _fixed_dates(out.getvalue(), stamp)


def _language(slide: Any, lang: str) -> None:
    """Tag the slide's text and its charts with the plan's language: spell-checkers follow
    it, and so do the separators of chart axes (`250 000 €` in French)."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    for tag in ("a:rPr", "a:endParaRPr", "a:defRPr"):
        for element in slide._element.iter(qn(tag)):
            element.set("lang", lang)
    for shape in slide.shapes:
        if not shape.has_chart:
            continue
        space = shape.chart._chartSpace
        for tag in ("a:rPr", "a:endParaRPr", "a:defRPr"):
            for element in space.iter(qn(tag)):
                element.set("lang", lang)
        first = space.find(qn("c:date1904"))
        element = parse_xml(f'<c:lang {nsdecls("c")} val="{lang}"/>')
        if first is not None:
            first.addnext(element)
        else:
            space.insert(0, element)


def _fixed_dates(blob: bytes, stamp: dt.datetime) -> bytes:
    """The zip again with every member dated `stamp`: zip entries otherwise carry the time
    they were written, and the same scenario must give the same file."""
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _draw_slide(slide: Any, spec: Slide, deck: Deck, n: int, total: int) -> None:
    if spec.title:
        _text(
            slide,
            Text(Box(LEFT, 0.2, WIDTH, 1.0), (Para(spec.title, 26, True, NAVY),)),
            anchor="bottom",
        )
        _rect(slide, Box(LEFT, 1.3, 0.9, 0.05), ORANGE)
    for part in spec.parts:
        DRAW[type(part)](slide, part)
    if spec.note:
        _text(slide, Text(Box(LEFT, 6.62, WIDTH - 1.4, 0.5), (Para(spec.note, 10, color=GREY),)))
    footer = deck.name if len(deck.name) <= 70 else deck.name[:69].rstrip() + "…"
    if n > 1:
        _text(slide, Text(Box(LEFT, 7.12, 9.0, 0.3), (Para(footer, 9, color=GREY),)))
    _text(
        slide,
        Text(
            Box(W - 1.8, 7.12, 1.2, 0.3),
            (Para(word("deck_page", deck.locale, n=n, total=total), 9, color=GREY),),
        ),
        align="right",
    )


def _rgb(hex_color: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_color)


def _rect(slide: Any, box: Box, color: str) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h)
    )
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(color)
    shape.line.fill.background()


def _font(font: Any, size: float, bold: bool = False, color: str = INK) -> None:
    from pptx.util import Pt

    font.name, font.size, font.bold = FONT, Pt(size), bold
    font.color.rgb = _rgb(color)


def _text(slide: Any, spec: Text, anchor: str = "top", align: str = "left") -> None:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Inches, Pt

    b = spec.box
    shape = slide.shapes.add_textbox(Inches(b.x), Inches(b.y), Inches(b.w), Inches(b.h))
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if anchor == "bottom" else MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    for i, para in enumerate(spec.paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.text = para.text
        p.alignment = PP_ALIGN.RIGHT if align == "right" else PP_ALIGN.LEFT
        p.space_after = Pt(para.space_after)
        _font(p.runs[0].font if p.runs else p.font, para.size, para.bold, para.color)


def _big(slide: Any, spec: Big) -> None:
    b = spec.box
    _text(slide, Text(Box(b.x, b.y, b.w, 0.45), (Para(spec.label, 16, True, BLUE),)))
    _rect(slide, Box(b.x, b.y + 0.5, b.w, 0.03), LIGHT_BLUE)
    size = 40 if len(spec.value) <= 10 else 32 if len(spec.value) <= 13 else 26
    _text(slide, Text(Box(b.x, b.y + 0.65, b.w, 0.95), (Para(spec.value, size, True, NAVY),)))
    _text(slide, Text(Box(b.x, b.y + 1.7, b.w, b.h - 1.7), (Para(spec.note, 14, color=INK),)))


CHAR_WIDTH = 0.56  # a digit's width in Calibri, in ems: enough to size a column's text
MIN_SIZE = 8.0  # points: the smallest a table's figures may shrink to


def _column_sizes(spec: Table, cells: Sequence[Sequence[str]], align: str) -> list[float]:
    """Each column's text size: the figures (right-aligned columns) all at the largest size
    at which the longest of them fits on one line ("1 061 210 €" must never break before
    its "€"), alike so the table reads as one; left columns keep the table's size and wrap."""
    fits = [spec.size]
    for j, share in enumerate(spec.widths):
        room = spec.box.w * share - 0.12  # inches, less the cell's margins
        longest = max((len(row[j]) for row in cells[1 if spec.header else 0 :]), default=0)
        if align[j] == "r" and longest:
            fits.append(room * 72 / (CHAR_WIDTH * longest))
    figures = max(MIN_SIZE, math.floor(min(fits) * 2) / 2)  # half points, never above the fit
    return [figures if a == "r" else spec.size for a in align]


def _table(slide: Any, spec: Table) -> None:
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches

    b = spec.box
    header = 1 if spec.header else 0
    n_rows, n_cols = len(spec.rows) + header, len(spec.widths)
    shape = slide.shapes.add_table(
        n_rows, n_cols, Inches(b.x), Inches(b.y), Inches(b.w), Inches(b.h)
    )
    table = shape.table
    table.first_row = bool(header)
    table.horz_banding = False
    for j, share in enumerate(spec.widths):
        table.columns[j].width = Inches(b.w * share)
    for i in range(n_rows):
        table.rows[i].height = Inches(b.h / n_rows)
    align = spec.align or "l" + "r" * (n_cols - 1)
    cells = ([spec.header] if header else []) + list(spec.rows)
    fits = _column_sizes(spec, cells, align)
    for i, row in enumerate(cells):
        body_row = i - header
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            is_head = header and i == 0
            cell.fill.fore_color.rgb = _rgb(
                NAVY if is_head else "F2F4F8" if body_row % 2 else "FFFFFF"
            )
            frame = cell.text_frame
            frame.word_wrap = True
            p = frame.paragraphs[0]
            p.text = value
            p.alignment = PP_ALIGN.RIGHT if align[j] == "r" else PP_ALIGN.LEFT
            color = "FFFFFF" if is_head else spec.colors.get((body_row, j), INK)
            bold = bool(is_head) or body_row in spec.strong
            size = spec.size - (2 if j == n_cols - 1 and align[j] == "l" and n_cols > 5 else 0)
            size = size if is_head else min(size, fits[j])  # headers keep the table's size
            _font(p.runs[0].font if p.runs else p.font, size, bold, color)


@dataclass(frozen=True)
class _ChartKind:
    chart_type: str  # the name of the XL_CHART_TYPE member
    style: Callable[[Any, Chart], None]


def _chart(slide: Any, spec: Chart) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    data = _text_only_data(CategoryChartData)()
    data.categories = spec.dates or spec.categories
    for s in (*spec.series, *spec.lines):
        data.add_series(s.name, s.values)
    kind = CHARTS[spec.kind]
    b = spec.box
    frame = slide.shapes.add_chart(
        getattr(XL_CHART_TYPE, kind.chart_type),
        Inches(b.x),
        Inches(b.y),
        Inches(b.w),
        Inches(b.h),
        data,
    )
    chart = frame.chart
    chart.font.name, chart.font.size = FONT, Pt(11)
    chart.font.color.rgb = _rgb(INK)
    chart.has_title = True
    chart.chart_title.text_frame.text = spec.title
    _font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True, NAVY)
    chart.has_legend = spec.legend
    if spec.legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(11)
    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = spec.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb("E3E3E3")
    value_axis.format.line.fill.background()
    kind.style(chart, spec)
    plot = chart.plots[0]
    for series, s in zip(plot.series, spec.series, strict=False):
        _paint(series, s, spec.kind)


def _paint(series: Any, s: Series, kind: str) -> None:
    from pptx.util import Pt

    if kind == "line":
        series.format.line.color.rgb = _rgb(s.color)
        series.format.line.width = Pt(s.width)
        series.smooth = False
        if s.dash:
            from pptx.enum.dml import MSO_LINE_DASH_STYLE

            series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        return
    if not s.color:  # the waterfall's invisible base
        series.format.fill.background()
        series.format.line.fill.background()
        return
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(s.color)
    series.invert_if_negative = False
    if s.labels:
        labels = series.data_labels
        labels.show_value = True
        labels.number_format = s.number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(10)


def _text_only_data(base: type) -> type:
    """Chart data whose embedded workbook writes text as text: a series named `=A1`
    (a scenario's name, say) stays those characters, never a formula or a link."""
    from contextlib import contextmanager

    from pptx.chart.xlsx import CategoryWorkbookWriter
    from xlsxwriter import Workbook

    class TextWriter(CategoryWorkbookWriter):
        @contextmanager
        def _open_worksheet(self, xlsx_file: Any) -> Iterator[tuple[Any, Any]]:
            options = {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            }
            workbook = Workbook(xlsx_file, options)
            workbook.set_properties({"created": dt.datetime(2000, 1, 1, tzinfo=dt.UTC)})
            worksheet = workbook.add_worksheet()
            yield workbook, worksheet
            workbook.close()

    class TextData(base):
        @property
        def _workbook_writer(self) -> Any:
            return TextWriter(self)

    return TextData


def _time_style(chart: Any, spec: Chart) -> None:
    """Months along the bottom, labelled every few months (every app honours a date axis's
    major unit; LibreOffice ignores the label skip of a text axis)."""
    from pptx.enum.chart import XL_TICK_LABEL_POSITION
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    axis = chart.category_axis
    axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    axis.format.line.color.rgb = _rgb("9A9A9A")
    skip = _tick_skip(len(spec.categories))
    if spec.x_title:
        axis.has_title = True
        axis.axis_title.text_frame.text = spec.x_title
        _font(axis.axis_title.text_frame.paragraphs[0].runs[0].font, 11, False, INK)
    if not spec.dates:  # labels already blank between ticks (_month_numbers)
        return
    axis.tick_labels.number_format = spec.date_format
    axis.tick_labels.number_format_is_linked = False
    element = axis._element
    element.find(qn("c:baseTimeUnit")).set("val", "months")
    element.find(qn("c:baseTimeUnit")).addnext(
        parse_xml(f'<c:majorUnit {nsdecls("c")} val="{skip}"/>')
    )
    element.find(qn("c:majorUnit")).addnext(
        parse_xml(f'<c:majorTimeUnit {nsdecls("c")} val="months"/>')
    )


def _line_style(chart: Any, spec: Chart) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION, XL_MARKER_STYLE

    _time_style(chart, spec)
    for series in chart.plots[0].series:
        series.marker.style = XL_MARKER_STYLE.NONE
    if spec.point is None:
        return
    index, label = spec.point
    point = chart.plots[0].series[0].points[index]
    point.marker.style = XL_MARKER_STYLE.CIRCLE
    point.marker.size = 8
    point.marker.format.fill.solid()
    point.marker.format.fill.fore_color.rgb = _rgb(RED)
    point.marker.format.line.color.rgb = _rgb(RED)
    point.data_label.has_text_frame = True
    point.data_label.text_frame.text = label
    point.data_label.position = XL_LABEL_POSITION.BELOW
    _font(point.data_label.text_frame.paragraphs[0].runs[0].font, 11, True, RED)


def _stacked_style(chart: Any, spec: Chart) -> None:
    _time_style(chart, spec)
    chart.plots[0].gap_width = 30
    chart.plots[0].overlap = 100


def _bars_style(chart: Any, spec: Chart) -> None:
    """Horizontal bars, the first category on top, its labels clear of the bars."""
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    axis = chart.category_axis
    axis.reverse_order = True
    axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    axis.format.line.color.rgb = _rgb("9A9A9A")
    axis.major_tick_mark = axis.minor_tick_mark = 2  # XL_TICK_MARK.NONE
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.overlap = 100


@dataclass(frozen=True)
class Scale:
    """A value axis: from `low` to `high` in steps of `step`."""

    low: float
    high: float
    step: float


def nice_step(span: float, intervals: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) cutting `span` in about
    `intervals` parts."""
    if span <= 0:
        return 1.0
    raw = span / intervals
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def shared_zero(left: Sequence[float | None], right: Sequence[float | None]) -> tuple[Scale, Scale]:
    """Two value axes whose zeros sit on the same gridline: each keeps its own round step,
    and both get as many steps below zero and above it as the one that needs most.

    Without this a chart of amounts (left) and margins (right) puts 0 % beside, say,
    250 000 €, and a negative margin looks positive."""
    steps, below, above = [], [], []
    for values in (left, right):
        known = [v for v in values if v is not None and math.isfinite(v)] or [0.0]
        low, high = min(0.0, *known), max(0.0, *known)
        step = nice_step(high - low)
        steps.append(step)
        below.append(math.ceil(-low / step - 1e-9))
        above.append(math.ceil(high / step - 1e-9))
    n_below, n_above = max(below), max(max(above), 1)
    a, b = (Scale(-n_below * s, n_above * s, s) for s in steps)
    return a, b


def _combo_style(chart: Any, spec: Chart) -> None:
    """Columns of amounts, and the margins as lines on a % axis at the right."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    chart.plots[0].gap_width = 60
    chart.plots[0].overlap = -10
    plot_area = chart._chartSpace.chart.plotArea
    bar = plot_area.find(qn("c:barChart"))
    moved = bar.findall(qn("c:ser"))[len(spec.series) :]
    line = parse_xml(
        f'<c:lineChart {nsdecls("c")}><c:grouping val="standard"/><c:varyColors val="0"/>'
        '<c:marker val="1"/><c:axId val="50001"/><c:axId val="50002"/></c:lineChart>'
    )
    for k, ser in enumerate(moved):
        bar.remove(ser)
        for tag in ("c:invertIfNegative", "c:spPr"):
            for old in ser.findall(qn(tag)):
                ser.remove(old)
        s = spec.lines[k]
        color = f'<a:solidFill><a:srgbClr val="{s.color}"/></a:solidFill>'
        ser.find(qn("c:tx")).addnext(
            parse_xml(
                f'<c:spPr {nsdecls("c", "a")}><a:ln w="{int(s.width * 12700)}">'
                f"{color}</a:ln></c:spPr>"
            )
        )
        ser.find(qn("c:spPr")).addnext(
            parse_xml(
                f'<c:marker {nsdecls("c", "a")}><c:symbol val="circle"/><c:size val="6"/>'
                f"<c:spPr>{color}<a:ln>{color}</a:ln></c:spPr></c:marker>"
            )
        )
        ser.append(parse_xml(f'<c:smooth {nsdecls("c")} val="0"/>'))
        line.insert(2 + k, ser)
    bar.addnext(line)
    left, right = shared_zero(
        [v for s in spec.series for v in s.values], [v for s in spec.lines for v in s.values]
    )
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = left.low, left.high
    chart.value_axis.major_unit = left.step
    axes = plot_area.findall(qn("c:valAx"))[-1]
    axes.addnext(
        parse_xml(
            f'<c:valAx {nsdecls("c")}><c:axId val="50002"/><c:scaling><c:orientation val="minMax"/>'
            f'<c:max val="{right.high!r}"/><c:min val="{right.low!r}"/>'
            '</c:scaling><c:delete val="0"/><c:axPos val="r"/>'
            f'<c:numFmt formatCode="{spec.line_format}" sourceLinked="0"/>'
            '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            '<c:crossAx val="50001"/><c:crosses val="max"/><c:crossBetween val="between"/>'
            f'<c:majorUnit val="{right.step!r}"/></c:valAx>'
        )
    )
    axes.addnext(
        parse_xml(
            f'<c:catAx {nsdecls("c")}><c:axId val="50001"/><c:scaling><c:orientation val="minMax"/>'
            '</c:scaling><c:delete val="1"/><c:axPos val="b"/><c:majorTickMark val="none"/>'
            '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="50002"/>'
            '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
            '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        )
    )
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW


CHARTS: dict[str, _ChartKind] = {
    "line": _ChartKind("LINE", _line_style),
    "stacked": _ChartKind("COLUMN_STACKED", _stacked_style),
    "combo": _ChartKind("COLUMN_CLUSTERED", _combo_style),
    "waterfall": _ChartKind("BAR_STACKED", _bars_style),
    "tornado": _ChartKind("BAR_CLUSTERED", _bars_style),
}

DRAW: dict[type, Callable[[Any, Any], None]] = {
    Band: lambda slide, band: _rect(slide, band.box, band.color),
    Text: _text,
    Big: _big,
    Table: _table,
    Chart: _chart,
}


# --- Entry points ----------------------------------------------------------------------------


def for_run(r: present_report.Report, p: Projection, generated: dt.date) -> bytes:
    """The deck of `projector run --deck`: the plan's slides."""
    from projector.analysis.sensitivity import declared_tornado, tornado

    bars = declared_tornado(p.scenario) if p.scenario.uncertainty.inputs else tornado(p.scenario)
    return write(build(r, p, bars, generated))


def for_compare(
    r: present_report.Report,
    cr: present_compare.CompareReport,
    c: compare.Comparison,
    generated: dt.date,
) -> bytes:
    """The deck of `projector compare --deck`: the base's slides, then the comparison."""
    from projector.analysis.sensitivity import declared_tornado, tornado

    base = c.base.projection
    declared = base.scenario.uncertainty.inputs
    bars = declared_tornado(base.scenario) if declared else tornado(base.scenario)
    deck = build(r, base, bars, generated)
    slides = (*deck.slides, *compare_slides(cr, c))
    return write(Deck(deck.name, generated, deck.locale, slides))
