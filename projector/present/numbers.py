"""Numbers as the scenario's readers write them: one Formatter for every presentation.

The plan report, the comparison, the risk section and the deck all write amounts,
shares and months through this module, so `$42,300` / `42 300 €` is decided once.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from projector import scenario as sc
from projector.locale import i18n
from projector.locale.rules import locale_of
from projector.locale.words import NBSP, word


@dataclass(frozen=True)
class Formatter:
    """Formats numbers as the scenario's readers write them: `$42,300` or `42 300 €`."""

    locale: str
    currency: str
    months: tuple[str, ...]  # YYYY-MM of projection months 1..T

    @property
    def null(self) -> str:
        return i18n.text("null", self.locale)

    def number(self, value: float, digits: int = 0, trim: bool = False) -> str:
        """Grouped digits; French groups with a no-break space and uses a decimal comma."""
        text = f"{abs(value):,.{digits}f}"
        if trim and "." in text:
            text = text.rstrip("0").rstrip(".")
        text = locale_of(self.locale).digits(text)
        negative = value < 0 and any(c not in "0,." + NBSP for c in text)
        return "-" + text if negative else text

    def money(self, value: float | None, digits: int = 0) -> str:
        """An amount in the plan's currency, never finer than its minor units (¥1,200)."""
        if value is None:
            return self.null
        digits = min(digits, i18n.minor_units(self.currency))
        return self._money(value, digits, i18n.symbol(self.currency, self.locale))

    def usd(self, value: float) -> str:
        """A US-dollar figure in a plan of another currency, marked `US$` / `$US`."""
        return self._money(value, 2, i18n.usd_mark(self.locale))

    def _money(self, value: float, digits: int, symbol: str) -> str:
        body = self.number(value, digits)
        sign, body = ("-", body[1:]) if body.startswith("-") else ("", body)
        if locale_of(self.locale).symbol_after or len(symbol) > 3:
            return f"{sign}{body}{NBSP}{symbol}"
        space = NBSP if symbol[-1].isalpha() else ""  # CHF 1,500 but $1,500, CA$1,500
        return f"{sign}{symbol}{space}{body}"

    def percent(self, value: float, digits: int = 1, trim: bool = False) -> str:
        text = self.number(value * 100, digits, trim)
        return locale_of(self.locale).percent(text)

    def label(self, yyyy_mm: str) -> str:
        """A calendar month, `2028-02` -> `Feb 2028` / `févr. 2028`."""
        return locale_of(self.locale).month_label(yyyy_mm)

    def cal(self, month: float | None) -> str:
        """The calendar month of a projection month number."""
        return self.null if month is None else self.label(self.months[int(month) - 1])

    def month(self, month: float | None) -> str:
        return self.null if month is None else word("month_no", self.locale, n=int(month))

    def date(self, day: dt.date) -> str:
        return locale_of(self.locale).long_date(day)

    def show(self, value: Any, kind: str) -> str:
        """Any value of the report, by the kind of number it is."""
        if value is None:
            return "—" if kind in ASSUMPTION_KINDS else self.null
        return SHOW[kind](self, value)


def plural_form(locale: str, value: float, decimals: int) -> str:
    """CLDR's plural category of a number as written with `decimals` digits: French says
    0,20 commande, English 0.20 and 1.00 orders (visible decimals make it plural)."""
    from decimal import Decimal

    from babel import Locale

    return str(Locale.parse(locale).plural_form(Decimal(f"{value:.{decimals}f}")))


# How each kind of value is written; assumption kinds show a blank as a dash.
SHOW: dict[str, Callable[[Formatter, Any], str]] = {
    "money": lambda f, v: f.money(v),
    "money2": lambda f, v: f.money(v, 2),
    "amount": lambda f, v: f.money(v, 0 if float(v).is_integer() else 2),
    "share": lambda f, v: f.percent(v, 1),
    "rate": lambda f, v: f.percent(v, 2, trim=True),
    "count": lambda f, v: f.number(v, 0),
    "number": lambda f, v: f.number(v, 2, trim=True),
    "int": lambda f, v: f.number(v, 0),
    "ratio": lambda f, v: f.number(v, 2),
    "usd2": lambda f, v: f.usd(v),
    "factor": lambda f, v: f.number(v, 2),
    "month": lambda f, v: f.month(v),
    "Month": lambda f, v: word("Month_no", f.locale, n=int(v)),
    "cal": lambda f, v: f.cal(v),
    "label": lambda f, v: f.label(v),
    "text": lambda f, v: str(v),
    "orders": lambda f, v: word(
        "cac_payback_value" + ("_one" if plural_form(f.locale, float(v), 2) == "one" else ""),
        f.locale,
        n=f.number(v, 2),
    ),
}
ASSUMPTION_KINDS = {"amount", "rate", "number", "int", "label", "text", "factor"}

# Scenario value kinds (projector.scenario) -> how the appendix writes them.
INPUT_KIND = {
    sc.MONEY: "amount",
    sc.CASH: "amount",
    sc.SHARE: "rate",
    sc.GROWTH: "rate",
    sc.COUNT: "number",
    sc.TURNS: "number",
    sc.MONTH: "int",
    sc.END_MONTH: "int",
    sc.DURATION: "int",
    sc.HORIZON: "int",
    sc.YEAR_MONTH: "label",
    sc.SEASONALITY: "factor",
    sc.DAYS: "number",
    sc.USD_RATE: "number",
}


def generated_date(environ: Mapping[str, str] = os.environ) -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names, so a rebuild can be byte-identical."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()
