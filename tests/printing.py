"""What a printed PDF says, for the report tests (their `browser` fixture is in conftest)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
