"""The workbook's *Risk* sheet: the simulation's results as values, with native charts.

A simulation is thousands of projections: it cannot be a live formula of the
Assumptions sheet. So this sheet holds numbers, plainly labelled as the results of N
paths and seed S, that do not move when an assumption is edited; every other sheet
stays live. The numbers are the `risk` object of the JSON export, cell for cell.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from projector import scenario as sc
from projector.analysis.risk import BANDS, MONTH_IDS, MONTHLY_IDS, SUMMARY_IDS
from projector.locale import catalogue
from projector.locale.rules import locale_of
from projector.model import MONTH_NO, Projection
from projector.writers.xlsx.formats import Formats
from projector.writers.xlsx.pages import A4, page_setup

CHANGE_COL = 9  # the tornado's "ending cash, change vs base" columns: 9 (at low), 10 (at high)
WIDTH_COL = 10  # the monthly bands' P90 - P10 width of cash
CHART_COL = 12  # charts to the right of the tables


def word(key: str, locale: str) -> str:
    """A word of the Risk sheet (`risk_sheet.` ids)."""
    return catalogue.lookup(f"risk_sheet.{key}", locale)


def write_risk(wb: Workbook, p: Projection, fmt: Formats, name: str) -> Worksheet:
    """Add the Risk sheet, called `name`: summary bands, probabilities, tornado, monthly
    bands, charts (whose series read the sheet by that name)."""
    risk, loc = p.risk, p.scenario.scenario.locale
    assert risk is not None
    ws = wb.add_worksheet(name)
    ws.write_string(0, 0, word("title", loc), fmt.get("title"))
    paths = locale_of(loc).digits(f"{risk['paths']:,}")  # 2,000 / 2 000
    ws.write_string(1, 0, word("note", loc).format(**{**risk, "paths": paths}), fmt.get("note"))
    ws.set_column(0, 0, 44)
    ws.set_column(1, 12, 14)
    row = _summary(ws, p, fmt, 3)
    row, bars = _tornado(ws, p, fmt, row + 1)
    _bands(ws, p, fmt, row + 1)
    _fan_chart(wb, ws, p, row + 3)
    if risk["tornado"]:
        _tornado_chart(wb, ws, p, bars)
    page_setup(ws, A4)
    return ws


def _summary(ws: Worksheet, p: Projection, fmt: Formats, row: int) -> int:
    risk, loc = p.risk, p.scenario.scenario.locale
    assert risk is not None
    labels = {item.id: item.label[loc] for item in p.summary_items}
    kinds = {item.id: item.fmt for item in p.summary_items}
    heads = [word("figure", loc), *(f"P{xx}" for xx in BANDS), word("mean", loc)]
    right = fmt.wb_format({"align": "right"})  # "never" beside numbers, not run into them
    header = _wrapped_header(fmt)
    for col, head in enumerate([*heads, word("p_null", loc)]):
        ws.write_string(row, col, head, header)
    for k in SUMMARY_IDS:
        row += 1
        ws.write_string(row, 0, labels[k])
        figure = risk["summary"][k]
        style = fmt.get("month" if kinds[k] == MONTH_NO else _number_kind(kinds[k]))
        for col, key in enumerate([*(f"p{xx}" for xx in BANDS), "mean"], start=1):
            value = figure[key]
            if value is None:
                never = k in MONTH_IDS and key != "mean"  # a mean over a null is no month
                shown = word("never", loc) if never else "-"
                ws.write_string(row, col, shown, right)
            else:
                ws.write_number(row, col, value, style)
        ws.write_number(row, len(heads), figure["p_null"], fmt.get("share"))
    for key in ("cash_out", "break_even"):
        row += 1
        ws.write_string(row, 0, word(key, loc), fmt.get("text", bold=True))
        ws.write_number(row, 1, risk["probability"][key], fmt.get("share", bold=True))
    return row + 1


# An uncertain input's low and high, in its field's format (a rate as a percent).
INPUT_FORMAT = {sc.SHARE: "share", sc.GROWTH: "share", sc.MONEY: "money2", sc.CASH: "money2"}


def _wrapped_header(fmt: Formats) -> Any:
    """A header that wraps: the tornado's column names are sentences."""
    return fmt.wb_format(
        {"bold": True, "bg_color": "#1F3864", "font_color": "#FFFFFF", "text_wrap": True}
    )


def _number_kind(kind: str) -> str:
    return {"money": "money", "ratio": "ratio"}.get(kind, "number")


def _tornado(ws: Worksheet, p: Projection, fmt: Formats, row: int) -> tuple[int, tuple[int, int]]:
    """The tornado's table; returns the next free row and the rows of its bars."""
    risk, loc = p.risk, p.scenario.scenario.locale
    assert risk is not None
    ws.write_string(row, 0, word("tornado", loc), fmt.get("section"))
    row += 1
    heads = [word("input", loc), word("low", loc), word("high", loc)]
    for result in ("ending_cash", "funding_need", "break_even_month"):
        heads += [f"{word(result, loc)} {word(side, loc)}" for side in ("at_low", "at_high")]
    heads += [
        f"{word('ending_cash', loc)} {word(s, loc)}, {word('change', loc)}"
        for s in ("at_low", "at_high")
    ]
    heads.append(word("address", loc))
    header = _wrapped_header(fmt)
    for col, head in enumerate(heads):
        ws.write_string(row, col, head, header)
    ws.set_row(row, 45)  # three lines of a wrapped header
    base = p.summary["ending_cash"] or 0.0
    kinds = {x.address: x.kind for x in p.scenario.uncertainty.inputs}
    right = fmt.wb_format({"align": "right"})
    names = sc.channel_names(p.scenario)
    for entry in risk["tornado"]:
        row += 1
        # named as the report and the deck name it; its scenario key in the last column
        ws.write_string(
            row, 0, sc.input_label(entry["input"], loc, with_address=False, shown=names)
        )
        style = fmt.get(INPUT_FORMAT.get(kinds.get(entry["input"], ""), "number"))
        ws.write_number(row, 1, entry["low"], style)
        ws.write_number(row, 2, entry["high"], style)
        col = 3
        for result in ("ending_cash", "funding_need", "break_even_month"):
            for value in entry[result]:
                if value is None:
                    ws.write_string(row, col, word("never", loc), right)
                else:
                    style = "month" if result == "break_even_month" else "money"
                    ws.write_number(row, col, value, fmt.get(style))
                col += 1
        for value in entry["ending_cash"]:
            ws.write_number(row, col, value - base, fmt.get("money"))
            col += 1
        ws.write_string(row, col, entry["input"], fmt.get("note"))
        ws.set_column(col, col, 40)
    return row + 1, (row - len(risk["tornado"]) + 1, row)


def _bands(ws: Worksheet, p: Projection, fmt: Formats, row: int) -> None:
    """One row per month: the bands of cash, net revenue and EBITDA, and the P90-P10 width."""
    risk, loc = p.risk, p.scenario.scenario.locale
    assert risk is not None
    ws.write_string(row, 0, word("bands", loc), fmt.get("section"))
    row += 1
    heads = [word("month", loc)]
    for k in MONTHLY_IDS:
        heads += [f"{word(k, loc)} P{xx}" for xx in BANDS]
    heads.append(f"{word('cash', loc)} {word('band', loc)}")
    for col, head in enumerate(heads):
        ws.write_string(row, col, head, fmt.get("header"))
    for t, label in enumerate(p.months):
        ws.write_string(row + 1 + t, 0, label)
        col = 1
        for k in MONTHLY_IDS:
            for xx in BANDS:
                ws.write_number(row + 1 + t, col, risk["monthly"][k][f"p{xx}"][t], fmt.get("money"))
                col += 1
        cash = risk["monthly"]["cash"]
        ws.write_number(row + 1 + t, col, cash["p90"][t] - cash["p10"][t], fmt.get("money"))


def _fan_chart(wb: Workbook, ws: Worksheet, p: Projection, first: int) -> None:
    """Cash fan: the P10-P90 band as a stacked area (P10 unfilled, then the width), P50 a line."""
    loc, last, sheet = p.scenario.scenario.locale, first + len(p.months) - 1, ws.name
    cats = [sheet, first, 0, last, 0]
    area = wb.add_chart({"type": "area", "subtype": "stacked"})
    area.add_series(
        {
            "name": "P10",
            "categories": cats,
            "values": [sheet, first, 1, last, 1],
            "fill": {"none": True},
        }
    )
    area.add_series(
        {
            "name": word("band", loc),
            "categories": cats,
            "values": [sheet, first, WIDTH_COL, last, WIDTH_COL],
            "fill": {"color": "#9DC3E6", "transparency": 40},
        }
    )
    line = wb.add_chart({"type": "line"})
    line.add_series(
        {
            "name": "P50",
            "categories": cats,
            "values": [sheet, first, 2, last, 2],
            "marker": {"type": "none"},
        }
    )
    area.combine(line)
    area.set_title({"name": word("fan", loc)})
    area.set_legend({"position": "bottom"})
    area.set_size({"width": 760, "height": 320})
    ws.insert_chart(3, CHART_COL, area)


def _tornado_chart(wb: Workbook, ws: Worksheet, p: Projection, bars: tuple[int, int]) -> None:
    """Tornado: each input's change of ending cash at low and at high, largest on top."""
    loc = p.scenario.scenario.locale
    first, last = bars
    chart = wb.add_chart({"type": "bar"})
    for offset, side in ((0, "at_low"), (1, "at_high")):
        col = CHANGE_COL + offset
        chart.add_series(
            {
                "name": f"{word('ending_cash', loc)} {word(side, loc)}",
                "categories": [ws.name, first, 0, last, 0],
                "values": [ws.name, first, col, last, col],
                "overlap": 100,
                "gap": 40,
            }
        )
    chart.set_y_axis({"reverse": True})
    chart.set_title({"name": word("tornado", loc)})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 360})
    ws.insert_chart(21, CHART_COL, chart)
