"""The KPI status at its boundaries: one rule, evaluated in Python and rendered as a formula.

The benchmark is low 10, typical 20, high 30.  Each value sits exactly on a threshold,
just below or just above it, for both directions of "better", for an outcome and for an
assumption, and for a range.  The expected words are worked out by hand from the rule
in README ("What the report tells an investor"); the rendered formula is checked twice:
by the small evaluator below (every run) and by LibreOffice recalculating it (recalc).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xlsxwriter
from recalc import error_cells, recalc_libreoffice, workbook_values

from projector.model import kpis
from projector.model.facts import Better

LOW, TYPICAL, HIGH = 10.0, 20.0, 30.0
E = 1e-9  # just below / just above a mark
VALUES = (LOW - E, LOW, LOW + E, HIGH - E, HIGH, HIGH + E)

# better, assumption -> status of each of VALUES, by hand.
TABLE = {
    (Better.HIGHER, False): ("weak", "ok", "ok", "ok", "strong", "strong"),
    (Better.HIGHER, True): ("weak", "ok", "ok", "ok", "ok", "optimistic"),
    (Better.LOWER, False): ("strong", "strong", "ok", "ok", "ok", "weak"),
    (Better.LOWER, True): ("optimistic", "ok", "ok", "ok", "ok", "weak"),
    (Better.RANGE, False): ("weak", "ok", "ok", "ok", "ok", "weak"),
    (Better.RANGE, True): ("weak", "ok", "ok", "ok", "ok", "weak"),
}
CASES = [
    (better, assumption, value, expected)
    for (better, assumption), row in TABLE.items()
    for value, expected in zip(VALUES, row, strict=True)
]


def bench(better: Better) -> kpis.Benchmark:
    return kpis.Benchmark(kpi="x", better=better, low=LOW, typical=TYPICAL, high=HIGH, source="")


# --- An independent evaluator of the formula's few functions --------------------------------

TOKEN = re.compile(r'\s*(<=|>=|<>|[<>=(),]|"[^"]*"|[A-Za-z_$][A-Za-z0-9_$]*|[0-9.eE+-]+)')


def evaluate(text: str, cells: dict[str, float | None]) -> object:
    """IF, AND, ISNUMBER, comparisons, strings and cell names: all the status formula uses."""
    tokens = TOKEN.findall(text.lstrip("="))
    pos = 0

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def args() -> list[object]:
        assert take() == "("
        out = [expression()]
        while tokens[pos] == ",":
            take()
            out.append(expression())
        assert take() == ")"
        return out

    def atom() -> object:
        token = take()
        if token.startswith('"'):
            return token[1:-1]
        if token == "IF":
            test, then, otherwise = args()
            return then if test else otherwise
        if token == "AND":
            return all(args())
        if token == "ISNUMBER":
            return isinstance(args()[0], float)
        return cells[token]

    def expression() -> object:
        left = atom()
        if pos < len(tokens) and tokens[pos] in ("<", "<=", ">", ">=", "="):
            op, right = take(), atom()
            if not (isinstance(left, float) and isinstance(right, float)):
                return None  # an error value: only reached where IF(ISNUMBER(...)) discards it
            ops = {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}
            return ops[op] if op != "=" else left == right
        return left

    return expression()


# --- The table, three ways ------------------------------------------------------------------


@pytest.mark.parametrize(("better", "assumption", "value", "expected"), CASES)
def test_status_in_python(better, assumption, value, expected):
    assert kpis.status(value, bench(better), assumption) == expected


@pytest.mark.parametrize(("better", "assumption", "value", "expected"), CASES)
def test_status_formula_says_the_same(better, assumption, value, expected):
    text = kpis.status_formula("B2", "C2", "D2", better, "en", assumption)
    assert evaluate(text, {"B2": value, "C2": LOW, "D2": HIGH}) == expected


def test_no_value_is_no_status():
    assert kpis.status(None, bench(Better.HIGHER)) is None
    text = kpis.status_formula("B2", "C2", "D2", Better.HIGHER, "en")
    assert evaluate(text, {"B2": None, "C2": LOW, "D2": HIGH}) == "n/a"


def test_the_formula_reads_as_before():
    """The rendering of the rule is the formula the workbook always held; French says n.d."""
    assert kpis.status_formula("B2", "C2", "D2", Better.LOWER, "en") == (
        '=IF(ISNUMBER(B2),IF(B2>D2,"weak",IF(B2<=C2,"strong","ok")),"n/a")'
    )
    assert kpis.status_formula("B2", "C2", "D2", Better.RANGE, "fr", True) == (
        '=IF(ISNUMBER(B2),IF(AND(B2>=C2,B2<=D2),"correct","faible"),"n.d.")'
    )


@pytest.mark.recalc
def test_libreoffice_computes_the_same_statuses(tmp_path: Path):
    path = tmp_path / "status.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet("S")
        for row, (better, assumption, value, _) in enumerate(CASES):
            ws.write_number(row, 0, value)
            ws.write_number(row, 1, LOW)
            ws.write_number(row, 2, HIGH)
            cell = (f"A{row + 1}", f"B{row + 1}", f"C{row + 1}")
            ws.write_formula(row, 3, kpis.status_formula(*cell, better, "en", assumption), None, "")
    got = workbook_values(recalc_libreoffice(path, tmp_path / "lo"))
    assert error_cells(got) == []
    statuses = [got["S"].cell(row + 1, 4).value for row in range(len(CASES))]
    assert statuses == [expected for *_, expected in CASES]
