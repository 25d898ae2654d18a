"""Human labels of the scenario's keys, in English and French.

Investor documents name an assumption as a reader would ("Conversion rate"),
not by its YAML path (`acquisition.channels.conversion`); the path stays
available as a small secondary reference. Labels are keyed by the schema path
without list indices, so `staff[2].monthly_salary` reads "Monthly salary".
"""

from __future__ import annotations

from collections.abc import Mapping

# path -> (English, French)
_LABELS: dict[str, tuple[str, str]] = {
    "scenario": ("Scenario", "Scénario"),
    "scenario.name": ("Name", "Nom"),
    "scenario.currency": ("Currency", "Devise"),
    "scenario.locale": ("Language", "Langue"),
    "scenario.start": ("First month", "Premier mois"),
    "scenario.months": ("Horizon", "Horizon"),
    "scenario.industry": ("Industry benchmarks", "Références sectorielles"),
    "scenario.usd_rate": ("Units per US dollar", "Unités pour un dollar US"),
    "acquisition": ("Acquisition", "Acquisition"),
    "acquisition.channels": ("Channels", "Canaux"),
    "acquisition.channels.name": ("Id", "Identifiant"),
    "acquisition.channels.label": ("Channel", "Canal"),
    "acquisition.channels.visits": ("Visits, month 1", "Visites, mois 1"),
    "acquisition.channels.growth": ("Monthly growth of visits", "Croissance mensuelle des visites"),
    "acquisition.channels.conversion": ("Conversion rate", "Taux de conversion"),
    "acquisition.channels.cac": ("Cost per new customer", "Coût par nouveau client"),
    "acquisition.seasonality": ("Seasonality", "Saisonnalité"),
    "acquisition.brand_marketing": ("Brand marketing, monthly", "Marketing de marque, mensuel"),
    "acquisition.referrals": ("Referrals", "Parrainage"),
    "acquisition.referrals.rate": ("Referral rate", "Taux de parrainage"),
    "acquisition.referrals.reward": ("Reward per referral", "Récompense par filleul"),
    "customers": ("Customers", "Clients"),
    "customers.starting": ("Customers at the start", "Clients au départ"),
    "customers.repeat_rate": ("Repeat orders per customer", "Réachats par client"),
    "customers.churn": ("Monthly churn", "Attrition mensuelle"),
    "orders": ("Orders", "Commandes"),
    "orders.aov": ("Average order value", "Panier moyen"),
    "orders.aov_growth": ("Monthly growth of order value", "Croissance mensuelle du panier"),
    "orders.upsell": ("Upsell", "Option premium"),
    "orders.upsell.take_rate": ("Take rate", "Taux de prise"),
    "orders.upsell.price": ("Price", "Prix"),
    "orders.upsell.cost": ("Cost", "Coût"),
    "orders.return_rate": ("Return rate", "Taux de retour"),
    "orders.return_cost": ("Return handling cost", "Coût de traitement des retours"),
    "unit_costs": ("Costs per order", "Coûts par commande"),
    "unit_costs.material": ("Materials, share of sales", "Matières, part des ventes"),
    "unit_costs.labor_per_order": ("Labour per order", "Main-d'œuvre par commande"),
    "unit_costs.fulfillment_per_order": ("Packing and shipping", "Emballage et expédition"),
    "unit_costs.payment_fee": ("Payment fee, share", "Frais de paiement, part"),
    "unit_costs.payment_fee_fixed": ("Payment fee per order", "Frais de paiement par commande"),
    "unit_costs.inventory_turns": ("Inventory turns per year", "Rotations de stock par an"),
    "fixed_costs": ("Fixed costs", "Charges fixes"),
    "fixed_costs.name": ("Expense", "Charge"),
    "fixed_costs.monthly": ("Monthly amount", "Montant mensuel"),
    "fixed_costs.start_month": ("From month", "Du mois"),
    "fixed_costs.end_month": ("To month", "Au mois"),
    "fixed_costs.annual_increase": ("Yearly increase", "Hausse annuelle"),
    "staff": ("Staff", "Personnel"),
    "staff.role": ("Role", "Poste"),
    "staff.count": ("Headcount", "Effectif"),
    "staff.monthly_salary": ("Monthly salary", "Salaire mensuel"),
    "staff.start_month": ("From month", "Du mois"),
    "staff.end_month": ("To month", "Au mois"),
    "staff.annual_raise": ("Yearly raise", "Augmentation annuelle"),
    "employer_overhead": ("Employer overhead", "Charges patronales"),
    "capex": ("Equipment", "Investissements"),
    "capex.name": ("Asset", "Actif"),
    "capex.amount": ("Price", "Prix"),
    "capex.month": ("Purchase month", "Mois d'achat"),
    "capex.life_months": ("Life in months", "Durée en mois"),
    "financing": ("Financing", "Financement"),
    "financing.starting_cash": ("Starting cash", "Trésorerie de départ"),
    "financing.equity": ("Equity", "Apports en capital"),
    "financing.equity.month": ("Month", "Mois"),
    "financing.equity.amount": ("Amount", "Montant"),
    "financing.loans": ("Loans", "Emprunts"),
    "financing.loans.name": ("Loan", "Emprunt"),
    "financing.loans.amount": ("Amount", "Montant"),
    "financing.loans.month": ("Drawn in month", "Tiré au mois"),
    "financing.loans.annual_rate": ("Annual interest rate", "Taux d'intérêt annuel"),
    "financing.loans.term_months": ("Term in months", "Durée en mois"),
    "tax_rate": ("Tax rate", "Taux d'impôt"),
    "working_capital": ("Working capital", "Besoin en fonds de roulement"),
    "working_capital.receivable_days": ("Days to be paid", "Délai client (jours)"),
    "working_capital.payable_days": ("Days to pay suppliers", "Délai fournisseurs (jours)"),
}


def schema_path(path: str | tuple) -> str:
    """`acquisition.channels[0].conversion` or a tuple path, without list indices or item keys."""
    parts = path.replace("[", ".").replace("]", "").split(".") if isinstance(path, str) else path
    return ".".join(str(p) for p in parts if not str(p).isdigit())


def label(path: str | tuple, locale: str) -> str:
    """A key's human label; an unlabelled key (a newer schema field) reads as its words."""
    key = schema_path(path)
    found = _LABELS.get(key)
    if found is None:
        return key.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    return found[0] if locale == "en" else found[1]


def input_label(
    address: str,
    locale: str,
    *,
    with_address: bool = True,
    shown: Mapping[str, str] | None = None,
) -> str:
    """A risk input's address as a reader names it, the address aside: `Conversion rate ·
    email (acquisition.channels.email.conversion)`, `Average order value (orders.aov)`."""
    parts = address.split(".")
    words = label(address, locale)
    for i, part in enumerate(parts[:-1]):
        if part in ITEM_LISTS and len(parts) == i + 3:  # list, item, field
            field = ".".join([*parts[:i], part, parts[-1]])
            item = parts[i + 1]
            words = f"{label(field, locale)} · {(shown or {}).get(item, item)}"
    if parts[-2:-1] == ["seasonality"]:
        words = f"{label('acquisition.seasonality', locale)} · {parts[-1]}"
    return f"{words} ({address})" if with_address else words


# Lists whose items an input address names (by name, role or 1-based round).
ITEM_LISTS = frozenset({"channels", "fixed_costs", "staff", "capex", "equity", "loans"})


def has_label(path: str) -> bool:
    return schema_path(path) in _LABELS
