"""The Assumptions sheet: every input by its label, value, unit, meaning and key.

It is the only sheet with typed-in numbers; every other sheet reads them through
the cells recorded here (`Sheet.cells`) or the workbook names of `input_names`.
Spare rows (`with_spare_rows`) leave room to add items to the tables whose totals
are sums.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from projector import scenario as sc
from projector.locale import i18n
from projector.locale.words import MONTHS
from projector.model import NONE, Projection, engine
from projector.model.formula import Path as InputPath
from projector.scenario import field_doc, key_label
from projector.writers.xlsx.addresses import FAILED_NAME, SheetNames
from projector.writers.xlsx.formats import Formats
from projector.writers.xlsx.sheets import Sheet

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


# Values fixed when the workbook is written (number formats, labels, the number of
# month columns, the benchmark set): shown as information, not as inputs.
INFO_PATHS = {("scenario", k) for k in ("name", "currency", "locale", "months", "industry")}


def _number_format(kind: str, value: Any) -> str:
    """The kind's format; a whole count as a whole number ("1,500", not Excel's "1,500.")."""
    chosen = KIND_FORMAT.get(kind, "text")
    whole = isinstance(value, int | float) and float(value).is_integer()
    return "count" if chosen == "number" and whole else chosen


def _write_value(sheet: Sheet, row: int, col: int, kind: str, value: Any, path: InputPath) -> None:
    live = path not in INFO_PATHS
    style = sheet.fmt.get(_number_format(kind, value), input_cell=live, info=not live)
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


def _assumption_scalars(sheet: Sheet, obj: Any, path: InputPath, title: str, locale: str) -> None:
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
        doc = field_doc(key, locale)
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


def _seasonality(sheet: Sheet, values: Sequence[float], path: InputPath, locale: str) -> None:
    """Jan..Dec down column B under their label, so INDEX(range, month) reads them anywhere."""
    months = MONTHS[locale]
    for m, value in enumerate(values):
        sheet.text(sheet.row + 1 + m, 0, months[m], sheet.fmt.get("text", indent=2))
        _write_value(sheet, sheet.row + 1 + m, 1, sc.SEASONALITY, value, (*path, m))


# tables whose totals are sums, given spare rows (see with_spare_rows)
SPARE_TABLES = {("fixed_costs",), ("staff",), ("capex",), ("financing", "equity")}


def _assumption_table(
    sheet: Sheet, cls: type, items: Sequence[Any], path: InputPath, title: str, locale: str
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


def write_assumptions(sheet: Sheet, s: sc.Scenario) -> None:
    """Every input by its label, value, unit, meaning and scenario key; information greyed."""
    locale, sheet.currency = s.scenario.locale, s.scenario.currency
    sheet.text(0, 0, i18n.title("assumptions", s.scenario.name, locale), sheet.fmt.get("title"))
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
            sheet.text(sheet.row, 4, field_doc(key, locale), sheet.fmt.get("note"))
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


def spared_projection(p: Projection) -> Projection:
    """`p` as the projection of its scenario with spare rows, without projecting again.

    The spare items are zero, so every line of `p` keeps its numbers (the totals'
    formulas only gain terms that add nothing) and each spare item's own line is
    zero in every month, at the opening and in every year.  Only the lines are
    rebuilt, for the scenario with spare rows.  tests/writers/xlsx/test_spared_projection.py
    holds this equal, bit for bit, to a full projection on every example.
    """
    s = with_spare_rows(p.scenario, p.scenario.scenario.locale)
    lines = engine.build_lines(s)  # the engine's own, so the workbook has every line it has
    zero_months, zero_years = len(p.months), len(p.years)
    return replace(
        p,
        scenario=s,
        lines=lines,
        monthly={x.id: p.monthly.get(x.id, np.zeros(zero_months)) for x in lines},
        opening={x.id: p.opening.get(x.id, 0.0) for x in lines if x.opening is not None},
        annual={x.id: p.annual.get(x.id, np.zeros(zero_years)) for x in lines if x.rollup != NONE},
    )


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
    name = SheetNames.of(s.scenario.locale).assumptions
    sheet = Sheet(wb.add_worksheet(name), Formats(wb, "USD", "en"))
    write_assumptions(sheet, with_spare_rows(s, s.scenario.locale))  # as write_workbook does
    return {path: xl_rowcol_to_cell(*cell) for path, cell in sheet.cells.items()}
