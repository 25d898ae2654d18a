"""The workbook's look against its golden record (tests/writers/xlsx/golden/*.json).

Number formats, fonts, fills, borders, alignment, column widths, row heights,
freeze panes, conditional formats, print setup and defined names of the full
fixture's workbook, in English/USD and French/EUR, must equal the record.  A
deliberate change of look is recorded with
`python -m tests.writers.xlsx.golden_styles --update` (see golden_styles.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from golden_styles import CASES, as_text, generate, golden_path, snapshot

from projector.writers.xlsx.addresses import SheetNames

UPDATE = "python -m tests.writers.xlsx.golden_styles --update"


def differences(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Every place where two records differ, as `path: expected -> actual`."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return [
            line
            for key in sorted(expected.keys() | actual.keys())
            for line in differences(expected.get(key), actual.get(key), f"{where}/{key}")
        ]
    return [] if expected == actual else [f"{where}: {expected!r} -> {actual!r}"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_workbook_looks_as_recorded(case: str, tmp_path: Path) -> None:
    actual = json.loads(as_text(snapshot(generate(case, tmp_path))))
    expected = json.loads(golden_path(case).read_text(encoding="utf-8"))
    found = differences(expected, actual)
    assert not found, f"{len(found)} differences (if meant, run {UPDATE}):\n" + "\n".join(
        found[:30]
    )


def test_record_holds_what_it_promises() -> None:
    """The record is not vacuous: it pins the formats, widths and print setup it claims."""
    en = json.loads(golden_path("full_en_usd").read_text(encoding="utf-8"))
    fr = json.loads(golden_path("full_fr_eur").read_text(encoding="utf-8"))
    monthly = en["sheets"]["Monthly"]
    assert monthly["columns"]["A:A"] == pytest.approx(34.71, abs=0.01)
    assert monthly["freeze_panes"] == "D7"
    assert (monthly["print"]["paper"], monthly["print"]["scale"]) == (1, 41)  # Letter
    mensuel = fr["sheets"][SheetNames.of("fr").monthly]
    assert (mensuel["print"]["paper"], mensuel["print"]["scale"]) == (9, 45)  # A4
    assert monthly["print"]["column_breaks"] == [15, 27]  # a year per page
    formats = {s["number_format"] for s in en["styles"].values()}
    assert {"0.00%", "#,##0"} <= formats
    assert any("€" in s["number_format"] for s in fr["styles"].values())
    assert en["defined_names"]["checks_failed"] == "Checks!$B$4"
    # French sheet names, with accents, quoted wherever a name points at them
    assert fr["defined_names"]["checks_failed"] == "'Contrôles'!$B$4"
    assert fr["defined_names"]["ending_cash"].startswith("'Synthèse'!$B$")


def _with(record: dict[str, Any], change: Any) -> list[str]:
    changed = json.loads(json.dumps(record))
    change(changed)
    return differences(record, changed)


def test_a_changed_format_or_width_is_caught() -> None:
    """Editing one number format or one column width shows as exactly one difference."""
    record = json.loads(golden_path("full_en_usd").read_text(encoding="utf-8"))
    sid = next(k for k, s in record["styles"].items() if s["number_format"] == "0.00%")

    def percent(r: dict[str, Any]) -> None:
        r["styles"][sid]["number_format"] = "0.0%"

    def width(r: dict[str, Any]) -> None:
        r["sheets"]["Annual"]["columns"]["A:A"] += 1

    assert _with(record, percent) == [f"/styles/{sid}/number_format: '0.00%' -> '0.0%'"]
    assert len(_with(record, width)) == 1
