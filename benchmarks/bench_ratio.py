"""The speed targets as ratios to the import floor, measured in one run.

    python benchmarks/bench_ratio.py [--repeat 7] [--compare-repeat 3] [--counts 10 20 30]
                                     [--before SOURCE_DIR]

With --before, each command is also run on an earlier version's source (say
`git archive <commit> | tar -x -C /tmp/before`), in the same pairs and the same
run, for a before/after comparison under the same load.

Each command runs in a new process, paired with a run of the import floor
(`python -c 'import numpy, xlsxwriter, openpyxl, jinja2, click, yaml,
matplotlib.pyplot'`: what Python takes to start with the libraries projector
uses) right before or right after it, alternating, so that a machine shared
with other work slows both sides of a pair alike.  A pair's ratio is the
command's time over its floor's; the median ratio of the pairs is reported, with
the median times.  The CPU ratio (user + system time, the forked workbook
writer's included) shows the work done whatever the machine's load; the wall
ratio is the target, and it profits from a second idle core.  Peak memory is the
largest resident set of the command's process (`wait4`'s ru_maxrss).

Targets (issue 10): `projector run` of a 240-month scenario at most 2x the
floor, of a 60-month scenario at most 1.6x, `projector compare` of 30 scenarios
of 60 months at most 12x, growing linearly; the 240-month run below 200 MiB.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_compare import scenarios  # noqa: E402

FLOOR = "import numpy, xlsxwriter, openpyxl, jinja2, click, yaml, matplotlib.pyplot"
# `projector` as its entry point runs it, reporting on stderr, as it ends, the peak
# memory of its own process plus that of the child that writes the workbook.
PEAK = """
import atexit, resource, sys
def peak():
    who = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    own, child = (resource.getrusage(w).ru_maxrss for w in who)
    sys.stderr.write(f"\\npeak-kib {own + child}\\n")
atexit.register(peak)
from projector.cli import main
sys.argv[0] = "projector"
main()
"""
CLI = [sys.executable, "-c", PEAK, "-q"]


def timed_process(
    command: Sequence[str], env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Wall time and CPU time (user + system, its own child processes included) in
    seconds, and peak resident memory in MiB, of one new process.

    The peak is the process's own (`wait4`), or, when it reports one on stderr
    (`projector` run through PEAK), the sum of its own and its child's: a bound
    from above, since the forked child shares the parent's pages."""
    start = time.perf_counter()
    # From the temporary folder: `python -c` puts the current folder first on sys.path,
    # which must not shadow the version under test (PYTHONPATH, or the installed one).
    child = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tempfile.gettempdir(),
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{errors}")
    reported = [line for line in errors.splitlines() if line.startswith("peak-kib ")]
    peak = int(reported[-1].split()[1]) if reported else usage.ru_maxrss
    return elapsed, usage.ru_utime + usage.ru_stime, peak / 1024


@dataclass
class Paired:
    """A command's times, its floors' times and their ratios, pair by pair."""

    name: str
    command: list[str]
    env: dict[str, str] | None = None  # e.g. PYTHONPATH of an earlier version
    times: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    floor_cpu: list[float] = field(default_factory=list)
    memory: list[float] = field(default_factory=list)

    def measure(self, floor_first: bool) -> None:
        floor = [sys.executable, "-c", FLOOR]
        if floor_first:
            self._floor(floor)
        elapsed, cpu, peak = timed_process(self.command, self.env)
        self.times.append(elapsed)
        self.cpu.append(cpu)
        self.memory.append(peak)
        if not floor_first:
            self._floor(floor)

    def _floor(self, floor: list[str]) -> None:
        elapsed, cpu, _ = timed_process(floor)
        self.floors.append(elapsed)
        self.floor_cpu.append(cpu)

    @staticmethod
    def _ratios(times: list[float], floors: list[float]) -> list[float]:
        return [t / f for t, f in zip(times, floors, strict=True)]

    @property
    def ratio(self) -> float:
        """The median of the pairs' wall-time ratios: the target."""
        return statistics.median(self._ratios(self.times, self.floors))

    def line(self) -> str:
        walls = self._ratios(self.times, self.floors)
        return (
            f"{self.name:<34} {statistics.median(self.times):6.2f} s  "
            f"floor {statistics.median(self.floors):5.2f} s  ratio {self.ratio:5.2f} "
            f"(best {min(walls):5.2f})  "
            f"cpu ratio {statistics.median(self._ratios(self.cpu, self.floor_cpu)):5.2f}  "
            f"peak {max(self.memory):4.0f} MiB"
        )


def scenario_with(folder: Path, months: int) -> Path:
    text = (ROOT / "scenarios" / "personalized_treasures.yaml").read_text(encoding="utf-8")
    path = folder / f"months_{months}.yaml"
    path.write_text(text.replace("months: 48", f"months: {months}"), encoding="utf-8")
    return path


def with_before(group: list[Paired], before: Path) -> list[Paired]:
    """Each command, then the same command run on the earlier version's source."""
    env = {**os.environ, "PYTHONPATH": str(before.resolve())}
    twins = [Paired(f"{p.name} (before)", p.command, env) for p in group]
    return [x for pair in zip(group, twins, strict=True) for x in pair]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="pairs per run command")
    parser.add_argument("--compare-repeat", type=int, default=3, help="pairs per compare")
    parser.add_argument("--counts", type=int, nargs="+", default=[10, 20, 30])
    parser.add_argument(
        "--before",
        type=Path,
        help="source folder of an earlier projector, timed too (PYTHONPATH), in the same run",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = str(folder / "out")
        runs = [
            Paired(f"run, {m} months", [*CLI, "run", str(scenario_with(folder, m)), "-o", out])
            for m in (240, 60)
        ]
        compares = []
        for count in args.counts:
            sub = folder / f"compare_{count}"
            sub.mkdir()
            paths = [str(p) for p in scenarios(sub, count)]
            name = f"compare, {count} x 60 months"
            compares.append(Paired(name, [*CLI, "compare", *paths, "-o", out]))
        if args.before:
            runs, compares = (with_before(group, args.before) for group in (runs, compares))
        for i in range(max(args.repeat, args.compare_repeat)):
            for paired in runs if i < args.repeat else []:
                paired.measure(floor_first=i % 2 == 0)
            for paired in compares if i < args.compare_repeat else []:
                paired.measure(floor_first=i % 2 == 0)
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, {platform.system()}, "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        measured = [p for p in [*runs, *compares] if p.times]
        for paired in measured:
            print(paired.line())
        for paired in compares if args.compare_repeat else []:
            count = int(paired.name.split()[1])
            per = statistics.median(paired.times) / count
            print(f"{paired.name}: {per:.3f} s per scenario")


if __name__ == "__main__":
    main()
