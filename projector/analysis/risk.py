"""Risk analysis (docs/risk.md): distributions, simulated paths and percentiles.

Each path draws every uncertain input once (inverse-transform sampling: one uniform
number per path and input, in path order, mapped through the distribution's exact
quantile function), then the paths are projected together by `model.project_paths`,
the engine's own line definitions over arrays of shape (paths, months), a chunk of
paths at a time so memory stays bounded. The same file and seed give the same draws:
numpy's PCG64 generator seeded with `uncertainty.seed`, always asked for the same
numbers in the same order whatever the chunk size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from projector import scenario as sc
from projector.model import project_paths

# The summary figures and monthly lines the risk object reports (docs/risk.md).
SUMMARY_IDS = (
    "ending_cash",
    "min_cash",
    "funding_need",
    "break_even_month",
    "break_even_ttm_month",
    "cash_out_month",
    "ltv_to_cac",
    "clv",
)
MONTH_IDS = frozenset({"break_even_month", "break_even_ttm_month", "cash_out_month"})
MONTHLY_IDS = ("cash", "net_revenue", "ebitda")
BANDS = (10, 50, 90)
CHUNK = 2000  # paths projected at once: about 2000 x 241 x 8 bytes per line that varies

Progress = Callable[[int, int], None]  # (paths done, paths in all)


# -- Distributions ------------------------------------------------------------------


def quantile(item: sc.UncertainInput, q: Any) -> np.ndarray:
    """The exact quantile function of an input's distribution, at probabilities `q`.

    A normal is truncated to the field's valid range (the draw is conditioned on lying
    inside it); PERT is low + (high - low) * Beta(a, b). A zero-width distribution is
    its constant.
    """
    q = np.asarray(q, dtype=float)
    p = item.params
    if item.distribution == "normal":
        mean, sd = p
        if sd == 0:
            return np.full(q.shape, mean)
        from scipy.stats import truncnorm  # scipy only where the exact quantile needs it

        low, high = sc.RANGES[item.kind][:2]
        return truncnorm.ppf(q, (low - mean) / sd, (high - mean) / sd, loc=mean, scale=sd)
    low, high = p[0], p[-1]
    if high == low:
        return np.full(q.shape, low)
    if item.distribution == "uniform":
        return low + q * (high - low)
    mode = p[1]
    if item.distribution == "triangular":
        return _triangular(q, low, mode, high)
    from scipy.stats import beta

    a = 1 + 4 * (mode - low) / (high - low)
    b = 1 + 4 * (high - mode) / (high - low)
    return low + (high - low) * beta.ppf(q, a, b)


def _triangular(q: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """The triangular quantile in closed form: two square roots either side of the mode."""
    width = high - low
    left = q < (mode - low) / width
    with np.errstate(invalid="ignore"):
        rise = low + np.sqrt(q * width * (mode - low))
        fall = high - np.sqrt((1 - q) * width * (high - mode))
    return np.where(left, rise, fall)


def draws(s: sc.Scenario) -> np.ndarray:
    """The drawn value of every uncertain input on every path: shape (paths, inputs).

    Clipped to the distribution's support, so floating-point noise in a quantile never
    leaves the field's valid range.
    """
    inputs = s.uncertainty.inputs
    rng = np.random.default_rng(s.uncertainty.seed)
    uniforms = rng.random((s.uncertainty.paths, len(inputs)))
    columns = [quantile(item, uniforms[:, j]) for j, item in enumerate(inputs)]
    for j, item in enumerate(inputs):
        low, high = sc.support(item)
        columns[j] = np.clip(columns[j], low, high)
    return np.stack(columns, axis=1) if columns else np.empty((s.uncertainty.paths, 0))


# -- Percentiles (docs/risk.md, the simulation) ------------------------------


def percentile(values: np.ndarray, xx: int) -> np.ndarray:
    """p`xx` over the first axis: rank h = (N-1) * xx / 100 exactly, linear between
    neighbours; NaN (a null month) sorts last and a percentile touching one is NaN."""
    ordered = np.sort(values, axis=0)  # NaN last
    n = ordered.shape[0]
    below, rest = divmod((n - 1) * xx, 100)  # integers: h is exact
    low = ordered[below]
    if rest == 0:
        return low
    high = ordered[below + 1]
    return low + (rest / 100) * (high - low)  # NaN in either gives NaN


def _figure(values: np.ndarray) -> dict[str, Any]:
    """One summary figure over the paths: bands, mean and the share of nulls."""
    nulls = np.isnan(values)
    out: dict[str, Any] = {f"p{xx}": _value(percentile(values, xx)) for xx in BANDS}
    # The mean around the first value: exact when every path agrees (a collapsed
    # distribution gives the plain projection's number, not a sum divided back).
    out["mean"] = None if nulls.any() else _value(values[0] + (values - values[0]).mean())
    out["p_null"] = float(nulls.mean())
    return out


def _value(value: Any) -> float | None:
    value = float(value)
    return None if np.isnan(value) else value + 0.0  # -0.0 shown as 0.0


# -- The simulation -------------------------------------------------------------------


def simulate_paths(
    s: sc.Scenario, drawn: np.ndarray, progress: Progress | None = None, chunk: int = CHUNK
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Project every path, `chunk` paths at a time: the summary figures (paths,) and the
    monthly lines (paths, months) of the risk object."""
    inputs = s.uncertainty.inputs
    paths = drawn.shape[0]
    summary = {k: np.empty(paths) for k in SUMMARY_IDS}
    monthly = {k: np.empty((paths, s.scenario.months)) for k in MONTHLY_IDS}
    for start in range(0, paths, chunk):
        end = min(start + chunk, paths)
        given = {item.path: drawn[start:end, j] for j, item in enumerate(inputs)}
        lines, items = project_paths(s, given)
        for k in SUMMARY_IDS:
            summary[k][start:end] = items[k]
        for k in MONTHLY_IDS:
            monthly[k][start:end] = lines[k]
        if progress:
            progress(end, paths)
    return summary, monthly


def simulate(s: sc.Scenario, progress: Progress | None = None) -> dict[str, Any]:
    """The `risk` object of docs/risk.md for a scenario that declares uncertainty."""
    return simulate_with_paths(s, progress)[0]


def simulate_with_paths(
    s: sc.Scenario, progress: Progress | None = None
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The `risk` object, and each summary figure on every path (for the report's
    histogram and medians, which the object's percentiles do not hold)."""
    from projector.analysis import sensitivity

    inputs = s.uncertainty.inputs
    drawn = draws(s)
    summary, monthly = simulate_paths(s, drawn, progress)
    risk = {
        "paths": s.uncertainty.paths,
        "seed": s.uncertainty.seed,
        "inputs": {item.address: [_value(v) for v in drawn[:, j]] for j, item in enumerate(inputs)},
        "summary": {k: _figure(summary[k]) for k in SUMMARY_IDS},
        "monthly": {
            k: {f"p{xx}": [_value(v) for v in percentile(monthly[k], xx)] for xx in BANDS}
            for k in MONTHLY_IDS
        },
        "probability": {
            "cash_out": float((~np.isnan(summary["cash_out_month"])).mean()),
            "break_even": float((~np.isnan(summary["break_even_month"])).mean()),
        },
        "tornado": [sensitivity.as_json(e) for e in sensitivity.declared_tornado(s)],
    }
    return risk, summary


def summary_rows(risk: dict[str, Any]) -> list[tuple[str, Sequence[float | None]]]:
    """The figures of the printed table: (id, [p10, p50, p90])."""
    return [(k, [risk["summary"][k][f"p{xx}"] for xx in BANDS]) for k in SUMMARY_IDS]
