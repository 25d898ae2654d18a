"""The vocabularies of the facts a line, a summary figure or a KPI carries.

Each is its own type, so that a format ("ratio", written as a number with two
decimals), a roll-up ("ratio", recomputed from the year's totals) and a direction
("higher" is better) can no longer be confused because they share a string.
"""

from __future__ import annotations

from enum import Enum, StrEnum


class Fmt(StrEnum):
    """How a figure is written; the writers map each to a number format.

    A StrEnum because the writers key their number formats by these very strings.
    """

    COUNT = "count"
    MONEY = "money"
    SHARE = "share"
    RATIO = "ratio"
    FACTOR = "factor"
    FLAG = "flag"
    MONTH_NO = "month"
    MONEY_CHECK = "money_check"  # an amount that should be 0: rounding noise shows as 0


class Written(StrEnum):
    """How the reports write a summary figure whose format alone would say otherwise.

    A StrEnum because the report's formatter keys its writers by these strings.
    """

    CENTS = "money2"  # an amount per order or per customer: to the cent
    TRIMMED = "number"  # a plain number, two decimals at most, trailing zeros dropped


class Rollup(Enum):
    """How a monthly line rolls up into a year (docs/model.md, the annual roll-up).

    A plain Enum, never written out: equal to no string, so it cannot be mistaken
    for a format.
    """

    FLOW = "flow"  # the year's sum
    STOCK = "stock"  # the year-end value
    RATIO = "ratio"  # its formula again, over the year's totals
    NONE = "none"  # no annual value


class Better(StrEnum):
    """Which way a figure is better: ranks scenarios, colours differences, judges KPIs.

    A StrEnum because benchmark files write these words.
    """

    HIGHER = "higher"
    LOWER = "lower"
    RANGE = "range"  # inside the benchmark's range (KPIs only)


class ReportTable(Enum):
    """A table of the reports that shows lines year by year; a line says where it sits in
    each (`Line.report`), so no list of line ids elsewhere decides what an investor sees.

    A plain Enum: a table is no word and no format, and its title is the writers' business.
    """

    YEARS = "years"  # the plan report's first table: years down, these lines across
    ACTIVITY = "activity"  # the annual tables: customers and orders
    PNL = "pnl"  # the income statement, with its margins
    CASH_FLOW = "cash_flow"
    BALANCE_SHEET = "balance_sheet"  # at each year end
    COMPARED = "compared"  # the comparison report: one table per line, scenarios down
    DECK_PNL = "deck_pnl"  # the deck's P&L slide: the amounts, then the margins
