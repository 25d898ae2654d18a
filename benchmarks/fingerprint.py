"""A hash per output file of every shipped example, to prove a speed-up changed no byte.

    python benchmarks/fingerprint.py [--out FILE]

Runs `projector run` on each scenarios/*.yaml and on the Personalized Treasures
example stretched to 240 months (`treasures_240`), and `projector compare` on
scenarios/personalized_treasures/*.yaml, with SOURCE_DATE_EPOCH fixed, and
prints `sha256  file` for every file written.  Run it before and after a
change and diff the two listings: any line that differs is a changed output.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1767225600"  # 2026-01-01, the report's "generated" date


def outputs(folder: Path) -> list[str]:
    """Run every shipped example into `folder`; return `sha256  name` per file."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "projector.cli", "-q"]
    examples = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    text = (ROOT / "scenarios" / "personalized_treasures.yaml").read_text(encoding="utf-8")
    long = folder.parent / "treasures_240.yaml"
    long.write_text(text.replace("months: 48", "months: 240"), encoding="utf-8")
    examples.append(str(long))
    variants = sorted(
        str(p) for p in (ROOT / "scenarios" / "personalized_treasures").glob("*.yaml")
    )
    subprocess.run(
        [*command, "run", *examples, "-o", str(folder)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [*command, "compare", *variants, "-o", str(folder), "--name", "treasures"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}"
        for path in sorted(folder.iterdir())
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the listing to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "out").mkdir()
        listing = "\n".join(outputs(Path(tmp) / "out")) + "\n"
    print(listing, end="")
    if args.out:
        args.out.write_text(listing, encoding="utf-8")


if __name__ == "__main__":
    main()
