"""Several scenarios side by side: what `projector compare` shows, before any writer.

A comparison is a list of projected scenarios, the first being the base.  Its
metrics are the summary items and each year's docs/model.md lines; the difference
from the base is itself a formula (`DELTA`, `DELTA_PCT`) so the engine's value
and the Compare sheet's formula come from one definition.  Which way is better
for a metric is declared here once, for the report's best/worst highlighting.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, is_dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np

from projector import scenario
from projector.errors import Problem, ProjectorError, ScenarioError
from projector.model import NONE, Line, Projection, kpis, project
from projector.model.facts import Better
from projector.model.formula import Abs, And, Env, If, IsNumber, Null, Ref
from projector.model.nulls import nullable

MAX_SCENARIOS = 30

# Differences from the base: null when either side is null, % of the base's size.
VALUE, BASE = Ref("value"), Ref("base")
DELTA = If(And(IsNumber(VALUE), IsNumber(BASE)), VALUE - BASE, Null())
DELTA_PCT = If(And(IsNumber(VALUE), IsNumber(BASE), BASE.ne(0)), (VALUE - BASE) / Abs(BASE), Null())

# Which way is better: a fact of each line and summary item (its `better`), None where
# that is a matter of taste.
HIGHER, LOWER = Better.HIGHER, Better.LOWER


def better_of(p: Projection, metric_id: str) -> Better | None:
    """Which way is better for the line or summary item `metric_id` of `p`, as it says."""
    lines = [x.better for x in p.lines if x.id == metric_id]
    items = [x.better for x in p.summary_items if x.id == metric_id]
    return next(iter(lines + items), None)


@dataclass(frozen=True)
class Entry:
    """One scenario of the comparison, keyed by its file stem."""

    key: str
    path: Path
    projection: Projection
    kpis: list[kpis.KpiResult]

    @property
    def name(self) -> str:
        return self.projection.scenario.scenario.name


@dataclass(frozen=True)
class Comparison:
    name: str
    entries: tuple[Entry, ...]

    @property
    def base(self) -> Entry:
        return self.entries[0]

    @property
    def years(self) -> int:
        """Projection years of the longest scenario."""
        return max(len(e.projection.years) for e in self.entries)

    @property
    def currencies(self) -> list[str]:
        return sorted({e.projection.scenario.scenario.currency for e in self.entries})


def annual_lines(c: Comparison) -> list[Line]:
    """The docs/model.md lines with an annual value, in sheet order (no per-item detail rows).

    Per-channel lines differ between scenarios: a line first met in a later
    scenario goes just before the next line it shares with the earlier ones,
    which keeps each family of lines (visits, new customers...) together.
    """
    order: list[Line] = []
    for e in c.entries:
        known, pending = {x.id for x in order}, []
        for line in e.projection.lines:
            if line.rollup == NONE or line.detail:
                continue
            if line.id not in known:
                pending.append(line)
                continue
            at = next(i for i, x in enumerate(order) if x.id == line.id)
            order[at:at] = pending
            pending = []
        order += pending
    channels = {ch.name for e in c.entries for ch in e.projection.scenario.acquisition.channels}
    return _by_family(order, channels)


def _by_family(lines: list[Line], channels: set[str]) -> list[Line]:
    """Per-channel lines (visits_email, visits_ads...) together, where their family first shows."""

    def family(line_id: str) -> str | None:
        ends = [ch for ch in channels if line_id.endswith("_" + ch)]
        return line_id[: -len(max(ends, key=len)) - 1] if ends else None

    first: dict[str | None, int] = {}
    keys = []
    for i, line in enumerate(lines):
        name = family(line.id)
        keys.append(i if name is None else first.setdefault(name, i))
    return [line for _, line in sorted(zip(keys, lines, strict=True), key=lambda k: k[0])]


def summary_value(e: Entry, item_id: str) -> float | None:
    return nullable(e.projection.summary[item_id])


def annual_value(e: Entry, line_id: str, year: int) -> float | None:
    """A line's value in projection year `year` (1-based); None beyond the horizon
    or when the scenario has no such line (a channel it does not use)."""
    values = e.projection.annual.get(line_id)
    return nullable(values[year - 1]) if values is not None and year <= len(values) else None


def delta(value: float | None, base: float | None) -> tuple[float | None, float | None]:
    """(value - base, (value - base) / |base|), evaluated from DELTA and DELTA_PCT."""
    return deltas([value], base)[0]


def deltas(
    values: Sequence[float | None], base: float | None
) -> list[tuple[float | None, float | None]]:
    """`delta` of each value against one base, evaluated in one pass over them all
    (a Compare sheet row has up to 29; one numpy evaluation per pair cost more than
    the numbers)."""
    return delta_rows([values], [base])[0]


def delta_rows(
    rows: Sequence[Sequence[float | None]], bases: Sequence[float | None]
) -> list[list[tuple[float | None, float | None]]]:
    """`deltas` of every row against its own base, all rows evaluated in one pass: the
    Compare sheet has hundreds of rows, and one numpy evaluation per row cost more than
    the numbers."""
    flat = [v for row in rows for v in row]
    per_value = [b for row, b in zip(rows, bases, strict=True) for _ in row]
    env = cast("Env", _Pair(flat, per_value))  # DELTA reads nothing but its two lines
    idx = np.arange(len(flat))
    diff, pct = (expr.evaluate(env, idx).tolist() for expr in (DELTA, DELTA_PCT))
    pairs = [(nullable(d), nullable(p)) for d, p in zip(diff, pct, strict=True)]
    out, start = [], 0
    for row in rows:
        out.append(pairs[start : start + len(row)])
        start += len(row)
    return out


def ranking(values: Sequence[float | None], better: str | None) -> tuple[int | None, int | None]:
    """Indexes of the best and worst values; None when there is no direction or no spread.

    Nulls (e.g. no break-even within the horizon) take no part: they are shown, not ranked.
    """
    known = [(v, i) for i, v in enumerate(values) if v is not None]
    if better is None or len(known) < 2 or min(known)[0] == max(known)[0]:
        return None, None
    low, high = min(known)[1], max(known)[1]
    return (high, low) if better == HIGHER else (low, high)


def marks(values: Sequence[float | None], better: str | None) -> list[str]:
    """ "best", "worst" or "" per value; tied values share the mark, as the workbook's
    MAX/MIN conditional formats do."""
    best, worst = ranking(values, better)
    if best is None or worst is None:
        return [""] * len(values)
    top, bottom = values[best], values[worst]
    return [
        "best" if v is not None and v == top else "worst" if v is not None and v == bottom else ""
        for v in values
    ]


def differences(base: scenario.Scenario, other: scenario.Scenario) -> list[tuple[str, Any, Any]]:
    """The assumptions that differ from the base, as (dotted path, base value, value)."""
    a, b = dict(_flatten(base)), dict(_flatten(other))
    out = []
    for path in list(a) + [p for p in b if p not in a]:
        if a.get(path, _MISSING) != b.get(path, _MISSING):
            out.append((path, a.get(path), b.get(path)))
    return out


def compare(
    paths: Sequence[Path], name: str = "comparison", progress: Callable[[str], None] = print
) -> Comparison:
    """Load and project every scenario; every file's problems are reported together."""
    _check_count(paths)
    _check_stems(paths)
    entries, problems = [], []
    for n, path in enumerate(paths, start=1):
        progress(f"[{n}/{len(paths)}] {path.name}: loading and projecting")
        try:
            s = scenario.load(path)
        except ScenarioError as e:
            problems.extend(e.problems)
            continue
        p = project(s)
        if s.uncertainty.inputs:  # the probabilities and P50s beside each scenario
            from projector.analysis import risk

            progress(f"[{n}/{len(paths)}] {path.name}: simulating {s.uncertainty.paths:,} paths")
            risk_, per_path = risk.simulate_with_paths(s)
            p = dataclasses.replace(p, risk=risk_, risk_paths=per_path)
        entries.append(Entry(path.stem, path, p, kpis.evaluate(p)))
    if problems:
        raise ScenarioError(problems)
    return Comparison(name, tuple(entries))


# --- helpers -------------------------------------------------------------------------

_MISSING = object()


class _Pair:
    """The evaluation environment of DELTA: each of `values` against its own of `bases`
    (NaN when null)."""

    def __init__(self, values: Sequence[float | None], bases: Sequence[float | None]) -> None:
        self._values = {
            "value": np.array([_nan_for_null(v) for v in values], dtype=float),
            "base": np.array([_nan_for_null(b) for b in bases], dtype=float),
        }

    def ref(self, line_id: str, lag: int, idx: np.ndarray) -> np.ndarray:
        return self._values[line_id][idx]


def _nan_for_null(value: float | None) -> float:
    return np.nan if value is None else float(value)


def _flatten(obj: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Dotted paths to leaf values; list items are named by their `name` or `role`.

    A list of items (staff, loans...) is never a leaf itself, even when empty: its
    items are what is added or removed.
    """
    out = []
    for f in scenario.schema_fields(type(obj)):  # the scenario's keys, not its bookkeeping
        value, path = getattr(obj, f.name), f"{prefix}{f.name}"
        if is_dataclass(value):
            out += _flatten(value, path + ".")
        elif f.metadata["kind"] == "list":
            for i, item in enumerate(value):
                key = getattr(item, "name", None) or getattr(item, "role", None) or str(i)
                out += _flatten(item, f"{path}.{key}.")
        else:
            out.append((path, list(value) if isinstance(value, tuple) else value))
    return out


def _check_count(paths: Sequence[Path]) -> None:
    if not paths:
        raise ProjectorError("compare needs at least one scenario file")
    if len(paths) > MAX_SCENARIOS:
        raise ProjectorError(
            f"compare takes at most {MAX_SCENARIOS} scenarios, got {len(paths)}: "
            "split them into several comparisons"
        )


def _check_stems(paths: Sequence[Path]) -> None:
    """File stems key the JSON and name the sheets, so they must differ (case aside)."""
    seen: dict[str, Path] = {}
    problems = []
    for path in paths:
        key = path.stem.casefold()
        if key in seen:
            problems.append(
                Problem(
                    str(path),
                    0,
                    0,
                    "",
                    f"has the same file name as {seen[key]}; the comparison names its sheets "
                    "and JSON keys after file names, so rename one of them",
                )
            )
        seen.setdefault(key, path)
    if problems:
        raise ScenarioError(problems)
