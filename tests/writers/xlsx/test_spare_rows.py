"""Items typed into the workbook's spare rows flow through every sheet.

A fixed cost, a staff member, a capex item and an equity round typed into the
spare rows of the Assumptions sheet (with openpyxl), then recalculated in
LibreOffice, give the numbers the engine gives for the same items written in
the scenario file: every Monthly row, every summary item, every check.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from recalc import error_cells, mismatches, recalc_libreoffice, workbook_values

from projector.model import project
from projector.scenario import load
from projector.writers.xlsx.assumptions import SPARE_ROWS, input_cells
from projector.writers.xlsx.workbook import write_workbook

ROOT = Path(__file__).parents[3]
SOURCE = ROOT / "scenarios" / "personalized_treasures.yaml"

pytestmark = pytest.mark.recalc

NEW = {
    "fixed_costs": {
        "name": "Software",
        "monthly": 350,
        "start_month": 4,
        "end_month": 30,
        "annual_increase": 0.05,
    },
    "staff": {
        "role": "Packer",
        "count": 2,
        "monthly_salary": 2100,
        "start_month": 10,
        "annual_raise": 0.03,
    },
    "capex": {"name": "Second laser", "amount": 9000, "month": 14, "life_months": 24},
    "equity": {"month": 20, "amount": 40000},
}


def test_items_typed_into_spare_rows_flow_through_every_sheet(tmp_path):
    base = load(SOURCE)
    xlsx = tmp_path / "spare.xlsx"
    write_workbook(project(base), xlsx)
    cells, wb = input_cells(base), openpyxl.load_workbook(xlsx)
    ws = wb["Assumptions"]
    counts = {
        "fixed_costs": len(base.fixed_costs),
        "staff": len(base.staff),
        "capex": len(base.capex),
        "equity": len(base.financing.equity),
    }
    for table, fields in NEW.items():
        prefix = ("financing", "equity") if table == "equity" else (table,)
        for key, value in fields.items():
            ws[cells[(*prefix, counts[table], key)]] = value  # the first spare row
    wb.save(xlsx)

    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    for table, fields in NEW.items():
        items = data["financing"] if table == "equity" else data
        items.setdefault(table, []).append(dict(fields))
    written = tmp_path / "with_items.yaml"
    written.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    expected = project(load(written))

    recalculated = workbook_values(recalc_libreoffice(xlsx, tmp_path / "lo"))
    assert error_cells(recalculated) == []
    assert mismatches(expected, recalculated) == []
    assert expected.summary != project(base).summary, "the new items change the results"


def test_each_summed_table_has_its_spare_rows():
    cells = input_cells(load(SOURCE))
    base = load(SOURCE)
    last = {
        ("fixed_costs",): len(base.fixed_costs),
        ("staff",): len(base.staff),
        ("capex",): len(base.capex),
        ("financing", "equity"): len(base.financing.equity),
    }
    for prefix, n in last.items():
        assert any(p[: len(prefix) + 1] == (*prefix, n + SPARE_ROWS - 1) for p in cells)
        assert not any(p[: len(prefix) + 1] == (*prefix, n + SPARE_ROWS) for p in cells)
    assert not any(p[:3] == ("financing", "loans", len(base.financing.loans)) for p in cells)
