"""Time the risk analysis against its targets: simulation, engine per path, memory, tornado.

    python benchmarks/bench_risk.py [--repeat 3] [--skip-memory]

Targets (README, "Risk analysis"), measured here and never in timed unit tests:
- `projector simulate` of 10,000 paths of a 60-month scenario with 8 uncertain inputs,
  end to end in a new process: at most 4x the bare import of the libraries it uses,
  measured in the same run (the floor no code of ours can go below);
- the engine over paths at least 300x faster per path than projecting paths one by one;
- 100,000 paths of 240 months with a peak memory under 2 GiB (a child process's max RSS);
- the tornado of 20 inputs (40 projections) under 0.2 s.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from projector.analysis import risk, sensitivity  # noqa: E402
from projector.model import project, project_paths  # noqa: E402
from projector.scenario import load  # noqa: E402

EXAMPLE = ROOT / "scenarios" / "risk" / "personalized_treasures_risks.yaml"
IMPORTS = (
    "import numpy, scipy.stats, yaml, click, "
    "projector.cli, projector.analysis.risk, projector.model"
)
SEASONS = "".join(
    f"    acquisition.seasonality.{m}: {{uniform: [0.7, 1.4]}}\n" for m in range(1, 13)
)


def child(folder: Path, name: str, months: int, paths: int, more: str = "") -> Path:
    """The example with risks at another horizon and path count (and maybe more inputs)."""
    path = folder / f"{name}.yaml"
    path.write_text(
        f"extends: {EXAMPLE}\nscenario: {{months: {months}}}\n"
        f"uncertainty:\n  paths: {paths}\n" + (f"  inputs:\n{more}" if more else "")
    )
    return path


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, capture_output=True, cwd=ROOT)


def peak_rss(path: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (GiB) of `projector simulate` in a child process."""
    start = time.perf_counter()
    run("-m", "projector", "-q", "simulate", str(path), "-o", str(out))
    seconds = time.perf_counter() - start
    kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far
    return seconds, kib / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sixty = child(folder, "sixty", 60, 10_000)
        floor = timed(lambda: run("-c", IMPORTS), args.repeat)
        simulate = timed(
            lambda: run("-m", "projector", "-q", "simulate", str(sixty), "-o", str(folder)),
            args.repeat,
        )
        ratio = simulate / floor
        print(
            f"import floor: {floor:.2f} s; simulate 10,000 x 60 months, 8 inputs: {simulate:.2f} s"
        )
        print(f"  ratio {ratio:.2f} (target <= 4): {'PASS' if ratio <= 4 else 'FAIL'}")

        s = load(sixty)
        drawn = risk.draws(s)
        given = {item.path: drawn[:, j] for j, item in enumerate(s.uncertainty.inputs)}
        vector = timed(lambda: project_paths(s, given), args.repeat) / len(drawn)
        few = 30

        def one_by_one() -> None:
            for i in range(few):
                x = s
                for j, item in enumerate(s.uncertainty.inputs):
                    x = sensitivity.with_value(x, item.path, float(drawn[i, j]))
                project(x)

        single = timed(one_by_one, args.repeat) / few
        speedup = single / vector
        print(f"per path: one by one {single * 1000:.2f} ms, over paths {vector * 1e6:.1f} us")
        print(f"  speed-up {speedup:.0f}x (target >= 300): {'PASS' if speedup >= 300 else 'FAIL'}")

        wide = load(child(folder, "wide", 60, 10, SEASONS))
        assert len(wide.uncertainty.inputs) == 20
        bars = timed(lambda: sensitivity.declared_tornado(wide), args.repeat)
        print(f"tornado of 20 inputs (40 projections): {bars:.3f} s")
        print(f"  target < 0.2 s: {'PASS' if bars < 0.2 else 'FAIL'}")

        if not args.skip_memory:
            big = child(folder, "big", 240, 100_000)
            seconds, gib = peak_rss(big, folder)
            print(f"100,000 paths x 240 months: {seconds:.1f} s, peak memory {gib:.2f} GiB")
            print(f"  target < 2 GiB: {'PASS' if gib < 2 else 'FAIL'}")


if __name__ == "__main__":
    main()
