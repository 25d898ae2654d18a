"""What `projector run` and `projector compare` do: project, then write all outputs or none.

Outputs are first written to hidden temporary files beside their targets and
moved into place only once every one of them is complete, so a failure leaves
the previous outputs untouched and no half-written file behind.  The one
exception is the optional PDF: when Chromium cannot print it, every other
output is still written, then the error is raised.

Moving several files into place cannot be one atomic step, so the old outputs are
kept (hard-linked) until every new one is in place; if a move fails, or a signal
arrives, the ones already moved are put back.  A full disk or a read-only folder
is the user's environment, not a bug: it is reported as an error naming the folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import errno
import functools
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from xlsxwriter.exceptions import FileCreateError

from projector import scenario
from projector.background import in_background
from projector.errors import ProjectorError
from projector.model import Projection, kpis, project
from projector.writers import export
from projector.writers.pdf import html_to_pdf
from projector.writers.xlsx import workbook

if TYPE_CHECKING:
    # Imported where used: `projector run` never compares, and the report (jinja2) is
    # drawn after the workbook writer has forked, beside it rather than before it.
    from projector.analysis import compare
    from projector.present import compare as present_compare
    from projector.present import report as present_report
    from projector.writers import report

Progress = Callable[[str], None]
R = TypeVar("R", "RunResult", "CompareResult")  # what a run wrote, PDF aside


def _umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


# Errors of the user's machine rather than of projector: a full disk, a read-only or
# immutable folder, no permission, a name that is taken by a folder.
_ENVIRONMENT_ERRNOS = frozenset(
    {
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.EIO,
        errno.EFBIG,
        errno.EISDIR,
        errno.ENOTDIR,
        errno.ENAMETOOLONG,
        errno.EMLINK,
    }
)


def _environment_error(error: BaseException, out_dir: Path) -> ProjectorError | None:
    """The user-facing error for a failed write, or None when it looks like a bug."""
    if isinstance(error, FileCreateError) and error.args and isinstance(error.args[0], OSError):
        error = error.args[0]  # XlsxWriter wraps the OSError of writing the workbook
    if not isinstance(error, OSError) or error.errno not in _ENVIRONMENT_ERRNOS:
        return None
    reason = (error.strerror or str(error)).lower()
    where = Path(error.filename) if isinstance(error.filename, str) else None
    if where is not None and where.parent.resolve() != out_dir.resolve():
        reason += f" ({where})"
    return ProjectorError(f"cannot write the outputs in {out_dir}: {reason}")


@contextlib.contextmanager
def staged(out_dir: Path) -> Iterator[Callable[[str], Path]]:
    """Hand out temporary paths in `out_dir`; on success move them all onto their names.

    All or nothing: on any failure (an exception, a signal turned into one, a move that
    fails half-way) the earlier outputs are left as they were and no temporary file
    remains.  A failure of the user's environment becomes a ProjectorError (exit 1).
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ProjectorError(f"cannot create output folder {out_dir}: {e.strerror}") from e
    pending: dict[Path, Path] = {}
    mode = 0o666 & ~_umask()

    def temp_for(name: str) -> Path:
        final = out_dir / name
        if final.is_dir():
            raise ProjectorError(f"cannot write {final}: a folder has that name")
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
        pending[Path(tmp)] = final  # from here on, a failure removes it
        try:
            os.fchmod(fd, mode)  # mkstemp makes 0600; an output is a file like any other
        finally:
            os.close(fd)
        return Path(tmp)

    try:
        yield temp_for
        _move_all(pending)
    except BaseException as error:
        for tmp in pending:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        friendly = _environment_error(error, out_dir)
        if friendly is not None:
            raise friendly from error
        raise


def _move_all(pending: dict[Path, Path]) -> None:
    """Rename each temporary file onto its name; if one fails, put every old file back."""
    backups: dict[Path, Path | None] = {}
    moved: list[Path] = []
    try:
        for final in pending.values():
            backups[final] = _keep(final)
        for tmp, final in pending.items():
            os.replace(tmp, final)
            moved.append(final)
    except BaseException:
        for final in reversed(moved):
            with contextlib.suppress(OSError):
                old = backups.get(final)
                if old is None:
                    final.unlink()
                else:
                    os.replace(old, final)
        raise
    finally:
        for old in backups.values():
            if old is not None:
                with contextlib.suppress(OSError):
                    old.unlink(missing_ok=True)


def _keep(final: Path) -> Path | None:
    """A hidden second name for the current `final` (None when there is none), to restore it."""
    if not final.is_file():
        return None
    old = final.with_name(f".{final.name}.{secrets.token_hex(4)}.old")
    try:
        os.link(final, old)
    except OSError:  # a file system without hard links: copy instead
        shutil.copy2(final, old)
    return old


@dataclass(frozen=True)
class RunResult:
    projection: Projection
    written: list[Path]


class PdfFailed(ProjectorError, Generic[R]):
    """The PDF could not be printed; every other output of the run was written."""

    def __init__(self, cause: ProjectorError, result: R) -> None:
        super().__init__(cause.message)
        self.result: R = result


def run(
    path: Path,
    out_dir: Path,
    progress: Progress = lambda _: None,
    pdf: bool = False,
    deck: bool = False,
) -> RunResult:
    """Project one scenario file and write its workbook, JSON and summary report.

    With `deck`, also the investor deck (`.pptx`), laid out from the report's own context.
    With `pdf`, the report is also printed to PDF; if that fails (no Chromium),
    everything else is still written and `PdfFailed` is raised afterwards.
    """
    progress(f"{path.name}: loading")
    s = scenario.load(path)
    progress(f"{path.name}: projecting {s.scenario.months} months")
    p = project(s)
    if s.uncertainty.inputs:
        from projector.analysis import risk

        progress(f"{path.name}: simulating {s.uncertainty.paths:,} paths")
        risk_, per_path = risk.simulate_with_paths(s)
        p = dataclasses.replace(p, risk=risk_, risk_paths=per_path)
    results = kpis.evaluate(p)
    stem = path.stem

    def say(message: str) -> None:
        progress(f"{path.name}: {message}")

    _generated = functools.cache(_generated_date)  # one date for the report and the deck

    @functools.cache
    def context() -> present_report.Report:
        from projector.present import report as present_report

        return present_report.build(
            p, results, chart_prefix=f"{stem}_chart_", generated=_generated()
        )

    def rendered() -> report.Rendered:
        from projector.writers import report

        return report.render(context())

    def slides() -> bytes:
        from projector.writers import deck as deck_

        return deck_.for_run(context(), p, _generated())

    written, failure = _publish(
        out_dir,
        stem,
        say,
        pdf,
        lambda target: workbook.write_workbook(p, target, results),
        lambda: export.to_json(p),
        rendered,
        slides if deck else None,
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
    deck: bool = False,
) -> CompareResult:
    """Compare scenario files: `<name>.xlsx`, `.json`, `.html`, `.md` (and `.pdf`, and with
    `deck` the `.pptx`: the base's slides, then the scenarios side by side), all or nothing.

    As with `run`, a PDF that cannot be printed is reported after everything else is written.
    """
    from projector.analysis import compare
    from projector.writers import compare_report
    from projector.writers.xlsx import compare_workbook

    c = compare.compare(paths, name, progress)
    _generated = functools.cache(_generated_date)  # one date for the report and the deck

    @functools.cache
    def context() -> present_compare.CompareReport:
        from projector.present import compare as present_compare

        return present_compare.build(c, chart_prefix=f"{name}_chart_", generated=_generated())

    def slides() -> bytes:
        from projector.present import report as present_report
        from projector.writers import deck as deck_

        base = c.base
        base_context = present_report.build(
            base.projection, base.kpis, chart_prefix=f"{name}_chart_", generated=_generated()
        )
        return deck_.for_compare(base_context, context(), c, _generated())

    written, failure = _publish(
        out_dir,
        name,
        progress,
        pdf,
        lambda target: compare_workbook.write_workbook(c, target, progress),
        lambda: compare_json(c),
        lambda: compare_report.render(context()),
        slides if deck else None,
    )
    result = CompareResult(c, written)
    if failure is not None:
        raise PdfFailed(failure, result)
    return result


def _generated_date() -> datetime.date:
    """The report's "generated" date (importing the presentation layer only when it is needed)."""
    from projector.present.numbers import generated_date

    return generated_date()


def compare_json(c: compare.Comparison) -> str:
    """Each scenario's JSON export (docs/model.md), keyed by file stem, in the order given."""
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
    deck: Callable[[], bytes] | None = None,
) -> tuple[list[Path], ProjectorError | None]:
    """Write `<stem>.xlsx`, `.json`, `.html`, `.md` and its `<stem>_chart_*.svg` (and the
    deck `.pptx`, and `.pdf`), all staged; returns the paths written in that order.

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
            if deck is not None:
                say(f"writing the investor deck {stem}.pptx")
                claim(f"{stem}.pptx").write_bytes(deck())
            workbook_written()
        if pdf:
            say(f"printing {stem}.pdf with Chromium")
            try:
                printed = html_to_pdf(report_.print_html)  # before claiming a file for it
                claim(f"{stem}.pdf").write_bytes(printed)
            except ProjectorError as e:
                failure = e
    return [out_dir / name for name in names], failure
