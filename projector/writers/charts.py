"""The report's charts, drawn with matplotlib as self-contained SVG.

Charts only draw: every value, label and tick text arrives from a chart spec of
the presentation context (`projector.present.charts`: numbers from the engine,
words and number formats in the scenario's locale); `draw` turns one spec into SVG.
The output is deterministic, so the same scenario gives byte-identical files:
no date in the metadata, a fixed hash salt per chart for the SVG's ids, and
text kept as text (`svg.fonttype = none`), which also lets a reader search the
PDF for a chart's title.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

from projector.present.charts import Axis, ChartSpec, Series, Step, Values

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    from projector.present.numbers import Formatter

BLUE, LIGHT_BLUE, ORANGE = "#1f4e9e", "#8fb0e0", "#d9822b"
GREEN, RED, GREY = "#2e7d32", "#c62828", "#7f7f7f"
WIDTH, HEIGHT = 7.0, 2.9  # inches: fits the 180 mm text width of A4 and Letter

RC = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 8.5,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#9a9a9a",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": "#e3e3e3",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
}

Format = Callable[[float], str]


def matplotlib_module() -> ModuleType:
    """matplotlib, imported when the first chart is drawn: commands that draw none
    (validate, show, schema) and modules that only describe charts start faster."""
    import matplotlib
    import matplotlib.figure
    import matplotlib.patches
    import matplotlib.path
    import matplotlib.ticker

    matplotlib.use("Agg")  # no display, no GUI toolkit: the report runs on servers and in CI
    return matplotlib


def _rc_context(rc: dict[str, Any]) -> AbstractContextManager[None]:
    return matplotlib_module().rc_context(rc)


def _new_figure(width: float, height: float) -> Figure:
    return matplotlib_module().figure.Figure(figsize=(width, height), layout="constrained")


def bars(
    ax: Axes,
    heights: Values,
    color: str,
    *,
    bottoms: Values | None = None,
    width: float = 0.8,
    label: str | None = None,
) -> None:
    """Bars at x = 0, 1, 2... drawn as one path: the rectangles `ax.bar` would draw.

    `ax.bar` makes an artist per bar, and a 240-month chart has hundreds, each laid
    out and written to the SVG on its own; one compound path draws the same
    picture for a fraction of the work.  As with `ax.bar`, every bar, even of zero
    height, counts for the axis limits, and every bar's bottom holds the axis
    margins back (its sticky edges).
    """
    path = matplotlib_module().path.Path
    base = list(bottoms) if bottoms is not None else [0.0] * len(heights)
    vertices: list[tuple[float, float]] = []
    for x, (height, bottom) in enumerate(zip(heights, base, strict=True)):
        left, right, top = x - width / 2, x + width / 2, bottom + height
        vertices += [(left, bottom), (right, bottom), (right, top), (left, top), (left, bottom)]
    codes = [path.MOVETO, path.LINETO, path.LINETO, path.LINETO, path.CLOSEPOLY] * len(base)
    shape = path(vertices, codes)
    patch = matplotlib_module().patches.PathPatch(
        shape, facecolor=color, edgecolor="none", label=label or "_nolegend_"
    )
    patch.sticky_edges.y.extend(base)
    ax.add_patch(patch)
    ax.autoscale()  # as ax.bar does: the limits follow the bars when the figure is drawn


def _formatter(fmt: Format) -> FuncFormatter:
    return matplotlib_module().ticker.FuncFormatter(lambda v, _: fmt(v))


@contextmanager
def _figure(salt: str) -> Iterator[Figure]:
    with _rc_context({**RC, "svg.hashsalt": f"projector-{salt}"}):
        yield _new_figure(WIDTH, HEIGHT)


def _title(fig: Figure, title: str) -> None:
    """Titles sit flush left on the figure, like the report's headings, not over the axes."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=10.5, fontweight="bold")


def _svg(fig: Figure) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _time_axis(ax: Axes, axis: Axis) -> None:
    ax.set_xlim(-0.6, axis.size - 0.4)
    ax.set_xticks([i for i, _ in axis.ticks], [label for _, label in axis.ticks])
    ax.tick_params(axis="x", length=3)


def _money_axis(ax: Axes, fmt: Format) -> None:
    ax.yaxis.set_major_formatter(_formatter(fmt))


LEGEND_ROOM = 1.25  # the top of the value axis over the highest value: the legend's band
FEW_POINTS = 3  # a line over this few months gets a dot on each month, or it barely shows


def _legend(ax: Axes, columns: int, high: float) -> None:
    """The legend in a band above the highest value, so no bar or line runs through it."""
    if high > 0:
        ax.set_ylim(top=high * LEGEND_ROOM)
    ax.legend(loc="upper left", ncols=columns, fontsize=8, handlelength=1.6)


def _dots(axis: Axis) -> dict[str, Any]:
    """Markers for a line of very few months: a 1-month line is a single invisible point."""
    return {"marker": "o", "markersize": 5} if axis.size <= FEW_POINTS else {}


def revenue_vs_costs(
    title: str, axis: Axis, series: Sequence[tuple[str, Values]], money: Format
) -> str:
    """Net revenue against total costs: where the lines cross, EBITDA turns positive."""
    with _figure("revenue-costs") as fig:
        ax = fig.add_subplot()
        x = range(axis.size)
        for (label, values), color in zip(series, (BLUE, ORANGE), strict=False):
            ax.plot(x, values, color=color, linewidth=1.8, label=label, **_dots(axis))
        ax.set_ylim(bottom=0)
        _time_axis(ax, axis)
        _money_axis(ax, money)
        _title(fig, title)
        _legend(ax, 2, max((max(v, default=0.0) for _, v in series), default=0.0))
        return _svg(fig)


def ebitda(
    title: str, axis: Axis, values: Values, money: Format, marker: tuple[int, str] | None
) -> str:
    """Monthly EBITDA as bars, green above zero and red below, break-even marked."""
    with _figure("ebitda") as fig:
        ax = fig.add_subplot()
        bars(ax, [v if v >= 0 else 0.0 for v in values], GREEN)
        bars(ax, [v if v < 0 else 0.0 for v in values], RED)
        ax.axhline(0, color="#333333", linewidth=0.8)
        if marker is not None:
            _marker(ax, *marker)
        _time_axis(ax, axis)
        _money_axis(ax, money)
        _title(fig, title)
        return _svg(fig)


def _marker(ax: Axes, index: int, label: str) -> None:
    ax.axvline(index, color=GREY, linewidth=0.9, linestyle="--")
    ax.annotate(
        label,
        (index, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -2),
        textcoords="offset points",
        va="top",
        fontsize=8,
        color="#333333",
        bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
    )


def cash(
    title: str,
    axis: Axis,
    values: Values,
    money: Format,
    zero: str,
    lowest: tuple[int, str],
) -> str:
    """Cash balance with the zero line drawn and any shortfall shaded red."""
    with _figure("cash") as fig:
        ax = fig.add_subplot()
        x = range(axis.size)
        ax.plot(x, values, color=BLUE, linewidth=1.8, **_dots(axis))
        ax.fill_between(
            x,
            values,
            0,
            where=[v < 0 for v in values],
            color=RED,
            alpha=0.25,
            interpolate=True,
            linewidth=0,
        )
        ax.axhline(0, color=RED, linewidth=1.0)
        ax.annotate(
            zero,
            (0, 0),
            xycoords=("axes fraction", "data"),
            xytext=(2, 3),
            textcoords="offset points",
            fontsize=7.5,
            color=RED,
        )
        index, label = lowest
        ax.plot([index], [values[index]], marker="o", color=RED, markersize=4)
        ax.annotate(
            label,
            (index, values[index]),
            xytext=(6, -4),
            textcoords="offset points",
            va="top",
            fontsize=8,
            color="#333333",
        )
        low, high = min(0.0, min(values)), max(0.0, max(values))
        if high > low:
            ax.set_ylim(low - 0.12 * (high - low), high + 0.05 * (high - low))  # label room
        _time_axis(ax, axis)
        _money_axis(ax, money)
        _title(fig, title)
        return _svg(fig)


def orders(title: str, axis: Axis, series: Sequence[tuple[str, Values]], count: Format) -> str:
    """New and repeat orders stacked: how much of the business comes back on its own."""
    with _figure("orders") as fig:
        ax = fig.add_subplot()
        (new_label, new), (repeat_label, repeat) = series
        bars(ax, new, BLUE, label=new_label)
        bars(ax, repeat, LIGHT_BLUE, bottoms=new, label=repeat_label)
        _time_axis(ax, axis)
        ax.yaxis.set_major_formatter(_formatter(count))
        _title(fig, title)
        _legend(ax, 2, max((a + b for a, b in zip(new, repeat, strict=True)), default=0.0))
        return _svg(fig)


def waterfall(title: str, steps: Sequence[Step], money: Format) -> str:
    """From the order's price to its margin, one horizontal bar per revenue or cost item."""
    with _figure("waterfall") as fig:
        ax = fig.add_subplot()
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        level = 0.0
        for row, step in enumerate(steps):
            left, width, color = _bar(step, level)
            ax.barh(row, width, left=left, color=color, height=0.66)
            level = left + width if step.kind != "change" or step.value >= 0 else left
            ax.annotate(
                money(step.value),
                (max(left, left + width), row),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
            )
        ax.set_yticks(range(len(steps)), [s.label for s in steps])
        ax.invert_yaxis()
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.xaxis.set_major_formatter(_formatter(money))
        ax.margins(x=0.12)
        _title(fig, title)
        return _svg(fig)


def _bar(step: Step, level: float) -> tuple[float, float, str]:
    """Where a waterfall bar starts, how long it is, and its colour."""
    if step.kind == "total":
        return 0.0, step.value, BLUE if step.value >= 0 else RED
    if step.kind == "start":
        return 0.0, step.value, LIGHT_BLUE
    if step.value >= 0:
        return level, step.value, GREEN
    return level + step.value, -step.value, ORANGE


_ID = re.compile(r'\bid="([^"]+)"')


def inline(svg: str, prefix: str, label: str) -> str:
    """An SVG ready to sit inside an HTML page beside others.

    Drops the XML prolog, makes every id unique to this chart (matplotlib
    numbers its groups the same way in every figure) and gives the image an
    accessible name.
    """
    body = svg[svg.index("<svg") :]
    ids = set(_ID.findall(body))
    body = _ID.sub(lambda m: f'id="{prefix}-{m[1]}"', body)
    body = re.sub(
        r"(href=\"#|url\(#)([^\")]+)",
        lambda m: f"{m[1]}{prefix}-{m[2]}" if m[2] in ids else m[0],
        body,
    )
    label = label.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return body.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1).strip()


# --- Comparison charts: one line per scenario ----------------------------------------------

# Scenario lines after the base: ten colours, then the same colours dashed, then dotted...
# so that up to 30 scenarios (and more) stay told apart, in colour and in grayscale.
PALETTE = (
    "#d9822b",
    "#2a9d8f",
    "#c62828",
    "#6a3d9a",
    "#1f77b4",
    "#8c564b",
    "#d62f9b",
    "#7a8f00",
    "#17becf",
    "#7f7f7f",
)
DASHES = ("solid", (0, (5, 1.8)), (0, (1.2, 1.4)), (0, (7, 2, 1.5, 2)))
BASE_COLOR = "#1d2433"


def series_style(index: int) -> tuple[str, object]:
    """Colour and dash pattern of the `index`-th scenario after the base (0-based)."""
    return PALETTE[index % len(PALETTE)], DASHES[(index // len(PALETTE)) % len(DASHES)]


def _legend_columns(labels: Sequence[str]) -> int:
    longest = max((len(x) for x in labels), default=0)
    fits = 4 if longest <= 22 else 3 if longest <= 32 else 2
    return max(1, min(fits, len(labels)))


def overlay(
    salt: str,
    title: str,
    axis: Axis,
    series: Sequence[Series],
    fmt: Format,
    *,
    zero: bool = False,
    xlabel: str = "",
) -> str:
    """Several scenarios' monthly values on one time axis, the legend below the plot.

    `salt` names the chart in the SVG's ids (one per chart of a page). Long labels
    are shortened in the legend; the report lists every scenario in full.
    """
    labels = [_shorten(s.label, 60) for s in series]
    columns = _legend_columns(labels)
    rows = -(-len(series) // columns)
    # Scenario names are free text: `$5 $6` is not math, `_draft` is not a hidden label.
    rc = {**RC, "svg.hashsalt": f"projector-compare-{salt}", "text.parse_math": False}
    with _rc_context(rc):
        fig = _new_figure(WIDTH, HEIGHT + 0.17 * rows)
        ax = fig.add_subplot()
        if zero:
            ax.axhline(0, color="#333333", linewidth=0.8)
        others, handles = 0, []
        for s in series:
            x = range(len(s.values))
            if s.base:
                handles += ax.plot(x, s.values, color=BASE_COLOR, linewidth=2.4, zorder=3)
            else:
                color, dash = series_style(others)
                others += 1
                handles += ax.plot(
                    x, s.values, color=color, linestyle=dash, linewidth=1.25, zorder=2
                )
        _time_axis(ax, axis)
        _money_axis(ax, fmt)
        if xlabel:
            ax.set_xlabel(xlabel, fontsize=8, color="#444444")
        _title(fig, title)
        fig.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=columns,
            fontsize=7.5,
            handlelength=3.2,
            columnspacing=1.6,
            borderaxespad=0.2,
        )
        return _svg(fig)


def _shorten(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


# --- Risk analysis: bands over the simulated futures, their spread and the tornado. ---


def fan(
    title: str, axis: Axis, bands: dict[str, Sequence[float | None]], money: Format, salt: str
) -> str:
    """A fan chart: the P10-P90 band shaded around the P50 line."""
    with _figure(salt) as fig:
        ax = fig.add_subplot()
        x = range(axis.size)
        p10, p50, p90 = (
            [float("nan") if v is None else v for v in bands[k]] for k in ("p10", "p50", "p90")
        )
        ax.fill_between(x, p10, p90, color=LIGHT_BLUE, alpha=0.6, linewidth=0, label="P10–P90")
        ax.plot(x, p50, color=BLUE, linewidth=1.8, label="P50")
        ax.axhline(0, color=GREY, linewidth=0.8)
        _time_axis(ax, axis)
        _money_axis(ax, money)
        _title(fig, title)
        _legend(ax, 2, float(np.nanmax([*p90, 0.0])))
        return _svg(fig)


def histogram(title: str, values: Iterable[float], money: Format, futures: str) -> str:
    """How many simulated futures need how much funding (0 when the cash never runs out)."""
    with _figure("risk-funding") as fig:
        ax = fig.add_subplot()
        data = [v for v in values if v == v]
        high = max(data) if data else 0.0
        edges = [high * i / 20 for i in range(21)] if high > 0 else [-0.5, 0.5]
        ax.hist(data, bins=edges, color=BLUE, edgecolor="white", linewidth=0.5)
        ax.set_ylabel(futures)
        ax.xaxis.set_major_formatter(_formatter(money))
        _title(fig, title)
        return _svg(fig)


def tornado(
    title: str, bars: Sequence[tuple[str, float, float]], base: float, money: Format
) -> str:
    """Each input's ending cash at its low and its high, as bars from the base case."""
    with _figure("risk-tornado") as fig:
        fig.set_size_inches(WIDTH, max(HEIGHT, 0.9 + 0.32 * len(bars)))
        ax = fig.add_subplot()
        y = list(range(len(bars)))
        lows = [low - base for _, low, _ in bars]
        highs = [high - base for _, _, high in bars]
        ax.barh(y, lows, left=base, color=ORANGE, height=0.6, label="P10")
        ax.barh(y, highs, left=base, color=BLUE, height=0.6, label="P90")
        ax.axvline(base, color=GREY, linewidth=0.8)
        ax.set_yticks(y, [_shorten(name, 40) for name, _, _ in bars])
        ax.invert_yaxis()
        ax.grid(axis="x")
        ax.xaxis.set_major_formatter(_formatter(money))
        _title(fig, title)
        ax.legend(loc="lower right", ncols=2, fontsize=8, handlelength=1.6)
        return _svg(fig)


# --- One chart spec of a presentation context, drawn ---------------------------------


def draw(spec: ChartSpec, fmt: Formatter) -> str:
    """The SVG of one chart spec, its values written by `fmt` as `spec.value_kind` says."""

    def written(value: float) -> str:
        return fmt.show(value, spec.value_kind)

    return DRAW[spec.kind](spec, written)


def _lines(spec: ChartSpec) -> list[tuple[str, Values]]:
    return [(s.label, s.values) for s in spec.series]


def _time(spec: ChartSpec) -> Axis:
    if spec.axis is None:
        raise ValueError(f"chart {spec.id!r} draws over months but has no time axis")
    return spec.axis


def _marked(spec: ChartSpec) -> tuple[int, str] | None:
    return (spec.markers[0].index, spec.markers[0].label) if spec.markers else None


def _cash(spec: ChartSpec, written: Format) -> str:
    lowest = _marked(spec)
    if lowest is None:
        raise ValueError(f"chart {spec.id!r} needs its lowest month marked")
    return cash(spec.title, _time(spec), spec.series[0].values, written, spec.zero, lowest)


# How each kind of chart spec is drawn.
DRAW: dict[str, Callable[[ChartSpec, Format], str]] = {
    "revenue_costs": lambda c, w: revenue_vs_costs(c.title, _time(c), _lines(c), w),
    "ebitda": lambda c, w: ebitda(c.title, _time(c), c.series[0].values, w, _marked(c)),
    "cash": _cash,
    "orders": lambda c, w: orders(c.title, _time(c), _lines(c), w),
    "waterfall": lambda c, w: waterfall(c.title, c.steps, w),
    "overlay": lambda c, w: overlay(
        c.salt or c.id, c.title, _time(c), c.series, w, zero=c.zero_line, xlabel=c.xlabel
    ),
    "fan": lambda c, w: fan(c.title, _time(c), dict(c.bands), w, c.salt or c.id),
    "histogram": lambda c, w: histogram(c.title, c.series[0].values, w, c.ylabel),
    "tornado": lambda c, w: tornado(c.title, [(b.label, b.low, b.high) for b in c.bars], c.base, w),
}
