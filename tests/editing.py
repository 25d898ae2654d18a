"""Small helpers shared by test modules: edited copies of YAML fixtures, numbers read back."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import yaml

TINY = Path(__file__).parent / "fixtures" / "tiny.yaml"


def scenario_text(**changes: object) -> str:
    """tests/fixtures/tiny.yaml with some keys replaced ("orders.return_rate": "8%")."""
    data = yaml.safe_load(TINY.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        *parents, key = dotted.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(key) if key.isdigit() else key] = value
    return yaml.safe_dump(data, allow_unicode=True)


def edit(path: Path, tmp_path: Path, changes: dict) -> Path:
    """The same edits made in YAML: each change is a key path into the mapping."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for keys, value in changes.items():
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    out = tmp_path / path.name
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return out


def parse(text: str, locale: str) -> float:
    """A number as the report writes it, back to a float: `-$1,234.50`, `-1 234,50 €`."""
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    negative = text.startswith("-")
    digits = re.sub(r"[^0-9.,]", "", text)
    digits = digits.replace(",", ".") if locale == "fr" else digits.replace(",", "")
    return -float(digits) if negative else float(digits)
