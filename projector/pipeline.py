"""What `projector run` and `projector compare` do: project, then write all outputs or none.

Each command lists its outputs in a registry (RUN_OUTPUTS, COMPARE_OUTPUTS): an output
says how it makes its files from the command's context (a projection and the report
made from it once, or a comparison), whether it is written only when asked for (the
deck, the PDF), and whether a child process writes it beside the others (the workbook).
`publish` writes whatever a registry lists the same way, so a new output is one entry.

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
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

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
    from projector.writers.page import Rendered

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


# --- The outputs: a registry per command ------------------------------------------------

Content = str | bytes  # text is written as UTF-8


class Context(Protocol):
    """What every run's context has: the stem its files are named after."""

    @property
    def stem(self) -> str: ...


C = TypeVar("C", bound=Context)


@dataclass(frozen=True)
class Output(Generic[C]):
    """One output a command writes, declared once: its progress words and how it is made.

    A new output is one more entry in a registry (RUN_OUTPUTS, COMPARE_OUTPUTS): `publish`
    stages its files with the others, all or nothing.
    """

    name: str  # how a command asks for an optional output, and how tests name it
    say: str  # the progress message before it is made; `{stem}` is the command's stem
    files: Callable[[C], Mapping[str, Content]]  # its files, name -> content, from the context
    then: str = ""  # a second message once it is made, before its files are written
    optional: bool = False  # written only when asked for by name (the deck, the PDF)
    # A ProjectorError is reported after every other output is in place, not raised at
    # once (the PDF, when Chromium cannot print): it is made last.
    may_fail: bool = False


@dataclass(frozen=True)
class Background(Generic[C]):
    """An output written straight into its file by a child process while the outputs after
    it are made (in_background): the workbook, most of a run's time."""

    name: str
    say: str
    suffix: str  # its one file is `<stem><suffix>`
    write: Callable[[C, Path], None]  # the context and the file to write


Registry = Sequence[Output[C] | Background[C]]


def chosen(registry: Registry[C], asked: Collection[str]) -> list[Output[C] | Background[C]]:
    """The outputs a command writes: every output that is not optional, and those asked for."""
    return [o for o in registry if isinstance(o, Background) or not o.optional or o.name in asked]


def publish(
    out_dir: Path, outputs: Registry[C], context: C, say: Progress
) -> tuple[list[Path], ProjectorError | None]:
    """Write every output, all staged (`staged`): background outputs first, started at once,
    then the others in order, then, once the background is done, those that may fail.

    Returns the paths written, in that order, and the error of an output that may fail
    (returned, not raised, so that the other outputs still land).
    """
    names: list[str] = []
    failure: ProjectorError | None = None
    with staged(out_dir) as temp_for:

        def claim(name: str) -> Path:
            names.append(name)
            return temp_for(name)

        with contextlib.ExitStack() as children:
            waits = [
                children.enter_context(_started(o, context, claim, say))
                for o in outputs
                if isinstance(o, Background)
            ]
            for o in outputs:
                if isinstance(o, Output) and not o.may_fail:
                    _write(o, context, claim, say)
            for wait in waits:
                wait()
        for o in outputs:
            if isinstance(o, Output) and o.may_fail:
                try:
                    _write(o, context, claim, say)
                except ProjectorError as e:
                    failure = failure or e
    return [out_dir / name for name in names], failure


def _started(
    o: Background[C], context: C, claim: Callable[[str], Path], say: Progress
) -> contextlib.AbstractContextManager[Callable[[], None]]:
    """A background output started in a child process; the context yields its `wait`."""
    say(o.say.format(stem=context.stem))
    target = claim(f"{context.stem}{o.suffix}")
    return in_background(lambda: o.write(context, target))


def _write(o: Output[C], context: C, claim: Callable[[str], Path], say: Progress) -> None:
    """Make an output's files, then claim a staged file for each (none if making fails)."""
    say(o.say.format(stem=context.stem))
    files = o.files(context)
    if o.then:
        say(o.then.format(stem=context.stem))
    for name, content in files.items():
        if isinstance(content, str):
            claim(name).write_text(content, encoding="utf-8")
        else:
            claim(name).write_bytes(content)


class Rendering(Context, Protocol):
    """A context with a rendered report: the plan's or the comparison's."""

    @property
    def rendered(self) -> Rendered: ...


def _report_files(c: Rendering) -> dict[str, Content]:
    r = c.rendered
    return {f"{c.stem}.html": r.html, f"{c.stem}.md": r.markdown, **r.charts}


def _printed(c: Rendering) -> dict[str, Content]:
    return {f"{c.stem}.pdf": html_to_pdf(c.rendered.print_html)}


# --- projector run --------------------------------------------------------------------------


@dataclass
class RunContext:
    """What a run's outputs are made from. The report's pieces are made on first use, once:
    after the workbook's child process has forked, which never needs them."""

    stem: str
    projection: Projection
    results: list[kpis.KpiResult]

    @functools.cached_property
    def generated(self) -> datetime.date:
        """One date for the report and the deck."""
        return _generated_date()

    @functools.cached_property
    def report(self) -> present_report.Report:
        from projector.present import report as present_report

        return present_report.build(
            self.projection,
            self.results,
            chart_prefix=f"{self.stem}_chart_",
            generated=self.generated,
        )

    @functools.cached_property
    def rendered(self) -> Rendered:
        from projector.writers import report

        return report.render(self.report)


def _run_workbook(c: RunContext, target: Path) -> None:
    workbook.write_workbook(c.projection, target, c.results)


def _run_deck(c: RunContext) -> dict[str, Content]:
    from projector.writers import deck

    return {f"{c.stem}.pptx": deck.for_run(c.report, c.projection, c.generated)}


RUN_OUTPUTS: Registry[RunContext] = (
    Background("workbook", "writing {stem}.xlsx", ".xlsx", _run_workbook),
    Output(
        "json", "writing {stem}.json", lambda c: {f"{c.stem}.json": export.to_json(c.projection)}
    ),
    Output(
        "report",
        "drawing the report's charts",
        _report_files,
        then="writing {stem}.html, {stem}.md and its charts",
    ),
    Output("deck", "writing the investor deck {stem}.pptx", _run_deck, optional=True),
    Output("pdf", "printing {stem}.pdf with Chromium", _printed, optional=True, may_fail=True),
)


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
    """Project one scenario file and write the outputs of RUN_OUTPUTS: its workbook, JSON
    and summary report.

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

    def say(message: str) -> None:
        progress(f"{path.name}: {message}")

    outputs = chosen(RUN_OUTPUTS, _asked(pdf=pdf, deck=deck))
    written, failure = publish(out_dir, outputs, RunContext(path.stem, p, results), say)
    result = RunResult(p, written)
    if failure is not None:
        raise PdfFailed(failure, result)
    return result


def _asked(**options: bool) -> set[str]:
    """The optional outputs a command's options ask for, by name."""
    return {name for name, on in options.items() if on}


# --- projector compare ----------------------------------------------------------------------


@dataclass
class CompareContext:
    """What a comparison's outputs are made from, each piece made on first use, once."""

    stem: str
    comparison: compare.Comparison
    progress: Progress  # the workbook writer says which scenario it is at

    @functools.cached_property
    def generated(self) -> datetime.date:
        """One date for the report and the deck."""
        return _generated_date()

    @functools.cached_property
    def report(self) -> present_compare.CompareReport:
        from projector.present import compare as present_compare

        return present_compare.build(
            self.comparison, chart_prefix=f"{self.stem}_chart_", generated=self.generated
        )

    @functools.cached_property
    def rendered(self) -> Rendered:
        from projector.writers import compare_report

        return compare_report.render(self.report)


def _compare_workbook(c: CompareContext, target: Path) -> None:
    from projector.writers.xlsx import compare_workbook

    compare_workbook.write_workbook(c.comparison, target, c.progress)


def _compare_deck(c: CompareContext) -> dict[str, Content]:
    """The base's slides, then the scenarios side by side."""
    from projector.present import report as present_report
    from projector.writers import deck

    base = c.comparison.base
    base_report = present_report.build(
        base.projection, base.kpis, chart_prefix=f"{c.stem}_chart_", generated=c.generated
    )
    return {f"{c.stem}.pptx": deck.for_compare(base_report, c.report, c.comparison, c.generated)}


COMPARE_OUTPUTS: Registry[CompareContext] = (
    Background("workbook", "writing {stem}.xlsx", ".xlsx", _compare_workbook),
    Output("json", "writing {stem}.json", lambda c: {f"{c.stem}.json": compare_json(c.comparison)}),
    Output(
        "report",
        "drawing the report's charts",
        _report_files,
        then="writing {stem}.html, {stem}.md and its charts",
    ),
    Output("deck", "writing the investor deck {stem}.pptx", _compare_deck, optional=True),
    Output("pdf", "printing {stem}.pdf with Chromium", _printed, optional=True, may_fail=True),
)


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
    """Compare scenario files and write the outputs of COMPARE_OUTPUTS: `<name>.xlsx`,
    `.json`, `.html`, `.md` (and `.pdf`, and with `deck` the `.pptx`: the base's slides,
    then the scenarios side by side), all or nothing.

    As with `run`, a PDF that cannot be printed is reported after everything else is written.
    """
    from projector.analysis import compare

    c = compare.compare(paths, name, progress)
    outputs = chosen(COMPARE_OUTPUTS, _asked(pdf=pdf, deck=deck))
    written, failure = publish(out_dir, outputs, CompareContext(name, c, progress), progress)
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
