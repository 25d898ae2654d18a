"""The scenario: a founder's assumptions, typed, immutable and validated.

The schema is declared once, one field at a time, as frozen dataclasses whose
field metadata carries the kind of value, its documentation and its unit.  The
loader, the JSON Schema and the workbook's Assumptions sheet all read that one
declaration, so a new key is added in exactly one place.
"""

from __future__ import annotations

import copy
import difflib
import math
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from projector.errors import Problem, ProjectorError, ScenarioError
from projector.locale import i18n

# Kinds of value.  Each kind has one parser/validator in the loader and one
# JSON Schema fragment; the workbook writer uses it to pick a number format.
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
    rate: float = spec(SHARE, "New customers referred per active customer per month", default=0.0)
    reward: float = spec(MONEY, "Cost per referred customer", default=0.0, unit="money")


@dataclass(frozen=True, kw_only=True)
class Acquisition:
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
    starting: float = spec(COUNT, "Active customers before month 1", default=0.0, unit="customers")
    repeat_rate: float = spec(
        SHARE, "Repeat orders per active customer per month, before seasonality", default=0.0
    )
    churn: float = spec(SHARE, "Share of active customers lost each month", default=0.0)


@dataclass(frozen=True, kw_only=True)
class Upsell:
    take_rate: float = spec(SHARE, "Share of orders that buy the add-on", default=0.0)
    price: float = spec(MONEY, "Add-on price", default=0.0, unit="money")
    cost: float = spec(MONEY, "Add-on cost", default=0.0, unit="money")


@dataclass(frozen=True, kw_only=True)
class Orders:
    aov: float = spec(
        MONEY, "Average order value in month 1, products only", required=True, unit="money"
    )
    aov_growth: float = spec(GROWTH, "Monthly compound growth of AOV", default=0.0)
    upsell: Upsell = section(Upsell, "Premium personalisation add-on")
    return_rate: float = spec(SHARE, "Share of gross sales refunded", default=0.0)
    return_cost: float = spec(SHARE, "Handling cost, as a share of the refunded value", default=0.0)


@dataclass(frozen=True, kw_only=True)
class UnitCosts:
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
    name: str = spec(TEXT, "Expense name", required=True)
    monthly: float = spec(MONEY, "Monthly amount", required=True, unit="money")
    start_month: int = spec(MONTH, "First projection month", default=1)
    end_month: int | None = spec(END_MONTH, "Last projection month, inclusive")
    annual_increase: float = spec(GROWTH, "Increase every 12 months from start_month", default=0.0)


@dataclass(frozen=True, kw_only=True)
class Staff:
    role: str = spec(TEXT, "Role", required=True)
    count: float = spec(COUNT, "Headcount", default=1.0, unit="people")
    monthly_salary: float = spec(MONEY, "Monthly salary per person", required=True, unit="money")
    start_month: int = spec(MONTH, "First projection month", default=1)
    end_month: int | None = spec(END_MONTH, "Last projection month, inclusive")
    annual_raise: float = spec(GROWTH, "Raise every 12 months from start_month", default=0.0)


@dataclass(frozen=True, kw_only=True)
class Capex:
    name: str = spec(TEXT, "Asset name", required=True)
    amount: float = spec(MONEY, "Purchase price", required=True, unit="money")
    month: int = spec(MONTH, "Purchase month", required=True)
    life_months: int = spec(DURATION, "Straight-line life in months", required=True)


@dataclass(frozen=True, kw_only=True)
class Equity:
    month: int = spec(MONTH, "Month the equity is received", required=True)
    amount: float = spec(MONEY, "Amount received", required=True, unit="money")


@dataclass(frozen=True, kw_only=True)
class Loan:
    name: str = spec(TEXT, "Loan name", required=True)
    amount: float = spec(MONEY, "Amount drawn", required=True, unit="money")
    month: int = spec(MONTH, "Month the loan is drawn", required=True)
    annual_rate: float = spec(SHARE, "Annual interest rate", required=True)
    term_months: int = spec(DURATION, "Level payments in months month+1..month+term", required=True)


@dataclass(frozen=True, kw_only=True)
class Financing:
    starting_cash: float = spec(CASH, "Cash at the end of month 0", default=0.0, unit="money")
    equity: tuple[Equity, ...] = items(Equity, "Equity injections")
    loans: tuple[Loan, ...] = items(Loan, "Loans with level monthly payments")


@dataclass(frozen=True, kw_only=True)
class WorkingCapital:
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


def _declared(cls: type) -> list:
    """The declared fields of a schema class, without internal ones: what the loader reads."""
    return [f for f in fields(cls) if f.metadata.get("kind") != "internal"]


def schema_fields(cls: type) -> list:
    """The plan's assumptions: the declared fields without the `uncertainty` section.

    The workbook, the report and the comparison list assumptions; the risk settings
    are not one (the simulation's own outputs say how many paths and which seed).
    """
    return [f for f in _declared(cls) if not f.metadata.get("risk")]


def get_path(obj: Any, path: tuple[str | int, ...]) -> Any:
    """Look up a value by its path, e.g. ('acquisition', 'channels', 0, 'visits')."""
    for part in path:
        obj = obj[part] if isinstance(part, int) else getattr(obj, part)
    return obj


# ---------------------------------------------------------------------------
# Loading: YAML nodes -> validated, typed Scenario
#
# The file is composed, not loaded, so every node keeps its line and column.
# One reader walks the node tree against the dataclass declarations above,
# using one parser per kind, and collects every problem before raising once.
# ---------------------------------------------------------------------------

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

_TAG = "tag:yaml.org,2002:"
_NULL, _BOOL, _INT, _FLOAT, _STR = (_TAG + t for t in ("null", "bool", "int", "float", "str"))
_TIMESTAMP, _MERGE = _TAG + "timestamp", _TAG + "merge"
_STANDARD_TAGS = frozenset(
    (_NULL, _BOOL, _INT, _FLOAT, _STR, _TIMESTAMP, _TAG + "map", _TAG + "seq")
)
# YAML 1.1 reads these plain scalars as numbers no one means: 010 (octal 8), 0x4B0, 0b11
# and 3:00 (base 60, 180). YAML 1.2 reads 010 as 10. They are refused rather than guessed.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_PLAIN_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)"
)
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
# 1e3: a number in YAML 1.2, text in YAML 1.1 (which wants a dot); read as the number.
_EXPONENT = re.compile(r"[-+]?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+")
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class _Sentinel:
    """A named marker value that can never be mistaken for user data."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_INVALID = _Sentinel("<invalid>")  # the value was given but broke its rule (already reported)
_UNSUPPORTED = _Sentinel("<unsupported>")  # a scalar YAML gives no plain Python value for

_KeyPath = tuple[str | int, ...]
_Issue = tuple[Node | None, _KeyPath, str]  # node (None: the value's own), path suffix, message


class _Invalid(Exception):
    """A value breaks its key's rule; carries one issue, or several for lists of numbers."""

    def __init__(self, message: str = "", issues: list[_Issue] | None = None) -> None:
        super().__init__(message)
        self.issues: list[_Issue] = issues or [(None, (), message)]


# -- Describing values in messages ------------------------------------------


def _shown(node: Node) -> str:
    """A value as the user wrote it, so the message points at what they typed."""
    if isinstance(node, SequenceNode):
        return "an empty list" if not node.value else "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    if node.tag == _NULL:
        return "nothing" if node.value == "" else "null"
    text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if node.tag not in _STANDARD_TAGS:
        return f"{_tag_text(node.tag)} {text}"
    return repr(text) if node.tag == _STR else text


def _tag_text(tag: str) -> str:
    """A tag as it is written: tag:yaml.org,2002:python/str -> !!python/str."""
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _visible(text: str) -> str:
    """Text with invisible characters (a BOM, a zero-width space) spelled out as \\uXXXX."""
    return "".join(
        c if c.isprintable() and unicodedata.category(c) != "Cf" else f"\\u{ord(c):04x}"
        for c in text
    )


def _got(expect: str, node: Node, hint: str = "") -> str:
    """The standard message: what the key wants, what it got, and maybe a fix."""
    return f"expected {expect}, got {_shown(node)}{hint}"


def _suggest(word: Any, options: Any) -> str:
    """A ' (did you mean ...?)' hint: same word in lowercase, else the closest option."""
    if not isinstance(word, str):
        return ""
    options = list(options)
    if word.strip().lower() in options:
        return f" (did you mean '{word.strip().lower()}'?)"
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _dotted(path: _KeyPath) -> str:
    """('acquisition', 'channels', 1, 'conversion') -> 'acquisition.channels[1].conversion'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# -- One parser per kind ----------------------------------------------------


def _scalar(node: Node, expect: str) -> Any:
    """The plain Python value of a scalar; lists and mappings are a type error here."""
    if not isinstance(node, ScalarNode):
        raise _Invalid(_got(expect, node))
    if node.style is None:  # plain: how YAML 1.1 and 1.2 may read it differently
        _refuse_yaml11_number(node, expect)
        if node.tag == _STR and _EXPONENT.fullmatch(node.value):
            return float(node.value)
    if node.tag not in (_NULL, _BOOL, _INT, _FLOAT, _STR):
        return _UNSUPPORTED
    try:
        return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    except (ValueError, yaml.YAMLError):  # e.g. `!!int abc`
        return _UNSUPPORTED


def _refuse_yaml11_number(node: ScalarNode, expect: str) -> None:
    """Refuse a plain number YAML 1.1 reads one way and a reader would take another."""
    text = node.value
    if node.tag == _INT and not _PLAIN_INT.fullmatch(text):
        hint = " (YAML 1.1 reads a leading 0 as octal, 010 as 8: write it without the 0)"
        if ":" in text:
            hint = " (YAML 1.1 reads a:b as base 60: write the plain number)"
        elif re.match(r"[-+]?0[xXbBoO]", text):
            hint = " (YAML 1.1 reads it in base 16, 2 or 8: write the number in decimal)"
        raise _Invalid(_got(expect, node, hint))
    if node.tag == _FLOAT and not _PLAIN_FLOAT.fullmatch(text):
        raise _Invalid(
            _got(expect, node, " (YAML 1.1 reads a:b as base 60: write the plain number)")
        )
    if node.tag == _STR and _LEADING_ZERO.fullmatch(text):
        raise _Invalid(_got(expect, node, " (write the number without its leading 0)"))
    if node.tag == _STR and re.fullmatch(r"[-+]?0[oO][0-7_]+", text):
        raise _Invalid(_got(expect, node, " (a number in base 8: write it in decimal)"))
    if node.tag == _BOOL and text.lower() not in ("true", "false"):  # yes, no, on, off
        raise _Invalid(
            _got(
                expect,
                node,
                " (YAML 1.1 reads yes, no, on, off as booleans, YAML 1.2 as text: "
                "write true or false)",
            )
        )


def _finite(value: float) -> bool:
    """True for a finite number; huge YAML integers overflow a float and are not."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _number(node: Node, expect: str, *, percent: bool = False) -> float:
    """A finite number; booleans are not numbers, and '4.29%' only where a rate is meant."""
    value = _scalar(node, expect)
    if percent and isinstance(value, str) and (match := re.fullmatch(PERCENT_PATTERN, value)):
        return float(Decimal(match[1]) / 100)  # exact: "4.29%" is the float nearest 0.0429
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Invalid(_got(expect, node, _unquote_hint(node, value)))
    if not _finite(value):
        raise _Invalid(f"expected a finite number, got {_shown(node)}")
    return float(value)


def _unquote_hint(node: Node, value: Any) -> str:
    """A quoted number is text to YAML; say so instead of a puzzling type error."""
    if not isinstance(value, str) or getattr(node, "style", None) not in ("'", '"'):
        return ""
    try:
        return " (remove the quotes)" if _finite(float(value)) else ""
    except ValueError:
        return ""


def _amount(expect: str, *, negative: bool = False) -> Callable[[Node], float]:
    """Parser for money and counts: a finite number, >= 0 unless `negative`."""

    def parse(node: Node) -> float:
        value = _number(node, expect)
        if value < 0 and not negative:
            raise _Invalid(_got(expect, node))
        return value

    return parse


def _rate(expect: str, within: Callable[[float], bool]) -> Callable[[Node], float]:
    """Parser for shares and growth rates, which may be written as percent strings."""

    def parse(node: Node) -> float:
        value = _number(node, expect, percent=True)
        if within(value):
            return value
        plain = node.tag in (_INT, _FLOAT)  # 4.29 where "4.29%" was meant
        hint = f' (did you mean "{node.value}%"?)' if plain and within(value / 100) else ""
        raise _Invalid(_got(expect, node, hint))

    return parse


def _whole(expect: str, low: int, high: int | None = None) -> Callable[[Node], int]:
    """Parser for month numbers and horizons: a YAML integer (3.0 is not one) in range."""

    def parse(node: Node) -> int:
        value = _scalar(node, expect)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(_got(expect, node, _unquote_hint(node, value)))
        if value < low or (high is not None and value > high):
            raise _Invalid(_got(expect, node))
        return value

    return parse


def _or_null(parse: Callable[[Node], Any]) -> Callable[[Node], Any]:
    """Wrap a parser so that null (or an empty value) means 'none'."""

    def parse_or_null(node: Node) -> Any:
        return None if _is_null(node) else parse(node)

    return parse_or_null


def _choice(expect: str, options: tuple[str, ...]) -> Callable[[Node], str]:
    """Parser for a closed list of words, hinting at the closest one."""

    def parse(node: Node) -> str:
        value = _scalar(node, expect)
        if isinstance(value, str) and value in options:
            return value
        raise _Invalid(_got(expect, node, _suggest(value, options)))

    return parse


def _quoted_list(options: tuple[str, ...]) -> str:
    """'a', 'b' or 'c': how a closed list of words reads in a message."""
    quoted = [f"'{option}'" for option in options]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]


def _text(node: Node) -> str:
    """Free text as written: `name: 2027` is the text '2027', not an error."""
    if isinstance(node, ScalarNode) and node.tag != _NULL and node.value.strip():
        if len(node.value) > MAX_TEXT:
            raise _Invalid(f"expected at most {MAX_TEXT} characters, got {len(node.value)}")
        return node.value
    raise _Invalid(_got("non-empty text", node))


def _currency(node: Node) -> str:
    """An ISO 4217 code CLDR knows; its symbol and minor units come from there (Babel)."""
    expect = "a three-letter ISO 4217 code such as 'USD'"
    value = _scalar(node, expect)
    if isinstance(value, str) and re.fullmatch(CURRENCY_PATTERN, value):
        if i18n.is_currency(value):
            return value
        near = i18n.near_currencies(value)
        hint = (
            f" (did you mean {' or '.join(repr(c) for c in near)}?)"
            if near
            else " (ISO 4217 codes are like 'USD', 'EUR', 'JPY')"
        )
        raise _Invalid(f"unknown ISO 4217 currency code '{value}'{hint}")
    upper = value.strip().upper() if isinstance(value, str) else ""
    hint = f" (did you mean '{upper}'?)" if re.fullmatch(CURRENCY_PATTERN, upper) else ""
    raise _Invalid(_got(expect, node, hint))


def _year_month(node: Node) -> str:
    """YYYY-MM from 1900 on (spreadsheet dates start there); YAML reads 2027-01-01 as a date."""
    expect = "a month as YYYY-MM"
    written = node.value if isinstance(node, ScalarNode) and node.tag in (_STR, _TIMESTAMP) else ""
    if re.fullmatch(YEAR_MONTH_PATTERN, written):
        return written
    hint = ""
    if match := re.match(r"([0-9]{4})-([0-9]{1,2})(?:$|-|[ Tt])", written):
        year, month = int(match[1]), int(match[2])
        if year < 1900:
            hint = " (the year must be 1900 or later)"
        elif 1 <= month <= 12 and written != f"{year}-{month:02d}":
            hint = f" (use YYYY-MM: '{year}-{month:02d}')"
    raise _Invalid(_got(expect, node, hint))


def _channel_name(node: Node) -> str:
    """Channel names become line ids (visits_<name>) and defined names in the workbook."""
    expect = "a name made of a lowercase letter, then lowercase letters, digits or _"
    value = _scalar(node, expect)
    if isinstance(value, str) and len(value) > MAX_CHANNEL_NAME:
        message = (
            f"expected a channel name of at most {MAX_CHANNEL_NAME} characters, got {len(value)}"
        )
        raise _Invalid(message + " (it ends workbook names, which hold 255)")
    if isinstance(value, str) and re.fullmatch(CHANNEL_NAME_PATTERN, value):
        return value
    fixed = re.sub(r"[\s-]+", "_", value.strip().lower()) if isinstance(value, str) else ""
    hint = f" (did you mean '{fixed}'?)" if re.fullmatch(CHANNEL_NAME_PATTERN, fixed) else ""
    raise _Invalid(_got(expect, node, hint))


_NON_NEGATIVE = _amount("a number >= 0")
MAX_DAYS = 365


def _days(node: Node) -> float:
    """Days of credit: a month counts as 30 days, and a year of credit is the most we take."""
    expect = f"a number of days from 0 to {MAX_DAYS}"
    value = _number(node, expect)
    if not 0 <= value <= MAX_DAYS:
        raise _Invalid(_got(expect, node))
    return value


def _positive(node: Node) -> float:
    """A conversion rate: a currency unit is never worth nothing."""
    expect = "a number > 0 or null"
    value = _number(node, expect)
    if value <= 0:
        raise _Invalid(_got(expect, node))
    return value


def _seasonality(node: Node) -> tuple[float, ...]:
    """Twelve multipliers, Jan..Dec; every bad entry is reported at its own position."""
    if not isinstance(node, SequenceNode):
        raise _Invalid(_got(f"a list of {SEASONALITY_LENGTH} numbers >= 0 (Jan..Dec)", node))
    issues: list[_Issue] = []
    if len(node.value) != SEASONALITY_LENGTH:
        issues.append(
            (None, (), f"expected {SEASONALITY_LENGTH} numbers (Jan..Dec), got {len(node.value)}")
        )
    values = []
    for index, item in enumerate(node.value):
        try:
            values.append(_NON_NEGATIVE(item))
        except _Invalid as error:
            issues += [(item, (index,), message) for _, _, message in error.issues]
    if issues:
        raise _Invalid(issues=issues)
    return tuple(values)


def _uncertain(node: Node) -> tuple[UncertainInput, ...]:
    """`uncertainty.inputs`: address -> {distribution: [numbers]}; addresses are checked
    against the resolved scenario once it is built (`_resolve_uncertainty`)."""
    if _is_null(node):
        return ()
    if not isinstance(node, MappingNode):
        raise _Invalid(_got("a mapping of input addresses to distributions", node))
    issues: list[_Issue] = []
    out: list[UncertainInput] = []
    seen: set[str] = set()
    for key, value in node.value:
        address = key.value if isinstance(key, ScalarNode) and key.tag == _STR else None
        if address is None or address in seen:
            message = _got("an input address", key) if address is None else "duplicate address"
            issues.append((key, (str(address),), message))
            continue
        seen.add(address)
        try:
            out.append(_distribution(address, value))
        except _Invalid as error:
            issues += [(where or value, (address, *suffix), m) for where, suffix, m in error.issues]
    if issues:
        raise _Invalid(issues=issues)
    return tuple(out)


def _distribution(address: str, node: Node) -> UncertainInput:
    """One `{pert: [low, mode, high]}`: a known distribution and its count of numbers."""
    example = "one distribution such as {uniform: [low, high]}"
    if not isinstance(node, MappingNode) or len(node.value) != 1:
        raise _Invalid(_got(example, node))
    name_node, params = node.value[0]
    name = name_node.value if isinstance(name_node, ScalarNode) else None
    if name not in DISTRIBUTIONS:
        hint = _suggest(name, DISTRIBUTIONS)
        raise _Invalid(issues=[(name_node, (), f"unknown distribution {_shown(name_node)}{hint}")])
    count = DISTRIBUTIONS[name]
    names = (
        "[mean, sd]" if name == "normal" else "[low, high]" if count == 2 else "[low, mode, high]"
    )
    if not isinstance(params, SequenceNode) or len(params.value) != count:
        raise _Invalid(issues=[(params, (name,), _got(f"{count} numbers {names}", params))])
    values, percent = [], []
    for item in params.value:
        try:
            values.append(_number(item, "a number", percent=True))
        except _Invalid as error:
            raise _Invalid(issues=[(item, (name,), str(error))]) from error
        percent.append(isinstance(item, ScalarNode) and item.tag == _STR)
    return UncertainInput(address, name, tuple(values), tuple(percent))


_PARSERS: dict[str, Callable[[Node], Any]] = {
    TEXT: _text,
    CURRENCY: _currency,
    LOCALE: _choice(_quoted_list(LOCALES), LOCALES),
    YEAR_MONTH: _year_month,
    HORIZON: _whole(f"a whole number of months from 1 to {MAX_MONTHS}", 1, MAX_MONTHS),
    INDUSTRY: _or_null(_choice(f"one of {', '.join(map(repr, INDUSTRIES))} or null", INDUSTRIES)),
    CHANNEL_NAME: _channel_name,
    COUNT: _NON_NEGATIVE,
    MONEY: _amount("an amount >= 0"),
    CASH: _amount("an amount", negative=True),
    SHARE: _rate("a share between 0 and 1", lambda x: 0 <= x <= 1),
    GROWTH: _rate("a rate above -1 and at most 1", lambda x: -1 < x <= 1),
    MONTH: _whole("a whole month number >= 1", 1),
    END_MONTH: _or_null(_whole("a whole month number >= 1 or null", 1)),
    DURATION: _whole("a whole number of months >= 1", 1),
    TURNS: _NON_NEGATIVE,
    SEASONALITY: _seasonality,
    DAYS: _days,
    LABEL: _or_null(_text),
    USD_RATE: _or_null(_positive),
    PATHS: _whole(f"a whole number of paths from 1 to {MAX_PATHS}", 1, MAX_PATHS),
    SEED: _whole("a whole number >= 0", 0),
    UNCERTAIN: _uncertain,
}


# -- The reader: walks mappings and lists by the declarations ---------------


def _is_null(node: Node) -> bool:
    """True for `key:` with nothing after it, `~` and `null`."""
    return isinstance(node, ScalarNode) and node.tag == _NULL


class _Reader:
    """Walks one file's node tree against the schema, collecting every problem."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.nodes: dict[_KeyPath, Node] = {}  # where each path was written, for later rules

    def report(self, path: _KeyPath, message: str, node: Node | None = None) -> None:
        """Record a problem at `node`, or where `path` (or its nearest parent) was written."""
        where = node or self._nearest(path)
        mark = where.start_mark
        filename = mark.name or self.filename  # each file is composed under its own name
        self.problems.append(
            Problem(filename, mark.line + 1, mark.column + 1, _dotted(path), message)
        )

    def _nearest(self, path: _KeyPath) -> Node:
        """The node of `path`, or of its closest parent when the key itself was not given."""
        while path not in self.nodes:
            path = path[:-1]
        return self.nodes[path]

    def value(self, spec_: Field, node: Node, path: _KeyPath) -> Any:
        """Parse one declared key by its kind; sections and lists recurse."""
        kind = spec_.metadata["kind"]
        if node.tag not in _STANDARD_TAGS:
            hint = " (tags are not supported: remove it)"
            self.report(
                path, f"unsupported tag {_tag_text(node.tag)}: got {_shown(node)}{hint}", node
            )
            return _INVALID
        if kind == "section":
            return self.mapping(spec_.metadata["type"], node, path)
        if kind == "list":
            return self.sequence(spec_.metadata["type"], node, path, spec_.metadata)
        try:
            return _PARSERS[kind](node)
        except _Invalid as error:
            for where, suffix, message in error.issues:
                self.report(path + suffix, message, where)
            return _INVALID

    def mapping(self, cls: type, node: Node, path: _KeyPath) -> dict[str, Any] | _Sentinel:
        """A section: known keys parsed, required ones checked; empty means all defaults."""
        if not (isinstance(node, MappingNode) or _is_null(node)):
            self.report(path, _got("a mapping", node), node)
            return _INVALID
        given = self.keys(cls, node, path) if isinstance(node, MappingNode) else {}
        data: dict[str, Any] = {}
        for spec_ in _declared(cls):
            if spec_.name in given:
                key, value = given[spec_.name]
                blank = _is_null(value) and value.value == ""  # `key:`: point at the key
                self.nodes[path + (spec_.name,)] = key if blank else value
                data[spec_.name] = self.value(spec_, value, path + (spec_.name,))
            elif spec_.metadata["required"]:
                self.report(path, f"missing required key '{spec_.name}'")
        return data

    def sequence(self, cls: type, node: Node, path: _KeyPath, meta: Any) -> list | _Sentinel:
        """A list of mappings; an empty value is an empty list."""
        if not (isinstance(node, SequenceNode) or _is_null(node)):
            self.report(path, _got("a list", node), node)
            return _INVALID
        entries = node.value if isinstance(node, SequenceNode) else []
        min_items, max_items = meta["min_items"], meta["max_items"]
        if len(entries) < min_items:
            noun = "item" if min_items == 1 else "items"
            self.report(path, _got(f"at least {min_items} {noun}", node))
        if len(entries) > max_items:
            self.report(path, f"expected at most {max_items} items, got {len(entries)}")
            return _INVALID
        result = []
        for index, entry in enumerate(entries):
            self.nodes[path + (index,)] = entry
            result.append(self.mapping(cls, entry, path + (index,)))
        return result

    def keys(self, cls: type, node: MappingNode, path: _KeyPath) -> dict[str, tuple[Node, Node]]:
        """The known keys of a mapping; unknown, duplicate and non-text keys are reported."""
        known = [spec_.name for spec_ in _declared(cls)]
        given: dict[str, tuple[Node, Node]] = {}
        seen: dict[str, Node] = {}
        for key, value in self.pairs(node, path):
            name: str | None = key.value if isinstance(key, ScalarNode) else None
            if name is None:
                self.report(path, _got("a key name", key), key)
            elif name in seen:
                first = seen[name].start_mark.line + 1
                self.report(
                    path + (name,), f"duplicate key '{name}' (first given on line {first})", key
                )
            elif name not in known:
                shown = _visible(name)
                hint = _suggest(name, known)
                if shown != name:
                    hint = hint or _suggest("".join(c for c in name if c.isprintable()), known)
                    hint = f" (it holds invisible characters){hint}"
                self.report(path + (shown,), f"unknown key '{shown}'{hint}", key)
            else:
                given[name] = (key, value)
            if name is not None:
                seen.setdefault(name, key)
        return given

    def pairs(self, node: MappingNode, path: _KeyPath) -> list[tuple[Node, Node]]:
        """Key/value pairs with YAML merge keys (`<<: *defaults`) expanded; own keys win."""
        bad: list[tuple[Node, str]] = []
        pairs = _expand_pairs(node, bad)
        for source, message in bad:
            self.report(path + ("<<",), message, source)
        return pairs


def _expand_pairs(
    node: MappingNode,
    bad: list[tuple[Node, str]],
    active: tuple[int, ...] = (),
    memo: dict[int, list[tuple[Node, Node]]] | None = None,
) -> list[tuple[Node, Node]]:
    """Key/value pairs with YAML merge keys expanded; unusable sources go to `bad`.

    An anchor may merge into itself (`&o {<<: *o}`): `active` holds the mappings being
    expanded, so such a loop is reported instead of recursing forever; `memo` keeps
    aliases of aliases from costing exponential time.
    """
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    active = (*active, id(node))
    own = [(key, value) for key, value in node.value if key.tag != _MERGE]
    names = {key.value for key, _ in own if isinstance(key, ScalarNode)}
    merged: list[tuple[Node, Node]] = []
    for key, value in node.value:
        if key.tag != _MERGE:
            continue
        for source in value.value if isinstance(value, SequenceNode) else [value]:
            if not isinstance(source, MappingNode):
                bad.append((source, _got("a mapping to merge", source)))
                continue
            if id(source) in active:
                bad.append((source, "a mapping cannot merge itself (`<<` names its own anchor)"))
                continue
            for pair in _expand_pairs(source, bad, active, memo):
                if pair[0].value not in names:
                    names.add(pair[0].value)
                    merged.append(pair)
    memo[id(node)] = own + merged
    return own + merged


# -- Rules across keys --------------------------------------------------------


def _usable(data: Any, cls: type, *names: str) -> tuple[Any, ...] | None:
    """The named values of one parsed mapping with defaults filled; None if any is unusable.

    Rules across keys only speak when every value they compare is valid, so a bad value
    is reported once, by its own parser.
    """
    if not isinstance(data, dict):
        return None
    specs = {spec_.name: spec_ for spec_ in _declared(cls)}
    values = tuple(data.get(name, specs[name].default) for name in names)
    return None if any(value is _INVALID or value is MISSING for value in values) else values


def _check_channel_names(data: dict[str, Any], reader: _Reader) -> None:
    """Channel names become line ids (visits_<name>), so two channels may not share one."""
    acquisition = data.get("acquisition")
    channels = acquisition.get("channels") if isinstance(acquisition, dict) else None
    first: dict[str, int] = {}
    for index, channel in enumerate(channels if isinstance(channels, list) else []):
        name = (_usable(channel, Channel, "name") or (None,))[0]
        if name in first:
            reader.report(
                ("acquisition", "channels", index, "name"),
                f"duplicate channel name '{name}' (also channels[{first[name]}])",
            )
        elif name is not None:
            first[name] = index


def _check_churn(data: dict[str, Any], reader: _Reader) -> None:
    """Repeat buyers who never churn would order forever: the CLV divides by churn."""
    values = _usable(data.get("customers", {}), Customers, "repeat_rate", "churn")
    if values is None or values[0] <= 0 or values[1] > 0:
        return
    path = ("customers", "churn")
    if path in reader.nodes:
        got = _shown(reader.nodes[path])
        reader.report(path, f"expected churn above 0 when repeat_rate is above 0, got {got}")
    else:
        message = "missing key 'churn': it must be above 0 when repeat_rate is above 0"
        reader.report(path[:1], message)


def _check_periods(data: dict[str, Any], reader: _Reader) -> None:
    """An item that ends before it starts is a typo, never an intention."""
    for spec_ in _declared(Scenario):
        cls = spec_.metadata.get("type")
        if spec_.metadata["kind"] != "list" or not hasattr(cls, "end_month"):
            continue
        entries = data.get(spec_.name)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            values = _usable(entry, cls, "start_month", "end_month")
            if values and values[1] is not None and values[1] < values[0]:
                reader.report(
                    (spec_.name, index, "end_month"),
                    f"expected end_month >= start_month ({values[0]}), got {values[1]}",
                )


def _check_usd_rate(data: dict[str, Any], reader: _Reader) -> None:
    """A US dollar buys one US dollar: any other rate on a USD scenario is a slip."""
    values = _usable(data.get("scenario", {}), Meta, "currency", "usd_rate")
    if values is None or values[0] != "USD" or values[1] in (None, 1):
        return
    got = _shown(reader.nodes[("scenario", "usd_rate")])
    reader.report(("scenario", "usd_rate"), f"expected 1 or null for currency USD, got {got}")


def _check_calendar(data: dict[str, Any], reader: _Reader) -> None:
    """Every projection month must be a date a spreadsheet can hold: 9999-12 at the latest."""
    values = _usable(data.get("scenario"), Meta, "start", "months")
    if values is None:
        return
    start, months = values
    last = int(start[:4]) * 12 + int(start[5:7]) - 1 + months - 1
    final = LAST_YEAR_MONTH[0] * 12 + LAST_YEAR_MONTH[1] - 1
    if last > final:
        end = f"{last // 12:04d}-{last % 12 + 1:02d}"
        limit = f"{LAST_YEAR_MONTH[0]}-{LAST_YEAR_MONTH[1]:02d}"
        reader.report(
            ("scenario", "months"),
            f"the projection would end in {end}, after {limit}, the last month "
            f"spreadsheet dates reach (at most {final - last + months} from {start})",
        )


_RULES: tuple[Callable[[dict[str, Any], _Reader], None], ...] = (
    _check_usd_rate,
    _check_calendar,
    _check_channel_names,
    _check_churn,
    _check_periods,
)


# -- Entry points -------------------------------------------------------------


def _build(cls: type, data: dict[str, Any]) -> Any:
    """Turn parsed plain data (already valid) into the frozen dataclasses, lists as tuples."""
    kwargs = {}
    for spec_ in _declared(cls):
        if spec_.name not in data:
            continue  # the dataclass default applies
        value, kind = data[spec_.name], spec_.metadata["kind"]
        if kind == "section":
            value = _build(spec_.metadata["type"], value)
        elif kind == "list":
            value = tuple(_build(spec_.metadata["type"], entry) for entry in value)
        kwargs[spec_.name] = value
    return cls(**kwargs)


def _syntax_problem(error: yaml.YAMLError, text: str, filename: str) -> Problem:
    """A YAML syntax error as a Problem, located by the parser's mark."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    else:  # a ReaderError (e.g. a control character) only knows its offset
        offset = getattr(error, "position", 0)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    parts = [getattr(error, "context", None), getattr(error, "problem", None)]
    detail = ", ".join(part for part in parts if part) or str(error).splitlines()[0]
    return Problem(filename, line, column, "", f"invalid YAML: {detail}")


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than MAX_DEPTH before it overflows the stack."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                problem = f"nested more than {MAX_DEPTH} levels deep"
                raise yaml.composer.ComposerError(None, None, problem, mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _compose(text: str, filename: str) -> MappingNode:
    """The root mapping node of the text; syntax errors and odd roots raise ScenarioError."""
    try:
        loader = _Loader(text)  # checks for unprintable characters at once
        loader.name = filename  # every node's start_mark.name: problems name their own file
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise ScenarioError([_syntax_problem(error, text, filename)]) from error
    expect = "a mapping of scenario sections (scenario, acquisition, orders, ...)"
    if root is None or (_is_null(root) and root.value == ""):
        raise ScenarioError([Problem(filename, 1, 1, "", f"expected {expect}, got an empty file")])
    if not isinstance(root, MappingNode):
        mark = root.start_mark
        raise ScenarioError(
            [Problem(filename, mark.line + 1, mark.column + 1, "", _got(expect, root))]
        )
    return root


# -- Inheritance: `extends: parent.yaml` ----------------------------------------
#
# A child file names its parent and gives only what changes.  The two node trees are
# merged before validation, and every merged node keeps its own start_mark (whose
# name is the file it was written in), so a problem points at the file and line
# where the bad value was written, parent or child.

EXTENDS = "extends"  # top-level key: the parent file, relative to this file
REMOVE = "remove"  # `remove: true` on a named list item drops the parent's item
_ITEM_NOUNS = {
    Channel: "channel",
    FixedCost: "fixed cost",
    Staff: "staff role",
    Capex: "capex item",
    Loan: "loan",
}


def _item_key(cls: type) -> str | None:
    """The key that identifies an item of a mergeable list (name, or role), else None."""
    names = {spec_.name for spec_ in _declared(cls)}
    return next((key for key in ("name", "role") if key in names), None)


def _lookup(node: Node, key: str) -> tuple[Node, Node] | None:
    """The (key, value) pair of `key` in a mapping node, or None."""
    if not isinstance(node, MappingNode):
        return None
    bad: list[tuple[Node, str]] = []
    return next(
        (
            pair
            for pair in _expand_pairs(node, bad)
            if isinstance(pair[0], ScalarNode) and pair[0].value == key
        ),
        None,
    )


def _item_name(node: Node, key: str) -> str | None:
    """What identifies a list item: its name (or role) as written, or None."""
    value = (_lookup(node, key) or (None, None))[1]
    return value.value if isinstance(value, ScalarNode) and value.tag != _NULL else None


def _merge_pairs(node: MappingNode) -> list[tuple[Node, Node]]:
    """A mapping's pairs with `<<` expanded; an unusable `<<` is kept for the reader to report."""
    bad: list[tuple[Node, str]] = []
    pairs = _expand_pairs(node, bad)
    if bad:
        pairs += [(key, value) for key, value in node.value if key.tag == _MERGE]
    return pairs


class _Refused(Exception):
    """A file that is there but is no scenario: too big, or not a regular file."""


def _read_text(path: str, *, regular: bool = False) -> str:
    """A file's text (UTF-8, BOM allowed), at most MAX_FILE_BYTES.

    With `regular`, anything but a regular file (/dev/zero, /dev/stdin, a pipe) is refused
    before it is opened, so it can neither hang nor exhaust memory.
    Raises OSError, UnicodeDecodeError or _Refused.
    """
    if regular and not stat.S_ISREG(os.stat(path).st_mode):
        raise _Refused("not a regular file")
    with open(path, "rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _Refused(
            f"larger than {MAX_FILE_BYTES // 1024 // 1024} MB, the limit for a scenario file"
        )
    return data.decode("utf-8-sig")


_UNREADABLE = (OSError, UnicodeDecodeError, _Refused)


def _read_reason(error: Exception) -> str:
    """Why a file could not be read, in lowercase words."""
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 text (byte {error.start})"
    if isinstance(error, OSError):
        return (error.strerror or str(error)).lower()
    return str(error)


def _at(node: Node, path: _KeyPath, message: str) -> Problem:
    """A problem located at `node`, in the file the node was composed from."""
    mark = node.start_mark
    return Problem(mark.name, mark.line + 1, mark.column + 1, _dotted(path), message)


@dataclass(frozen=True)
class _Open:
    """A mapping with free keys (uncertainty.inputs): merged key by key, values replaced."""


class _Merger:
    """Resolves a file's `extends` chain into one node tree, before validation."""

    def __init__(self, filename: str) -> None:
        self.top = os.path.dirname(filename)  # cycle messages name files relative to this
        self.files: list[str] = []  # every file of the chain, child first
        self.problems: list[Problem] = []  # e.g. removing an item the parent does not have

    def resolve(self, root: MappingNode, filename: str, chain: tuple[str, ...]) -> Node:
        """`root` with its parents merged under it; `chain` holds the real paths so far."""
        self.files.append(filename)
        given = [
            (key, value)
            for key, value in root.value
            if isinstance(key, ScalarNode) and key.tag != _MERGE and key.value == EXTENDS
        ]
        if not given:
            return root
        key, value = given[0]
        if len(given) > 1:
            line = key.start_mark.line + 1
            message = f"duplicate key '{EXTENDS}' (first given on line {line})"
            raise ScenarioError([_at(given[1][0], (EXTENDS,), message)])
        if not (isinstance(value, ScalarNode) and value.tag == _STR and value.value.strip()):
            raise ScenarioError([_at(value, (EXTENDS,), _got("a parent file path", value))])
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value.value):
            hint = " (a parent is a local file: download it first)"
            raise ScenarioError([_at(value, (EXTENDS,), _got("a parent file path", value, hint))])
        parent = os.path.normpath(os.path.join(os.path.dirname(filename), value.value))
        real = os.path.realpath(parent)
        if real in chain:
            shown = " -> ".join(self._shown(name) for name in (*chain, real))
            raise ScenarioError([_at(value, (EXTENDS,), f"extends cycle: {shown}")])
        try:
            text = _read_text(parent, regular=True)
        except _UNREADABLE as error:
            message = f"cannot read parent file {parent}: {_read_reason(error)}"
            raise ScenarioError([_at(value, (EXTENDS,), message)]) from error
        try:
            parent_root = _compose(text, parent)
        except ScenarioError as error:  # say which child reads that file, and where
            named = _at(value, (EXTENDS,), f"parent file {parent} is not a usable scenario")
            raise ScenarioError([named, *error.problems]) from error
        base = self.resolve(parent_root, parent, (*chain, real))
        child = MappingNode(
            root.tag,
            [pair for pair in root.value if pair not in given],
            root.start_mark,
            root.end_mark,
            root.flow_style,
        )
        return self.mapping(Scenario, base, child, ())

    def _shown(self, real: str) -> str:
        """A file of a cycle, relative to the directory of the file being loaded."""
        return os.path.relpath(real, os.path.realpath(self.top or os.curdir))

    def value(self, spec_: Field | None, parent: Node | None, child: Node, path: _KeyPath) -> Node:
        """One key's merged value: sections key by key, named lists item by item."""
        if spec_ is None:
            return child  # an unknown key: the reader reports it
        kind = spec_.metadata["kind"]
        if kind == "section":
            return self.mapping(spec_.metadata["type"], parent, child, path)
        if kind == "list" and (key := _item_key(spec_.metadata["type"])):
            return self.sequence(spec_.metadata["type"], key, parent, child, path)
        if kind == UNCERTAIN:  # address by address, like any mapping
            return self.mapping(_Open, parent, child, path)
        return child  # a plain value, a plain list (seasonality, equity) or an unknown key

    def mapping(self, cls: type, parent: Node | None, child: Node, path: _KeyPath) -> Node:
        """Parent's keys in order, changed by the child's; the child's new keys appended."""
        if _is_null(child):  # `customers:` with nothing: no change
            return child if parent is None else parent
        if not isinstance(child, MappingNode):
            return child  # the child's value replaces; the reader reports its type
        specs = {spec_.name: spec_ for spec_ in _declared(cls)}
        result = _merge_pairs(parent) if isinstance(parent, MappingNode) else []
        position: dict[str, int] = {}
        for at, (key, _) in enumerate(result):
            if isinstance(key, ScalarNode) and key.tag != _MERGE:
                position.setdefault(key.value, at)
        for key, value in _merge_pairs(child):
            name = key.value if isinstance(key, ScalarNode) and key.tag != _MERGE else None
            if not isinstance(name, str):
                result.append((key, value))  # not a key a scenario has: the reader reports it
                continue
            index = position.pop(name, None)
            before = None if index is None else result[index][1]
            merged = self.value(specs.get(name), before, value, (*path, name))
            if index is None:
                result.append((key, merged))  # new, or said twice (the reader reports it)
            else:
                result[index] = (key, merged)
        return MappingNode(child.tag, result, child.start_mark, child.end_mark, child.flow_style)

    def sequence(
        self, cls: type, key: str, parent: Node | None, child: Node, path: _KeyPath
    ) -> Node:
        """Items matched on `key` are merged, new ones appended, `remove: true` ones dropped."""
        if _is_null(child):
            return child if parent is None else parent
        if not isinstance(child, SequenceNode):
            return child
        result = list(parent.value) if isinstance(parent, SequenceNode) else []
        for position, entry in enumerate(child.value):
            entry, remove = self._remove_flag(entry, (*path, position))
            if remove is None:
                continue  # an unusable `remove:` value, already reported
            name = _item_name(entry, key)
            matches = [i for i, item in enumerate(result) if name and _item_name(item, key) == name]
            if len(matches) > 1:
                self._ambiguous(cls, key, entry, [result[i] for i in matches], (*path, position))
                continue
            match = matches[0] if matches else None
            if remove:
                self._remove(cls, key, entry, name, match, result, (*path, position))
            elif match is None:
                result.append(entry)
            else:
                result[match] = self.mapping(cls, result[match], entry, (*path, match))
        return SequenceNode(child.tag, result, child.start_mark, child.end_mark, child.flow_style)

    def _ambiguous(
        self, cls: type, key: str, entry: Node, items: list[Node], path: _KeyPath
    ) -> None:
        """A child names an item its parent has twice: which one it means is anyone's guess."""
        noun = _ITEM_NOUNS.get(cls, "item")
        where = " and ".join(f"{item.start_mark.name}:{item.start_mark.line + 1}" for item in items)
        name = _item_name(entry, key)
        message = (
            f"the parent has {len(items)} items with {key} '{name}' ({where}): "
            f"give each {noun} a distinct {key} in the parent to change or remove one"
        )
        self.problems.append(_at((_lookup(entry, key) or (entry, entry))[1], (*path, key), message))

    def _remove_flag(self, entry: Node, path: _KeyPath) -> tuple[Node, bool | None]:
        """The item without its `remove` key, and the flag (None when it is not a boolean)."""
        pair = _lookup(entry, REMOVE)
        if pair is None:
            return entry, False
        assert isinstance(entry, MappingNode)
        rest = [item for item in _merge_pairs(entry) if item[0] is not pair[0]]
        entry = MappingNode(entry.tag, rest, entry.start_mark, entry.end_mark, entry.flow_style)
        try:
            flag = _scalar(pair[1], "true or false")
        except _Invalid:
            flag = None
        if not isinstance(flag, bool):
            self.problems.append(_at(pair[1], (*path, REMOVE), _got("true or false", pair[1])))
            return entry, None
        return entry, flag

    def _remove(
        self,
        cls: type,
        key: str,
        entry: Node,
        name: str | None,
        match: int | None,
        result: list[Node],
        path: _KeyPath,
    ) -> None:
        """Drop the parent's item named by `entry`, or report that there is none."""
        noun = _ITEM_NOUNS.get(cls, "item")
        if name is None:
            message = f"missing key '{key}': it says which {noun} to remove"
            self.problems.append(_at(entry, path, message))
        elif match is None:
            where = (_lookup(entry, key) or (entry, entry))[1]
            message = f"no {noun} named '{name}' to remove in parent"
            self.problems.append(_at(where, path, message))
        else:
            del result[match]


# -- Input addresses and distributions (docs/risk.md) -----------------------------

# The valid range of each number kind an address can name: (low, high, low excluded).
RANGES: dict[str, tuple[float, float, bool]] = {
    SHARE: (0.0, 1.0, False),
    GROWTH: (-1.0, 1.0, True),
    MONEY: (0.0, math.inf, False),
    COUNT: (0.0, math.inf, False),
    TURNS: (0.0, math.inf, False),
    CASH: (-math.inf, math.inf, False),
    DAYS: (0.0, float(MAX_DAYS), False),
    SEASONALITY: (0.0, math.inf, False),
}
RATE_KINDS = (SHARE, GROWTH)


def in_range(kind: str, value: float) -> bool:
    low, high, open_low = RANGES[kind]
    return (value > low if open_low else value >= low) and value <= high


def input_addresses(s: Scenario) -> tuple[dict[str, tuple[_KeyPath, str]], set[str]]:
    """Every addressable number of the scenario: address -> (path, kind); and the item
    addresses (`staff.Designer`) that two items share, which cannot be addressed."""
    table: dict[str, tuple[_KeyPath, str]] = {}
    shared: set[str] = set()
    for spec_ in schema_fields(Scenario):
        if spec_.name != "scenario":
            _addresses(getattr(s, spec_.name), spec_, spec_.name, (spec_.name,), table, shared)
    for prefix in shared:
        for address in [a for a in table if a.startswith(prefix + ".")]:
            del table[address]
    return table, shared


def _addresses(
    value: Any,
    spec_: Field,
    address: str,
    path: _KeyPath,
    table: dict[str, tuple[_KeyPath, str]],
    shared: set[str],
) -> None:
    kind, cls = spec_.metadata["kind"], spec_.metadata.get("type", object)
    if kind == "section":
        for sub_ in schema_fields(cls):
            sub_address = f"{address}.{sub_.name}"
            _addresses(
                getattr(value, sub_.name), sub_, sub_address, (*path, sub_.name), table, shared
            )
    elif kind == "list":
        key = _item_key(cls)
        seen: set[str] = set()
        for index, item in enumerate(value):
            ident = str(index + 1) if key is None else str(getattr(item, key))
            if ident in seen:
                shared.add(f"{address}.{ident}")
            seen.add(ident)
            for sub_ in schema_fields(cls):
                sub_address = f"{address}.{ident}.{sub_.name}"
                sub_path = (*path, index, sub_.name)
                _addresses(getattr(item, sub_.name), sub_, sub_address, sub_path, table, shared)
    elif kind == SEASONALITY:
        for month in range(1, SEASONALITY_LENGTH + 1):
            table[f"{address}.{month}"] = ((*path, month - 1), SEASONALITY)
    elif kind in RANGES:
        table[address] = (path, kind)


def support(item: UncertainInput) -> tuple[float, float]:
    """The values a distribution can give: its bounds; a normal's, the field's range."""
    if item.distribution == "normal":
        mean, sd = item.params
        return (mean, mean) if sd == 0 else RANGES[item.kind][:2]
    return item.params[0], item.params[-1]


def _resolve_uncertainty(s: Scenario, root: Node) -> tuple[Scenario, list[Problem]]:
    """Addresses resolved against the built scenario, parameters checked against each
    field's range; problems located at the address or its numbers."""
    given = s.uncertainty.inputs
    if not given:
        return s, []
    section = _lookup(root, "uncertainty")
    inputs = _lookup(section[1], "inputs") if section else None
    nodes = {k.value: (k, v) for k, v in inputs[1].value} if inputs else {}
    table, shared = input_addresses(s)
    problems: list[Problem] = []
    resolved = []
    for item in given:
        key, value = nodes[item.address]
        path = ("uncertainty", "inputs", item.address)
        if item.address not in table:
            problems.append(_at(key, path, _unknown_address(item.address, table, shared)))
            continue
        item = replace(item, path=table[item.address][0], kind=table[item.address][1])
        message = _check_params(item)
        if message:
            problems.append(_at(value, (*path, item.distribution), message))
        resolved.append(item)
    if not problems:
        problems += _check_churn_range(s, resolved, nodes)
    return replace(s, uncertainty=replace(s.uncertainty, inputs=tuple(resolved))), problems


def _unknown_address(address: str, table: dict[str, Any], shared: set[str]) -> str:
    for prefix in shared:
        if address.startswith(prefix + "."):
            return f"'{prefix}' names two items: give each a distinct name to address one"
    if address.startswith(("scenario.", "uncertainty.")) or address in ("scenario", "uncertainty"):
        return f"'{address}' is not an input that can vary"
    if address.rsplit(".", 1)[-1] in _WHOLE_MONTHS:
        return f"'{address}' is a month: months cannot vary, only amounts and rates"
    hint = _suggest(address, table)
    return f"unknown input address '{address}'{hint}"


_WHOLE_MONTHS = ("start_month", "end_month", "month", "life_months", "term_months")


def _check_params(item: UncertainInput) -> str:
    """What is wrong with a distribution's numbers for its field, or ''."""
    if any(item.percent) and item.kind not in RATE_KINDS:
        return "a percent is for rates: write this field's numbers as plain amounts"
    p = item.params
    if item.distribution == "normal":
        if p[1] < 0:
            return f"expected sd >= 0, got {p[1]:g}"
        bounds = [p[0]]
    elif list(p) != sorted(p):
        order = "low <= high" if len(p) == 2 else "low <= mode <= high"
        return f"expected {order}, got {', '.join(f'{x:g}' for x in p)}"
    else:
        bounds = list(p)
    low, high, open_low = RANGES[item.kind]
    outside = [x for x in bounds if not in_range(item.kind, x)]
    if outside:
        shown = f"{'(' if open_low else '['}{low:g}, {high:g}]"
        return f"{outside[0]:g} lies outside the field's valid range {shown}"
    return ""


def _check_churn_range(
    s: Scenario, resolved: list[UncertainInput], nodes: dict[str, tuple[Node, Node]]
) -> list[Problem]:
    """churn > 0 whenever repeat_rate > 0, over every value either can take."""
    by_path = {item.path: item for item in resolved}
    repeat = by_path.get(("customers", "repeat_rate"))
    churn = by_path.get(("customers", "churn"))
    repeat_high = support(repeat)[1] if repeat else s.customers.repeat_rate
    churn_low = support(churn)[0] if churn else s.customers.churn
    if repeat_high <= 0 or churn_low > 0:
        return []
    culprit = churn or repeat
    assert culprit is not None  # the scenario's own values already passed the rule
    key, value = nodes[culprit.address]
    message = (
        "churn must stay above 0 wherever repeat_rate can be above 0: "
        f"churn can be {churn_low:g} while repeat_rate can reach {repeat_high:g}"
    )
    return [_at(value, ("uncertainty", "inputs", culprit.address), message)]


# -- Entry points (continued) ---------------------------------------------------


def loads(text: str, filename: str = "<string>") -> Scenario:
    """Validate scenario YAML text; every problem is reported at once in a ScenarioError.

    `filename` names the text in messages, and an `extends:` path is read relative to
    its directory; the result's `source` stays None.
    """
    merger = _Merger(filename)
    root = merger.resolve(_compose(text, filename), filename, (os.path.realpath(filename),))
    reader = _Reader(filename)
    reader.nodes[()] = root
    data = reader.mapping(Scenario, root, ())
    if isinstance(data, dict):
        for rule in _RULES:
            rule(data, reader)
    problems = merger.problems + reader.problems
    if problems or not isinstance(data, dict):
        order = {name: index for index, name in enumerate(merger.files)}  # child, parents
        raise ScenarioError(
            sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line, p.column))
        )
    written_at = {
        path: (
            node.start_mark.name or filename,
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
        for path, node in reader.nodes.items()
    }
    built, problems = _resolve_uncertainty(_build(Scenario, data), root)
    if problems:
        raise ScenarioError(problems)
    return replace(built, written_at=written_at)


def load(path: str | Path) -> Scenario:
    """Read and validate a scenario file (and its parents); `source` names the file."""
    path = Path(path)
    try:
        text = _read_text(str(path))
    except _UNREADABLE as error:
        raise ProjectorError(f"cannot read scenario file {path}: {_read_reason(error)}") from error
    return replace(loads(text, str(path)), source=path)


# -- Writing a scenario back as YAML ----------------------------------------------


class _FlowList(list):
    """A list written on one line, like seasonality in the examples."""


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key, as the examples are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _FlowList, lambda dumper, data: dumper.represent_sequence(_TAG + "seq", data, flow_style=True)
)


def _percent(value: float) -> str:
    """A rate as the percent string that loads back to exactly the same float: '4.29%'."""
    text = format(Decimal(repr(value)) * 100, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def _plain_number(value: float) -> float | int:
    """Whole amounts without a trailing .0; they load back to the same float."""
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _plain(obj: Any, cls: type) -> dict[str, Any]:
    """A scenario (or one of its sections) as plain YAML data, every key written."""
    data: dict[str, Any] = {}
    for spec_ in _declared(cls):
        value, kind = getattr(obj, spec_.name), spec_.metadata["kind"]
        if kind == "section":
            value = _plain(value, spec_.metadata["type"])
        elif kind == "list":
            value = [_plain(entry, spec_.metadata["type"]) for entry in value]
        elif kind in (SHARE, GROWTH):
            value = _percent(value)
        elif kind == SEASONALITY:
            value = _FlowList(_plain_number(number) for number in value)
        elif kind == UNCERTAIN:
            value = {item.address: _plain_distribution(item) for item in value}
        elif isinstance(value, float):
            value = _plain_number(value)
        data[spec_.name] = value
    return data


def _plain_distribution(item: UncertainInput) -> dict[str, list]:
    """{pert: [50, 62, 70]}, rates as percent strings like the field itself."""
    rate = item.kind in RATE_KINDS
    shown = [_percent(x) if rate else _plain_number(x) for x in item.params]
    return {item.distribution: _FlowList(shown)}


def to_yaml(scenario: Scenario) -> str:
    """A validated scenario as YAML text: every key, defaults filled, rates as percents.

    The text loads back to an equal Scenario.
    """
    return yaml.dump(
        _plain(scenario, Scenario),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def resolved_yaml(path: str | Path) -> str:
    """The scenario file with its `extends` chain merged and defaults filled, as YAML."""
    return to_yaml(load(path))


# -- JSON Schema ----------------------------------------------------------------

_PERCENT_STRING = {"type": "string", "pattern": PERCENT_PATTERN}
_FRAGMENTS: dict[str, dict[str, Any]] = {
    TEXT: {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
    CURRENCY: {"type": "string", "pattern": CURRENCY_PATTERN},
    LOCALE: {"enum": list(LOCALES)},
    YEAR_MONTH: {"type": "string", "pattern": YEAR_MONTH_PATTERN},
    HORIZON: {"type": "integer", "minimum": 1, "maximum": MAX_MONTHS},
    INDUSTRY: {"enum": [*INDUSTRIES, None]},
    CHANNEL_NAME: {
        "type": "string",
        "pattern": CHANNEL_NAME_PATTERN,
        "maxLength": MAX_CHANNEL_NAME,
    },
    COUNT: {"type": "number", "minimum": 0},
    MONEY: {"type": "number", "minimum": 0},
    CASH: {"type": "number"},
    SHARE: {"oneOf": [{"type": "number", "minimum": 0, "maximum": 1}, _PERCENT_STRING]},
    GROWTH: {"oneOf": [{"type": "number", "exclusiveMinimum": -1, "maximum": 1}, _PERCENT_STRING]},
    MONTH: {"type": "integer", "minimum": 1},
    END_MONTH: {"type": ["integer", "null"], "minimum": 1},
    DURATION: {"type": "integer", "minimum": 1},
    TURNS: {"type": "number", "minimum": 0},
    DAYS: {"type": "number", "minimum": 0, "maximum": MAX_DAYS},
    LABEL: {"type": ["string", "null"], "minLength": 1},
    USD_RATE: {"type": ["number", "null"], "exclusiveMinimum": 0},
    PATHS: {"type": "integer", "minimum": 1, "maximum": MAX_PATHS},
    SEED: {"type": "integer", "minimum": 0},
    UNCERTAIN: {
        "type": ["object", "null"],
        "propertyNames": {"pattern": r"^[^.\s]+(\.[^.]+)+$"},
        "additionalProperties": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": False,
            "properties": {
                name: {
                    "type": "array",
                    "items": {"oneOf": [{"type": "number"}, _PERCENT_STRING]},
                    "minItems": count,
                    "maxItems": count,
                }
                for name, count in DISTRIBUTIONS.items()
            },
        },
    },
    SEASONALITY: {
        "type": "array",
        "items": {"type": "number", "minimum": 0},
        "minItems": SEASONALITY_LENGTH,
        "maxItems": SEASONALITY_LENGTH,
    },
}


def _object_schema(cls: type) -> dict[str, Any]:
    """A closed JSON object: the declared keys of `cls`, nothing else."""
    specs = _declared(cls)
    return {
        "type": "object",
        "properties": {spec_.name: _property_schema(spec_) for spec_ in specs},
        "required": [spec_.name for spec_ in specs if spec_.metadata["required"]],
        "additionalProperties": False,
    }


def _property_schema(spec_: Field) -> dict[str, Any]:
    """One key's schema from its kind; optional sections and lists may be left empty (null)."""
    meta = spec_.metadata
    required, kind = meta["required"], meta["kind"]
    if kind == "section":
        schema = _object_schema(meta["type"])
        schema["type"] = "object" if required else ["object", "null"]
    elif kind == "list":
        schema = {
            "type": "array" if required else ["array", "null"],
            "items": _object_schema(meta["type"]),
        }
        if meta["min_items"]:
            schema["minItems"] = meta["min_items"]
        schema["maxItems"] = meta["max_items"]
    else:
        schema = copy.deepcopy(_FRAGMENTS[kind])
    if not required and kind != "section":
        default = spec_.default
        schema["default"] = list(default) if isinstance(default, tuple) else default
    return {"description": meta["doc"], **schema}


def _partial_object(schema: dict[str, Any], cls: type) -> dict[str, Any]:
    """`cls`'s full object schema (changed in place) as a child file may write it.

    A child gives only what changes, so no key is required. Blank sections and mergeable
    lists keep the parent's; items of a mergeable list (channels, fixed costs, staff...)
    need only their name or role and may say `remove: true`. Other lists (seasonality,
    equity) replace the parent's whole, so their items stay complete.
    """
    schema.pop("required", None)
    for spec_ in _declared(cls):
        sub, meta = schema["properties"][spec_.name], spec_.metadata
        if meta["kind"] == "section":
            _partial_object(sub, meta["type"])
            sub["type"] = ["object", "null"]
        elif meta["kind"] == "list" and (key := _item_key(meta["type"])):
            sub["type"] = ["array", "null"]
            sub.pop("minItems", None)
            item = _partial_object(sub["items"], meta["type"])
            item["properties"][REMOVE] = {
                "description": f"true: drop the parent's item with this {key}",
                "type": "boolean",
            }
            item["required"] = [key]  # without it the item can be neither changed nor removed
    return schema


def _partial_schema(full: dict[str, Any]) -> dict[str, Any]:
    """The schema of a child file (one with `extends`), derived from the full one."""
    partial = _partial_object(copy.deepcopy(full), Scenario)
    partial["properties"] = {
        EXTENDS: {
            "description": "Parent scenario file, relative to this file; this file gives "
            "only what changes",
            "type": "string",
            "pattern": r"\S",
        },
        **partial["properties"],
    }
    return partial


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the scenario file, for editors and documentation.

    Generated from the same declarations the loader walks, so it cannot drift. It checks
    shape only: cross-key rules (unique channel names, churn, end_month) are the loader's.
    A file with `extends` is checked against `$defs/partial` (every key optional, named
    items may say `remove: true`); any other file against `$defs/scenario`.
    """
    full = _object_schema(Scenario)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "projector scenario",
        "type": "object",
        "if": {"required": [EXTENDS]},
        "then": {"$ref": "#/$defs/partial"},
        "else": {"$ref": "#/$defs/scenario"},
        "$defs": {"scenario": full, "partial": _partial_schema(full)},
    }
