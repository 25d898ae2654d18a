"""Goal seek (docs/risk.md, goal seek): the value of one input that meets a target on a summary id.

"What conversion do I need to break even by month 18?" is
`projector solve FILE --vary acquisition.channels.email.conversion
--target break_even_month<=18`. Every value tried is a plain projection of the
scenario with that one input changed, so the answer is what the changed scenario
gives, and the search is checked by projecting at the answer (and, for a boundary,
just beyond it).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from projector import scenario as sc
from projector.analysis.sensitivity import with_value
from projector.errors import ProjectorError
from projector.model import MONTH_NO, Summary, build_summary, project

MAX_STEPS = 200  # bisection halvings: far more than 1e-6 of any bracket needs
_TARGET = re.compile(r"^\s*([a-z_0-9]+)\s*(<=|>=|=)\s*(\S+)\s*$")


@dataclass(frozen=True)
class Target:
    """`ID=VALUE`, `ID<=VALUE`, `ID>=VALUE` or `ID=never`."""

    item: str
    op: str
    value: float | None  # None: never (a null month)
    month: bool  # a month id: null counts as later than every month

    @property
    def boundary(self) -> bool:
        return self.op != "=" or self.value is None

    def holds(self, got: float | None) -> bool:
        if self.value is None:
            return got is None
        number = math.inf if got is None else got
        return number <= self.value if self.op == "<=" else number >= self.value

    def __str__(self) -> str:
        shown = "never" if self.value is None else f"{self.value:g}"
        return f"{self.item}{self.op}{shown}"


@dataclass(frozen=True)
class Answer:
    address: str
    value: float
    target: Target
    summary: Summary
    beyond: float | None  # for a boundary: a value just past it, where the target fails


def parse_target(text: str) -> Target:
    """A target as typed on the command line, checked against the summary ids."""
    match = _TARGET.match(text)
    kinds = {item.id: item.fmt for item in build_summary()}
    if not match:
        raise ProjectorError(
            f"cannot read target {text!r}: write ID=VALUE, ID<=VALUE, ID>=VALUE or ID=never"
        )
    item, op, raw = match.groups()
    if item not in kinds:
        hint = sc.suggest(item, kinds)
        raise ProjectorError(f"unknown summary id '{item}'{hint}")
    month = kinds[item] == MONTH_NO
    if raw == "never":
        if not (month and op == "="):
            raise ProjectorError(f"'never' is for a month id with '=': {item}=never")
        return Target(item, op, None, month)
    try:
        value = float(raw)
    except ValueError:
        raise ProjectorError(f"cannot read the target value {raw!r}: expected a number") from None
    if month and op == "=":
        raise ProjectorError(f"a month id takes <=, >= or =never: {item}<={raw:s}")
    return Target(item, op, value, month)


def bracket(s: sc.Scenario, kind: str, base: float) -> tuple[float, float]:
    """The default search range of an input (docs/risk.md), clipped to its valid range."""
    if kind == sc.SHARE:
        return 0.0, 1.0
    if kind == sc.GROWTH:
        return -0.99, 1.0
    low, high, _ = sc.RANGES[kind]
    return max(0.0, low), min(max(1.0, 10 * abs(base)), high)


def resolve(s: sc.Scenario, address: str) -> tuple[tuple[str | int, ...], str]:
    """An address's path and kind, or an error with a did-you-mean hint."""
    table, shared = sc.input_addresses(s)
    if address not in table:
        raise ProjectorError(sc.unknown_address(address, table, shared))
    return table[address]


def solve(
    s: sc.Scenario, address: str, target: Target, between: tuple[float, float] | None = None
) -> Answer:
    """Bisect on the input at `address` until the target is met (docs/risk.md, goal seek)."""
    path, kind = resolve(s, address)
    base = float(sc.get_path(s, path))
    lo, hi = between if between is not None else bracket(s, kind, base)
    for end in (lo, hi):
        if not sc.in_range(kind, end):
            raise ProjectorError(f"--between: {end:g} lies outside the valid range of {address}")
    if lo >= hi:
        raise ProjectorError(f"--between: expected LO < HI, got {lo:g} and {hi:g}")

    def f(x: float) -> float | None:
        return project(with_value(s, path, x)).summary[target.item]

    at_lo, at_hi = f(lo), f(hi)
    if target.boundary:
        value, beyond = _boundary(f, target, lo, hi, at_lo, at_hi, address)
    else:
        value, beyond = _equal(f, target, lo, hi, at_lo, at_hi, address), None
    summary = project(with_value(s, path, value)).summary
    return Answer(address, value, target, summary, beyond)


def _ends(address: str, target: Target, lo: float, hi: float, a: Any, b: Any) -> str:
    shown = [("null" if v is None else f"{v:,.6g}") for v in (a, b)]
    return (
        f"{address} = {lo:g} gives {target.item} = {shown[0]}; "
        f"{address} = {hi:g} gives {target.item} = {shown[1]}"
    )


def _equal(f: Any, target: Target, lo: float, hi: float, a: Any, b: Any, address: str) -> float:
    """ID=VALUE: bisection on the sign of f(x) - VALUE."""
    value = target.value
    assert value is not None
    tolerance = 1e-6 * max(1.0, abs(value))
    if a is None or b is None or (a - value) * (b - value) > 0:
        raise ProjectorError(
            f"target {target} is out of reach between {lo:g} and {hi:g}: "
            f"{_ends(address, target, lo, hi, a, b)}"
        )
    for x, got in ((lo, a), (hi, b)):
        if abs(got - value) <= tolerance:
            return x
    below = a < value
    for _ in range(MAX_STEPS):
        mid = (lo + hi) / 2
        got = f(mid)
        if got is None:
            break
        if abs(got - value) <= tolerance:
            return mid
        if (got < value) == below:
            lo = mid
        else:
            hi = mid
    raise ProjectorError(
        f"target {target}: {target.item} jumps past {value:g} between {lo:.12g} and {hi:.12g} "
        f"(it is not continuous there): try a <= or >= target"
    )


def _boundary(
    f: Any, target: Target, lo: float, hi: float, a: Any, b: Any, address: str
) -> tuple[float, float]:
    """ID<=V, ID>=V, ID=never: the edge between holding and not, on the side where it holds."""
    holds_lo, holds_hi = target.holds(a), target.holds(b)
    if not holds_lo and not holds_hi:
        raise ProjectorError(
            f"target {target} holds at neither end of [{lo:g}, {hi:g}]: "
            f"{_ends(address, target, lo, hi, a, b)}"
        )
    if holds_lo and holds_hi:
        raise ProjectorError(
            f"target {target} holds across the whole bracket [{lo:g}, {hi:g}]: "
            f"{_ends(address, target, lo, hi, a, b)}; any value there meets it"
        )
    good, bad = (lo, hi) if holds_lo else (hi, lo)
    width = 1e-6 * (hi - lo)
    while abs(bad - good) > width:
        mid = (good + bad) / 2
        if target.holds(f(mid)):
            good = mid
        else:
            bad = mid
    return good, bad


def child_yaml(s: sc.Scenario, parent: Path, child: Path, answer: Answer) -> str:
    """A scenario that `extends` the parent and changes only the solved input."""
    path, kind = resolve(s, answer.address)
    change = _nested(s, path, 0, answer.value, kind)
    relative = os.path.relpath(parent.resolve(), child.resolve().parent)
    header = (
        f"# Solved by projector: {answer.address} such that {answer.target}\nextends: {relative}\n"
    )
    return header + yaml.safe_dump(change, sort_keys=False, allow_unicode=True, width=100)


def _nested(obj: Any, path: tuple[str | int, ...], i: int, value: float, kind: str) -> Any:
    """The smallest YAML that sets the value at path[i:] under `obj`, merged by `extends`:
    named items by their name or role; seasonality and equity, replaced whole."""
    head = path[i]
    if i == len(path) - 1:
        return {head: sc.written_value(value, kind)}
    sub = getattr(obj, head) if isinstance(head, str) else obj[head]
    nxt = path[i + 1]
    if (
        isinstance(nxt, int)
        and isinstance(sub, tuple)
        and sub
        and not hasattr(sub[0], "__dataclass_fields__")
    ):
        numbers: list[Any] = [sc.plain_number(v) for v in sub]  # seasonality: the whole list
        numbers[nxt] = sc.written_value(value, kind)
        return {head: numbers}
    if isinstance(nxt, int):
        key = sc.item_key(type(sub[nxt]))
        if key is None:  # equity: the whole list
            rounds = [sc.plain_data(item, type(item)) for item in sub]
            rounds[nxt].update(_nested(sub[nxt], path, i + 2, value, kind))
            return {head: rounds}
        item = {key: getattr(sub[nxt], key), **_nested(sub[nxt], path, i + 2, value, kind)}
        return {head: [item]}
    return {head: _nested(sub, path, i + 1, value, kind)}
