"""The lower bound XlsxWriter's formula preparation puts on each speed ratio.

    python benchmarks/formula_floor.py [--repeat 3]

Writes the three benchmarked workbooks (`projector run` of 240 and of 60 months,
`projector compare` of 30 scenarios of 60 months, as `bench_ratio.py` builds
them), counts the formula cells of each (`<f>` elements in its sheets), then
measures, in CPU time, what one formula costs XlsxWriter: the same formulas
written again through the public `write_formula` into a throwaway workbook
that is never closed, against the same cells written with `write_number`.  The
difference is the per-formula preparation (XlsxWriter runs about 29 regular
expressions over every formula to expand Excel 365 function names; no public
option skips them), paid whatever projector does.

The bound of a command is `formulas x cost per formula / floor`, the floor
being the CPU time (user + system) of `python -c 'import numpy, xlsxwriter,
openpyxl, jinja2, click, yaml, matplotlib.pyplot'` in a new process.  A target
ratio below `1 + bound` cannot be met by CPU on one core, since the command
also pays the floor's imports; with the workbook written on a second core, the
wall bound is the workbook alone.  Short runs only: the numbers are CPU times,
so a shared machine changes them little.
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
    closed: float  # write_formula, then the workbook's XML and zip (close)

    @property
    def prepare(self) -> float:
        """The formula preparation alone: what no public option skips."""
        return self.formula - self.number


def costs(sample: list[str], repeat: int) -> Costs:
    """Per-cell CPU of XlsxWriter on `sample` (the median of `repeat` runs each)."""
    from xlsxwriter import Workbook

    def write(kind: str) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            wb = Workbook(str(Path(tmp) / "cost.xlsx"))
            ws = wb.add_worksheet()
            start = time.process_time()
            for i, text in enumerate(sample):
                row, col = divmod(i, 250)
                if kind == "number":
                    ws.write_number(row, col, 0)
                else:
                    ws.write_formula(row, col, text, None, 0)
            if kind == "closed":
                wb.close()
            return (time.process_time() - start) / len(sample)

    return Costs(
        *(statistics.median(write(k) for _ in range(repeat)) for k in Costs.__annotations__)
    )


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
    cost = costs(books["compare, 30 x 60 months"][::5], args.repeat)
    floor = floor_cpu(args.repeat)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"XlsxWriter per cell, CPU: write_number {cost.number * 1e6:.1f} us, write_formula "
        f"{cost.formula * 1e6:.1f} us (preparation {cost.prepare * 1e6:.1f} us), with the "
        f"XML and zip {cost.closed * 1e6:.1f} us; import floor {floor:.2f} s CPU"
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
            f"{n * cost.closed / floor:10.2f} {n * (cost.closed - cost.prepare) / floor:10.2f} "
            f"{TARGETS[name]:6.1f}"
        )


if __name__ == "__main__":
    main()
