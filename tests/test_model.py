"""The engine against numbers worked out by hand, the seeds' examples and identities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from projector.model import project
from projector.scenario import load

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = sorted((Path(__file__).parent.parent / "scenarios").glob("*.yaml"))


def tiny_by_hand() -> dict[str, list[float]]:
    """tests/fixtures/tiny.yaml, every line of its 3 months, written out by hand.

    Nov 2027 (season 1.5), Dec 2027 (2.0), Jan 2028 (1.0).  Each month reads the
    month before only through active customers, tax losses, inventory, loan and cash.
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
    ocf = [ebt[i] + dep[i] - inv_change[i] for i in range(3)]
    fcf = [30000, 50000 - principal[1], -principal[2]]
    net_cf = [ocf[0] - 12000 + fcf[0], ocf[1] + fcf[1], ocf[2] + fcf[2]]
    cash = list(5000 + np.cumsum(net_cf))
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


def test_every_line_of_three_months_by_hand(tiny):
    expected = tiny_by_hand()
    public = {line.id for line in tiny.lines if not line.detail}
    assert public == set(expected), "the hand-worked table covers every MODEL.md line"
    for line_id, values in expected.items():
        assert tiny.monthly[line_id] == pytest.approx(values, rel=1e-12, abs=1e-9), line_id


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
