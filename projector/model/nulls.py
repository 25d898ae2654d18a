"""The engine's blanks as readers of its numbers see them: NaN is `None`, -0.0 is 0.0.

The engine holds "no value" (a month never reached, a ratio over zero) as NaN;
the JSON export and the comparison both hand numbers on as plain floats or None,
through this one function.
"""

from __future__ import annotations

import math


def nullable(value: float | None) -> float | None:
    """`value` as a plain float, or None for a blank; -0.0 becomes 0.0."""
    if value is None or math.isnan(value):
        return None
    return float(value) + 0.0  # normalises -0.0 to 0.0
