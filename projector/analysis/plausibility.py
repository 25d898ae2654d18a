"""What a plan leaves out or cannot do: the points a careful investor raises on sight.

The engine computes whatever it is given. A plan with no tax, no payment fees
and no payroll charges looks better than any real business of its kind; a plan
that compounds a channel's growth for twenty years or has one person handle
thousands of orders a month is arithmetic, not a forecast. These checks read
the scenario and the engine's results and say so in plain words; they never
change a number.

The limits are deliberately generous judgement calls, not benchmarks (none of
the source articles gives them): see the constants.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from projector.model import Projection


class Writes(Protocol):
    """What the points need to write numbers: the presentation's Formatter
    (projector.present.numbers) fits; analysis never imports the presentation layer."""

    def number(self, value: float, digits: int = 0, trim: bool = False) -> str: ...

    def cal(self, month: float | None) -> str: ...


# One person makes, packs and answers for at most this many personalised orders a
# month (about 60 a working day), whatever the tooling.
MAX_ORDERS_PER_PERSON = 1500
# A channel whose monthly visits grow more than this many times over the horizon
# has compounded past any market a small business can reach.
MAX_CHANNEL_GROWTH = 50.0
# A month whose seasonality is this much above the year's average is a peak.
PEAK = 1.3


def points(p: Projection, say: Callable[..., str], fmt: Writes) -> list[str]:
    """Every plausibility point of the plan, as phrases from `say(key, **values)`."""

    def fmt_count(n: float) -> str:
        return fmt.number(n, 0)

    out = []
    zero = _zero_costs(p)
    if zero:
        out.append(say("w_zero_costs", items=", ".join(say(f"zero_{k}") for k in zero)))
    people = _orders_per_person(p)
    if people is not None:
        month, per_person, heads = people
        out.append(
            say(
                "w_orders_per_person",
                orders=fmt_count(per_person),
                heads=fmt_count(heads),
                limit=fmt_count(MAX_ORDERS_PER_PERSON),
                month=fmt.cal(month),
            )
        )
    for name, factor in _runaway_channels(p):
        out.append(say("w_channel_growth", channel=name, factor=fmt_count(factor)))
    peak = _seasonal_break_even(p)
    if peak is not None:
        out.append(say("w_seasonal_peak", month=fmt.cal(peak)))
    return out


def _zero_costs(p: Projection) -> list[str]:
    """Cost categories left at zero that a business selling and employing pays."""
    s = p.scenario
    staffed = any(x.count > 0 for x in s.staff)
    profit = float(np.sum(p.monthly["ebitda"])) > 0
    zero = {
        "tax": s.tax_rate == 0 and profit,
        "payment": s.unit_costs.payment_fee == 0 and s.unit_costs.payment_fee_fixed == 0,
        "overhead": staffed and s.employer_overhead == 0,
        "labour": not staffed and s.unit_costs.labor_per_order == 0,
    }
    return [k for k, is_zero in zero.items() if is_zero]


def headcount(p: Projection) -> np.ndarray:
    """People on the payroll in each projection month (staff items' count while active)."""
    t = np.arange(1, len(p.months) + 1)
    heads = np.zeros(len(t))
    for x in p.scenario.staff:
        end = x.end_month if x.end_month is not None else len(t)
        heads += np.where((t >= x.start_month) & (t <= end), x.count, 0)
    return heads


def _orders_per_person(p: Projection) -> tuple[int, float, float] | None:
    """The busiest month's orders per person when beyond one person's capacity.

    With no staff at all the founder is counted as the one person doing the work.
    """
    per = p.monthly["orders"] / np.maximum(headcount(p), 1.0)
    t = int(np.argmax(per))
    if per[t] <= MAX_ORDERS_PER_PERSON:
        return None
    return t + 1, float(per[t]), float(max(headcount(p)[t], 1.0))


def _runaway_channels(p: Projection) -> list[tuple[str, float]]:
    """Channels whose visits multiply past MAX_CHANNEL_GROWTH over the horizon."""
    months = len(p.months)
    out = []
    for c in p.scenario.acquisition.channels:
        factor = (1 + c.growth) ** (months - 1)
        if c.visits > 0 and factor > MAX_CHANNEL_GROWTH:
            out.append((c.shown, factor))
    return out


def _seasonal_break_even(p: Projection) -> int | None:
    """The first profitable month when it is a seasonal peak and the next month loses money."""
    first = p.summary["first_profitable_month"]
    if first is None or int(first) >= len(p.months):
        return None
    t = int(first)
    season = p.scenario.acquisition.seasonality
    calendar = int(p.months[t - 1][5:7]) - 1
    peak = season[calendar] >= PEAK * (sum(season) / 12)
    return t if peak and p.monthly["ebitda"][t] < 0 else None
