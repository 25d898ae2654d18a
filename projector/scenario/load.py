"""Loading: YAML text -> validated, typed Scenario.

One reader walks the node tree (with `extends` already merged) against the
dataclass declarations, using one parser per kind, and collects every problem
before raising once.  Rules across keys speak only when every value they compare
is valid, so a bad value is reported once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import MISSING, Field, replace
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from projector.errors import Problem, ProjectorError, ScenarioError
from projector.scenario.inherit import Merger
from projector.scenario.kinds import INVALID, PARSERS, Invalid, Sentinel
from projector.scenario.nodes import (
    STANDARD_TAGS,
    UNREADABLE,
    KeyPath,
    compose,
    describe,
    dotted,
    expand_pairs,
    expected,
    is_null,
    read_reason,
    read_text,
    suggest,
    tag_text,
    visible,
)
from projector.scenario.schema import (
    LAST_YEAR_MONTH,
    Channel,
    Customers,
    Meta,
    Scenario,
    declared,
)
from projector.scenario.uncertainty import resolve_uncertainty


class _Reader:
    """Walks one file's node tree against the schema, collecting every problem."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.nodes: dict[KeyPath, Node] = {}  # where each path was written, for later rules

    def report(self, path: KeyPath, message: str, node: Node | None = None) -> None:
        """Record a problem at `node`, or where `path` (or its nearest parent) was written."""
        where = node or self._nearest(path)
        mark = where.start_mark
        filename = mark.name or self.filename  # each file is composed under its own name
        self.problems.append(
            Problem(filename, mark.line + 1, mark.column + 1, dotted(path), message)
        )

    def _nearest(self, path: KeyPath) -> Node:
        """The node of `path`, or of its closest parent when the key itself was not given."""
        while path not in self.nodes:
            path = path[:-1]
        return self.nodes[path]

    def value(self, spec_: Field, node: Node, path: KeyPath) -> Any:
        """Parse one declared key by its kind; sections and lists recurse."""
        kind = spec_.metadata["kind"]
        if node.tag not in STANDARD_TAGS:
            hint = " (tags are not supported: remove it)"
            self.report(
                path, f"unsupported tag {tag_text(node.tag)}: got {describe(node)}{hint}", node
            )
            return INVALID
        if kind == "section":
            return self.mapping(spec_.metadata["type"], node, path)
        if kind == "list":
            return self.sequence(spec_.metadata["type"], node, path, spec_.metadata)
        try:
            return PARSERS[kind](node)
        except Invalid as error:
            for where, suffix, message in error.issues:
                self.report(path + suffix, message, where)
            return INVALID

    def mapping(self, cls: type, node: Node, path: KeyPath) -> dict[str, Any] | Sentinel:
        """A section: known keys parsed, required ones checked; empty means all defaults."""
        if not (isinstance(node, MappingNode) or is_null(node)):
            self.report(path, expected("a mapping", node), node)
            return INVALID
        given = self.keys(cls, node, path) if isinstance(node, MappingNode) else {}
        data: dict[str, Any] = {}
        for spec_ in declared(cls):
            if spec_.name in given:
                key, value = given[spec_.name]
                blank = is_null(value) and value.value == ""  # `key:`: point at the key
                self.nodes[path + (spec_.name,)] = key if blank else value
                data[spec_.name] = self.value(spec_, value, path + (spec_.name,))
            elif spec_.metadata["required"]:
                self.report(path, f"missing required key '{spec_.name}'")
        return data

    def sequence(self, cls: type, node: Node, path: KeyPath, meta: Any) -> list | Sentinel:
        """A list of mappings; an empty value is an empty list."""
        if not (isinstance(node, SequenceNode) or is_null(node)):
            self.report(path, expected("a list", node), node)
            return INVALID
        entries = node.value if isinstance(node, SequenceNode) else []
        min_items, max_items = meta["min_items"], meta["max_items"]
        if len(entries) < min_items:
            noun = "item" if min_items == 1 else "items"
            self.report(path, expected(f"at least {min_items} {noun}", node))
        if len(entries) > max_items:
            self.report(path, f"expected at most {max_items} items, got {len(entries)}")
            return INVALID
        result = []
        for index, entry in enumerate(entries):
            self.nodes[path + (index,)] = entry
            result.append(self.mapping(cls, entry, path + (index,)))
        return result

    def keys(self, cls: type, node: MappingNode, path: KeyPath) -> dict[str, tuple[Node, Node]]:
        """The known keys of a mapping; unknown, duplicate and non-text keys are reported."""
        known = [spec_.name for spec_ in declared(cls)]
        given: dict[str, tuple[Node, Node]] = {}
        seen: dict[str, Node] = {}
        for key, value in self.pairs(node, path):
            name: str | None = key.value if isinstance(key, ScalarNode) else None
            if name is None:
                self.report(path, expected("a key name", key), key)
            elif name in seen:
                first = seen[name].start_mark.line + 1
                self.report(
                    path + (name,), f"duplicate key '{name}' (first given on line {first})", key
                )
            elif name not in known:
                shown = visible(name)
                hint = suggest(name, known)
                if shown != name:
                    hint = hint or suggest("".join(c for c in name if c.isprintable()), known)
                    hint = f" (it holds invisible characters){hint}"
                self.report(path + (shown,), f"unknown key '{shown}'{hint}", key)
            else:
                given[name] = (key, value)
            if name is not None:
                seen.setdefault(name, key)
        return given

    def pairs(self, node: MappingNode, path: KeyPath) -> list[tuple[Node, Node]]:
        """Key/value pairs with YAML merge keys (`<<: *defaults`) expanded; own keys win."""
        bad: list[tuple[Node, str]] = []
        pairs = expand_pairs(node, bad)
        for source, message in bad:
            self.report(path + ("<<",), message, source)
        return pairs


# -- Rules across keys -------------------------------------------------------


def _usable(data: Any, cls: type, *names: str) -> tuple[Any, ...] | None:
    """The named values of one parsed mapping with defaults filled; None if any is unusable.

    Rules across keys only speak when every value they compare is valid, so a bad value
    is reported once, by its own parser.
    """
    if not isinstance(data, dict):
        return None
    specs = {spec_.name: spec_ for spec_ in declared(cls)}
    values = tuple(data.get(name, specs[name].default) for name in names)
    return None if any(value is INVALID or value is MISSING for value in values) else values


def _check_channel_names(data: dict[str, Any], reader: _Reader) -> None:
    """Channel names become line ids (visits_<name>), so two channels may not share one."""
    acquisition = data.get("acquisition")
    channels = acquisition.get("channels") if isinstance(acquisition, dict) else None
    first: dict[str, int] = {}
    for index, channel in enumerate(channels if isinstance(channels, list) else []):
        name = (_usable(channel, Channel, "name") or (None,))[0]
        if name in first:
            reader.report(
                ("acquisition", "channels", index, "name"),
                f"duplicate channel name '{name}' (also channels[{first[name]}])",
            )
        elif name is not None:
            first[name] = index


def _check_churn(data: dict[str, Any], reader: _Reader) -> None:
    """Repeat buyers who never churn would order forever: the CLV divides by churn."""
    values = _usable(data.get("customers", {}), Customers, "repeat_rate", "churn")
    if values is None or values[0] <= 0 or values[1] > 0:
        return
    path = ("customers", "churn")
    if path in reader.nodes:
        got = describe(reader.nodes[path])
        reader.report(path, f"expected churn above 0 when repeat_rate is above 0, got {got}")
    else:
        message = "missing key 'churn': it must be above 0 when repeat_rate is above 0"
        reader.report(path[:1], message)


def _check_periods(data: dict[str, Any], reader: _Reader) -> None:
    """An item that ends before it starts is a typo, never an intention."""
    for spec_ in declared(Scenario):
        cls = spec_.metadata.get("type")
        if spec_.metadata["kind"] != "list" or not hasattr(cls, "end_month"):
            continue
        entries = data.get(spec_.name)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            values = _usable(entry, cls, "start_month", "end_month")
            if values and values[1] is not None and values[1] < values[0]:
                reader.report(
                    (spec_.name, index, "end_month"),
                    f"expected end_month >= start_month ({values[0]}), got {values[1]}",
                )


def _check_usd_rate(data: dict[str, Any], reader: _Reader) -> None:
    """A US dollar buys one US dollar: any other rate on a USD scenario is a slip."""
    values = _usable(data.get("scenario", {}), Meta, "currency", "usd_rate")
    if values is None or values[0] != "USD" or values[1] in (None, 1):
        return
    got = describe(reader.nodes[("scenario", "usd_rate")])
    reader.report(("scenario", "usd_rate"), f"expected 1 or null for currency USD, got {got}")


def _check_calendar(data: dict[str, Any], reader: _Reader) -> None:
    """Every projection month must be a date a spreadsheet can hold: 9999-12 at the latest."""
    values = _usable(data.get("scenario"), Meta, "start", "months")
    if values is None:
        return
    start, months = values
    last = int(start[:4]) * 12 + int(start[5:7]) - 1 + months - 1
    final = LAST_YEAR_MONTH[0] * 12 + LAST_YEAR_MONTH[1] - 1
    if last > final:
        end = f"{last // 12:04d}-{last % 12 + 1:02d}"
        limit = f"{LAST_YEAR_MONTH[0]}-{LAST_YEAR_MONTH[1]:02d}"
        reader.report(
            ("scenario", "months"),
            f"the projection would end in {end}, after {limit}, the last month "
            f"spreadsheet dates reach (at most {final - last + months} from {start})",
        )


_RULES: tuple[Callable[[dict[str, Any], _Reader], None], ...] = (
    _check_usd_rate,
    _check_calendar,
    _check_channel_names,
    _check_churn,
    _check_periods,
)


# -- Entry points -------------------------------------------------------------


def _build(cls: type, data: dict[str, Any]) -> Any:
    """Turn parsed plain data (already valid) into the frozen dataclasses, lists as tuples."""
    kwargs = {}
    for spec_ in declared(cls):
        if spec_.name not in data:
            continue  # the dataclass default applies
        value, kind = data[spec_.name], spec_.metadata["kind"]
        if kind == "section":
            value = _build(spec_.metadata["type"], value)
        elif kind == "list":
            value = tuple(_build(spec_.metadata["type"], entry) for entry in value)
        kwargs[spec_.name] = value
    return cls(**kwargs)


def loads(text: str, filename: str = "<string>") -> Scenario:
    """Validate scenario YAML text; every problem is reported at once in a ScenarioError.

    `filename` names the text in messages, and an `extends:` path is read relative to
    its directory; the result's `source` stays None.
    """
    merger = Merger(filename)
    root = merger.resolve(compose(text, filename), filename, (os.path.realpath(filename),))
    reader = _Reader(filename)
    reader.nodes[()] = root
    data = reader.mapping(Scenario, root, ())
    if isinstance(data, dict):
        for rule in _RULES:
            rule(data, reader)
    problems = merger.problems + reader.problems
    if problems or not isinstance(data, dict):
        order = {name: index for index, name in enumerate(merger.files)}  # child, parents
        raise ScenarioError(
            sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line, p.column))
        )
    written_at = {
        path: (
            node.start_mark.name or filename,
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
        for path, node in reader.nodes.items()
    }
    built, problems = resolve_uncertainty(_build(Scenario, data), root)
    if problems:
        raise ScenarioError(problems)
    return replace(built, written_at=written_at)


def load(path: str | Path) -> Scenario:
    """Read and validate a scenario file (and its parents); `source` names the file."""
    path = Path(path)
    try:
        text = read_text(str(path))
    except UNREADABLE as error:
        raise ProjectorError(f"cannot read scenario file {path}: {read_reason(error)}") from error
    return replace(loads(text, str(path)), source=path)
