"""The summary report, laid out: HTML (one self-contained file), Markdown and HTML to print.

The report's context (`projector.present.report.build`) holds every number and word;
`render` draws its charts and fills `report.html.j2` and `report.md.j2`
(`projector.writers.page`).
"""

from __future__ import annotations

from projector.present.report import Report
from projector.writers.page import Rendered, draw, fill


def render(report: Report) -> Rendered:
    """The report as HTML, HTML for printing, Markdown, and the chart files."""
    risk = report.risk.charts if report.risk else ()
    return fill("report", report, draw((*report.charts, *risk), report.formatter))
