"""Inheritance: `extends: parent.yaml`.

A child file names its parent and gives only what changes.  The two node trees are
merged before validation, and every merged node keeps its own start_mark (whose
name is the file it was written in), so a problem points at the file and line
where the bad value was written, parent or child.
"""

from __future__ import annotations

import os
import re
from dataclasses import Field, dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from projector.errors import Problem, ScenarioError
from projector.scenario.kinds import Invalid, scalar
from projector.scenario.nodes import (
    MERGE_TAG,
    NULL_TAG,
    STR_TAG,
    UNREADABLE,
    KeyPath,
    compose,
    expand_pairs,
    expected,
    is_null,
    lookup,
    problem_at,
    read_reason,
    read_text,
)
from projector.scenario.schema import (
    UNCERTAIN,
    Scenario,
    declared,
    item_key,
)

EXTENDS = "extends"  # top-level key: the parent file, relative to this file
REMOVE = "remove"  # `remove: true` on a named list item drops the parent's item


def _item_name(node: Node, key: str) -> str | None:
    """What identifies a list item: its name (or role) as written, or None."""
    value = (lookup(node, key) or (None, None))[1]
    return value.value if isinstance(value, ScalarNode) and value.tag != NULL_TAG else None


def _merge_pairs(node: MappingNode) -> list[tuple[Node, Node]]:
    """A mapping's pairs with `<<` expanded; an unusable `<<` is kept for the reader to report."""
    bad: list[tuple[Node, str]] = []
    pairs = expand_pairs(node, bad)
    if bad:
        pairs += [(key, value) for key, value in node.value if key.tag == MERGE_TAG]
    return pairs


@dataclass(frozen=True)
class _Open:
    """A mapping with free keys (uncertainty.inputs): merged key by key, values replaced."""


class Merger:
    """Resolves a file's `extends` chain into one node tree, before validation."""

    def __init__(self, filename: str) -> None:
        self.top = os.path.dirname(filename)  # cycle messages name files relative to this
        self.files: list[str] = []  # every file of the chain, child first
        self.problems: list[Problem] = []  # e.g. removing an item the parent does not have

    def resolve(self, root: MappingNode, filename: str, chain: tuple[str, ...]) -> Node:
        """`root` with its parents merged under it; `chain` holds the real paths so far."""
        self.files.append(filename)
        given = [
            (key, value)
            for key, value in root.value
            if isinstance(key, ScalarNode) and key.tag != MERGE_TAG and key.value == EXTENDS
        ]
        if not given:
            return root
        key, value = given[0]
        if len(given) > 1:
            line = key.start_mark.line + 1
            message = f"duplicate key '{EXTENDS}' (first given on line {line})"
            raise ScenarioError([problem_at(given[1][0], (EXTENDS,), message)])
        if not (isinstance(value, ScalarNode) and value.tag == STR_TAG and value.value.strip()):
            raise ScenarioError(
                [problem_at(value, (EXTENDS,), expected("a parent file path", value))]
            )
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value.value):
            hint = " (a parent is a local file: download it first)"
            raise ScenarioError(
                [problem_at(value, (EXTENDS,), expected("a parent file path", value, hint))]
            )
        parent = os.path.normpath(os.path.join(os.path.dirname(filename), value.value))
        real = os.path.realpath(parent)
        if real in chain:
            shown = " -> ".join(self._shown(name) for name in (*chain, real))
            raise ScenarioError([problem_at(value, (EXTENDS,), f"extends cycle: {shown}")])
        try:
            text = read_text(parent, regular=True)
        except UNREADABLE as error:
            message = f"cannot read parent file {parent}: {read_reason(error)}"
            raise ScenarioError([problem_at(value, (EXTENDS,), message)]) from error
        try:
            parent_root = compose(text, parent)
        except ScenarioError as error:  # say which child reads that file, and where
            named = problem_at(value, (EXTENDS,), f"parent file {parent} is not a usable scenario")
            raise ScenarioError([named, *error.problems]) from error
        base = self.resolve(parent_root, parent, (*chain, real))
        child = MappingNode(
            root.tag,
            [pair for pair in root.value if pair not in given],
            root.start_mark,
            root.end_mark,
            root.flow_style,
        )
        return self.mapping(Scenario, base, child, ())

    def _shown(self, real: str) -> str:
        """A file of a cycle, relative to the directory of the file being loaded."""
        return os.path.relpath(real, os.path.realpath(self.top or os.curdir))

    def value(self, spec_: Field | None, parent: Node | None, child: Node, path: KeyPath) -> Node:
        """One key's merged value: sections key by key, named lists item by item."""
        if spec_ is None:
            return child  # an unknown key: the reader reports it
        kind = spec_.metadata["kind"]
        if kind == "section":
            return self.mapping(spec_.metadata["type"], parent, child, path)
        if kind == "list" and (key := item_key(spec_.metadata["type"])):
            meta = spec_.metadata
            return self.sequence(meta["type"], key, meta["noun"], parent, child, path)
        if kind == UNCERTAIN:  # address by address, like any mapping
            return self.mapping(_Open, parent, child, path)
        return child  # a plain value, a plain list (seasonality, equity) or an unknown key

    def mapping(self, cls: type, parent: Node | None, child: Node, path: KeyPath) -> Node:
        """Parent's keys in order, changed by the child's; the child's new keys appended."""
        if is_null(child):  # `customers:` with nothing: no change
            return child if parent is None else parent
        if not isinstance(child, MappingNode):
            return child  # the child's value replaces; the reader reports its type
        specs = {spec_.name: spec_ for spec_ in declared(cls)}
        result = _merge_pairs(parent) if isinstance(parent, MappingNode) else []
        position: dict[str, int] = {}
        for at, (key, _) in enumerate(result):
            if isinstance(key, ScalarNode) and key.tag != MERGE_TAG:
                position.setdefault(key.value, at)
        for key, value in _merge_pairs(child):
            name = key.value if isinstance(key, ScalarNode) and key.tag != MERGE_TAG else None
            if not isinstance(name, str):
                result.append((key, value))  # not a key a scenario has: the reader reports it
                continue
            index = position.pop(name, None)
            before = None if index is None else result[index][1]
            merged = self.value(specs.get(name), before, value, (*path, name))
            if index is None:
                result.append((key, merged))  # new, or said twice (the reader reports it)
            else:
                result[index] = (key, merged)
        return MappingNode(child.tag, result, child.start_mark, child.end_mark, child.flow_style)

    def sequence(
        self, cls: type, key: str, noun: str, parent: Node | None, child: Node, path: KeyPath
    ) -> Node:
        """Items matched on `key` are merged, new ones appended, `remove: true` ones dropped;
        `noun` names one item in messages."""
        if is_null(child):
            return child if parent is None else parent
        if not isinstance(child, SequenceNode):
            return child
        result = list(parent.value) if isinstance(parent, SequenceNode) else []
        for position, entry in enumerate(child.value):
            entry, remove = self._remove_flag(entry, (*path, position))
            if remove is None:
                continue  # an unusable `remove:` value, already reported
            name = _item_name(entry, key)
            matches = [i for i, item in enumerate(result) if name and _item_name(item, key) == name]
            if len(matches) > 1:
                self._ambiguous(noun, key, entry, [result[i] for i in matches], (*path, position))
                continue
            match = matches[0] if matches else None
            if remove:
                self._remove(noun, key, entry, name, match, result, (*path, position))
            elif match is None:
                result.append(entry)
            else:
                result[match] = self.mapping(cls, result[match], entry, (*path, match))
        return SequenceNode(child.tag, result, child.start_mark, child.end_mark, child.flow_style)

    def _ambiguous(
        self, noun: str, key: str, entry: Node, items: list[Node], path: KeyPath
    ) -> None:
        """A child names an item its parent has twice: which one it means is anyone's guess."""
        where = " and ".join(f"{item.start_mark.name}:{item.start_mark.line + 1}" for item in items)
        name = _item_name(entry, key)
        message = (
            f"the parent has {len(items)} items with {key} '{name}' ({where}): "
            f"give each {noun} a distinct {key} in the parent to change or remove one"
        )
        self.problems.append(
            problem_at((lookup(entry, key) or (entry, entry))[1], (*path, key), message)
        )

    def _remove_flag(self, entry: Node, path: KeyPath) -> tuple[Node, bool | None]:
        """The item without its `remove` key, and the flag (None when it is not a boolean)."""
        pair = lookup(entry, REMOVE)
        if pair is None:
            return entry, False
        assert isinstance(entry, MappingNode)
        rest = [item for item in _merge_pairs(entry) if item[0] is not pair[0]]
        entry = MappingNode(entry.tag, rest, entry.start_mark, entry.end_mark, entry.flow_style)
        try:
            flag = scalar(pair[1], "true or false")
        except Invalid:
            flag = None
        if not isinstance(flag, bool):
            self.problems.append(
                problem_at(pair[1], (*path, REMOVE), expected("true or false", pair[1]))
            )
            return entry, None
        return entry, flag

    def _remove(
        self,
        noun: str,
        key: str,
        entry: Node,
        name: str | None,
        match: int | None,
        result: list[Node],
        path: KeyPath,
    ) -> None:
        """Drop the parent's item named by `entry`, or report that there is none."""
        if name is None:
            message = f"missing key '{key}': it says which {noun} to remove"
            self.problems.append(problem_at(entry, path, message))
        elif match is None:
            where = (lookup(entry, key) or (entry, entry))[1]
            message = f"no {noun} named '{name}' to remove in parent"
            self.problems.append(problem_at(where, path, message))
        else:
            del result[match]
