"""The monthly lines of docs/model.md, each defined once: id, labels, format, roll-up, formula.

`build_lines` turns a scenario into the ordered list of line definitions (one per
monthly line of docs/model.md, plus per-item detail rows for fixed costs, staff,
capex and loans).  The engine evaluates them with numpy and the workbook writer
renders the same definitions to formulas, so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from projector.locale.rules import locale_of
from projector.model.calendar import MONTHS_PER_YEAR
from projector.model.facts import Better, Fmt, ReportTable, Rollup
from projector.model.formula import (
    And,
    CalMonth,
    Const,
    Expr,
    Floor,
    If,
    Index,
    Input,
    IsBlank,
    Max,
    MinToEnd,
    Month,
    Or,
    Path,
    Ref,
    SafeDiv,
    Sum,
    SumIf,
    Trailing,
)
from projector.scenario import Scenario

# Display sections of the Monthly sheet, in order.
SECTIONS = ("acquisition", "customers", "revenue", "costs", "pnl", "cash", "balance", "kpis")

# The formats and roll-ups under their short names, as the line builders and callers use them.
COUNT, MONEY, SHARE, RATIO, FACTOR, FLAG, MONTH_NO, MONEY_CHECK = (
    Fmt.COUNT,
    Fmt.MONEY,
    Fmt.SHARE,
    Fmt.RATIO,
    Fmt.FACTOR,
    Fmt.FLAG,
    Fmt.MONTH_NO,
    Fmt.MONEY_CHECK,
)
FLOW, STOCK, RATE, NONE = Rollup.FLOW, Rollup.STOCK, Rollup.RATIO, Rollup.NONE


@dataclass(frozen=True, kw_only=True)
class Line:
    """One row of the projection, and every fact about it: what it is called, how it is
    computed, how it is written, how it rolls up, whether it stands out, which way is better,
    where the reports show it.
    """

    id: str
    label: dict[str, str]  # by language
    section: str  # one of SECTIONS
    fmt: Fmt
    rollup: Rollup
    expr: Expr
    opening: Expr | None = None  # month-0 value, for lines read at a lag
    annual_expr: Expr | None = None  # a ratio's annual formula when it differs
    detail: bool = False  # a per-item helper row: in the workbook, not in the JSON
    level: int = 0  # indent in the workbook: 1 for per-channel and per-item rows
    better: Better | None = None  # for ranking scenarios; None where it is a matter of taste
    emphasis: bool = False  # a total the eye looks for: bold in the workbook and the reports
    # Where the reports show it: its position in each table that does, the tables' rows
    # sorted by it (`shown_in`). Steps of 10 leave room to slot a line in between two.
    report: Mapping[ReportTable, int] = field(default_factory=dict)


def shown_in(lines: Sequence[Line], table: ReportTable) -> tuple[Line, ...]:
    """The lines a report table shows, in the order their `report` positions give."""
    return tuple(sorted((x for x in lines if table in x.report), key=lambda x: x.report[table]))


def en_fr(en: str, fr: str) -> dict[str, str]:
    """A label in both languages, English first, as every definition writes it; each set
    by its language's rules ("Visites : …" with a no-break space in French)."""
    return {code: locale_of(code).typeset(text) for code, text in (("en", en), ("fr", fr))}


def input_at(*path: str | int) -> Input:
    """The scenario input at `path`, spelled out: input_at("orders", "aov")."""
    return Input(tuple(path))


T = Month()  # the projection month t = 1..T, as the line formulas read it


def _active(start: Expr, end: Expr | None) -> Expr:
    """Months start..end inclusive; `end` None means open-ended."""
    if end is None:
        return T.ge(start)
    return And(T.ge(start), T.le(end))


def _optional_end(end: Input) -> Expr:
    """Active from start_month until end_month, or forever when end_month is blank."""
    return Or(IsBlank(end), T.le(end))


def _compound_yearly(rate: Input, start: Input) -> Expr:
    """(1+rate)^floor((t-start)/12): a raise that compounds every 12 months from start."""
    return (1 + rate) ** Floor((T - start) / MONTHS_PER_YEAR)


# --- The line definitions, one builder per section. ---


def _acquisition(s: Scenario) -> list[Line]:
    chans = [c.name for c in s.acquisition.channels]
    shown = {c.name: c.shown for c in s.acquisition.channels}
    ch = [("acquisition", "channels", i) for i in range(len(chans))]
    season = Index([("acquisition", "seasonality", m) for m in range(MONTHS_PER_YEAR)], CalMonth())
    lines = [
        Line(
            id="season",
            label=en_fr("Seasonality", "Saisonnalité"),
            section="acquisition",
            fmt=FACTOR,
            rollup=NONE,
            expr=season,
        )
    ]
    for c, p in zip(chans, ch, strict=True):
        expr = Input((*p, "visits")) * (1 + Input((*p, "growth"))) ** (T - 1) * Ref("season")
        lines.append(
            Line(
                id=f"visits_{c}",
                label=en_fr(f"Visits: {shown[c]}", f"Visites : {shown[c]}"),
                section="acquisition",
                fmt=COUNT,
                rollup=FLOW,
                expr=expr,
                level=1,
            )
        )
    lines.append(
        Line(
            id="visits",
            emphasis=True,
            label=en_fr("Visits", "Visites"),
            section="acquisition",
            fmt=COUNT,
            rollup=FLOW,
            expr=Sum([Ref(f"visits_{c}") for c in chans]),
        )
    )
    for c, p in zip(chans, ch, strict=True):
        expr = Ref(f"visits_{c}") * Input((*p, "conversion"))
        lines.append(
            Line(
                id=f"new_customers_{c}",
                label=en_fr(f"New customers: {shown[c]}", f"Nouveaux clients : {shown[c]}"),
                section="acquisition",
                fmt=COUNT,
                rollup=FLOW,
                expr=expr,
                level=1,
            )
        )
    for c, p in zip(chans, ch, strict=True):
        expr = Ref(f"new_customers_{c}") * Input((*p, "cac"))
        lines.append(
            Line(
                id=f"acquisition_spend_{c}",
                label=en_fr(f"Acquisition spend: {shown[c]}", f"Coût d'acquisition : {shown[c]}"),
                section="acquisition",
                fmt=MONEY,
                rollup=FLOW,
                expr=expr,
                level=1,
            )
        )
    referral = Ref("active_customers", 1) * input_at("acquisition", "referrals", "rate")
    new = Sum([Ref(f"new_customers_{c}") for c in chans]) + Ref("referral_customers")
    marketing = (
        Sum([Ref(f"acquisition_spend_{c}") for c in chans])
        + Ref("referral_customers") * input_at("acquisition", "referrals", "reward")
        + input_at("acquisition", "brand_marketing")
    )
    return lines + [
        Line(
            id="referral_customers",
            label=en_fr("Referred customers", "Clients parrainés"),
            section="acquisition",
            fmt=COUNT,
            rollup=FLOW,
            expr=referral,
        ),
        Line(
            id="new_customers",
            report={ReportTable.ACTIVITY: 10},
            emphasis=True,
            better=Better.HIGHER,
            label=en_fr("New customers", "Nouveaux clients"),
            section="acquisition",
            fmt=COUNT,
            rollup=FLOW,
            expr=new,
        ),
        Line(
            id="marketing",
            report={ReportTable.PNL: 90},
            label=en_fr("Marketing", "Marketing"),
            section="acquisition",
            fmt=MONEY,
            rollup=FLOW,
            expr=marketing,
        ),
    ]


def _customers(s: Scenario) -> list[Line]:
    repeat = Ref("active_customers", 1) * input_at("customers", "repeat_rate") * Ref("season")
    active = Ref("active_customers", 1) * (1 - input_at("customers", "churn")) + Ref(
        "new_customers"
    )
    return [
        Line(
            id="repeat_orders",
            label=en_fr("Repeat orders", "Commandes récurrentes"),
            section="customers",
            fmt=COUNT,
            rollup=FLOW,
            expr=repeat,
        ),
        Line(
            id="active_customers",
            report={ReportTable.ACTIVITY: 30},
            better=Better.HIGHER,
            label=en_fr("Active customers", "Clients actifs"),
            section="customers",
            fmt=COUNT,
            rollup=STOCK,
            expr=active,
            opening=input_at("customers", "starting"),
        ),
        Line(
            id="orders",
            report={ReportTable.ACTIVITY: 20},
            emphasis=True,
            better=Better.HIGHER,
            label=en_fr("Orders", "Commandes"),
            section="customers",
            fmt=COUNT,
            rollup=FLOW,
            expr=Ref("new_customers") + Ref("repeat_orders"),
        ),
    ]


def _revenue(s: Scenario) -> list[Line]:
    up = ("orders", "upsell")
    aov = input_at("orders", "aov") * (1 + input_at("orders", "aov_growth")) ** (T - 1)
    return [
        Line(
            id="aov",
            label=en_fr("Average order value", "Panier moyen"),
            section="revenue",
            fmt=MONEY,
            rollup=RATE,
            expr=aov,
            annual_expr=SafeDiv(Ref("product_sales"), Ref("orders")),
        ),
        Line(
            id="product_sales",
            label=en_fr("Product sales", "Ventes de produits"),
            section="revenue",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("orders") * Ref("aov"),
        ),
        Line(
            id="upsell_sales",
            label=en_fr("Upsell sales", "Ventes d'options"),
            section="revenue",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("orders") * Input((*up, "take_rate")) * Input((*up, "price")),
        ),
        Line(
            id="gross_sales",
            report={ReportTable.PNL: 10},
            label=en_fr("Gross sales", "Ventes brutes"),
            section="revenue",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("product_sales") + Ref("upsell_sales"),
        ),
        Line(
            id="refunds",
            report={ReportTable.PNL: 20},
            label=en_fr("Refunds", "Remboursements"),
            section="revenue",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("gross_sales") * input_at("orders", "return_rate"),
        ),
        Line(
            id="net_revenue",
            report={
                ReportTable.PNL: 30,
                ReportTable.YEARS: 10,
                ReportTable.COMPARED: 10,
                ReportTable.DECK_PNL: 10,
            },
            emphasis=True,
            better=Better.HIGHER,
            label=en_fr("Net revenue", "Chiffre d'affaires net"),
            section="revenue",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("gross_sales") - Ref("refunds"),
        ),
    ]


def _costs(s: Scenario) -> list[Line]:
    uc, up = ("unit_costs",), ("orders", "upsell")
    contribution = (
        Ref("gross_profit")
        - Ref("fulfillment")
        - Ref("payment_fees")
        - Ref("return_costs")
        - Ref("marketing")
    )
    payment = Ref("gross_sales") * Input((*uc, "payment_fee")) + Ref("orders") * Input(
        (*uc, "payment_fee_fixed")
    )
    return [
        Line(
            id="materials",
            label=en_fr("Materials", "Matières"),
            section="costs",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("product_sales") * Input((*uc, "material")),
        ),
        Line(
            id="upsell_cost",
            label=en_fr("Upsell cost", "Coût des options"),
            section="costs",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("orders") * Input((*up, "take_rate")) * Input((*up, "cost")),
        ),
        Line(
            id="labor",
            label=en_fr("Labour", "Main-d'œuvre"),
            section="costs",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("orders") * Input((*uc, "labor_per_order")),
        ),
        Line(
            id="cogs",
            report={ReportTable.PNL: 40},
            label=en_fr("Cost of goods sold", "Coût des ventes"),
            section="costs",
            fmt=MONEY,
            rollup=FLOW,
            expr=Sum([Ref("materials"), Ref("upsell_cost"), Ref("labor")]),
        ),
        Line(
            id="gross_profit",
            report={ReportTable.PNL: 50, ReportTable.DECK_PNL: 20},
            emphasis=True,
            better=Better.HIGHER,
            label=en_fr("Gross profit", "Marge brute"),
            section="costs",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("net_revenue") - Ref("cogs"),
        ),
        Line(
            id="fulfillment",
            report={ReportTable.PNL: 60},
            label=en_fr("Fulfilment", "Expédition"),
            section="costs",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("orders") * Input((*uc, "fulfillment_per_order")),
        ),
        Line(
            id="payment_fees",
            report={ReportTable.PNL: 70},
            label=en_fr("Payment fees", "Frais de paiement"),
            section="costs",
            fmt=MONEY,
            rollup=FLOW,
            expr=payment,
        ),
        Line(
            id="return_costs",
            report={ReportTable.PNL: 80},
            label=en_fr("Return handling", "Gestion des retours"),
            section="costs",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("refunds") * input_at("orders", "return_cost"),
        ),
        Line(
            id="contribution",
            report={ReportTable.PNL: 100},
            emphasis=True,
            better=Better.HIGHER,
            label=en_fr("Contribution", "Contribution"),
            section="costs",
            fmt=MONEY,
            rollup=FLOW,
            expr=contribution,
        ),
    ]


def _detail(line_id: str, label: dict[str, str], expr: Expr, section: str = "pnl") -> Line:
    """A per-item row (one fixed cost, one salary line...): shown in the workbook only."""
    return Line(
        id=line_id,
        label=label,
        section=section,
        fmt=MONEY,
        rollup=FLOW,
        expr=expr,
        detail=True,
        level=1,
    )


def _scheduled(p: Path, amount: Expr, rate: str) -> Expr:
    """An item paid from start_month to end_month (or forever), raised every 12 months."""
    start = Input((*p, "start_month"))
    raised = amount * _compound_yearly(Input((*p, rate)), start)
    return If(And(T.ge(start), _optional_end(Input((*p, "end_month")))), raised, 0)


def _fixed_items(s: Scenario) -> list[Line]:
    return [
        _detail(
            f"fixed_cost_{i + 1}",
            en_fr(item.name, item.name),
            _scheduled(("fixed_costs", i), Input(("fixed_costs", i, "monthly")), "annual_increase"),
        )
        for i, item in enumerate(s.fixed_costs)
    ]


def _staff_items(s: Scenario) -> list[Line]:
    lines = []
    for i, member in enumerate(s.staff):
        p = ("staff", i)
        pay = (
            Input((*p, "count"))
            * Input((*p, "monthly_salary"))
            * (1 + input_at("employer_overhead"))
        )
        lines.append(
            _detail(
                f"payroll_{i + 1}",
                en_fr(member.role, member.role),
                _scheduled(p, pay, "annual_raise"),
            )
        )
    return lines


def _capex_items(s: Scenario) -> list[Line]:
    lines = []
    for i, asset in enumerate(s.capex):
        p = ("capex", i)
        month, life = Input((*p, "month")), Input((*p, "life_months"))
        expr = If(_active(month, month + life - 1), Input((*p, "amount")) / life, 0)
        label = en_fr(f"Depreciation: {asset.name}", f"Amortissement : {asset.name}")
        lines.append(_detail(f"depreciation_{i + 1}", label, expr))
    return lines


def _loan_items(s: Scenario) -> list[Line]:
    """Per loan: level payment, interest on the opening balance, principal, balance."""
    lines = []
    for i, loan in enumerate(s.financing.loans):
        p, k, name = ("financing", "loans", i), i + 1, loan.name
        amount, month = Input((*p, "amount")), Input((*p, "month"))
        term, r = Input((*p, "term_months")), Input((*p, "annual_rate")) / MONTHS_PER_YEAR
        window = _active(month + 1, month + term)
        level = If(r.eq(0), amount / term, amount * r / (1 - (1 + r) ** -term))
        balance = (
            Ref(f"loan_balance_{k}", 1) + If(T.eq(month), amount, 0) - Ref(f"loan_principal_{k}")
        )
        lines += [
            _detail(
                f"loan_payment_{k}",
                en_fr(f"Payment: {name}", f"Échéance : {name}"),
                If(window, level, 0),
            ),
            _detail(
                f"loan_interest_{k}",
                en_fr(f"Interest: {name}", f"Intérêts : {name}"),
                If(window, Ref(f"loan_balance_{k}", 1) * r, 0),
            ),
            _detail(
                f"loan_principal_{k}",
                en_fr(f"Principal: {name}", f"Capital : {name}"),
                Ref(f"loan_payment_{k}") - Ref(f"loan_interest_{k}"),
                "cash",
            ),
            Line(
                id=f"loan_balance_{k}",
                label=en_fr(f"Balance: {name}", f"Capital restant : {name}"),
                section="cash",
                fmt=MONEY,
                rollup=STOCK,
                expr=balance,
                opening=Const(0),
                detail=True,
                level=1,
            ),
        ]
    return lines


def _ids(lines: Sequence[Line], prefix: str) -> list[Ref]:
    return [Ref(line.id) for line in lines if line.id.startswith(prefix)]


def _pnl(s: Scenario, loans: list[Line]) -> list[Line]:
    fixed, staff, dep = _fixed_items(s), _staff_items(s), _capex_items(s)
    loss = Max(0, Ref("tax_losses", 1) - Ref("ebt"))
    tax = Max(0, Ref("ebt") - Ref("tax_losses", 1)) * input_at("tax_rate")
    payments = [x for x in loans if not x.id.startswith(("loan_principal", "loan_balance"))]
    return [
        *fixed,
        Line(
            id="fixed_costs",
            report={ReportTable.PNL: 110},
            label=en_fr("Fixed costs", "Charges fixes"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Sum([Ref(x.id) for x in fixed]),
        ),
        *staff,
        Line(
            id="payroll",
            report={ReportTable.PNL: 120},
            label=en_fr("Payroll", "Masse salariale"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Sum([Ref(x.id) for x in staff]),
        ),
        Line(
            id="opex",
            emphasis=True,
            label=en_fr("Operating expenses", "Charges d'exploitation"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("fixed_costs") + Ref("payroll"),
        ),
        Line(
            id="ebitda",
            report={
                ReportTable.PNL: 130,
                ReportTable.YEARS: 20,
                ReportTable.COMPARED: 20,
                ReportTable.DECK_PNL: 30,
            },
            emphasis=True,
            better=Better.HIGHER,
            label=en_fr("EBITDA", "EBE"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("contribution") - Ref("opex"),
        ),
        Line(
            id="ebitda_ttm",
            label=en_fr("EBITDA, trailing twelve months", "EBE sur douze mois glissants"),
            section="pnl",
            fmt=MONEY,
            rollup=NONE,
            expr=Trailing("ebitda", MONTHS_PER_YEAR),
        ),
        Line(
            id="total_costs",
            label=en_fr("Total costs (before D&A)", "Coûts totaux (avant amort.)"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("net_revenue") - Ref("ebitda"),
            detail=True,
        ),
        *dep,
        Line(
            id="depreciation",
            report={ReportTable.PNL: 140},
            label=en_fr("Depreciation", "Amortissements"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Sum([Ref(x.id) for x in dep]),
        ),
        Line(
            id="ebit",
            label=en_fr("EBIT", "Résultat d'exploitation"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("ebitda") - Ref("depreciation"),
        ),
        *payments,
        Line(
            id="interest",
            report={ReportTable.PNL: 150},
            label=en_fr("Interest", "Intérêts"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Sum(_ids(loans, "loan_interest_")),
        ),
        Line(
            id="ebt",
            label=en_fr("Earnings before tax", "Résultat avant impôt"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("ebit") - Ref("interest"),
        ),
        Line(
            id="tax_losses",
            label=en_fr("Tax losses carried forward", "Déficits reportables"),
            section="pnl",
            fmt=MONEY,
            rollup=STOCK,
            expr=loss,
            opening=Const(0),
        ),
        Line(
            id="tax",
            report={ReportTable.PNL: 160},
            label=en_fr("Income tax", "Impôt sur les bénéfices"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=tax,
        ),
        Line(
            id="net_income",
            report={
                ReportTable.PNL: 170,
                ReportTable.YEARS: 30,
                ReportTable.COMPARED: 30,
                ReportTable.DECK_PNL: 40,
            },
            emphasis=True,
            better=Better.HIGHER,
            label=en_fr("Net income", "Résultat net"),
            section="pnl",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("ebt") - Ref("tax"),
        ),
    ]


def _cash(s: Scenario, loans: list[Line]) -> list[Line]:
    fin = ("financing",)
    capex = [("capex", i) for i in range(len(s.capex))]
    equity = [(*fin, "equity", i) for i in range(len(s.financing.equity))]
    debt = [(*fin, "loans", i) for i in range(len(s.financing.loans))]
    inventory = SafeDiv(
        Ref("materials") * MONTHS_PER_YEAR, input_at("unit_costs", "inventory_turns")
    )
    balances = [x for x in loans if x.id.startswith(("loan_principal", "loan_balance"))]
    ocf = (
        Ref("net_income")
        + Ref("depreciation")
        - Ref("inventory_change")
        - Ref("receivables_change")
        + Ref("payables_change")
    )
    fcf = Ref("equity_in") + Ref("loan_draws") - Ref("loan_principal")
    net = Ref("operating_cash_flow") + Ref("investing_cash_flow") + Ref("financing_cash_flow")
    return [
        Line(
            id="inventory",
            report={ReportTable.BALANCE_SHEET: 30},
            label=en_fr("Inventory", "Stocks"),
            section="cash",
            fmt=MONEY,
            rollup=STOCK,
            expr=inventory,
            opening=Const(0),
        ),
        Line(
            id="inventory_change",
            label=en_fr("Change in inventory", "Variation des stocks"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("inventory") - Ref("inventory", 1),
        ),
        *_working_capital(),
        Line(
            id="capex",
            label=en_fr("Capital expenditure", "Investissements"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=SumIf([(*p, "month") for p in capex], [(*p, "amount") for p in capex], T),
        ),
        Line(
            id="equity_in",
            report={ReportTable.CASH_FLOW: 30},
            label=en_fr("Equity raised", "Apports en capital"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=SumIf([(*p, "month") for p in equity], [(*p, "amount") for p in equity], T),
        ),
        Line(
            id="loan_draws",
            report={ReportTable.CASH_FLOW: 40},
            label=en_fr("Loans drawn", "Emprunts souscrits"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=SumIf([(*p, "month") for p in debt], [(*p, "amount") for p in debt], T),
        ),
        *balances,
        Line(
            id="loan_principal",
            report={ReportTable.CASH_FLOW: 50},
            label=en_fr("Loan principal repaid", "Remboursement d'emprunts"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=Sum(_ids(loans, "loan_principal_")),
        ),
        Line(
            id="loan_balance",
            report={ReportTable.CASH_FLOW: 90, ReportTable.BALANCE_SHEET: 70},
            label=en_fr("Loan balance", "Dette bancaire"),
            section="cash",
            fmt=MONEY,
            rollup=STOCK,
            expr=Ref("loan_balance", 1) + Ref("loan_draws") - Ref("loan_principal"),
            opening=Const(0),
        ),
        Line(
            id="operating_cash_flow",
            report={ReportTable.CASH_FLOW: 10},
            better=Better.HIGHER,
            label=en_fr("Operating cash flow", "Flux d'exploitation"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=ocf,
        ),
        Line(
            id="investing_cash_flow",
            report={ReportTable.CASH_FLOW: 20},
            label=en_fr("Investing cash flow", "Flux d'investissement"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=-Ref("capex"),
        ),
        Line(
            id="financing_cash_flow",
            report={ReportTable.CASH_FLOW: 60},
            label=en_fr("Financing cash flow", "Flux de financement"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=fcf,
        ),
        Line(
            id="net_cash_flow",
            report={ReportTable.CASH_FLOW: 70},
            emphasis=True,
            better=Better.HIGHER,
            label=en_fr("Net cash flow", "Variation de trésorerie"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=net,
        ),
        Line(
            id="cash",
            report={
                ReportTable.CASH_FLOW: 80,
                ReportTable.BALANCE_SHEET: 10,
                ReportTable.COMPARED: 40,
            },
            emphasis=True,
            better=Better.HIGHER,
            label=en_fr("Cash balance", "Trésorerie"),
            section="cash",
            fmt=MONEY,
            rollup=STOCK,
            expr=Ref("cash", 1) + Ref("net_cash_flow"),
            opening=input_at("financing", "starting_cash"),
        ),
        Line(
            id="burn",
            better=Better.LOWER,
            label=en_fr("Burn (cash used before financing)", "Consommation de trésorerie"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=Max(0, -(Ref("operating_cash_flow") + Ref("investing_cash_flow"))),
        ),
    ]


def _working_capital() -> list[Line]:
    """Receivables and payables (docs/three-statements.md): a month counts as 30 days.

    With 0 days both stocks are 0 in every month, so a v1 scenario keeps its numbers.
    """
    wc = ("working_capital",)
    paid_later = Ref("materials") + Ref("upsell_cost")
    return [
        Line(
            id="accounts_receivable",
            report={ReportTable.BALANCE_SHEET: 20},
            label=en_fr("Accounts receivable", "Créances clients"),
            section="cash",
            fmt=MONEY,
            rollup=STOCK,
            expr=Ref("net_revenue") * Input((*wc, "receivable_days")) / 30,
            opening=Const(0),
        ),
        Line(
            id="receivables_change",
            label=en_fr("Change in receivables", "Variation des créances"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("accounts_receivable") - Ref("accounts_receivable", 1),
        ),
        Line(
            id="accounts_payable",
            report={ReportTable.BALANCE_SHEET: 60},
            label=en_fr("Accounts payable", "Dettes fournisseurs"),
            section="cash",
            fmt=MONEY,
            rollup=STOCK,
            expr=paid_later * Input((*wc, "payable_days")) / 30,
            opening=Const(0),
        ),
        Line(
            id="payables_change",
            label=en_fr("Change in payables", "Variation des dettes fournisseurs"),
            section="cash",
            fmt=MONEY,
            rollup=FLOW,
            expr=Ref("accounts_payable") - Ref("accounts_payable", 1),
        ),
    ]


def _stock(
    line_id: str,
    label: dict[str, str],
    expr: Expr,
    opening: Expr | None = None,
    fmt: Fmt = MONEY,
    better: Better | None = None,
    emphasis: bool = False,
    report: Mapping[ReportTable, int] | None = None,
) -> Line:
    """A balance-sheet line: a year-end value in the roll-up, and a month-0 value.

    A total's opening is its own formula over the other lines' openings.
    """
    return Line(
        id=line_id,
        label=label,
        section="balance",
        fmt=fmt,
        rollup=STOCK,
        expr=expr,
        opening=opening or expr,
        better=better,
        emphasis=emphasis,
        report=report or {},
    )


def _balance() -> list[Line]:
    """The balance sheet (docs/three-statements.md): assets = liabilities + equity, monthly."""
    assets = Sum([Ref(x) for x in ("cash", "accounts_receivable", "inventory", "fixed_assets")])
    equity = Ref("paid_in_capital") + Ref("retained_earnings")
    check = Ref("total_assets") - Ref("total_liabilities") - Ref("total_equity")
    return [
        _stock(
            "fixed_assets",
            en_fr("Fixed assets (net book value)", "Immobilisations nettes"),
            Ref("fixed_assets", 1) + Ref("capex") - Ref("depreciation"),
            Const(0),
            report={ReportTable.BALANCE_SHEET: 40},
        ),
        _stock(
            "total_assets",
            en_fr("Total assets", "Total de l'actif"),
            assets,
            emphasis=True,
            report={ReportTable.BALANCE_SHEET: 50},
        ),
        _stock(
            "total_liabilities",
            en_fr("Total liabilities", "Total des dettes"),
            Ref("accounts_payable") + Ref("loan_balance"),
            emphasis=True,
            report={ReportTable.BALANCE_SHEET: 80},
        ),
        _stock(
            "paid_in_capital",
            en_fr("Paid-in capital", "Capital apporté"),
            Ref("paid_in_capital", 1) + Ref("equity_in"),
            input_at("financing", "starting_cash"),
            report={ReportTable.BALANCE_SHEET: 90},
        ),
        _stock(
            "retained_earnings",
            en_fr("Retained earnings", "Résultats accumulés"),
            Ref("retained_earnings", 1) + Ref("net_income"),
            Const(0),
            report={ReportTable.BALANCE_SHEET: 100},
        ),
        _stock(
            "total_equity",
            en_fr("Total equity", "Total des capitaux propres"),
            equity,
            better=Better.HIGHER,
            emphasis=True,
            report={ReportTable.BALANCE_SHEET: 110},
        ),
        _stock(
            "balance_check",
            en_fr("Check: assets - liabilities - equity", "Contrôle : actif - dettes - capitaux"),
            check,
            fmt=MONEY_CHECK,
        ),
    ]


def _kpis(s: Scenario) -> list[Line]:
    chans = [c.name for c in s.acquisition.channels]

    def margin(
        line_id: str, en: str, fr: str, pnl_row: int | None = None, deck_row: int | None = None
    ) -> Line:
        return Line(
            id=f"{line_id}_margin",
            label=en_fr(en, fr),
            section="kpis",
            fmt=SHARE,
            rollup=RATE,
            expr=SafeDiv(
                Ref(line_id if line_id != "gross" else "gross_profit"), Ref("net_revenue")
            ),
            better=Better.HIGHER,
            report={
                table: row
                for table, row in ((ReportTable.PNL, pnl_row), (ReportTable.DECK_PNL, deck_row))
                if row is not None
            },
        )

    return [
        Line(
            id="conversion_rate",
            label=en_fr("Conversion rate", "Taux de conversion"),
            section="kpis",
            fmt=SHARE,
            rollup=RATE,
            expr=SafeDiv(Sum([Ref(f"new_customers_{c}") for c in chans]), Ref("visits")),
        ),
        Line(
            id="cac",
            better=Better.LOWER,
            label=en_fr("Customer acquisition cost", "Coût d'acquisition client"),
            section="kpis",
            fmt=MONEY,
            rollup=RATE,
            expr=SafeDiv(Ref("marketing"), Ref("new_customers")),
        ),
        margin("gross", "Gross margin", "Taux de marge brute", pnl_row=180, deck_row=50),
        margin("contribution", "Contribution margin", "Taux de contribution"),
        margin("ebitda", "EBITDA margin", "Taux d'EBE", pnl_row=190, deck_row=60),
        Line(
            id="net_margin",
            report={ReportTable.PNL: 200},
            better=Better.HIGHER,
            label=en_fr("Net margin", "Marge nette"),
            section="kpis",
            fmt=SHARE,
            rollup=RATE,
            expr=SafeDiv(Ref("net_income"), Ref("net_revenue")),
        ),
        Line(
            id="ebitda_sustained",
            label=en_fr("EBITDA ≥\u00a00 from here on", "EBE ≥\u00a00 jusqu'au terme"),
            section="kpis",
            fmt=FLAG,
            rollup=NONE,
            expr=If(MinToEnd("ebitda").ge(0), 1, 0),
        ),
    ]


def build_lines(s: Scenario) -> list[Line]:
    """Every line of the projection of `s`, in the order the Monthly sheet shows them."""
    loans = _loan_items(s)
    return [
        *_acquisition(s),
        *_customers(s),
        *_revenue(s),
        *_costs(s),
        *_pnl(s, loans),
        *_cash(s, loans),
        *_balance(),
        *_kpis(s),
    ]
