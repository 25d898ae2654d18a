"""The comparison workbook must compute, in a real spreadsheet, what the engine computes.

Scenarios of different currencies, languages, channels, start months and horizons
are compared; the workbook is recalculated in LibreOffice and Gnumeric and every
Compare cell (value, difference, % difference) and every scenario's Monthly row is
checked against the engine.  The liveness test edits one scenario's input and
watches the Compare sheet follow.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import openpyxl
import pytest
from editing import edit
from recalc import (
    error_cells,
    numbers_agree,
    recalc_gnumeric,
    recalc_libreoffice,
    workbook_values,
)

from projector import pipeline
from projector.analysis import compare
from projector.writers.xlsx.addresses import SheetNames
from projector.writers.xlsx.assumptions import input_cells
from projector.writers.xlsx.compare_workbook import sheet_names, write_workbook

ROOT = Path(__file__).parents[3]
FIXTURES = Path(__file__).parents[2] / "fixtures"
# USD/en base, EUR/fr with other channels and a funding gap, a 3-month scenario
# starting elsewhere (years beyond its horizon), the full example (fixtures/scn_full.yaml).
FILES = [
    ROOT / "scenarios" / "personalized_treasures.yaml",
    ROOT / "scenarios" / "giftcrafters_haven.yaml",
    FIXTURES / "tiny.yaml",
    FIXTURES / "scn_full.yaml",
]
NULLS = ("n/a", "n.d.", "never", "jamais")
EN, FR = SheetNames.of("en"), SheetNames.of("fr")

pytestmark = pytest.mark.recalc


def _num(value):
    return None if isinstance(value, str) and value in NULLS else value


def names_of(c: compare.Comparison) -> SheetNames:
    """The comparison workbook's sheet names: the base scenario's language's."""
    return SheetNames.of(c.base.projection.scenario.scenario.locale)


def compare_rows(wb, names: SheetNames = EN) -> list[tuple[str, int | None, list]]:
    """(id, year or None for summary items, cells) of every metric row of the Compare sheet."""
    out, year = [], None
    for row in wb[names.compare].iter_rows(min_row=8):
        label, line_id = row[0].value, row[1].value
        heading = re.fullmatch(r"(Year|Année) (\d+)", label or "")
        if heading:
            year = int(heading.group(2))
        elif line_id:
            out.append((line_id, year, row[2:]))
    return out


def mismatches(c: compare.Comparison, wb) -> list[str]:
    """Every Compare cell and every per-scenario Monthly number that differs from the engine."""
    out, n = [], len(c.entries)

    def check(where: str, got, expected) -> None:
        if not numbers_agree(_num(got), expected):
            out.append(f"{where}: workbook {got!r} != engine {expected!r}")

    seen, names = set(), names_of(c)
    for line_id, year, cells in compare_rows(wb, names):
        seen.add((line_id, year))
        for i, e in enumerate(c.entries):
            if year is None:
                expected = compare.summary_value(e, line_id)
            elif line_id == "months_in_year":
                expected = (
                    float(
                        sum(
                            1
                            for y in range(e.projection.scenario.scenario.months)
                            if y // 12 + 1 == year
                        )
                    )
                    or None
                )
            else:
                expected = compare.annual_value(e, line_id, year)
            check(f"{e.key} {line_id} y{year}", cells[i].value, expected)
            if i:
                base = cells[0].value
                diff, pct = compare.delta(_num(cells[i].value), _num(base))
                check(f"{e.key} Δ {line_id} y{year}", cells[n + i].value, diff)
                check(f"{e.key} Δ% {line_id} y{year}", cells[2 * n + i].value, pct)
    for e in c.entries:  # nothing left out
        for line_id in e.projection.annual:
            if not next(x for x in e.projection.lines if x.id == line_id).detail:
                assert (line_id, 1) in seen, line_id
        for item in e.projection.summary_items:
            assert (item.id, None) in seen, item.id
    pairs = sheet_names([e.key for e in c.entries], names)
    for e, (_, monthly) in zip(c.entries, pairs, strict=True):
        rows = {r[1].value: r for r in wb[monthly].iter_rows() if len(r) > 1 and r[1].value}
        for line in e.projection.lines:
            for t, cell in enumerate(rows[line.id][3 : 3 + len(e.projection.months)]):
                check(
                    f"{monthly} {line.id}[{t + 1}]",
                    cell.value,
                    float(e.projection.monthly[line.id][t]),
                )
    return out


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp")
    c = compare.compare(FILES, progress=lambda _: None)
    xlsx = out / "comparison.xlsx"
    write_workbook(c, xlsx)
    return c, xlsx, recalc_libreoffice(xlsx, out / "lo")


def test_libreoffice_recalculation_equals_every_engine(comparison):
    c, _, recalculated = comparison
    wb = workbook_values(recalculated)
    assert error_cells(wb) == []
    assert mismatches(c, wb) == []


def test_shipped_variants_compare_right_after_recalculation(tmp_path):
    """The README's example, through `projector compare`'s own pipeline."""
    variants = sorted((ROOT / "scenarios" / "personalized_treasures").glob("*.yaml"))
    result = pipeline.run_compare(variants, tmp_path, "treasures")
    wb = workbook_values(recalc_libreoffice(tmp_path / "treasures.xlsx", tmp_path / "lo"))
    assert error_cells(wb) == []
    assert mismatches(result.comparison, wb) == []
    assert [e.key for e in result.comparison.entries] == ["base", "optimistic", "pessimistic"]


def test_gnumeric_recalculation_equals_every_engine(comparison, tmp_path):
    c, xlsx, _ = comparison
    wb = workbook_values(recalc_gnumeric(xlsx, tmp_path))
    assert error_cells(wb) == []
    assert mismatches(c, wb) == []


def test_cached_values_are_the_engine_values(comparison):
    c, xlsx, _ = comparison
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(xlsx, data_only=True)
    assert mismatches(c, wb) == []


def test_differences_worked_by_hand(comparison):
    """Ending cash and its difference from the base, read off the recalculated sheet."""
    c, _, recalculated = comparison
    rows = {(i, y): cells for i, y, cells in compare_rows(workbook_values(recalculated))}
    base = c.base.projection.monthly["cash"][-1]
    other = c.entries[2].projection.monthly["cash"][-1]  # tiny.yaml, 3 months
    cells = rows[("ending_cash", None)]
    assert cells[0].value == pytest.approx(base)
    assert cells[2].value == pytest.approx(other)
    # four value columns, a gap, Δ of scenarios 2..4, a gap, Δ % of scenarios 2..4
    assert cells[4 + 2].value == pytest.approx(other - base)
    assert cells[8 + 2].value == pytest.approx((other - base) / abs(base))
    # tiny.yaml has one year: its Year-2 cells say so, and so do their differences
    year2 = rows[("net_revenue", 2)]
    assert year2[2].value == "n/a" and year2[4 + 2].value == "n/a"


def test_every_compare_number_is_a_formula(comparison):
    _, xlsx, _ = comparison
    ws = openpyxl.load_workbook(xlsx)[EN.compare]
    for row in ws.iter_rows(min_row=8, min_col=3):
        for cell in row:
            assert not isinstance(cell.value, int | float), f"{cell.coordinate} is typed in"


def test_compare_sheet_follows_an_edit_of_one_scenario(tmp_path):
    """Edit the second scenario's AOV and conversion on its own Assumptions sheet."""
    files = FILES[:2]
    changes = {("orders", "aov"): 55, ("acquisition", "channels", 0, "conversion"): 0.05}
    xlsx = tmp_path / "live.xlsx"
    c = compare.compare(files, progress=lambda _: None)
    write_workbook(c, xlsx)
    cells = input_cells(c.entries[1].projection.scenario)
    wb = openpyxl.load_workbook(xlsx)
    assumptions = sheet_names([e.key for e in c.entries], EN)[1][0]
    for keys, value in changes.items():
        wb[assumptions][cells[keys]] = value
    wb.save(xlsx)
    edited = compare.compare([files[0], edit(files[1], tmp_path, changes)], progress=lambda _: None)
    recalculated = workbook_values(recalc_libreoffice(xlsx, tmp_path / "lo"))
    assert error_cells(recalculated) == []
    assert mismatches(edited, recalculated) == []
    assert edited.entries[1].projection.summary != c.entries[1].projection.summary


def test_sheet_names_are_unique_legal_and_short():
    keys = ["a" * 40, "a" * 40 + "b", "A" * 19, "x[1]:y*?/\\", "'quoted'", "Plan"]
    names = sheet_names(keys, EN)
    flat = [n for pair in names for n in pair]
    assert all(len(n) <= 31 for n in flat)
    assert len({n.casefold() for n in flat}) == len(flat)
    assert not any(set(n) & set("[]:*?/\\") for n in flat)
    assert names[0] == ("a" * 19 + " Assumptions", "a" * 19 + " Monthly")
    assert names[1][1] == "a" * 17 + "~2 Monthly"
    assert names[2][1] == "A" * 17 + "~3 Monthly"  # Excel ignores case: "a..." is taken
    assert names[3][0] == "x_1__y____ Assumptions"
    assert names[5] == ("Plan Assumptions", "Plan Monthly")


def test_a_french_base_names_the_scenario_sheets_in_french():
    names = sheet_names(["optimiste", "b" * 40], FR)
    assert names[0] == ("optimiste Hypothèses", "optimiste Mensuel")
    assert names[1] == ("b" * 20 + " Hypothèses", "b" * 20 + " Mensuel")  # 31 characters


@pytest.fixture(scope="module")
def french_comparison(tmp_path_factory):
    """A French base (giftcrafters_haven) against an English scenario: French sheet names,
    with spaces and accents, in every formula."""
    out = tmp_path_factory.mktemp("cmp_fr")
    c = compare.compare([FILES[1], FILES[0]], progress=lambda _: None)
    xlsx = out / "comparaison.xlsx"
    write_workbook(c, xlsx)
    return c, xlsx


def test_a_french_base_names_every_sheet_in_french(french_comparison):
    c, xlsx = french_comparison
    pairs = sheet_names([e.key for e in c.entries], FR)
    names = openpyxl.load_workbook(xlsx).sheetnames
    assert names == ["Comparaison", "Graphiques comparés", *(n for pair in pairs for n in pair)]
    assert names[2:] == [
        "giftcrafters_haven Hypothèses",
        "giftcrafters_haven Mensuel",
        "personalized_treasur Hypothèses",  # cut to Excel's 31 characters
        "personalized_treasur Mensuel",
    ]


@pytest.mark.parametrize("engine", [recalc_libreoffice, recalc_gnumeric])
def test_a_french_base_recalculates_to_the_engine(french_comparison, tmp_path, engine):
    c, xlsx = french_comparison
    wb = workbook_values(engine(xlsx, tmp_path))
    assert error_cells(wb) == []
    assert mismatches(c, wb) == []


def test_scenario_names_are_text_on_the_compare_sheet(tmp_path):
    hostile = (FIXTURES / "tiny.yaml").read_text().replace("name: Tiny", "name: '=1+1'")
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile)
    c = compare.compare([FIXTURES / "tiny.yaml", path], progress=lambda _: None)
    xlsx = tmp_path / "c.xlsx"
    write_workbook(c, xlsx)
    ws = openpyxl.load_workbook(xlsx)[EN.compare]
    names = [cell for cell in ws[5] if cell.value == "=1+1"]
    assert names and all(cell.data_type == "s" for cell in names)
