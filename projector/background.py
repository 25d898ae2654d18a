"""Run one piece of work in a forked process while this one goes on.

Writing the workbook is most of a run's time, and nearly all of that is
XlsxWriter preparing each formula string, work no public option of XlsxWriter
skips.  The report (charts, HTML, Markdown) needs none of the workbook, so the
workbook is written by a forked child while the parent draws the report: on a
machine with two cores the slower of the two, not their sum, sets the time.

A fork shares the parent's memory as it was, so nothing is copied or pickled
on the way in; on the way out only an error travels back, through a pipe.
Where `os.fork` does not exist the work simply runs in place.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def in_background(work: Callable[[], None]) -> Iterator[Callable[[], None]]:
    """Start `work` in a child process; yield `wait`, which returns once the work is
    done and raises its error if it failed (with the child's traceback as a note).

    Leaving the block without having waited (an error in the parent, Ctrl-C) kills
    the child first, so no process outlives the block or writes after it.
    """
    if not hasattr(os, "fork"):
        work()
        yield lambda: None
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its effects are what the tests check
        _child(work, read_end, write_end)
    os.close(write_end)
    pipe = os.fdopen(read_end, "rb")
    reaped = False

    def wait() -> None:
        nonlocal reaped
        with pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        reaped = True
        if payload:
            raise pickle.loads(payload)
        if status != 0:
            raise RuntimeError(f"the background process ended abnormally ({_describe(status)})")

    try:
        yield wait
    finally:
        if not reaped:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        pipe.close()


def _child(work: Callable[[], None], read_end: int, write_end: int) -> None:
    """Do the work, send back any error, and leave without running the parent's cleanup."""
    status = 1
    try:
        os.close(read_end)
        # Ctrl-C or a termination signal to the process group ends the child at once;
        # the parent, which gets the same signal, cleans up.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            work()
            status = 0
        except BaseException as error:  # noqa: BLE001 - every failure goes to the parent
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(_portable(error))
    finally:
        os._exit(status)


def _portable(error: BaseException) -> bytes:
    """The error pickled for the parent, the child's traceback kept as a note."""
    text = "".join(traceback.format_exception(error))
    try:
        copy = pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - an error that cannot cross processes as itself
        copy = RuntimeError(f"{type(error).__name__}: {error}")
    copy.add_note(f"In the background process:\n{text}")
    return pickle.dumps(copy)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
