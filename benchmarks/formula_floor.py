"""The lower bound XlsxWriter's formula preparation puts on each speed ratio.

    python benchmarks/formula_floor.py [--repeat 3]

Writes the three benchmarked workbooks (`projector run` of 240 and of 60 months,
`projector compare` of 30 scenarios of 60 months, as `bench_ratio.py` builds
them), counts the formula cells of each (`<f>` elements in its sheets), then
measures, in CPU time, what one formula cell costs XlsxWriter: every fifth of
the comparison's formulas written again through the public `write_formula` into
a throwaway workbook, against the same cells written with `write_number`, then
that workbook closed.  The difference of the two writes is the per-formula
preparation (XlsxWriter 3.3.1 runs 29 regular expressions over every formula to
expand Excel 365 function names; no public option skips them); the close is the
cell's XML and its compression.  Both are paid whatever projector does.

A bound is `formulas x cost per cell / floor`, the floor being the CPU time
(user + system) of `python -c 'import numpy, xlsxwriter, openpyxl, jinja2,
click, yaml, matplotlib.pyplot'` in a new process, measured in the same run so
that a busy machine slows both sides alike.  benchmarks/README.md says what the
bounds mean for each target.  A short run (about a minute of CPU), not a timing loop.
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_compare import scenarios  # noqa: E402
from bench_ratio import FLOOR, scenario_with  # noqa: E402

# A formula cell of a sheet's XML: `<f>text</f>` (or `<f t="array" ref="..">text</f>`).
FORMULA = re.compile(r"<f(?: [^>]*)?>([^<]*)</f>")


def formulas(xlsx: Path) -> list[str]:
    """Every cell formula of the workbook's sheets, as written (`=` restored)."""
    out = []
    with zipfile.ZipFile(xlsx) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode("utf-8")
                out += ["=" + html.unescape(f) for f in FORMULA.findall(xml)]
    return out


@dataclass(frozen=True)
class Costs:
    """CPU seconds per cell that XlsxWriter takes, measured on the same cells."""

    number: float  # write_number: storing a cell
    formula: float  # write_formula: storing it and preparing its text
    xml: float  # close(): the cell's XML, compressed into the file

    @property
    def prepare(self) -> float:
        """The formula preparation alone: what no public option skips."""
        return self.formula - self.number

    @property
    def whole(self) -> float:
        """All XlsxWriter does for a formula cell."""
        return self.formula + self.xml


def costs(sample: list[str], repeat: int) -> Costs:
    """Per-cell CPU of XlsxWriter on `sample` (the median of `repeat` runs each)."""
    from xlsxwriter import Workbook

    def write(as_formula: bool) -> tuple[float, float]:
        """(writing, closing) CPU seconds per cell."""
        with tempfile.TemporaryDirectory() as tmp:
            wb = Workbook(str(Path(tmp) / "cost.xlsx"))
            ws = wb.add_worksheet()
            start = time.process_time()
            for i, text in enumerate(sample):
                row, col = divmod(i, 250)
                if as_formula:
                    ws.write_formula(row, col, text, None, 0)
                else:
                    ws.write_number(row, col, 0)
            written = time.process_time()
            wb.close()
            closed = time.process_time()
        return (written - start) / len(sample), (closed - written) / len(sample)

    numbers = [write(False)[0] for _ in range(repeat)]
    formulas = [write(True) for _ in range(repeat)]
    return Costs(
        statistics.median(numbers),
        statistics.median(w for w, _ in formulas),
        statistics.median(c for _, c in formulas),
    )


# The functions XlsxWriter 3.3.1 prefixes in every formula (`_xlfn.`), one regex each.
DYNAMIC = [
    "ANCHORARRAY",
    "BYCOL",
    "BYROW",
    "CHOOSECOLS",
    "CHOOSEROWS",
    "DROP",
    "EXPAND",
    "FILTER",
    "HSTACK",
    "LAMBDA",
    "MAKEARRAY",
    "MAP",
    "RANDARRAY",
    "REDUCE",
    "SCAN",
    "SINGLE",
    "SEQUENCE",
    "SORT",
    "SORTBY",
    "SWITCH",
    "TAKE",
    "TEXTSPLIT",
    "TOCOL",
    "TOROW",
    "UNIQUE",
    "VSTACK",
    "WRAPCOLS",
    "WRAPROWS",
    "XLOOKUP",
]


def one_pass(sample: list[str], repeat: int) -> float:
    """CPU seconds per formula of one precompiled search for all those names: what the
    preparation would cost if it looked once before substituting (an upstream change)."""
    any_name = re.compile(r"\b(?:" + "|".join(DYNAMIC) + r")\(")

    def run() -> float:
        start = time.process_time()
        for text in sample:
            any_name.search(text)
        return (time.process_time() - start) / len(sample)

    return statistics.median(run() for _ in range(repeat))


def floor_cpu(repeat: int) -> float:
    """Median CPU seconds (user + system) of the import floor in a new process."""
    times = []
    for _ in range(repeat):
        child = subprocess.Popen([sys.executable, "-c", FLOOR], cwd=tempfile.gettempdir())
        _, _, usage = os.wait4(child.pid, 0)
        times.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(times)


def workbooks(folder: Path) -> dict[str, Path]:
    """The benchmarked commands' workbooks, written by `projector` in new processes."""
    cli = [sys.executable, "-m", "projector.cli", "-q"]
    out = folder / "out"
    for months in (240, 60):
        path = scenario_with(folder, months)
        subprocess.run([*cli, "run", str(path), "-o", str(out)], check=True, capture_output=True)
    sub = folder / "compare"
    sub.mkdir()
    paths = [str(p) for p in scenarios(sub, 30)]
    subprocess.run([*cli, "compare", *paths, "-o", str(out)], check=True, capture_output=True)
    return {
        "run, 240 months": out / "months_240.xlsx",
        "run, 60 months": out / "months_60.xlsx",
        "compare, 30 x 60 months": out / "comparison.xlsx",
    }


TARGETS = {"run, 240 months": 2.0, "run, 60 months": 1.6, "compare, 30 x 60 months": 12.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        books = {name: formulas(path) for name, path in workbooks(Path(tmp)).items()}
    # Every fifth formula of the comparison: the same mix, a fifth of the time.
    sample = books["compare, 30 x 60 months"][::5]
    cost, search = costs(sample, args.repeat), one_pass(sample, args.repeat)
    floor = floor_cpu(args.repeat)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"XlsxWriter per cell, CPU: write_number {cost.number * 1e6:.1f} us, write_formula "
        f"{cost.formula * 1e6:.1f} us (preparation {cost.prepare * 1e6:.1f} us), its XML and "
        f"zip {cost.xml * 1e6:.1f} us; one search for all 29 names "
        f"{search * 1e6:.2f} us; import floor {floor:.2f} s CPU"
    )
    print(
        "bounds, in floors: preparation alone; all XlsxWriter does for the formula cells; "
        "the same without the preparation (a writer that skipped it)"
    )
    print(
        f"{'workbook':<24} {'formulas':>8} {'prepare s':>9} {'bound':>6} "
        f"{'xlsxwriter':>10} {'no prepare':>10} {'target':>6}"
    )
    for name, found in books.items():
        n = len(found)
        print(
            f"{name:<24} {n:8d} {n * cost.prepare:9.2f} {n * cost.prepare / floor:6.2f} "
            f"{n * cost.whole / floor:10.2f} {n * (cost.whole - cost.prepare) / floor:10.2f} "
            f"{TARGETS[name]:6.1f}"
        )


if __name__ == "__main__":
    main()
