"""How `projector compare` grows from 2 to 30 scenarios of 60 months.

    python benchmarks/bench_compare.py [--counts 2 5 10 20 30] [--repeat 1]

For each count it times, in one process: loading and projecting, the comparison
workbook, the JSON, the report (HTML, Markdown, charts), and the whole
`pipeline.run_compare`; and it prints the workbook's size.  The scenarios are
copies of the Personalized Treasures example at 60 months, each with a
different AOV so that no two are alike.  Targets live here, never in unit tests.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_run import timed  # noqa: E402

from projector import pipeline  # noqa: E402
from projector.analysis import compare  # noqa: E402
from projector.present import compare as present_compare  # noqa: E402
from projector.present.numbers import generated_date  # noqa: E402
from projector.writers import compare_report  # noqa: E402
from projector.writers.xlsx import compare_workbook  # noqa: E402


def scenarios(folder: Path, count: int) -> list[Path]:
    text = (ROOT / "scenarios" / "personalized_treasures.yaml").read_text(encoding="utf-8")
    text = text.replace("months: 48", "months: 60")
    paths = []
    for n in range(count):
        path = folder / f"case_{n + 1:02d}.yaml"
        path.write_text(text.replace("aov: 62 ", f"aov: {55 + n} "), encoding="utf-8")
        paths.append(path)
    return paths


def measure(count: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = scenarios(folder, count)
        quiet = lambda _: None  # noqa: E731
        engine, c = timed(lambda: compare.compare(paths, progress=quiet), repeat)
        xlsx = folder / "c.xlsx"
        book, _ = timed(lambda: compare_workbook.write_workbook(c, xlsx), repeat)
        as_json, _ = timed(lambda: pipeline.compare_json(c), repeat)
        rendered, _ = timed(
            lambda: compare_report.render(
                present_compare.build(c, chart_prefix="c_chart_", generated=generated_date())
            ),
            repeat,
        )
        total, _ = timed(lambda: pipeline.run_compare(paths, folder / "out"), repeat)
        return {
            "engine": engine,
            "workbook": book,
            "json": as_json,
            "report": rendered,
            "total": total,
            "size": xlsx.stat().st_size / 1024,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[2, 5, 10, 20, 30])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {platform.system()}"
    )
    print("scenarios  engine s  workbook s  json s  report s  total s  xlsx KiB  s/scenario")
    for count in args.counts:
        m = measure(count, args.repeat)
        print(
            f"{count:9d}  {m['engine']:8.2f}  {m['workbook']:10.2f}  {m['json']:6.2f}  "
            f"{m['report']:8.2f}  {m['total']:7.2f}  {m['size']:8.0f}  "
            f"{m['total'] / count:10.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
