"""Bars drawn as one path per colour are the picture `ax.bar` draws, for far less work."""

from __future__ import annotations

import re

import pytest

from projector.writers import charts

BLUE = "#1f4e9e"


def axes():
    mpl = charts.matplotlib_module()
    fig = mpl.figure.Figure(figsize=(7, 3))
    return fig, fig.add_subplot()


def rectangles(patch) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each closed square of a compound path."""
    v = patch.get_path().vertices
    out = []
    for i in range(0, len(v), 5):
        xs, ys = v[i : i + 4, 0], v[i : i + 4, 1]
        out.append((round(xs.min(), 9), round(ys.min(), 9), round(xs.max(), 9), round(ys.max(), 9)))
    return out


def test_bars_are_the_rectangles_worked_by_hand():
    fig, ax = axes()
    charts.bars(ax, [3, 0, -2], BLUE)
    charts.bars(ax, [1, 4, 0.5], BLUE, bottoms=[3, 0, -2])
    first, stacked = ax.patches
    # Width 0.8 centred on x = 0, 1, 2; the zero-height bar is a flat square.
    assert rectangles(first) == [(-0.4, 0, 0.4, 3), (0.6, 0, 1.4, 0), (1.6, -2, 2.4, 0)]
    assert rectangles(stacked) == [(-0.4, 3, 0.4, 4), (0.6, 0, 1.4, 4), (1.6, -2, 2.4, -1.5)]


@pytest.mark.parametrize(
    ("heights", "bottoms"),
    [
        ([5.0, 0.0, 7.5, 2.0], None),  # positive, a zero bar: the bottom sticks at 0
        ([-3.0, -1.0, 0.0], None),  # all below zero: the top sticks at 0
        ([0.0, 0.0], None),  # nothing to draw
        ([1.0, 0.0, 2.0], [4.0, 6.0, 0.5]),  # stacked on other bars
    ],
)
def test_axis_limits_are_those_of_ax_bar(heights, bottoms):
    fig, ax = axes()
    charts.bars(ax, heights, BLUE, bottoms=bottoms)
    other_fig, other = axes()
    other.bar(range(len(heights)), heights, bottom=bottoms, width=0.8, color=BLUE)
    assert ax.get_ylim() == pytest.approx(other.get_ylim())
    assert ax.get_xlim() == pytest.approx(other.get_xlim())


def test_a_240_month_bar_chart_writes_a_path_per_colour_not_per_bar():
    values = [(-1) ** t * (100 + t) for t in range(240)]
    axis = charts.Axis(240, tuple((t, str(t)) for t in range(0, 240, 12)))
    svg = charts.ebitda("EBITDA", axis, values, lambda v: f"{v:,.0f}", None)
    assert len(re.findall(r'<g id="patch_\d+"', svg)) < 10
    assert "fill: #2e7d32" in svg and "fill: #c62828" in svg  # green above zero, red below
