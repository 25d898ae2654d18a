"""The risk section: input addresses, and distributions checked against each field's range
(docs/risk.md).

`uncertainty.inputs` is parsed like any key (kinds.py); its addresses can only be
resolved once the scenario is built, since list items are addressed by name.
"""

from __future__ import annotations

from dataclasses import Field, replace
from typing import Any

from yaml.nodes import Node

from projector.errors import Problem
from projector.scenario.kinds import RANGES, RATE_KINDS, in_range
from projector.scenario.nodes import KeyPath, lookup, problem_at, suggest
from projector.scenario.schema import (
    DURATION,
    END_MONTH,
    MONTH,
    SEASONALITY,
    SEASONALITY_LENGTH,
    Scenario,
    UncertainInput,
    every_key,
    item_key,
    schema_fields,
)


def input_addresses(s: Scenario) -> tuple[dict[str, tuple[KeyPath, str]], set[str]]:
    """Every addressable number of the scenario: address -> (path, kind); and the item
    addresses (`staff.Designer`) that two items share, which cannot be addressed."""
    table: dict[str, tuple[KeyPath, str]] = {}
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
    path: KeyPath,
    table: dict[str, tuple[KeyPath, str]],
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
        key = item_key(cls)
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


def resolve_uncertainty(s: Scenario, root: Node) -> tuple[Scenario, list[Problem]]:
    """Addresses resolved against the built scenario, parameters checked against each
    field's range; problems located at the address or its numbers."""
    given = s.uncertainty.inputs
    if not given:
        return s, []
    section = lookup(root, "uncertainty")
    inputs = lookup(section[1], "inputs") if section else None
    nodes = {k.value: (k, v) for k, v in inputs[1].value} if inputs else {}
    table, shared = input_addresses(s)
    problems: list[Problem] = []
    resolved = []
    for item in given:
        key, value = nodes[item.address]
        path = ("uncertainty", "inputs", item.address)
        if item.address not in table:
            problems.append(problem_at(key, path, unknown_address(item.address, table, shared)))
            continue
        item = replace(item, path=table[item.address][0], kind=table[item.address][1])
        message = _check_params(item)
        if message:
            problems.append(problem_at(value, (*path, item.distribution), message))
        resolved.append(item)
    if not problems:
        problems += _check_churn_range(s, resolved, nodes)
    return replace(s, uncertainty=replace(s.uncertainty, inputs=tuple(resolved))), problems


def unknown_address(address: str, table: dict[str, Any], shared: set[str]) -> str:
    for prefix in shared:
        if address.startswith(prefix + "."):
            return f"'{prefix}' names two items: give each a distinct name to address one"
    if address.startswith(("scenario.", "uncertainty.")) or address in ("scenario", "uncertainty"):
        return f"'{address}' is not an input that can vary"
    if address.rsplit(".", 1)[-1] in _MONTH_KEYS:
        return f"'{address}' is a month: months cannot vary, only amounts and rates"
    hint = suggest(address, table)
    return f"unknown input address '{address}'{hint}"


# Keys holding a month or a number of months (start_month, month, life_months...): whole
# numbers that place things in time, which a distribution cannot draw.
_MONTH_KEYS = frozenset(
    spec_.name for _, spec_ in every_key() if spec_.metadata["kind"] in (MONTH, END_MONTH, DURATION)
)


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
    return [problem_at(value, ("uncertainty", "inputs", culprit.address), message)]
