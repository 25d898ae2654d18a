"""The Assumptions sheet reads like a professional model, and says what is not an input.

Currency, language, horizon, industry and name are fixed when the workbook is
written: they are grey information with a note, not blue inputs. Every input is
named by its label, with its unit and its scenario key beside it. The numbers
the sheet drives are proved by the recalculation tests (tests/test_workbook.py).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from projector import pipeline
from projector.scenario import load
from projector.writers.xlsx.addresses import SheetNames
from projector.writers.xlsx.assumptions import input_cells

ROOT = Path(__file__).parents[3]
INPUT_FILL, INFO_FILL = "FFF8DC", "F2F2F2"


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    src = ROOT / "scenarios" / "gem_luxe_creations.yaml"  # EUR, French, with usd_rate
    out = tmp_path_factory.mktemp("wb")
    pipeline.run(src, out)
    wb = openpyxl.load_workbook(out / f"{src.stem}.xlsx")
    return wb[SheetNames.of("fr").assumptions], input_cells(load(src))


def fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:]


@pytest.mark.parametrize("key", ["name", "currency", "locale", "months", "industry"])
def test_values_fixed_at_writing_are_grey_information_with_a_note(sheet, key):
    ws, cells = sheet
    cell = ws[cells[("scenario", key)]]
    assert fill(cell) == INFO_FILL
    note = ws.cell(row=cell.row, column=5).value
    assert note.endswith(
        "Information, pas une hypothèse\u00a0: pour la changer, modifiez le fichier de scénario "
        "et relancez projector"
    )
    validated = {str(r) for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    assert cell.coordinate not in validated


@pytest.mark.parametrize(
    "path", [("scenario", "start"), ("scenario", "usd_rate"), ("orders", "aov")]
)
def test_values_formulas_read_stay_blue_inputs(sheet, path):
    ws, cells = sheet
    assert fill(ws[cells[path]]) == INPUT_FILL


@pytest.mark.parametrize(
    ("path", "label", "unit"),
    [
        (("orders", "aov"), "Panier moyen", "EUR"),
        (("customers", "churn"), "Attrition mensuelle", "%"),
        (("scenario", "months"), "Horizon", "mois"),
        (("working_capital", "receivable_days"), "Délai client (jours)", "jours"),
    ],
)
def test_each_input_has_a_label_a_unit_and_its_key_aside(sheet, path, label, unit):
    ws, cells = sheet
    row = ws[cells[path]].row
    assert ws.cell(row=row, column=1).value == label
    assert ws.cell(row=row, column=3).value == unit
    assert ws.cell(row=row, column=4).value == ".".join(path)


def test_tables_head_their_columns_with_labels_and_units(sheet):
    ws, cells = sheet
    row = ws[cells[("fixed_costs", 0, "monthly")]].row - 1
    heads = [c.value for c in ws[row]][:5]
    assert heads == [
        "Charge",
        "Montant mensuel (EUR)",
        "Du mois (n° de mois)",
        "Au mois (n° de mois)",
        "Hausse annuelle (%)",
    ]


@pytest.mark.parametrize(
    ("stem", "paper"),
    [("personalized_treasures", 1), ("customcraft_io", 1), ("gem_luxe_creations", 9)],
)
def test_usd_plans_print_on_letter_like_the_report_others_on_a4(tmp_path, stem, paper):
    pipeline.run(ROOT / "scenarios" / f"{stem}.yaml", tmp_path)
    wb = openpyxl.load_workbook(tmp_path / f"{stem}.xlsx")
    assert {int(ws.page_setup.paperSize) for ws in wb} == {paper}


def test_the_kpi_sheet_wraps_its_sources_and_repeats_its_header_on_paper(tmp_path):
    pipeline.run(ROOT / "scenarios" / "personalized_treasures.yaml", tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "personalized_treasures.xlsx")["KPIs"]
    sources = [r[7] for r in ws.iter_rows(min_row=5) if r[0].value]
    assert sources and all(c.alignment.wrap_text for c in sources)
    # a source of n characters wraps to ceil(n / 60) lines: its row is 15 points a line
    longest = max(sources, key=lambda c: len(c.value))
    lines = -(-len(longest.value) // 60)
    assert ws.row_dimensions[longest.row].height == 15 * lines
    assert ws.print_title_rows == "$4:$4"


def test_scalar_inputs_are_workbook_names_used_in_the_formulas(tmp_path):
    src = ROOT / "scenarios" / "personalized_treasures.yaml"
    pipeline.run(src, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "personalized_treasures.xlsx")
    cells = input_cells(load(src))
    names = {n: wb.defined_names[n].attr_text for n in ("orders_aov", "aov_growth", "usd_rate")}
    assert names["aov_growth"] == "Assumptions!$" + "$".join(
        _split(cells[("orders", "aov_growth")])
    )
    rows = {r[1].value: r for r in wb["Monthly"].iter_rows() if len(r) > 4 and r[1].value}
    assert rows["aov"][4].value.startswith("=orders_aov*(1+aov_growth)^(")
    fees = rows["payment_fees"][4].value
    assert "*payment_fee+" in fees and fees.endswith("*payment_fee_fixed")
    # list items stay cell references: a channel is a row of its table
    assert "Assumptions!$" in rows["visits_email"][4].value


def _split(a1: str) -> tuple[str, str]:
    col = a1.rstrip("0123456789")
    return col, a1[len(col) :]


def test_every_table_says_where_items_are_added(sheet):
    ws, cells = sheet
    notes = [c.value for c in ws["A"] if isinstance(c.value, str)]
    # channels and loans are added in the scenario file
    added = [n for n in notes if n.startswith("Pour ajouter")]
    assert len(added) == 2
    assert added[0].endswith("une ligne saisie sous ce tableau n'est lue par aucune formule.")
    # fixed costs, staff, capex and equity have spare rows every total includes
    assert len([n for n in notes if n.startswith("Saisissez un nouvel élément")]) == 4


def test_margin_per_order_is_split_into_visible_steps(tmp_path):
    src = ROOT / "scenarios" / "personalized_treasures.yaml"
    pipeline.run(src, tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "personalized_treasures.xlsx")["Summary"]
    by_id = {r[3].value: r for r in ws.iter_rows(min_row=5) if r[3].value}
    steps = ["refunds", "materials", "upsell_cost", "labor", "fulfillment", "payment_fees"]
    steps.append("return_costs")
    first, last = by_id[steps[0]][1].row, by_id[steps[-1]][1].row
    assert last - first == 6  # seven consecutive rows
    assert by_id["margin_per_order"][1].value == f"=gross_per_order-SUM(B{first}:B{last})"
    assert by_id["materials"][1].value == "=orders_aov*material"
    assert by_id["payment_fees"][1].value == "=gross_per_order*payment_fee+payment_fee_fixed"
    # the engine's values are cached: materials are $62 x 26 % = $16.12 an order
    values = openpyxl.load_workbook(tmp_path / "personalized_treasures.xlsx", data_only=True)
    row = by_id["materials"][1].row
    assert values["Summary"].cell(row=row, column=2).value == pytest.approx(16.12)
