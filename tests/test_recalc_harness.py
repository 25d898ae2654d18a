"""Proves the recalculation harness (tests/recalc.py) against real LibreOffice and Gnumeric.

The workbook below is written with deliberately WRONG cached values, so a test can only
pass if the engine really recalculated every formula and openpyxl read the new values.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook
from recalc import (
    error_cells,
    is_error_value,
    named_range_values,
    numbers_agree,
    recalc_gnumeric,
    recalc_libreoffice,
    recalc_libreoffice_many,
    workbook_values,
)

# cell on sheet "P&L" -> (formula, wrong cached value, correct value after recalc)
FORMULAS: dict[str, tuple[str, object, object]] = {
    "B1": ("=Inputs!A1*2", -1, 2),
    "B2": ("=SUM(Inputs!A1:A3)", 0, 6),
    "B3": ("=SUM(Revenue)", 0, 150),
    "B4": ('=IF(COUNTIF(Inputs!A1:A5,">=3")=3,MIN(Revenue),-5)', 0, 10),
    # INDEX on a one-row range needs the explicit row 1: Gnumeric returns #REF! for
    # INDEX(row_range, n), which Excel and LibreOffice accept.
    "B5": ("=INDEX(Revenue,1,MATCH(4,Inputs!A1:A5,0))", 0, 40),
    "B6": ('=SUMIF(Inputs!A1:A5,">2",Inputs!B1:B5)', 0, 1200),
    "B8": ("=B1*B2+'P&L'!B3", 0, 162),  # depends on other recalculated cells
    "B9": ('=IF(B1>1,"ok","bad")', "bad", "ok"),
    "B10": ("=ROUND(Inputs!A2/3,4)", 0, 0.6667),
    # the planted error, see PLANTED_ERROR
    "B11": ("=1/(Inputs!A1-1)", 0, "#DIV/0!"),
}
# a CSE array formula (single cell), as the projector writes for "first month where ..."
ARRAY_CELL, ARRAY_FORMULA, ARRAY_WRONG, ARRAY_RIGHT = "B7", "{=MATCH(TRUE,Inputs!A1:A5>=3,0)}", 0, 3
# a row of formulas covered by a defined name: D1:H1 = Revenue * 2
DOUBLED = [20, 40, 60, 80, 100]
PLANTED_ERROR = "P&L!B11: #DIV/0!"


def write_planted_workbook(path: Path, first_input: int = 1) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    inputs = wb.add_worksheet("Inputs")
    for row, value in enumerate([first_input, 2, 3, 4, 5]):
        inputs.write_number(row, 0, value)  # A1:A5
        inputs.write_number(row, 1, 100 * (row + 1))  # B1:B5
    for col, value in enumerate([10, 20, 30, 40, 50]):
        inputs.write_number(0, 2 + col, value)  # C1:G1
    wb.define_name("Revenue", "=Inputs!$C$1:$G$1")

    pl = wb.add_worksheet("P&L")
    for cell, (formula, wrong, _) in FORMULAS.items():
        pl.write_formula(cell, formula, None, wrong)
    pl.write_array_formula(f"{ARRAY_CELL}:{ARRAY_CELL}", ARRAY_FORMULA, None, ARRAY_WRONG)
    for col, letter in enumerate("CDEFG"):
        pl.write_formula(0, 3 + col, f"=Inputs!{letter}1*2", None, -7)  # D1:H1
    wb.define_name("Doubled", "='P&L'!$D$1:$H$1")
    wb.close()
    return path


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    return write_planted_workbook(tmp_path_factory.mktemp("src") / "planted.xlsx")


@pytest.fixture(scope="module")
def planted_variant(tmp_path_factory) -> Path:
    return write_planted_workbook(tmp_path_factory.mktemp("src2") / "variant.xlsx", 10)


@pytest.fixture(scope="module")
def lo_outputs(planted, planted_variant, tmp_path_factory) -> list[Path]:
    # one soffice start for both workbooks
    return recalc_libreoffice_many([planted, planted_variant], tmp_path_factory.mktemp("lo"))


@pytest.fixture(scope="module")
def gnumeric_output(planted, tmp_path_factory) -> Path:
    return recalc_gnumeric(planted, tmp_path_factory.mktemp("gnumeric"))


@pytest.fixture(scope="module", params=["libreoffice", "gnumeric"])
def recalculated(request):
    """(engine name, openpyxl workbook of the recalculated planted workbook)."""
    if request.param == "libreoffice":
        path = request.getfixturevalue("lo_outputs")[0]
    else:
        path = request.getfixturevalue("gnumeric_output")
    return request.param, workbook_values(path)


# --------------------------------------------------------------- the source is really wrong


def test_source_workbook_carries_wrong_cached_values(planted):
    ws = workbook_values(planted)["P&L"]
    for cell, (_, wrong, right) in FORMULAS.items():
        assert ws[cell].value == wrong != right, cell
    assert ws[ARRAY_CELL].value == ARRAY_WRONG
    # a reader that does not recalculate sees no error at all
    assert error_cells(workbook_values(planted)) == []


# --------------------------------------------------------------- real engines


@pytest.mark.recalc
def test_formulas_are_recalculated(recalculated):
    engine, wb = recalculated
    ws = wb["P&L"]
    for cell, (formula, _, right) in FORMULAS.items():
        got = ws[cell].value
        assert numbers_agree(got, right), f"{engine}: P&L!{cell} {formula} = {got!r} != {right!r}"


@pytest.mark.recalc
def test_array_formula_is_recalculated(recalculated):
    engine, wb = recalculated
    assert wb["P&L"][ARRAY_CELL].value == ARRAY_RIGHT, engine


@pytest.mark.recalc
def test_error_cells_finds_exactly_the_planted_error(recalculated):
    engine, wb = recalculated
    assert error_cells(wb) == [PLANTED_ERROR], engine


@pytest.mark.recalc
def test_named_ranges_survive_and_resolve(recalculated):
    engine, wb = recalculated
    assert named_range_values(wb, "Revenue") == [10, 20, 30, 40, 50], engine
    assert named_range_values(wb, "Doubled") == DOUBLED, engine


@pytest.mark.recalc
@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
def test_formulas_survive_the_round_trip(lo_outputs, gnumeric_output):
    for path in (lo_outputs[0], gnumeric_output):
        ws = load_workbook(path)["P&L"]
        assert str(ws["B2"].value).replace(" ", "") == "=SUM(Inputs!A1:A3)", path
        assert type(ws[ARRAY_CELL].value).__name__ == "ArrayFormula", path


@pytest.mark.recalc
def test_libreoffice_many_converts_each_file_in_order(lo_outputs, planted, planted_variant):
    assert [p.name for p in lo_outputs] == [planted.name, planted_variant.name]
    variant = workbook_values(lo_outputs[1])["P&L"]
    assert variant["B1"].value == 20  # Inputs!A1 = 10 in the variant
    assert variant["B11"].value == pytest.approx(1 / 9)  # no error there
    assert error_cells(workbook_values(lo_outputs[1])) == []


@pytest.mark.recalc
def test_libreoffice_repeated_calls_replace_the_output(planted, tmp_path):
    first = recalc_libreoffice(planted, tmp_path)
    first.write_bytes(b"stale")
    second = recalc_libreoffice(planted, tmp_path)
    assert second == first
    assert workbook_values(second)["P&L"]["B1"].value == 2


# --------------------------------------------------------------- failure handling


def _fake_binary(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-engine"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_engine_exiting_zero_without_output_is_an_error(planted, tmp_path, monkeypatch):
    import recalc

    fake = _fake_binary(tmp_path, "echo loading failed >&2; exit 0")
    monkeypatch.setattr(recalc, "find_soffice", lambda: fake)
    monkeypatch.setattr(recalc, "find_ssconvert", lambda: fake)
    with pytest.raises(RuntimeError, match="(?s)missing/empty output.*loading failed"):
        recalc_libreoffice(planted, tmp_path / "out")
    with pytest.raises(RuntimeError, match="(?s)missing/empty output.*loading failed"):
        recalc_gnumeric(planted, tmp_path / "out")


def test_engine_timeout_is_an_error(planted, tmp_path, monkeypatch):
    import recalc

    sleeper = _fake_binary(tmp_path, f"exec '{sys.executable}' -c 'import time; time.sleep(30)'")
    monkeypatch.setattr(recalc, "find_soffice", lambda: sleeper)
    with pytest.raises(RuntimeError, match="timed out"):
        recalc_libreoffice(planted, tmp_path / "out", timeout=0.5)


def test_missing_source_and_clobbering_are_refused(planted, tmp_path):
    with pytest.raises(FileNotFoundError):
        recalc_libreoffice(tmp_path / "nope.xlsx", tmp_path / "out")
    with pytest.raises(ValueError, match="overwrite"):
        recalc_gnumeric(planted, planted.parent)


# --------------------------------------------------------------- pure helpers


def test_numbers_agree():
    assert numbers_agree(1.0, 1.0 + 1e-12)
    assert numbers_agree(0.0, 5e-7)
    assert numbers_agree(1e12, 1e12 + 1e2)  # relative
    assert not numbers_agree(1e12, 1e12 + 1e4)
    assert not numbers_agree(1.0, 1.001)
    assert numbers_agree(3, 3.0)
    assert numbers_agree(None, None)
    assert not numbers_agree(None, 0)
    assert not numbers_agree(0, None)
    assert not numbers_agree(True, 1)
    assert numbers_agree(False, False)
    assert not numbers_agree(float("nan"), float("nan"))
    assert numbers_agree("ok", "ok")
    assert not numbers_agree("#DIV/0!", 0)
    assert not numbers_agree(0.01, 0.02, abs_=0)


def test_error_cells_and_is_error_value_on_a_workbook():
    wb = OpenpyxlWorkbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"] = "#N/A"
    ws["B2"] = "Err:502"
    ws["C3"] = "fine"
    ws["D4"] = "Err:abc"
    wb.create_sheet("T")["A2"] = "#NAME?"
    assert error_cells(wb) == ["S!A1: #N/A", "S!B2: Err:502", "T!A2: #NAME?"]
    assert is_error_value("#REF!") and not is_error_value("#REF") and not is_error_value(0)


def test_named_range_values_unknown_name_is_a_clear_error():
    wb = OpenpyxlWorkbook()
    with pytest.raises(KeyError, match="Nope"):
        named_range_values(wb, "Nope")
