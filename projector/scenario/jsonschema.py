"""The editor schema: a JSON Schema of the scenario file, from the same declarations.

Only the `schema` command needs it, so `import projector.scenario` does not load it.
"""

from __future__ import annotations

import copy
import math
from dataclasses import Field
from typing import Any

from projector.scenario.inherit import EXTENDS, REMOVE
from projector.scenario.kinds import RANGES, plain_number
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
    LOCALE,
    LOCALES,
    MAX_CHANNEL_NAME,
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
    Scenario,
    declared,
    item_key,
)

_PERCENT_STRING = {"type": "string", "pattern": PERCENT_PATTERN}


def _bounds(kind: str) -> dict[str, float | int]:
    """A number kind's valid range (kinds.RANGES, its one home) as JSON Schema keywords."""
    low, high, open_low = RANGES[kind]
    bounds: dict[str, float | int] = {}
    if math.isfinite(low):
        bounds["exclusiveMinimum" if open_low else "minimum"] = plain_number(low)
    if math.isfinite(high):
        bounds["maximum"] = plain_number(high)
    return bounds


FRAGMENTS: dict[str, dict[str, Any]] = {
    TEXT: {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
    CURRENCY: {"type": "string", "pattern": CURRENCY_PATTERN},
    LOCALE: {"enum": list(LOCALES)},
    YEAR_MONTH: {"type": "string", "pattern": YEAR_MONTH_PATTERN},
    HORIZON: {"type": "integer", "minimum": 1, "maximum": MAX_MONTHS},
    INDUSTRY: {"enum": [*INDUSTRIES, None]},
    CHANNEL_NAME: {
        "type": "string",
        "pattern": CHANNEL_NAME_PATTERN,
        "maxLength": MAX_CHANNEL_NAME,
    },
    COUNT: {"type": "number", **_bounds(COUNT)},
    MONEY: {"type": "number", **_bounds(MONEY)},
    CASH: {"type": "number", **_bounds(CASH)},
    SHARE: {"oneOf": [{"type": "number", **_bounds(SHARE)}, _PERCENT_STRING]},
    GROWTH: {"oneOf": [{"type": "number", **_bounds(GROWTH)}, _PERCENT_STRING]},
    MONTH: {"type": "integer", "minimum": 1},
    END_MONTH: {"type": ["integer", "null"], "minimum": 1},
    DURATION: {"type": "integer", "minimum": 1},
    TURNS: {"type": "number", **_bounds(TURNS)},
    DAYS: {"type": "number", **_bounds(DAYS)},
    LABEL: {"type": ["string", "null"], "minLength": 1},
    USD_RATE: {"type": ["number", "null"], "exclusiveMinimum": 0},
    PATHS: {"type": "integer", "minimum": 1, "maximum": MAX_PATHS},
    SEED: {"type": "integer", "minimum": 0},
    UNCERTAIN: {
        "type": ["object", "null"],
        "propertyNames": {"pattern": r"^[^.\s]+(\.[^.]+)+$"},
        "additionalProperties": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": False,
            "properties": {
                name: {
                    "type": "array",
                    "items": {"oneOf": [{"type": "number"}, _PERCENT_STRING]},
                    "minItems": count,
                    "maxItems": count,
                }
                for name, count in DISTRIBUTIONS.items()
            },
        },
    },
    SEASONALITY: {
        "type": "array",
        "items": {"type": "number", **_bounds(SEASONALITY)},
        "minItems": SEASONALITY_LENGTH,
        "maxItems": SEASONALITY_LENGTH,
    },
}


def _object_schema(cls: type) -> dict[str, Any]:
    """A closed JSON object: the declared keys of `cls`, nothing else."""
    specs = declared(cls)
    return {
        "type": "object",
        "properties": {spec_.name: _property_schema(spec_) for spec_ in specs},
        "required": [spec_.name for spec_ in specs if spec_.metadata["required"]],
        "additionalProperties": False,
    }


def _property_schema(spec_: Field) -> dict[str, Any]:
    """One key's schema from its kind; optional sections and lists may be left empty (null)."""
    meta = spec_.metadata
    required, kind = meta["required"], meta["kind"]
    if kind == "section":
        schema = _object_schema(meta["type"])
        schema["type"] = "object" if required else ["object", "null"]
    elif kind == "list":
        schema = {
            "type": "array" if required else ["array", "null"],
            "items": _object_schema(meta["type"]),
        }
        if meta["min_items"]:
            schema["minItems"] = meta["min_items"]
        schema["maxItems"] = meta["max_items"]
    else:
        schema = copy.deepcopy(FRAGMENTS[kind])
    if not required and kind != "section":
        default = spec_.default
        schema["default"] = list(default) if isinstance(default, tuple) else default
    return {"description": meta["doc"], **schema}


def _partial_object(schema: dict[str, Any], cls: type) -> dict[str, Any]:
    """`cls`'s full object schema (changed in place) as a child file may write it.

    A child gives only what changes, so no key is required. Blank sections and mergeable
    lists keep the parent's; items of a mergeable list (channels, fixed costs, staff...)
    need only their name or role and may say `remove: true`. Other lists (seasonality,
    equity) replace the parent's whole, so their items stay complete.
    """
    schema.pop("required", None)
    for spec_ in declared(cls):
        sub, meta = schema["properties"][spec_.name], spec_.metadata
        if meta["kind"] == "section":
            _partial_object(sub, meta["type"])
            sub["type"] = ["object", "null"]
        elif meta["kind"] == "list" and (key := item_key(meta["type"])):
            sub["type"] = ["array", "null"]
            sub.pop("minItems", None)
            item = _partial_object(sub["items"], meta["type"])
            item["properties"][REMOVE] = {
                "description": f"true: drop the parent's item with this {key}",
                "type": "boolean",
            }
            item["required"] = [key]  # without it the item can be neither changed nor removed
    return schema


def _partial_schema(full: dict[str, Any]) -> dict[str, Any]:
    """The schema of a child file (one with `extends`), derived from the full one."""
    partial = _partial_object(copy.deepcopy(full), Scenario)
    partial["properties"] = {
        EXTENDS: {
            "description": "Parent scenario file, relative to this file; this file gives "
            "only what changes",
            "type": "string",
            "pattern": r"\S",
        },
        **partial["properties"],
    }
    return partial


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the scenario file, for editors and documentation.

    Generated from the same declarations the loader walks, so it cannot drift. It checks
    shape only: cross-key rules (unique channel names, churn, end_month) are the loader's.
    A file with `extends` is checked against `$defs/partial` (every key optional, named
    items may say `remove: true`); any other file against `$defs/scenario`.
    """
    full = _object_schema(Scenario)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "projector scenario",
        "type": "object",
        "if": {"required": [EXTENDS]},
        "then": {"$ref": "#/$defs/partial"},
        "else": {"$ref": "#/$defs/scenario"},
        "$defs": {"scenario": full, "partial": _partial_schema(full)},
    }
