"""No module reaches into another's private names (`from m import _x`, `m._x`).

A leading underscore says "only this module relies on it", so it can change
without notice; a sibling that imports it ties the two together silently.  What
two modules share belongs in a public, documented name.

The whole package is checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "projector"
CHECKED = (PACKAGE,)


def _private(name: str) -> bool:
    """`_x` is private; dunders (`__version__`, `__future__`) are not."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _ours(module: str) -> bool:
    """The project's own modules; the standard library's documented `os._exit` is not ours."""
    return module.startswith((".", "projector"))


def private_uses(source: str) -> list[str]:
    """Each private name that `source` takes from another module, as `line: text`."""
    tree = ast.parse(source)
    imported: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            ours = [a for a in node.names if _ours(a.name)]
            imported |= {a.asname or a.name.split(".")[0] for a in ours}
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if not _ours(module):
                continue
            imported |= {a.asname or a.name for a in node.names}
            found += [
                f"{node.lineno}: from {module} import {a.name}"
                for a in node.names
                if _private(a.name)
            ]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported
            and _private(node.attr)
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return found


def _modules() -> list[Path]:
    return sorted(p for folder in CHECKED for p in folder.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_from_another_module(path: Path) -> None:
    assert private_uses(path.read_text(encoding="utf-8")) == []


def test_the_check_sees_both_forms() -> None:
    """Each form of reaching in is caught; a module's own `_x` and `self._x` are not."""
    source = (
        "from __future__ import annotations\n"
        "import os\n"
        "import projector.scenario as sc\n"
        "from projector.writers.xlsx.workbook import _Sheet, formula\n"
        "from projector.model import formula as f\n"
        "def _mine(self):\n"
        "    return sc._schema, f._cache, self._x, _mine, sc.load, os._exit\n"
    )
    assert private_uses(source) == [
        "4: from projector.writers.xlsx.workbook import _Sheet",
        "7: sc._schema",
        "7: f._cache",
    ]
