"""The projection model of docs/model.md: every line item, defined once, and its engine.

`lines` defines the monthly lines, `summary` the summary figures, `engine` evaluates
both with numpy; `formula` is the expression tree they are written in, which renders
to spreadsheet formulas too, and `kpis` holds the KPIs against industry benchmarks.
The public names are re-exported here, so callers import them from `projector.model`.
"""

from projector.model.engine import (
    Projection,
    evaluate_scalar,
    evaluation_order,
    month_labels,
    project,
    project_paths,
    year_of_month,
)
from projector.model.formula import ModelError
from projector.model.lines import (
    COUNT,
    FACTOR,
    FLAG,
    FLOW,
    MONEY,
    MONEY_CHECK,
    MONTH_NO,
    NONE,
    RATE,
    RATIO,
    SECTIONS,
    SHARE,
    STOCK,
    Line,
    build_lines,
)
from projector.model.summary import (
    CONTRIBUTION_TOLERANCE,
    SUMMARY_IDS,
    Summary,
    SummaryItem,
    build_summary,
    per_order_costs,
)

__all__ = [
    "CONTRIBUTION_TOLERANCE",
    "COUNT",
    "FACTOR",
    "FLAG",
    "FLOW",
    "MONEY",
    "MONEY_CHECK",
    "MONTH_NO",
    "ModelError",
    "NONE",
    "RATE",
    "RATIO",
    "SECTIONS",
    "SHARE",
    "STOCK",
    "Line",
    "Projection",
    "SUMMARY_IDS",
    "Summary",
    "SummaryItem",
    "build_lines",
    "build_summary",
    "evaluate_scalar",
    "evaluation_order",
    "month_labels",
    "per_order_costs",
    "project",
    "project_paths",
    "year_of_month",
]
