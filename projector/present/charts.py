"""What a chart shows, as plain data: its title, its series with their labels and values,
its axis and how its values are written.

The contexts (plan, comparison, risk) build one `ChartSpec` per chart; every writer
draws from it: the report's matplotlib SVGs (`projector.writers.charts.draw`) and the
deck's native pptx charts.  So the two can never show different numbers, and a new
writer needs no access to the projection to draw the same charts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np

Values: TypeAlias = (
    Sequence[float] | np.ndarray
)  # a line's monthly values, as the engine holds them


@dataclass(frozen=True)
class Axis:
    """A monthly time axis: where to put ticks and what they say."""

    size: int  # number of months
    ticks: Sequence[tuple[int, str]]  # (0-based month index, label)


@dataclass(frozen=True)
class Step:
    """One bar of the per-order waterfall: a start amount, a change, or a total."""

    label: str
    value: float
    kind: str  # "start" | "change" | "total"


@dataclass(frozen=True)
class Series:
    """One series of a chart: its legend label and the engine's values; in a comparison,
    the base scenario's series is drawn thicker, on top."""

    label: str
    values: Values
    base: bool = False


@dataclass(frozen=True)
class Marker:
    """A month singled out on a time chart (break-even, the lowest cash), with its caption."""

    index: int  # 0-based month
    label: str


@dataclass(frozen=True)
class Bar:
    """One input of a tornado: its name and the figure at its low and at its high."""

    label: str
    low: float
    high: float


@dataclass(frozen=True)
class ChartSpec:
    """One chart, ready to draw by any writer.

    `kind` names the drawing (`revenue_costs`, `ebitda`, `cash`, `orders`, `waterfall`,
    `overlay`, `fan`, `histogram`, `tornado`); `value_kind` is how values are written on
    the value axis, a `Formatter.show` kind (`money`, `money2`, `count`).
    """

    id: str
    kind: str
    title: str
    file: str  # the SVG file's name, beside the Markdown
    value_kind: str
    axis: Axis | None = None  # the time axis, for charts over months
    series: tuple[Series, ...] = ()
    steps: tuple[Step, ...] = ()  # the waterfall's bars
    bars: tuple[Bar, ...] = ()  # the tornado's inputs
    bands: Mapping[str, Sequence[float | None]] = field(default_factory=dict)  # fan: p10/p50/p90
    base: float = 0.0  # the tornado's base-case figure
    markers: tuple[Marker, ...] = ()
    zero: str = ""  # the caption of a zero line, when the chart has one
    zero_line: bool = False
    xlabel: str = ""  # the time axis's caption, when it is not calendar months
    ylabel: str = ""  # the value axis's caption (the histogram counts futures)
    salt: str = ""  # the drawing's id prefix, when it differs from `id`
