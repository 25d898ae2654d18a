"""The schema: every scenario key, its kind of value, documentation, default and limits.

The schema is declared once, one field at a time, as frozen dataclasses whose
field metadata carries the kind of value, its documentation and its unit.  The
loader, the JSON Schema and the workbook's Assumptions sheet all read that one
declaration, so a new key is added in exactly one place.
"""

# No `from __future__ import annotations` here: with evaluated annotations, dataclasses need
# not parse each one as text (about 1 ms at import). Every class has a docstring, also
# because without one dataclasses builds it from the class's signature (another 1.5 ms).
from dataclasses import dataclass, field, fields
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


def spec(
    kind: str, doc: str, *, default: Any = None, required: bool = False, unit: str = ""
) -> Any:
    """Declare one scenario key: its kind, its documentation and its default."""
    meta = {"kind": kind, "doc": doc, "required": required, "unit": unit}
    if required:
        return field(metadata=meta)
    if isinstance(default, list | tuple):
        return field(default=tuple(default), metadata=meta)
    return field(default=default, metadata=meta)


def section(cls: type, doc: str, *, required: bool = False) -> Any:
    """Declare a nested mapping whose keys are the fields of `cls`."""
    meta = {"kind": "section", "doc": doc, "required": required, "unit": "", "type": cls}
    if required:
        return field(metadata=meta)
    return field(default_factory=cls, metadata=meta)


MAX_ITEMS = 100  # items per list: a small business's plan, not a denial of service


def items(cls: type, doc: str, *, required: bool = False, min_items: int = 0) -> Any:
    """Declare a list of mappings whose keys are the fields of `cls`."""
    meta = {
        "kind": "list",
        "doc": doc,
        "required": required,
        "unit": "",
        "type": cls,
        "min_items": min_items,
        "max_items": MAX_ITEMS,
    }
    if required:
        return field(metadata=meta)
    return field(default=(), metadata=meta)


@dataclass(frozen=True, kw_only=True)
class Meta:
    """The `scenario:` section: what the plan is called, its money and language, its calendar."""

    name: str = spec(TEXT, "Scenario name, free text", required=True)
    currency: str = spec(CURRENCY, "ISO 4217 code, used for number formats", default="USD")
    locale: str = spec(LOCALE, "Language of labels and number formats: en or fr", default="en")
    start: str = spec(YEAR_MONTH, "Calendar month of projection month 1 (YYYY-MM)", required=True)
    months: int = spec(HORIZON, "Projection horizon in months (1..240)", required=True)
    industry: str | None = spec(INDUSTRY, "Benchmark set the KPIs are held against")
    usd_rate: float | None = spec(
        USD_RATE, "Units of this currency one US dollar buys, to compare money KPIs with USD"
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

    name: str = spec(CHANNEL_NAME, "Channel id: lowercase letter, then a-z, 0-9, _", required=True)
    label: str | None = spec(LABEL, "Free text shown in the workbook and reports; default the name")
    visits: float = spec(
        COUNT, "Visits in month 1, before seasonality", required=True, unit="visits"
    )
    growth: float = spec(GROWTH, "Monthly compound growth of visits", default=0.0)
    conversion: float = spec(SHARE, "Share of visits that become new customers", required=True)
    cac: float = spec(MONEY, "Acquisition cost per new customer", default=0.0, unit="money")

    @property
    def shown(self) -> str:
        """How the channel is named to a reader: its label, or its id when it has none."""
        return self.label if self.label is not None else self.name


@dataclass(frozen=True, kw_only=True)
class Referrals:
    """Customers brought by customers: a rate on the active base and a reward each."""

    rate: float = spec(SHARE, "New customers referred per active customer per month", default=0.0)
    reward: float = spec(MONEY, "Cost per referred customer", default=0.0, unit="money")


@dataclass(frozen=True, kw_only=True)
class Acquisition:
    """Where new customers come from: channels, the calendar's seasonality, brand spend."""

    channels: tuple[Channel, ...] = items(
        Channel, "Traffic sources, at least one", required=True, min_items=1
    )
    seasonality: tuple[float, ...] = spec(
        SEASONALITY, "Jan..Dec multipliers of visits and repeat orders", default=(1.0,) * 12
    )
    brand_marketing: float = spec(
        MONEY, "Monthly marketing not tied to a channel", default=0.0, unit="money"
    )
    referrals: Referrals = section(Referrals, "Customer referrals")


@dataclass(frozen=True, kw_only=True)
class Customers:
    """The active base before month 1, and how it reorders and churns."""

    starting: float = spec(COUNT, "Active customers before month 1", default=0.0, unit="customers")
    repeat_rate: float = spec(
        SHARE, "Repeat orders per active customer per month, before seasonality", default=0.0
    )
    churn: float = spec(SHARE, "Share of active customers lost each month", default=0.0)


@dataclass(frozen=True, kw_only=True)
class Upsell:
    """The add-on some orders buy, priced and costed on its own."""

    take_rate: float = spec(SHARE, "Share of orders that buy the add-on", default=0.0)
    price: float = spec(MONEY, "Add-on price", default=0.0, unit="money")
    cost: float = spec(MONEY, "Add-on cost", default=0.0, unit="money")


@dataclass(frozen=True, kw_only=True)
class Orders:
    """What an order is worth, how it grows, and what returns take back."""

    aov: float = spec(
        MONEY, "Average order value in month 1, products only", required=True, unit="money"
    )
    aov_growth: float = spec(GROWTH, "Monthly compound growth of AOV", default=0.0)
    upsell: Upsell = section(Upsell, "Premium personalisation add-on")
    return_rate: float = spec(SHARE, "Share of gross sales refunded", default=0.0)
    return_cost: float = spec(SHARE, "Handling cost, as a share of the refunded value", default=0.0)


@dataclass(frozen=True, kw_only=True)
class UnitCosts:
    """Costs that scale with orders or sales, and the materials stock they need."""

    material: float = spec(SHARE, "Materials, as a share of product sales", default=0.0)
    labor_per_order: float = spec(MONEY, "Labour per order", default=0.0, unit="money")
    fulfillment_per_order: float = spec(
        MONEY, "Packaging and shipping per order", default=0.0, unit="money"
    )
    payment_fee: float = spec(SHARE, "Payment fee, share of gross sales", default=0.0)
    payment_fee_fixed: float = spec(MONEY, "Payment fee per order", default=0.0, unit="money")
    inventory_turns: float = spec(
        TURNS, "Materials inventory turns per year; 0 = made to order", default=0.0
    )


@dataclass(frozen=True, kw_only=True)
class FixedCost:
    """One monthly expense, over a span of months, raised once a year."""

    name: str = spec(TEXT, "Expense name", required=True)
    monthly: float = spec(MONEY, "Monthly amount", required=True, unit="money")
    start_month: int = spec(MONTH, "First projection month", default=1)
    end_month: int | None = spec(END_MONTH, "Last projection month, inclusive")
    annual_increase: float = spec(GROWTH, "Increase every 12 months from start_month", default=0.0)


@dataclass(frozen=True, kw_only=True)
class Staff:
    """One role: headcount and salary over a span of months, raised once a year."""

    role: str = spec(TEXT, "Role", required=True)
    count: float = spec(COUNT, "Headcount", default=1.0, unit="people")
    monthly_salary: float = spec(MONEY, "Monthly salary per person", required=True, unit="money")
    start_month: int = spec(MONTH, "First projection month", default=1)
    end_month: int | None = spec(END_MONTH, "Last projection month, inclusive")
    annual_raise: float = spec(GROWTH, "Raise every 12 months from start_month", default=0.0)


@dataclass(frozen=True, kw_only=True)
class Capex:
    """One asset bought once and depreciated straight-line over its life."""

    name: str = spec(TEXT, "Asset name", required=True)
    amount: float = spec(MONEY, "Purchase price", required=True, unit="money")
    month: int = spec(MONTH, "Purchase month", required=True)
    life_months: int = spec(DURATION, "Straight-line life in months", required=True)


@dataclass(frozen=True, kw_only=True)
class Equity:
    """One equity injection: cash in, no repayment."""

    month: int = spec(MONTH, "Month the equity is received", required=True)
    amount: float = spec(MONEY, "Amount received", required=True, unit="money")


@dataclass(frozen=True, kw_only=True)
class Loan:
    """One loan drawn once and repaid in level monthly payments."""

    name: str = spec(TEXT, "Loan name", required=True)
    amount: float = spec(MONEY, "Amount drawn", required=True, unit="money")
    month: int = spec(MONTH, "Month the loan is drawn", required=True)
    annual_rate: float = spec(SHARE, "Annual interest rate", required=True)
    term_months: int = spec(DURATION, "Level payments in months month+1..month+term", required=True)


@dataclass(frozen=True, kw_only=True)
class Financing:
    """The cash the plan starts with and the money it raises."""

    starting_cash: float = spec(CASH, "Cash at the end of month 0", default=0.0, unit="money")
    equity: tuple[Equity, ...] = items(Equity, "Equity injections")
    loans: tuple[Loan, ...] = items(Loan, "Loans with level monthly payments")


@dataclass(frozen=True, kw_only=True)
class WorkingCapital:
    """How long customers take to pay and suppliers let us wait, in days."""

    receivable_days: float = spec(
        DAYS, "Days from a sale to its cash (card processor or marketplace payouts)", default=0.0
    )
    payable_days: float = spec(
        DAYS, "Days of credit from suppliers of materials and upsell items", default=0.0
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

    paths: int = spec(PATHS, "Simulated paths, 1..100000", default=1000)
    seed: int = spec(SEED, "Seed of the random draws: same file and seed, same results", default=0)
    inputs: tuple[UncertainInput, ...] = spec(
        UNCERTAIN,
        "Input address -> distribution: {uniform: [low, high]}, triangular or "
        "pert [low, mode, high], normal [mean, sd]",
        default=(),
    )


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A whole scenario file, validated: the one object every later stage reads."""

    scenario: Meta = section(Meta, "Name, currency, language and horizon", required=True)
    acquisition: Acquisition = section(
        Acquisition, "Traffic, conversion and marketing", required=True
    )
    customers: Customers = section(Customers, "Retention")
    orders: Orders = section(Orders, "Order value, upsell and returns", required=True)
    unit_costs: UnitCosts = section(UnitCosts, "Variable costs per order")
    fixed_costs: tuple[FixedCost, ...] = items(FixedCost, "Monthly operating expenses")
    staff: tuple[Staff, ...] = items(Staff, "Payroll")
    employer_overhead: float = spec(SHARE, "Payroll taxes and benefits on salaries", default=0.0)
    capex: tuple[Capex, ...] = items(Capex, "Equipment purchases")
    financing: Financing = section(Financing, "Starting cash, equity and loans")
    tax_rate: float = spec(SHARE, "Tax on profit after losses carried forward", default=0.0)
    working_capital: WorkingCapital = section(
        WorkingCapital, "Days of credit given to customers and taken from suppliers"
    )
    uncertainty: Uncertainty = field(
        default_factory=Uncertainty,
        metadata={
            "kind": "section",
            "doc": "Risk analysis: distributions of inputs, paths and seed",
            "required": False,
            "unit": "",
            "type": Uncertainty,
            "risk": True,
        },
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
