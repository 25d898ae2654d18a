"""The comparison report, laid out: HTML, Markdown (charts as SVG files beside it) and
HTML to print to PDF, from the comparison's context (`projector.present.compare`).
"""

from __future__ import annotations

from projector.present.compare import CompareReport
from projector.writers.page import Rendered, draw, fill


def render(r: CompareReport) -> Rendered:
    """The comparison as HTML, HTML for printing, Markdown, and the chart files."""
    return fill("compare", r, draw(r.charts, r.formatter))
