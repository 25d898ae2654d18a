"""The repository stands alone: nothing in it points at files a user who clones or
installs projector does not have."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".git", ".venv", "output", "build", "dist", "__pycache__", ".pytest_cache"}
SKIP_DIRS |= {".ruff_cache", ".mypy_cache", ".hypothesis"}
TEXT = {".py", ".md", ".yaml", ".yml", ".toml", ".j2", ".json", ".txt", ".cfg", ".sh", ""}
# The project's own contract lived outside the repository during development; users read
# docs/model.md instead, so neither that file nor the folder beside the repository may be named.
OUTSIDE = re.compile(r"\.\./shared|MODEL\.md")


def repository_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if (
            path.is_file()
            and path.suffix in TEXT
            and not parts & SKIP_DIRS
            and not any(p.endswith(".egg-info") for p in parts)
        ):
            files.append(path)
    return files


def test_no_file_points_outside_the_repository():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in repository_files()
        if path.name != "test_repository.py"
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    "page", ["README.md", "docs/model.md", "docs/three-statements.md", "docs/risk.md"]
)
def test_pages_link_only_to_files_that_exist(page):
    path = ROOT / page
    targets = {t.split("#")[0] for t in re.findall(r"\]\(([^)\s]+)\)", path.read_text("utf-8"))}
    local = {t for t in targets if t and "://" not in t}
    assert sorted(t for t in local if not (path.parent / t).exists()) == []


def test_every_package_folder_ships_in_the_wheel():
    """A new subpackage left out of pyproject.toml's list installs without its modules."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    folders = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "projector").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert folders - listed == set()
