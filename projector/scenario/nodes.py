"""YAML nodes: reading a file (hardened), composing it with marks, and locating problems.

The file is composed, not loaded, so every node keeps its line and column (and
the name of the file it was written in).  Everything here speaks of nodes, not
of the schema: the parsers (kinds.py), the reader (load.py) and `extends`
(inherit.py) all describe and locate what the user wrote the same way.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from projector.errors import Problem, ScenarioError
from projector.scenario.schema import MAX_DEPTH, MAX_FILE_BYTES

TAG = "tag:yaml.org,2002:"
NULL_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, STR_TAG = (
    TAG + t for t in ("null", "bool", "int", "float", "str")
)
TIMESTAMP_TAG, MERGE_TAG = TAG + "timestamp", TAG + "merge"
STANDARD_TAGS = frozenset(
    (NULL_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, STR_TAG, TIMESTAMP_TAG, TAG + "map", TAG + "seq")
)

KeyPath = tuple[str | int, ...]


# -- Describing values in messages --------------------------------------------------------


def describe(node: Node) -> str:
    """A value as the user wrote it, so the message points at what they typed."""
    if isinstance(node, SequenceNode):
        return "an empty list" if not node.value else "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    if node.tag == NULL_TAG:
        return "nothing" if node.value == "" else "null"
    text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if node.tag not in STANDARD_TAGS:
        return f"{tag_text(node.tag)} {text}"
    return repr(text) if node.tag == STR_TAG else text


def tag_text(tag: str) -> str:
    """A tag as it is written: tag:yaml.org,2002:python/str -> !!python/str."""
    return "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag


def visible(text: str) -> str:
    """Text with invisible characters (a BOM, a zero-width space) spelled out as \\uXXXX."""
    return "".join(
        c if c.isprintable() and unicodedata.category(c) != "Cf" else f"\\u{ord(c):04x}"
        for c in text
    )


def expected(expect: str, node: Node, hint: str = "") -> str:
    """The standard message: what the key wants, what it got, and maybe a fix."""
    return f"expected {expect}, got {describe(node)}{hint}"


def suggest(word: Any, options: Any) -> str:
    """A ' (did you mean ...?)' hint: same word in lowercase, else the closest option."""
    if not isinstance(word, str):
        return ""
    import difflib  # deferred: only a message needs it, never a valid file

    options = list(options)
    if word.strip().lower() in options:
        return f" (did you mean '{word.strip().lower()}'?)"
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def dotted(path: KeyPath) -> str:
    """('acquisition', 'channels', 1, 'conversion') -> 'acquisition.channels[1].conversion'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def is_null(node: Node) -> bool:
    """True for `key:` with nothing after it, `~` and `null`."""
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG


def expand_pairs(
    node: MappingNode,
    bad: list[tuple[Node, str]],
    active: tuple[int, ...] = (),
    memo: dict[int, list[tuple[Node, Node]]] | None = None,
) -> list[tuple[Node, Node]]:
    """Key/value pairs with YAML merge keys expanded; unusable sources go to `bad`.

    An anchor may merge into itself (`&o {<<: *o}`): `active` holds the mappings being
    expanded, so such a loop is reported instead of recursing forever; `memo` keeps
    aliases of aliases from costing exponential time.
    """
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    active = (*active, id(node))
    own = [(key, value) for key, value in node.value if key.tag != MERGE_TAG]
    names = {key.value for key, _ in own if isinstance(key, ScalarNode)}
    merged: list[tuple[Node, Node]] = []
    for key, value in node.value:
        if key.tag != MERGE_TAG:
            continue
        for source in value.value if isinstance(value, SequenceNode) else [value]:
            if not isinstance(source, MappingNode):
                bad.append((source, expected("a mapping to merge", source)))
                continue
            if id(source) in active:
                bad.append((source, "a mapping cannot merge itself (`<<` names its own anchor)"))
                continue
            for pair in expand_pairs(source, bad, active, memo):
                if pair[0].value not in names:
                    names.add(pair[0].value)
                    merged.append(pair)
    memo[id(node)] = own + merged
    return own + merged


# -- Reading a file and composing its nodes ----------------------------------------------


def _syntax_problem(error: yaml.YAMLError, text: str, filename: str) -> Problem:
    """A YAML syntax error as a Problem, located by the parser's mark."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    else:  # a ReaderError (e.g. a control character) only knows its offset
        offset = getattr(error, "position", 0)
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    parts = [getattr(error, "context", None), getattr(error, "problem", None)]
    detail = ", ".join(part for part in parts if part) or str(error).splitlines()[0]
    return Problem(filename, line, column, "", f"invalid YAML: {detail}")


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than MAX_DEPTH before it overflows the stack."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                problem = f"nested more than {MAX_DEPTH} levels deep"
                raise yaml.composer.ComposerError(None, None, problem, mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose(text: str, filename: str) -> MappingNode:
    """The root mapping node of the text; syntax errors and odd roots raise ScenarioError."""
    try:
        loader = _Loader(text)  # checks for unprintable characters at once
        loader.name = filename  # every node's start_mark.name: problems name their own file
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise ScenarioError([_syntax_problem(error, text, filename)]) from error
    expect = "a mapping of scenario sections (scenario, acquisition, orders, ...)"
    if root is None or (is_null(root) and root.value == ""):
        raise ScenarioError([Problem(filename, 1, 1, "", f"expected {expect}, got an empty file")])
    if not isinstance(root, MappingNode):
        mark = root.start_mark
        raise ScenarioError(
            [Problem(filename, mark.line + 1, mark.column + 1, "", expected(expect, root))]
        )
    return root


def lookup(node: Node, key: str) -> tuple[Node, Node] | None:
    """The (key, value) pair of `key` in a mapping node, or None."""
    if not isinstance(node, MappingNode):
        return None
    bad: list[tuple[Node, str]] = []
    return next(
        (
            pair
            for pair in expand_pairs(node, bad)
            if isinstance(pair[0], ScalarNode) and pair[0].value == key
        ),
        None,
    )


class _Refused(Exception):
    """A file that is there but is no scenario: too big, or not a regular file."""


def read_text(path: str, *, regular: bool = False) -> str:
    """A file's text (UTF-8, BOM allowed), at most MAX_FILE_BYTES.

    With `regular`, anything but a regular file (/dev/zero, /dev/stdin, a pipe) is refused
    before it is opened, so it can neither hang nor exhaust memory.
    Raises OSError, UnicodeDecodeError or _Refused.
    """
    if regular and not stat.S_ISREG(os.stat(path).st_mode):
        raise _Refused("not a regular file")
    with open(path, "rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _Refused(
            f"larger than {MAX_FILE_BYTES // 1024 // 1024} MB, the limit for a scenario file"
        )
    return data.decode("utf-8-sig")


UNREADABLE = (OSError, UnicodeDecodeError, _Refused)


def read_reason(error: Exception) -> str:
    """Why a file could not be read, in lowercase words."""
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 text (byte {error.start})"
    if isinstance(error, OSError):
        return (error.strerror or str(error)).lower()
    return str(error)


def problem_at(node: Node, path: KeyPath, message: str) -> Problem:
    """A problem located at `node`, in the file the node was composed from."""
    mark = node.start_mark
    return Problem(mark.name, mark.line + 1, mark.column + 1, dotted(path), message)
