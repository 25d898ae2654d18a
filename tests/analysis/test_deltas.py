"""Differences from the base, a row or a whole sheet at a time, and their formulas rendered once."""

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


def test_rows_of_different_lengths_each_against_its_own_base_worked_by_hand():
    # The Compare sheet's rows in one pass: 6 vs 4 is +2, +50 %; 1 vs -2 is +3, +150 %
    # (of the base's size); nothing against 7; null against null; 0 vs 0 is 0, null %.
    rows = [[6.0, 4.0], [1.0], [], [None, 3.0], [0.0]]
    assert compare.delta_rows(rows, [4.0, -2.0, 7.0, None, 0.0]) == [
        [(2.0, 0.5), (0.0, 0.0)],
        [(3.0, 1.5)],
        [],
        [(None, None), (None, None)],
        [(0.0, None)],
    ]
    assert compare.delta_rows([], []) == []


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
