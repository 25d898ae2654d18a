"""The sheet-building layer shared by every workbook: a sheet filled top to bottom,
the cached value of a formula cell, the document date.

Each formula cell carries the engine's value as its cached result, so viewers that
never recalculate still show the right numbers; `cached` says what a missing value
looks like there.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from projector.model.formula import Path as InputPath
from projector.writers.xlsx.formats import Formats

# Fixed document date, so the same input gives byte-identical files.
DOC_DATE = dt.datetime(2026, 1, 1)


def new_workbook(path: Path, title: str, comments: str) -> Workbook:
    """An empty workbook at `path`, its properties fixed so the same input gives the same bytes.

    Scenario text is written as text, never read as a formula or a link.
    """
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": title, "created": DOC_DATE, "comments": comments})
    return wb


@dataclass
class Sheet:
    """A sheet being filled top to bottom: what every sheet writer receives.

    `ws` is the XlsxWriter worksheet and `fmt` the workbook's formats; `row` is the
    next free row of writers that append (the Assumptions sheet); `cells` records
    where each input was written, so formulas elsewhere can read it; `currency` is
    the unit of money inputs.  Write text through `text`, never `ws.write`.
    """

    ws: Worksheet
    fmt: Formats
    row: int = 0
    cells: dict[InputPath, tuple[int, int]] = field(default_factory=dict)
    currency: str = "USD"  # the unit of money inputs on the Assumptions sheet

    def text(self, row: int, col: int, value: str, style: Any = None) -> None:
        """Scenario text is always text: a name starting with '=' is not a formula."""
        self.ws.write_string(row, col, value, style)


def cached(value: float | None, null_text: str) -> Any:
    """A formula cell's cached value: the number, or the null text where the engine has none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return null_text
    return float(value)


def excel_serial(day: dt.datetime) -> float:
    """A date as Excel stores it (days since 1899-12-30), for a date cell's cached value."""
    return float((day - dt.datetime(1899, 12, 30)).days)
