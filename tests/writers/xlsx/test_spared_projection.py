"""The workbook's projection with spare rows, built without projecting again.

`spared_projection` reuses the plan's numbers and zero lines for the spare items;
it must equal, bit for bit, a full projection of the scenario with spare rows, on
every shipped example and fixture, or the workbook's cached values would drift.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from projector.model import project
from projector.scenario import load
from projector.writers.xlsx.assumptions import spared_projection, with_spare_rows

ROOT = Path(__file__).parents[3]
SCENARIOS = [
    *sorted((ROOT / "scenarios").glob("*.yaml")),
    *(ROOT / "tests" / "fixtures" / name for name in ("tiny.yaml", "tiny_wc.yaml", "tax.yaml")),
    *(ROOT / "tests" / "fixtures" / name for name in ("edge.yaml", "scn_full.yaml")),
]


def _bits(values: dict[str, np.ndarray]) -> dict[str, bytes]:
    """Arrays as their bytes: -0.0 differs from 0.0, as it would in a cached value."""
    return {k: np.asarray(v, dtype=float).tobytes() for k, v in values.items()}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_spared_projection_equals_a_full_projection(path: Path) -> None:
    s = load(path)
    fast = spared_projection(project(s))
    full = project(with_spare_rows(s, s.scenario.locale))
    assert [x.id for x in fast.lines] == [x.id for x in full.lines]
    assert len(fast.lines) > len(project(s).lines)  # the spare items have lines
    assert _bits(fast.monthly) == _bits(full.monthly)
    assert _bits(fast.annual) == _bits(full.annual)
    assert _bits({k: np.array([v]) for k, v in fast.opening.items()}) == _bits(
        {k: np.array([v]) for k, v in full.opening.items()}
    )
    assert fast.summary == full.summary
    assert fast.scenario == full.scenario
