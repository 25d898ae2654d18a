"""Shared pytest setup.

Keep this minimal. Nothing here may skip tests: the spreadsheet engines used by the
``recalc`` tests are required, and their absence must fail loudly (see tests/recalc.py).
"""

import os
import shutil
import sys
from pathlib import Path

import pytest

from projector.writers import pdf

# Make the test helpers (``import recalc``) importable under any --import-mode.
_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)


@pytest.fixture(scope="session")
def browser() -> str:
    """Chromium and poppler-utils are required, never skipped: CI installs them."""
    found = pdf.find_chromium()
    if found is None:
        pytest.fail("Chromium is required by the report tests: apt-get install chromium")
    for tool in ("pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is required by the report tests: apt-get install poppler-utils")
    return found


def pytest_report_header() -> str:
    """The property tests' seed (tests/test_properties.py), so any run can be replayed."""
    seed = os.environ.get("PROJECTOR_HYPOTHESIS_SEED", "20261201")
    return f"hypothesis seed: {seed} (PROJECTOR_HYPOTHESIS_SEED to change)"
