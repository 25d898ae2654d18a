"""Writing a scenario back as YAML: every key, defaults filled, rates as percents.

Only `resolved` and `solve` need it, so `import projector.scenario` does not load it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from projector.scenario.kinds import percent_text, plain_number, written_value
from projector.scenario.load import load
from projector.scenario.nodes import TAG
from projector.scenario.schema import (
    GROWTH,
    SEASONALITY,
    SHARE,
    UNCERTAIN,
    Scenario,
    UncertainInput,
    declared,
)


class _FlowList(list):
    """A list written on one line, like seasonality in the examples."""


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key, as the examples are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _FlowList, lambda dumper, data: dumper.represent_sequence(TAG + "seq", data, flow_style=True)
)


def plain_data(obj: Any, cls: type) -> dict[str, Any]:
    """A scenario (or one of its sections) as plain YAML data, every key written."""
    data: dict[str, Any] = {}
    for spec_ in declared(cls):
        value, kind = getattr(obj, spec_.name), spec_.metadata["kind"]
        if kind == "section":
            value = plain_data(value, spec_.metadata["type"])
        elif kind == "list":
            value = [plain_data(entry, spec_.metadata["type"]) for entry in value]
        elif kind in (SHARE, GROWTH):
            value = percent_text(value)
        elif kind == SEASONALITY:
            value = _FlowList(plain_number(number) for number in value)
        elif kind == UNCERTAIN:
            value = {item.address: _plain_distribution(item) for item in value}
        elif isinstance(value, float):
            value = plain_number(value)
        data[spec_.name] = value
    return data


def _plain_distribution(item: UncertainInput) -> dict[str, list]:
    """{pert: [50, 62, 70]}, rates as percent strings like the field itself."""
    return {item.distribution: _FlowList(written_value(x, item.kind) for x in item.params)}


def to_yaml(scenario: Scenario) -> str:
    """A validated scenario as YAML text: every key, defaults filled, rates as percents.

    The text loads back to an equal Scenario.
    """
    return yaml.dump(
        plain_data(scenario, Scenario),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def resolved_yaml(path: str | Path) -> str:
    """The scenario file with its `extends` chain merged and defaults filled, as YAML."""
    return to_yaml(load(path))
