"""The JSON export of docs/model.md (JSON export): the engine's numbers, for other tools."""

from __future__ import annotations

import json
from typing import Any

from projector.model import MONTH_NO, NONE, Projection
from projector.model.nulls import nullable


def to_dict(p: Projection) -> dict[str, Any]:
    """Every docs/model.md line, annual line and summary item; per-item detail rows are left out."""
    meta = p.scenario.scenario
    lines = [line for line in p.lines if not line.detail]
    summary = {}
    for item in p.summary_items:
        value = nullable(p.summary[item.id])
        summary[item.id] = int(value) if item.fmt == MONTH_NO and value is not None else value
    out = {
        "scenario": {
            "name": meta.name,
            "currency": meta.currency,
            "start": meta.start,
            "months": meta.months,
        },
        "months": list(p.months),
        "lines": {x.id: [nullable(v) for v in p.monthly[x.id]] for x in lines},
        "annual": {
            "years": list(p.years),
            "lines": {
                x.id: [nullable(v) for v in p.annual[x.id]] for x in lines if x.rollup != NONE
            },
        },
        "summary": summary,
    }
    if p.risk is not None:
        out["risk"] = p.risk
    return out


def to_json(p: Projection) -> str:
    return json.dumps(to_dict(p), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
