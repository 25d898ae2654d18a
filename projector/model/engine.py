"""The numpy engine: evaluates the lines month by month, rolls them up, computes the summary.

One definition per line (projector.model.lines) serves the engine and the workbook;
this module only decides the order of evaluation and runs it, for one projection or
for many simulated paths at once (docs/risk.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from projector.errors import Problem, ScenarioError
from projector.model.calendar import calendar_month, month_labels, year1_months, year_of_month
from projector.model.formula import (
    Expr,
    Input,
    Item,
    ModelError,
    Path,
    Year1,
    total,
)
from projector.model.lines import FLOW, RATE, STOCK, Line, build_lines
from projector.model.summary import Summary, SummaryItem, build_summary
from projector.scenario import Scenario, get_path

# --- The engine. ---


@dataclass
class _Env:
    """Evaluation state: inputs, and each line's values with month 0 at index 0."""

    scenario: Scenario
    values: dict[str, np.ndarray] = field(default_factory=dict)
    annual: dict[str, np.ndarray] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)
    # Simulated inputs (docs/risk.md): one value per path replaces the scenario's own.
    # With draws, every line has the shape (paths, months): one definition, many paths.
    draws: dict[Path, np.ndarray] = field(default_factory=dict)

    @property
    def months(self) -> int:
        return self.scenario.scenario.months

    @property
    def shape(self) -> tuple[int, ...]:
        """The leading axes of every line: () for one projection, (paths,) for many."""
        return (len(next(iter(self.draws.values()))),) if self.draws else ()

    def opening_env(self) -> _Env:
        return _OpeningEnv(self.scenario, self.values, draws=self.draws)

    def annual_env(self) -> _Env:
        return _AnnualEnv(self.scenario, self.values, self.annual, draws=self.draws)

    def input(self, path: Path) -> Any:
        if path in self.draws:
            return self.draws[path]
        value = get_path(self.scenario, path)
        return math.nan if value is None else float(value)

    def ref(self, line_id: str, lag: int, idx: np.ndarray) -> np.ndarray:
        if int(idx[0]) + 1 - lag >= 0:
            return self.values[line_id][..., _span(idx, 1 - lag)]
        # Months before month 0 read the opening value, as the workbook's Opening column.
        return self.values[line_id][..., np.maximum(idx + 1 - lag, 0)]

    def full(self, line_id: str) -> np.ndarray:
        return self.values[line_id][..., 1:]

    def month(self, idx: np.ndarray) -> np.ndarray:
        return (idx + 1).astype(float)

    def cal(self, idx: np.ndarray) -> np.ndarray:
        return calendar_month(self.scenario.scenario.start_month, idx).astype(float)

    def year1(self, line_id: str) -> Any:
        return self.annual[line_id][..., 0]

    def year1_months(self) -> float:
        return float(year1_months(self.months))

    def summary(self, item_id: str) -> float:
        return self.items[item_id]


@dataclass
class _AnnualEnv(_Env):
    """Evaluates a ratio line's formula on annual totals instead of months."""

    def ref(self, line_id: str, lag: int, idx: np.ndarray) -> np.ndarray:
        if lag != 0:
            raise ModelError(f"reads {line_id!r} at lag {lag}: annual formulas read the same year")
        return self.annual[line_id][..., idx]


def evaluation_order(lines: Sequence[Line]) -> list[list[Line]]:
    """Group lines into steps the engine can run in order.

    A step of one line with no self-reference is evaluated for all months at
    once.  Lines that feed each other through last month's value (customers
    and referrals, tax losses, loan balances, cash) form one step that is
    evaluated month by month.  Within a step, same-month references are in
    dependency order; a same-month cycle is a modelling bug and raises.
    """
    by_id = {line.id: line for line in lines}
    deps = {line.id: {(d, lag) for d, lag in line.expr.line_refs()} for line in lines}
    for line_id, d in deps.items():
        unknown = {x for x, _ in d} - by_id.keys()
        if unknown:
            raise ModelError(f"line {line_id!r} reads undefined line(s) {sorted(unknown)}")
    steps = _strongly_connected(list(by_id), {k: {d for d, _ in v} for k, v in deps.items()})
    ordered = []
    for comp in steps:
        same_month = {k: {d for d, lag in deps[k] if lag == 0 and d in comp} for k in comp}
        ordered.append([by_id[k] for k in _topological(comp, same_month)])
    return ordered


def _strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; components come out dependencies first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    for v in nodes:
        if v not in index:
            visit(v)
    return out


def _topological(nodes: list[str], edges: dict[str, set[str]]) -> list[str]:
    done: list[str] = []
    pending = set(nodes)
    while pending:
        ready = sorted(n for n in pending if not (edges[n] & pending))
        if not ready:
            raise ModelError(f"lines {sorted(pending)} read each other in the same month")
        done += ready
        pending -= set(ready)
    return done


@dataclass(frozen=True)
class Projection:
    """The engine's results: monthly lines, annual roll-up and summary."""

    scenario: Scenario
    lines: list[Line]
    summary_items: list[SummaryItem]
    months: list[str]  # calendar labels YYYY-MM
    monthly: dict[str, np.ndarray]  # id -> values for months 1..T
    opening: dict[str, float]  # id -> month-0 value of lines that have one
    years: list[int]
    annual: dict[str, np.ndarray]  # id -> one value per projection year
    summary: Summary
    # docs/risk.md, when the scenario declares uncertainty (set by the pipeline).
    risk: dict[str, Any] | None = None
    risk_paths: dict[str, np.ndarray] | None = None  # each risk summary figure, per path

    def line(self, line_id: str) -> Line:
        return next(x for x in self.lines if x.id == line_id)


@dataclass
class _OpeningEnv(_Env):
    """Evaluates month-0 values: a line read in an opening formula is its own month-0 value."""

    def ref(self, line_id: str, lag: int, idx: np.ndarray) -> np.ndarray:
        return self.values[line_id][..., :1]


def _varying(lines: list[Line], drawn: set[Path]) -> set[str]:
    """The lines a drawn input reaches, directly or through other lines."""
    if not drawn:
        return set()
    exprs = {x.id: [x.expr, *([x.opening] if x.opening is not None else [])] for x in lines}
    reads = {k: {d for e in v for d, _ in e.line_refs()} for k, v in exprs.items()}
    varying = {k for k, v in exprs.items() if any(_reads_draw(e, drawn) for e in v)}
    while True:
        more = {k for k, refs in reads.items() if k not in varying and refs & varying}
        if not more:
            return varying
        varying |= more


def _reads_draw(expr: Expr, drawn: set[Path]) -> bool:
    """True when the formula reads a drawn input, or a summary or Year-1 value (to be safe)."""
    if isinstance(expr, Input) and expr.path in drawn:
        return True
    if isinstance(expr, Item | Year1):
        return True
    held = [*getattr(expr, "paths", ()), *getattr(expr, "keys", ()), *getattr(expr, "values", ())]
    if any(path in drawn for path in held):
        return True
    return any(_reads_draw(child, drawn) for child in expr.children())


def _span(idx: np.ndarray, shift: int) -> slice:
    """The months `idx` (always consecutive) shifted, as a slice: a view, not a copy,
    which matters when each month of a recursive step reads (paths, 1) columns."""
    return slice(int(idx[0]) + shift, int(idx[-1]) + shift + 1)


def _run_months(env: _Env, lines: list[Line]) -> None:
    n = env.months
    opening_env = env.opening_env()
    varying = _varying(lines, set(env.draws))
    for line in lines:  # in sheet order: a total's opening reads openings above it
        opening = line.opening
        start = opening.evaluate(opening_env, np.arange(1))[..., 0] if opening is not None else 0.0
        # Every month of every line is written below, so paths skip the NaN fill; a line
        # no drawn input reaches keeps one row that broadcasts against the paths.
        shape = (*env.shape, n + 1) if line.id in varying else (n + 1,)
        env.values[line.id] = np.empty(shape) if env.shape else np.full(shape, np.nan)
        env.values[line.id][..., 0] = start
    for step in evaluation_order(lines):
        recursive = len(step) > 1 or any(d == step[0].id for d, _ in step[0].expr.line_refs())
        ranges = [np.array([t]) for t in range(n)] if recursive else [np.arange(n)]
        for idx in ranges:
            for line in step:
                env.values[line.id][..., _span(idx, 1)] = _evaluate(env, line, idx)


def _evaluate(env: _Env, line: Line, idx: np.ndarray) -> np.ndarray:
    """One line over the months `idx`; a failure names the line and the month(s)."""
    try:
        return line.expr.evaluate(env, idx)
    except (ModelError, KeyError, IndexError, ValueError) as e:
        labels = month_labels(env.scenario)
        first, last = int(idx[0]), int(idx[-1])
        when = f"month {first + 1} ({labels[first]})"
        if last != first:
            when = f"months {first + 1}..{last + 1}"
        reason = e.args[0] if isinstance(e, ModelError) else f"{type(e).__name__}: {e}"
        raise ModelError(f"line {line.id!r}, {when}: {reason}") from e


def _roll_up(env: _Env, lines: list[Line]) -> list[int]:
    n = env.months
    year = year_of_month(n)
    years = sorted(set(year.tolist()))
    last = np.array([np.nonzero(year == y)[0][-1] for y in years])
    for line in lines:
        values = env.full(line.id)
        if line.rollup == FLOW:
            sums = [total(values[..., year == y]) for y in years]
            env.annual[line.id] = np.stack(sums, axis=-1)
        elif line.rollup == STOCK:
            env.annual[line.id] = values[..., last]
    annual_env = env.annual_env()
    for line in lines:
        if line.rollup == RATE:
            expr = line.annual_expr or line.expr
            try:
                env.annual[line.id] = expr.evaluate(annual_env, np.arange(len(years)))
            except ModelError as e:
                raise ModelError(f"line {line.id!r}, the annual roll-up: {e.args[0]}") from e
    return years


def project(s: Scenario) -> Projection:
    """Run the model of docs/model.md on a scenario.

    Numbers too large for a float (an order value of 1e308, visits growing for 240
    months) are an input error, raised as a ScenarioError naming the input and month.
    """
    lines, items = build_lines(s), build_summary()
    env = _Env(s)
    one = np.arange(1)
    with np.errstate(all="ignore"):  # overflow is checked below, by line and month
        _run_months(env, lines)
        years = _roll_up(env, lines)
        for item in items:
            env.items[item.id] = float(item.expr.evaluate(env, one)[0])
    _check_finite(env, lines, items, years)
    summary = {k: (None if math.isnan(v) else v) for k, v in env.items.items()}
    return Projection(
        scenario=s,
        lines=lines,
        summary_items=items,
        months=month_labels(s),
        monthly={line.id: env.full(line.id).copy() for line in lines},
        opening={x.id: float(env.values[x.id][0]) for x in lines if x.opening is not None},
        years=years,
        annual=env.annual,
        summary=Summary(**summary),
    )


def project_paths(
    s: Scenario, draws: dict[Path, np.ndarray]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The v2 projection of many paths at once (docs/risk.md), without a loop over paths.

    `draws` maps input paths to one value per path; every other input keeps the
    scenario's value. The very line definitions of `project` are evaluated over arrays
    of shape (paths, months). Returns the monthly lines and the summary items, each
    with the paths on the first axis. Non-finite values are left as they come (a path
    whose numbers overflow shows NaN or inf rather than stopping the simulation).
    """
    lines, items = build_lines(s), build_summary()
    env = _Env(s, draws={path: np.asarray(v, dtype=float) for path, v in draws.items()})
    paths = env.shape[0]
    one = np.arange(1)
    with np.errstate(all="ignore"):
        _run_months(env, lines)
        _roll_up(env, lines)
        for item in items:
            env.items[item.id] = item.expr.evaluate(env, one)[..., 0]
    monthly = {x.id: np.broadcast_to(env.full(x.id), (paths, env.months)) for x in lines}
    summary = {k: np.broadcast_to(v, (paths,)) for k, v in env.items.items()}
    return monthly, summary


def evaluate_scalar(p: Projection, expr: Expr) -> float | None:
    """A summary-style formula (KPIs, report figures) evaluated on a finished projection."""
    env = _Env(
        p.scenario,
        annual=p.annual,
        items={k: (math.nan if v is None else v) for k, v in p.summary.items()},
    )
    env.values = {k: np.concatenate([[p.opening.get(k, 0.0)], v]) for k, v in p.monthly.items()}
    value = float(expr.evaluate(env, np.arange(1))[0])
    return None if math.isnan(value) else value


# --- Numbers that stop being numbers. ---


def _check_finite(env: _Env, lines: list[Line], items: list[SummaryItem], years: list[int]) -> None:
    """Raise a ScenarioError at the first month (or year, or summary item) that is not finite.

    Every monthly line and annual total must be a finite number (a ratio line may be
    null only in the annual view, where the JSON shows null); a summary item may be null
    but not infinite.
    """
    by_line = {line.id: line for line in lines}
    labels = month_labels(env.scenario)
    first: tuple[int, int, str] | None = None
    for order, line in enumerate(
        step_line for step in evaluation_order(lines) for step_line in step
    ):
        bad = np.flatnonzero(~np.isfinite(env.full(line.id)))
        if bad.size and (first is None or (bad[0], order) < first[:2]):
            first = (int(bad[0]), order, line.id)
    if first is not None:
        month, _, line_id = first
        value = env.full(line_id)[month]
        where = f"month {month + 1} ({labels[month]}): {line_id} is {_non_finite(value)}"
        _raise_non_finite(env, by_line[line_id].expr, by_line, {}, where)
    for line in lines:
        values = env.annual.get(line.id)
        allowed = np.isnan if line.rollup == RATE else (lambda v: np.zeros(len(v), bool))
        if values is not None and not np.all(np.isfinite(values) | allowed(values)):
            year = int(np.flatnonzero(~np.isfinite(values))[0])
            where = f"year {years[year]}: the annual {line.id} is {_non_finite(values[year])}"
            _raise_non_finite(env, line.expr, by_line, {}, where)
    by_item = {item.id: item for item in items}
    for item in items:
        if math.isinf(env.items[item.id]):
            where = f"the summary: {item.id} is {_non_finite(env.items[item.id])}"
            _raise_non_finite(env, item.expr, by_line, by_item, where)


def _non_finite(value: float) -> str:
    return "not a number" if math.isnan(value) else "infinite"


def _raise_non_finite(
    env: _Env,
    expr: Expr,
    by_line: dict[str, Line],
    by_item: dict[str, SummaryItem],
    where: str,
) -> None:
    """Name the input most likely to blame among those `expr` depends on.

    A huge input (1e308) overflows a product or a sum; a tiny one (a referral rate of
    5e-324) makes a divisor too close to 0. Whichever is further from 1 is named: the
    largest non-zero input, unless the smallest is smaller than 1 / the largest.
    """
    paths = _inputs_of(expr, by_line, by_item)
    sizes = {path: abs(env.input(path)) for path in paths}
    usable = [path for path in paths if math.isfinite(sizes[path]) and sizes[path] > 0]
    usable = usable or paths  # every input 0: name one of them all the same
    largest = max(usable, key=sizes.__getitem__)
    smallest = min(usable, key=sizes.__getitem__)
    if sizes[largest] * sizes[smallest] >= 1 or not math.isfinite(sizes[largest]):
        culprit, why = largest, "too large for it"
    else:
        culprit, why = smallest, "too close to 0: a division by it overflows"
    value = get_path(env.scenario, culprit)
    shown = _dotted(culprit)
    message = (
        f"the projection stops being a finite number in {where}; this input, {value:g}, is {why}"
        if isinstance(value, int | float)
        else f"the projection stops being a finite number in {where}"
    )
    source = env.scenario.source
    file, line, column = env.scenario.written_at.get(
        culprit, (str(source) if source else "<scenario>", 0, 0)
    )
    raise ScenarioError([Problem(file, line, column, shown, message)])


def _inputs_of(expr: Expr, by_line: dict[str, Line], by_item: dict[str, SummaryItem]) -> list[Path]:
    """Every input `expr` reads, through the lines and summary items it refers to."""
    found: dict[Path, None] = {}
    seen: set[int] = set()
    pending: list[Expr] = [expr]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Input):
            found[node.path] = None
        for attr in ("paths", "keys", "values"):  # Index and SumIf hold input paths
            for path in getattr(node, attr, ()) if not isinstance(node, Input) else ():
                found[path] = None
        line_id = getattr(node, "line_id", None)
        if line_id in by_line:
            line = by_line[line_id]
            pending += [line.expr, *([line.opening] if line.opening is not None else [])]
        item_id = getattr(node, "item_id", None)
        if item_id in by_item:
            pending.append(by_item[item_id].expr)
        pending += node.children()
    return list(found)


def _dotted(path: Path) -> str:
    """('financing', 'loans', 0, 'amount') -> 'financing.loans[0].amount'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
