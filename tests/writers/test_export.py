"""The JSON export holds every docs/model.md id, in the shapes docs/model.md gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from projector.model import project
from projector.scenario import load
from projector.writers.export import to_dict, to_json

FIXTURES = Path(__file__).parents[1] / "fixtures"

# docs/model.md's monthly lines (channel lines for the tiny fixture's email and social),
# annual lines and summary figures.
MONTHLY_IDS = [
    "season",
    "visits_email",
    "visits_social",
    "new_customers_email",
    "new_customers_social",
    "acquisition_spend_email",
    "acquisition_spend_social",
    "visits",
    "referral_customers",
    "new_customers",
    "marketing",
    "repeat_orders",
    "active_customers",
    "orders",
    "aov",
    "product_sales",
    "upsell_sales",
    "gross_sales",
    "refunds",
    "net_revenue",
    "materials",
    "upsell_cost",
    "labor",
    "cogs",
    "gross_profit",
    "fulfillment",
    "payment_fees",
    "return_costs",
    "contribution",
    "fixed_costs",
    "payroll",
    "opex",
    "ebitda",
    "depreciation",
    "ebit",
    "interest",
    "ebt",
    "tax_losses",
    "tax",
    "net_income",
    "inventory",
    "inventory_change",
    "capex",
    "equity_in",
    "loan_draws",
    "loan_principal",
    "loan_balance",
    "operating_cash_flow",
    "investing_cash_flow",
    "financing_cash_flow",
    "net_cash_flow",
    "cash",
    "conversion_rate",
    "cac",
    "gross_margin",
    "contribution_margin",
    "ebitda_margin",
    "net_margin",
    "ebitda_sustained",
    # v2: working capital, the balance sheet, burn and trailing EBITDA
    "accounts_receivable",
    "receivables_change",
    "accounts_payable",
    "payables_change",
    "fixed_assets",
    "total_assets",
    "total_liabilities",
    "paid_in_capital",
    "retained_earnings",
    "total_equity",
    "balance_check",
    "burn",
    "ebitda_ttm",
]
SUMMARY_IDS = [
    "break_even_month",
    "first_profitable_month",
    "min_cash",
    "min_cash_month",
    "funding_need",
    "ending_cash",
    "gross_per_order",
    "margin_per_order",
    "expected_orders_per_customer",
    "clv",
    "cac_y1",
    "ltv_to_cac",
    "break_even_orders_y1",
    "break_even_revenue_y1",
    "break_even_ttm_month",
    "cash_out_month",
    "cac_payback_orders",
    "min_dscr",
    "use_operating",
    "use_capex",
    "use_debt_service",
]


@pytest.fixture(scope="module")
def tiny():
    return project(load(FIXTURES / "tiny.yaml"))


def test_every_model_id_is_exported(tiny):
    data = to_dict(tiny)
    assert set(data["lines"]) == set(MONTHLY_IDS)
    assert set(data["annual"]["lines"]) == set(MONTHLY_IDS) - {
        "season",
        "ebitda_sustained",
        "ebitda_ttm",
    }
    assert list(data["summary"]) == SUMMARY_IDS


def test_shapes_and_values(tiny):
    data = json.loads(to_json(tiny))
    assert data["scenario"] == {"name": "Tiny", "currency": "USD", "start": "2027-11", "months": 3}
    assert data["months"] == ["2027-11", "2027-12", "2028-01"]
    assert data["annual"]["years"] == [1]
    assert all(len(v) == 3 for v in data["lines"].values())
    assert data["lines"]["orders"][0] == pytest.approx(151)
    assert data["summary"]["break_even_month"] is None  # never sustained: null, not 0
    assert data["summary"]["min_cash_month"] == 1 and isinstance(
        data["summary"]["min_cash_month"], int
    )


def test_break_even_month_is_an_integer():
    data = to_dict(project(load(FIXTURES / "tax.yaml")))
    assert data["summary"]["break_even_month"] == 2
    assert isinstance(data["summary"]["break_even_month"], int)
