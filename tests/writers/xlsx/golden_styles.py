"""The golden record of a workbook's look: formats and styles, sheet by sheet.

    python -m tests.writers.xlsx.golden_styles --update    # rewrite golden/*.json

`snapshot` reads a generated workbook with openpyxl and keeps what a reader sees
of its layout but no value: each cell's number format, font, fill, borders and
alignment (cells of one style in a row collapsed into runs), column widths, row
heights and outline levels, freeze panes, conditional formats, print setup
(paper, orientation, scale or fit, margins, print titles and area, page breaks)
and the defined names.  Values and dates are left out: the recalculation tests
prove the numbers, this record proves the presentation.  After a deliberate
change of look, run the command above and review the JSON diff.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from projector.model import kpis, project
from projector.scenario import Scenario, load
from projector.writers.xlsx.workbook import write_workbook

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
FIXTURE = HERE.parents[1] / "fixtures" / "scn_full.yaml"


def _english(s: Scenario) -> Scenario:
    return s


def _french(s: Scenario) -> Scenario:
    """The same plan in French and euros: other number formats, paper and words."""
    return replace(s, scenario=replace(s.scenario, locale="fr", currency="EUR"))


# case name -> the fixture's scenario as that case writes it
CASES = {"full_en_usd": _english, "full_fr_eur": _french}


def generate(case: str, folder: Path) -> Path:
    """Write the case's workbook (with its KPIs, as `projector run` does) into `folder`."""
    p = project(CASES[case](load(FIXTURE)))
    path = folder / f"{case}.xlsx"
    write_workbook(p, path, kpis.evaluate(p))
    return path


def _color(c: Any) -> str | None:
    """`FFRRGGBB`, or `theme:N` / `indexed:N` for a colour taken from the theme or palette."""
    if c is None:
        return None
    if c.type == "rgb":
        return str(c.rgb)
    return f"{c.type}:{c.theme if c.type == 'theme' else c.indexed}"


def _style(cell: Any) -> dict[str, Any]:
    """Everything that sets how a cell looks, as plain data."""
    f, fill, b, a = cell.font, cell.fill, cell.border, cell.alignment
    return {
        "number_format": cell.number_format,
        "font": [f.name, f.sz, bool(f.b), bool(f.i), _color(f.color)],
        "fill": [fill.fill_type, _color(fill.fgColor) if fill.fill_type else None],
        "border": [
            [side.style, _color(side.color) if side.style else None]
            for side in (b.left, b.right, b.top, b.bottom)
        ],
        "alignment": [a.horizontal, a.vertical, bool(a.wrap_text), a.indent],
    }


class _Styles:
    """Numbers each distinct style in order of first use, so the record stays small."""

    def __init__(self) -> None:
        self.table: dict[str, dict[str, Any]] = {}
        self._ids: dict[str, str] = {}

    def id(self, cell: Any) -> str:
        style = _style(cell)
        key = json.dumps(style, sort_keys=True)
        if key not in self._ids:
            self._ids[key] = f"s{len(self._ids)}"
            self.table[self._ids[key]] = style
        return self._ids[key]


def _runs(ws: Any, styles: _Styles) -> dict[str, list[list[Any]]]:
    """Per row, `[first column, last column, style]` runs over the cells that exist."""
    rows: dict[str, list[list[Any]]] = {}
    for row in ws.iter_rows():
        runs: list[list[Any]] = []
        for cell in row:
            if cell.has_style or cell.value is not None:
                letter, sid = get_column_letter(cell.column), styles.id(cell)
                if runs and runs[-1][2] == sid and runs[-1][3] == cell.column - 1:
                    runs[-1][1], runs[-1][3] = letter, cell.column
                else:
                    runs.append([letter, letter, sid, cell.column])
        if runs:
            rows[str(row[0].row)] = [r[:3] for r in runs]
    return rows


def _print_setup(ws: Any) -> dict[str, Any]:
    setup, margins = ws.page_setup, ws.page_margins
    fit = ws.sheet_properties.pageSetUpPr
    return {
        "paper": setup.paperSize,
        "orientation": setup.orientation,
        "scale": setup.scale,
        "fit_to_page": bool(fit and fit.fitToPage),
        "fit_width_height": [setup.fitToWidth, setup.fitToHeight],
        "margins": [
            margins.left,
            margins.right,
            margins.top,
            margins.bottom,
            margins.header,
            margins.footer,
        ],
        "title_rows": ws.print_title_rows,
        "title_cols": ws.print_title_cols,
        "area": ws.print_area,
        "column_breaks": [b.id for b in ws.col_breaks.brk],
        "row_breaks": [b.id for b in ws.row_breaks.brk],
    }


def _sheet(ws: Any, styles: _Styles) -> dict[str, Any]:
    columns = {
        f"{get_column_letter(d.min)}:{get_column_letter(d.max)}": d.width
        for d in ws.column_dimensions.values()
        if d.customWidth
    }
    rows = {
        str(r): [d.ht, d.outlineLevel]
        for r, d in sorted(ws.row_dimensions.items())
        if d.ht is not None or d.outlineLevel
    }
    conditional = [
        [str(rng.sqref), rule.type, rule.operator, rule.formula, _style_of_dxf(rule.dxf)]
        for rng in ws.conditional_formatting
        for rule in rng.rules
    ]
    return {
        "freeze_panes": ws.freeze_panes,
        "columns": columns,
        "rows": rows,
        "print": _print_setup(ws),
        "conditional": conditional,
        "cells": _runs(ws, styles),
    }


def _style_of_dxf(dxf: Any) -> str | None:
    """A conditional format's fill colour (the only thing the workbook sets in one)."""
    if dxf is None or dxf.fill is None:
        return None
    return _color(dxf.fill.bgColor) or _color(dxf.fill.fgColor)


def snapshot(path: Path) -> dict[str, Any]:
    """The workbook's formats and styles as JSON-ready data (see the module's docstring)."""
    wb = openpyxl.load_workbook(path)
    styles = _Styles()
    sheets = {ws.title: _sheet(ws, styles) for ws in wb.worksheets}
    names = {name: d.attr_text for name, d in sorted(wb.defined_names.items())}
    return {"sheets": sheets, "defined_names": names, "styles": styles.table}


def golden_path(case: str) -> Path:
    return GOLDEN / f"{case}.json"


def as_text(data: dict[str, Any]) -> str:
    """One stable text for the record and its diff: sorted keys, each flat list on one line."""
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)
    flat = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + _one_line(m.group(1)) + "]", text)
    return flat + "\n"


def _one_line(items: str) -> str:
    return ", ".join(part.strip() for part in items.split(",\n"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite golden/*.json")
    args = parser.parse_args()
    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            text = as_text(snapshot(generate(case, Path(tmp))))
            target = golden_path(case)
            if args.update:
                target.write_text(text, encoding="utf-8")
                print(f"wrote {target.relative_to(HERE.parents[2])}")
            else:
                same = target.exists() and target.read_text(encoding="utf-8") == text
                print(f"{case}: {'unchanged' if same else 'DIFFERS (run with --update)'}")


if __name__ == "__main__":
    main()
