"""The `projector` command line: thin, it parses options and calls the pipeline.

Exit codes: 0 ok, 1 bad input or environment (a message, never a traceback), 2 usage
error, 3 a bug in projector (traceback only with -v), 130 interrupted (Ctrl-C), 143
terminated (SIGTERM).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from projector import __version__, pipeline, scenario, signals
from projector.errors import ProjectorError, ScenarioError

F = TypeVar("F", bound=Callable[..., Any])

EXAMPLE = "scenarios/personalized_treasures.yaml"


class _State:
    verbose = False
    quiet = False


def _progress(message: str) -> None:
    """Progress goes to stderr so stdout stays clean for piping."""
    if not _State.quiet:
        click.echo(message, err=True)


def _flag(name: str) -> Callable[[click.Context, click.Parameter, bool], None]:
    def remember(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            setattr(_State, name, True)

    return remember


_QUIET_HELP = "No progress messages."
_VERBOSE_HELP = "Show a traceback when projector itself fails."


def _verbosity(command: F) -> F:
    """-q and -v on a subcommand too: `projector run x.yaml -v` is what the errors suggest."""
    command = click.option(
        "-q", "--quiet", is_flag=True, expose_value=False, callback=_flag("quiet"), help=_QUIET_HELP
    )(command)
    return click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_flag("verbose"),
        help=_VERBOSE_HELP,
    )(command)


def _prefixed(prefix: str) -> Callable[[str], None]:
    """Progress of one of several files, each message after its "[n/N] "."""
    return lambda message: _progress(prefix + message)


def _out_option(help: str) -> Callable[[F], F]:
    """-o/--out: the folder a command writes into (created when missing)."""
    return click.option(
        "-o",
        "--out",
        "out_dir",
        default="output",
        show_default=True,
        type=click.Path(file_okay=False),
        help=help,
    )


def _files(paths: tuple[str, ...]) -> list[Path]:
    return [Path(p) for p in paths]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="projector")
@click.option("-q", "--quiet", is_flag=True, help=_QUIET_HELP)
@click.option("-v", "--verbose", is_flag=True, help=_VERBOSE_HELP)
def cli(quiet: bool, verbose: bool) -> None:
    """Turn a business's assumptions (a YAML scenario) into a financial projection:
    a live-formula Excel workbook, a JSON export and an investor-ready summary report
    (HTML, Markdown, and PDF with --pdf).

    \b
    Examples:
      projector run scenarios/personalized_treasures.yaml -o output
      projector compare scenarios/personalized_treasures/*.yaml -o output
    """
    _State.quiet, _State.verbose = quiet, verbose


@cli.command()
@_verbosity
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_out_option("Folder for the outputs.")
@click.option(
    "--pdf", is_flag=True, help="Also print the summary report to PDF (needs Chromium installed)."
)
@click.option(
    "--deck", is_flag=True, help="Also write the investor deck, an editable PowerPoint (.pptx)."
)
def run(files: tuple[str, ...], out_dir: str, pdf: bool, deck: bool) -> None:
    """Project each scenario FILE and write FILE's stem .xlsx, .json, and the summary
    report (.html, .md with its charts as STEM_chart_*.svg, and .pdf with --pdf) into the folder;
    with --deck, also the investor deck STEM.pptx (native, editable charts).

    \b
    Example:
      projector run scenarios/personalized_treasures.yaml -o output --pdf
    writes output/personalized_treasures.xlsx, .json, .html, .md and .pdf.
    """
    paths = _files(files)
    failure: pipeline.PdfFailed | None = None
    for n, path in enumerate(paths, start=1):
        started = time.perf_counter()
        prefix = f"[{n}/{len(paths)}] " if len(paths) > 1 else ""
        try:
            result = pipeline.run(path, Path(out_dir), _prefixed(prefix), pdf, deck)
        except pipeline.PdfFailed as e:  # everything but the PDF was written: go on
            result, failure = e.result, failure or e
        summary = result.projection.summary
        be = summary["break_even_month"]
        _progress(
            f"{prefix}{path.name}: done in {time.perf_counter() - started:.1f} s; "
            f"break-even {'month ' + str(int(be)) if be else 'not within the horizon'}, "
            f"funding need {summary['funding_need']:,.0f} "
            f"{result.projection.scenario.scenario.currency}"
        )
        for written in result.written:
            click.echo(str(written))
    if failure is not None:
        raise ProjectorError(failure.message)


def _output_name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A plain file name: the outputs are NAME.xlsx, NAME.json... inside --out."""
    if not value or value in (".", "..") or any(c in value for c in '/\\:*?"<>|'):
        raise click.BadParameter(f'{value!r} is not a plain file name (no folders, no /\\:*?"<>|)')
    return value


@cli.command(name="compare")
@_verbosity
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_out_option("Folder for the outputs.")
@click.option(
    "-n",
    "--name",
    default="comparison",
    show_default=True,
    callback=_output_name,
    help="Base name of the output files.",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Also print the comparison report to PDF (needs Chromium installed).",
)
@click.option(
    "--deck",
    is_flag=True,
    help="Also write the investor deck NAME.pptx: the base's slides, then the scenarios "
    "side by side.",
)
def compare_cmd(files: tuple[str, ...], out_dir: str, name: str, pdf: bool, deck: bool) -> None:
    """Compare 1 to 30 scenario FILES side by side; the first is the base case.

    Writes into the folder NAME.xlsx (each scenario's live Assumptions and Monthly
    sheets, and a Compare sheet of formulas with each scenario's summary and annual
    lines and their difference from the base), NAME.json (each scenario's projection
    keyed by file name), and the comparison report NAME.html and NAME.md (its charts as
    NAME_chart_*.svg), and NAME.pdf with --pdf, NAME.pptx with --deck. Scenarios are keyed
    by file name, so file names must differ.

    \b
    Example:
      projector compare scenarios/personalized_treasures/*.yaml -o output --name treasures
    writes output/treasures.xlsx, .json, .html and .md.
    """
    started = time.perf_counter()
    failure: pipeline.PdfFailed | None = None
    try:
        result = pipeline.run_compare(_files(files), Path(out_dir), name, _progress, pdf, deck)
    except pipeline.PdfFailed as e:
        result, failure = e.result, e
    _progress(
        f"{len(files)} scenario{'s' if len(files) > 1 else ''} compared in "
        f"{time.perf_counter() - started:.1f} s"
    )
    for written in result.written:
        click.echo(str(written))
    if failure is not None:
        raise ProjectorError(failure.message)


@cli.command()
@_verbosity
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Check scenario FILES without writing anything; list every problem found.

    \b
    Example:
      projector validate scenarios/*.yaml
    """
    problems: list = []
    for path in _files(files):
        try:
            s = scenario.load(path)
        except ScenarioError as e:
            problems += e.problems
            continue
        click.echo(
            f"ok: {path} ({s.scenario.name}, {s.scenario.months} months from {s.scenario.start})"
        )
    if problems:
        raise ScenarioError(problems)


@cli.command()
@_verbosity
@click.argument("file", type=click.Path(dir_okay=False))
def show(file: str) -> None:
    """Print FILE fully resolved as YAML: parents merged (extends), every default filled.

    \b
    Example:
      projector show scenarios/personalized_treasures.yaml
    """
    click.echo(scenario.resolved_yaml(Path(file)), nl=False)


@cli.command()
@_verbosity
def schema() -> None:
    """Print the JSON Schema of the scenario format, for editors' autocompletion.

    \b
    Example:
      projector schema > scenario.schema.json
    """
    click.echo(json.dumps(scenario.json_schema(), indent=2, ensure_ascii=False))


def _load_uncertain(file: str) -> scenario.Scenario:
    s = scenario.load(Path(file))
    if not s.uncertainty.inputs:
        raise ProjectorError(
            f"{file} declares no uncertainty: add an `uncertainty:` section with `inputs` "
            "(see docs/risk.md)"
        )
    return s


def _write_json(out_dir: Path, name: str, data: Any) -> Path:
    """One JSON file, written whole or not at all (the pipeline's staged writing)."""
    with pipeline.staged(out_dir) as temp_for:
        tmp = temp_for(name)
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    return out_dir / name


def _cell(value: float | None, month: bool) -> str:
    if value is None:
        return "never" if month else "-"
    return f"{value:,.0f}" if month else f"{value:,.2f}"


@cli.command()
@_verbosity
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--paths",
    type=click.IntRange(1, scenario.MAX_PATHS),
    help="Paths to simulate (default: the scenario's uncertainty.paths).",
)
@click.option("--seed", type=click.IntRange(0), help="Seed (default: uncertainty.seed).")
@_out_option("Folder for STEM_risk.json.")
def simulate(file: str, paths: int | None, seed: int | None, out_dir: str) -> None:
    """Monte Carlo simulation of FILE's declared uncertainty: writes STEM_risk.json (the
    percentile bands, probabilities and tornado) and prints P10/P50/P90 of the key figures.

    \b
    Example:
      projector simulate scenarios/personalized_treasures/uncertain.yaml --paths 10000
    """
    from dataclasses import replace

    from projector.analysis import risk

    s = _load_uncertain(file)
    u = s.uncertainty
    u = replace(u, paths=u.paths if paths is None else paths, seed=u.seed if seed is None else seed)
    s = replace(s, uncertainty=u)
    show_bar = not _State.quiet and u.paths >= 5 * risk.CHUNK
    bar = click.progressbar(length=u.paths, label="Simulating", file=sys.stderr)
    with bar if show_bar else contextlib.nullcontext():
        done = [0]

        def advance(now: int, total: int) -> None:
            if show_bar:
                bar.update(now - done[0])
            done[0] = now

        result = risk.simulate(s, advance)
    written = _write_json(Path(out_dir), f"{Path(file).stem}_risk.json", result)
    click.echo(f"{u.paths:,} paths, seed {u.seed}:          P10          P50          P90")
    for item, bands in risk.summary_rows(result):
        month = item in risk.MONTH_IDS
        click.echo(f"  {item:<22}" + "".join(f"{_cell(v, month):>13}" for v in bands))
    prob = result["probability"]
    click.echo(f"  P(cash runs out) {prob['cash_out']:.1%}; P(break-even) {prob['break_even']:.1%}")
    click.echo(str(written))


@cli.command()
@_verbosity
@click.argument("file", type=click.Path(dir_okay=False))
@_out_option("Folder for STEM_sensitivity.json.")
def sensitivity(file: str, out_dir: str) -> None:
    """The tornado of FILE: each uncertain input at the 10th and 90th percentiles of its
    distribution, or without `uncertainty` the default drivers at 0.8x and 1.2x; the
    inputs that move ending cash the most first. Printed, and written as JSON.

    \b
    Example:
      projector sensitivity scenarios/personalized_treasures.yaml
    """
    from projector.analysis import sensitivity as sens

    s = scenario.load(Path(file))
    entries = sens.declared_tornado(s) if s.uncertainty.inputs else sens.tornado(s)
    click.echo(f"{'input':<44}{'low':>12}{'high':>12}{'ending cash at low':>20}{'at high':>14}")
    for e in entries:
        low, high = e.ending_cash
        click.echo(f"{e.input:<44}{e.low:>12,.4g}{e.high:>12,.4g}{low:>20,.0f}{high:>14,.0f}")
    data = {"declared": bool(s.uncertainty.inputs), "tornado": [sens.as_json(e) for e in entries]}
    click.echo(str(_write_json(Path(out_dir), f"{Path(file).stem}_sensitivity.json", data)))


@cli.command()
@_verbosity
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--vary", required=True, help="The input address to change, e.g. orders.aov.")
@click.option("--target", required=True, help="ID=VALUE, ID<=VALUE, ID>=VALUE or ID=never.")
@click.option("--between", nargs=2, type=float, help="The search range LO HI.")
@click.option(
    "-o",
    "--out",
    "child",
    type=click.Path(dir_okay=False),
    help="Write a scenario that extends FILE with the answer.",
)
def solve(
    file: str, vary: str, target: str, between: tuple[float, float] | None, child: str | None
) -> None:
    """Goal seek: the value of one input of FILE that meets a target on a summary figure.

    \b
    Example:
      projector solve scenarios/personalized_treasures.yaml \\
        --vary acquisition.channels.email.conversion --target break_even_month<=18
    """
    from projector.analysis import solve as solver

    s = scenario.load(Path(file))
    goal = solver.parse_target(target)
    answer = solver.solve(s, vary, goal, between or None)
    click.echo(f"{answer.address} = {answer.value:.10g}  ->  {goal}")
    for key in (
        "break_even_month",
        "break_even_ttm_month",
        "cash_out_month",
        "funding_need",
        "min_cash",
        "ending_cash",
        "ltv_to_cac",
    ):
        value = answer.summary[key]
        month = key.endswith("_month")
        click.echo(f"  {key:<22}{_cell(value, month):>16}")
    if child:
        text = solver.child_yaml(s, Path(file), Path(child), answer)
        target_path = Path(child)
        with pipeline.staged(target_path.parent if str(target_path.parent) else Path(".")) as tmp:
            tmp(target_path.name).write_text(text)
        click.echo(str(target_path))


def main() -> None:
    """Entry point: map every outcome to its exit code, tracebacks only for bugs with -v."""
    signals.install()
    try:
        code = cli.main(prog_name="projector", standalone_mode=False)
    except signals.Interrupted as e:  # SIGINT or SIGTERM: outputs already cleaned up
        signals.leave(e)
    except ProjectorError as e:
        e.show()
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as e:  # a bug in projector, not in the user's input
        if _State.verbose or os.environ.get("PROJECTOR_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"Internal error: {type(e).__name__}: {e} "
            "(this is a bug in projector; rerun with -v for details)",
            err=True,
        )
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
