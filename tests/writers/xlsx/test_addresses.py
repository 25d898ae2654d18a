"""Sheet names and references: one table of names per language, quoted where Excel needs it.

A French workbook's formulas point at `'Hypothèses'!$B$4`; a name with a space, an
accent or a quote must be quoted in a formula, or the spreadsheet reads another
sheet or none.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import openpyxl
import pytest

from projector.locale import catalogue
from projector.model import kpis, project
from projector.scenario import load
from projector.writers.xlsx.addresses import Layout, SheetNames, line_range, sheet_ref
from projector.writers.xlsx.workbook import SHEET_ORDER, write_workbook

ROOT = Path(__file__).parents[3]


@pytest.mark.parametrize(
    ("sheet", "cell", "expected"),
    [
        ("Monthly", "A1", "Monthly!A1"),
        ("KPI", "$B$4", "KPI!$B$4"),
        ("Balance sheet", "B4", "'Balance sheet'!B4"),
        ("Hypothèses", "$B$4", "'Hypothèses'!$B$4"),
        ("Synthèse", "B5", "'Synthèse'!B5"),
        ("Contrôles", "$B$4", "'Contrôles'!$B$4"),
        ("Graphiques comparés", "A1", "'Graphiques comparés'!A1"),
        ("l'optimiste Mensuel", "D7", "'l''optimiste Mensuel'!D7"),
        ("Plan2", "A1", "'Plan2'!A1"),
    ],
)
def test_sheet_ref_quotes_every_name_that_is_not_a_plain_word(sheet, cell, expected):
    assert sheet_ref(sheet, cell) == expected


def test_sheet_names_come_from_the_catalogue_in_each_language():
    assert SheetNames.of("en") == SheetNames(
        assumptions="Assumptions",
        monthly="Monthly",
        annual="Annual",
        balance_sheet="Balance sheet",
        summary="Summary",
        checks="Checks",
        kpis="KPIs",
        charts="Charts",
        risk="Risk",
        compare="Compare",
        compare_charts="Compare charts",
    )
    fr = SheetNames.of("fr")
    assert (fr.assumptions, fr.monthly, fr.annual, fr.summary) == (
        "Hypothèses",
        "Mensuel",
        "Annuel",
        "Synthèse",
    )
    assert len({getattr(fr, f.name) for f in fields(fr)}) == len(fields(fr))


def test_every_sheet_id_of_the_catalogue_is_a_sheet_name_field():
    assert {f.name for f in fields(SheetNames)} == set(catalogue.table("sheet."))


def test_a_layout_points_formulas_at_its_own_sheet_names():
    names = SheetNames.of("fr").with_scenario("b Hypothèses", "b Mensuel")
    layout = Layout({("x",): (3, 1)}, {"cash": 9}, {}, 12, "n.d.", names)
    assert layout.input_ref(("x",)) == "'b Hypothèses'!$B$4"
    assert line_range(layout, "cash") == "'b Mensuel'!$D$10:$O$10"
    assert layout.annual == "Annuel"


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> openpyxl.Workbook:
    p = project(load(ROOT / "scenarios" / "gem_luxe_creations.yaml"))
    path = tmp_path_factory.mktemp("fr") / "fr.xlsx"
    write_workbook(p, path, kpis.evaluate(p))
    return openpyxl.load_workbook(path)


def test_a_french_workbook_names_its_sheets_from_the_table(french):
    names = SheetNames.of("fr")
    assert french.sheetnames == [getattr(names, key) for key in SHEET_ORDER]
    assert french.sheetnames[:3] == ["Hypothèses", "Mensuel", "Annuel"]


def test_french_formulas_and_names_point_at_the_french_sheets(french):
    """No formula or defined name of a French workbook names an English sheet."""
    english = [f"{n}!" for n in ("Assumptions", "Monthly", "Annual", "Summary", "Checks")]
    english += ["'Balance sheet'!"]
    texts = [dn.attr_text for dn in french.defined_names.values()]
    texts += [
        c.value
        for ws in french.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert [t for t in texts if any(e in t for e in english)] == []
    assert french.defined_names["checks_failed"].attr_text == "'Contrôles'!$B$4"
    annual = french["Annuel"]
    formulas = [c.value for row in annual.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Mensuel!" in f for f in formulas)  # a plain word: unquoted
    assert french["Bilan"]["C3"].value == "=Mensuel!C3"
