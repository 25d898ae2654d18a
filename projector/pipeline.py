"""What `projector run` does: load, project, write every output, all or nothing.

Outputs are first written to hidden temporary files beside their targets and
moved into place only once every one of them is complete, so a failure leaves
the previous outputs untouched and no half-written file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from projector import export, kpis, scenario, workbook
from projector.errors import ProjectorError
from projector.model import Projection, project

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


def run(path: Path, out_dir: Path, progress: Progress = lambda _: None) -> RunResult:
    """Project one scenario file and write its workbook and JSON into `out_dir`."""
    progress(f"{path.name}: loading")
    s = scenario.load(path)
    progress(f"{path.name}: projecting {s.scenario.months} months")
    p = project(s)
    results = kpis.evaluate(p)
    stem = path.stem
    with staged(out_dir) as temp_for:
        progress(f"{path.name}: writing {stem}.xlsx")
        workbook.write_workbook(p, temp_for(f"{stem}.xlsx"), results)
        progress(f"{path.name}: writing {stem}.json")
        temp_for(f"{stem}.json").write_text(export.to_json(p), encoding="utf-8")
    return RunResult(p, [out_dir / f"{stem}.xlsx", out_dir / f"{stem}.json"])
