"""Value kinds: one parser per kind (money, share, growth, month...), their ranges and
how a value of each kind is written back.

A parser takes the YAML node a key was given and returns the typed value or raises
`Invalid` with the message the user reads; the messages are part of the interface.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from projector.locale import i18n
from projector.scenario.nodes import (
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    NULL_TAG,
    STR_TAG,
    TIMESTAMP_TAG,
    KeyPath,
    describe,
    expected,
    is_null,
    suggest,
)
from projector.scenario.schema import (
    CASH,
    CHANNEL_NAME,
    CHANNEL_NAME_PATTERN,
    COUNT,
    CURRENCY,
    CURRENCY_PATTERN,
    DAYS,
    DISTRIBUTIONS,
    DURATION,
    END_MONTH,
    GROWTH,
    HORIZON,
    INDUSTRIES,
    INDUSTRY,
    LABEL,
    LOCALE,
    LOCALES,
    MAX_CHANNEL_NAME,
    MAX_DAYS,
    MAX_MONTHS,
    MAX_PATHS,
    MAX_TEXT,
    MONEY,
    MONTH,
    PATHS,
    PERCENT_PATTERN,
    SEASONALITY,
    SEASONALITY_LENGTH,
    SEED,
    SHARE,
    TEXT,
    TURNS,
    UNCERTAIN,
    USD_RATE,
    YEAR_MONTH,
    YEAR_MONTH_PATTERN,
    UncertainInput,
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


class Sentinel:
    """A named marker value that can never be mistaken for user data."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


INVALID = Sentinel("<invalid>")  # the value was given but broke its rule (already reported)
_UNSUPPORTED = Sentinel("<unsupported>")  # a scalar YAML gives no plain Python value for

Issue = tuple[Node | None, KeyPath, str]  # node (None: the value's own), path suffix, message


class Invalid(Exception):
    """A value breaks its key's rule; carries one issue, or several for lists of numbers."""

    def __init__(self, message: str = "", issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.issues: list[Issue] = issues or [(None, (), message)]


# -- One parser per kind ----------------------------------------------------


def scalar(node: Node, expect: str) -> Any:
    """The plain Python value of a scalar; lists and mappings are a type error here."""
    if not isinstance(node, ScalarNode):
        raise Invalid(expected(expect, node))
    if node.style is None:  # plain: how YAML 1.1 and 1.2 may read it differently
        _refuse_yaml11_number(node, expect)
        if node.tag == STR_TAG and _EXPONENT.fullmatch(node.value):
            return float(node.value)
    if node.tag not in (NULL_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, STR_TAG):
        return _UNSUPPORTED
    try:
        return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    except (ValueError, yaml.YAMLError):  # e.g. `!!int abc`
        return _UNSUPPORTED


def _refuse_yaml11_number(node: ScalarNode, expect: str) -> None:
    """Refuse a plain number YAML 1.1 reads one way and a reader would take another."""
    text = node.value
    if node.tag == INT_TAG and not _PLAIN_INT.fullmatch(text):
        hint = " (YAML 1.1 reads a leading 0 as octal, 010 as 8: write it without the 0)"
        if ":" in text:
            hint = " (YAML 1.1 reads a:b as base 60: write the plain number)"
        elif re.match(r"[-+]?0[xXbBoO]", text):
            hint = " (YAML 1.1 reads it in base 16, 2 or 8: write the number in decimal)"
        raise Invalid(expected(expect, node, hint))
    if node.tag == FLOAT_TAG and not _PLAIN_FLOAT.fullmatch(text):
        raise Invalid(
            expected(expect, node, " (YAML 1.1 reads a:b as base 60: write the plain number)")
        )
    if node.tag == STR_TAG and _LEADING_ZERO.fullmatch(text):
        raise Invalid(expected(expect, node, " (write the number without its leading 0)"))
    if node.tag == STR_TAG and re.fullmatch(r"[-+]?0[oO][0-7_]+", text):
        raise Invalid(expected(expect, node, " (a number in base 8: write it in decimal)"))
    if node.tag == BOOL_TAG and text.lower() not in ("true", "false"):  # yes, no, on, off
        raise Invalid(
            expected(
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
    value = scalar(node, expect)
    if percent and isinstance(value, str) and (match := re.fullmatch(PERCENT_PATTERN, value)):
        return float(Decimal(match[1]) / 100)  # exact: "4.29%" is the float nearest 0.0429
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(expected(expect, node, _unquote_hint(node, value)))
    if not _finite(value):
        raise Invalid(f"expected a finite number, got {describe(node)}")
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
            raise Invalid(expected(expect, node))
        return value

    return parse


def _rate(expect: str, within: Callable[[float], bool]) -> Callable[[Node], float]:
    """Parser for shares and growth rates, which may be written as percent strings."""

    def parse(node: Node) -> float:
        value = _number(node, expect, percent=True)
        if within(value):
            return value
        plain = node.tag in (INT_TAG, FLOAT_TAG)  # 4.29 where "4.29%" was meant
        hint = f' (did you mean "{node.value}%"?)' if plain and within(value / 100) else ""
        raise Invalid(expected(expect, node, hint))

    return parse


def _whole(expect: str, low: int, high: int | None = None) -> Callable[[Node], int]:
    """Parser for month numbers and horizons: a YAML integer (3.0 is not one) in range."""

    def parse(node: Node) -> int:
        value = scalar(node, expect)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(expected(expect, node, _unquote_hint(node, value)))
        if value < low or (high is not None and value > high):
            raise Invalid(expected(expect, node))
        return value

    return parse


def _or_null(parse: Callable[[Node], Any]) -> Callable[[Node], Any]:
    """Wrap a parser so that null (or an empty value) means 'none'."""

    def parse_or_null(node: Node) -> Any:
        return None if is_null(node) else parse(node)

    return parse_or_null


def _choice(expect: str, options: tuple[str, ...]) -> Callable[[Node], str]:
    """Parser for a closed list of words, hinting at the closest one."""

    def parse(node: Node) -> str:
        value = scalar(node, expect)
        if isinstance(value, str) and value in options:
            return value
        raise Invalid(expected(expect, node, suggest(value, options)))

    return parse


def _quoted_list(options: tuple[str, ...]) -> str:
    """'a', 'b' or 'c': how a closed list of words reads in a message."""
    quoted = [f"'{option}'" for option in options]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]


def _text(node: Node) -> str:
    """Free text as written: `name: 2027` is the text '2027', not an error."""
    if isinstance(node, ScalarNode) and node.tag != NULL_TAG and node.value.strip():
        if len(node.value) > MAX_TEXT:
            raise Invalid(f"expected at most {MAX_TEXT} characters, got {len(node.value)}")
        return node.value
    raise Invalid(expected("non-empty text", node))


def _currency(node: Node) -> str:
    """An ISO 4217 code CLDR knows; its symbol and minor units come from there (Babel)."""
    expect = "a three-letter ISO 4217 code such as 'USD'"
    value = scalar(node, expect)
    if isinstance(value, str) and re.fullmatch(CURRENCY_PATTERN, value):
        if i18n.is_currency(value):
            return value
        near = i18n.near_currencies(value)
        hint = (
            f" (did you mean {' or '.join(repr(c) for c in near)}?)"
            if near
            else " (ISO 4217 codes are like 'USD', 'EUR', 'JPY')"
        )
        raise Invalid(f"unknown ISO 4217 currency code '{value}'{hint}")
    upper = value.strip().upper() if isinstance(value, str) else ""
    hint = f" (did you mean '{upper}'?)" if re.fullmatch(CURRENCY_PATTERN, upper) else ""
    raise Invalid(expected(expect, node, hint))


def _year_month(node: Node) -> str:
    """YYYY-MM from 1900 on (spreadsheet dates start there); YAML reads 2027-01-01 as a date."""
    expect = "a month as YYYY-MM"
    written = (
        node.value if isinstance(node, ScalarNode) and node.tag in (STR_TAG, TIMESTAMP_TAG) else ""
    )
    if re.fullmatch(YEAR_MONTH_PATTERN, written):
        return written
    hint = ""
    if match := re.match(r"([0-9]{4})-([0-9]{1,2})(?:$|-|[ Tt])", written):
        year, month = int(match[1]), int(match[2])
        if year < 1900:
            hint = " (the year must be 1900 or later)"
        elif 1 <= month <= 12 and written != f"{year}-{month:02d}":
            hint = f" (use YYYY-MM: '{year}-{month:02d}')"
    raise Invalid(expected(expect, node, hint))


def _channel_name(node: Node) -> str:
    """Channel names become line ids (visits_<name>) and defined names in the workbook."""
    expect = "a name made of a lowercase letter, then lowercase letters, digits or _"
    value = scalar(node, expect)
    if isinstance(value, str) and len(value) > MAX_CHANNEL_NAME:
        message = (
            f"expected a channel name of at most {MAX_CHANNEL_NAME} characters, got {len(value)}"
        )
        raise Invalid(message + " (it ends workbook names, which hold 255)")
    if isinstance(value, str) and re.fullmatch(CHANNEL_NAME_PATTERN, value):
        return value
    fixed = re.sub(r"[\s-]+", "_", value.strip().lower()) if isinstance(value, str) else ""
    hint = f" (did you mean '{fixed}'?)" if re.fullmatch(CHANNEL_NAME_PATTERN, fixed) else ""
    raise Invalid(expected(expect, node, hint))


_NON_NEGATIVE = _amount("a number >= 0")


def _days(node: Node) -> float:
    """Days of credit: a month counts as 30 days, and a year of credit is the most we take."""
    expect = f"a number of days from 0 to {MAX_DAYS}"
    value = _number(node, expect)
    if not 0 <= value <= MAX_DAYS:
        raise Invalid(expected(expect, node))
    return value


def _positive(node: Node) -> float:
    """A conversion rate: a currency unit is never worth nothing."""
    expect = "a number > 0 or null"
    value = _number(node, expect)
    if value <= 0:
        raise Invalid(expected(expect, node))
    return value


def _seasonality(node: Node) -> tuple[float, ...]:
    """Twelve multipliers, Jan..Dec; every bad entry is reported at its own position."""
    if not isinstance(node, SequenceNode):
        raise Invalid(expected(f"a list of {SEASONALITY_LENGTH} numbers >= 0 (Jan..Dec)", node))
    issues: list[Issue] = []
    if len(node.value) != SEASONALITY_LENGTH:
        issues.append(
            (None, (), f"expected {SEASONALITY_LENGTH} numbers (Jan..Dec), got {len(node.value)}")
        )
    values = []
    for index, item in enumerate(node.value):
        try:
            values.append(_NON_NEGATIVE(item))
        except Invalid as error:
            issues += [(item, (index,), message) for _, _, message in error.issues]
    if issues:
        raise Invalid(issues=issues)
    return tuple(values)


def _uncertain(node: Node) -> tuple[UncertainInput, ...]:
    """`uncertainty.inputs`: address -> {distribution: [numbers]}; addresses are checked
    against the resolved scenario once it is built (`resolve_uncertainty`)."""
    if is_null(node):
        return ()
    if not isinstance(node, MappingNode):
        raise Invalid(expected("a mapping of input addresses to distributions", node))
    issues: list[Issue] = []
    out: list[UncertainInput] = []
    seen: set[str] = set()
    for key, value in node.value:
        address = key.value if isinstance(key, ScalarNode) and key.tag == STR_TAG else None
        if address is None or address in seen:
            message = expected("an input address", key) if address is None else "duplicate address"
            issues.append((key, (str(address),), message))
            continue
        seen.add(address)
        try:
            out.append(_distribution(address, value))
        except Invalid as error:
            issues += [(where or value, (address, *suffix), m) for where, suffix, m in error.issues]
    if issues:
        raise Invalid(issues=issues)
    return tuple(out)


def _distribution(address: str, node: Node) -> UncertainInput:
    """One `{pert: [low, mode, high]}`: a known distribution and its count of numbers."""
    example = "one distribution such as {uniform: [low, high]}"
    if not isinstance(node, MappingNode) or len(node.value) != 1:
        raise Invalid(expected(example, node))
    name_node, params = node.value[0]
    name = name_node.value if isinstance(name_node, ScalarNode) else None
    if name not in DISTRIBUTIONS:
        hint = suggest(name, DISTRIBUTIONS)
        raise Invalid(issues=[(name_node, (), f"unknown distribution {describe(name_node)}{hint}")])
    count = DISTRIBUTIONS[name]
    names = (
        "[mean, sd]" if name == "normal" else "[low, high]" if count == 2 else "[low, mode, high]"
    )
    if not isinstance(params, SequenceNode) or len(params.value) != count:
        raise Invalid(issues=[(params, (name,), expected(f"{count} numbers {names}", params))])
    values, percent = [], []
    for item in params.value:
        try:
            values.append(_number(item, "a number", percent=True))
        except Invalid as error:
            raise Invalid(issues=[(item, (name,), str(error))]) from error
        percent.append(isinstance(item, ScalarNode) and item.tag == STR_TAG)
    return UncertainInput(address, name, tuple(values), tuple(percent))


# The valid range of each number kind an address can name: (low, high, low excluded).
# The share and growth parsers check against it, and so do the risk draws and the goal seek.
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
    """True when `value` lies in the valid range of `kind` (RANGES)."""
    low, high, open_low = RANGES[kind]
    return (value > low if open_low else value >= low) and value <= high


PARSERS: dict[str, Callable[[Node], Any]] = {
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
    SHARE: _rate("a share between 0 and 1", lambda x: in_range(SHARE, x)),
    GROWTH: _rate("a rate above -1 and at most 1", lambda x: in_range(GROWTH, x)),
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


def percent_text(value: float) -> str:
    """A rate as the percent string that loads back to exactly the same float: '4.29%'."""
    text = format(Decimal(repr(value)) * 100, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def plain_number(value: float) -> float | int:
    """Whole amounts without a trailing .0; they load back to the same float."""
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def written_value(value: float, kind: str) -> float | int | str:
    """A number of `kind` as a scenario file writes it: a rate as its exact percent string,
    anything else as a plain number (the dump and the goal seek's child file agree)."""
    return percent_text(value) if kind in RATE_KINDS else plain_number(value)
