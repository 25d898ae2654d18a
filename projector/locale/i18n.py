"""Words and number formats in the scenario's language and currency.

Spreadsheet number-format codes always use `,` for thousands and `.` for
decimals; the application shows them in the reader's own separators.  What the
scenario decides is the currency symbol, where it stands, and (for dates) the
language of month names.
"""

from __future__ import annotations

from babel.core import get_global
from babel.numbers import (
    get_currency_precision,
    get_currency_symbol,
    list_currencies,
)

from projector.locale import catalogue
from projector.locale.rules import locale_of


def symbol(currency: str, locale: str) -> str:
    """The currency's symbol as CLDR writes it in the locale: `$`, `CA$`, `CHF`, `$US`."""
    return get_currency_symbol(currency, locale)


def usd_mark(locale: str) -> str:
    """US dollars named unmistakably, for figures left in dollars in another currency's plan.

    CLDR's Canadian English says `US$` (plain English says `$`); French says `$US`.
    """
    return locale_of(locale).usd_mark()


def minor_units(currency: str) -> int:
    """Decimals the currency is written with: 2 for USD, 0 for JPY (ISO 4217 via CLDR)."""
    return get_currency_precision(currency)


def currencies() -> set[str]:
    """Every ISO 4217 code CLDR knows."""
    return set(list_currencies())


def near_currencies(code: str) -> list[str]:
    """Codes in use today that a typo of `code` may mean: its letters swapped (GPB -> GBP),
    else one letter changed (EUD -> AUD or EUR); at most two, so the hint stays short."""
    tender = sorted(
        {c[0] for spans in get_global("territory_currencies").values() for c in spans if c[3]}
        - {code}
    )
    swapped = [c for c in tender if sorted(c) == sorted(code)]
    if swapped:
        return swapped[:2]
    return [c for c in tender if sum(a != b for a, b in zip(c, code, strict=True)) == 1][:2]


def is_currency(code: str) -> bool:
    """True for an ISO 4217 code CLDR knows."""
    return code in currencies()


# The workbook's words and its sections of lines, as `TEXT[key][language]` (catalogue `xl.`).
TEXT = catalogue.table("xl.")
SECTIONS = catalogue.table("section.")


# Plans in these currencies print on US Letter, like their readers' paper; others on A4.
LETTER_CURRENCIES = frozenset({"USD", "CAD", "MXN"})


def paper_code(currency: str) -> int:
    """XlsxWriter's paper code for a plan's currency: 1 (Letter) or 9 (A4)."""
    return 1 if currency in LETTER_CURRENCIES else 9


def text(key: str, locale: str) -> str:
    """A word of the workbook in the scenario's language."""
    return catalogue.lookup(f"xl.{key}", locale)


def title(key: str, name: str, locale: str) -> str:
    """A sheet's title line, "Monthly: <name>", "Mensuel : <name>", as the language writes it."""
    return catalogue.lookup("xl.title", locale, what=text(key, locale), name=name)


def money_format(currency: str, locale: str, decimals: int = 0) -> str:
    """A currency number format, negatives in red, symbol placed as the locale writes it.

    Never more decimals than the currency's minor units (none for JPY); a
    symbol ending in a letter stands apart from the digits (`CHF 1,200`).
    """
    sign = symbol(currency, locale).replace('"', "")
    decimals = min(decimals, minor_units(currency))
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    if locale_of(locale).symbol_after:
        pos = f'{digits}\\ "{sign}"'
    else:
        pos = f'"{sign} "{digits}' if sign[-1].isalpha() else f'"{sign}"{digits}'
    return (
        f"{pos};[Red]-{pos};{pos.replace(digits, '0' if not decimals else '0.' + '0' * decimals)}"
    )


def usd_format(locale: str) -> str:
    """US dollars marked as such (`US$15.00`), for benchmarks a non-USD plan cannot convert."""
    mark = usd_mark(locale)
    return f'#,##0.00\\ "{mark}"' if locale_of(locale).symbol_after else f'"{mark}"#,##0.00'


def date_format(locale: str) -> str:
    """Month and year, with French month names for a French scenario."""
    return locale_of(locale).date_format
