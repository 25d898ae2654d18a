"""The projection model of docs/model.md: every line item, defined once, and its engine.

`build_lines` turns a scenario into the ordered list of line definitions (one
per monthly line of docs/model.md, plus per-item detail rows for fixed costs, staff,
capex and loans).  `project` evaluates them with numpy, rolls them up by year
and computes the summary.  The workbook writer renders the same definitions to
formulas, so the two cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from projector.errors import Problem, ScenarioError
from projector.model.formula import (
    And,
    CalMonth,
    Const,
    Expr,
    FirstMonth,
    FirstWhere,
    Floor,
    If,
    Index,
    Input,
    IsBlank,
    Item,
    Last,
    LastMonth,
    Max,
    MinAnnualCover,
    MinOf,
    MinToEnd,
    Month,
    Null,
    Or,
    Path,
    Ref,
    SafeDiv,
    Sum,
    SumIf,
    SumToMonth,
    Trailing,
    Year1,
    Year1Months,
    total,
)
from projector.scenario import Scenario, get_path

# Display sections of the Monthly sheet, in order.
SECTIONS = ("acquisition", "customers", "revenue", "costs", "pnl", "cash", "balance", "kpis")

# Formats a line can carry; the writers map them to number formats.
COUNT, MONEY, SHARE, RATIO, FACTOR, FLAG, MONTH_NO = (
    "count",
    "money",
    "share",
    "ratio",
    "factor",
    "flag",
    "month",
)
MONEY_CHECK = "money_check"  # an amount that should be 0: rounding noise shows as 0

# How a line rolls up into a year (docs/model.md, the annual roll-up).
FLOW, STOCK, RATE, NONE = "flow", "stock", "ratio", "none"


@dataclass(frozen=True)
class Line:
    """One row of the projection: what it is called, how it is computed, how it rolls up."""

    id: str
    label: dict[str, str]
    section: str
    fmt: str
    kind: str
    expr: Expr
    opening: Expr | None = None  # month-0 value, for lines read at lag 1
    annual_expr: Expr | None = None  # a ratio's annual formula when it differs
    detail: bool = False  # a per-item helper row: in the workbook, not in the JSON
    level: int = 0  # indent in the workbook: 1 for per-channel and per-item rows


@dataclass(frozen=True)
class SummaryItem:
    id: str
    label: dict[str, str]
    fmt: str
    expr: Expr


def _l(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def _in(*path: str | int) -> Input:
    return Input(tuple(path))


T = Month()


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
    return (1 + rate) ** Floor((T - start) / 12)


# --- The line definitions, one builder per section. ---


def _acquisition(s: Scenario) -> list[Line]:
    chans = [c.name for c in s.acquisition.channels]
    shown = {c.name: c.shown for c in s.acquisition.channels}
    ch = [("acquisition", "channels", i) for i in range(len(chans))]
    season = Index([("acquisition", "seasonality", m) for m in range(12)], CalMonth())
    lines = [Line("season", _l("Seasonality", "Saisonnalité"), "acquisition", FACTOR, NONE, season)]
    for c, p in zip(chans, ch, strict=True):
        expr = Input((*p, "visits")) * (1 + Input((*p, "growth"))) ** (T - 1) * Ref("season")
        lines.append(
            Line(
                f"visits_{c}",
                _l(f"Visits: {shown[c]}", f"Visites : {shown[c]}"),
                "acquisition",
                COUNT,
                FLOW,
                expr,
                level=1,
            )
        )
    lines.append(
        Line(
            "visits",
            _l("Visits", "Visites"),
            "acquisition",
            COUNT,
            FLOW,
            Sum([Ref(f"visits_{c}") for c in chans]),
        )
    )
    for c, p in zip(chans, ch, strict=True):
        expr = Ref(f"visits_{c}") * Input((*p, "conversion"))
        lines.append(
            Line(
                f"new_customers_{c}",
                _l(f"New customers: {shown[c]}", f"Nouveaux clients : {shown[c]}"),
                "acquisition",
                COUNT,
                FLOW,
                expr,
                level=1,
            )
        )
    for c, p in zip(chans, ch, strict=True):
        expr = Ref(f"new_customers_{c}") * Input((*p, "cac"))
        lines.append(
            Line(
                f"acquisition_spend_{c}",
                _l(f"Acquisition spend: {shown[c]}", f"Coût d'acquisition : {shown[c]}"),
                "acquisition",
                MONEY,
                FLOW,
                expr,
                level=1,
            )
        )
    referral = Ref("active_customers", 1) * _in("acquisition", "referrals", "rate")
    new = Sum([Ref(f"new_customers_{c}") for c in chans]) + Ref("referral_customers")
    marketing = (
        Sum([Ref(f"acquisition_spend_{c}") for c in chans])
        + Ref("referral_customers") * _in("acquisition", "referrals", "reward")
        + _in("acquisition", "brand_marketing")
    )
    return lines + [
        Line(
            "referral_customers",
            _l("Referred customers", "Clients parrainés"),
            "acquisition",
            COUNT,
            FLOW,
            referral,
        ),
        Line(
            "new_customers",
            _l("New customers", "Nouveaux clients"),
            "acquisition",
            COUNT,
            FLOW,
            new,
        ),
        Line("marketing", _l("Marketing", "Marketing"), "acquisition", MONEY, FLOW, marketing),
    ]


def _customers(s: Scenario) -> list[Line]:
    repeat = Ref("active_customers", 1) * _in("customers", "repeat_rate") * Ref("season")
    active = Ref("active_customers", 1) * (1 - _in("customers", "churn")) + Ref("new_customers")
    return [
        Line(
            "repeat_orders",
            _l("Repeat orders", "Commandes récurrentes"),
            "customers",
            COUNT,
            FLOW,
            repeat,
        ),
        Line(
            "active_customers",
            _l("Active customers", "Clients actifs"),
            "customers",
            COUNT,
            STOCK,
            active,
            opening=_in("customers", "starting"),
        ),
        Line(
            "orders",
            _l("Orders", "Commandes"),
            "customers",
            COUNT,
            FLOW,
            Ref("new_customers") + Ref("repeat_orders"),
        ),
    ]


def _revenue(s: Scenario) -> list[Line]:
    up = ("orders", "upsell")
    aov = _in("orders", "aov") * (1 + _in("orders", "aov_growth")) ** (T - 1)
    return [
        Line(
            "aov",
            _l("Average order value", "Panier moyen"),
            "revenue",
            MONEY,
            RATE,
            aov,
            annual_expr=SafeDiv(Ref("product_sales"), Ref("orders")),
        ),
        Line(
            "product_sales",
            _l("Product sales", "Ventes de produits"),
            "revenue",
            MONEY,
            FLOW,
            Ref("orders") * Ref("aov"),
        ),
        Line(
            "upsell_sales",
            _l("Upsell sales", "Ventes d'options"),
            "revenue",
            MONEY,
            FLOW,
            Ref("orders") * Input((*up, "take_rate")) * Input((*up, "price")),
        ),
        Line(
            "gross_sales",
            _l("Gross sales", "Ventes brutes"),
            "revenue",
            MONEY,
            FLOW,
            Ref("product_sales") + Ref("upsell_sales"),
        ),
        Line(
            "refunds",
            _l("Refunds", "Remboursements"),
            "revenue",
            MONEY,
            FLOW,
            Ref("gross_sales") * _in("orders", "return_rate"),
        ),
        Line(
            "net_revenue",
            _l("Net revenue", "Chiffre d'affaires net"),
            "revenue",
            MONEY,
            FLOW,
            Ref("gross_sales") - Ref("refunds"),
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
            "materials",
            _l("Materials", "Matières"),
            "costs",
            MONEY,
            FLOW,
            Ref("product_sales") * Input((*uc, "material")),
        ),
        Line(
            "upsell_cost",
            _l("Upsell cost", "Coût des options"),
            "costs",
            MONEY,
            FLOW,
            Ref("orders") * Input((*up, "take_rate")) * Input((*up, "cost")),
        ),
        Line(
            "labor",
            _l("Labour", "Main-d'œuvre"),
            "costs",
            MONEY,
            FLOW,
            Ref("orders") * Input((*uc, "labor_per_order")),
        ),
        Line(
            "cogs",
            _l("Cost of goods sold", "Coût des ventes"),
            "costs",
            MONEY,
            FLOW,
            Sum([Ref("materials"), Ref("upsell_cost"), Ref("labor")]),
        ),
        Line(
            "gross_profit",
            _l("Gross profit", "Marge brute"),
            "costs",
            MONEY,
            FLOW,
            Ref("net_revenue") - Ref("cogs"),
        ),
        Line(
            "fulfillment",
            _l("Fulfilment", "Expédition"),
            "costs",
            MONEY,
            FLOW,
            Ref("orders") * Input((*uc, "fulfillment_per_order")),
        ),
        Line(
            "payment_fees", _l("Payment fees", "Frais de paiement"), "costs", MONEY, FLOW, payment
        ),
        Line(
            "return_costs",
            _l("Return handling", "Gestion des retours"),
            "costs",
            MONEY,
            FLOW,
            Ref("refunds") * _in("orders", "return_cost"),
        ),
        Line(
            "contribution", _l("Contribution", "Contribution"), "costs", MONEY, FLOW, contribution
        ),
    ]


def _detail(line_id: str, label: dict[str, str], expr: Expr, section: str = "pnl") -> Line:
    """A per-item row (one fixed cost, one salary line...): shown in the workbook only."""
    return Line(line_id, label, section, MONEY, FLOW, expr, detail=True, level=1)


def _scheduled(p: Path, amount: Expr, rate: str) -> Expr:
    """An item paid from start_month to end_month (or forever), raised every 12 months."""
    start = Input((*p, "start_month"))
    raised = amount * _compound_yearly(Input((*p, rate)), start)
    return If(And(T.ge(start), _optional_end(Input((*p, "end_month")))), raised, 0)


def _fixed_items(s: Scenario) -> list[Line]:
    return [
        _detail(
            f"fixed_cost_{i + 1}",
            _l(item.name, item.name),
            _scheduled(("fixed_costs", i), Input(("fixed_costs", i, "monthly")), "annual_increase"),
        )
        for i, item in enumerate(s.fixed_costs)
    ]


def _staff_items(s: Scenario) -> list[Line]:
    lines = []
    for i, member in enumerate(s.staff):
        p = ("staff", i)
        pay = Input((*p, "count")) * Input((*p, "monthly_salary")) * (1 + _in("employer_overhead"))
        lines.append(
            _detail(
                f"payroll_{i + 1}", _l(member.role, member.role), _scheduled(p, pay, "annual_raise")
            )
        )
    return lines


def _capex_items(s: Scenario) -> list[Line]:
    lines = []
    for i, asset in enumerate(s.capex):
        p = ("capex", i)
        month, life = Input((*p, "month")), Input((*p, "life_months"))
        expr = If(_active(month, month + life - 1), Input((*p, "amount")) / life, 0)
        label = _l(f"Depreciation: {asset.name}", f"Amortissement : {asset.name}")
        lines.append(_detail(f"depreciation_{i + 1}", label, expr))
    return lines


def _loan_items(s: Scenario) -> list[Line]:
    """Per loan: level payment, interest on the opening balance, principal, balance."""
    lines = []
    for i, loan in enumerate(s.financing.loans):
        p, k, name = ("financing", "loans", i), i + 1, loan.name
        amount, month = Input((*p, "amount")), Input((*p, "month"))
        term, r = Input((*p, "term_months")), Input((*p, "annual_rate")) / 12
        window = _active(month + 1, month + term)
        level = If(r.eq(0), amount / term, amount * r / (1 - (1 + r) ** -term))
        balance = (
            Ref(f"loan_balance_{k}", 1) + If(T.eq(month), amount, 0) - Ref(f"loan_principal_{k}")
        )
        lines += [
            _detail(
                f"loan_payment_{k}",
                _l(f"Payment: {name}", f"Échéance : {name}"),
                If(window, level, 0),
            ),
            _detail(
                f"loan_interest_{k}",
                _l(f"Interest: {name}", f"Intérêts : {name}"),
                If(window, Ref(f"loan_balance_{k}", 1) * r, 0),
            ),
            _detail(
                f"loan_principal_{k}",
                _l(f"Principal: {name}", f"Capital : {name}"),
                Ref(f"loan_payment_{k}") - Ref(f"loan_interest_{k}"),
                "cash",
            ),
            Line(
                f"loan_balance_{k}",
                _l(f"Balance: {name}", f"Capital restant : {name}"),
                "cash",
                MONEY,
                STOCK,
                balance,
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
    tax = Max(0, Ref("ebt") - Ref("tax_losses", 1)) * _in("tax_rate")
    payments = [x for x in loans if not x.id.startswith(("loan_principal", "loan_balance"))]
    return [
        *fixed,
        Line(
            "fixed_costs",
            _l("Fixed costs", "Charges fixes"),
            "pnl",
            MONEY,
            FLOW,
            Sum([Ref(x.id) for x in fixed]),
        ),
        *staff,
        Line(
            "payroll",
            _l("Payroll", "Masse salariale"),
            "pnl",
            MONEY,
            FLOW,
            Sum([Ref(x.id) for x in staff]),
        ),
        Line(
            "opex",
            _l("Operating expenses", "Charges d'exploitation"),
            "pnl",
            MONEY,
            FLOW,
            Ref("fixed_costs") + Ref("payroll"),
        ),
        Line("ebitda", _l("EBITDA", "EBE"), "pnl", MONEY, FLOW, Ref("contribution") - Ref("opex")),
        Line(
            "ebitda_ttm",
            _l("EBITDA, trailing twelve months", "EBE sur douze mois glissants"),
            "pnl",
            MONEY,
            NONE,
            Trailing("ebitda", 12),
        ),
        Line(
            "total_costs",
            _l("Total costs (before D&A)", "Coûts totaux (avant amort.)"),
            "pnl",
            MONEY,
            FLOW,
            Ref("net_revenue") - Ref("ebitda"),
            detail=True,
        ),
        *dep,
        Line(
            "depreciation",
            _l("Depreciation", "Amortissements"),
            "pnl",
            MONEY,
            FLOW,
            Sum([Ref(x.id) for x in dep]),
        ),
        Line(
            "ebit",
            _l("EBIT", "Résultat d'exploitation"),
            "pnl",
            MONEY,
            FLOW,
            Ref("ebitda") - Ref("depreciation"),
        ),
        *payments,
        Line(
            "interest",
            _l("Interest", "Intérêts"),
            "pnl",
            MONEY,
            FLOW,
            Sum(_ids(loans, "loan_interest_")),
        ),
        Line(
            "ebt",
            _l("Earnings before tax", "Résultat avant impôt"),
            "pnl",
            MONEY,
            FLOW,
            Ref("ebit") - Ref("interest"),
        ),
        Line(
            "tax_losses",
            _l("Tax losses carried forward", "Déficits reportables"),
            "pnl",
            MONEY,
            STOCK,
            loss,
            opening=Const(0),
        ),
        Line("tax", _l("Income tax", "Impôt sur les bénéfices"), "pnl", MONEY, FLOW, tax),
        Line(
            "net_income",
            _l("Net income", "Résultat net"),
            "pnl",
            MONEY,
            FLOW,
            Ref("ebt") - Ref("tax"),
        ),
    ]


def _cash(s: Scenario, loans: list[Line]) -> list[Line]:
    fin = ("financing",)
    capex = [("capex", i) for i in range(len(s.capex))]
    equity = [(*fin, "equity", i) for i in range(len(s.financing.equity))]
    debt = [(*fin, "loans", i) for i in range(len(s.financing.loans))]
    inventory = SafeDiv(Ref("materials") * 12, _in("unit_costs", "inventory_turns"))
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
            "inventory",
            _l("Inventory", "Stocks"),
            "cash",
            MONEY,
            STOCK,
            inventory,
            opening=Const(0),
        ),
        Line(
            "inventory_change",
            _l("Change in inventory", "Variation des stocks"),
            "cash",
            MONEY,
            FLOW,
            Ref("inventory") - Ref("inventory", 1),
        ),
        *_working_capital(),
        Line(
            "capex",
            _l("Capital expenditure", "Investissements"),
            "cash",
            MONEY,
            FLOW,
            SumIf([(*p, "month") for p in capex], [(*p, "amount") for p in capex], T),
        ),
        Line(
            "equity_in",
            _l("Equity raised", "Apports en capital"),
            "cash",
            MONEY,
            FLOW,
            SumIf([(*p, "month") for p in equity], [(*p, "amount") for p in equity], T),
        ),
        Line(
            "loan_draws",
            _l("Loans drawn", "Emprunts souscrits"),
            "cash",
            MONEY,
            FLOW,
            SumIf([(*p, "month") for p in debt], [(*p, "amount") for p in debt], T),
        ),
        *balances,
        Line(
            "loan_principal",
            _l("Loan principal repaid", "Remboursement d'emprunts"),
            "cash",
            MONEY,
            FLOW,
            Sum(_ids(loans, "loan_principal_")),
        ),
        Line(
            "loan_balance",
            _l("Loan balance", "Dette bancaire"),
            "cash",
            MONEY,
            STOCK,
            Ref("loan_balance", 1) + Ref("loan_draws") - Ref("loan_principal"),
            opening=Const(0),
        ),
        Line(
            "operating_cash_flow",
            _l("Operating cash flow", "Flux d'exploitation"),
            "cash",
            MONEY,
            FLOW,
            ocf,
        ),
        Line(
            "investing_cash_flow",
            _l("Investing cash flow", "Flux d'investissement"),
            "cash",
            MONEY,
            FLOW,
            -Ref("capex"),
        ),
        Line(
            "financing_cash_flow",
            _l("Financing cash flow", "Flux de financement"),
            "cash",
            MONEY,
            FLOW,
            fcf,
        ),
        Line(
            "net_cash_flow",
            _l("Net cash flow", "Variation de trésorerie"),
            "cash",
            MONEY,
            FLOW,
            net,
        ),
        Line(
            "cash",
            _l("Cash balance", "Trésorerie"),
            "cash",
            MONEY,
            STOCK,
            Ref("cash", 1) + Ref("net_cash_flow"),
            opening=_in("financing", "starting_cash"),
        ),
        Line(
            "burn",
            _l("Burn (cash used before financing)", "Consommation de trésorerie"),
            "cash",
            MONEY,
            FLOW,
            Max(0, -(Ref("operating_cash_flow") + Ref("investing_cash_flow"))),
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
            "accounts_receivable",
            _l("Accounts receivable", "Créances clients"),
            "cash",
            MONEY,
            STOCK,
            Ref("net_revenue") * Input((*wc, "receivable_days")) / 30,
            opening=Const(0),
        ),
        Line(
            "receivables_change",
            _l("Change in receivables", "Variation des créances"),
            "cash",
            MONEY,
            FLOW,
            Ref("accounts_receivable") - Ref("accounts_receivable", 1),
        ),
        Line(
            "accounts_payable",
            _l("Accounts payable", "Dettes fournisseurs"),
            "cash",
            MONEY,
            STOCK,
            paid_later * Input((*wc, "payable_days")) / 30,
            opening=Const(0),
        ),
        Line(
            "payables_change",
            _l("Change in payables", "Variation des dettes fournisseurs"),
            "cash",
            MONEY,
            FLOW,
            Ref("accounts_payable") - Ref("accounts_payable", 1),
        ),
    ]


def _stock(
    line_id: str,
    label: dict[str, str],
    expr: Expr,
    opening: Expr | None = None,
    fmt: str = MONEY,
) -> Line:
    """A balance-sheet line: a year-end value in the roll-up, and a month-0 value.

    A total's opening is its own formula over the other lines' openings.
    """
    return Line(line_id, label, "balance", fmt, STOCK, expr, opening=opening or expr)


def _balance() -> list[Line]:
    """The balance sheet (docs/three-statements.md): assets = liabilities + equity, monthly."""
    assets = Sum([Ref(x) for x in ("cash", "accounts_receivable", "inventory", "fixed_assets")])
    equity = Ref("paid_in_capital") + Ref("retained_earnings")
    check = Ref("total_assets") - Ref("total_liabilities") - Ref("total_equity")
    return [
        _stock(
            "fixed_assets",
            _l("Fixed assets (net book value)", "Immobilisations nettes"),
            Ref("fixed_assets", 1) + Ref("capex") - Ref("depreciation"),
            Const(0),
        ),
        _stock("total_assets", _l("Total assets", "Total de l'actif"), assets),
        _stock(
            "total_liabilities",
            _l("Total liabilities", "Total des dettes"),
            Ref("accounts_payable") + Ref("loan_balance"),
        ),
        _stock(
            "paid_in_capital",
            _l("Paid-in capital", "Capital apporté"),
            Ref("paid_in_capital", 1) + Ref("equity_in"),
            _in("financing", "starting_cash"),
        ),
        _stock(
            "retained_earnings",
            _l("Retained earnings", "Résultats accumulés"),
            Ref("retained_earnings", 1) + Ref("net_income"),
            Const(0),
        ),
        _stock("total_equity", _l("Total equity", "Total des capitaux propres"), equity),
        _stock(
            "balance_check",
            _l("Check: assets - liabilities - equity", "Contrôle : actif - dettes - capitaux"),
            check,
            fmt=MONEY_CHECK,
        ),
    ]


def _kpis(s: Scenario) -> list[Line]:
    chans = [c.name for c in s.acquisition.channels]

    def margin(line_id: str, en: str, fr: str) -> Line:
        return Line(
            f"{line_id}_margin",
            _l(en, fr),
            "kpis",
            SHARE,
            RATE,
            SafeDiv(Ref(line_id if line_id != "gross" else "gross_profit"), Ref("net_revenue")),
        )

    return [
        Line(
            "conversion_rate",
            _l("Conversion rate", "Taux de conversion"),
            "kpis",
            SHARE,
            RATE,
            SafeDiv(Sum([Ref(f"new_customers_{c}") for c in chans]), Ref("visits")),
        ),
        Line(
            "cac",
            _l("Customer acquisition cost", "Coût d'acquisition client"),
            "kpis",
            MONEY,
            RATE,
            SafeDiv(Ref("marketing"), Ref("new_customers")),
        ),
        margin("gross", "Gross margin", "Taux de marge brute"),
        margin("contribution", "Contribution margin", "Taux de contribution"),
        margin("ebitda", "EBITDA margin", "Taux d'EBE"),
        Line(
            "net_margin",
            _l("Net margin", "Marge nette"),
            "kpis",
            SHARE,
            RATE,
            SafeDiv(Ref("net_income"), Ref("net_revenue")),
        ),
        Line(
            "ebitda_sustained",
            _l("EBITDA >= 0 from here on", "EBE >= 0 jusqu'au terme"),
            "kpis",
            FLAG,
            NONE,
            If(MinToEnd("ebitda").ge(0), 1, 0),
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


# --- Summary (docs/model.md, summary figures). ---


def per_order_costs() -> list[tuple[str, Expr]]:
    """What the model's margin_per_order deducts from gross sales per order (month-1 prices),
    each named after the monthly line it is the per-order share of.  The summary item and
    the report's per-order waterfall both read this one list."""
    up, uc = ("orders", "upsell"), ("unit_costs",)
    gpo, ret = Item("gross_per_order"), _in("orders", "return_rate")
    return [
        ("refunds", gpo * ret),
        ("materials", _in("orders", "aov") * Input((*uc, "material"))),
        ("upsell_cost", Input((*up, "take_rate")) * Input((*up, "cost"))),
        ("labor", Input((*uc, "labor_per_order"))),
        ("fulfillment", Input((*uc, "fulfillment_per_order"))),
        ("payment_fees", gpo * Input((*uc, "payment_fee")) + Input((*uc, "payment_fee_fixed"))),
        ("return_costs", gpo * ret * _in("orders", "return_cost")),
    ]


def _margin_per_order() -> Expr:
    return Item("gross_per_order") - Sum([expr for _, expr in per_order_costs()])


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
    repeat, churn = _in("customers", "repeat_rate"), _in("customers", "churn")
    return [
        SummaryItem(
            "break_even_month",
            _l(
                "Break-even month (EBITDA >= 0 from then on)", "Mois d'équilibre (EBE >= 0 ensuite)"
            ),
            MONTH_NO,
            FirstMonth("ebitda_sustained", "=", Const(1)),
        ),
        SummaryItem(
            "first_profitable_month",
            _l("First month with EBITDA >= 0", "Premier mois avec EBE >= 0"),
            MONTH_NO,
            FirstMonth("ebitda", ">=", Const(0)),
        ),
        SummaryItem(
            "min_cash", _l("Lowest cash balance", "Trésorerie la plus basse"), MONEY, MinOf("cash")
        ),
        SummaryItem(
            "min_cash_month",
            _l("Month of lowest cash", "Mois de trésorerie la plus basse"),
            MONTH_NO,
            FirstMonth("cash", "=", Item("min_cash")),
        ),
        SummaryItem(
            "funding_need",
            _l("Funding need", "Besoin de financement"),
            MONEY,
            Max(0, -Item("min_cash")),
        ),
        SummaryItem("ending_cash", _l("Ending cash", "Trésorerie finale"), MONEY, Last("cash")),
        SummaryItem(
            "gross_per_order",
            _l("Gross sales per order", "Vente brute par commande"),
            MONEY,
            _in("orders", "aov") + Input((*up, "take_rate")) * Input((*up, "price")),
        ),
        SummaryItem(
            "margin_per_order",
            _l("Margin per order", "Marge par commande"),
            MONEY,
            _margin_per_order(),
        ),
        SummaryItem(
            "expected_orders_per_customer",
            _l("Expected orders per customer", "Commandes attendues par client"),
            RATIO,
            1 + SafeDiv(repeat, churn),
        ),
        SummaryItem(
            "clv",
            _l("Customer lifetime value", "Valeur vie client"),
            MONEY,
            Item("margin_per_order") * Item("expected_orders_per_customer"),
        ),
        SummaryItem(
            "cac_y1",
            _l("Customer acquisition cost, Year 1", "Coût d'acquisition, année 1"),
            MONEY,
            Year1("cac"),
        ),
        SummaryItem(
            "ltv_to_cac",
            _l("LTV:CAC", "LTV:CAC"),
            RATIO,
            If(Item("cac_y1").eq(0), Null(), Item("clv") / Item("cac_y1")),
        ),
        SummaryItem(
            "break_even_orders_y1",
            _l("Break-even orders per month (Year 1)", "Commandes d'équilibre par mois (année 1)"),
            COUNT,
            per_order,
        ),
        SummaryItem(
            "break_even_revenue_y1",
            _l(
                "Break-even net revenue per month (Year 1)", "CA net d'équilibre par mois (année 1)"
            ),
            MONEY,
            revenue,
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
            "break_even_ttm_month",
            _l(
                "Break-even month, trailing twelve months",
                "Mois d'équilibre sur douze mois glissants",
            ),
            MONTH_NO,
            ttm,
        ),
        SummaryItem(
            "cash_out_month",
            _l("Month cash runs out (without more funding)", "Mois où la trésorerie s'épuise"),
            MONTH_NO,
            FirstWhere("cash", "<", Const(0)),
        ),
        SummaryItem(
            "cac_payback_orders",
            _l("CAC payback, in orders", "Retour sur coût d'acquisition, en commandes"),
            RATIO,
            If(margin.le(0), Null(), Item("cac_y1") / margin),
        ),
        SummaryItem(
            "min_dscr",
            _l(
                "Lowest debt-service cover (EBITDA / debt service)",
                "Couverture minimale de la dette",
            ),
            RATIO,
            MinAnnualCover("ebitda", ("interest", "loan_principal")),
        ),
        SummaryItem(
            "use_operating",
            _l("Use of funds: operating losses", "Emplois : pertes d'exploitation"),
            MONEY,
            Max(0, -SumToMonth("operating_cash_flow", until_low)),
        ),
        SummaryItem(
            "use_capex",
            _l("Use of funds: equipment", "Emplois : investissements"),
            MONEY,
            SumToMonth("capex", until_low),
        ),
        SummaryItem(
            "use_debt_service",
            _l("Use of funds: loan repayments", "Emplois : remboursements d'emprunts"),
            MONEY,
            SumToMonth("loan_principal", until_low),
        ),
    ]


# --- The engine. ---


def month_labels(s: Scenario) -> list[str]:
    """Calendar labels YYYY-MM of projection months 1..T."""
    y, m = s.scenario.start_year, s.scenario.start_month
    out = []
    for t in range(s.scenario.months):
        k = m - 1 + t
        out.append(f"{y + k // 12:04d}-{k % 12 + 1:02d}")
    return out


def year_of_month(months: int) -> np.ndarray:
    """Projection year (1-based) of each month 1..T."""
    return np.arange(months) // 12 + 1


@dataclass
class _Env:
    """Evaluation state: inputs, and each line's values with month 0 at index 0."""

    scenario: Scenario
    values: dict[str, np.ndarray] = field(default_factory=dict)
    annual: dict[str, np.ndarray] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)
    # Simulated inputs (docs/risk.md): one value per path replaces the scenario's own.
    # With draws, every line has the shape (paths, months): one definition, many paths.
    draws: dict[Path, np.ndarray] = field(default_factory=dict)

    @property
    def months(self) -> int:
        return self.scenario.scenario.months

    @property
    def shape(self) -> tuple[int, ...]:
        """The leading axes of every line: () for one projection, (paths,) for many."""
        return (len(next(iter(self.draws.values()))),) if self.draws else ()

    def opening_env(self) -> _Env:
        return _OpeningEnv(self.scenario, self.values, draws=self.draws)

    def annual_env(self) -> _Env:
        return _AnnualEnv(self.scenario, self.values, self.annual, draws=self.draws)

    def input(self, path: Path) -> Any:
        if path in self.draws:
            return self.draws[path]
        value = get_path(self.scenario, path)
        return math.nan if value is None else float(value)

    def ref(self, line_id: str, lag: int, idx: np.ndarray) -> np.ndarray:
        return self.values[line_id][..., _span(idx, 1 - lag)]

    def full(self, line_id: str) -> np.ndarray:
        return self.values[line_id][..., 1:]

    def month(self, idx: np.ndarray) -> np.ndarray:
        return (idx + 1).astype(float)

    def cal(self, idx: np.ndarray) -> np.ndarray:
        return ((self.scenario.scenario.start_month - 1 + idx) % 12 + 1).astype(float)

    def year1(self, line_id: str) -> Any:
        return self.annual[line_id][..., 0]

    def year1_months(self) -> float:
        return float(min(12, self.months))

    def summary(self, item_id: str) -> float:
        return self.items[item_id]


@dataclass
class _AnnualEnv(_Env):
    """Evaluates a ratio line's formula on annual totals instead of months."""

    def ref(self, line_id: str, lag: int, idx: np.ndarray) -> np.ndarray:
        assert lag == 0, "annual formulas read the same year only"
        return self.annual[line_id][..., idx]


def evaluation_order(lines: Sequence[Line]) -> list[list[Line]]:
    """Group lines into steps the engine can run in order.

    A step of one line with no self-reference is evaluated for all months at
    once.  Lines that feed each other through last month's value (customers
    and referrals, tax losses, loan balances, cash) form one step that is
    evaluated month by month.  Within a step, same-month references are in
    dependency order; a same-month cycle is a modelling bug and raises.
    """
    by_id = {line.id: line for line in lines}
    deps = {line.id: {(d, lag) for d, lag in line.expr.line_refs()} for line in lines}
    for d in deps.values():
        unknown = {x for x, _ in d} - by_id.keys()
        assert not unknown, f"reference to undefined line(s) {sorted(unknown)}"
    steps = _strongly_connected(list(by_id), {k: {d for d, _ in v} for k, v in deps.items()})
    ordered = []
    for comp in steps:
        same_month = {k: {d for d, lag in deps[k] if lag == 0 and d in comp} for k in comp}
        ordered.append([by_id[k] for k in _topological(comp, same_month)])
    return ordered


def _strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; components come out dependencies first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    for v in nodes:
        if v not in index:
            visit(v)
    return out


def _topological(nodes: list[str], edges: dict[str, set[str]]) -> list[str]:
    done: list[str] = []
    pending = set(nodes)
    while pending:
        ready = sorted(n for n in pending if not (edges[n] & pending))
        if not ready:
            raise AssertionError(f"same-month circular reference among {sorted(pending)}")
        done += ready
        pending -= set(ready)
    return done


@dataclass(frozen=True)
class Projection:
    """The engine's results: monthly lines, annual roll-up and summary."""

    scenario: Scenario
    lines: list[Line]
    summary_items: list[SummaryItem]
    months: list[str]  # calendar labels YYYY-MM
    monthly: dict[str, np.ndarray]  # id -> values for months 1..T
    opening: dict[str, float]  # id -> month-0 value of lines that have one
    years: list[int]
    annual: dict[str, np.ndarray]  # id -> one value per projection year
    summary: dict[str, float | None]
    # docs/risk.md, when the scenario declares uncertainty (set by the pipeline).
    risk: dict[str, Any] | None = None
    risk_paths: dict[str, np.ndarray] | None = None  # each risk summary figure, per path

    def line(self, line_id: str) -> Line:
        return next(x for x in self.lines if x.id == line_id)


@dataclass
class _OpeningEnv(_Env):
    """Evaluates month-0 values: a line read in an opening formula is its own month-0 value."""

    def ref(self, line_id: str, lag: int, idx: np.ndarray) -> np.ndarray:
        return self.values[line_id][..., :1]


def _varying(lines: list[Line], drawn: set[Path]) -> set[str]:
    """The lines a drawn input reaches, directly or through other lines."""
    if not drawn:
        return set()
    exprs = {x.id: [x.expr, *([x.opening] if x.opening is not None else [])] for x in lines}
    reads = {k: {d for e in v for d, _ in e.line_refs()} for k, v in exprs.items()}
    varying = {k for k, v in exprs.items() if any(_reads_draw(e, drawn) for e in v)}
    while True:
        more = {k for k, refs in reads.items() if k not in varying and refs & varying}
        if not more:
            return varying
        varying |= more


def _reads_draw(expr: Expr, drawn: set[Path]) -> bool:
    """True when the formula reads a drawn input, or a summary or Year-1 value (to be safe)."""
    if isinstance(expr, Input) and expr.path in drawn:
        return True
    if isinstance(expr, Item | Year1):
        return True
    held = [*getattr(expr, "paths", ()), *getattr(expr, "keys", ()), *getattr(expr, "values", ())]
    if any(path in drawn for path in held):
        return True
    return any(_reads_draw(child, drawn) for child in expr.children())


def _span(idx: np.ndarray, shift: int) -> slice:
    """The months `idx` (always consecutive) shifted, as a slice: a view, not a copy,
    which matters when each month of a recursive step reads (paths, 1) columns."""
    return slice(int(idx[0]) + shift, int(idx[-1]) + shift + 1)


def _run_months(env: _Env, lines: list[Line]) -> None:
    n = env.months
    opening_env = env.opening_env()
    varying = _varying(lines, set(env.draws))
    for line in lines:  # in sheet order: a total's opening reads openings above it
        opening = line.opening
        start = opening.evaluate(opening_env, np.arange(1))[..., 0] if opening is not None else 0.0
        # Every month of every line is written below, so paths skip the NaN fill; a line
        # no drawn input reaches keeps one row that broadcasts against the paths.
        shape = (*env.shape, n + 1) if line.id in varying else (n + 1,)
        env.values[line.id] = np.empty(shape) if env.shape else np.full(shape, np.nan)
        env.values[line.id][..., 0] = start
    for step in evaluation_order(lines):
        recursive = len(step) > 1 or any(d == step[0].id for d, _ in step[0].expr.line_refs())
        ranges = [np.array([t]) for t in range(n)] if recursive else [np.arange(n)]
        for idx in ranges:
            for line in step:
                env.values[line.id][..., _span(idx, 1)] = line.expr.evaluate(env, idx)


def _roll_up(env: _Env, lines: list[Line]) -> list[int]:
    n = env.months
    year = year_of_month(n)
    years = sorted(set(year.tolist()))
    last = np.array([np.nonzero(year == y)[0][-1] for y in years])
    for line in lines:
        values = env.full(line.id)
        if line.kind == FLOW:
            sums = [total(values[..., year == y]) for y in years]
            env.annual[line.id] = np.stack(sums, axis=-1)
        elif line.kind == STOCK:
            env.annual[line.id] = values[..., last]
    annual_env = env.annual_env()
    for line in lines:
        if line.kind == RATE:
            expr = line.annual_expr or line.expr
            env.annual[line.id] = expr.evaluate(annual_env, np.arange(len(years)))
    return years


def project(s: Scenario) -> Projection:
    """Run the model of docs/model.md on a scenario.

    Numbers too large for a float (an order value of 1e308, visits growing for 240
    months) are an input error, raised as a ScenarioError naming the input and month.
    """
    lines, items = build_lines(s), build_summary()
    env = _Env(s)
    one = np.arange(1)
    with np.errstate(all="ignore"):  # overflow is checked below, by line and month
        _run_months(env, lines)
        years = _roll_up(env, lines)
        for item in items:
            env.items[item.id] = float(item.expr.evaluate(env, one)[0])
    _check_finite(env, lines, items, years)
    summary = {k: (None if math.isnan(v) else v) for k, v in env.items.items()}
    return Projection(
        scenario=s,
        lines=lines,
        summary_items=items,
        months=month_labels(s),
        monthly={line.id: env.full(line.id).copy() for line in lines},
        opening={x.id: float(env.values[x.id][0]) for x in lines if x.opening is not None},
        years=years,
        annual=env.annual,
        summary=summary,
    )


def project_paths(
    s: Scenario, draws: dict[Path, np.ndarray]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The v2 projection of many paths at once (docs/risk.md), without a loop over paths.

    `draws` maps input paths to one value per path; every other input keeps the
    scenario's value. The very line definitions of `project` are evaluated over arrays
    of shape (paths, months). Returns the monthly lines and the summary items, each
    with the paths on the first axis. Non-finite values are left as they come (a path
    whose numbers overflow shows NaN or inf rather than stopping the simulation).
    """
    lines, items = build_lines(s), build_summary()
    env = _Env(s, draws={path: np.asarray(v, dtype=float) for path, v in draws.items()})
    paths = env.shape[0]
    one = np.arange(1)
    with np.errstate(all="ignore"):
        _run_months(env, lines)
        _roll_up(env, lines)
        for item in items:
            env.items[item.id] = item.expr.evaluate(env, one)[..., 0]
    monthly = {x.id: np.broadcast_to(env.full(x.id), (paths, env.months)) for x in lines}
    summary = {k: np.broadcast_to(v, (paths,)) for k, v in env.items.items()}
    return monthly, summary


def evaluate_scalar(p: Projection, expr: Expr) -> float | None:
    """A summary-style formula (KPIs, report figures) evaluated on a finished projection."""
    env = _Env(
        p.scenario,
        annual=p.annual,
        items={k: (math.nan if v is None else v) for k, v in p.summary.items()},
    )
    env.values = {k: np.concatenate([[p.opening.get(k, 0.0)], v]) for k, v in p.monthly.items()}
    value = float(expr.evaluate(env, np.arange(1))[0])
    return None if math.isnan(value) else value


# --- Numbers that stop being numbers. ---


def _check_finite(env: _Env, lines: list[Line], items: list[SummaryItem], years: list[int]) -> None:
    """Raise a ScenarioError at the first month (or year, or summary item) that is not finite.

    Every monthly line and annual total must be a finite number (a ratio line may be
    null only in the annual view, where the JSON shows null); a summary item may be null
    but not infinite.
    """
    by_line = {line.id: line for line in lines}
    labels = month_labels(env.scenario)
    first: tuple[int, int, str] | None = None
    for order, line in enumerate(
        step_line for step in evaluation_order(lines) for step_line in step
    ):
        bad = np.flatnonzero(~np.isfinite(env.full(line.id)))
        if bad.size and (first is None or (bad[0], order) < first[:2]):
            first = (int(bad[0]), order, line.id)
    if first is not None:
        month, _, line_id = first
        value = env.full(line_id)[month]
        where = f"month {month + 1} ({labels[month]}): {line_id} is {_non_finite(value)}"
        _raise_non_finite(env, by_line[line_id].expr, by_line, {}, where)
    for line in lines:
        values = env.annual.get(line.id)
        allowed = np.isnan if line.kind == RATE else (lambda v: np.zeros(len(v), bool))
        if values is not None and not np.all(np.isfinite(values) | allowed(values)):
            year = int(np.flatnonzero(~np.isfinite(values))[0])
            where = f"year {years[year]}: the annual {line.id} is {_non_finite(values[year])}"
            _raise_non_finite(env, line.expr, by_line, {}, where)
    by_item = {item.id: item for item in items}
    for item in items:
        if math.isinf(env.items[item.id]):
            where = f"the summary: {item.id} is {_non_finite(env.items[item.id])}"
            _raise_non_finite(env, item.expr, by_line, by_item, where)


def _non_finite(value: float) -> str:
    return "not a number" if math.isnan(value) else "infinite"


def _raise_non_finite(
    env: _Env,
    expr: Expr,
    by_line: dict[str, Line],
    by_item: dict[str, SummaryItem],
    where: str,
) -> None:
    """Name the input most likely to blame among those `expr` depends on.

    A huge input (1e308) overflows a product or a sum; a tiny one (a referral rate of
    5e-324) makes a divisor too close to 0. Whichever is further from 1 is named: the
    largest non-zero input, unless the smallest is smaller than 1 / the largest.
    """
    paths = _inputs_of(expr, by_line, by_item)
    sizes = {path: abs(env.input(path)) for path in paths}
    usable = [path for path in paths if math.isfinite(sizes[path]) and sizes[path] > 0]
    usable = usable or paths  # every input 0: name one of them all the same
    largest = max(usable, key=sizes.__getitem__)
    smallest = min(usable, key=sizes.__getitem__)
    if sizes[largest] * sizes[smallest] >= 1 or not math.isfinite(sizes[largest]):
        culprit, why = largest, "too large for it"
    else:
        culprit, why = smallest, "too close to 0: a division by it overflows"
    value = get_path(env.scenario, culprit)
    shown = _dotted(culprit)
    message = (
        f"the projection stops being a finite number in {where}; this input, {value:g}, is {why}"
        if isinstance(value, int | float)
        else f"the projection stops being a finite number in {where}"
    )
    source = env.scenario.source
    file, line, column = env.scenario.written_at.get(
        culprit, (str(source) if source else "<scenario>", 0, 0)
    )
    raise ScenarioError([Problem(file, line, column, shown, message)])


def _inputs_of(expr: Expr, by_line: dict[str, Line], by_item: dict[str, SummaryItem]) -> list[Path]:
    """Every input `expr` reads, through the lines and summary items it refers to."""
    found: dict[Path, None] = {}
    seen: set[int] = set()
    pending: list[Expr] = [expr]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Input):
            found[node.path] = None
        for attr in ("paths", "keys", "values"):  # Index and SumIf hold input paths
            for path in getattr(node, attr, ()) if not isinstance(node, Input) else ():
                found[path] = None
        line_id = getattr(node, "line_id", None)
        if line_id in by_line:
            line = by_line[line_id]
            pending += [line.expr, *([line.opening] if line.opening is not None else [])]
        item_id = getattr(node, "item_id", None)
        if item_id in by_item:
            pending.append(by_item[item_id].expr)
        pending += node.children()
    return list(found)


def _dotted(path: Path) -> str:
    """('financing', 'loans', 0, 'amount') -> 'financing.loans[0].amount'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
