"""A language's rules in one object: separators, currency placement, months, Excel codes.

Everything CLDR knows comes from Babel (separators, where the currency symbol and
the percent sign stand, month names, the long date, plural categories); the few
choices CLDR does not make (the Excel locale prefix, the typography of the
report's prose, which locale writes US dollars unmistakably) sit in `HOUSE`, one
row per language.  Code asks the object (`locale_of(code).percent("12,5")`) and
never branches on the language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from babel import Locale as BabelLocale
from babel.dates import format_date, get_month_names
from babel.numbers import get_currency_symbol, get_decimal_symbol, get_group_symbol

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"  # CLDR's French group separator; many fonts and Excel lack it


@dataclass(frozen=True)
class House:
    """What CLDR leaves to us, per language."""

    excel_lcid: int | None  # the `[$-40C]` prefix of number formats; None: the reader's own
    language_tag: str  # BCP 47 tag of a pptx text run
    usd_locale: str  # the CLDR locale that writes US dollars unmistakably (US$, $US)
    spaced_punctuation: bool  # a no-break space before : ; % » and after « in prose


HOUSE = {
    "en": House(
        excel_lcid=None, language_tag="en-US", usd_locale="en_CA", spaced_punctuation=False
    ),
    "fr": House(excel_lcid=0x040C, language_tag="fr-FR", usd_locale="fr", spaced_punctuation=True),
}


@dataclass(frozen=True)
class Locale:
    """The rules of one language, as the outputs apply them."""

    code: str
    decimal: str
    group: str
    symbol_after: bool  # `42 300 €` rather than `$42,300`
    percent_apart: bool  # `12,5 %` rather than `12.5%`
    months: tuple[str, ...]  # abbreviated, January first
    months_long: tuple[str, ...]
    house: House

    def month_label(self, yyyy_mm: str, space: str = NBSP) -> str:
        """A calendar month as the language abbreviates it: `2028-02` -> `Feb 2028`,
        `févr. 2028`."""
        return f"{self.months[int(yyyy_mm[5:7]) - 1]}{space}{yyyy_mm[:4]}"

    @property
    def excel_code(self) -> str:
        """The locale prefix of an Excel number format: `[$-40C]`, or empty for the reader's."""
        lcid = self.house.excel_lcid
        return "" if lcid is None else f"[$-{lcid:X}]"

    @property
    def date_format(self) -> str:
        """Excel's month-and-year format, its month names in this language."""
        return f"{self.excel_code}mmm yyyy"

    @property
    def language_tag(self) -> str:
        return self.house.language_tag

    @property
    def list_separator(self) -> str:
        """Between the items of a list of numbers: `; ` where the comma is the decimal mark."""
        return "; " if self.decimal == "," else ", "

    def digits(self, text: str) -> str:
        """Python's `1,234.5` written with this language's group and decimal marks."""
        table = str.maketrans({",": self.group, ".": self.decimal})
        return text.translate(table)

    def percent(self, number: str) -> str:
        """A formatted number followed by the percent sign, apart where the language says."""
        return f"{number}{NBSP}%" if self.percent_apart else f"{number}%"

    def long_date(self, day: dt.date) -> str:
        """`February 3, 2026` / `3 février 2026` (CLDR's long date)."""
        return format_date(day, "long", locale=self.code)

    def usd_mark(self) -> str:
        """US dollars named unmistakably in this language: `US$` in English, `$US` in French."""
        return get_currency_symbol("USD", self.house.usd_locale)

    def plural(self, number: float) -> str:
        """CLDR's plural category: French says 0 commande, English 0 orders."""
        return str(BabelLocale.parse(self.code).plural_form(number))

    def typeset(self, text: str) -> str:
        """Prose as the language sets it: French puts a no-break space before `:`, `;`, `%`
        and `»` and after `«`."""
        if not self.house.spaced_punctuation:
            return text
        for mark in ":;%»":
            text = text.replace(f" {mark}", f"{NBSP}{mark}")
        return text.replace("« ", f"«{NBSP}")


@cache
def locale_of(code: str) -> Locale:
    """The rules of a language the scenario may name (`en`, `fr`)."""
    babel = BabelLocale.parse(code)
    currency = babel.currency_formats["standard"].pattern
    return Locale(
        code=code,
        decimal=get_decimal_symbol(code),
        group=get_group_symbol(code).replace(NARROW_NBSP, NBSP),
        symbol_after=currency.index("¤") > currency.index("0"),
        percent_apart=not babel.percent_formats[None].pattern.endswith("0%"),
        months=tuple(get_month_names("abbreviated", locale=code).values()),
        months_long=tuple(get_month_names("wide", locale=code).values()),
        house=HOUSE[code],
    )
