"""KPIs from published industry articles, held against benchmark ranges.

Each KPI is a formula of the same kind as the summary's (projector.model.formula),
so its value comes from the engine and its workbook cell is a live formula.
The benchmark ranges live in data files, one per industry
(`projector/data/benchmarks/<industry>.yaml`), each figure citing the title of
the article it comes from.

Money benchmarks are US dollars. A plan in another currency has them converted
with `scenario.usd_rate` and judged; without a rate they stay in US dollars,
are shown so, and are not judged (a yen figure is not comparable with a dollar
range).

A KPI that only reads typed-in inputs (AOV, return rate, a conversion rate) is
an assumption: beyond the strong end of its range it is not "strong" but
"optimistic", the point an investor will ask evidence for.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from projector.locale.catalogue import localized
from projector.locale.catalogue import table as word_table
from projector.model import Projection, evaluate_scalar
from projector.model.facts import Better
from projector.model.formula import Const, Expr, Input, Item, Year1
from projector.model.lines import en_fr
from projector.scenario import Scenario

DATA = resources.files("projector") / "data" / "benchmarks"  # package data, also in a wheel

STATUS = word_table("status.")  # the words of each status, by language
NULL = word_table("xl.")["null"]  # a status with no value: n/a, n.d.
MONEY_FORMATS = ("money", "money2")  # KPI formats whose benchmarks are US dollars


@dataclass(frozen=True, kw_only=True)
class Kpi:
    id: str
    label: dict[str, str]
    fmt: str
    expr: Expr


@dataclass(frozen=True, kw_only=True)
class Benchmark:
    kpi: str
    better: Better
    low: float
    typical: float
    high: float
    source: dict[str, str]  # by language


@dataclass(frozen=True, kw_only=True)
class KpiResult:
    kpi: Kpi
    benchmark: Benchmark
    value: float | None
    status: str | None  # weak | ok | strong | optimistic | unjudged; None when the value is n/a
    in_usd: bool = False  # the benchmark figures are US dollars (a non-USD plan with no usd_rate)
    published: Benchmark | None = None  # the US-dollar original of a converted benchmark

    @property
    def is_point(self) -> bool:
        """A result an investor will raise: weak, or an assumption past the strong end."""
        return self.status in ("weak", "optimistic")


def catalogue(s: Scenario) -> dict[str, Kpi]:
    """Every KPI projector can measure for this scenario."""
    kpis = [
        Kpi(
            id="ltv_to_cac", label=en_fr("LTV:CAC", "LTV:CAC"), fmt="ratio", expr=Item("ltv_to_cac")
        ),
        Kpi(
            id="clv",
            label=en_fr("Customer lifetime value", "Valeur vie client"),
            fmt="money2",
            expr=Item("clv"),
        ),
        Kpi(
            id="cac", label=en_fr("CAC, Year 1", "CAC, année 1"), fmt="money2", expr=Item("cac_y1")
        ),
        Kpi(
            id="aov",
            label=en_fr("Average order value", "Panier moyen"),
            fmt="money2",
            expr=Input(("orders", "aov")),
        ),
        Kpi(
            id="return_rate",
            label=en_fr("Return rate", "Taux de retour"),
            fmt="share",
            expr=Input(("orders", "return_rate")),
        ),
        Kpi(
            id="material_cost",
            label=en_fr("Material cost, % of product sales", "Coût matière, % des ventes"),
            fmt="share",
            expr=Input(("unit_costs", "material")),
        ),
        Kpi(
            id="gross_margin",
            label=en_fr("Gross margin, Year 1", "Marge brute, année 1"),
            fmt="share",
            expr=Year1("gross_margin"),
        ),
        Kpi(
            id="contribution_margin",
            label=en_fr("Contribution margin, Year 1", "Taux de contribution, année 1"),
            fmt="share",
            expr=Year1("contribution_margin"),
        ),
        Kpi(
            id="ebitda_margin",
            label=en_fr("EBITDA margin, Year 1", "Taux d'EBE, année 1"),
            fmt="share",
            expr=Year1("ebitda_margin"),
        ),
        Kpi(
            id="net_margin",
            label=en_fr("Net margin, Year 1", "Marge nette, année 1"),
            fmt="share",
            expr=Year1("net_margin"),
        ),
        Kpi(
            id="repeat_rate",
            label=en_fr("Repeat orders per customer per month", "Réachat par client et mois"),
            fmt="share",
            expr=Input(("customers", "repeat_rate")),
        ),
        Kpi(
            id="retention",
            label=en_fr("Monthly retention (1 - churn)", "Rétention mensuelle (1 - attrition)"),
            fmt="share",
            expr=1 - Input(("customers", "churn")),
        ),
        Kpi(
            id="conversion",
            label=en_fr("Conversion rate, Year 1", "Taux de conversion, année 1"),
            fmt="share",
            expr=Year1("conversion_rate"),
        ),
        Kpi(
            id="upsell_take_rate",
            label=en_fr("Upsell take rate", "Taux de prise d'option"),
            fmt="share",
            expr=Input(("orders", "upsell", "take_rate")),
        ),
    ]
    for i, c in enumerate(s.acquisition.channels):
        kpis.append(
            Kpi(
                id=f"conversion_{c.name}",
                label=en_fr(f"Conversion: {c.shown}", f"Conversion : {c.shown}"),
                fmt="share",
                expr=Input(("acquisition", "channels", i, "conversion")),
            )
        )
    return {k.id: k for k in kpis}


@cache
def load_benchmarks(industry: str) -> tuple[dict[str, str], tuple[Benchmark, ...]]:
    """The benchmark set of an industry: its label and its ranges."""
    data = yaml.safe_load((DATA / f"{industry}.yaml").read_text(encoding="utf-8"))
    marks = tuple(
        Benchmark(
            kpi=b["kpi"],
            better=Better(b["better"]),
            low=float(b["low"]),
            typical=float(b["typical"]),
            high=float(b["high"]),
            source=localized(b.get("source", "")),
        )
        for b in data["kpis"]
    )
    return data["label"], marks


# --- The status: one rule, evaluated here and rendered for the workbook ----------------------

Mark = Literal["low", "high"]  # the benchmark's low or high figure
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@dataclass(frozen=True)
class Against:
    """The value compared with one end of the range: `value op mark`."""

    op: str  # one of _OPS
    mark: Mark


@dataclass(frozen=True)
class Within:
    """Every comparison holds (AND)."""

    tests: tuple[Against, ...]


@dataclass(frozen=True)
class Choice:
    """IF(test, then, otherwise), each branch a status word or a further choice."""

    test: Against | Within
    then: str | Choice
    otherwise: str | Choice


def rule(better: str, assumption: bool = False) -> Choice:
    """Where a value stands in its range: the one definition of the KPI status.

    `status` evaluates it in Python and `status_formula` renders it for the workbook,
    so changing a comparison here changes both.  An outcome at or past the strong end
    is "strong"; an assumption past it is "optimistic", since the plan merely asserts it.
    """
    if better == Better.RANGE:
        return Choice(Within((Against(">=", "low"), Against("<=", "high"))), "ok", "weak")
    higher = better == Better.HIGHER
    weak_end: Mark = "low" if higher else "high"
    strong_end: Mark = "high" if higher else "low"
    below, past = ("<", ">") if higher else (">", "<")
    top = (
        Choice(Against(past, strong_end), "optimistic", "ok")
        if assumption
        else Choice(Against(past + "=", strong_end), "strong", "ok")
    )
    return Choice(Against(below, weak_end), "weak", top)


def _holds(test: Against | Within, value: float, marks: dict[str, float]) -> bool:
    if isinstance(test, Within):
        return all(_holds(t, value, marks) for t in test.tests)
    return _OPS[test.op](value, marks[test.mark])


def _decide(choice: str | Choice, value: float, marks: dict[str, float]) -> str:
    while isinstance(choice, Choice):
        choice = choice.then if _holds(choice.test, value, marks) else choice.otherwise
    return choice


def status(value: float | None, b: Benchmark, assumption: bool = False) -> str | None:
    """Where a value stands in its range, by `rule` (the workbook's formula renders the same)."""
    if value is None:
        return None
    return _decide(rule(b.better, assumption), value, {"low": b.low, "high": b.high})


def _test_text(test: Against | Within, value: str, marks: dict[str, str]) -> str:
    if isinstance(test, Within):
        return f"AND({','.join(_test_text(t, value, marks) for t in test.tests)})"
    return f"{value}{test.op}{marks[test.mark]}"


def _choice_text(choice: str | Choice, value: str, marks: dict[str, str], locale: str) -> str:
    if not isinstance(choice, Choice):
        return f'"{STATUS[choice][locale]}"'
    then, otherwise = (
        _choice_text(c, value, marks, locale) for c in (choice.then, choice.otherwise)
    )
    return f"IF({_test_text(choice.test, value, marks)},{then},{otherwise})"


def status_formula(
    value: str, low: str, high: str, better: str, locale: str, assumption: bool = False
) -> str:
    """`rule` rendered over cell references: the workbook's twin of `status`."""
    test = _choice_text(rule(better, assumption), value, {"low": low, "high": high}, locale)
    return f'=IF(ISNUMBER({value}),{test},"{NULL[locale]}")'


def is_assumption(expr: Expr) -> bool:
    """True for a KPI that reads typed-in inputs only (AOV, return rate, a conversion...)."""
    leaves = list(_leaves(expr))
    return any(isinstance(x, Input) for x in leaves) and all(
        isinstance(x, Input | Const) for x in leaves
    )


def _leaves(expr: Expr) -> Iterator[Expr]:
    kids = expr.children()
    if not kids:
        yield expr
    for kid in kids:
        yield from _leaves(kid)


def in_plan_currency(b: Benchmark, rate: float) -> Benchmark:
    """A US-dollar benchmark in the plan's currency, `rate` units to the dollar."""
    return replace(b, low=b.low * rate, typical=b.typical * rate, high=b.high * rate)


def judge(
    kpi: Kpi, b: Benchmark, value: float | None, currency: str, rate: float | None
) -> KpiResult:
    """One KPI against its benchmark, money converted to the plan's currency when it can be."""
    if kpi.fmt in MONEY_FORMATS and currency != "USD":
        if rate is None:
            return KpiResult(
                kpi=kpi,
                benchmark=b,
                value=value,
                status=None if value is None else "unjudged",
                in_usd=True,
            )
        shown = in_plan_currency(b, rate)
        return KpiResult(
            kpi=kpi,
            benchmark=shown,
            value=value,
            status=status(value, shown, is_assumption(kpi.expr)),
            in_usd=False,
            published=b,
        )
    return KpiResult(
        kpi=kpi, benchmark=b, value=value, status=status(value, b, is_assumption(kpi.expr))
    )


def evaluate(p: Projection) -> list[KpiResult]:
    """The scenario's KPIs against its industry's benchmarks; none without an industry."""
    meta = p.scenario.scenario
    if not meta.industry:
        return []
    kpis = catalogue(p.scenario)
    out = []
    for b in load_benchmarks(meta.industry)[1]:
        if b.kpi not in kpis:
            continue  # e.g. a channel benchmark for a channel this scenario does not use
        value = evaluate_scalar(p, kpis[b.kpi].expr)
        out.append(judge(kpis[b.kpi], b, value, meta.currency, meta.usd_rate))
    return out
