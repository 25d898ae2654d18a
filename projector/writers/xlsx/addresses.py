"""A1 addressing: where each sheet's rows and columns are, sheet references, the
layout a formula is rendered against, and the workbook's defined names.

Every writer (single, comparison) agrees on these positions, so they live in
one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

from xlsxwriter.utility import xl_rowcol_to_cell

from projector.locale import catalogue
from projector.model import year_count
from projector.model.formula import Path as InputPath

# Monthly sheet geometry: header rows, then lines; columns A..C, then months.
M_MONTH, M_DATE, M_CAL = 2, 3, 4
M_FIRST_LINE = 6
LABEL_COL, ID_COL, OPEN_COL, FIRST_MONTH_COL = 0, 1, 2, 3
A_YEAR, A_MONTHS, A_FIRST_LINE = 2, 3, 5
FAILED_NAME = "checks_failed"  # the number of failing checks, a workbook name


def sheet_ref(sheet: str, cell: str) -> str:
    """`Sheet!A1`, quoting the sheet name when it is not a plain word."""
    if sheet.isalpha() and sheet.isascii():
        return f"{sheet}!{cell}"
    return "'" + sheet.replace("'", "''") + "'!" + cell


@dataclass(frozen=True)
class SheetNames:
    """The name of each sheet, by the sheet's id (`sheet.<id>` in the word catalogue).

    The one home of sheet names: every formula, defined name, chart series and
    print setting reads its sheet's name from here, so a French workbook's
    `Hypothèses` sheet is what its formulas point at.
    """

    assumptions: str
    monthly: str
    annual: str
    balance_sheet: str
    summary: str
    checks: str
    kpis: str
    charts: str
    risk: str
    compare: str
    compare_charts: str

    @classmethod
    def of(cls, language: str) -> SheetNames:
        """The sheet names of a workbook in `language`, from the word catalogue."""
        return cls(**{f.name: catalogue.lookup(f"sheet.{f.name}", language) for f in fields(cls)})

    def with_scenario(self, assumptions: str, monthly: str) -> SheetNames:
        """The same names with one scenario's own Assumptions and Monthly sheets
        (a comparison workbook holds a pair per scenario)."""
        return replace(self, assumptions=assumptions, monthly=monthly)


@dataclass
class Layout:
    """Where everything lives, for rendering formulas.

    `sheets` names the sheets formulas point at; in a comparison workbook its
    Assumptions and Monthly names are the scenario's own pair.
    """

    inputs: dict[InputPath, tuple[int, int]]
    monthly_rows: dict[str, int]
    annual_rows: dict[str, int]
    months: int
    null_text: str
    sheets: SheetNames
    # workbook names of scalar inputs (`aov_growth`), so formulas read
    # `=orders_aov*(1+aov_growth)^(...)`; empty in a comparison workbook, whose
    # scenarios would share the names
    input_names: Mapping[InputPath, str] = field(default_factory=dict)

    @property
    def assumptions(self) -> str:
        return self.sheets.assumptions

    @property
    def monthly(self) -> str:
        return self.sheets.monthly

    @property
    def annual(self) -> str:
        return self.sheets.annual

    @property
    def years(self) -> int:
        """How many projection years the Annual sheet has columns for."""
        return year_count(self.months)

    @property
    def last_month_col(self) -> int:
        return FIRST_MONTH_COL + self.months - 1

    def input_ref(self, path: InputPath) -> str:
        if path in self.input_names:
            return self.input_names[path]
        row, col = self.inputs[path]
        return sheet_ref(self.assumptions, xl_rowcol_to_cell(row, col, True, True))

    def input_range(self, paths: Sequence[InputPath]) -> str:
        cells = [self.inputs[p] for p in paths]
        rows, cols = {r for r, _ in cells}, {c for _, c in cells}
        first, last = cells[0], cells[-1]
        contiguous = (len(rows) == 1 and last[1] - first[1] == len(cells) - 1) or (
            len(cols) == 1 and last[0] - first[0] == len(cells) - 1
        )
        assert contiguous, f"inputs {paths} are not in one contiguous range"
        a = xl_rowcol_to_cell(*first, True, True)
        b = xl_rowcol_to_cell(*last, True, True)
        return sheet_ref(self.assumptions, f"{a}:{b}")


def line_range(layout: Layout, line_id: str) -> str:
    """A line's months on the Monthly sheet, absolute: what its defined name points at."""
    row = layout.monthly_rows[line_id]
    first = xl_rowcol_to_cell(row, FIRST_MONTH_COL, True, True)
    last = xl_rowcol_to_cell(row, layout.last_month_col, True, True)
    return sheet_ref(layout.monthly, f"{first}:{last}")


def row_range(sheet: str, row: int, first: int, last: int) -> str:
    """A row's cells from column `first` to `last`, absolute, on `sheet`."""
    a, b = xl_rowcol_to_cell(row, first, True, True), xl_rowcol_to_cell(row, last, True, True)
    return sheet_ref(sheet, f"{a}:{b}")
