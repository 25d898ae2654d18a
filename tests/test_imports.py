"""What a command imports is what it uses: matplotlib only to draw, comparison code only to compare.

Each check runs in a new interpreter, since this test process has imported everything.
"""

from __future__ import annotations

import subprocess
import sys


def modules_after(code: str) -> set[str]:
    """The modules loaded once `code` has run in a fresh Python."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_the_command_line_loads_neither_matplotlib_nor_the_comparison():
    loaded = modules_after("import projector.cli, projector.writers.report")
    assert "projector.pipeline" in loaded and "projector.writers.charts" in loaded
    assert "matplotlib" not in loaded
    assert (
        not {
            "projector.analysis.compare",
            "projector.writers.compare_report",
            "projector.writers.xlsx.compare_workbook",
        }
        & loaded
    )


def test_the_report_and_jinja2_are_loaded_after_the_workbook_writer_forks():
    loaded = modules_after("import projector.cli")
    assert not {"jinja2", "projector.writers.report"} & loaded


def test_drawing_a_chart_loads_matplotlib_then():
    loaded = modules_after(
        "from projector.writers import charts\n"
        "svg = charts.waterfall('t', [charts.Step('a', 1, 'total')], str)\n"
        "assert svg.startswith('<?xml')"
    )
    assert "matplotlib" in loaded
