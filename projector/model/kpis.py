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

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import yaml

from projector.locale.catalogue import localized
from projector.locale.catalogue import table as word_table
from projector.model import Projection, evaluate_scalar
from projector.model.formula import Const, Expr, Input, Item, Year1
from projector.scenario import Scenario

DATA = resources.files("projector") / "data" / "benchmarks"  # package data, also in a wheel

STATUS = word_table("status.")  # the words of each status, by language
NULL = word_table("xl.")["null"]  # a status with no value: n/a, n.d.
MONEY_FORMATS = ("money", "money2")  # KPI formats whose benchmarks are US dollars


@dataclass(frozen=True)
class Kpi:
    id: str
    label: dict[str, str]
    fmt: str
    expr: Expr


@dataclass(frozen=True)
class Benchmark:
    kpi: str
    better: str  # higher | lower | range
    low: float
    typical: float
    high: float
    source: dict[str, str]  # by language


@dataclass(frozen=True)
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


def _l(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def catalogue(s: Scenario) -> dict[str, Kpi]:
    """Every KPI projector can measure for this scenario."""
    kpis = [
        Kpi("ltv_to_cac", _l("LTV:CAC", "LTV:CAC"), "ratio", Item("ltv_to_cac")),
        Kpi("clv", _l("Customer lifetime value", "Valeur vie client"), "money2", Item("clv")),
        Kpi("cac", _l("CAC, Year 1", "CAC, année 1"), "money2", Item("cac_y1")),
        Kpi("aov", _l("Average order value", "Panier moyen"), "money2", Input(("orders", "aov"))),
        Kpi(
            "return_rate",
            _l("Return rate", "Taux de retour"),
            "share",
            Input(("orders", "return_rate")),
        ),
        Kpi(
            "material_cost",
            _l("Material cost, % of product sales", "Coût matière, % des ventes"),
            "share",
            Input(("unit_costs", "material")),
        ),
        Kpi(
            "gross_margin",
            _l("Gross margin, Year 1", "Marge brute, année 1"),
            "share",
            Year1("gross_margin"),
        ),
        Kpi(
            "contribution_margin",
            _l("Contribution margin, Year 1", "Taux de contribution, année 1"),
            "share",
            Year1("contribution_margin"),
        ),
        Kpi(
            "ebitda_margin",
            _l("EBITDA margin, Year 1", "Taux d'EBE, année 1"),
            "share",
            Year1("ebitda_margin"),
        ),
        Kpi(
            "net_margin",
            _l("Net margin, Year 1", "Marge nette, année 1"),
            "share",
            Year1("net_margin"),
        ),
        Kpi(
            "repeat_rate",
            _l("Repeat orders per customer per month", "Réachat par client et mois"),
            "share",
            Input(("customers", "repeat_rate")),
        ),
        Kpi(
            "retention",
            _l("Monthly retention (1 - churn)", "Rétention mensuelle (1 - attrition)"),
            "share",
            1 - Input(("customers", "churn")),
        ),
        Kpi(
            "conversion",
            _l("Conversion rate, Year 1", "Taux de conversion, année 1"),
            "share",
            Year1("conversion_rate"),
        ),
        Kpi(
            "upsell_take_rate",
            _l("Upsell take rate", "Taux de prise d'option"),
            "share",
            Input(("orders", "upsell", "take_rate")),
        ),
    ]
    for i, c in enumerate(s.acquisition.channels):
        kpis.append(
            Kpi(
                f"conversion_{c.name}",
                _l(f"Conversion: {c.shown}", f"Conversion : {c.shown}"),
                "share",
                Input(("acquisition", "channels", i, "conversion")),
            )
        )
    return {k.id: k for k in kpis}


@cache
def load_benchmarks(industry: str) -> tuple[dict[str, str], tuple[Benchmark, ...]]:
    """The benchmark set of an industry: its label and its ranges."""
    data = yaml.safe_load((DATA / f"{industry}.yaml").read_text(encoding="utf-8"))
    marks = tuple(
        Benchmark(
            b["kpi"],
            b["better"],
            float(b["low"]),
            float(b["typical"]),
            float(b["high"]),
            localized(b.get("source", "")),
        )
        for b in data["kpis"]
    )
    return data["label"], marks


def status(value: float | None, b: Benchmark, assumption: bool = False) -> str | None:
    """Where a value stands in its range (the workbook's formula says the same).

    An outcome at or past the strong end is "strong"; an assumption past it is
    "optimistic", since the plan merely asserts it.
    """
    if value is None:
        return None
    if b.better == "range":
        return "ok" if b.low <= value <= b.high else "weak"
    sign = 1 if b.better == "higher" else -1
    weak_end, strong_end = (b.low, b.high) if sign == 1 else (b.high, b.low)
    if sign * (value - weak_end) < 0:
        return "weak"
    if assumption:
        return "optimistic" if sign * (value - strong_end) > 0 else "ok"
    return "strong" if sign * (value - strong_end) >= 0 else "ok"


def status_formula(
    value: str, low: str, high: str, better: str, locale: str, assumption: bool = False
) -> str:
    """The spreadsheet twin of `status`, over cell references."""
    w, o, s, op = (f'"{STATUS[k][locale]}"' for k in ("weak", "ok", "strong", "optimistic"))
    if better == "range":
        test = f"IF(AND({value}>={low},{value}<={high}),{o},{w})"
    else:
        lt, gt = ("<", ">") if better == "higher" else (">", "<")
        weak_end, strong_end = (low, high) if better == "higher" else (high, low)
        top = (
            f"IF({value}{gt}{strong_end},{op},{o})"
            if assumption
            else f"IF({value}{gt}={strong_end},{s},{o})"
        )
        test = f"IF({value}{lt}{weak_end},{w},{top})"
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
            return KpiResult(kpi, b, value, None if value is None else "unjudged", in_usd=True)
        shown = in_plan_currency(b, rate)
        return KpiResult(kpi, shown, value, status(value, shown, is_assumption(kpi.expr)), False, b)
    return KpiResult(kpi, b, value, status(value, b, is_assumption(kpi.expr)))


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
