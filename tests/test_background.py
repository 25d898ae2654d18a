"""The workbook is written by a forked child: its work lands, its errors come back, and
no child outlives a failed run."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from projector.background import in_background


def test_the_work_runs_in_another_process_and_is_done_after_wait(tmp_path):
    out = tmp_path / "pid"
    with in_background(lambda: (time.sleep(0.2), out.write_text(str(os.getpid())))) as wait:
        assert not out.exists()  # the parent went on while the child works
        wait()
    assert out.read_text() != str(os.getpid())


class DiskFull(Exception):
    pass


def test_an_error_in_the_child_is_raised_by_wait_with_its_traceback():
    def broken() -> None:
        raise DiskFull("no space left for the workbook")

    with pytest.raises(DiskFull, match="no space left") as info, in_background(broken) as wait:
        wait()
    notes = "".join(getattr(info.value, "__notes__", []))
    assert "In the background process" in notes and "in broken" in notes


class Unpicklable(Exception):
    def __init__(self, handle: object) -> None:
        super().__init__("cannot cross")
        self.handle = handle

    def __reduce__(self):
        raise TypeError("not picklable")


def test_an_error_that_cannot_be_pickled_arrives_as_its_name_and_message():
    def broken() -> None:
        raise Unpicklable(lambda: None)

    with (
        pytest.raises(RuntimeError, match="Unpicklable: cannot cross"),
        in_background(broken) as wait,
    ):
        wait()


def test_a_child_killed_by_a_signal_is_an_error():
    killed = f"killed by signal {int(signal.SIGKILL)}"
    suicide = in_background(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(RuntimeError, match=killed), suicide as wait:
        wait()


def test_a_failure_in_the_parent_kills_the_child_before_the_block_ends(tmp_path):
    pid_file, late = tmp_path / "pid", tmp_path / "late"

    def slow() -> None:
        # Named only once written: the parent may kill this child as soon as it sees the file.
        pid_file.with_suffix(".tmp").write_text(str(os.getpid()))
        os.replace(pid_file.with_suffix(".tmp"), pid_file)
        time.sleep(5)
        late.write_text("written after the parent gave up")

    started = time.perf_counter()
    with pytest.raises(KeyError), in_background(slow):
        while not pid_file.exists():
            time.sleep(0.01)
        raise KeyError("the report failed")
    assert time.perf_counter() - started < 4
    with pytest.raises(ProcessLookupError):  # reaped: not even a zombie is left
        os.kill(int(pid_file.read_text()), 0)
    time.sleep(0.1)
    assert not late.exists()


def test_without_fork_the_work_runs_in_place(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "fork")
    out: list[int] = []
    with in_background(lambda: out.append(os.getpid())) as wait:
        assert out == [os.getpid()]
        wait()


def test_a_failed_workbook_leaves_earlier_outputs_untouched(tmp_path, monkeypatch):
    # The pipeline's all-or-nothing promise holds with the workbook written by a child.
    from projector import pipeline
    from projector.writers.xlsx import workbook

    tiny = Path(__file__).parent / "fixtures" / "tiny.yaml"
    pipeline.run(tiny, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(p, path, kpis=()):
        Path(path).write_bytes(b"half a workbook")
        raise DiskFull("disk full")

    monkeypatch.setattr(workbook, "write_workbook", broken)
    with pytest.raises(DiskFull):
        pipeline.run(tiny, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
