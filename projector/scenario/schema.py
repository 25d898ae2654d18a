"""The schema: every scenario key, its kind of value, documentation, default and limits.

The schema is declared once, one field at a time, as frozen dataclasses whose
field metadata carries the kind of value, its documentation and its unit.  The
loader, the JSON Schema and the workbook's Assumptions sheet all read that one
declaration, so a new key is added in exactly one place.
"""

# No `from __future__ import annotations` here: with evaluated annotations, dataclasses need
# not parse each one as text (about 1 ms at import). Every class has a docstring, also
# because without one dataclasses builds it from the class's signature (another 1.5 ms).
from collections.abc import Iterator
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any

# Kinds of value.  Each kind has one parser/validator in the loader (kinds.py) and one
# JSON Schema fragment (jsonschema.py); the workbook writer uses it to pick a number format.
TEXT = "text"  # free, non-empty text
CURRENCY = "currency"  # ISO 4217 code: three capital letters
LOCALE = "locale"  # en | fr
YEAR_MONTH = "year_month"  # "YYYY-MM"
HORIZON = "horizon"  # whole number of months, 1..240
INDUSTRY = "industry"  # a benchmark set name, or none
CHANNEL_NAME = "channel_name"  # a lowercase letter, then lowercase letters, digits, _
COUNT = "count"  # a number >= 0 (visits, customers, people)
MONEY = "money"  # an amount >= 0 in the scenario's currency
CASH = "cash"  # an amount in the scenario's currency, may be negative
SHARE = "share"  # a fraction in 0..1, written 0.0429 or "4.29%"
GROWTH = "growth"  # a rate in (-1, 1], written 0.03 or "3%"
MONTH = "month"  # a projection month, whole number >= 1
END_MONTH = "end_month"  # a projection month >= 1, or none
DURATION = "duration"  # a whole number of months >= 1
TURNS = "turns"  # a number >= 0 (inventory turns per year)
SEASONALITY = "seasonality"  # exactly 12 numbers >= 0, Jan..Dec
DAYS = "days"  # a number of days in 0..365, may be fractional (working capital)
LABEL = "label"  # free, non-empty text, or none (then the item's name is shown)
USD_RATE = "usd_rate"  # units of the currency one US dollar buys: a number > 0, or none
PATHS = "paths"  # simulated paths, a whole number 1..100000 (risk analysis)
SEED = "seed"  # a whole number >= 0 (risk analysis)
UNCERTAIN = "uncertain"  # input address -> {distribution: [parameters]} (docs/risk.md)

INDUSTRIES = (
    "personalized_gifts",
    "customization_marketplace",
    "3d_printed_jewelry",
    "luxury_custom_jewelry",
)


# Text in every language the scenario can be read in, by language code ("en", "fr"):
# a key's label and its description sit on the key, like a line's labels on the line.
Words = dict[str, str]


def _meta(kind: str, doc: str, doc_fr: str, label: Words | None, **more: Any) -> dict[str, Any]:
    """The metadata every declared key carries: kind, documentation and label by language.

    `doc` stays the English text (the JSON Schema's description); `docs` and `label`
    hold every language.
    """
    return {"kind": kind, "doc": doc, "docs": {"en": doc, "fr": doc_fr}, "label": label, **more}


def spec(
    kind: str,
    doc: str,
    *,
    doc_fr: str = "",
    label: Words | None = None,
    default: Any = None,
    required: bool = False,
    unit: str = "",
) -> Any:
    """Declare one scenario key: its kind, its documentation, its label and its default."""
    meta = _meta(kind, doc, doc_fr, label, required=required, unit=unit)
    if required:
        return field(metadata=meta)
    if isinstance(default, list | tuple):
        return field(default=tuple(default), metadata=meta)
    return field(default=default, metadata=meta)


def section(
    cls: type,
    doc: str,
    *,
    doc_fr: str = "",
    label: Words | None = None,
    required: bool = False,
    risk: bool = False,
) -> Any:
    """Declare a nested mapping whose keys are the fields of `cls`.

    `risk` marks the risk settings, which are no assumption of the plan (schema_fields).
    """
    meta = _meta("section", doc, doc_fr, label, required=required, unit="", type=cls)
    if risk:
        meta["risk"] = True
    if required:
        return field(metadata=meta)
    return field(default_factory=cls, metadata=meta)


MAX_ITEMS = 100  # items per list: a small business's plan, not a denial of service


def items(
    cls: type,
    doc: str,
    *,
    doc_fr: str = "",
    label: Words | None = None,
    required: bool = False,
    min_items: int = 0,
    noun: str = "item",
) -> Any:
    """Declare a list of mappings whose keys are the fields of `cls`.

    `noun` names one item in messages about `extends` ("no fixed cost named 'Rent'").
    """
    meta = _meta(
        "list",
        doc,
        doc_fr,
        label,
        required=required,
        unit="",
        type=cls,
        min_items=min_items,
        max_items=MAX_ITEMS,
        noun=noun,
    )
    if required:
        return field(metadata=meta)
    return field(default=(), metadata=meta)


@dataclass(frozen=True, kw_only=True)
class Meta:
    """The `scenario:` section: what the plan is called, its money and language, its calendar."""

    name: str = spec(
        TEXT,
        "Scenario name, free text",
        required=True,
        doc_fr="Nom du scénario, texte libre",
        label={"en": "Name", "fr": "Nom"},
    )
    currency: str = spec(
        CURRENCY,
        "ISO 4217 code, used for number formats",
        default="USD",
        doc_fr="Code ISO 4217, pour le format des montants",
        label={"en": "Currency", "fr": "Devise"},
    )
    locale: str = spec(
        LOCALE,
        "Language of labels and number formats: en or fr",
        default="en",
        doc_fr="Langue des libellés et des formats : en ou fr",
        label={"en": "Language", "fr": "Langue"},
    )
    start: str = spec(
        YEAR_MONTH,
        "Calendar month of projection month 1 (YYYY-MM)",
        required=True,
        doc_fr="Mois calendaire du mois 1 (AAAA-MM)",
        label={"en": "First month", "fr": "Premier mois"},
    )
    months: int = spec(
        HORIZON,
        "Projection horizon in months (1..240)",
        required=True,
        doc_fr="Horizon de projection en mois (1 à 240)",
        label={"en": "Horizon", "fr": "Horizon"},
    )
    industry: str | None = spec(
        INDUSTRY,
        "Benchmark set the KPIs are held against",
        doc_fr="Références auxquelles les KPI sont comparés",
        label={"en": "Industry benchmarks", "fr": "Références sectorielles"},
    )
    usd_rate: float | None = spec(
        USD_RATE,
        "Units of this currency one US dollar buys, to compare money KPIs with USD",
        doc_fr="Unités de cette devise pour un dollar US, pour comparer les KPI monétaires aux "
        "références en USD",
        label={"en": "Units per US dollar", "fr": "Unités pour un dollar US"},
    )

    @property
    def start_year(self) -> int:
        return int(self.start[:4])

    @property
    def start_month(self) -> int:
        return int(self.start[5:7])


@dataclass(frozen=True, kw_only=True)
class Channel:
    """One traffic source; its name becomes line ids and workbook names (visits_<name>)."""

    name: str = spec(
        CHANNEL_NAME,
        "Channel id: lowercase letter, then a-z, 0-9, _",
        required=True,
        doc_fr="Identifiant du canal",
        label={"en": "Id", "fr": "Identifiant"},
    )
    label: str | None = spec(
        LABEL,
        "Free text shown in the workbook and reports; default the name",
        doc_fr="Texte libre affiché dans le classeur et les rapports ; par défaut le nom",
        label={"en": "Channel", "fr": "Canal"},
    )
    visits: float = spec(
        COUNT,
        "Visits in month 1, before seasonality",
        required=True,
        unit="visits",
        doc_fr="Visites au mois 1, avant saisonnalité",
        label={"en": "Visits, month 1", "fr": "Visites, mois 1"},
    )
    growth: float = spec(
        GROWTH,
        "Monthly compound growth of visits",
        default=0.0,
        doc_fr="Croissance mensuelle composée des visites",
        label={"en": "Monthly growth of visits", "fr": "Croissance mensuelle des visites"},
    )
    conversion: float = spec(
        SHARE,
        "Share of visits that become new customers",
        required=True,
        doc_fr="Part des visites devenant nouveaux clients",
        label={"en": "Conversion rate", "fr": "Taux de conversion"},
    )
    cac: float = spec(
        MONEY,
        "Acquisition cost per new customer",
        default=0.0,
        unit="money",
        doc_fr="Coût d'acquisition par nouveau client",
        label={"en": "Cost per new customer", "fr": "Coût par nouveau client"},
    )

    @property
    def shown(self) -> str:
        """How the channel is named to a reader: its label, or its id when it has none."""
        return self.label if self.label is not None else self.name


@dataclass(frozen=True, kw_only=True)
class Referrals:
    """Customers brought by customers: a rate on the active base and a reward each."""

    rate: float = spec(
        SHARE,
        "New customers referred per active customer per month",
        default=0.0,
        doc_fr="Nouveaux clients parrainés par client actif et par mois",
        label={"en": "Referral rate", "fr": "Taux de parrainage"},
    )
    reward: float = spec(
        MONEY,
        "Cost per referred customer",
        default=0.0,
        unit="money",
        doc_fr="Coût par client parrainé",
        label={"en": "Reward per referral", "fr": "Récompense par filleul"},
    )


@dataclass(frozen=True, kw_only=True)
class Acquisition:
    """Where new customers come from: channels, the calendar's seasonality, brand spend."""

    channels: tuple[Channel, ...] = items(
        Channel,
        "Traffic sources, at least one",
        required=True,
        min_items=1,
        doc_fr="Sources de trafic, au moins une",
        label={"en": "Channels", "fr": "Canaux"},
        noun="channel",
    )
    seasonality: tuple[float, ...] = spec(
        SEASONALITY,
        "Jan..Dec multipliers of visits and repeat orders",
        default=(1.0,) * 12,
        doc_fr="Coefficients janvier à décembre des visites et des réachats",
        label={"en": "Seasonality", "fr": "Saisonnalité"},
    )
    brand_marketing: float = spec(
        MONEY,
        "Monthly marketing not tied to a channel",
        default=0.0,
        unit="money",
        doc_fr="Marketing mensuel hors canaux",
        label={"en": "Brand marketing, monthly", "fr": "Marketing de marque, mensuel"},
    )
    referrals: Referrals = section(
        Referrals,
        "Customer referrals",
        doc_fr="Parrainage",
        label={"en": "Referrals", "fr": "Parrainage"},
    )


@dataclass(frozen=True, kw_only=True)
class Customers:
    """The active base before month 1, and how it reorders and churns."""

    starting: float = spec(
        COUNT,
        "Active customers before month 1",
        default=0.0,
        unit="customers",
        doc_fr="Clients actifs avant le mois 1",
        label={"en": "Customers at the start", "fr": "Clients au départ"},
    )
    repeat_rate: float = spec(
        SHARE,
        "Repeat orders per active customer per month, before seasonality",
        default=0.0,
        doc_fr="Réachats par client actif et par mois, avant saisonnalité",
        label={"en": "Repeat orders per customer", "fr": "Réachats par client"},
    )
    churn: float = spec(
        SHARE,
        "Share of active customers lost each month",
        default=0.0,
        doc_fr="Part des clients actifs perdus chaque mois",
        label={"en": "Monthly churn", "fr": "Attrition mensuelle"},
    )


@dataclass(frozen=True, kw_only=True)
class Upsell:
    """The add-on some orders buy, priced and costed on its own."""

    take_rate: float = spec(
        SHARE,
        "Share of orders that buy the add-on",
        default=0.0,
        doc_fr="Part des commandes prenant l'option",
        label={"en": "Take rate", "fr": "Taux de prise"},
    )
    price: float = spec(
        MONEY,
        "Add-on price",
        default=0.0,
        unit="money",
        doc_fr="Prix de l'option",
        label={"en": "Price", "fr": "Prix"},
    )
    cost: float = spec(
        MONEY,
        "Add-on cost",
        default=0.0,
        unit="money",
        doc_fr="Coût de l'option",
        label={"en": "Cost", "fr": "Coût"},
    )


@dataclass(frozen=True, kw_only=True)
class Orders:
    """What an order is worth, how it grows, and what returns take back."""

    aov: float = spec(
        MONEY,
        "Average order value in month 1, products only",
        required=True,
        unit="money",
        doc_fr="Panier moyen au mois 1, produits seuls",
        label={"en": "Average order value", "fr": "Panier moyen"},
    )
    aov_growth: float = spec(
        GROWTH,
        "Monthly compound growth of AOV",
        default=0.0,
        doc_fr="Croissance mensuelle composée du panier moyen",
        label={"en": "Monthly growth of order value", "fr": "Croissance mensuelle du panier"},
    )
    upsell: Upsell = section(
        Upsell,
        "Premium personalisation add-on",
        doc_fr="Option de personnalisation premium",
        label={"en": "Upsell", "fr": "Option premium"},
    )
    return_rate: float = spec(
        SHARE,
        "Share of gross sales refunded",
        default=0.0,
        doc_fr="Part des ventes brutes remboursée",
        label={"en": "Return rate", "fr": "Taux de retour"},
    )
    return_cost: float = spec(
        SHARE,
        "Handling cost, as a share of the refunded value",
        default=0.0,
        doc_fr="Coût de traitement, en part de la valeur remboursée",
        label={"en": "Return handling cost", "fr": "Coût de traitement des retours"},
    )


@dataclass(frozen=True, kw_only=True)
class UnitCosts:
    """Costs that scale with orders or sales, and the materials stock they need."""

    material: float = spec(
        SHARE,
        "Materials, as a share of product sales",
        default=0.0,
        doc_fr="Matières, en part des ventes de produits",
        label={"en": "Materials, share of sales", "fr": "Matières, part des ventes"},
    )
    labor_per_order: float = spec(
        MONEY,
        "Labour per order",
        default=0.0,
        unit="money",
        doc_fr="Main-d'œuvre par commande",
        label={"en": "Labour per order", "fr": "Main-d'œuvre par commande"},
    )
    fulfillment_per_order: float = spec(
        MONEY,
        "Packaging and shipping per order",
        default=0.0,
        unit="money",
        doc_fr="Emballage et expédition par commande",
        label={"en": "Packing and shipping", "fr": "Emballage et expédition"},
    )
    payment_fee: float = spec(
        SHARE,
        "Payment fee, share of gross sales",
        default=0.0,
        doc_fr="Frais de paiement, en part des ventes brutes",
        label={"en": "Payment fee, share", "fr": "Frais de paiement, part"},
    )
    payment_fee_fixed: float = spec(
        MONEY,
        "Payment fee per order",
        default=0.0,
        unit="money",
        doc_fr="Frais de paiement par commande",
        label={"en": "Payment fee per order", "fr": "Frais de paiement par commande"},
    )
    inventory_turns: float = spec(
        TURNS,
        "Materials inventory turns per year; 0 = made to order",
        default=0.0,
        doc_fr="Rotations du stock de matières par an ; 0 = fabrication à la commande",
        label={"en": "Inventory turns per year", "fr": "Rotations de stock par an"},
    )


@dataclass(frozen=True, kw_only=True)
class FixedCost:
    """One monthly expense, over a span of months, raised once a year."""

    name: str = spec(
        TEXT,
        "Expense name",
        required=True,
        doc_fr="Nom de la charge",
        label={"en": "Expense", "fr": "Charge"},
    )
    monthly: float = spec(
        MONEY,
        "Monthly amount",
        required=True,
        unit="money",
        doc_fr="Montant mensuel",
        label={"en": "Monthly amount", "fr": "Montant mensuel"},
    )
    start_month: int = spec(
        MONTH,
        "First projection month",
        default=1,
        doc_fr="Premier mois de projection",
        label={"en": "From month", "fr": "Du mois"},
    )
    end_month: int | None = spec(
        END_MONTH,
        "Last projection month, inclusive",
        doc_fr="Dernier mois de projection, inclus",
        label={"en": "To month", "fr": "Au mois"},
    )
    annual_increase: float = spec(
        GROWTH,
        "Increase every 12 months from start_month",
        default=0.0,
        doc_fr="Hausse tous les 12 mois depuis start_month",
        label={"en": "Yearly increase", "fr": "Hausse annuelle"},
    )


@dataclass(frozen=True, kw_only=True)
class Staff:
    """One role: headcount and salary over a span of months, raised once a year."""

    role: str = spec(
        TEXT, "Role", required=True, doc_fr="Poste", label={"en": "Role", "fr": "Poste"}
    )
    count: float = spec(
        COUNT,
        "Headcount",
        default=1.0,
        unit="people",
        doc_fr="Effectif",
        label={"en": "Headcount", "fr": "Effectif"},
    )
    monthly_salary: float = spec(
        MONEY,
        "Monthly salary per person",
        required=True,
        unit="money",
        doc_fr="Salaire mensuel par personne",
        label={"en": "Monthly salary", "fr": "Salaire mensuel"},
    )
    start_month: int = spec(
        MONTH,
        "First projection month",
        default=1,
        doc_fr="Premier mois de projection",
        label={"en": "From month", "fr": "Du mois"},
    )
    end_month: int | None = spec(
        END_MONTH,
        "Last projection month, inclusive",
        doc_fr="Dernier mois de projection, inclus",
        label={"en": "To month", "fr": "Au mois"},
    )
    annual_raise: float = spec(
        GROWTH,
        "Raise every 12 months from start_month",
        default=0.0,
        doc_fr="Augmentation tous les 12 mois depuis start_month",
        label={"en": "Yearly raise", "fr": "Augmentation annuelle"},
    )


@dataclass(frozen=True, kw_only=True)
class Capex:
    """One asset bought once and depreciated straight-line over its life."""

    name: str = spec(
        TEXT,
        "Asset name",
        required=True,
        doc_fr="Nom de l'équipement",
        label={"en": "Asset", "fr": "Actif"},
    )
    amount: float = spec(
        MONEY,
        "Purchase price",
        required=True,
        unit="money",
        doc_fr="Prix d'achat",
        label={"en": "Price", "fr": "Prix"},
    )
    month: int = spec(
        MONTH,
        "Purchase month",
        required=True,
        doc_fr="Mois d'achat",
        label={"en": "Purchase month", "fr": "Mois d'achat"},
    )
    life_months: int = spec(
        DURATION,
        "Straight-line life in months",
        required=True,
        doc_fr="Durée d'amortissement linéaire en mois",
        label={"en": "Life in months", "fr": "Durée en mois"},
    )


@dataclass(frozen=True, kw_only=True)
class Equity:
    """One equity injection: cash in, no repayment."""

    month: int = spec(
        MONTH,
        "Month the equity is received",
        required=True,
        doc_fr="Mois de l'apport",
        label={"en": "Month", "fr": "Mois"},
    )
    amount: float = spec(
        MONEY,
        "Amount received",
        required=True,
        unit="money",
        doc_fr="Montant reçu",
        label={"en": "Amount", "fr": "Montant"},
    )


@dataclass(frozen=True, kw_only=True)
class Loan:
    """One loan drawn once and repaid in level monthly payments."""

    name: str = spec(
        TEXT,
        "Loan name",
        required=True,
        doc_fr="Nom de l'emprunt",
        label={"en": "Loan", "fr": "Emprunt"},
    )
    amount: float = spec(
        MONEY,
        "Amount drawn",
        required=True,
        unit="money",
        doc_fr="Montant emprunté",
        label={"en": "Amount", "fr": "Montant"},
    )
    month: int = spec(
        MONTH,
        "Month the loan is drawn",
        required=True,
        doc_fr="Mois du déblocage",
        label={"en": "Drawn in month", "fr": "Tiré au mois"},
    )
    annual_rate: float = spec(
        SHARE,
        "Annual interest rate",
        required=True,
        doc_fr="Taux d'intérêt annuel",
        label={"en": "Annual interest rate", "fr": "Taux d'intérêt annuel"},
    )
    term_months: int = spec(
        DURATION,
        "Level payments in months month+1..month+term",
        required=True,
        doc_fr="Échéances constantes des mois month+1 à month+term",
        label={"en": "Term in months", "fr": "Durée en mois"},
    )


@dataclass(frozen=True, kw_only=True)
class Financing:
    """The cash the plan starts with and the money it raises."""

    starting_cash: float = spec(
        CASH,
        "Cash at the end of month 0",
        default=0.0,
        unit="money",
        doc_fr="Trésorerie à la fin du mois 0",
        label={"en": "Starting cash", "fr": "Trésorerie de départ"},
    )
    equity: tuple[Equity, ...] = items(
        Equity,
        "Equity injections",
        doc_fr="Apports en capital",
        label={"en": "Equity", "fr": "Apports en capital"},
    )
    loans: tuple[Loan, ...] = items(
        Loan,
        "Loans with level monthly payments",
        doc_fr="Emprunts à échéances constantes",
        label={"en": "Loans", "fr": "Emprunts"},
        noun="loan",
    )


@dataclass(frozen=True, kw_only=True)
class WorkingCapital:
    """How long customers take to pay and suppliers let us wait, in days."""

    receivable_days: float = spec(
        DAYS,
        "Days from a sale to its cash (card processor or marketplace payouts)",
        default=0.0,
        doc_fr="Jours entre une vente et son encaissement (versements du prestataire de paiement "
        "ou de la place de marché)",
        label={"en": "Days to be paid", "fr": "Délai client (jours)"},
    )
    payable_days: float = spec(
        DAYS,
        "Days of credit from suppliers of materials and upsell items",
        default=0.0,
        doc_fr="Jours de crédit des fournisseurs de matières et d'options",
        label={"en": "Days to pay suppliers", "fr": "Délai fournisseurs (jours)"},
    )


DISTRIBUTIONS = {"uniform": 2, "triangular": 3, "pert": 3, "normal": 2}  # name -> parameters
MAX_PATHS = 100_000


@dataclass(frozen=True)
class UncertainInput:
    """One input's distribution as written (docs/risk.md); `path` and `kind` once resolved."""

    address: str
    distribution: str
    params: tuple[float, ...]
    percent: tuple[bool, ...] = field(default=(), compare=False)  # written as "3%"
    path: tuple[str | int, ...] = ()
    kind: str = ""


@dataclass(frozen=True, kw_only=True)
class Uncertainty:
    """The risk section (docs/risk.md): which inputs vary, how, and the draws' size and seed."""

    paths: int = spec(
        PATHS,
        "Simulated paths, 1..100000",
        default=1000,
        doc_fr="Trajectoires simulées, de 1 à 100000",
        label={"en": "Simulated paths", "fr": "Trajectoires simulées"},
    )
    seed: int = spec(
        SEED,
        "Seed of the random draws: same file and seed, same results",
        default=0,
        doc_fr="Graine des tirages : même fichier et même graine, mêmes résultats",
        label={"en": "Seed", "fr": "Graine"},
    )
    inputs: tuple[UncertainInput, ...] = spec(
        UNCERTAIN,
        "Input address -> distribution: {uniform: [low, high]}, triangular or "
        "pert [low, mode, high], normal [mean, sd]",
        default=(),
        doc_fr="Adresse d'une hypothèse -> loi : {uniform: [bas, haut]}, triangular "
        "ou pert [bas, mode, haut], normal [moyenne, écart-type]",
        label={"en": "Uncertain inputs", "fr": "Hypothèses incertaines"},
    )


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A whole scenario file, validated: the one object every later stage reads."""

    scenario: Meta = section(
        Meta,
        "Name, currency, language and horizon",
        required=True,
        doc_fr="Nom, devise, langue et horizon",
        label={"en": "Scenario", "fr": "Scénario"},
    )
    acquisition: Acquisition = section(
        Acquisition,
        "Traffic, conversion and marketing",
        required=True,
        doc_fr="Trafic, conversion et marketing",
        label={"en": "Acquisition", "fr": "Acquisition"},
    )
    customers: Customers = section(
        Customers, "Retention", doc_fr="Fidélisation", label={"en": "Customers", "fr": "Clients"}
    )
    orders: Orders = section(
        Orders,
        "Order value, upsell and returns",
        required=True,
        doc_fr="Panier, options et retours",
        label={"en": "Orders", "fr": "Commandes"},
    )
    unit_costs: UnitCosts = section(
        UnitCosts,
        "Variable costs per order",
        doc_fr="Coûts variables par commande",
        label={"en": "Costs per order", "fr": "Coûts par commande"},
    )
    fixed_costs: tuple[FixedCost, ...] = items(
        FixedCost,
        "Monthly operating expenses",
        doc_fr="Charges d'exploitation mensuelles",
        label={"en": "Fixed costs", "fr": "Charges fixes"},
        noun="fixed cost",
    )
    staff: tuple[Staff, ...] = items(
        Staff,
        "Payroll",
        doc_fr="Masse salariale",
        label={"en": "Staff", "fr": "Personnel"},
        noun="staff role",
    )
    employer_overhead: float = spec(
        SHARE,
        "Payroll taxes and benefits on salaries",
        default=0.0,
        doc_fr="Charges sociales sur les salaires",
        label={"en": "Employer overhead", "fr": "Charges patronales"},
    )
    capex: tuple[Capex, ...] = items(
        Capex,
        "Equipment purchases",
        doc_fr="Investissements en équipement",
        label={"en": "Equipment", "fr": "Investissements"},
        noun="capex item",
    )
    financing: Financing = section(
        Financing,
        "Starting cash, equity and loans",
        doc_fr="Trésorerie de départ, apports et emprunts",
        label={"en": "Financing", "fr": "Financement"},
    )
    tax_rate: float = spec(
        SHARE,
        "Tax on profit after losses carried forward",
        default=0.0,
        doc_fr="Impôt sur le bénéfice après report des déficits",
        label={"en": "Tax rate", "fr": "Taux d'impôt"},
    )
    working_capital: WorkingCapital = section(
        WorkingCapital,
        "Days of credit given to customers and taken from suppliers",
        doc_fr="Jours de crédit accordés aux clients et obtenus des fournisseurs",
        label={"en": "Working capital", "fr": "Besoin en fonds de roulement"},
    )
    uncertainty: Uncertainty = section(
        Uncertainty,
        "Risk analysis: distributions of inputs, paths and seed",
        risk=True,
        doc_fr="Analyse de risque : lois des hypothèses, trajectoires et graine",
        label={"en": "Risk analysis", "fr": "Analyse de risque"},
    )
    source: Path | None = field(default=None, compare=False, metadata={"kind": "internal"})
    # Where each value was written, (file, line, column) by key path: for errors found
    # after loading, such as a projection that overflows.
    written_at: dict[tuple[str | int, ...], tuple[str, int, int]] = field(
        default_factory=dict, compare=False, hash=False, repr=False, metadata={"kind": "internal"}
    )


def declared(cls: type) -> list:
    """The declared fields of a schema class, without internal ones: what the loader reads."""
    return [f for f in fields(cls) if f.metadata.get("kind") != "internal"]


def schema_fields(cls: type) -> list:
    """The plan's assumptions: the declared fields without the `uncertainty` section.

    The workbook, the report and the comparison list assumptions; the risk settings
    are not one (the simulation's own outputs say how many paths and which seed).
    """
    return [f for f in declared(cls) if not f.metadata.get("risk")]


def get_path(obj: Any, path: tuple[str | int, ...]) -> Any:
    """Look up a value by its path, e.g. ('acquisition', 'channels', 0, 'visits')."""
    for part in path:
        obj = obj[part] if isinstance(part, int) else getattr(obj, part)
    return obj


LOCALES = ("en", "fr")
MAX_MONTHS = 240
SEASONALITY_LENGTH = 12
PERCENT_PATTERN = r"^([-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*%$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
YEAR_MONTH_PATTERN = r"^(?:19[0-9]{2}|[2-9][0-9]{3})-(?:0[1-9]|1[0-2])$"
CHANNEL_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
# A channel name ends defined names such as acquisition_spend_<name>, and Excel's names
# hold 255 characters; 64 leaves room for every prefix, here and in the comparison.
MAX_CHANNEL_NAME = 64
MAX_TEXT = 500  # names and roles: well inside a spreadsheet cell's 32,767 characters
MAX_FILE_BYTES = 1024 * 1024  # a scenario or parent file; the examples are about 6 KB
MAX_DEPTH = 20  # YAML nesting; a scenario needs 6 levels, deeper ones overflow the stack
LAST_YEAR_MONTH = (9999, 12)  # the last month spreadsheet dates reach
MAX_DAYS = 365  # days of credit: a year of credit is the most we take


def item_key(cls: type) -> str | None:
    """The key that identifies an item of a mergeable list (name, or role), else None."""
    names = {spec_.name for spec_ in declared(cls)}
    return next((key for key in ("name", "role") if key in names), None)


def declared_key(path: str | tuple[str | int, ...]) -> Field | None:
    """A key's declaration by its path, list positions ignored: `staff[2].monthly_salary`,
    ('staff', 2, 'monthly_salary') and `staff.monthly_salary` all name Staff.monthly_salary.
    None when no key has that path."""
    parts = path.replace("[", ".").replace("]", "").split(".") if isinstance(path, str) else path
    cls: type | None = Scenario
    found = None
    for part in parts:
        if isinstance(part, int) or part.isdigit():
            continue
        if cls is None:
            return None
        found = next((f for f in declared(cls) if f.name == part), None)
        if found is None:
            return None
        cls = found.metadata.get("type")
    return found


def key_label(path: str | tuple[str | int, ...], language: str) -> str:
    """A key's label for a reader ("Conversion rate"), not its YAML path; a path no key
    has reads as its last part's words."""
    found = declared_key(path)
    label = found.metadata["label"] if found is not None else None
    if label is None:
        last = path.rsplit(".", 1)[-1] if isinstance(path, str) else str(path[-1])
        return last.replace("_", " ").capitalize()
    return str(label[language])


def key_doc(path: str | tuple[str | int, ...], language: str) -> str:
    """A key's description in `language`; the English one is the JSON Schema's."""
    found = declared_key(path)
    if found is None:
        raise KeyError(f"no scenario key at {path!r}")
    return str(found.metadata["docs"][language])


def every_key(cls: type = Scenario, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Each declared key of `cls` and below, by its schema path (`staff.monthly_salary`)."""
    for spec_ in declared(cls):
        path = f"{prefix}.{spec_.name}" if prefix else spec_.name
        yield path, spec_
        if spec_.metadata["kind"] in ("section", "list"):
            yield from every_key(spec_.metadata["type"], path)
