"""The projection model of docs/model.md: every line item, defined once, and its engine.

`lines` defines the monthly lines, `summary` the summary figures, `engine` evaluates
both with numpy; `formula` is the expression tree they are written in, which renders
to spreadsheet formulas too, and `kpis` holds the KPIs against industry benchmarks.
The public names are re-exported here, so callers import them from `projector.model`.
"""

from projector.model.calendar import (
    MONTHS_PER_YEAR,
    month_labels,
    months_of_year,
    year1_months,
    year_count,
    year_of_month,
)
from projector.model.engine import (
    Projection,
    evaluate_scalar,
    evaluation_order,
    project,
    project_paths,
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
    LTV_TO_CAC_HEALTHY,
    SUMMARY_IDS,
    Summary,
    SummaryItem,
    build_summary,
    healthy_ltv_to_cac,
    per_order_costs,
)

__all__ = [
    "CONTRIBUTION_TOLERANCE",
    "COUNT",
    "FACTOR",
    "FLAG",
    "LTV_TO_CAC_HEALTHY",
    "FLOW",
    "MONEY",
    "MONEY_CHECK",
    "MONTHS_PER_YEAR",
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
    "healthy_ltv_to_cac",
    "month_labels",
    "months_of_year",
    "per_order_costs",
    "project",
    "project_paths",
    "year1_months",
    "year_count",
    "year_of_month",
]
