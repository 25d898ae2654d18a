"""The comparison's context: several scenarios side by side, for a decision or an investor.

`build` gathers what `projector compare` shows from a `compare.Comparison`: the
headline figures of every scenario with their difference from the base, the key
lines year by year, overlaid monthly charts, and the assumptions each scenario
changes.  Every number is the engine's (`compare.summary_value`, `annual_value`,
`delta`), best and worst come from `compare.marks` and each figure's `better`;
nothing is recomputed here.  The context is plain data (chart specs, no drawing);
`projector.writers.compare_report` lays it out as HTML and Markdown, the deck as slides.

Words and number formats follow the base scenario's locale; each scenario's
amounts are written in its own currency, and when currencies differ the report
says so and leaves other currencies out of differences and rankings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from projector import scenario as sc
from projector.analysis import compare
from projector.locale import catalogue, i18n
from projector.locale.rules import locale_of
from projector.locale.words import NBSP, word
from projector.model import MONTHS_PER_YEAR, year_of_month
from projector.model.facts import ReportTable
from projector.present import risk as present_risk
from projector.present.charts import Axis, ChartSpec, Series
from projector.present.numbers import INPUT_KIND, Formatter
from projector.present.report import YEARS_PER_TABLE, Column, table_ids, time_axis

CHUNK = 6  # scenario columns per headline table, the base's included: fits A4 and Letter
MONEY_KINDS = {"money", "money2"}

FMT_KIND = {
    "money": "money",
    "money_check": "money",
    "month": "Month",
    "ratio": "ratio",
    "count": "count",
    "share": "share",
}

# Symbols that keep best and worst readable in Markdown and on a grayscale print.
MARK = {"best": "▲", "worst": "▼"}


# --- The report's context -------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One compared scenario as the report lists it."""

    number: int  # 1 for the base, then in the order given
    key: str  # file stem
    name: str
    label: str  # the name, or `name (stem)` when two scenarios share a name
    horizon: str
    months: int
    currency: str
    base: bool


@dataclass(frozen=True)
class Value:
    """One scenario's figure: the engine's value, written, with its rank and difference."""

    value: float | None
    text: str  # "" beyond a scenario's horizon
    note: str = ""  # a calendar month, or "6 months" for a partial year
    mark: str = ""  # best | worst | ""
    symbol: str = ""  # ▲ | ▼ | ""
    diff: float | None = None  # difference from the base, when shown
    pct: float | None = None
    diff_text: str = ""
    pct_text: str = ""
    negative: bool = False


@dataclass(frozen=True)
class HeadRow:
    id: str
    label: str
    better: str  # "better when lower", or ""
    values: tuple[Value, ...]  # one per scenario of the table


@dataclass(frozen=True)
class HeadTable:
    title: str  # "" when every scenario fits one table
    scenarios: tuple[Scenario, ...]
    rows: tuple[HeadRow, ...]


@dataclass(frozen=True)
class YearRow:
    scenario: Scenario
    values: tuple[Value, ...]  # one per year of the table


@dataclass(frozen=True)
class YearTable:
    id: str  # the line
    title: str
    part: str  # "Years 1 to 6" when the years are split, else ""
    columns: tuple[Column, ...]
    rows: tuple[YearRow, ...]


@dataclass(frozen=True)
class Change:
    key: str  # dotted path of the assumption, a small secondary reference
    doc: str
    base: str
    value: str
    note: str = ""  # added | removed, for a whole item
    label: str = ""  # what a reader calls it: `Conversion rate · Email newsletter`


@dataclass(frozen=True)
class Changes:
    scenario: Scenario
    rows: tuple[Change, ...]


@dataclass(frozen=True)
class CompareReport:
    """Everything the templates show, already written in the base scenario's locale."""

    locale: str
    text: Mapping[str, str]  # every word of the language by catalogue id: the templates' `t`
    name: str
    generated: str
    paper: str  # A4 or letter, from the base scenario's currency
    count: str  # "3 scenarios"
    base: Scenario
    scenarios: tuple[Scenario, ...]
    base_note: str
    currency_warning: str  # "" when every scenario uses the base's currency
    headline_note: str
    legend: str
    headline: tuple[HeadRow, ...]  # every scenario, for readers of the context
    headline_tables: tuple[HeadTable, ...]  # the same, in tables narrow enough to print
    years: tuple[YearTable, ...]
    charts: tuple[ChartSpec, ...]  # the overlaid charts, series and all, for every writer
    chart_note: str
    changes_note: str
    changes: tuple[Changes, ...]
    formatter: Formatter  # the base's
    risk: present_risk.CompareRisk | None = None  # when a scenario declares uncertainty

    def chart(self, chart_id: str) -> ChartSpec:
        return next(c for c in self.charts if c.id == chart_id)


# --- Building the context ---------------------------------------------------------------------


def build(c: compare.Comparison, *, chart_prefix: str, generated: dt.date) -> CompareReport:
    """The report of a comparison; its charts' files are named `<chart_prefix><id>.svg`."""
    base = c.base.projection.scenario.scenario
    loc = base.locale
    fmts = tuple(_formatter(e, loc) for e in c.entries)
    scenarios = _scenarios(c, fmts)
    mixed = len(c.currencies) > 1
    headline = _headline(c, scenarios, fmts)
    base_label = scenarios[0].label
    return CompareReport(
        locale=loc,
        text=catalogue.words(loc),
        name=c.name,
        generated=fmts[0].date(generated),
        paper="letter" if base.currency in i18n.LETTER_CURRENCIES else "A4",
        count=word("cmp_count", loc, n=len(c.entries))
        if len(c.entries) != 1
        else word("cmp_one", loc),
        base=scenarios[0],
        scenarios=scenarios,
        base_note=word("cmp_base_note", loc, name=base_label),
        currency_warning=word("cmp_mixed", loc, codes=", ".join(c.currencies), base=base.currency)
        if mixed
        else "",
        headline_note=word("cmp_headline_note", loc, name=base_label),
        legend=word("cmp_legend", loc),
        headline=headline,
        headline_tables=_chunks(scenarios, headline, loc),
        years=_years(c, scenarios, fmts),
        charts=_charts(c, chart_series(c, scenarios), fmts, chart_prefix),
        chart_note=_chart_note(c, fmts[0], mixed),
        changes_note=word("cmp_changes_note", loc, name=base_label),
        changes=tuple(
            _changes(c.base, e, scenarios[i], fmts[0], fmts[i])
            for i, e in enumerate(c.entries)
            if i
        ),
        formatter=fmts[0],
        risk=_risk(c, scenarios, fmts),
    )


def _risk(
    c: compare.Comparison, scenarios: Sequence[Scenario], fmts: Sequence[Formatter]
) -> present_risk.CompareRisk | None:
    """The simulation's probabilities and P50s, one row per scenario that declares uncertainty."""
    if all(e.projection.risk is None for e in c.entries):
        return None
    labels = [s.label for s in scenarios]
    return present_risk.compare_table([e.projection for e in c.entries], labels, fmts)


def _formatter(e: compare.Entry, locale: str) -> Formatter:
    """Numbers in the base's locale, amounts in the scenario's own currency."""
    p = e.projection
    return Formatter(locale, p.scenario.scenario.currency, tuple(p.months))


def _scenarios(c: compare.Comparison, fmts: Sequence[Formatter]) -> tuple[Scenario, ...]:
    names = [e.name for e in c.entries]
    out = []
    for i, (e, fmt) in enumerate(zip(c.entries, fmts, strict=True)):
        meta, months = e.projection.scenario.scenario, e.projection.months
        label = e.name if names.count(e.name) == 1 else f"{e.name} ({e.key})"
        horizon = word(
            "horizon_value",
            fmt.locale,
            first=fmt.label(months[0]),
            last=fmt.label(months[-1]),
            months=meta.months,
        )
        out.append(
            Scenario(i + 1, e.key, e.name, label, horizon, meta.months, meta.currency, i == 0)
        )
    return tuple(out)


def _comparable(c: compare.Comparison, kind: str) -> list[bool]:
    """Which scenarios take part in differences and rankings: amounts only in one currency."""
    currency = c.base.projection.scenario.scenario.currency
    return [
        kind not in MONEY_KINDS or e.projection.scenario.scenario.currency == currency
        for e in c.entries
    ]


def _same(value: float | None) -> float | None:
    """A value to compare for equality: 10 significant digits, so that float noise
    (111 against 111.00000000003) neither ranks two equal figures nor shows `+0`."""
    return None if value is None else float(f"{value:.10g}")


def _marks(values: Sequence[float | None], better: str | None) -> list[str]:
    """compare.marks on values rounded by `_same`, so float noise makes no best or worst."""
    return compare.marks([_same(v) for v in values], better)


def _signed(text: str, value: float) -> str:
    return f"+{text}" if value > 0 and not text.startswith("-") else text


def _diff_text(diff: float, kind: str, fmt: Formatter, same: bool) -> str:
    if same:
        return word("cmp_same", fmt.locale)
    if kind in ("Month", "month"):
        n = int(round(diff))
        key = "cmp_month_delta" if abs(n) == 1 else "cmp_months_delta"
        return word(key, fmt.locale, n=f"+{n}" if n > 0 else str(n))
    return _signed(fmt.show(diff, kind), diff)


def _value(
    value: float | None,
    kind: str,
    fmt: Formatter,
    mark: str = "",
    base: float | None = None,
    with_delta: bool = False,
    note: str = "",
) -> Value:
    diff = pct = None
    diff_text = pct_text = ""
    if with_delta and value is not None and base is not None:
        diff, pct = compare.delta(value, base)
        same = _same(value) == _same(base)
        if diff is not None:
            diff_text = _diff_text(diff, kind, fmt, same)
        if pct is not None and not same and kind not in ("Month", "month"):
            pct_text = _signed(fmt.percent(pct, 1), pct)
    if kind == "Month" and not note:
        note = word("not_within", fmt.locale) if value is None else fmt.cal(value)
    return Value(
        value,
        fmt.show(value, kind),
        note,
        mark,
        MARK.get(mark, ""),
        diff,
        pct,
        diff_text,
        pct_text,
        value is not None and kind != "Month" and value < 0,
    )


def _headline(
    c: compare.Comparison, scenarios: Sequence[Scenario], fmts: Sequence[Formatter]
) -> tuple[HeadRow, ...]:
    """One row per summary item, one value per scenario, each against the base."""
    loc = fmts[0].locale
    rows = []
    for item in c.base.projection.summary_items:
        kind = item.written or FMT_KIND.get(item.fmt, "number")
        values = [compare.summary_value(e, item.id) for e in c.entries]
        ok = _comparable(c, kind)
        better = item.better
        marks = _marks([v if k else None for v, k in zip(values, ok, strict=True)], better)
        cells = tuple(
            _value(v, kind, fmts[i], marks[i], values[0], with_delta=i > 0 and ok[i])
            for i, v in enumerate(values)
        )
        rows.append(
            HeadRow(
                item.id,
                item.label[loc],
                word("cmp_better", loc, dir=i18n.text(f"better_{better}", loc)) if better else "",
                cells,
            )
        )
    return tuple(rows)


def _chunks(
    scenarios: Sequence[Scenario], rows: Sequence[HeadRow], loc: str
) -> tuple[HeadTable, ...]:
    """The headline in tables of at most CHUNK scenarios, each repeating the base."""
    if len(scenarios) <= CHUNK:
        return (HeadTable("", tuple(scenarios), tuple(rows)),)
    tables = []
    step = CHUNK - 1
    for start in range(1, len(scenarios), step):
        picks = [0, *range(start, min(start + step, len(scenarios)))]
        title = word("cmp_part", loc, first=start + 1, last=picks[-1] + 1, n=len(scenarios))
        tables.append(
            HeadTable(
                title,
                tuple(scenarios[i] for i in picks),
                tuple(
                    HeadRow(r.id, r.label, r.better, tuple(r.values[i] for i in picks))
                    for r in rows
                ),
            )
        )
    return tuple(tables)


def _year_months(e: compare.Entry) -> list[int]:
    """How many months each projection year of a scenario holds."""
    year = year_of_month(e.projection.scenario.scenario.months)
    return [int(np.count_nonzero(year == y)) for y in e.projection.years]


def _years(
    c: compare.Comparison, scenarios: Sequence[Scenario], fmts: Sequence[Formatter]
) -> tuple[YearTable, ...]:
    """The lines placed in ReportTable.COMPARED (Line.report), one table each: scenarios
    down, years across, split to fit."""
    loc = fmts[0].locale
    months = [_year_months(e) for e in c.entries]
    columns = tuple(Column(str(y), word("year", loc, n=y), "") for y in range(1, c.years + 1))
    tables = []
    for line in table_ids(c.base.projection, ReportTable.COMPARED):
        title = (
            word("cmp_cash_year_end", loc)
            if line == "cash"
            else c.base.projection.line(line).label[loc]
        )
        ok = _comparable(c, c.base.projection.line(line).fmt)
        grid: list[list[Value]] = [[] for _ in c.entries]
        for y in range(1, c.years + 1):
            held = [m[y - 1] if y <= len(m) else 0 for m in months]
            values = [compare.annual_value(e, line, y) for e in c.entries]
            # Partial years are shown, but ranked only against years as long as themselves.
            ranked = [v if ok[i] and held[i] == max(held) else None for i, v in enumerate(values)]
            marks = _marks(ranked, c.base.projection.line(line).better)
            for i, v in enumerate(values):
                note = word("partial_year", loc, n=held[i]) if 0 < held[i] < MONTHS_PER_YEAR else ""
                grid[i].append(
                    Value(None, "")
                    if held[i] == 0
                    else _value(v, "money", fmts[i], marks[i], note=note)
                )
        for start in range(0, c.years, YEARS_PER_TABLE):
            part = slice(start, start + YEARS_PER_TABLE)
            cols = columns[part]
            tables.append(
                YearTable(
                    line,
                    title,
                    word("cmp_years", loc, first=cols[0].id, last=cols[-1].id)
                    if c.years > YEARS_PER_TABLE
                    else "",
                    cols,
                    tuple(YearRow(s, tuple(grid[i][part])) for i, s in enumerate(scenarios)),
                )
            )
    return tuple(tables)


# --- Charts ----------------------------------------------------------------------------------


def _same_start(c: compare.Comparison) -> bool:
    return len({e.projection.months[0] for e in c.entries}) == 1


def _axis(c: compare.Comparison, fmt: Formatter) -> tuple[Axis, str]:
    """Calendar months when every scenario starts together, else projection month numbers."""
    longest = max(c.entries, key=lambda e: len(e.projection.months)).projection
    if _same_start(c):
        return time_axis(longest, fmt), ""
    size = len(longest.months)
    step = next(s for s in (1, 3, 6, 12, 24, 36, 60, 120) if size / s <= 10)
    months = [1, *range(step, size + 1, step)] if step > 1 else range(1, size + 1)
    return (
        Axis(size, tuple((m - 1, str(m)) for m in months)),
        word("cmp_projection_month", fmt.locale),
    )


# The overlaid charts: (chart id, title word, monthly line, zero line drawn).
OVERLAYS = (
    ("cash", "cmp_chart_cash", "cash", True),
    ("net_revenue", "cmp_chart_revenue", "net_revenue", False),
    ("ebitda", "cmp_chart_ebitda", "ebitda", True),
)


def chart_series(
    c: compare.Comparison, scenarios: Sequence[Scenario]
) -> dict[str, tuple[Series, ...]]:
    """Each overlaid chart's lines, one per scenario, gathered once for every writer:
    the report's SVG charts and the deck's native charts draw these same series."""
    mixed = len(c.currencies) > 1
    return {
        cid: tuple(
            Series(_legend_label(s, mixed), [float(v) for v in e.projection.monthly[line]], s.base)
            for s, e in zip(scenarios, c.entries, strict=True)
        )
        for cid, _, line, _ in OVERLAYS
    }


def _charts(
    c: compare.Comparison,
    series: dict[str, tuple[Series, ...]],
    fmts: Sequence[Formatter],
    prefix: str,
) -> tuple[ChartSpec, ...]:
    loc, base = fmts[0].locale, fmts[0]
    axis, xlabel = _axis(c, base)
    # Mixed currencies: plain numbers on the axis, and each legend entry says its currency.
    kind = "count" if len(c.currencies) > 1 else "money"
    return tuple(
        ChartSpec(
            cid,
            "overlay",
            word(title_key, loc),
            f"{prefix}{cid}.svg",
            kind,
            axis=axis,
            series=series[cid],
            zero_line=zero,
            xlabel=xlabel,
        )
        for cid, title_key, _, zero in OVERLAYS
    )


def _legend_label(s: Scenario, mixed: bool) -> str:
    """A legend entry: the name, shortened, keeping what tells two scenarios apart."""
    suffix = f" ({s.key})" if s.label != s.name else ""
    if mixed:
        suffix += f" ({s.currency})"
    room = max(12, 44 - len(suffix))
    name = " ".join(s.name.split())
    name = name if len(name) <= room else name[: room - 1].rstrip() + "…"
    return name + suffix


def _chart_note(c: compare.Comparison, fmt: Formatter, mixed: bool) -> str:
    loc = fmt.locale
    if _same_start(c):
        note = word("cmp_charts_calendar", loc, start=fmt.label(c.base.projection.months[0]))
    else:
        note = word("cmp_charts_months", loc)
    return f"{note} {word('cmp_charts_mixed', loc)}" if mixed else note


# --- What changes from the base ----------------------------------------------------------------

# compare.differences lists these too; the report shows the name elsewhere and the
# file is no assumption.
SKIPPED = {"scenario.name", "source"}


@dataclass(frozen=True)
class _Place:
    """Where a dotted path of compare.differences lies in the scenario schema."""

    kind: str  # the field's scenario kind (sc.SHARE...), "list" for a whole list
    key: str  # the field's schema path, which names its label and description
    items: str = ""  # the dotted path of the list, for a field of a list item
    item: str = ""  # the item's key (its name or role, or its index)
    field: str = ""


def _locate(path: str) -> _Place | None:
    """The schema field of a path; list items are keyed by names that may hold dots."""
    parts, cls = path.split("."), sc.Scenario
    for i, part in enumerate(parts):
        found = {f.name: f for f in sc.schema_fields(cls)}.get(part)
        if found is None:
            return None
        kind, key = found.metadata["kind"], ".".join(parts[: i + 1])
        if kind == "section":
            cls = found.metadata["type"]
            continue
        if kind == "list":
            if i == len(parts) - 1:
                return _Place("list", key)
            fields = {f.name: f for f in sc.schema_fields(found.metadata["type"])}
            leaf = fields.get(parts[-1])
            if leaf is None or i + 2 > len(parts) - 1:
                return None
            return _Place(
                leaf.metadata["kind"],
                f"{key}.{leaf.name}",
                ".".join(parts[: i + 1]),
                ".".join(parts[i + 1 : -1]),
                parts[-1],
            )
        return _Place(kind, key) if i == len(parts) - 1 else None
    return None


def _item_keys(s: sc.Scenario, items: str) -> dict[str, Any]:
    """A list's items by the key compare.differences names them with."""
    values = sc.get_path(s, tuple(items.split(".")))
    return {
        getattr(x, "name", None) or getattr(x, "role", None) or str(i): x
        for i, x in enumerate(values)
    }


def _item_name(item: Any, key: str) -> str:
    """A list item as a reader names it: a channel's label, a role, a name, or `#n`."""
    shown = (
        getattr(item, "shown", None) or getattr(item, "name", None) or getattr(item, "role", None)
    )
    return str(shown) if shown else f"#{int(key) + 1}"


def _write(value: Any, kind: str, fmt: Formatter) -> str:
    """An assumption as the single report's appendix writes it; lists item by item."""
    show = INPUT_KIND.get(kind, "text")
    if isinstance(value, list | tuple):
        sep = locale_of(fmt.locale).list_separator
        return sep.join(fmt.show(v, show) for v in value)
    return fmt.show(value, show)


def _summary(item: Any, key_field: str, items: str, fmt: Formatter) -> str:
    """A whole list item in one line: `Monthly amount $1,100 · From month 1 ...`."""
    parts = []
    for f in sc.schema_fields(type(item)):
        value = getattr(item, f.name)
        if f.name != key_field and value is not None:
            name = sc.key_label(f"{items}.{f.name}", fmt.locale)
            parts.append(f"{name}{NBSP}{_write(value, f.metadata['kind'], fmt)}")
    return " · ".join(parts)


def _changes(
    base: compare.Entry,
    other: compare.Entry,
    s: Scenario,
    base_fmt: Formatter,
    fmt: Formatter,
) -> Changes:
    """compare.differences(base, other), each value written by its kind, whole items as one."""
    loc = base_fmt.locale
    a, b = base.projection.scenario, other.projection.scenario
    rows: list[Change] = []
    whole: set[tuple[str, str]] = set()
    absent = word("cmp_absent", loc)
    for path, old, new in compare.differences(a, b):
        place = _locate(path)
        if path in SKIPPED or (place is not None and place.kind == "list"):
            continue  # an emptied list shows as its removed items
        if place is None:
            rows.append(Change(path, "", str(old), str(new), label=path))
            continue
        doc = sc.field_doc(place.key, loc)
        was, now = _write(old, place.kind, base_fmt), _write(new, place.kind, fmt)
        if not place.items:
            rows.append(Change(path, doc, was, now, label=sc.key_label(path, loc)))
            continue
        in_a, in_b = _item_keys(a, place.items), _item_keys(b, place.items)
        if place.item in in_a and place.item in in_b:
            shown = _item_name(in_b[place.item], place.item)
            name = f"{sc.key_label(f'{place.items}.{place.field}', loc)} · {shown}"
            rows.append(Change(path, doc, was, now, label=name))
        elif (place.items, place.item) not in whole:
            whole.add((place.items, place.item))
            removed = place.item in in_a
            item = in_a[place.item] if removed else in_b[place.item]
            key_field = next((k for k in ("name", "role") if hasattr(item, k)), "")
            text = _summary(item, key_field, place.items, base_fmt if removed else fmt)
            list_doc = _locate(place.items)
            doc = sc.field_doc(list_doc.key, loc) if list_doc else ""
            rows.append(
                Change(
                    f"{place.items}.{place.item}",
                    doc,
                    text if removed else absent,
                    absent if removed else text,
                    word("cmp_removed" if removed else "cmp_added", loc),
                    f"{sc.key_label(place.items, loc)} · {_item_name(item, place.item)}",
                )
            )
    return Changes(s, tuple(rows))
