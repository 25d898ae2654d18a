"""A line may read another any number of months back: the engine and the workbook agree.

Before the projection starts a line holds its opening value (0 for a line without one),
so in month t a lag of L reads month max(t - L, 0).  Three lines are added to the tiny
scenario (3 months from Nov 2027, starting cash 5,000) and worked out by hand:

    lag2_revenue = net_revenue 2 months before: 0, 0, then month 1's 7,537.92
    lag3_cash    = cash 3 months before: the opening 5,000 in all three months
    fib          = fib(t-1) + fib(t-2), opening 1: 1+1 = 2, 2+1 = 3, 3+2 = 5
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from recalc import error_cells, mismatches, named_range_values, recalc_libreoffice, workbook_values

from projector.model import COUNT, FLOW, MONEY, STOCK, Line, engine, project
from projector.model.formula import Const, ModelError, Ref
from projector.scenario import load
from projector.writers.xlsx.workbook import write_workbook

TINY = Path(__file__).parents[1] / "fixtures" / "tiny.yaml"
NET_1 = (7550 + 151 * 0.2 * 10) * 0.96  # month 1's net revenue (tests/model/test_model.py)
BY_HAND = {
    "lag2_revenue": [0.0, 0.0, NET_1],
    "lag3_cash": [5000.0, 5000.0, 5000.0],
    "fib": [2.0, 3.0, 5.0],
}
EXTRA = [
    Line(
        id="lag2_revenue",
        label={"en": "Net revenue 2 months before", "fr": "CA net deux mois avant"},
        section="kpis",
        fmt=MONEY,
        rollup=FLOW,
        expr=Ref("net_revenue", 2),
    ),
    Line(
        id="lag3_cash",
        label={"en": "Cash 3 months before", "fr": "Trésorerie trois mois avant"},
        section="kpis",
        fmt=MONEY,
        rollup=STOCK,
        expr=Ref("cash", 3),
    ),
    Line(
        id="fib",
        label={"en": "Fibonacci", "fr": "Fibonacci"},
        section="kpis",
        fmt=COUNT,
        rollup=STOCK,
        expr=Ref("fib", 1) + Ref("fib", 2),
        opening=Const(1),
    ),
]


@pytest.fixture
def lagged(monkeypatch):
    """The tiny projection with the three lagged lines added to its definitions."""
    build = engine.build_lines
    monkeypatch.setattr(engine, "build_lines", lambda s: [*build(s), *EXTRA])
    return project(load(TINY))


def test_engine_reads_any_lag(lagged):
    assert np.allclose(lagged.monthly["net_revenue"][0], NET_1)
    for line_id, expected in BY_HAND.items():
        assert np.allclose(lagged.monthly[line_id], expected), line_id


def test_a_negative_lag_is_refused():
    with pytest.raises(ModelError, match="line 'cash' read at lag -1"):
        Ref("cash", -1)


def test_an_undefined_line_is_named(monkeypatch):
    build = engine.build_lines
    bad = Line(id="bad", label={}, section="kpis", fmt=MONEY, rollup=FLOW, expr=Ref("nowhere"))
    monkeypatch.setattr(engine, "build_lines", lambda s: [*build(s), bad])
    with pytest.raises(ModelError, match=r"line 'bad' reads undefined line\(s\) \['nowhere'\]"):
        project(load(TINY))


def test_a_failure_names_the_line_and_the_month(monkeypatch):
    """A ratio's annual formula may not read last year: the error says which line."""
    build = engine.build_lines
    bad = Line(
        id="bad",
        label={},
        section="kpis",
        fmt=MONEY,
        rollup=engine.RATE,
        expr=Ref("cash"),
        annual_expr=Ref("cash", 1),
    )
    monkeypatch.setattr(engine, "build_lines", lambda s: [*build(s), bad])
    with pytest.raises(ModelError, match="line 'bad', the annual roll-up: reads 'cash' at lag 1"):
        project(load(TINY))


def test_a_failing_month_is_named(monkeypatch):
    """In a line evaluated month by month, the month that failed is named."""

    class Broken(Ref):
        def evaluate(self, env, idx):
            if int(idx[0]) == 1:
                raise ModelError("cannot read")
            return super().evaluate(env, idx)

    build = engine.build_lines
    bad = Line(id="bad", label={}, section="kpis", fmt=MONEY, rollup=STOCK, expr=Broken("bad", 1))
    monkeypatch.setattr(engine, "build_lines", lambda s: [*build(s), bad])
    with pytest.raises(ModelError, match=r"line 'bad', month 2 \(2027-12\): cannot read"):
        project(load(TINY))


@pytest.mark.recalc
def test_libreoffice_reads_the_same_lags(lagged, tmp_path):
    path = tmp_path / "lags.xlsx"
    write_workbook(lagged, path)
    wb = workbook_values(recalc_libreoffice(path, tmp_path / "lo"))
    assert error_cells(wb) == []
    for line_id, expected in BY_HAND.items():
        assert np.allclose(named_range_values(wb, line_id), expected), line_id
    assert mismatches(lagged, wb) == []
