"""The default sensitivity tornado: which few inputs move the plan the most.

docs/risk.md (the tornado): on a scenario without declared uncertainty, each default
driver (every channel's `conversion` and `cac`, `orders.aov`, `customers.churn`,
`customers.repeat_rate`, `unit_costs.material`, `orders.return_rate`) is set to
0.8x and then 1.2x its value, clipped to the field's valid range, and the
scenario is projected again with only that input changed.  A driver at 0 is
left out: scaling it changes nothing.  Entries are sorted by the swing of
ending cash, |high - low|, largest first, ties by address (swings equal to 9
significant digits tie: floating-point noise does not rank inputs).

With declared uncertainty (docs/risk.md) the bars are the scenario's uncertain
inputs instead, each at the exact 10th and 90th percentiles of its distribution.

Every result is the projection of the scenario with only that input changed. All
bars are projected in one call of the engine over paths (`model.project_paths`),
one path per bar end, which gives the same numbers, bit for bit, as projecting each
changed scenario with `model.project` (tests/test_risk.py replays them), 40
projections in the time of a few.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from projector import scenario as sc
from projector.model import project_paths

LOW, HIGH = 0.8, 1.2
RESULTS = ("ending_cash", "funding_need", "break_even_month")


@dataclass(frozen=True)
class Driver:
    """One input of the scenario, by its address (docs/risk.md) and its path in the objects."""

    address: str  # e.g. acquisition.channels.email.conversion
    path: tuple[str | int, ...]  # e.g. ("acquisition", "channels", 0, "conversion")
    kind: str  # the field's value kind (projector.scenario), which sets its valid range


@dataclass(frozen=True)
class Entry:
    """One bar of the tornado: the input at low and high, and the summary results there."""

    input: str
    kind: str  # the field's value kind (projector.scenario): a share or an amount
    base: float  # the scenario's own value
    low: float
    high: float
    ending_cash: tuple[float, float]
    funding_need: tuple[float, float]
    break_even_month: tuple[float | None, float | None]

    @property
    def swing(self) -> float:
        return abs(self.ending_cash[1] - self.ending_cash[0])

    @property
    def rank(self) -> tuple[float, str]:
        """The sort key: swing to 9 significant digits (docs/model.md's agreement), then address,
        so that 0.8 x 50 and 0.8 x 0.1 x 500 tie as they do on paper."""
        return -float(f"{self.swing:.9g}"), self.input


def default_drivers(s: sc.Scenario) -> list[Driver]:
    """The drivers of section 7.5 in the scenario, in the order the section lists them."""
    out = []
    for i, channel in enumerate(s.acquisition.channels):
        for key in ("conversion", "cac"):
            address = f"acquisition.channels.{channel.name}.{key}"
            out.append(Driver(address, ("acquisition", "channels", i, key), _kind(sc.Channel, key)))
    for section, cls, key in (
        ("orders", sc.Orders, "aov"),
        ("customers", sc.Customers, "churn"),
        ("customers", sc.Customers, "repeat_rate"),
        ("unit_costs", sc.UnitCosts, "material"),
        ("orders", sc.Orders, "return_rate"),
    ):
        out.append(Driver(f"{section}.{key}", (section, key), _kind(cls, key)))
    return out


def _kind(cls: type, name: str) -> str:
    return next(f.metadata["kind"] for f in fields(cls) if f.name == name)


def with_value(obj: Any, path: Sequence[str | int], value: float) -> Any:
    """A copy of the (frozen) scenario with the one value at `path` replaced."""
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(obj)
        items[head] = with_value(items[head], rest, value) if rest else value
        return tuple(items)
    new = with_value(getattr(obj, head), rest, value) if rest else value
    return replace(obj, **{head: new})


def _clip(value: float, kind: str) -> float:
    low, high, _ = sc.RANGES[kind]  # a default driver is a share or an amount
    return min(max(value, low), high)


def tornado(s: sc.Scenario, drivers: Sequence[Driver] | None = None) -> tuple[Entry, ...]:
    """Each driver at 0.8x and 1.2x (clipped), re-projected; the largest swing first."""
    bars = []
    for d in default_drivers(s) if drivers is None else drivers:
        base = float(sc.get_path(s, d.path))
        if base == 0:
            continue
        bars.append((d, base, _clip(LOW * base, d.kind), _clip(HIGH * base, d.kind)))
    return _entries(s, bars)


def declared_tornado(s: sc.Scenario) -> tuple[Entry, ...]:
    """The tornado of docs/risk.md: each uncertain input at the exact 10th and 90th
    percentiles of its distribution, the others at the scenario's own values."""
    from projector.analysis.risk import quantile

    bars = []
    for item in s.uncertainty.inputs:
        low, high = (float(v) for v in quantile(item, [0.1, 0.9]))
        driver = Driver(item.address, item.path, item.kind)
        bars.append((driver, float(sc.get_path(s, item.path)), low, high))
    return _entries(s, bars)


def _entries(
    s: sc.Scenario, bars: Sequence[tuple[Driver, float, float, float]]
) -> tuple[Entry, ...]:
    """Project every bar end at once: path 2i is bar i at low, path 2i+1 at high."""
    if not bars:
        return ()
    paths = {d.path for d, *_ in bars}
    given = {path: np.full(2 * len(bars), float(sc.get_path(s, path))) for path in paths}
    for i, (d, _, low, high) in enumerate(bars):
        given[d.path][2 * i : 2 * i + 2] = (low, high)
    _, summary = project_paths(s, given)
    entries = []
    for i, (d, base, low, high) in enumerate(bars):
        pairs: dict[str, Any] = {
            r: (_opt(summary[r][2 * i]), _opt(summary[r][2 * i + 1])) for r in RESULTS
        }
        entries.append(Entry(d.address, d.kind, base, low, high, **pairs))
    return tuple(sorted(entries, key=lambda e: e.rank))


def _opt(value: float) -> float | None:
    """A summary value as `project` gives it: None for null."""
    return None if np.isnan(value) else float(value)


def as_json(e: Entry) -> dict[str, Any]:
    """One tornado entry as the JSON writes it (docs/risk.md)."""
    out: dict[str, Any] = {"input": e.input, "low": e.low, "high": e.high}
    for r in RESULTS:
        low, high = getattr(e, r)
        if r == "break_even_month":
            low, high = (None if v is None else int(v) for v in (low, high))
        out[r] = [low, high]
    return out
