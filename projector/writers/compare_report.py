"""The comparison report, laid out: HTML, Markdown (charts as SVG files beside it) and
HTML to print to PDF, from the comparison's context (`projector.present.compare`).
"""

from __future__ import annotations

from projector.present.compare import CompareReport
from projector.writers import report


def render(r: CompareReport) -> report.Rendered:
    """The comparison as HTML, HTML for printing, Markdown, and the chart files."""
    return report.fill("compare", r, report.draw(r.charts, r.formatter))
