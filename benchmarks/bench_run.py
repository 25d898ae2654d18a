"""Time `projector run` on a 240-month scenario: engine, workbook, JSON, total, file size.

    python benchmarks/bench_run.py [--repeat 3]

Speed and size targets live here, never in timed unit tests.  The scenario is
the Personalized Treasures example stretched to the 240-month maximum.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from projector.model import kpis, project  # noqa: E402
from projector.scenario import load  # noqa: E402
from projector.writers import export  # noqa: E402
from projector.writers.xlsx import workbook  # noqa: E402


def long_scenario(folder: Path) -> Path:
    text = (ROOT / "scenarios" / "personalized_treasures.yaml").read_text(encoding="utf-8")
    path = folder / "long.yaml"
    path.write_text(text.replace("months: 48", "months: 240"), encoding="utf-8")
    assert load(path).scenario.months == 240
    return path


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = long_scenario(folder)
        s = load(path)
        engine, p = timed(lambda: project(s), args.repeat)
        results = kpis.evaluate(p)
        xlsx = folder / "long.xlsx"
        book, _ = timed(lambda: workbook.write_workbook(p, xlsx, results), args.repeat)
        as_json, text = timed(lambda: export.to_json(p), args.repeat)
        total, _ = timed(
            lambda: subprocess.run(
                [sys.executable, "-m", "projector.cli", "-q", "run", str(path), "-o", str(folder)],
                check=True,
                capture_output=True,
            ),
            args.repeat,
        )
        print(
            f"machine: {platform.processor() or platform.machine()}, "
            f"Python {platform.python_version()}, {platform.system()}"
        )
        print(f"scenario: 240 months, {len(p.lines)} lines")
        print(f"engine:   {engine * 1000:8.1f} ms")
        print(f"workbook: {book * 1000:8.1f} ms")
        print(f"json:     {as_json * 1000:8.1f} ms")
        print(f"total (projector run, new process): {total * 1000:8.1f} ms")
        size = xlsx.stat().st_size / 1024
        print(f"xlsx size: {size:.0f} KiB, json size: {len(text) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
