"""Differences from the base, computed a row at a time, and their formulas filled from one rendering."""

from __future__ import annotations

import pytest

from projector.analysis import compare
from projector.writers.xlsx.compare_workbook import (
    PAIR_MARKS,
    PairCtx,
    fill_pair,
    pair_formulas,
)
from projector.writers.xlsx.contexts import formula


def test_a_row_of_differences_worked_by_hand():
    # 5 vs 4: +1, +25 %; null: null; -2 vs 4: -6, -150 %; 4 vs 4: 0, 0 %.
    assert compare.deltas([5.0, None, -2.0, 4.0], 4.0) == [
        (1.0, 0.25),
        (None, None),
        (-6.0, -1.5),
        (0.0, 0.0),
    ]


def test_a_zero_or_null_base_gives_null_percentages():
    assert compare.deltas([3.0, -1.0], 0.0) == [(3.0, None), (-1.0, None)]
    assert compare.deltas([3.0], None) == [(None, None)]
    assert compare.deltas([], 1.0) == []


@pytest.mark.parametrize("base", [-50000.0, 0.0, None, 12.5])
def test_a_row_gives_what_each_pair_gives_alone(base):
    values = [-30000.0, None, 0.0, 12.5, 1e-9, 7.25]
    assert compare.deltas(values, base) == [compare.delta(v, base) for v in values]


@pytest.mark.parametrize("null_text", ["n/a", "n.d.", 'say "none"'])
def test_difference_formulas_filled_in_are_the_ones_rendered_per_cell(null_text):
    cells = {"value": "F12", "base": "$C12"}
    expected = tuple(
        formula(e, PairCtx(cells, null_text)) for e in (compare.DELTA, compare.DELTA_PCT)
    )
    marks = {PAIR_MARKS[k]: cell for k, cell in cells.items()}
    assert tuple(fill_pair(t, marks) for t in pair_formulas(null_text)) == expected
    assert (
        expected[0]
        == f'=IF(AND(ISNUMBER(F12),ISNUMBER($C12)),F12-$C12,"{null_text.replace(chr(34), 2 * chr(34))}")'
    )
