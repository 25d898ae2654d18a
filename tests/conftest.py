"""Shared pytest setup.

Keep this minimal. Nothing here may skip tests: the spreadsheet engines used by the
``recalc`` tests are required, and their absence must fail loudly (see tests/recalc.py).
"""

import sys
from pathlib import Path

# Make the test helpers (``import recalc``) importable under any --import-mode.
_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)
