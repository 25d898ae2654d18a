"""Errors a user can act on.

Every domain error is a `click.ClickException`, so the CLI prints
`Error: ...` on stderr and exits 1 without a traceback.  Scenario problems are
collected, never raised one at a time: a founder fixes a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import click


class ProjectorError(click.ClickException):
    """A problem with the user's input or environment (exit code 1)."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file, with where it was written."""

    file: str
    line: int  # 1-based; 0 when unknown
    column: int  # 1-based; 0 when unknown
    path: str  # dotted key path, e.g. acquisition.channels[1].conversion
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ScenarioError(ProjectorError):
    """One or more problems found while loading scenario files."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in scenario:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))
