"""The plan report's context: what a founder puts in a business plan or sends to an investor.

`build` gathers everything the report shows from a finished projection and its
KPI results: every number comes from the engine (summary items, monthly and
annual lines, or a formula evaluated by `evaluate_scalar`), never recomputed
here.  The context is plain data, words in the scenario's locale, numbers raw
with the kind they are written as, and one chart spec per chart: no HTML and no
drawing.  The writers lay it out: `projector.writers.report` as HTML and
Markdown, `projector.writers.deck` as slides, both drawing the same chart specs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from projector import scenario as sc
from projector.analysis import plausibility
from projector.locale import catalogue, i18n
from projector.locale.words import GLOSSARY, MONTHS, NBSP, word
from projector.model import (
    MONTHS_PER_YEAR,
    Projection,
    evaluate_scalar,
    healthy_ltv_to_cac,
    per_order_costs,
    year_of_month,
)
from projector.model.facts import ReportTable
from projector.model.formula import Expr, Input, Item, SafeDiv
from projector.model.kpis import (
    MONEY_FORMATS,
    STATUS,
    Against,
    Choice,
    KpiResult,
    Within,
    is_assumption,
    load_benchmarks,
    rule,
)
from projector.model.lines import shown_in
from projector.present import risk as present_risk
from projector.present.charts import Axis, ChartSpec, Marker, Series, Step
from projector.present.numbers import INPUT_KIND, Formatter

YEARS_PER_TABLE = 6  # annual columns that fit the width of an A4 or Letter page

# Where the PDF goes to a reader who prints on Letter; everyone else prints on A4.
LETTER_CURRENCIES = i18n.LETTER_CURRENCIES

# The annual tables, each under its title's word; each line says where it sits (Line.report).
ANNUAL = (
    ("activity", ReportTable.ACTIVITY),
    ("pnl", ReportTable.PNL),
    ("cash_flow", ReportTable.CASH_FLOW),
)

_UP, _GROSS = ("orders", "upsell"), Item("gross_per_order")

# The per-order waterfall: the model's own margin_per_order deductions, one at a time.
PER_ORDER: tuple[tuple[str, str, Expr], ...] = (
    ("aov", "start", Input(("orders", "aov"))),
    ("upsell_sales", "change", Input((*_UP, "take_rate")) * Input((*_UP, "price"))),
    ("gross_per_order", "total", _GROSS),
    *((line_id, "change", -cost) for line_id, cost in per_order_costs()),
    ("margin_per_order", "total", Item("margin_per_order")),
)


# --- The report's context ---------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A headline figure: the engine's value, how to write it, and a short note."""

    id: str
    label: str
    value: float | None
    kind: str
    note: str = ""
    missing: str = ""  # what to say when the value is null


@dataclass(frozen=True)
class Row:
    """A line of a table over years (or periods): the engine's values for each column."""

    id: str
    label: str
    kind: str
    values: tuple[float | None, ...]
    strong: bool = False


@dataclass(frozen=True)
class Column:
    id: str  # the year number, or the line id of a column of lines
    label: str
    note: str  # "6 months" for a partial last year, else ""


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class UnitStep:
    id: str
    label: str
    kind: str  # start | change | total
    value: float
    share: float  # of gross sales per order


@dataclass(frozen=True)
class KpiRow:
    id: str
    label: str
    kind: str
    value: float | None
    low: float
    typical: float
    high: float
    better: str
    status: str  # weak | ok | strong | optimistic | unjudged | na
    status_text: str
    source: str
    weak_at: str  # where the weak zone starts, with its direction: `< $15.00`, `> $60.00`
    typical_at: str
    strong_at: str  # where the strong zone starts: `≥ $50.00`, `≤ $20.00`; a dash for a range


@dataclass(frozen=True)
class Cell:
    value: Any
    kind: str


@dataclass(frozen=True)
class Param:
    key: str  # the human label
    doc: str
    cell: Cell
    path: str = ""  # the scenario path, a small secondary reference


@dataclass(frozen=True)
class Group:
    """One block of the assumptions appendix: key/value rows, or a table of items."""

    title: str
    doc: str
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    is_table: bool = False
    path: str = ""  # the scenario path of the section or list


@dataclass(frozen=True)
class Funding:
    """The funding ask: how much, when, what for, what the plan already has, how long it lasts."""

    ask: str
    uses_title: str
    uses: tuple[Figure, ...]
    sources_title: str
    sources: tuple[Figure, ...]
    runway: str


@dataclass(frozen=True)
class Report:
    """Everything the templates show, numbers raw, words in the scenario's locale."""

    locale: str
    text: Mapping[str, str]  # every word of the language by catalogue id: the templates' `t`
    name: str
    horizon: str
    currency: str
    benchmarks: str
    generated: str
    paper: str  # what the PDF prints on: A4 or letter
    verdict: str
    headline: tuple[Figure, ...]
    by_year: Table
    annual: tuple[Table, ...]
    balance: tuple[Table, ...]
    balance_note: str
    funding: Funding
    unit: tuple[UnitStep, ...]
    charts: tuple[ChartSpec, ...]  # what every writer draws, series and all
    kpis: tuple[KpiRow, ...]
    kpi_note: str
    warnings: tuple[str, ...]
    assumptions: tuple[Group, ...]
    formatter: Formatter
    risk: present_risk.RiskSection | None = None  # with declared uncertainty
    glossary: tuple[tuple[str, str], ...] = ()  # (term, plain meaning)

    def chart(self, chart_id: str) -> ChartSpec:
        return next(c for c in self.charts if c.id == chart_id)


# --- Building the context -----------------------------------------------------------------


def build(
    p: Projection, results: Sequence[KpiResult], *, chart_prefix: str, generated: dt.date
) -> Report:
    """The report of one projection; its charts' files are named `<chart_prefix><id>.svg`."""
    meta = p.scenario.scenario
    loc = meta.locale
    fmt = Formatter(loc, meta.currency, tuple(p.months))
    unit = _unit(p)
    warnings = _warnings(p, results, fmt)
    return Report(
        locale=loc,
        text=catalogue.words(loc),
        name=meta.name,
        horizon=word(
            "horizon_value",
            loc,
            first=fmt.label(p.months[0]),
            last=fmt.label(p.months[-1]),
            months=meta.months,
        ),
        currency=word("currency_value", loc, code=meta.currency),
        benchmarks=_benchmark_label(meta.industry, loc),
        generated=fmt.date(generated),
        paper="letter" if meta.currency in LETTER_CURRENCIES else "A4",
        verdict=_verdict(p, fmt, len(warnings)),
        headline=_headline(p, fmt),
        by_year=_by_year(p, fmt),
        annual=_annual(p),
        balance=_balance(p),
        balance_note=_balance_note(p, fmt),
        funding=_funding(p, fmt),
        unit=unit,
        charts=_charts(p, fmt, unit, chart_prefix),
        kpis=tuple(_kpi_row(r, fmt) for r in results),
        kpi_note=word("kpis_note", loc, label=_benchmark_label(meta.industry, loc))
        if meta.industry
        else i18n.text("no_industry", loc),
        warnings=warnings,
        assumptions=_assumptions(p.scenario),
        formatter=fmt,
        risk=_risk(p, fmt, chart_prefix),
        glossary=GLOSSARY[loc],
    )


def _risk(p: Projection, fmt: Formatter, prefix: str) -> present_risk.RiskSection | None:
    """The Risk section when the scenario declares uncertainty (projector.present.risk)."""
    if p.risk is None:
        return None
    return present_risk.build(p, fmt, time_axis(p, fmt), prefix)


def _benchmark_label(industry: str | None, locale: str) -> str:
    if not industry:
        return "—"
    return load_benchmarks(industry)[0][locale]


def _label(p: Projection, item_id: str) -> str:
    """The model's own label of a line or summary item, in the scenario's locale."""
    loc = p.scenario.scenario.locale
    labels = {x.id: x.label for x in p.lines} | {x.id: x.label for x in p.summary_items}
    if item_id in labels:
        return labels[item_id][loc]
    raise KeyError(item_id)


def _headline(p: Projection, fmt: Formatter) -> tuple[Figure, ...]:
    s, loc = p.summary, fmt.locale
    low = word("lowest_cash", loc, cash=fmt.money(s["min_cash"]), when=fmt.cal(s["min_cash_month"]))
    basis = word("y1_basis", loc)
    return (
        Figure(
            "break_even_month",
            word("break_even", loc),
            s["break_even_month"],
            "Month",
            fmt.cal(s["break_even_month"]) if s["break_even_month"] else "",
            word("not_within", loc),
        ),
        Figure(
            "first_profitable_month",
            word("first_profitable", loc),
            s["first_profitable_month"],
            "Month",
            fmt.cal(s["first_profitable_month"]) if s["first_profitable_month"] else "",
            word("never", loc),
        ),
        Figure(
            "break_even_ttm_month",
            word("break_even_ttm", loc),
            s["break_even_ttm_month"],
            "Month",
            fmt.cal(s["break_even_ttm_month"])
            if s["break_even_ttm_month"]
            else word("ttm_note", loc),
            word("not_within", loc),
        ),
        Figure(
            "funding_need",
            word("funding_need", loc),
            s["funding_need"] or None,  # 0: "none beyond the plan"
            "money",
            low,
            word("funded_by_plan", loc),
        ),
        Figure(
            "cash_out_month",
            word("cash_out", loc),
            s["cash_out_month"],
            "Month",
            fmt.cal(s["cash_out_month"]) if s["cash_out_month"] else "",
            word("never", loc),
        ),
        Figure(
            "ending_cash",
            word("ending_cash", loc),
            s["ending_cash"],
            "money",
            word("ending_when", loc, when=fmt.label(p.months[-1])),
        ),
        Figure(
            "clv",
            word("clv", loc),
            s["clv"],
            "money2",
            word("clv_note", loc, orders=fmt.show(s["expected_orders_per_customer"], "number")),
        ),
        Figure("cac_y1", word("cac_y1", loc), s["cac_y1"], "money2"),
        Figure(
            "ltv_to_cac", word("ltv_to_cac", loc), s["ltv_to_cac"], "ratio", word("ltv_note", loc)
        ),
        Figure(
            "cac_payback_orders",
            word("cac_payback", loc),
            s["cac_payback_orders"],
            "orders",
            word("cac_payback_note", loc),
            i18n.text("null", loc),
        ),
        *_debt_cover(p, fmt),
        Figure(
            "margin_per_order",
            word("margin_per_order", loc),
            s["margin_per_order"],
            "money2",
            word("margin_note", loc, gross=fmt.money(s["gross_per_order"], 2)),
        ),
        Figure(
            "break_even_orders_y1",
            word("be_orders", loc),
            s["break_even_orders_y1"],
            "count",
            basis,
        ),
        Figure(
            "break_even_revenue_y1",
            word("be_revenue", loc),
            s["break_even_revenue_y1"],
            "money",
            basis,
        ),
    )


def _debt_cover(p: Projection, fmt: Formatter) -> tuple[Figure, ...]:
    """The lowest debt-service cover, only when the plan has debt service to cover."""
    cover = p.summary["min_dscr"]
    if cover is None:
        return ()
    loc = fmt.locale
    return (Figure("min_dscr", word("min_dscr", loc), cover, "ratio", word("dscr_note", loc)),)


def _balance(p: Projection) -> tuple[Table, ...]:
    """The balance sheet at each year end, in tables of at most YEARS_PER_TABLE years."""
    loc, cols = p.scenario.scenario.locale, _columns(p)
    return tuple(
        Table(
            word("balance_sheet", loc),
            cols[k : k + YEARS_PER_TABLE],
            _rows(p, ReportTable.BALANCE_SHEET, slice(k, k + YEARS_PER_TABLE)),
        )
        for k in range(0, len(cols), YEARS_PER_TABLE)
    )


def _balance_note(p: Projection, fmt: Formatter) -> str:
    """Whether assets equal liabilities plus equity in every month, within the model's
    tolerance (docs/model.md)."""
    m = p.monthly
    gap = np.abs(m["balance_check"])
    size = np.maximum.reduce(
        [abs(m["total_assets"]), abs(m["total_liabilities"]), abs(m["total_equity"])]
    )
    off = int(np.count_nonzero(gap > np.maximum(1e-6, 1e-9 * size)))
    shown = fmt.money(float(gap.max()), 2)
    if off:
        return word("unbalanced", fmt.locale, n=off, gap=shown)
    return word("balances", fmt.locale, gap=shown)


def _funding(p: Projection, fmt: Formatter) -> Funding:
    """The funding ask from the summary's runway figures and the plan's own sources."""
    s, loc, months = p.summary, fmt.locale, p.scenario.scenario.months
    low_cal, end_cal = fmt.cal(s["min_cash_month"]), fmt.label(p.months[-1])
    out = s["cash_out_month"]
    if s["funding_need"]:
        ask = word(
            "ask_need",
            loc,
            need=fmt.money(s["funding_need"]),
            out_cal=fmt.cal(out),
            low_cal=low_cal,
        )
    else:
        ask = word("ask_none", loc, low=fmt.money(s["min_cash"]), low_cal=low_cal)
    uses = tuple(
        Figure(k, word(k, loc), s[k], "money")
        for k in ("use_operating", "use_capex", "use_debt_service")
    )
    sources = (
        Figure("starting_cash", word("src_start", loc), float(p.opening["cash"]), "money"),
        Figure("equity_in", word("src_equity", loc), float(p.monthly["equity_in"].sum()), "money"),
        Figure("loan_draws", word("src_loans", loc), float(p.monthly["loan_draws"].sum()), "money"),
    )
    if out is None:
        runway = word("runway_full", loc, end_cal=end_cal)
    else:
        runway = word(
            "runway_short",
            loc,
            runway=int(out) - 1,
            out_cal=fmt.cal(out),
            need=fmt.money(s["funding_need"]),
            end_cal=end_cal,
            more=months - int(out) + 1,
        )
    return Funding(
        ask,
        word("ask_uses", loc, low_cal=low_cal),
        uses,
        word("ask_sources", loc),
        sources,
        runway,
    )


def _columns(p: Projection) -> tuple[Column, ...]:
    """Year headers; a partial last year says how many months it holds."""
    loc = p.scenario.scenario.locale
    year = year_of_month(p.scenario.scenario.months)
    out = []
    for y in p.years:
        months = int(np.count_nonzero(year == y))
        note = word("partial_year", loc, n=months) if months < MONTHS_PER_YEAR else ""
        out.append(Column(str(y), word("year", loc, n=y), note))
    return tuple(out)


def table_ids(p: Projection, table: ReportTable) -> tuple[str, ...]:
    """The lines a report table shows, in order: each line declares its place (Line.report)."""
    return tuple(x.id for x in shown_in(p.lines, table))


def _rows(p: Projection, table: ReportTable, years: slice = slice(None)) -> tuple[Row, ...]:
    """A table's rows: each line it shows, with its annual values over `years`."""
    return tuple(
        Row(
            x.id,
            _label(p, x.id),
            x.fmt,
            tuple(float(v) for v in p.annual[x.id][years]),
            x.emphasis,
        )
        for x in shown_in(p.lines, table)
    )


def _by_year(p: Projection, fmt: Formatter) -> Table:
    """The lines placed in ReportTable.YEARS (revenue, EBITDA, net income) for every year,
    years down the side."""
    cols = _columns(p)
    ids = table_ids(p, ReportTable.YEARS)
    rows = tuple(
        Row(
            c.id,
            c.label + (f" ({c.note})" if c.note else ""),
            "money",
            tuple(float(p.annual[i][k]) for i in ids),
        )
        for k, c in enumerate(cols)
    )
    heads = tuple(Column(i, _label(p, i), "") for i in ids)
    return Table(i18n.text("year", fmt.locale), heads, rows)


def _annual(p: Projection) -> tuple[Table, ...]:
    """The annual P&L and cash flow, split into tables of at most YEARS_PER_TABLE years."""
    loc = p.scenario.scenario.locale
    cols = _columns(p)
    tables = []
    for start in range(0, len(cols), YEARS_PER_TABLE):
        part = slice(start, start + YEARS_PER_TABLE)
        for title, table in ANNUAL:
            tables.append(Table(word(title, loc), cols[part], _rows(p, table, part)))
    return tuple(tables)


def _unit(p: Projection) -> tuple[UnitStep, ...]:
    """Per-order economics, each term evaluated by the engine; they add up to the margin."""
    steps = []
    for item_id, kind, expr in PER_ORDER:
        value = evaluate_scalar(p, expr)
        share = evaluate_scalar(p, SafeDiv(expr, _GROSS))
        steps.append(UnitStep(item_id, _label(p, item_id), kind, value or 0.0, share or 0.0))
    return tuple(steps)


def time_axis(p: Projection, fmt: Formatter) -> Axis:
    """Few enough ticks to read: Januaries (and Julys up to 3 years), months on short plans."""
    months = p.months
    picks: Sequence[int]
    if len(months) <= 18:
        picks = range(0, len(months), 1 if len(months) <= 6 else 3)
    else:
        every = {1, 7} if len(months) <= 36 else {1}
        picks = [i for i, m in enumerate(months) if int(m[5:]) in every]
        step = max(1, len(picks) // 10 + (len(picks) % 10 > 0))
        picks = picks[::step]
    return Axis(len(months), tuple((i, fmt.label(months[i])) for i in picks))


def chart_series(p: Projection, fmt: Formatter) -> dict[str, tuple[Series, ...]]:
    """The engine's monthly lines each time chart draws, gathered once for every writer.

    The report's SVG charts and the deck's native charts both draw these, so the
    two can never show different numbers.
    """
    loc, m = fmt.locale, p.monthly
    return {
        "revenue_costs": (
            Series(_label(p, "net_revenue"), m["net_revenue"]),
            Series(_label(p, "total_costs"), m["total_costs"]),
        ),
        "ebitda": (Series(_label(p, "ebitda"), m["ebitda"]),),
        "cash": (Series(_label(p, "cash"), m["cash"]),),
        "orders": (
            Series(word("new_orders", loc), m["new_customers"]),
            Series(word("repeat_orders", loc), m["repeat_orders"]),
        ),
    }


def _charts(
    p: Projection, fmt: Formatter, unit: Sequence[UnitStep], prefix: str
) -> tuple[ChartSpec, ...]:
    """The report's charts as specs: the monthly series of `chart_series`, the per-order
    steps, and the months they single out (break-even, the lowest cash)."""
    loc, s = fmt.locale, p.summary
    axis, series = time_axis(p, fmt), chart_series(p, fmt)
    be = s["break_even_month"]
    low = int(s["min_cash_month"] or 1) - 1

    def spec(cid: str, title: str, value_kind: str, **more: Any) -> ChartSpec:
        return ChartSpec(cid, cid, word(title, loc), f"{prefix}{cid}.svg", value_kind, **more)

    return (
        spec("revenue_costs", "chart_revenue", "money", axis=axis, series=series["revenue_costs"]),
        spec(
            "ebitda",
            "chart_ebitda",
            "money",
            axis=axis,
            series=series["ebitda"],
            markers=(Marker(int(be) - 1, word("be_marker", loc)),) if be else (),
        ),
        spec(
            "cash",
            "chart_cash",
            "money",
            axis=axis,
            series=series["cash"],
            markers=(Marker(low, word("lowest", loc, cash=fmt.money(s["min_cash"]))),),
            zero=word("zero", loc),
        ),
        spec("orders", "chart_orders", "count", axis=axis, series=series["orders"]),
        spec(
            "waterfall",
            "chart_waterfall",
            "money2",
            steps=tuple(Step(u.label, u.value, u.kind) for u in unit),
        ),
    )


def _kpi_kind(r: KpiResult) -> str:
    """How a KPI's figures are written: benchmark money left in US dollars is marked so."""
    if r.in_usd and r.kpi.fmt in MONEY_FORMATS:
        return "usd2"
    return {"share": "rate"}.get(r.kpi.fmt, r.kpi.fmt)


def thresholds(r: KpiResult, fmt: Formatter) -> tuple[str, str, str]:
    """The weak mark, the typical figure and the strong mark, each with its direction.

    For "lower is better" the weak mark is the top of the range (`> $60.00`)
    and the strong mark its bottom (`≤ $20.00`), so no column contradicts the
    direction. A range KPI has no strong end: outside it is weak.
    """
    b, kind = r.benchmark, _kpi_kind(r)
    low, typical, high = (fmt.show(v, kind) for v in (b.low, b.typical, b.high))
    if b.better == "range":
        return word("kpi_outside", fmt.locale, low=low, high=high), typical, "—"
    # the marks as the status rule compares them: an assumption is "optimistic" only past
    # the strong end (> not >=), so its column must not claim the end itself
    weak = rule(b.better, is_assumption(r.kpi.expr))
    assert isinstance(weak.otherwise, Choice)
    marks = {"low": low, "high": high}
    return (
        _mark(weak.test, marks),
        typical,
        _mark(weak.otherwise.test, marks),
    )


SYMBOLS = {"<": "<", ">": ">", "<=": "≤", ">=": "≥"}


def _mark(test: Against | Within, marks: dict[str, str]) -> str:
    """`≥ $60.00`: one comparison of the status rule, as a reader writes it."""
    assert isinstance(test, Against)
    return f"{SYMBOLS[test.op]}{NBSP}{marks[test.mark]}"


def _kpi_row(r: KpiResult, fmt: Formatter) -> KpiRow:
    loc, b = fmt.locale, r.benchmark
    weak_at, typical_at, strong_at = thresholds(r, fmt)
    return KpiRow(
        r.kpi.id,
        r.kpi.label[loc],
        {"share": "rate"}.get(r.kpi.fmt, r.kpi.fmt),
        r.value,
        b.low,
        b.typical,
        b.high,
        i18n.text(f"better_{b.better}", loc),
        r.status or "na",
        STATUS[r.status][loc] if r.status else i18n.text("null", loc),
        b.source[loc],
        weak_at,
        typical_at,
        strong_at,
    )


# --- Verdict and warnings: plain words built from the results ------------------------------


def _verdict(p: Projection, fmt: Formatter, warnings: int) -> str:
    s, loc, months = p.summary, fmt.locale, p.scenario.scenario.months
    be, fp = s["break_even_month"], s["first_profitable_month"]
    values = {
        "be": fmt.month(be),
        "be_cal": fmt.cal(be),
        "need": fmt.money(s["funding_need"]),
        "low": fmt.money(s["min_cash"]),
        "low_cal": fmt.cal(s["min_cash_month"]),
        "months": months,
        "fp_cal": fmt.cal(fp),
    }
    need = "need" if s["funding_need"] else "funded"
    parts = [word(f"v_{'be' if be else 'nobe'}_{need}", loc, **values)]
    if fp is None:
        parts.append(word("v_never_positive", loc))
    elif be is None:
        parts.append(word("v_never_holds", loc, **values))
    elif fp < be:
        parts.append(word("v_dip", loc, **values))
    last = len(p.years) - 1
    parts.append(
        word(
            "v_last_year",
            loc,
            year=_year_phrase(p, last),
            revenue=fmt.money(float(p.annual["net_revenue"][last])),
            ebitda=fmt.money(float(p.annual["ebitda"][last])),
            income=fmt.money(float(p.annual["net_income"][last])),
            cash=fmt.money(s["ending_cash"]),
        )
    )
    if s["ltv_to_cac"] is not None:
        parts.append(
            word(
                "v_ltv_good" if healthy_ltv_to_cac(s["ltv_to_cac"]) else "v_ltv_bad",
                loc,
                clv=fmt.money(s["clv"], 2),
                cac=fmt.money(s["cac_y1"], 2),
                ratio=fmt.show(s["ltv_to_cac"], "ratio"),
            )
        )
    if warnings:
        parts.append(
            word("v_warning", loc) if warnings == 1 else word("v_warnings", loc, n=warnings)
        )
    return " ".join(parts)


def _year_phrase(p: Projection, index: int) -> str:
    """`In Year 4`, or `In Year 5 (6 months)` when the horizon ends mid-year."""
    loc, column = p.scenario.scenario.locale, _columns(p)[index]
    text = word("in_year", loc, n=p.years[index]).replace(" ", NBSP)
    return f"{text} ({column.note})" if column.note else text


def _warnings(p: Projection, results: Sequence[KpiResult], fmt: Formatter) -> tuple[str, ...]:
    """What a careful investor would raise, most serious first."""
    s, loc, inputs = p.summary, fmt.locale, p.scenario
    out = []
    if s["funding_need"]:
        out.append(
            word(
                "w_cash",
                loc,
                need=fmt.money(s["funding_need"]),
                low_cal=fmt.cal(s["min_cash_month"]),
            )
        )
    if s["break_even_month"] is None:
        out.append(word("w_no_break_even", loc, months=inputs.scenario.months))
    margin = s["margin_per_order"]
    if margin is not None and margin < 0:
        out.append(word("w_order_loss", loc, margin=fmt.money(-margin, 2)))
    low_ltv = s["ltv_to_cac"] is not None and not healthy_ltv_to_cac(s["ltv_to_cac"])
    if low_ltv:
        out.append(
            word(
                "w_ltv",
                loc,
                ratio=fmt.show(s["ltv_to_cac"], "ratio"),
                clv=fmt.money(s["clv"], 2),
                cac=fmt.money(s["cac_y1"], 2),
            )
        )
    returns = inputs.orders.return_rate
    if returns > 0.05:
        out.append(word("w_returns", loc, rate=fmt.percent(returns, 2, trim=True)))
    # KPIs the points above already raise in their own words
    said = {"ltv_to_cac"} if low_ltv else set()
    said |= {"return_rate"} if returns > 0.05 else set()
    out += [_kpi_point(r, fmt) for r in results if r.is_point and r.kpi.id not in said]
    out += plausibility.points(p, lambda key, **values: word(key, loc, **values), fmt)
    return tuple(out)


def _kpi_point(r: KpiResult, fmt: Formatter) -> str:
    """The investor point of a weak or optimistic KPI, with the mark it misses."""
    b, kind = r.benchmark, _kpi_kind(r)
    shown = {
        k: fmt.show(v, kind) for k, v in (("value", r.value), ("low", b.low), ("high", b.high))
    }
    weak_at, typical_at, _ = thresholds(r, fmt)
    if r.status == "optimistic":
        key = "w_optimistic"
    elif b.better == "range":
        key = "w_outside"
    elif is_assumption(r.kpi.expr):
        key = "w_weaker"
    else:
        key = "w_kpi_weak"
    return word(
        key, fmt.locale, kpi=r.kpi.label[fmt.locale], weak=weak_at, typical=typical_at, **shown
    )


# --- Assumptions appendix: every input, grouped as on the workbook's Assumptions sheet -------


def _cell(kind: str, value: Any) -> Cell:
    return Cell(value, INPUT_KIND.get(kind, "text"))


def _assumptions(s: sc.Scenario) -> tuple[Group, ...]:
    loc = s.scenario.locale
    groups: list[Group] = []
    for f in sc.schema_fields(sc.Scenario):
        value, kind, doc = getattr(s, f.name), f.metadata["kind"], sc.field_doc(f.name, loc)
        if kind == "section":
            groups += _section(value, f.name, doc, loc)
        elif kind == "list":
            groups.append(_table(f.metadata["type"], value, f.name, doc, loc))
        else:
            param = Param(sc.key_label(f.name, loc), doc, _cell(kind, value), f.name)
            groups.append(Group(sc.key_label(f.name, loc), "", (param,), path=f.name))
    return tuple(groups)


def _title(path: str, loc: str) -> str:
    """`Acquisition › Referrals`: each level of a path by its label."""
    parts = path.split(".")
    return " › ".join(sc.key_label(".".join(parts[: i + 1]), loc) for i in range(len(parts)))


def _section(obj: Any, path: str, doc: str, loc: str) -> list[Group]:
    """A section's own keys first, then its seasonality, nested sections and lists."""
    params, later = [], []
    for f in sc.schema_fields(type(obj)):
        kind, value, key = f.metadata["kind"], getattr(obj, f.name), f"{path}.{f.name}"
        if kind in ("section", "list", sc.SEASONALITY):
            later.append(f)
        else:
            fdoc = sc.field_doc(key, loc)
            params.append(Param(sc.key_label(key, loc), fdoc, _cell(kind, value), key))
    groups = [Group(_title(path, loc), doc, tuple(params), path=path)]
    for f in later:
        value, sub = getattr(obj, f.name), f"{path}.{f.name}"
        fdoc = sc.field_doc(sub, loc)
        if f.metadata["kind"] == "section":
            groups += _section(value, sub, fdoc, loc)
        elif f.metadata["kind"] == "list":
            groups.append(_table(f.metadata["type"], value, sub, fdoc, loc))
        else:
            cells = tuple(Cell(v, "factor") for v in value)
            groups.append(
                Group(
                    _title(sub, loc),
                    fdoc,
                    columns=MONTHS[loc],
                    rows=(cells,),
                    is_table=True,
                    path=sub,
                )
            )
    return groups


def _table(cls: type, items: Sequence[Any], path: str, doc: str, loc: str) -> Group:
    cols = sc.schema_fields(cls)
    rows = tuple(
        tuple(_cell(f.metadata["kind"], getattr(item, f.name)) for f in cols) for item in items
    )
    heads = tuple(sc.key_label(f"{path}.{f.name}", loc) for f in cols)
    return Group(_title(path, loc), doc, columns=heads, rows=rows, is_table=True, path=path)
