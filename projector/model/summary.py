"""The summary figures of docs/model.md, each one formula over the finished months.

Kept apart from the lines because they read whole lines (first month, minimum,
Year 1) rather than one month, and are evaluated once the months are done.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields

from projector.model.facts import Better, Fmt, Written
from projector.model.formula import (
    Const,
    Expr,
    FirstMonth,
    FirstWhere,
    If,
    Input,
    Item,
    Last,
    LastMonth,
    Max,
    MinAnnualCover,
    MinOf,
    Null,
    Or,
    SafeDiv,
    Sum,
    SumToMonth,
    Year1,
    Year1Months,
)
from projector.model.lines import COUNT, MONEY, MONTH_NO, RATIO, en_fr, input_at


@dataclass(frozen=True, kw_only=True)
class SummaryItem:
    """One summary figure: its labels, format, formula and which way is better."""

    id: str
    label: dict[str, str]  # by language
    fmt: Fmt
    expr: Expr
    better: Better | None = None  # for ranking scenarios; None where it is a matter of taste
    written: Written | None = None  # how the reports write it, when not as its format says


@dataclass(frozen=True)
class Summary(Mapping[str, float | None]):
    """The summary figures of one projection, one typed field per summary item; None is null.

    Also a read-only mapping by id (`summary["funding_need"]`), as writers loop over the
    summary items.  The fields are the items of `build_summary`, in its order: building
    a Summary from any other set of ids is a TypeError, and a test holds the two together.
    """

    break_even_month: float | None
    first_profitable_month: float | None
    min_cash: float | None
    min_cash_month: float | None
    funding_need: float | None
    ending_cash: float | None
    gross_per_order: float | None
    margin_per_order: float | None
    expected_orders_per_customer: float | None
    clv: float | None
    cac_y1: float | None
    ltv_to_cac: float | None
    break_even_orders_y1: float | None
    break_even_revenue_y1: float | None
    break_even_ttm_month: float | None
    cash_out_month: float | None
    cac_payback_orders: float | None
    min_dscr: float | None
    use_operating: float | None
    use_capex: float | None
    use_debt_service: float | None

    def __getitem__(self, item_id: str) -> float | None:
        if item_id not in SUMMARY_IDS:
            raise KeyError(item_id)
        value: float | None = getattr(self, item_id)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(SUMMARY_IDS)

    def __len__(self) -> int:
        return len(SUMMARY_IDS)


SUMMARY_IDS = tuple(f.name for f in fields(Summary))


# --- Summary (docs/model.md, summary figures). ---


def per_order_costs() -> list[tuple[str, Expr]]:
    """What the model's margin_per_order deducts from gross sales per order (month-1 prices),
    each named after the monthly line it is the per-order share of.  The summary item and
    the report's per-order waterfall both read this one list."""
    up, uc = ("orders", "upsell"), ("unit_costs",)
    gpo, ret = Item("gross_per_order"), input_at("orders", "return_rate")
    return [
        ("refunds", gpo * ret),
        ("materials", input_at("orders", "aov") * Input((*uc, "material"))),
        ("upsell_cost", Input((*up, "take_rate")) * Input((*up, "cost"))),
        ("labor", Input((*uc, "labor_per_order"))),
        ("fulfillment", Input((*uc, "fulfillment_per_order"))),
        ("payment_fees", gpo * Input((*uc, "payment_fee")) + Input((*uc, "payment_fee_fixed"))),
        ("return_costs", gpo * ret * input_at("orders", "return_cost")),
    ]


def _margin_per_order() -> Expr:
    return Item("gross_per_order") - Sum([expr for _, expr in per_order_costs()])


# The investors' rule of thumb: a customer should be worth at least three times what
# acquiring them costs.  The report's verdict and its warning both ask `healthy_ltv_to_cac`.
LTV_TO_CAC_HEALTHY = 3


def healthy_ltv_to_cac(ratio: float) -> bool:
    """LTV:CAC at or above 3:1."""
    return ratio >= LTV_TO_CAC_HEALTHY


# docs/model.md (summary figures): a Year-1 contribution within this share of Year-1 gross sales
# (or of 1 when sales are smaller) is rounding noise, and counts as <= 0.
CONTRIBUTION_TOLERANCE = 1e-9


def _break_even_y1() -> tuple[Expr, Expr]:
    """Break-even orders and revenue; null when Year-1 contribution is <= 0 up to noise.

    The tolerance is part of the formula, so the engine and the workbook decide alike
    (2.2e-16 in numpy is 0 in LibreOffice: without it one said 5e18 orders, the other n/a).
    """
    monthly_opex = Year1("opex") / Year1Months()
    contribution, orders, margin = (
        Year1("contribution"),
        Year1("orders"),
        Year1("contribution_margin"),
    )
    noise = contribution.le(CONTRIBUTION_TOLERANCE * Max(1, Year1("gross_sales")))
    per_order = If(Or(orders.eq(0), noise), Null(), monthly_opex / (contribution / orders))
    revenue = If(Or(noise, margin.le(0)), Null(), monthly_opex / margin)
    return per_order, revenue


def build_summary() -> list[SummaryItem]:
    """The summary items, in the order the Summary sheet shows them."""
    up = ("orders", "upsell")
    per_order, revenue = _break_even_y1()
    repeat, churn = input_at("customers", "repeat_rate"), input_at("customers", "churn")
    return [
        SummaryItem(
            id="break_even_month",
            better=Better.LOWER,
            label=en_fr(
                "Break-even month (EBITDA ≥\u00a00 from then on)",
                "Mois d'équilibre (EBE ≥\u00a00 ensuite)",
            ),
            fmt=MONTH_NO,
            expr=FirstMonth("ebitda_sustained", "=", Const(1)),
        ),
        SummaryItem(
            id="first_profitable_month",
            better=Better.LOWER,
            label=en_fr("First month with EBITDA ≥\u00a00", "Premier mois avec EBE ≥\u00a00"),
            fmt=MONTH_NO,
            expr=FirstMonth("ebitda", ">=", Const(0)),
        ),
        SummaryItem(
            id="min_cash",
            better=Better.HIGHER,
            label=en_fr("Lowest cash balance", "Trésorerie la plus basse"),
            fmt=MONEY,
            expr=MinOf("cash"),
        ),
        SummaryItem(
            id="min_cash_month",
            label=en_fr("Month of lowest cash", "Mois de trésorerie la plus basse"),
            fmt=MONTH_NO,
            expr=FirstMonth("cash", "=", Item("min_cash")),
        ),
        SummaryItem(
            id="funding_need",
            better=Better.LOWER,
            label=en_fr("Funding need", "Besoin de financement"),
            fmt=MONEY,
            expr=Max(0, -Item("min_cash")),
        ),
        SummaryItem(
            id="ending_cash",
            better=Better.HIGHER,
            label=en_fr("Ending cash", "Trésorerie finale"),
            fmt=MONEY,
            expr=Last("cash"),
        ),
        SummaryItem(
            id="gross_per_order",
            written=Written.CENTS,
            better=Better.HIGHER,
            label=en_fr("Gross sales per order", "Vente brute par commande"),
            fmt=MONEY,
            expr=input_at("orders", "aov") + Input((*up, "take_rate")) * Input((*up, "price")),
        ),
        SummaryItem(
            id="margin_per_order",
            written=Written.CENTS,
            better=Better.HIGHER,
            label=en_fr("Margin per order", "Marge par commande"),
            fmt=MONEY,
            expr=_margin_per_order(),
        ),
        SummaryItem(
            id="expected_orders_per_customer",
            written=Written.TRIMMED,
            better=Better.HIGHER,
            label=en_fr("Expected orders per customer", "Commandes attendues par client"),
            fmt=RATIO,
            expr=1 + SafeDiv(repeat, churn),
        ),
        SummaryItem(
            id="clv",
            written=Written.CENTS,
            better=Better.HIGHER,
            label=en_fr("Customer lifetime value", "Valeur vie client"),
            fmt=MONEY,
            expr=Item("margin_per_order") * Item("expected_orders_per_customer"),
        ),
        SummaryItem(
            id="cac_y1",
            written=Written.CENTS,
            better=Better.LOWER,
            label=en_fr("Customer acquisition cost, Year 1", "Coût d'acquisition, année 1"),
            fmt=MONEY,
            expr=Year1("cac"),
        ),
        SummaryItem(
            id="ltv_to_cac",
            better=Better.HIGHER,
            label=en_fr("LTV:CAC", "LTV:CAC"),
            fmt=RATIO,
            expr=If(Item("cac_y1").eq(0), Null(), Item("clv") / Item("cac_y1")),
        ),
        SummaryItem(
            id="break_even_orders_y1",
            better=Better.LOWER,
            label=en_fr(
                "Break-even orders per month (Year 1)", "Commandes d'équilibre par mois (année 1)"
            ),
            fmt=COUNT,
            expr=per_order,
        ),
        SummaryItem(
            id="break_even_revenue_y1",
            better=Better.LOWER,
            label=en_fr(
                "Break-even net revenue per month (Year 1)", "CA net d'équilibre par mois (année 1)"
            ),
            fmt=MONEY,
            expr=revenue,
        ),
        *_runway_summary(),
    ]


def _runway_summary() -> list[SummaryItem]:
    """The v2 summary items (docs/three-statements.md): a steadier break-even, runway,
    payback, debt cover, uses."""
    first_full = Year1Months()  # min(12, T): the first month with a full trailing year
    last_loss = LastMonth("ebitda_ttm", "<", Const(0))
    ttm = If(Last("ebitda_ttm").lt(0), Null(), Max(last_loss + 1, first_full))
    margin = Item("margin_per_order")
    until_low = Item("min_cash_month")
    return [
        SummaryItem(
            id="break_even_ttm_month",
            better=Better.LOWER,
            label=en_fr(
                "Break-even month, trailing twelve months",
                "Mois d'équilibre sur douze mois glissants",
            ),
            fmt=MONTH_NO,
            expr=ttm,
        ),
        SummaryItem(
            id="cash_out_month",
            better=Better.HIGHER,
            label=en_fr(
                "Month cash runs out (without more funding)", "Mois où la trésorerie s'épuise"
            ),
            fmt=MONTH_NO,
            expr=FirstWhere("cash", "<", Const(0)),
        ),
        SummaryItem(
            id="cac_payback_orders",
            better=Better.LOWER,
            label=en_fr("CAC payback, in orders", "Retour sur coût d'acquisition, en commandes"),
            fmt=RATIO,
            expr=If(margin.le(0), Null(), Item("cac_y1") / margin),
        ),
        SummaryItem(
            id="min_dscr",
            better=Better.HIGHER,
            label=en_fr(
                "Lowest debt-service cover (EBITDA / debt service)",
                "Couverture minimale de la dette",
            ),
            fmt=RATIO,
            expr=MinAnnualCover("ebitda", ("interest", "loan_principal")),
        ),
        SummaryItem(
            id="use_operating",
            label=en_fr("Use of funds: operating losses", "Emplois : pertes d'exploitation"),
            fmt=MONEY,
            expr=Max(0, -SumToMonth("operating_cash_flow", until_low)),
        ),
        SummaryItem(
            id="use_capex",
            label=en_fr("Use of funds: equipment", "Emplois : investissements"),
            fmt=MONEY,
            expr=SumToMonth("capex", until_low),
        ),
        SummaryItem(
            id="use_debt_service",
            label=en_fr("Use of funds: loan repayments", "Emplois : remboursements d'emprunts"),
            fmt=MONEY,
            expr=SumToMonth("loan_principal", until_low),
        ),
    ]
