"""Ctrl-C and SIGTERM as exceptions, so an interrupted run cleans up like a failed one.

Only the standard library is imported here: the entry point installs these handlers
before importing anything heavy, so a signal during start-up exits quietly too.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

HANDLED = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """A signal asked projector to stop; exit code 128 + its number (130, 143)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.exit_code = 128 + signum


def _raise(signum: int, frame: FrameType | None) -> None:
    """Stop the run where it is; later signals are ignored so the clean-up can finish."""
    for handled in HANDLED:
        signal.signal(handled, signal.SIG_IGN)
    raise Interrupted(signum)


def install() -> None:
    """Turn SIGINT and SIGTERM into Interrupted (main thread only, as Python requires)."""
    for handled in HANDLED:
        signal.signal(handled, _raise)


def leave(error: Interrupted) -> None:
    """Say so in one line and exit with the signal's code; never a traceback."""
    sys.stderr.write("Interrupted.\n")
    sys.exit(error.exit_code)
