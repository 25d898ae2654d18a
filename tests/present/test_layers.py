"""Dependencies point one way: writers -> present -> analysis -> model -> scenario.

The presentation contexts are data for every writer, so nothing below them may reach
up to a writer (or to the presentation, for analysis and the model), not even for a
type hint; and no module of the presentation or the writers reads another module's
private names. Checked on the source, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "projector"

# A layer's modules may not import these packages.
FORBIDDEN = {
    "present": ("projector.writers", "projector.pipeline", "projector.cli"),
    "analysis": ("projector.present", "projector.writers", "projector.pipeline", "projector.cli"),
    "model": ("projector.present", "projector.writers", "projector.analysis"),
}


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names imported from it) for every import statement of a file."""
    out: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
    return out


def uses(path: Path) -> list[str]:
    """`module.name` attribute reads (`charts._matplotlib`) of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{n.value.id}.{n.attr}"
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
    ]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_the_layers_above_it(layer: str) -> None:
    wrong = [
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for module, names in imports(path)
        for target in FORBIDDEN[layer]
        if module == target
        or module.startswith(f"{target}.")
        or any(f"{module}.{n}".startswith(target) for n in names)
    ]
    assert wrong == []


def test_the_presentation_and_the_writers_import_no_private_name() -> None:
    files = [
        *sorted((PACKAGE / "present").rglob("*.py")),
        *sorted((PACKAGE / "writers").glob("*.py")),
    ]
    modules = {p.stem for p in (PACKAGE / "writers").glob("*.py")} | {
        p.stem for p in (PACKAGE / "present").glob("*.py")
    }
    wrong = [
        f"{path.relative_to(PACKAGE)}: {module} {name}"
        for path in files
        for module, names in imports(path)
        if module.startswith("projector")
        for name in names
        if name.startswith("_")
    ]
    wrong += [
        f"{path.relative_to(PACKAGE)}: {use}"
        for path in files
        for use in uses(path)
        if use.split(".")[0] in modules and use.split(".")[1].startswith("_")
    ]
    assert wrong == []
