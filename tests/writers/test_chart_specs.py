"""One chart, one spec: the report's SVGs and the deck's native charts draw the same data.

The presentation context holds each chart as a `ChartSpec`; `writers.charts.draw`
turns it into SVG and the deck reads its series from it. These tests catch a
writer that goes back to the projection (or anywhere else) for its numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from projector import scenario
from projector.analysis import compare, sensitivity
from projector.model import Projection, kpis, project
from projector.present import compare as present_compare
from projector.present import report as present_report
from projector.present.charts import ChartSpec
from projector.writers import charts, compare_report, deck, report

ROOT = Path(__file__).resolve().parents[2]
TREASURES = ROOT / "scenarios" / "personalized_treasures.yaml"
VARIANTS = sorted((ROOT / "scenarios" / "personalized_treasures").glob("*.yaml"))
DAY = dt.date(2027, 3, 5)


@pytest.fixture(scope="module")
def plan() -> tuple[Projection, present_report.Report]:
    p = project(scenario.load(TREASURES))
    return p, present_report.build(p, kpis.evaluate(p), chart_prefix="t_", generated=DAY)


@pytest.fixture
def drawn_specs(monkeypatch: pytest.MonkeyPatch) -> list[ChartSpec]:
    """The specs the SVG writer is handed, recorded instead of drawn (no matplotlib)."""
    seen: list[ChartSpec] = []

    def record(spec: ChartSpec, written: Any) -> str:
        seen.append(spec)
        return f'<svg id="{spec.id}"/>'

    monkeypatch.setattr(charts, "DRAW", dict.fromkeys(charts.DRAW, record))
    return seen


def _chart(d: deck.Deck, slide_id: str, kind: str) -> deck.Chart:
    slide = next(s for s in d.slides if s.id == slide_id)
    return next(c for c in slide.parts if isinstance(c, deck.Chart) and c.kind == kind)


def test_the_svg_charts_draw_the_context_s_own_specs(plan, drawn_specs):
    _, r = plan
    out = report.render(r)
    assert [id(s) for s in drawn_specs] == [id(s) for s in r.charts]  # the very objects
    assert sorted(out.charts) == sorted(s.file for s in r.charts)


def test_the_deck_and_the_svg_charts_read_the_same_series_the_engine_computed(plan, drawn_specs):
    p, r = plan
    report.render(r)
    svg = {s.id: s for s in drawn_specs}
    d = deck.build(r, p, sensitivity.tornado(p.scenario), DAY)
    # One context object feeds both writers ...
    for chart_id in ("cash", "orders", "waterfall"):
        assert svg[chart_id] is r.chart(chart_id)
    # ... and its series are the engine's own arrays, which the deck's charts carry.
    cash, orders = svg["cash"].series, svg["orders"].series
    assert cash[0].values is p.monthly["cash"]
    assert orders[0].values is p.monthly["new_customers"]
    assert orders[1].values is p.monthly["repeat_orders"]
    native = _chart(d, "cash", "line").series[0].values
    assert np.array_equal(native, p.monthly["cash"])
    new, repeat = _chart(d, "revenue", "stacked").series
    assert np.array_equal(new.values, p.monthly["new_customers"])
    assert np.array_equal(repeat.values, p.monthly["repeat_orders"])
    assert new.name == orders[0].label and repeat.name == orders[1].label
    # The waterfall: the deck's categories are the spec's steps, its totals the engine's.
    steps = svg["waterfall"].steps
    waterfall = _chart(d, "unit", "waterfall")
    assert waterfall.categories == tuple(s.label for s in steps)
    totals = [v for v in waterfall.series[1].values if v is not None]
    assert totals == pytest.approx([s.value for s in steps if s.kind in ("start", "total")])
    assert totals[-1] == pytest.approx(p.summary["margin_per_order"])


def test_the_deck_draws_what_the_spec_says_not_what_the_projection_says(plan):
    """Shift every spec's series: the deck's charts follow the spec, not the engine."""
    p, r = plan

    def shifted(spec: ChartSpec) -> ChartSpec:
        moved = tuple(
            dataclasses.replace(s, values=np.asarray(s.values) + 1.0) for s in spec.series
        )
        steps = tuple(dataclasses.replace(s, label=f"{s.label}!") for s in spec.steps)
        return dataclasses.replace(spec, series=moved, steps=steps)

    tampered = dataclasses.replace(r, charts=tuple(shifted(c) for c in r.charts))
    d = deck.build(tampered, p, sensitivity.tornado(p.scenario), DAY)
    cash = _chart(d, "cash", "line").series[0].values
    assert np.array_equal(cash, p.monthly["cash"] + 1.0)
    new, repeat = _chart(d, "revenue", "stacked").series
    assert np.array_equal(new.values, p.monthly["new_customers"] + 1.0)
    assert np.array_equal(repeat.values, p.monthly["repeat_orders"] + 1.0)
    assert all(c.endswith("!") for c in _chart(d, "unit", "waterfall").categories)


def test_the_comparison_deck_and_svg_overlay_share_one_spec(drawn_specs):
    c = compare.compare(VARIANTS, "t")
    cr = present_compare.build(c, chart_prefix="t_", generated=DAY)
    compare_report.render(cr)
    svg = {s.id: s for s in drawn_specs}
    assert svg["cash"] is cr.chart("cash")
    slides = deck.compare_slides(cr, c)
    native = next(p for p in slides[0].parts if isinstance(p, deck.Chart)).series
    for line, e in zip(native, c.entries, strict=False):
        spec = next(s for s in svg["cash"].series if s.label == line.name)
        assert spec.values == pytest.approx(list(e.projection.monthly["cash"]))
        assert np.array_equal(line.values, e.projection.monthly["cash"])


def test_a_spec_says_how_its_values_are_written():
    """The value axis of the same spec reads money in one plan and counts in another kind."""
    p = project(scenario.load(TREASURES))
    r = present_report.build(p, kpis.evaluate(p), chart_prefix="t_", generated=DAY)
    kinds = {s.id: s.value_kind for s in r.charts}
    assert kinds == {
        "revenue_costs": "money",
        "ebitda": "money",
        "cash": "money",
        "orders": "count",
        "waterfall": "money2",
    }
    low = int(p.summary["min_cash_month"]) - 1
    assert [m.index for m in r.chart("cash").markers] == [low]
    assert [m.index for m in r.chart("ebitda").markers] == [int(p.summary["break_even_month"]) - 1]
