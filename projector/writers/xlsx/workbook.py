"""The Excel workbook: every computed number a live formula, with its value cached.

Only the Assumptions sheet holds typed-in numbers.  The Monthly, Annual and
Summary sheets render the model's own line definitions (projector.model) to
A1 formulas, and each formula cell also carries the engine's value as its
cached result, so viewers that never recalculate still show the right numbers.
XlsxWriter writes the file because openpyxl cannot store cached values.

This module assembles the plan's workbook from the sheet writers beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from projector.locale import i18n
from projector.model import (
    Projection,
)
from projector.model.kpis import KpiResult
from projector.writers.xlsx.addresses import SheetNames, sheet_ref
from projector.writers.xlsx.assumptions import input_names, spared_projection, write_assumptions
from projector.writers.xlsx.formats import Formats
from projector.writers.xlsx.monthly import (
    layout_of,
    write_annual,
    write_monthly,
)
from projector.writers.xlsx.pages import page_setup, wide_scale
from projector.writers.xlsx.sheets import Sheet, new_workbook
from projector.writers.xlsx.statements import (
    MASTER_CELL,
    write_balance_sheet,
    write_checks,
    write_master_check,
)
from projector.writers.xlsx.summary import write_charts, write_kpis, write_summary

# The single workbook's sheets, in order, by id (`SheetNames`); the wide ones print
# at a scale that fits a year of months across a page, Charts on one page high.
SHEET_ORDER = (
    "assumptions",
    "monthly",
    "annual",
    "balance_sheet",
    "summary",
    "checks",
    "kpis",
    "charts",
)
WIDE_SHEETS = ("monthly", "balance_sheet", "checks")


def write_workbook(p: Projection, path: Path, kpis: Sequence[KpiResult] = ()) -> None:
    """Write the projection's workbook to `path` (the caller makes it atomic).

    The workbook is written from the projection with spare rows (same numbers, see
    `with_spare_rows` and `spared_projection`).  Its sheets are named in the
    scenario's language (`SheetNames`).
    """
    p = spared_projection(p)
    meta = p.scenario.scenario
    wb = new_workbook(path, meta.name, "projector")
    fmt = Formats(wb, meta.currency, meta.locale)
    names = SheetNames.of(meta.locale)
    sheets = {key: wb.add_worksheet(getattr(names, key)) for key in SHEET_ORDER}
    assumptions = Sheet(sheets["assumptions"], fmt)
    write_assumptions(assumptions, p.scenario)
    ids = {x.id for x in p.lines} | {x.id for x in p.summary_items}
    named = input_names(assumptions.cells, ids)
    for input_path, name in named.items():
        row, col = assumptions.cells[input_path]
        wb.define_name(
            name, "=" + sheet_ref(names.assumptions, xl_rowcol_to_cell(row, col, True, True))
        )
    layout = layout_of(p, assumptions.cells, names, named)
    write_monthly(Sheet(sheets["monthly"], fmt), p, layout, wb)
    write_annual(Sheet(sheets["annual"], fmt), p, layout)
    bs_rows = write_balance_sheet(Sheet(sheets["balance_sheet"], fmt), p, layout)
    write_summary(Sheet(sheets["summary"], fmt), p, layout, wb)
    failed = write_checks(Sheet(sheets["checks"], fmt), p, layout, bs_rows, wb)
    write_kpis(Sheet(sheets["kpis"], fmt), p, layout, kpis)
    write_charts(wb, sheets["charts"], p, layout)
    paper = i18n.paper_code(meta.currency)
    for key, ws in sheets.items():
        write_master_check(ws, MASTER_CELL[key], fmt, failed, meta.locale)
        if key in WIDE_SHEETS:
            page_setup(ws, paper, scale=wide_scale(meta.currency))
        else:
            page_setup(ws, paper, tall=1 if key == "charts" else 0)
    if p.risk is not None:
        from projector.writers.xlsx.risk_sheet import write_risk

        write_risk(wb, p, fmt, names.risk)
    sheets["summary"].activate()
    wb.close()
