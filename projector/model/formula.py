"""Formula expressions that evaluate in numpy and render as spreadsheet formulas.

A line item of the projection is written once as an expression tree built from
these nodes.  The engine evaluates the tree over months with numpy; the
workbook writer renders the very same tree to an A1 formula.  Keeping both
behaviours on one node class is what stops the engine and the workbook from
drifting apart.

Rendering only uses functions that Excel, LibreOffice, Gnumeric and Google
Sheets share (IF, AND, OR, MAX, MIN, INT, SUM, SUMIF, INDEX, MATCH, COUNTIF,
COLUMNS, ISBLANK, ISNUMBER, ABS), and nothing volatile.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from projector.model.calendar import MONTHS_PER_YEAR

Path = tuple[str | int, ...]


class ModelError(Exception):
    """A line definition the engine cannot evaluate: a bug in projector, not in the scenario.

    The message names the line, and the month (or year) when there is one, so that the
    definition at fault is found at once.
    """


# Operator precedence when rendering, to write no more parentheses than needed.
P_CMP, P_ADD, P_MUL, P_POW, P_NEG, P_ATOM = 1, 2, 3, 4, 5, 6


class Env(Protocol):
    """What evaluation needs: inputs, line values and the calendar."""

    def input(self, path: Path) -> float: ...
    def ref(self, line_id: str, lag: int, idx: np.ndarray) -> np.ndarray: ...
    def full(self, line_id: str) -> np.ndarray: ...
    def month(self, idx: np.ndarray) -> np.ndarray: ...
    def cal(self, idx: np.ndarray) -> np.ndarray: ...
    def year1(self, line_id: str) -> float: ...
    def year1_months(self) -> float: ...
    def summary(self, item_id: str) -> float: ...


class Ctx(Protocol):
    """What rendering needs: where each input, line and summary item lives."""

    null_text: str

    def input_ref(self, path: Path) -> str: ...
    def input_range(self, paths: Sequence[Path]) -> str: ...
    def ref(self, line_id: str, lag: int) -> str: ...
    def refs(self, line_ids: Sequence[str]) -> str: ...
    def to_end(self, line_id: str) -> str: ...
    def month(self) -> str: ...
    def cal(self) -> str: ...
    def name(self, line_id: str) -> str: ...
    def last(self, line_id: str) -> str: ...
    def year1(self, line_id: str) -> str: ...
    def year1_months(self) -> str: ...
    def summary(self, item_id: str) -> str: ...


def fill(idx: np.ndarray, value: Any) -> np.ndarray:
    """A value that does not vary by month, spread over the months of `idx`.

    `value` is a plain number (one projection) or an array with one value per path
    (a simulation): the result then has the shape (paths, months), so the same node
    serves the single projection and every simulated path.
    """
    if np.ndim(value) == 0:
        return np.full(len(idx), value)
    column = np.asarray(value).reshape(-1, 1)
    return np.broadcast_to(column, (column.shape[0], len(idx)))


def total(values: np.ndarray) -> Any:
    """The sum over the last axis, bit for bit what numpy gives one projection.

    numpy sums a 1-D array pairwise (8 running sums, combined in a tree), but may
    reduce the last axis of a 2-D array in another order: a simulated path would then
    differ from its replay in the last bits. Paths get the same pairwise tree, written
    out over columns (the axis summed is at most a few hundred months).
    """
    if values.ndim == 1:
        return values.sum()
    return _pairwise(values)


def _pairwise(a: np.ndarray) -> np.ndarray:
    """numpy's pairwise summation (blocks of 8 up to 128 terms, halves above) per row."""
    n = a.shape[-1]
    if n < 8:
        result = a[..., 0].copy() if n else np.zeros(a.shape[:-1])
        for i in range(1, n):
            result = result + a[..., i]
        return result
    if n > 128:
        half = n // 2 - (n // 2) % 8
        return _pairwise(a[..., :half]) + _pairwise(a[..., half:])
    sums = [a[..., j].copy() for j in range(8)]
    end = n - n % 8
    for i in range(8, end, 8):
        for j in range(8):
            sums[j] = sums[j] + a[..., i + j]
    result = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + (
        (sums[4] + sums[5]) + (sums[6] + sums[7])
    )
    for i in range(end, n):
        result = result + a[..., i]
    return result


def first_value(expr: Expr, env: Env, idx: np.ndarray) -> Any:
    """A month-invariant formula's value: a number, or one number per path."""
    return expr.evaluate(env, idx[:1])[..., 0]


def number_text(value: float) -> str:
    """A number as a formula literal: 12 rather than 12.0, full precision."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value)).upper()


class Expr:
    """A node of a formula; operators build bigger formulas."""

    prec = P_ATOM

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def text(self, ctx: Ctx) -> str:
        raise NotImplementedError

    def children(self) -> tuple[Expr, ...]:
        return ()

    def line_refs(self) -> Iterator[tuple[str, int]]:
        """Every (line id, lag) this formula reads, for ordering the engine."""
        for child in self.children():
            yield from child.line_refs()

    def needs_array(self) -> bool:
        """True when the formula must be entered as an array (CSE) formula."""
        return any(child.needs_array() for child in self.children())

    def render(self, ctx: Ctx, min_prec: int = 0) -> str:
        body = self.text(ctx)
        return f"({body})" if self.prec < min_prec else body

    def __add__(self, other: Any) -> Expr:
        return Bin("+", self, wrap(other))

    def __radd__(self, other: Any) -> Expr:
        return Bin("+", wrap(other), self)

    def __sub__(self, other: Any) -> Expr:
        return Bin("-", self, wrap(other))

    def __rsub__(self, other: Any) -> Expr:
        return Bin("-", wrap(other), self)

    def __mul__(self, other: Any) -> Expr:
        return Bin("*", self, wrap(other))

    def __rmul__(self, other: Any) -> Expr:
        return Bin("*", wrap(other), self)

    def __truediv__(self, other: Any) -> Expr:
        return Bin("/", self, wrap(other))

    def __rtruediv__(self, other: Any) -> Expr:
        return Bin("/", wrap(other), self)

    def __pow__(self, other: Any) -> Expr:
        return Bin("^", self, wrap(other))

    def __neg__(self) -> Expr:
        return Neg(self)

    def ge(self, other: Any) -> Expr:
        return Cmp(">=", self, wrap(other))

    def le(self, other: Any) -> Expr:
        return Cmp("<=", self, wrap(other))

    def lt(self, other: Any) -> Expr:
        return Cmp("<", self, wrap(other))

    def eq(self, other: Any) -> Expr:
        return Cmp("=", self, wrap(other))

    def ne(self, other: Any) -> Expr:
        return Cmp("<>", self, wrap(other))


def wrap(value: Any) -> Expr:
    return value if isinstance(value, Expr) else Const(float(value))


@dataclass(frozen=True, eq=False)
class Const(Expr):
    value: float

    @property
    def prec(self) -> int:  # type: ignore[override]
        return P_NEG if self.value < 0 else P_ATOM

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return np.full(len(idx), self.value)

    def text(self, ctx: Ctx) -> str:
        return number_text(self.value)


@dataclass(frozen=True, eq=False)
class Null(Expr):
    """No value (JSON null): a short text in the workbook."""

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return np.full(len(idx), np.nan)

    def text(self, ctx: Ctx) -> str:
        return '"' + ctx.null_text.replace('"', '""') + '"'


@dataclass(frozen=True, eq=False)
class Input(Expr):
    """A typed-in assumption, living on the Assumptions sheet."""

    path: Path

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return fill(idx, env.input(self.path))

    def text(self, ctx: Ctx) -> str:
        return ctx.input_ref(self.path)


@dataclass(frozen=True, eq=False)
class Ref(Expr):
    """Another line in the same month (lag 0) or `lag` months before (any lag >= 0).

    Month 0 is the line's opening value (0 for a line without one), and a month before
    the projection reads that opening too: a line holds its opening value until it
    starts.  The engine and the workbook (which points such a reference at the Opening
    column) agree on it.
    """

    line_id: str
    lag: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.lag, int) or isinstance(self.lag, bool) or self.lag < 0:
            raise ModelError(
                f"line {self.line_id!r} read at lag {self.lag!r}: a lag is months >= 0"
            )

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return env.ref(self.line_id, self.lag, idx)

    def text(self, ctx: Ctx) -> str:
        return ctx.ref(self.line_id, self.lag)

    def line_refs(self) -> Iterator[tuple[str, int]]:
        yield self.line_id, self.lag


@dataclass(frozen=True, eq=False)
class Month(Expr):
    """The projection month number t = 1..T."""

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return env.month(idx)

    def text(self, ctx: Ctx) -> str:
        return ctx.month()


@dataclass(frozen=True, eq=False)
class CalMonth(Expr):
    """The calendar month (1..12) of projection month t."""

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return env.cal(idx)

    def text(self, ctx: Ctx) -> str:
        return ctx.cal()


_NUMPY_OPS = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.divide,
    "^": np.power,
    ">=": np.greater_equal,
    "<=": np.less_equal,
    ">": np.greater,
    "<": np.less,
    "=": np.equal,
    "<>": np.not_equal,
}
_PRECEDENCE = {"+": P_ADD, "-": P_ADD, "*": P_MUL, "/": P_MUL, "^": P_POW}


@dataclass(frozen=True, eq=False)
class Bin(Expr):
    op: str
    left: Expr
    right: Expr

    @property
    def prec(self) -> int:  # type: ignore[override]
        return _PRECEDENCE[self.op]

    def children(self) -> tuple[Expr, ...]:
        return self.left, self.right

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return _NUMPY_OPS[self.op](self.left.evaluate(env, idx), self.right.evaluate(env, idx))

    def text(self, ctx: Ctx) -> str:
        p = self.prec
        if self.op == "^":  # Excel's ^ binds looser than unary minus: bracket both sides
            return f"{self.left.render(ctx, P_ATOM)}^{self.right.render(ctx, P_ATOM)}"
        right_min = p + 1 if self.op in "-/" else p
        return f"{self.left.render(ctx, p)}{self.op}{self.right.render(ctx, right_min)}"


@dataclass(frozen=True, eq=False)
class Neg(Expr):
    operand: Expr
    prec = P_NEG

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return -self.operand.evaluate(env, idx)

    def text(self, ctx: Ctx) -> str:
        return f"-{self.operand.render(ctx, P_ATOM)}"


@dataclass(frozen=True, eq=False)
class Cmp(Expr):
    op: str
    left: Expr
    right: Expr
    prec = P_CMP

    def children(self) -> tuple[Expr, ...]:
        return self.left, self.right

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return _NUMPY_OPS[self.op](self.left.evaluate(env, idx), self.right.evaluate(env, idx))

    def text(self, ctx: Ctx) -> str:
        return f"{self.left.render(ctx, P_ADD)}{self.op}{self.right.render(ctx, P_ADD)}"


class Call(Expr):
    """A spreadsheet function over argument formulas."""

    name = ""
    args: tuple[Expr, ...] = ()

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def text(self, ctx: Ctx) -> str:
        return f"{self.name}({','.join(a.render(ctx) for a in self.args)})"


class If(Call):
    name = "IF"

    def __init__(self, cond: Expr, then: Any, otherwise: Any) -> None:
        self.args = (cond, wrap(then), wrap(otherwise))

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        cond, then, otherwise = (a.evaluate(env, idx) for a in self.args)
        return np.where(cond.astype(bool), then, otherwise)


class And(Call):
    name = "AND"

    def __init__(self, *conds: Expr) -> None:
        self.args = conds

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return functools.reduce(np.logical_and, [a.evaluate(env, idx) for a in self.args])


class Or(Call):
    name = "OR"

    def __init__(self, *conds: Expr) -> None:
        self.args = conds

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return functools.reduce(np.logical_or, [a.evaluate(env, idx) for a in self.args])


class Max(Call):
    name = "MAX"

    def __init__(self, *args: Any) -> None:
        self.args = tuple(wrap(a) for a in args)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return functools.reduce(np.maximum, [a.evaluate(env, idx) for a in self.args])


class Floor(Call):
    """Round down: INT() in a spreadsheet, which floors negatives too."""

    name = "INT"

    def __init__(self, arg: Expr) -> None:
        self.args = (arg,)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return np.floor(self.args[0].evaluate(env, idx))


class IsBlank(Call):
    """True when an optional input (e.g. end_month) is left empty."""

    name = "ISBLANK"

    def __init__(self, arg: Input) -> None:
        self.args = (arg,)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return np.isnan(self.args[0].evaluate(env, idx))


class IsNumber(Call):
    """True unless the value is null (NaN in numpy, a short text in the workbook)."""

    name = "ISNUMBER"

    def __init__(self, arg: Expr) -> None:
        self.args = (arg,)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return ~np.isnan(self.args[0].evaluate(env, idx))


class Abs(Call):
    name = "ABS"

    def __init__(self, arg: Expr) -> None:
        self.args = (arg,)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return np.abs(self.args[0].evaluate(env, idx))


class SafeDiv(Call):
    """a / b, and 0 when b = 0, as docs/model.md asks of every ratio."""

    def __init__(self, num: Any, den: Any) -> None:
        self.args = (wrap(num), wrap(den))

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        num, den = np.broadcast_arrays(*(a.evaluate(env, idx) for a in self.args))
        return np.divide(num, den, out=np.zeros(num.shape), where=den != 0)

    def text(self, ctx: Ctx) -> str:
        num, den = self.args
        return (
            f"IF({den.render(ctx, P_ADD)}=0,0,{num.render(ctx, P_MUL)}/{den.render(ctx, P_ATOM)})"
        )


class Sum(Call):
    """The sum of lines of the same month; SUM(range) when they are adjacent rows."""

    def __init__(self, terms: Sequence[Expr]) -> None:
        self.args = tuple(terms)

    @property
    def prec(self) -> int:  # type: ignore[override]
        return P_ADD if len(self.args) > 1 and not self._all_refs() else P_ATOM

    def _all_refs(self) -> bool:
        return all(isinstance(a, Ref) and a.lag == 0 for a in self.args)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        total = np.zeros(len(idx))
        for arg in self.args:
            total = total + arg.evaluate(env, idx)
        return total

    def text(self, ctx: Ctx) -> str:
        if not self.args:
            return "0"
        if self._all_refs() and len(self.args) > 1:
            return f"SUM({ctx.refs([a.line_id for a in self.args])})"  # type: ignore[attr-defined]
        return "+".join(a.render(ctx, P_ADD) for a in self.args)


class SumIf(Call):
    """Sum of the item amounts whose month equals a month: capex, equity, draws."""

    def __init__(self, keys: Sequence[Path], values: Sequence[Path], match: Expr) -> None:
        self.keys, self.values = tuple(keys), tuple(values)
        self.args = (match,)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        match = self.args[0].evaluate(env, idx)
        total = np.zeros(len(idx))
        for key, value in zip(self.keys, self.values, strict=True):
            total = total + np.where(match == env.input(key), env.input(value), 0.0)
        return total

    def text(self, ctx: Ctx) -> str:
        if not self.keys:
            return "0"
        match = self.args[0].render(ctx)
        return f"SUMIF({ctx.input_range(self.keys)},{match},{ctx.input_range(self.values)})"


class Index(Call):
    """The n-th (1-based) of a list of inputs, e.g. the month's seasonality."""

    name = "INDEX"

    def __init__(self, paths: Sequence[Path], position: Expr) -> None:
        self.paths = tuple(paths)
        self.args = (position,)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        table = np.stack(np.broadcast_arrays(*(env.input(p) for p in self.paths)), axis=-1)
        return table[..., self.args[0].evaluate(env, idx).astype(int) - 1]

    def text(self, ctx: Ctx) -> str:
        return f"INDEX({ctx.input_range(self.paths)},{self.args[0].render(ctx)})"


@dataclass(frozen=True, eq=False)
class MinToEnd(Expr):
    """The minimum of a line from this month to the last month."""

    line_id: str

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        values = env.full(self.line_id)
        return np.minimum.accumulate(values[..., ::-1], axis=-1)[..., ::-1][..., idx]

    def text(self, ctx: Ctx) -> str:
        return f"MIN({ctx.to_end(self.line_id)})"

    def line_refs(self) -> Iterator[tuple[str, int]]:
        yield self.line_id, 0


# --- Scalar nodes for the summary: they read whole lines and Year 1. ---


@dataclass(frozen=True, eq=False)
class MinOf(Expr):
    line_id: str

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return fill(idx, env.full(self.line_id).min(axis=-1))

    def text(self, ctx: Ctx) -> str:
        return f"MIN({ctx.name(self.line_id)})"


@dataclass(frozen=True, eq=False)
class Last(Expr):
    line_id: str

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return fill(idx, env.full(self.line_id)[..., -1])

    def text(self, ctx: Ctx) -> str:
        return ctx.last(self.line_id)


@dataclass(frozen=True, eq=False)
class FirstMonth(Expr):
    """The first month where `line op value` holds; null when none does."""

    line_id: str
    op: str
    value: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.value,)

    def needs_array(self) -> bool:
        return self.op != "="

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        value = np.expand_dims(first_value(self.value, env, idx), -1)
        hits = _NUMPY_OPS[self.op](env.full(self.line_id), value)
        first = np.where(hits.any(axis=-1), np.argmax(hits, axis=-1) + 1.0, np.nan)
        return fill(idx, first)

    def text(self, ctx: Ctx) -> str:
        name, value = ctx.name(self.line_id), self.value.render(ctx)
        criterion = value if self.op == "=" else f'"{self.op}"&{value}'
        if isinstance(self.value, Const) and self.op != "=":
            criterion = f'"{self.op}{value}"'
        # Gnumeric compares a one-cell range as a scalar, and MATCH over it is #VALUE!:
        # a one-month line's first hit is month 1, so the array is only read when wider.
        match = (
            f"MATCH({value},{name},0)"
            if self.op == "="
            else f"IF(COLUMNS({name})=1,1,MATCH(TRUE,{name}{self.op}{value},0))"
        )
        return f"IF(COUNTIF({name},{criterion})=0,{Null().text(ctx)},{match})"


@dataclass(frozen=True, eq=False)
class Year1(Expr):
    """A line's Year-1 value on the Annual sheet."""

    line_id: str

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return fill(idx, env.year1(self.line_id))

    def text(self, ctx: Ctx) -> str:
        return ctx.year1(self.line_id)


@dataclass(frozen=True, eq=False)
class Year1Months(Expr):
    """How many months Year 1 has: 12, or T when the horizon is shorter."""

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return np.full(len(idx), env.year1_months())

    def text(self, ctx: Ctx) -> str:
        return ctx.year1_months()


@dataclass(frozen=True, eq=False)
class Item(Expr):
    """Another summary item."""

    item_id: str

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        return fill(idx, env.summary(self.item_id))

    def text(self, ctx: Ctx) -> str:
        return ctx.summary(self.item_id)

    def item_refs(self) -> Iterator[str]:
        yield self.item_id


# --- v2 nodes: trailing sums, runway and debt-service figures. ---


@dataclass(frozen=True, eq=False)
class Trailing(Expr):
    """The sum of a line over this month and the `months - 1` before it (fewer at the start)."""

    line_id: str
    months: int = MONTHS_PER_YEAR

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        values = env.full(self.line_id)
        sums = [total(values[..., max(0, t - self.months + 1) : t + 1]) for t in idx]
        return np.stack(sums, axis=-1)

    def text(self, ctx: Ctx) -> str:
        return f"SUM({ctx.back(self.line_id, self.months)})"  # type: ignore[attr-defined]

    def line_refs(self) -> Iterator[tuple[str, int]]:
        yield self.line_id, 0


@dataclass(frozen=True, eq=False)
class LastMonth(Expr):
    """The last month where `line op value` holds; 0 when none does (an array formula)."""

    line_id: str
    op: str
    value: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.value,)

    def needs_array(self) -> bool:
        return True

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        value = np.expand_dims(first_value(self.value, env, idx), -1)
        hits = _NUMPY_OPS[self.op](env.full(self.line_id), value)
        from_end = np.argmax(hits[..., ::-1], axis=-1)
        last = np.where(hits.any(axis=-1), hits.shape[-1] - from_end + 0.0, 0.0)
        return fill(idx, last)

    def text(self, ctx: Ctx) -> str:
        name, value = ctx.name(self.line_id), self.value.render(ctx, P_ADD)
        return f"MAX(IF({name}{self.op}{value},{ctx.months_row()},0))"  # type: ignore[attr-defined]


@dataclass(frozen=True, eq=False)
class SumToMonth(Expr):
    """The sum of a line over months 1..m, m a month-number formula (e.g. min_cash_month)."""

    line_id: str
    month: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.month,)

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        last = first_value(self.month, env, idx)
        values = env.full(self.line_id)
        if np.ndim(last) == 0:
            return fill(idx, values[: int(last)].sum() if last == last else np.nan)
        # Paths grouped by their month, each group summed as one projection sums it
        # (the same additions in the same order: the same bits as a replayed path).
        sums = np.full(np.shape(last), np.nan)
        values = np.broadcast_to(values, (*np.shape(last), values.shape[-1]))
        for month in np.unique(last[~np.isnan(last)]):
            group = last == month
            sums[group] = total(values[group, : int(month)])
        return fill(idx, sums)

    def text(self, ctx: Ctx) -> str:
        months = ctx.months_row()  # type: ignore[attr-defined]
        return f'SUMIF({months},"<="&{self.month.render(ctx, P_ADD)},{ctx.name(self.line_id)})'


@dataclass(frozen=True, eq=False)
class MinAnnualCover(Expr):
    """min over years with sum(dens) > 0 of num / sum(dens); null when no year has any.

    The debt-service cover: EBITDA over interest plus principal, in the weakest year.
    Written year by year (no array), so it reads the years wherever a sheet keeps them;
    a year without debt service counts as 1E+307 inside the MIN, above any real cover.
    """

    num: str
    dens: tuple[str, ...]

    def evaluate(self, env: Env, idx: np.ndarray) -> np.ndarray:
        annual = env.annual  # type: ignore[attr-defined]
        den = sum(annual[d] for d in self.dens)
        has = den > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            covers = np.where(has, annual[self.num] / np.where(has, den, 1.0), np.inf)
        value = np.where(has.any(axis=-1), covers.min(axis=-1), np.nan)
        return fill(idx, value)

    def text(self, ctx: Ctx) -> str:
        cell = ctx.year_cell  # type: ignore[attr-defined]
        years = range(1, ctx.years() + 1)  # type: ignore[attr-defined]
        dens = ["+".join(cell(d, y) for d in self.dens) for y in years]
        covers = [
            f"IF({den}>0,{cell(self.num, y)}/({den}),1E+307)"
            for den, y in zip(dens, years, strict=True)
        ]
        return f"IF(MAX({','.join(dens)})<=0,{Null().text(ctx)},MIN({','.join(covers)}))"


@dataclass(frozen=True, eq=False)
class FirstWhere(FirstMonth):
    """FirstMonth for a comparison, written MIN(IF(...)) over the month numbers.

    MATCH(TRUE, line<0, 0) fails in Gnumeric when the horizon is one month (the
    comparison is then a single value, not an array); MIN(IF()) does not.
    """

    def needs_array(self) -> bool:
        return True

    def text(self, ctx: Ctx) -> str:
        name, value = ctx.name(self.line_id), self.value.render(ctx, P_ADD)
        criterion = f'"{self.op}"&{value}'
        if isinstance(self.value, Const):
            criterion = f'"{self.op}{value}"'
        months = ctx.months_row()  # type: ignore[attr-defined]
        first = f"MIN(IF({name}{self.op}{value},{months}))"
        return f"IF(COUNTIF({name},{criterion})=0,{Null().text(ctx)},{first})"
