"""The scenario package's shape: one home per fact, public names only, a cheap import.

The package is split by fact (schema, kinds, nodes, load, inherit, uncertainty, dump,
jsonschema); these tests keep it so: no module reaches for another's private name,
`import projector.scenario` does not pay for what only `schema` or `resolved` need,
and each kind's range is stated once (kinds.RANGES) and agreed on by the parser and
the JSON Schema.
"""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from projector import scenario as sc
from projector.scenario.jsonschema import FRAGMENTS
from projector.scenario.kinds import PARSERS, Invalid

PACKAGE = Path(sc.__file__).parent
PROJECT = PACKAGE.parent


def private_imports(path: Path) -> list[str]:
    """`from m import _x` and `alias._x` (alias a projector module) in one file, as text."""
    tree = ast.parse(path.read_text(), str(path))
    aliases: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("projector"):
            for name in node.names:
                if name.name.startswith("_") and not name.name.startswith("__"):
                    found.append(
                        f"{path.name}:{node.lineno}: from {node.module} import {name.name}"
                    )
                aliases.add(name.asname or name.name)  # `from projector import scenario as sc`
        elif isinstance(node, ast.Import):
            aliases |= {a.asname or a.name for a in node.names if a.name.startswith("projector")}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and _root(node) in aliases
        ):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def _root(node: ast.expr) -> str:
    """The name an attribute chain starts from: `sc` in `sc.nodes._visible`."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def test_the_walk_finds_both_spellings_of_a_private_import(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from projector.scenario.kinds import _number, scalar\n"
        "from projector import scenario as sc\n"
        "sc._suggest('a', [])\nsc.suggest('a', [])\nself._x = 1\nsc.nodes._visible('a')\n"
    )
    assert private_imports(source) == [
        "m.py:1: from projector.scenario.kinds import _number",
        "m.py:3: sc._suggest",
        "m.py:6: sc.nodes._visible",
    ]


@pytest.mark.parametrize(
    "path",
    [*sorted(PACKAGE.glob("*.py")), PROJECT / "analysis" / "solve.py"],
    ids=lambda p: p.name,
)
def test_no_private_name_crosses_a_module(path: Path) -> None:
    assert private_imports(path) == []


def test_no_module_reaches_into_the_scenario_privately() -> None:
    """Every caller of the scenario package, anywhere in projector, uses public names."""
    found = []
    for path in sorted(PROJECT.rglob("*.py")):
        text = path.read_text()
        if "scenario" in text:
            found += [
                hit
                for hit in private_imports(path)
                if "scenario" in hit or hit.split(": ", 1)[1].startswith("sc.")
            ]
    assert found == []


def test_import_defers_what_only_schema_and_resolved_need() -> None:
    """A run loads scenarios; the JSON Schema, the YAML dump and difflib wait for first use."""
    code = (
        "import sys, projector.scenario as sc\n"
        "deferred = ('projector.scenario.dump', 'projector.scenario.jsonschema', 'difflib')\n"
        "print(sorted(m for m in deferred if m in sys.modules))\n"
        "sc.json_schema, sc.to_yaml\n"
        "print(sorted(m for m in deferred if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "['projector.scenario.dump', 'projector.scenario.jsonschema']"]


def test_deferred_names_import_like_any_other() -> None:
    from projector.scenario import json_schema, plain_data, resolved_yaml, to_yaml

    assert callable(json_schema) and callable(to_yaml) and callable(resolved_yaml)
    assert plain_data(sc.Upsell(take_rate=0.25, price=8.0), sc.Upsell) == {
        "take_rate": "25%",
        "price": 8,
        "cost": 0,
    }
    assert set(sc.__all__) <= set(dir(sc)) | {
        "json_schema",
        "plain_data",
        "resolved_yaml",
        "to_yaml",
    }
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        sc.nothing_here  # noqa: B018


def test_every_industry_has_a_benchmark_file_and_no_more() -> None:
    """The industry kind's options and the benchmark files are one list, seen twice."""
    files = resources.files("projector") / "data" / "benchmarks"
    names = {p.name.removesuffix(".yaml") for p in files.iterdir() if p.name.endswith(".yaml")}
    assert set(sc.INDUSTRIES) == names


# -- One range per kind: the parser, the JSON Schema and RANGES agree ---------------

STEP = 1e-9


def _parses(kind: str, value: float) -> bool:
    try:
        PARSERS[kind](yaml.compose(repr(value)))
    except Invalid:
        return False
    return True


def _schema_accepts(kind: str, value: float) -> bool:
    fragment = FRAGMENTS[kind]
    if kind == sc.SEASONALITY:
        return jsonschema.Draft202012Validator(fragment).is_valid([value] * 12)
    return jsonschema.Draft202012Validator(fragment).is_valid(value)


# kind, a value inside, the low bound, the high bound, low excluded: written out here so
# that a change to RANGES must be made on purpose, twice.
BOUNDARIES = [
    (sc.SHARE, 0.5, 0.0, 1.0, False),
    (sc.GROWTH, 0.0, -1.0, 1.0, True),
    (sc.MONEY, 10.0, 0.0, math.inf, False),
    (sc.COUNT, 10.0, 0.0, math.inf, False),
    (sc.TURNS, 4.0, 0.0, math.inf, False),
    (sc.CASH, -10.0, -math.inf, math.inf, False),
    (sc.DAYS, 30.0, 0.0, 365.0, False),
]


@pytest.mark.parametrize(("kind", "inside", "low", "high", "open_low"), BOUNDARIES)
def test_parser_schema_and_ranges_agree_at_each_bound(
    kind: str, inside: float, low: float, high: float, open_low: bool
) -> None:
    assert sc.RANGES[kind] == (low, high, open_low)
    cases = [(inside, True)]
    if math.isfinite(low):
        cases += [(low, not open_low), (low - STEP, False), (low + STEP, True)]
    if math.isfinite(high):
        cases += [(high, True), (high + STEP, False), (high - STEP, True)]
    for value, valid in cases:
        assert sc.in_range(kind, value) is valid, value
        assert _parses(kind, value) is valid, value
        assert _schema_accepts(kind, value) is valid, value


def test_seasonality_entries_share_the_range_of_amounts() -> None:
    assert sc.RANGES[sc.SEASONALITY] == (0.0, math.inf, False)
    assert _schema_accepts(sc.SEASONALITY, 0.0) and not _schema_accepts(sc.SEASONALITY, -STEP)


@pytest.mark.parametrize(
    ("value", "kind", "written"),
    [
        (0.0429, sc.SHARE, "4.29%"),
        (-0.25, sc.GROWTH, "-25%"),
        (1.0, sc.SHARE, "100%"),
        (1500.0, sc.MONEY, 1500),
        (12.5, sc.MONEY, 12.5),
        (-3.0, sc.CASH, -3),
        (0.5, sc.SEASONALITY, 0.5),
    ],
)
def test_written_value_is_how_a_scenario_file_spells_a_number(
    value: float, kind: str, written: float | int | str
) -> None:
    shown = sc.written_value(value, kind)
    assert shown == written and type(shown) is type(written)
