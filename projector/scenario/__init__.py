"""The scenario: a founder's assumptions, typed, immutable and validated.

One module per fact (README, Layout): `schema` (the keys, their kinds, defaults and
limits), `kinds` (one parser per kind of value, its range, how it is written back),
`nodes` (reading a YAML file, hardened, and locating problems), `labels` (a key's
label and description for a reader, a risk input's name), `load`, `inherit`
(`extends`), `uncertainty` (the risk section), `dump` (back to YAML) and `jsonschema`
(the editor schema).  Callers import from `projector.scenario`.

A run needs the schema and the loader; `dump` and `jsonschema` serve only the
`resolved`, `solve` and `schema` commands, so they are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from projector.scenario.inherit import EXTENDS, REMOVE
from projector.scenario.kinds import (
    RANGES,
    RATE_KINDS,
    in_range,
    percent_text,
    plain_number,
    written_value,
)
from projector.scenario.labels import ITEM_LISTS, channel_names, field_doc, input_label
from projector.scenario.load import load, loads
from projector.scenario.nodes import suggest
from projector.scenario.schema import (
    CASH,
    CHANNEL_NAME,
    CHANNEL_NAME_PATTERN,
    COUNT,
    CURRENCY,
    CURRENCY_PATTERN,
    DAYS,
    DISTRIBUTIONS,
    DURATION,
    END_MONTH,
    GROWTH,
    HORIZON,
    INDUSTRIES,
    INDUSTRY,
    LABEL,
    LAST_YEAR_MONTH,
    LOCALE,
    LOCALES,
    MAX_CHANNEL_NAME,
    MAX_DAYS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    MAX_MONTHS,
    MAX_PATHS,
    MAX_TEXT,
    MONEY,
    MONTH,
    PATHS,
    PERCENT_PATTERN,
    SEASONALITY,
    SEASONALITY_LENGTH,
    SEED,
    SHARE,
    TEXT,
    TURNS,
    UNCERTAIN,
    USD_RATE,
    YEAR_MONTH,
    YEAR_MONTH_PATTERN,
    Acquisition,
    Capex,
    Channel,
    Customers,
    Equity,
    Financing,
    FixedCost,
    Loan,
    Meta,
    Orders,
    Referrals,
    Scenario,
    Staff,
    UncertainInput,
    Uncertainty,
    UnitCosts,
    Upsell,
    Words,
    WorkingCapital,
    declared_key,
    every_key,
    get_path,
    item_key,
    items,
    key_doc,
    key_label,
    schema_fields,
    section,
    spec,
)
from projector.scenario.uncertainty import input_addresses, support, unknown_address

if TYPE_CHECKING:
    from projector.scenario.dump import plain_data, resolved_yaml, to_yaml
    from projector.scenario.jsonschema import json_schema

# Names served by a module imported on first use: name -> module.
_DEFERRED = {
    "plain_data": "projector.scenario.dump",
    "resolved_yaml": "projector.scenario.dump",
    "to_yaml": "projector.scenario.dump",
    "json_schema": "projector.scenario.jsonschema",
}


def __getattr__(name: str) -> Any:
    """Import `dump` or `jsonschema` when one of their names is first asked for (PEP 562)."""
    if name in _DEFERRED:
        value = getattr(importlib.import_module(_DEFERRED[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CASH",
    "CHANNEL_NAME",
    "CHANNEL_NAME_PATTERN",
    "COUNT",
    "CURRENCY",
    "CURRENCY_PATTERN",
    "DAYS",
    "DISTRIBUTIONS",
    "DURATION",
    "END_MONTH",
    "EXTENDS",
    "GROWTH",
    "HORIZON",
    "INDUSTRIES",
    "ITEM_LISTS",
    "INDUSTRY",
    "LABEL",
    "LAST_YEAR_MONTH",
    "LOCALE",
    "LOCALES",
    "MAX_CHANNEL_NAME",
    "MAX_DAYS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_MONTHS",
    "MAX_PATHS",
    "MAX_TEXT",
    "MONEY",
    "MONTH",
    "PATHS",
    "PERCENT_PATTERN",
    "RANGES",
    "RATE_KINDS",
    "REMOVE",
    "SEASONALITY",
    "SEASONALITY_LENGTH",
    "SEED",
    "SHARE",
    "TEXT",
    "TURNS",
    "UNCERTAIN",
    "USD_RATE",
    "YEAR_MONTH",
    "YEAR_MONTH_PATTERN",
    "Acquisition",
    "Capex",
    "Channel",
    "Customers",
    "Equity",
    "Financing",
    "FixedCost",
    "Loan",
    "Meta",
    "Orders",
    "Referrals",
    "Scenario",
    "Staff",
    "UncertainInput",
    "Uncertainty",
    "UnitCosts",
    "Upsell",
    "WorkingCapital",
    "Words",
    "declared_key",
    "every_key",
    "field_doc",
    "get_path",
    "in_range",
    "input_addresses",
    "input_label",
    "channel_names",
    "item_key",
    "items",
    "json_schema",
    "key_doc",
    "key_label",
    "load",
    "loads",
    "percent_text",
    "plain_data",
    "plain_number",
    "resolved_yaml",
    "schema_fields",
    "section",
    "spec",
    "suggest",
    "support",
    "to_yaml",
    "unknown_address",
    "written_value",
]
