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

from projector import (
    compare,
    compare_report,
    compare_workbook,
    export,
    kpis,
    report,
    scenario,
    workbook,
)
from projector.errors import ProjectorError
from projector.model import Projection, project
from projector.pdf import html_to_pdf

Progress = Callable[[str], None]


@contextlib.contextmanager
def staged(out_dir: Path) -> Iterator[Callable[[str], Path]]:
    """Hand out temporary paths in `out_dir`; on success move them onto their real names."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ProjectorError(f"cannot create output folder {out_dir}: {e.strerror}") from e
    pending: dict[Path, Path] = {}

    def temp_for(name: str) -> Path:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
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
    stem, say = path.stem, _prefixed(progress, path.name)
    failure: ProjectorError | None = None
    with staged(out_dir) as temp_for:
        say(f"writing {stem}.xlsx")
        workbook.write_workbook(p, temp_for(f"{stem}.xlsx"), results)
        say(f"writing {stem}.json")
        temp_for(f"{stem}.json").write_text(export.to_json(p), encoding="utf-8")
        names = [f"{stem}.xlsx", f"{stem}.json"]
        rendered = _write_report(p, results, stem, temp_for, say, names)
        if pdf:
            failure = _write_pdf(rendered, stem, temp_for, say, names)
    result = RunResult(p, [out_dir / name for name in names])
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
    c = compare.compare(paths, name, progress)
    failure: ProjectorError | None = None
    names: list[str] = []
    with staged(out_dir) as temp_for:
        progress(f"writing {name}.xlsx ({2 * len(paths) + 2} sheets)")
        compare_workbook.write_workbook(c, temp_for(f"{name}.xlsx"), progress)
        progress(f"writing {name}.json")
        temp_for(f"{name}.json").write_text(compare_json(c), encoding="utf-8")
        names += [f"{name}.xlsx", f"{name}.json"]
        progress("drawing the comparison's charts")
        context = compare_report.build(c, chart_prefix=f"{name}_chart_",
                                       generated=report.generated_date())
        rendered = _write_rendered(compare_report.render(context), name, temp_for, progress,
                                   names)
        if pdf:
            failure = _write_pdf(rendered, name, temp_for, progress, names)
    result = CompareResult(c, [out_dir / n for n in names])
    if failure is not None:
        raise PdfFailed(failure, result)
    return result


def compare_json(c: compare.Comparison) -> str:
    """Each scenario's MODEL.md section 6 object, keyed by file stem, in the order given."""
    body = {e.key: export.to_dict(e.projection) for e in c.entries}
    return json.dumps(body, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def _prefixed(progress: Progress, prefix: str) -> Progress:
    return lambda message: progress(f"{prefix}: {message}")


def _write_report(
    p: Projection,
    results: list[kpis.KpiResult],
    stem: str,
    temp_for: Callable[[str], Path],
    say: Progress,
    names: list[str],
) -> report.Rendered:
    """The HTML and Markdown summary, the Markdown's charts beside it as `<stem>_chart_*.svg`."""
    say("drawing the report's charts")
    context = report.build(p, results, chart_prefix=f"{stem}_chart_",
                           generated=report.generated_date())
    return _write_rendered(report.render(context), stem, temp_for, say, names)


def _write_rendered(
    rendered: report.Rendered,
    stem: str,
    temp_for: Callable[[str], Path],
    say: Progress,
    names: list[str],
) -> report.Rendered:
    say(f"writing {stem}.html, {stem}.md and its charts")
    files = {f"{stem}.html": rendered.html, f"{stem}.md": rendered.markdown, **rendered.charts}
    for name, text in files.items():
        temp_for(name).write_text(text, encoding="utf-8")
        names.append(name)
    return rendered


def _write_pdf(
    rendered: report.Rendered,
    stem: str,
    temp_for: Callable[[str], Path],
    say: Progress,
    names: list[str],
) -> ProjectorError | None:
    """Print the report; a failure is returned, not raised, so the other outputs still land."""
    say(f"printing {stem}.pdf with Chromium")
    try:
        printed = html_to_pdf(rendered.print_html)  # before claiming a file for it
    except ProjectorError as e:
        return e
    temp_for(f"{stem}.pdf").write_bytes(printed)
    names.append(f"{stem}.pdf")
    return None
