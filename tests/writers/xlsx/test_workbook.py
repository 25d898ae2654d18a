"""The workbook is only right if a real spreadsheet engine computes our numbers from our formulas.

Every example is written, recalculated in headless LibreOffice (forced to recalculate
on load) and in Gnumeric, and every Monthly row, Annual cell, Summary item and KPI
is compared with the engine.  The liveness test edits inputs on the Assumptions
sheet and checks the workbook follows the engine run on the same edits in YAML.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest
from editing import edit
from recalc import (
    error_cells,
    mismatches,
    named_range_values,
    numbers_agree,
    recalc_gnumeric,
    recalc_libreoffice,
    recalc_libreoffice_many,
    sheets_of,
    workbook_values,
)

from projector import pipeline
from projector.model import kpis, project
from projector.scenario import load
from projector.writers.xlsx.assumptions import input_cells
from projector.writers.xlsx.workbook import write_workbook

ROOT = Path(__file__).parents[3]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.yaml"))
FIXTURES = Path(__file__).parents[2] / "fixtures"
# Scenarios nobody tuned for the workbook: the full example (fixtures/scn_full.yaml), the smallest valid
# file, a partial year, tax with losses, and one month with items after the horizon.
EDGE_CASES = [
    FIXTURES / f"{n}.yaml" for n in ("scn_full", "scn_minimal", "tiny", "tiny_wc", "tax", "edge")
]

pytestmark = pytest.mark.recalc


def kpi_statuses(wb, p) -> list[tuple[float | None, str]]:
    ws = wb[sheets_of(p).kpis]
    return [(r[1].value, r[6].value) for r in ws.iter_rows(min_row=5) if r[0].value]


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """Every example run through the real pipeline, then recalculated in one LibreOffice call."""
    out = tmp_path_factory.mktemp("out")
    results = {path.stem: pipeline.run(path, out) for path in EXAMPLES + EDGE_CASES}
    recalculated = recalc_libreoffice_many(
        [out / f"{stem}.xlsx" for stem in results], tmp_path_factory.mktemp("lo")
    )
    return {
        stem: (results[stem].projection, out / f"{stem}.xlsx", lo)
        for stem, lo in zip(results, recalculated, strict=True)
    }


def test_there_are_five_examples():
    assert len(EXAMPLES) == 5


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES + EDGE_CASES])
def test_libreoffice_recalculation_equals_the_engine(examples, stem):
    p, _, recalculated = examples[stem]
    wb = workbook_values(recalculated)
    assert error_cells(wb) == []
    assert mismatches(p, wb) == []


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_kpi_statuses_recalculate_to_the_engine_status(examples, stem):
    p, _, recalculated = examples[stem]
    results = kpis.evaluate(p)
    assert results, "every example names an industry with benchmarks"
    got = kpi_statuses(workbook_values(recalculated), p)
    assert len(got) == len(results)
    for (value, status), r in zip(got, results, strict=True):
        assert numbers_agree(value, r.value), r.kpi.id
        assert status == kpis.STATUS[r.status][p.scenario.scenario.locale], r.kpi.id


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES + EDGE_CASES])
def test_gnumeric_recalculation_equals_the_engine(examples, stem, tmp_path):
    p, xlsx, _ = examples[stem]
    wb = workbook_values(recalc_gnumeric(xlsx, tmp_path))
    assert error_cells(wb) == []
    assert mismatches(p, wb) == []


@pytest.mark.parametrize("stem", [p.stem for p in EXAMPLES])
def test_cached_values_are_the_engine_values(examples, stem):
    """Viewers that never recalculate (previews, pandas) must see the right numbers."""
    p, xlsx, _ = examples[stem]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(xlsx, data_only=True)
    assert mismatches(p, wb) == []


def test_every_computed_number_is_a_formula(examples):
    _, xlsx, _ = examples["personalized_treasures"]
    wb = openpyxl.load_workbook(xlsx)
    for name in ("Monthly", "Annual", "Summary"):
        for row in wb[name].iter_rows(min_row=3, min_col=3):
            for cell in row:
                if isinstance(cell.value, int | float) and cell.coordinate != "C3":
                    raise AssertionError(f"{name}!{cell.coordinate} holds a typed-in number")


def test_workbook_is_live(tmp_path):
    """Edit inputs on the Assumptions sheet, recalculate: the workbook follows the engine."""
    source = ROOT / "scenarios" / "personalized_treasures.yaml"
    changes = {
        ("orders", "aov"): 75,
        ("acquisition", "channels", 0, "conversion"): 0.03,
        ("acquisition", "seasonality", 11): 2.5,
        ("customers", "churn"): 0.08,
        ("fixed_costs", 0, "monthly"): 2500,
        ("staff", 0, "end_month"): 20,
        ("financing", "loans", 0, "annual_rate"): 0.11,
        ("financing", "starting_cash"): -5000,
        ("tax_rate",): 0.3,
    }
    xlsx = tmp_path / "live.xlsx"
    write_workbook(project(load(source)), xlsx)
    cells = input_cells(load(source))
    wb = openpyxl.load_workbook(xlsx)
    for keys, value in changes.items():
        wb["Assumptions"][cells[keys]] = value
    wb.save(xlsx)
    edited = project(load(edit(source, tmp_path, changes)))
    recalculated = workbook_values(recalc_libreoffice(xlsx, tmp_path / "lo"))
    assert error_cells(recalculated) == []
    assert mismatches(edited, recalculated) == []
    assert edited.summary != project(load(source)).summary, "the edits change the results"


def test_scenario_text_is_never_a_formula(tmp_path):
    source = (FIXTURES / "tiny.yaml").read_text()
    hostile = (
        source.replace("name: Tiny", 'name: \'=HYPERLINK("http://x","y")\'')
        .replace("name: Rent", "name: '=1+1'")
        .replace("role: Designer", "role: '@SUM(A1)'")
        .replace("{name: email,", "{name: email, label: '=Email list',")
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile)
    result = pipeline.run(path, tmp_path / "out")
    wb = openpyxl.load_workbook(result.written[0])
    texts = {
        c.value: c.data_type
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    assert texts["=1+1"] == "s" and texts["@SUM(A1)"] == "s"
    assert texts["=Email list"] == "s" and texts["Visits: =Email list"] == "s"
    title = wb["Assumptions"]["B5"]
    assert (title.value, title.data_type) == ('=HYPERLINK("http://x","y")', "s")
    recalculated = workbook_values(recalc_libreoffice(result.written[0], tmp_path / "lo"))
    assert recalculated["Assumptions"]["B5"].value == '=HYPERLINK("http://x","y")'
    assert error_cells(recalculated) == []


def test_a_cash_row_off_by_one_fails_the_checks(tmp_path):
    """Break one month of the Monthly cash row by 1: the balance and cash checks fail."""
    source = ROOT / "scenarios" / "personalized_treasures.yaml"
    xlsx = tmp_path / "broken.xlsx"
    write_workbook(project(load(source)), xlsx)
    wb = openpyxl.load_workbook(xlsx)
    sheet, cells = next(iter(wb.defined_names["cash"].destinations))
    first = wb[sheet][cells.split(":")[0].replace("$", "")]
    broken = wb[sheet].cell(first.row, first.column + 4)  # month 5
    broken.value = f"{broken.value}+1"
    wb.save(xlsx)
    got = workbook_values(recalc_libreoffice(xlsx, tmp_path / "lo"))
    assert named_range_values(got, "checks_failed") == [2]
    flags = {r[0].value: r[1].value for r in got["Checks"].iter_rows(min_row=7) if r[0].value}
    assert flags == {
        "The balance sheet balances (assets = liabilities + equity)": 1,
        "Balance-sheet cash = starting cash + the cash flows to date": 1,
        "Tax is never negative": 0,
        "Repaid by the end of its term: SBA microloan": 0,
    }
    months = [c.value for c in got["Checks"][7][3:12]]
    assert months == [0, 0, 0, 0, 1, 1, 1, 1, 1]  # from the broken month on
    assert got["Summary"]["A3"].value == "2 check(s) fail: see Checks"
    assert got["Monthly"]["A2"].value == "2 check(s) fail: see Checks"
    gnumeric = workbook_values(recalc_gnumeric(xlsx, tmp_path / "gnumeric"))
    assert named_range_values(gnumeric, "checks_failed") == [2]
    assert gnumeric["Balance sheet"]["A2"].value == "2 check(s) fail: see Checks"


def test_a_loan_left_unpaid_fails_its_check(tmp_path):
    """Freeze the tiny loan's balance row at 1,000: at the end of its 2-month term
    (month 3) it is not repaid, and its check fails."""
    source = FIXTURES / "tiny.yaml"
    xlsx = tmp_path / "unpaid.xlsx"
    write_workbook(project(load(source)), xlsx)
    wb = openpyxl.load_workbook(xlsx)
    rows = {r[1].value: r for r in wb["Monthly"].iter_rows() if len(r) > 1 and r[1].value}
    for cell in rows["loan_balance_1"][3:]:
        cell.value = 1000  # a balance that never falls
    wb.save(xlsx)
    got = workbook_values(recalc_libreoffice(xlsx, tmp_path / "lo"))
    flags = [r[1].value for r in got["Checks"].iter_rows(min_row=7) if r[0].value]
    assert flags == [0, 0, 0, 1] and named_range_values(got, "checks_failed") == [1]


def test_balance_check_rows_read_zero_for_rounding_noise(tmp_path):
    """A balance check of -1e-11 is a balanced sheet: its format shows 0, not a red "-0";
    a real gap (half a cent or more) still shows, in red, on every sheet that has the row."""
    p = project(load(FIXTURES / "tiny_wc.yaml"))
    path = tmp_path / "wc.xlsx"
    write_workbook(p, path, kpis.evaluate(p))
    wb = openpyxl.load_workbook(path)
    formats = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            if any(c.value == "balance_check" for c in row):
                formats |= {
                    c.number_format
                    for c in row
                    if isinstance(c.value, str) and c.value.startswith("=")
                }
    sheets = {
        ws.title
        for ws in wb.worksheets
        if any(c.value == "balance_check" for r in ws.iter_rows() for c in r)
    }
    assert len(sheets) >= 3, sheets  # Monthly, Annual and the Balance sheet
    assert formats == {'[Red][<-0.005]"$"#,##0.00;[Red][>0.005]"$"#,##0.00;"$"0'}


def test_a_french_assumptions_sheet_describes_inputs_in_french(tmp_path):
    """Field descriptions and month names follow the scenario's language."""
    p = project(load(ROOT / "scenarios" / "gem_luxe_creations.yaml"))
    path = tmp_path / "fr.xlsx"
    write_workbook(p, path, kpis.evaluate(p))
    ws = openpyxl.load_workbook(path)[sheets_of(p).assumptions]
    text = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Nom du scénario, texte libre" in " ".join(text)
    assert not any(t.startswith("Scenario name") or t == "Feb" for t in text)
    assert "févr." in text


def test_month_labels_sit_below_charts_that_go_negative(tmp_path):
    """EBITDA and cash dip below zero: the month labels go under the plot, not through the
    bars on the zero line (every chart's time axis has its tick labels "low")."""
    import re
    import zipfile

    p = project(load(ROOT / "scenarios" / "personalized_treasures.yaml"))
    assert p.monthly["ebitda"].min() < 0  # the case that matters
    write_workbook(p, tmp_path / "t.xlsx", kpis.evaluate(p))
    with zipfile.ZipFile(tmp_path / "t.xlsx") as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert charts
    for xml in charts:
        axis = re.search(r"<c:(dateAx|catAx)>.*?</c:\1>", xml, re.S)
        assert axis and '<c:tickLblPos val="low"/>' in axis.group(0)


@pytest.mark.parametrize(
    ("example", "expected"),
    [
        ("customcraft_io", "Apr 2027 to Mar 2032 (60 months), USD"),
        ("gem_luxe_creations", "janv. 2027 à déc. 2031 (60\u00a0mois), EUR"),
    ],
)
def test_the_summary_states_its_horizon_in_words(tmp_path, example, expected):
    """Not "2027-04 … 2032-03 (60)": months named, the count with its unit, per language."""
    p = project(load(ROOT / "scenarios" / f"{example}.yaml"))
    write_workbook(p, tmp_path / "t.xlsx", kpis.evaluate(p))
    summary = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[4]
    assert summary["A2"].value == expected


def test_no_number_format_can_end_in_a_bare_decimal_separator(tmp_path):
    """Excel writes 11 as "11." under `#,##0.##` (LibreOffice hides it): no such format."""
    import re

    optional_decimals = re.compile(r"\.#+(?:$|;|\")")
    for example in ("personalized_treasures", "gem_luxe_creations"):
        p = project(load(ROOT / "scenarios" / f"{example}.yaml"))
        write_workbook(p, tmp_path / f"{example}.xlsx", kpis.evaluate(p))
        wb = openpyxl.load_workbook(tmp_path / f"{example}.xlsx")
        used = {c.number_format for ws in wb.worksheets for row in ws.iter_rows() for c in row}
        assert not {f for f in used if optional_decimals.search(f)}, example


def test_a_month_that_never_comes_reads_never(tmp_path):
    """The cash that never runs out reads "never" on the Summary sheet, not "n/a" (which a
    reader takes for missing data); other figures with no value still read "n/a"."""
    p = project(load(ROOT / "scenarios" / "personalized_treasures.yaml"))
    assert p.summary["cash_out_month"] is None
    write_workbook(p, tmp_path / "t.xlsx", kpis.evaluate(p))
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    cells = {row[3].value: row for row in wb["Summary"].iter_rows(min_row=5, max_row=40)}
    month, calendar = (c.value for c in cells["cash_out_month"][1:3])
    month = getattr(month, "text", month)  # an array formula's text
    assert '"never"' in month and calendar.endswith(',"never")')
    cached = openpyxl.load_workbook(tmp_path / "t.xlsx", data_only=True)["Summary"]
    assert cached[cells["cash_out_month"][1].coordinate].value == "never"
