"""What `projector run` and `projector compare` do: project, then write all outputs or none.

Outputs are first written to hidden temporary files beside their targets and
moved into place only once every one of them is complete, so a failure leaves
the previous outputs untouched and no half-written file behind.  The one
exception is the optional PDF: when Chromium cannot print it, every other
output is still written, then the error is raised.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from projector import export, kpis, scenario, workbook
from projector.background import in_background
from projector.errors import ProjectorError
from projector.model import Projection, project
from projector.pdf import html_to_pdf

if TYPE_CHECKING:
    # Imported where used: `projector run` never compares, and the report (jinja2) is
    # drawn after the workbook writer has forked, beside it rather than before it.
    from projector import compare, report

Progress = Callable[[str], None]


def _umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


@contextlib.contextmanager
def staged(out_dir: Path) -> Iterator[Callable[[str], Path]]:
    """Hand out temporary paths in `out_dir`; on success move them onto their real names."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ProjectorError(f"cannot create output folder {out_dir}: {e.strerror}") from e
    pending: dict[Path, Path] = {}
    mode = 0o666 & ~_umask()

    def temp_for(name: str) -> Path:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
        os.fchmod(fd, mode)  # mkstemp makes 0600; an output is a file like any other
        os.close(fd)
        pending[Path(tmp)] = out_dir / name
        return Path(tmp)

    try:
        yield temp_for
    except BaseException:
        for tmp in pending:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in pending.items():
        os.replace(tmp, final)


@dataclass(frozen=True)
class RunResult:
    projection: Projection
    written: list[Path]


class PdfFailed(ProjectorError):
    """The PDF could not be printed; every other output of the run was written."""

    def __init__(self, cause: ProjectorError, result: RunResult | CompareResult) -> None:
        super().__init__(cause.message)
        self.result = result


def run(
    path: Path, out_dir: Path, progress: Progress = lambda _: None, pdf: bool = False
) -> RunResult:
    """Project one scenario file and write its workbook, JSON and summary report.

    With `pdf`, the report is also printed to PDF; if that fails (no Chromium),
    everything else is still written and `PdfFailed` is raised afterwards.
    """
    progress(f"{path.name}: loading")
    s = scenario.load(path)
    progress(f"{path.name}: projecting {s.scenario.months} months")
    p = project(s)
    results = kpis.evaluate(p)
    stem = path.stem

    def say(message: str) -> None:
        progress(f"{path.name}: {message}")

    def rendered() -> report.Rendered:
        from projector import report

        context = report.build(
            p, results, chart_prefix=f"{stem}_chart_", generated=report.generated_date()
        )
        return report.render(context)

    written, failure = _publish(
        out_dir,
        stem,
        say,
        pdf,
        lambda target: workbook.write_workbook(p, target, results),
        lambda: export.to_json(p),
        rendered,
    )
    result = RunResult(p, written)
    if failure is not None:
        raise PdfFailed(failure, result)
    return result


@dataclass(frozen=True)
class CompareResult:
    comparison: compare.Comparison
    written: list[Path]


def run_compare(
    paths: list[Path],
    out_dir: Path,
    name: str = "comparison",
    progress: Progress = lambda _: None,
    pdf: bool = False,
) -> CompareResult:
    """Compare scenario files: `<name>.xlsx`, `.json`, `.html`, `.md` (and `.pdf`), all or nothing.

    As with `run`, a PDF that cannot be printed is reported after everything else is written.
    """
    from projector import compare, compare_report, compare_workbook

    c = compare.compare(paths, name, progress)

    def rendered() -> report.Rendered:
        from projector import report

        context = compare_report.build(
            c, chart_prefix=f"{name}_chart_", generated=report.generated_date()
        )
        return compare_report.render(context)

    written, failure = _publish(
        out_dir,
        name,
        progress,
        pdf,
        lambda target: compare_workbook.write_workbook(c, target, progress),
        lambda: compare_json(c),
        rendered,
    )
    result = CompareResult(c, written)
    if failure is not None:
        raise PdfFailed(failure, result)
    return result


def compare_json(c: compare.Comparison) -> str:
    """Each scenario's MODEL.md section 6 object, keyed by file stem, in the order given."""
    body = {e.key: export.to_dict(e.projection) for e in c.entries}
    return json.dumps(body, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def _publish(
    out_dir: Path,
    stem: str,
    say: Progress,
    pdf: bool,
    write_workbook: Callable[[Path], None],
    json_text: Callable[[], str],
    rendered: Callable[[], report.Rendered],
) -> tuple[list[Path], ProjectorError | None]:
    """Write `<stem>.xlsx`, `.json`, `.html`, `.md` and its `<stem>_chart_*.svg` (and `.pdf`),
    all staged; returns the paths written in that order.

    A PDF Chromium cannot print is returned, not raised, so the other outputs still land.
    """
    names: list[str] = []
    failure: ProjectorError | None = None
    with staged(out_dir) as temp_for:

        def claim(name: str) -> Path:
            names.append(name)
            return temp_for(name)

        say(f"writing {stem}.xlsx")
        book = claim(f"{stem}.xlsx")
        # The workbook is written by a child process while this one writes the rest.
        with in_background(lambda: write_workbook(book)) as workbook_written:
            say(f"writing {stem}.json")
            claim(f"{stem}.json").write_text(json_text(), encoding="utf-8")
            say("drawing the report's charts")
            report_ = rendered()
            say(f"writing {stem}.html, {stem}.md and its charts")
            files = {f"{stem}.html": report_.html, f"{stem}.md": report_.markdown, **report_.charts}
            for name, text in files.items():
                claim(name).write_text(text, encoding="utf-8")
            workbook_written()
        if pdf:
            say(f"printing {stem}.pdf with Chromium")
            try:
                printed = html_to_pdf(report_.print_html)  # before claiming a file for it
                claim(f"{stem}.pdf").write_bytes(printed)
            except ProjectorError as e:
                failure = e
    return [out_dir / name for name in names], failure
