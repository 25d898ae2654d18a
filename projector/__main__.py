"""`projector` and `python -m projector`: signal handlers first, then the command line.

The handlers are installed before the command line (numpy, matplotlib...) is imported,
so Ctrl-C or SIGTERM during start-up ends as quietly as later in the run.
"""

from __future__ import annotations

from projector import signals


def main() -> None:
    signals.install()
    try:
        from projector.cli import main as run
    except signals.Interrupted as error:
        signals.leave(error)
    run()


if __name__ == "__main__":
    main()
