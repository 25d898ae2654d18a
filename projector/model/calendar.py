"""The projection's calendar: months, years and their labels, in one place.

A year is 12 months everywhere: the annual roll-up, the trailing twelve months,
yearly raises, annual interest rates, inventory turns and the seasonality all read
MONTHS_PER_YEAR, and the writers ask these functions which months a year holds
rather than working it out again.
"""

from __future__ import annotations

import numpy as np

from projector.scenario import Scenario

MONTHS_PER_YEAR = 12


def month_labels(s: Scenario) -> list[str]:
    """Calendar labels YYYY-MM of projection months 1..T."""
    y, m = s.scenario.start_year, s.scenario.start_month
    out = []
    for t in range(s.scenario.months):
        k = m - 1 + t
        out.append(f"{y + k // MONTHS_PER_YEAR:04d}-{k % MONTHS_PER_YEAR + 1:02d}")
    return out


def calendar_month(start_month: int, idx: np.ndarray) -> np.ndarray:
    """The calendar month (1..12) of each projection month index (0-based) in `idx`."""
    return (start_month - 1 + idx) % MONTHS_PER_YEAR + 1


def year_of_month(months: int) -> np.ndarray:
    """Projection year (1-based) of each month 1..T."""
    return np.arange(months) // MONTHS_PER_YEAR + 1


def year_count(months: int) -> int:
    """How many projection years T months span, a partial last year included."""
    return -(-months // MONTHS_PER_YEAR)


def months_of_year(months: int, year: int) -> list[int]:
    """The 0-based indexes of the months of projection year `year` (1-based)."""
    return [t for t in range(months) if t // MONTHS_PER_YEAR + 1 == year]


def year1_months(months: int) -> int:
    """How many months Year 1 has: 12, or T when the horizon is shorter."""
    return min(MONTHS_PER_YEAR, months)
