"""The report's *Risk* section as plain data: what the simulation says, in a founder's words.

Every number comes from the projection's `risk` object (the JSON's, cell for cell on
the Risk sheet) or, for the funding-need histogram and the median month of running
out among the paths that do, from the same simulated paths.  Its charts are specs
(`projector.present.charts`), drawn by the writers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from projector import scenario as sc
from projector.analysis.risk import BANDS, MONTH_IDS, SUMMARY_IDS
from projector.locale import catalogue
from projector.model import Projection
from projector.present.charts import Axis, Bar, ChartSpec, Series

if TYPE_CHECKING:
    from projector.present.numbers import Formatter


def word(key: str, locale: str, **values: Any) -> str:
    """A word of the risk outputs (`risk.` ids), its placeholders filled."""
    return catalogue.lookup(f"risk.{key}", locale, **values)


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[str, ...]  # P10, P50, P90


@dataclass(frozen=True)
class RiskSection:
    heading: str
    note: str
    sentences: tuple[str, ...]
    head: tuple[str, ...]
    rows: tuple[Row, ...]
    tornado_head: tuple[str, ...]
    tornado: tuple[Row, ...]
    charts: tuple[ChartSpec, ...]

    def chart(self, chart_id: str) -> ChartSpec:
        return next(c for c in self.charts if c.id == chart_id)


def build(p: Projection, fmt: Formatter, axis: Axis, prefix: str) -> RiskSection | None:
    """The section, or None when the scenario declares no uncertainty."""
    risk, paths = p.risk, p.risk_paths
    if risk is None or paths is None:
        return None
    loc = fmt.locale
    labels = {item.id: item.label[loc] for item in p.summary_items}
    kinds = {item.id: item.fmt for item in p.summary_items}
    rows = tuple(
        Row(
            labels[k], tuple(_shown(fmt, k, kinds[k], risk["summary"][k][f"p{xx}"]) for xx in BANDS)
        )
        for k in SUMMARY_IDS
    )
    tornado = tuple(
        Row(
            sc.input_label(e["input"], loc, shown=sc.channel_names(p.scenario)),
            (
                _input(fmt, p, e["input"], e["low"]),
                _input(fmt, p, e["input"], e["high"]),
                fmt.money(e["ending_cash"][0]),
                fmt.money(e["ending_cash"][1]),
            ),
        )
        for e in risk["tornado"]
    )
    return RiskSection(
        heading=word("heading", loc),
        note=word("note", loc, paths=fmt.number(risk["paths"]), seed=risk["seed"]),
        sentences=sentences(p, fmt),
        head=(word("figure", loc), *(f"P{xx}" for xx in BANDS)),
        rows=rows,
        tornado_head=(
            word("input", loc),
            word("low", loc),
            word("high", loc),
            word("at_low", loc),
            word("at_high", loc),
        ),
        tornado=tornado,
        charts=_charts(p, fmt, axis, prefix),
    )


def _shown(fmt: Formatter, k: str, kind: str, value: float | None) -> str:
    if value is None:
        return word("never", fmt.locale) if k in MONTH_IDS else "—"
    if k in MONTH_IDS:
        return fmt.cal(value) if float(value).is_integer() else fmt.number(value, 1)
    return fmt.money(value) if kind == "money" else fmt.number(value, 2)


def _input(fmt: Formatter, p: Projection, address: str, value: float) -> str:
    """An input's value written as its field is: a rate as a percent, money as money."""
    kind = next(x.kind for x in p.scenario.uncertainty.inputs if x.address == address)
    if kind in (sc.SHARE, sc.GROWTH):
        return str(fmt.percent(value, 2, trim=True))
    if kind in (sc.MONEY, sc.CASH):
        return str(fmt.money(value, 0 if float(value).is_integer() else 2))
    return str(fmt.number(value, 2, trim=True))


def extra_cash(risk: dict[str, Any]) -> float:
    """More starting cash that keeps the cash-out share under 10 %: the P90 funding need
    (extra cash lifts every month's cash by the same amount), rounded up to 2 digits."""
    need = risk["summary"]["funding_need"]["p90"] or 0.0
    if need <= 0:
        return 0.0
    step = 10 ** (math.floor(math.log10(need)) - 1)
    return math.ceil(need / step) * step


def sentences(p: Projection, fmt: Formatter) -> tuple[str, ...]:
    """The founder's sentences: running out, what it takes not to, break-even, the spread."""
    risk, paths, loc = p.risk, p.risk_paths, fmt.locale
    assert risk is not None and paths is not None
    out = []
    share = risk["probability"]["cash_out"]
    if share > 0:
        months = paths["cash_out_month"][~np.isnan(paths["cash_out_month"])]
        median = float(np.median(months))
        when = fmt.cal(round(median)) if median.is_integer() else fmt.month(math.ceil(median))
        out.append(word("cash_out", loc, share=fmt.percent(share, 0), month=when))
        out.append(
            word("extra", loc, amount=fmt.money(extra_cash(risk)))
            if share >= 0.10
            else word("under", loc)
        )
    else:
        out.append(word("no_cash_out", loc))
    be = risk["probability"]["break_even"]
    months = paths["break_even_month"][~np.isnan(paths["break_even_month"])]
    if months.size:
        median = float(np.median(months))
        when = fmt.cal(math.ceil(median))
        out.append(word("break_even", loc, share=fmt.percent(be, 0), month=when))
    else:
        out.append(word("no_break_even", loc, share=fmt.percent(be, 0)))
    ending = risk["summary"]["ending_cash"]
    out.append(word("ending", loc, **{k: fmt.money(ending[k]) for k in ("p10", "p50", "p90")}))
    if risk["tornado"]:
        top = risk["tornado"][0]
        a, b = top["ending_cash"]
        out.append(
            word(
                "driver",
                loc,
                input=sc.input_label(top["input"], loc, shown=sc.channel_names(p.scenario)),
                low=_input(fmt, p, top["input"], top["low"]),
                high=_input(fmt, p, top["input"], top["high"]),
                a=fmt.money(a),
                b=fmt.money(b),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class CompareRisk:
    heading: str
    note: str
    head: tuple[str, ...]
    rows: tuple[Row, ...]


def compare_table(
    projections: Sequence[Projection], labels: Sequence[str], fmts: Sequence[Formatter]
) -> CompareRisk:
    """`projector compare`: each scenario's chance of running out of cash and of breaking
    even, and the P50s of its key figures; a scenario without uncertainty shows dashes."""
    loc = fmts[0].locale
    ids = ("ending_cash", "funding_need", "break_even_month", "cash_out_month")
    item_labels = {i.id: i.label[loc] for i in projections[0].summary_items}
    head = (
        word("scenario", loc),
        word("p_cash_out", loc),
        word("p_break_even", loc),
        *(f"{item_labels[k]} (P50)" for k in ids),
    )
    rows = []
    for p, label, fmt in zip(projections, labels, fmts, strict=True):
        if p.risk is None:
            rows.append(Row(label, ("—",) * (len(head) - 1)))
            continue
        prob = p.risk["probability"]
        cells = [fmt.percent(prob["cash_out"], 0), fmt.percent(prob["break_even"], 0)]
        kinds = {i.id: i.fmt for i in p.summary_items}
        cells += [_shown(fmt, k, kinds[k], p.risk["summary"][k]["p50"]) for k in ids]
        rows.append(Row(label, tuple(cells)))
    return CompareRisk(word("heading", loc), word("compare_note", loc), head, tuple(rows))


def _charts(p: Projection, fmt: Formatter, axis: Axis, prefix: str) -> tuple[ChartSpec, ...]:
    """The fans of cash and revenue, the funding-need histogram and, with inputs, the tornado."""
    risk, paths, loc = p.risk, p.risk_paths, fmt.locale
    assert risk is not None and paths is not None

    def spec(cid: str, kind: str, title: str, **more: Any) -> ChartSpec:
        return ChartSpec(cid, kind, word(title, loc), f"{prefix}{cid}.svg", "money", **more)

    out = [
        spec(
            "risk_cash",
            "fan",
            "fan_cash",
            axis=axis,
            bands=risk["monthly"]["cash"],
            salt="risk-cash",
        ),
        spec(
            "risk_revenue",
            "fan",
            "fan_revenue",
            axis=axis,
            bands=risk["monthly"]["net_revenue"],
            salt="risk-revenue",
        ),
        spec(
            "risk_funding",
            "histogram",
            "funding",
            series=(Series(word("funding", loc), paths["funding_need"]),),
            ylabel=word("futures", loc),
        ),
    ]
    if risk["tornado"]:
        names = sc.channel_names(p.scenario)
        bars = tuple(
            Bar(sc.input_label(e["input"], loc, with_address=False, shown=names), *e["ending_cash"])
            for e in risk["tornado"]
        )
        out.append(
            spec(
                "risk_tornado",
                "tornado",
                "tornado",
                bars=bars,
                base=p.summary["ending_cash"] or 0.0,
            )
        )
    return tuple(out)
