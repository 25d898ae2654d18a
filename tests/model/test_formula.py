"""Formula strings are built in one place and checked here as strings, without files."""

from __future__ import annotations

import numpy as np
import pytest

from projector.model.formula import (
    Const,
    FirstMonth,
    Floor,
    If,
    Input,
    Max,
    Month,
    Null,
    Ref,
    SafeDiv,
    Sum,
)


class Ctx:
    """A stand-in for the workbook's rendering context: names say where things are."""

    null_text = "n/a"

    def input_ref(self, path):
        return "IN_" + "_".join(str(p) for p in path)

    def input_range(self, paths):
        return f"{self.input_ref(paths[0])}:{self.input_ref(paths[-1])}"

    def ref(self, line_id, lag):
        return f"{line_id}{'_prev' if lag else ''}"

    def refs(self, line_ids):
        return f"{line_ids[0]}:{line_ids[-1]}"

    def month(self):
        return "T"

    def name(self, line_id):
        return line_id


A, B, C = Ref("a"), Ref("b"), Ref("c")


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (A + B * C, "a+b*c"),
        ((A + B) * C, "(a+b)*c"),
        (A - (B - C), "a-(b-c)"),
        (A - B - C, "a-b-c"),
        (A / (B * C), "a/(b*c)"),
        (A * B / C, "a*b/c"),
        ((1 + A) ** (Month() - 1), "(1+a)^(T-1)"),
        (-A, "-a"),
        (-(A + B), "-(a+b)"),
        (A * -2, "a*-2"),
        (Ref("cash", 1) + A, "cash_prev+a"),
        (SafeDiv(A, B + C), "IF(b+c=0,0,a/(b+c))"),
        (If(A.ge(0), 1, 0), "IF(a>=0,1,0)"),
        (Max(0, B - A), "MAX(0,b-a)"),
        (Floor((Month() - Input(("x",))) / 12), "INT((T-IN_x)/12)"),
        (Sum([A, B, C]), "SUM(a:c)"),
        (Sum([A, B]) + C, "SUM(a:b)+c"),
        (Sum([]), "0"),
        (Const(0.0429), "0.0429"),
        (Const(12.0), "12"),
        (If(A.eq(0), Null(), B / A), 'IF(a=0,"n/a",b/a)'),
        (
            FirstMonth("ebitda", ">=", Const(0)),
            'IF(COUNTIF(ebitda,">=0")=0,"n/a",IF(COLUMNS(ebitda)=1,1,MATCH(TRUE,ebitda>=0,0)))',
        ),
        (FirstMonth("flag", "=", Const(1)), 'IF(COUNTIF(flag,1)=0,"n/a",MATCH(1,flag,0))'),
    ],
)
def test_rendering(expr, text):
    assert expr.render(Ctx()) == text


def test_only_inequality_searches_need_an_array_formula():
    assert FirstMonth("ebitda", ">=", Const(0)).needs_array()
    assert not FirstMonth("flag", "=", Const(1)).needs_array()


class Env:
    def input(self, path):
        return {"x": 0.0}[path[0]]

    def ref(self, line_id, lag, idx):
        return {"a": np.array([6.0, 0.0]), "b": np.array([3.0, 0.0])}[line_id][idx]


def test_safe_division_gives_zero_when_the_denominator_is_zero():
    idx = np.arange(2)
    assert SafeDiv(A, B).evaluate(Env(), idx).tolist() == [2.0, 0.0]


def test_line_refs_report_lags_for_the_engine_order():
    expr = Ref("active_customers", 1) * Input(("churn",)) + Ref("new_customers")
    assert set(expr.line_refs()) == {("active_customers", 1), ("new_customers", 0)}
