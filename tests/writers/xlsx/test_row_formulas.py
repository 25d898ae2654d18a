"""A line's month formulas, rendered once as a template, are the per-cell formulas exactly.

The Monthly sheet renders each line once with its column letters left open and
fills them in per month (contexts.RowFormulas).  These tests hold that to the
direct, per-cell rendering it replaced, on every line of every example, and
check the template is really used (a fallback would hide a broken template).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from xlsxwriter.utility import xl_cell_to_rowcol

from projector.model import project
from projector.model.formula import Expr, Input, MinToEnd, Month, Null, Ref, Sum
from projector.scenario import load
from projector.writers.xlsx.addresses import FIRST_MONTH_COL, Layout, SheetNames
from projector.writers.xlsx.assumptions import input_cells
from projector.writers.xlsx.contexts import MonthCtx, RowFormulas, formula
from projector.writers.xlsx.monthly import annual_rows, monthly_rows

ROOT = Path(__file__).parents[3]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.yaml"))


def layout_of(path: Path) -> tuple[Layout, list]:
    p = project(load(path))
    cells = {k: _rowcol(v) for k, v in input_cells(p.scenario).items()}
    months = p.scenario.scenario.months
    names = SheetNames.of(p.scenario.scenario.locale)
    return Layout(cells, monthly_rows(p), annual_rows(p), months, "n/a", names), p.lines


def _rowcol(a1: str) -> tuple[int, int]:
    return xl_cell_to_rowcol(a1)


def small_layout(months: int = 30, null_text: str = "n/a") -> Layout:
    cells, rows = {("x",): (40, 1)}, {"a": 6, "b": 7, "c": 8}
    return Layout(cells, rows, {}, months, null_text, SheetNames.of("en"))


CELL_BY_CELL = {"ebitda_ttm"}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_line_of_every_example_renders_as_before_in_every_month(path):
    layout, lines = layout_of(path)
    for line in lines:
        cells = RowFormulas(line.expr, layout)
        # A trailing window is shorter in the first eleven months, so its row is rendered
        # cell by cell; every other line comes from its template.
        assert cells.templated == (line.id not in CELL_BY_CELL), line.id
        for col in range(FIRST_MONTH_COL, layout.last_month_col + 1):
            assert cells.at(col) == formula(line.expr, MonthCtx(layout, col)), (line.id, col)


def test_a_lagged_reference_reads_the_column_before():
    # Row 7 (0-based 6) is line a; month 2 is column E, so a's month before is D.
    cells = RowFormulas(Ref("a", 1) + Ref("b") * Input(("x",)), small_layout())
    assert cells.at(4) == "=D7+E8*Assumptions!$B$41"
    assert cells.at(FIRST_MONTH_COL) == "=C7+D8*Assumptions!$B$41"  # the Opening column


def test_months_past_z_get_two_letters_and_ranges_end_at_the_last_month():
    cells = RowFormulas(MinToEnd("c") + Month() + Sum([Ref("a"), Ref("b")]), small_layout(30))
    # Column 26 is AA; the last month (30) is column 3 + 29 = 32, AG.
    assert cells.at(26) == "=MIN(AA9:$AG9)+AA$3+SUM(AA7:AA8)"


def test_braces_in_a_null_text_stay_literal():
    cells = RowFormulas(Null() + Ref("a"), small_layout(null_text="{none}"))
    assert cells.templated
    assert cells.at(5) == '="{none}"+F7'


class ColumnNumber(Expr):
    """A node whose text reads the column itself, as no shipped node does."""

    def text(self, ctx) -> str:
        return str(ctx.col)


def test_a_formula_that_reads_its_column_otherwise_is_rendered_cell_by_cell():
    cells = RowFormulas(ColumnNumber() + Ref("a"), small_layout())
    assert not cells.templated
    assert [cells.at(c) for c in (3, 4, 10)] == ["=3+D7", "=4+E7", "=10+K7"]
