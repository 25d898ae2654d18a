"""KPIs from the seed documents, held against industry benchmark ranges.

Each KPI is a formula of the same kind as the summary's (projector.formula),
so its value comes from the engine and its workbook cell is a live formula.
The benchmark ranges live in data files, one per industry
(`projector/data/benchmarks/<industry>.yaml`), each figure citing its seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from projector.formula import Expr, Input, Item, Year1
from projector.model import Projection, evaluate_scalar
from projector.scenario import Scenario

DATA = resources.files("projector") / "data" / "benchmarks"  # package data, also in a wheel

STATUS = {
    "weak": {"en": "weak", "fr": "faible"},
    "ok": {"en": "ok", "fr": "correct"},
    "strong": {"en": "strong", "fr": "fort"},
}


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
    source: str


@dataclass(frozen=True)
class KpiResult:
    kpi: Kpi
    benchmark: Benchmark
    value: float | None
    status: str | None  # weak | ok | strong; None when the value is n/a


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
            str(b.get("source", "")),
        )
        for b in data["kpis"]
    )
    return data["label"], marks


def status(value: float | None, b: Benchmark) -> str | None:
    """Where a value stands in its benchmark range (the workbook's formula says the same)."""
    if value is None:
        return None
    if b.better == "higher":
        return "weak" if value < b.low else "strong" if value >= b.high else "ok"
    if b.better == "lower":
        return "weak" if value > b.high else "strong" if value <= b.low else "ok"
    return "ok" if b.low <= value <= b.high else "weak"


def status_formula(value: str, low: str, high: str, better: str, locale: str) -> str:
    """The spreadsheet twin of `status`, over cell references."""
    w, o, s = (f'"{STATUS[k][locale]}"' for k in ("weak", "ok", "strong"))
    if better == "higher":
        test = f"IF({value}<{low},{w},IF({value}>={high},{s},{o}))"
    elif better == "lower":
        test = f"IF({value}>{high},{w},IF({value}<={low},{s},{o}))"
    else:
        test = f"IF(AND({value}>={low},{value}<={high}),{o},{w})"
    return f'=IF(ISNUMBER({value}),{test},"n/a")'


def evaluate(p: Projection) -> list[KpiResult]:
    """The scenario's KPIs against its industry's benchmarks; none without an industry."""
    industry = p.scenario.scenario.industry
    if not industry:
        return []
    kpis = catalogue(p.scenario)
    out = []
    for b in load_benchmarks(industry)[1]:
        if b.kpi not in kpis:
            continue  # e.g. a channel benchmark for a channel this scenario does not use
        value = evaluate_scalar(p, kpis[b.kpi].expr)
        out.append(KpiResult(kpis[b.kpi], b, value, status(value, b)))
    return out
