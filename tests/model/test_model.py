"""The engine against numbers worked out by hand, the seeds' examples and identities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from projector.model import project
from projector.scenario import load

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXAMPLES = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def tiny_by_hand(receivable_days: float = 0, payable_days: float = 0) -> dict[str, list[float]]:
    """tests/fixtures/tiny.yaml, every line of its 3 months, written out by hand.

    Nov 2027 (season 1.5), Dec 2027 (2.0), Jan 2028 (1.0).  Each month reads the
    month before only through active customers, tax losses, inventory, loan and cash.
    With working-capital days (tiny_wc.yaml), a month counts as 30 days.
    """
    season = [1.5, 2.0, 1.0]
    v_email = [1000 * 1.5, 1000 * 1.1 * 2, 1000 * 1.1**2 * 1]  # 1500, 2200, 1210
    v_social = [3000, 4000, 2000]
    n_email = [75, 110, 60.5]  # 5 %
    n_social = [60, 80, 40]  # 2 %
    referral = [1.0, 2.31, 4.1176]  # 1 % of last month's active customers
    new = [136.0, 192.31, 104.6176]
    marketing = [300 + 600 + 1 * 5 + 100, 440 + 800 + 2.31 * 5 + 100, 242 + 400 + 4.1176 * 5 + 100]
    repeat = [100 * 0.1 * 1.5, 231 * 0.1 * 2, 411.76 * 0.1 * 1]  # 15, 46.2, 41.176
    active = [231.0, 411.76, 411.76 * 0.95 + 104.6176]
    orders = [151.0, 238.51, 104.6176 + 41.176]
    aov = [50, 51, 52.02]
    product = [o * a for o, a in zip(orders, aov, strict=True)]  # 7550, 12164.01, ...
    upsell = [o * 0.2 * 10 for o in orders]
    gross = [p + u for p, u in zip(product, upsell, strict=True)]
    refunds = [g * 0.04 for g in gross]
    net = [g - r for g, r in zip(gross, refunds, strict=True)]
    materials = [p * 0.25 for p in product]
    upsell_cost = [o * 0.2 * 3 for o in orders]
    labor = [o * 2 for o in orders]
    cogs = [m + u + labor_ for m, u, labor_ in zip(materials, upsell_cost, labor, strict=True)]
    gp = [n - c for n, c in zip(net, cogs, strict=True)]
    fulfil = [o * 5 for o in orders]
    fees = [g * 0.03 + o * 0.3 for g, o in zip(gross, orders, strict=True)]
    ret = [r * 0.5 for r in refunds]
    contribution = [gp[i] - fulfil[i] - fees[i] - ret[i] - marketing[i] for i in range(3)]
    fixed = [1200, 1300, 1200]  # rent, plus software in month 2 only; +3 % only after 12 months
    payroll = [2 * 3000 * 1.2] * 3
    ebitda = [contribution[i] - fixed[i] - payroll[i] for i in range(3)]
    dep = [12000 / 36] * 3
    pay = 30000 * 0.01 / (1 - 1.01**-2)  # level payment, 2 months at 1 % a month
    interest = [0, 300.0, (30000 - (pay - 300)) * 0.01]
    principal = [0, pay - 300, pay - interest[2]]
    balance = [30000, 30000 - principal[1], 30000 - principal[1] - principal[2]]
    ebt = [ebitda[i] - dep[i] - interest[i] for i in range(3)]
    losses = list(np.cumsum([-e for e in ebt]))  # all three months lose money
    inventory = [m * 12 / 6 for m in materials]
    inv_change = [inventory[0], inventory[1] - inventory[0], inventory[2] - inventory[1]]
    receivable = [n * receivable_days / 30 for n in net]
    payable = [(materials[i] + upsell_cost[i]) * payable_days / 30 for i in range(3)]
    ar_change = [receivable[0], receivable[1] - receivable[0], receivable[2] - receivable[1]]
    ap_change = [payable[0], payable[1] - payable[0], payable[2] - payable[1]]
    ocf = [ebt[i] + dep[i] - inv_change[i] - ar_change[i] + ap_change[i] for i in range(3)]
    fcf = [30000, 50000 - principal[1], -principal[2]]
    net_cf = [ocf[0] - 12000 + fcf[0], ocf[1] + fcf[1], ocf[2] + fcf[2]]
    cash = list(5000 + np.cumsum(net_cf))
    fixed_assets = [12000 - 12000 / 36 * t for t in (1, 2, 3)]
    assets = [cash[i] + receivable[i] + inventory[i] + fixed_assets[i] for i in range(3)]
    liabilities = [payable[i] + balance[i] for i in range(3)]
    paid_in = [5000, 55000, 55000]  # starting cash, then the equity of month 2
    retained = list(np.cumsum(ebt))  # no tax: every month loses money
    equity = [paid_in[i] + retained[i] for i in range(3)]
    return {
        "season": season,
        "visits_email": v_email,
        "visits_social": v_social,
        "visits": [4500, 6200, 3210],
        "new_customers_email": n_email,
        "new_customers_social": n_social,
        "acquisition_spend_email": [n * 4 for n in n_email],
        "acquisition_spend_social": [n * 10 for n in n_social],
        "referral_customers": referral,
        "new_customers": new,
        "marketing": marketing,
        "repeat_orders": repeat,
        "active_customers": active,
        "orders": orders,
        "aov": aov,
        "product_sales": product,
        "upsell_sales": upsell,
        "gross_sales": gross,
        "refunds": refunds,
        "net_revenue": net,
        "materials": materials,
        "upsell_cost": upsell_cost,
        "labor": labor,
        "cogs": cogs,
        "gross_profit": gp,
        "fulfillment": fulfil,
        "payment_fees": fees,
        "return_costs": ret,
        "contribution": contribution,
        "fixed_costs": fixed,
        "payroll": payroll,
        "opex": [f + p for f, p in zip(fixed, payroll, strict=True)],
        "ebitda": ebitda,
        "depreciation": dep,
        "ebit": [ebitda[i] - dep[i] for i in range(3)],
        "interest": interest,
        "ebt": ebt,
        "tax_losses": losses,
        "tax": [0, 0, 0],
        "net_income": ebt,
        "inventory": inventory,
        "inventory_change": inv_change,
        "capex": [12000, 0, 0],
        "equity_in": [0, 50000, 0],
        "loan_draws": [30000, 0, 0],
        "loan_principal": principal,
        "loan_balance": balance,
        "operating_cash_flow": ocf,
        "investing_cash_flow": [-12000, 0, 0],
        "financing_cash_flow": fcf,
        "net_cash_flow": net_cf,
        "cash": cash,
        "conversion_rate": [135 / 4500, 190 / 6200, 100.5 / 3210],
        "cac": [marketing[i] / new[i] for i in range(3)],
        "gross_margin": [gp[i] / net[i] for i in range(3)],
        "contribution_margin": [contribution[i] / net[i] for i in range(3)],
        "ebitda_margin": [ebitda[i] / net[i] for i in range(3)],
        "net_margin": [ebt[i] / net[i] for i in range(3)],
        "ebitda_sustained": [0, 0, 0],
        "accounts_receivable": receivable,
        "receivables_change": ar_change,
        "accounts_payable": payable,
        "payables_change": ap_change,
        "fixed_assets": fixed_assets,
        "total_assets": assets,
        "total_liabilities": liabilities,
        "paid_in_capital": paid_in,
        "retained_earnings": retained,
        "total_equity": equity,
        "balance_check": [0, 0, 0],
        "burn": [max(0, -(ocf[0] - 12000)), max(0, -ocf[1]), max(0, -ocf[2])],
        "ebitda_ttm": list(np.cumsum(ebitda)),  # fewer than 12 months: all of them so far
    }


@pytest.fixture(scope="module")
def tiny():
    return project(load(FIXTURES / "tiny.yaml"))


def test_first_month_by_hand(tiny):
    """Month 1 written out as the plain numbers a founder would check on paper."""
    m = {k: v[0] for k, v in tiny.monthly.items()}
    assert m["orders"] == pytest.approx(151)  # 136 new (75 + 60 + 1 referred) + 15 repeat
    assert m["net_revenue"] == pytest.approx(7537.92)  # (7,550 + 302) x 96 %
    assert m["contribution"] == pytest.approx(3059.92)
    assert m["ebitda"] == pytest.approx(-5340.08)  # less 1,200 rent and 7,200 payroll
    assert m["cash"] == pytest.approx(13884.92)  # 5,000 - 9,115.08 - 12,000 + 30,000


@pytest.mark.parametrize(
    ("fixture", "days"), [("tiny", (0, 0)), ("tiny_wc", (15, 45))], ids=["v1", "working_capital"]
)
def test_every_line_of_three_months_by_hand(fixture, days):
    p = project(load(FIXTURES / f"{fixture}.yaml"))
    expected = tiny_by_hand(*days)
    public = {line.id for line in p.lines if not line.detail}
    assert public == set(expected), "the hand-worked table covers every docs/model.md line"
    for line_id, values in expected.items():
        assert p.monthly[line_id] == pytest.approx(values, rel=1e-12, abs=1e-9), line_id


def test_working_capital_first_month_by_hand():
    """Month 1 of tiny_wc.yaml: 15 days of receivables, 45 days of payables, on paper."""
    p = project(load(FIXTURES / "tiny_wc.yaml"))
    m = {k: v[0] for k, v in p.monthly.items()}
    assert m["accounts_receivable"] == pytest.approx(3768.96)  # 7,537.92 x 15 / 30
    assert m["accounts_payable"] == pytest.approx(2967.15)  # (1,887.50 + 90.60) x 45 / 30
    # the same month without working capital ends with 13,884.92: 3,768.96 less, 2,967.15 more
    assert m["cash"] == pytest.approx(13083.11)
    assert m["burn"] == pytest.approx(21916.89)  # 9,115.08 + 3,768.96 - 2,967.15 + 12,000
    assert m["total_assets"] == pytest.approx(13083.11 + 3768.96 + 3775 + 11666.666666667)
    assert p.opening["paid_in_capital"] == 5000 and p.opening["total_assets"] == 5000
    assert p.opening["balance_check"] == 0 and p.opening["fixed_assets"] == 0


def test_v2_summary_of_the_tiny_scenario(tiny):
    s, a = tiny.summary, tiny.annual
    assert s["cac_payback_orders"] == pytest.approx(s["cac_y1"] / 26.92)
    # one year of debt service: 30,000 principal and 300 + 150.75 interest
    service = 30000 + 300 + (30000 - (30000 * 0.01 / (1 - 1.01**-2) - 300)) * 0.01
    assert a["interest"][0] + a["loan_principal"][0] == pytest.approx(service)
    assert s["min_dscr"] == pytest.approx(a["ebitda"][0] / service)
    assert s["break_even_ttm_month"] is None and s["cash_out_month"] is None
    # the lowest cash is month 1: 9,115.08 of operating losses and the 12,000 engraver
    assert s["use_operating"] == pytest.approx(9115.08)
    assert (s["use_capex"], s["use_debt_service"]) == (12000, 0)


def test_loan_is_repaid_to_zero(tiny):
    assert tiny.monthly["loan_balance"][-1] == pytest.approx(0, abs=1e-9)
    assert tiny.monthly["loan_principal"].sum() == pytest.approx(30000)


def test_tax_waits_for_losses_to_be_used():
    p = project(load(FIXTURES / "tax.yaml"))
    assert p.monthly["ebt"] == pytest.approx([-100, 1000, 1000])
    assert p.monthly["tax_losses"] == pytest.approx([100, 0, 0])
    assert p.monthly["tax"] == pytest.approx([0, (1000 - 100) * 0.25, 250])
    assert p.summary["first_profitable_month"] == 2
    assert p.summary["break_even_month"] == 2


def test_annual_roll_up_of_a_partial_year(tiny):
    assert tiny.years == [1]
    assert tiny.annual["net_revenue"][0] == pytest.approx(tiny.monthly["net_revenue"].sum())
    assert tiny.annual["cash"][0] == tiny.monthly["cash"][-1]
    product, orders = tiny.monthly["product_sales"].sum(), tiny.monthly["orders"].sum()
    assert tiny.annual["aov"][0] == pytest.approx(product / orders)
    opex_month = tiny.annual["opex"][0] / 3  # Year 1 is months 1..3: the divisor is 3, not 12
    per_order = tiny.annual["contribution"][0] / orders
    assert tiny.summary["break_even_orders_y1"] == pytest.approx(opex_month / per_order)


def test_summary_of_the_tiny_scenario(tiny):
    s = tiny.summary
    assert s["gross_per_order"] == pytest.approx(52)  # 50 + 20 % x 10
    # 52 x 96 % - (12.5 + 0.6 + 2 + 5 + 1.56 + 0.30 + 1.04)
    assert s["margin_per_order"] == pytest.approx(49.92 - 23.0)
    assert s["expected_orders_per_customer"] == pytest.approx(3)  # 1 + 10 % / 5 %
    assert s["clv"] == pytest.approx(26.92 * 3)
    assert s["break_even_month"] is None and s["first_profitable_month"] is None
    assert s["min_cash_month"] == 1 and s["funding_need"] == 0


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return path


def one_month(
    tmp_path: Path,
    extra: str = "",
    orders: str = "{aov: 80}",
    channel: str = "{name: web, visits: 3000, conversion: 5%}",
) -> dict:
    text = (
        f"scenario: {{name: X, start: '2027-01', months: 12}}\n"
        f"acquisition: {{channels: [{channel}]}}\norders: {orders}\n{extra}"
    )
    return project(load(write(tmp_path, text)))


def test_seed_aov_is_sales_over_orders(tmp_path):
    """Seed 000: $12,000 of sales over 150 orders is an AOV of $80."""
    p = one_month(tmp_path, "customers: {churn: 100%}\n")
    assert p.monthly["orders"][0] == pytest.approx(150)
    assert p.monthly["product_sales"][0] == pytest.approx(12000)
    assert p.annual["aov"][0] == pytest.approx(80)


def test_seed_clv_is_margin_times_orders(tmp_path):
    """Seed 000: $50 a purchase, 10 purchases a year, 5 years: CLV $2,500."""
    # 50 expected orders = 1 + repeat/churn with repeat 98 % and churn 2 %
    p = one_month(tmp_path, "customers: {repeat_rate: 98%, churn: 2%}\n", orders="{aov: 50}")
    assert p.summary["expected_orders_per_customer"] == pytest.approx(50)
    assert p.summary["clv"] == pytest.approx(2500)


def test_seed_material_cost_share(tmp_path):
    """Seed 003: $7,000 of materials on $30,000 of sales is 23.3 %."""
    p = one_month(
        tmp_path,
        "unit_costs: {material: 23.3333333333333%}\n",
        orders="{aov: 100}",
        channel="{name: web, visits: 6000, conversion: 5%}",
    )
    assert p.monthly["product_sales"][0] == pytest.approx(30000)
    assert p.monthly["materials"][0] == pytest.approx(7000)


def test_ltv_to_cac_is_null_without_acquisition_cost(tmp_path):
    p = one_month(tmp_path)
    assert p.summary["cac_y1"] == 0 and p.summary["ltv_to_cac"] is None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_identities_hold_for_every_example(path):
    p = project(load(path))
    m = p.monthly
    assert np.allclose(
        np.diff(np.concatenate([[p.opening["cash"]], m["cash"]])), m["net_cash_flow"]
    )
    assert (m["tax"] >= 0).all() and (m["tax_losses"] >= 0).all()
    assert np.allclose(m["gross_sales"] - m["refunds"], m["net_revenue"])
    assert np.allclose(m["ebitda"] - m["depreciation"] - m["interest"] - m["tax"], m["net_income"])
    assert np.allclose(
        m["loan_balance"],
        sum(m[f"loan_balance_{i + 1}"] for i in range(len(p.scenario.financing.loans)))
        if p.scenario.financing.loans
        else 0,
    )
    draws = sum(
        loan.amount
        for loan in p.scenario.financing.loans
        if loan.month + loan.term_months <= p.scenario.scenario.months
    )
    repaid = sum(
        m[f"loan_principal_{i + 1}"].sum()
        for i, loan in enumerate(p.scenario.financing.loans)
        if loan.month + loan.term_months <= p.scenario.scenario.months
    )
    assert repaid == pytest.approx(draws)
    capex = sum(c.amount for c in p.scenario.capex if c.month <= p.scenario.scenario.months)
    assert m["capex"].sum() == pytest.approx(capex)


def v2_by_loops(p) -> tuple[dict[str, list[float]], dict[str, float | None]]:
    """Every v2 line and summary item recomputed from the v1 lines with plain loops."""
    m, s, n = p.monthly, p.scenario, p.scenario.scenario.months
    wc = s.working_capital
    ar = [m["net_revenue"][t] * wc.receivable_days / 30 for t in range(n)]
    ap = [(m["materials"][t] + m["upsell_cost"][t]) * wc.payable_days / 30 for t in range(n)]
    fa, paid, retained = [], [], []
    fa_prev, paid_prev, ret_prev = 0.0, s.financing.starting_cash, 0.0
    for t in range(n):
        bought = sum(c.amount for c in s.capex if c.month == t + 1)
        fa_prev += bought - m["depreciation"][t]
        paid_prev += sum(e.amount for e in s.financing.equity if e.month == t + 1)
        ret_prev += m["net_income"][t]
        fa.append(fa_prev)
        paid.append(paid_prev)
        retained.append(ret_prev)
    ebitda = list(m["ebitda"])
    ttm = [sum(ebitda[max(0, t - 11) : t + 1]) for t in range(n)]
    cash = list(m["cash"])
    low = cash.index(min(cash)) + 1
    ttm_month = next(
        (t for t in range(min(12, n), n + 1) if all(x >= 0 for x in ttm[t - 1 :])), None
    )
    covers = []
    for y in range(len(p.years)):
        months = range(12 * y, min(n, 12 * y + 12))
        service = sum(m["interest"][t] + m["loan_principal"][t] for t in months)
        if service > 0:
            covers.append(sum(ebitda[t] for t in months) / service)
    margin = p.summary["margin_per_order"]
    lines = {
        "accounts_receivable": ar,
        "accounts_payable": ap,
        "fixed_assets": fa,
        "paid_in_capital": paid,
        "retained_earnings": retained,
        "total_assets": [cash[t] + ar[t] + m["inventory"][t] + fa[t] for t in range(n)],
        "total_liabilities": [ap[t] + m["loan_balance"][t] for t in range(n)],
        "ebitda_ttm": ttm,
        "burn": [max(0.0, -(m["operating_cash_flow"][t] - m["capex"][t])) for t in range(n)],
        "receivables_change": [ar[t] - (ar[t - 1] if t else 0.0) for t in range(n)],
        "payables_change": [ap[t] - (ap[t - 1] if t else 0.0) for t in range(n)],
        "total_equity": [paid[t] + retained[t] for t in range(n)],
    }
    lines["operating_cash_flow"] = [
        m["net_income"][t]
        + m["depreciation"][t]
        - m["inventory_change"][t]
        - lines["receivables_change"][t]
        + lines["payables_change"][t]
        for t in range(n)
    ]
    lines["balance_check"] = [
        lines["total_assets"][t] - lines["total_liabilities"][t] - lines["total_equity"][t]
        for t in range(n)
    ]
    summary = {
        "break_even_ttm_month": ttm_month,
        "cash_out_month": next((t + 1 for t in range(n) if cash[t] < 0), None),
        "cac_payback_orders": p.summary["cac_y1"] / margin if margin > 0 else None,
        "min_dscr": min(covers) if covers else None,
        "use_operating": max(0.0, -sum(m["operating_cash_flow"][:low])),
        "use_capex": sum(m["capex"][:low]),
        "use_debt_service": sum(m["loan_principal"][:low]),
    }
    return lines, summary


@pytest.mark.parametrize("path", EXAMPLES + [FIXTURES / "tiny_wc.yaml"], ids=lambda p: p.stem)
def test_v2_lines_equal_plain_loops_for_every_example(path):
    p = project(load(path))
    lines, summary = v2_by_loops(p)
    for line_id, values in lines.items():
        assert p.monthly[line_id] == pytest.approx(values, rel=1e-9, abs=1e-6), line_id
    for line_id in ("receivables_change", "payables_change", "burn", "total_assets"):
        for y, year in enumerate(p.years):  # flows sum, stocks close the year
            months = [t for t in range(len(p.months)) if t // 12 + 1 == year]
            values = [lines[line_id][t] for t in months]
            expected = values[-1] if line_id == "total_assets" else sum(values)
            assert p.annual[line_id][y] == pytest.approx(expected, rel=1e-9, abs=1e-6), line_id
    for item_id, value in summary.items():
        assert p.summary[item_id] == (
            None if value is None else pytest.approx(value, rel=1e-9, abs=1e-6)
        ), item_id


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_balance_sheet_balances_every_month(path):
    p = project(load(path))
    m = p.monthly
    size = np.maximum.reduce([abs(m["total_assets"]), abs(m["total_liabilities"])])
    assert (abs(m["balance_check"]) <= 1e-9 * np.maximum(size, 1)).all()
    assert np.allclose(m["total_assets"], m["total_liabilities"] + m["total_equity"])
    assert p.annual["balance_check"] == pytest.approx(m["balance_check"][11::12], abs=1e-6)


def test_a_v1_scenario_keeps_its_v1_numbers():
    """With no working capital the receivable and payable terms are exact zeros."""
    p = project(load(FIXTURES / "tiny.yaml"))
    m = p.monthly
    v1_ocf = m["net_income"] + m["depreciation"] - m["inventory_change"]
    assert (m["operating_cash_flow"] == v1_ocf).all()  # bit for bit, not approximately
    assert not m["accounts_receivable"].any() and not m["accounts_payable"].any()


def test_trailing_break_even_ignores_one_seasonal_dip(tmp_path):
    """EBITDA dips below 0 every January but the trailing year stays positive from month 12."""
    text = (
        "scenario: {name: X, start: '2027-01', months: 24}\n"
        "acquisition: {channels: [{name: web, visits: 1000, conversion: 10%}],\n"
        "  seasonality: [0.2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n"
        "orders: {aov: 50}\n"
        "fixed_costs: [{name: Rent, monthly: 2000}]\n"
    )
    p = project(load(write(tmp_path, text)))
    # 100 orders x 50 = 5,000 a month, 1,000 in January: EBITDA 3,000, and -1,000 in January
    assert p.monthly["ebitda"][[0, 1, 12]] == pytest.approx([-1000, 3000, -1000])
    assert p.summary["break_even_month"] == 14  # the strict one waits for the last January
    assert p.summary["break_even_ttm_month"] == 12  # 11 x 3,000 - 1,000 = 32,000 >= 0
    assert p.monthly["ebitda_ttm"][11] == pytest.approx(32000)
