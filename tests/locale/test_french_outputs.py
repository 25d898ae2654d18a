"""A French scenario's workbook and reports are French throughout, scenario text aside.

Every visible string of the workbook (each string cell of each sheet) and of the
reports (the HTML's text, the Markdown) is searched for common English words,
whole words, once the scenario's own text, the titles of cited sources (quoted
“ ” or « », as published) and identifiers (line ids, schema paths, `code`) are
taken out.  An English word left in a French output fails the test with the
string that holds it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from projector.cli import cli
from projector.writers.xlsx.addresses import SheetNames

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"

# Words common in English and absent from French (`or`, `an`, `a`, `on` are French too).
ENGLISH = re.compile(
    r"\b(the|of|and|is|are|per|with|to|from|for|at|by|not|which|when|than|this|that|be|it|"
    r"its|in|into|will|each|every|none|you|your|month|months|year|years|cash|costs?|sales|"
    r"orders?|average|rate|inputs?|assumptions?|revenue|margin|growth|funding|break-even|"
    r"spare|weak|strong|typical|optimistic|judged|higher|lower|range|value)\b",
    re.IGNORECASE,
)
CITED = re.compile(r"“[^”]*”|«[^»]*»")  # a source's title, as published
IDENTIFIER = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def scenario_strings(path: Path) -> list[str]:
    """Every text the scenario file and those it extends write (names, labels, roles),
    longest first."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            found.add(node)

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    walk(data)
    if "extends" in data:
        found.update(scenario_strings(path.parent / data["extends"]))
    return sorted(found, key=len, reverse=True)


def english_words(text: str, scenario: list[str]) -> list[str]:
    text = IDENTIFIER.sub(" ", CITED.sub(" ", text))  # before a channel id inside a path goes
    for own in scenario:
        text = text.replace(own, " ")
    return ENGLISH.findall(text)


def workbook_strings(path: Path) -> Iterator[tuple[str, str]]:
    for ws in openpyxl.load_workbook(path):
        for row in ws.iter_rows():
            for c in row:
                text = c.value
                if isinstance(text, str) and not re.fullmatch(r"=.*|[a-z][a-z0-9_]*", text):
                    yield f"{ws.title}!{c.coordinate}", text  # not a formula nor a line id


def html_strings(path: Path) -> Iterator[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(style|script|code)\b.*?</\1>", " ", text, flags=re.S)
    for line in html.unescape(re.sub(r"<[^>]+>", "\n", text)).splitlines():
        if line.strip():
            yield path.name, line.strip()


def markdown_strings(path: Path) -> Iterator[tuple[str, str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"`[^`]*`|\]\([^)]*\)", " ", line)  # code, link targets
        if line.strip():
            yield path.name, line.strip()


def english_in(outputs: Path, stem: str, scenario: list[str]) -> list[str]:
    found = []
    for read, suffix in (
        (workbook_strings, ".xlsx"),
        (html_strings, ".html"),
        (markdown_strings, ".md"),
    ):
        for where, text in read(outputs / f"{stem}{suffix}"):
            words = english_words(text, scenario)
            if words:
                found.append(f"{where}: {words} in {text!r}")
    return found


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped French examples, the English example run in French, and a French
    comparison, written once."""
    out = tmp_path_factory.mktemp("french")
    english = (SCENARIOS / "personalized_treasures.yaml").read_text(encoding="utf-8")
    assert "locale: en" in english
    (out / "treasures_fr.yaml").write_text(english.replace("locale: en", "locale: fr"))
    risk = SCENARIOS / "risk" / "personalized_treasures_risks.yaml"
    (out / "risk_fr.yaml").write_text(f"extends: {risk}\nscenario:\n  locale: fr\n")
    files = [SCENARIOS / "gem_luxe_creations.yaml", SCENARIOS / "giftcrafters_haven.yaml"]
    runner = CliRunner()
    ran = runner.invoke(
        cli,
        [
            "-q",
            "run",
            *map(str, files),
            str(out / "treasures_fr.yaml"),
            str(out / "risk_fr.yaml"),
            "-o",
            str(out),
        ],
    )
    assert ran.exit_code == 0, ran.output
    ran = runner.invoke(
        cli, ["-q", "compare", *map(str, files), "-o", str(out), "--name", "cmp_fr"]
    )
    assert ran.exit_code == 0, ran.output
    return out


@pytest.mark.parametrize(
    ("stem", "scenario"),
    [
        ("gem_luxe_creations", SCENARIOS / "gem_luxe_creations.yaml"),
        ("giftcrafters_haven", SCENARIOS / "giftcrafters_haven.yaml"),
        ("treasures_fr", SCENARIOS / "personalized_treasures.yaml"),
        ("risk_fr", SCENARIOS / "risk" / "personalized_treasures_risks.yaml"),
    ],
)
def test_a_french_workbook_and_report_hold_no_english_sentence(french, stem, scenario):
    assert english_in(french, stem, scenario_strings(scenario)) == []


def test_the_french_risk_sheet_counts_its_paths_in_french(french):
    note = openpyxl.load_workbook(french / "risk_fr.xlsx")[SheetNames.of("fr").risk]["A2"].value
    assert note.startswith("Résultats de simulation de 2\u00a0000 trajectoires, graine 2027")


def test_a_french_comparison_holds_no_english_sentence(french):
    scenario = [
        *scenario_strings(SCENARIOS / "gem_luxe_creations.yaml"),
        *scenario_strings(SCENARIOS / "giftcrafters_haven.yaml"),
    ]
    assert english_in(french, "cmp_fr", sorted(scenario, key=len, reverse=True)) == []


def test_the_french_workbook_names_months_and_missing_values_in_french(french):
    wb = openpyxl.load_workbook(french / "gem_luxe_creations.xlsx")
    texts = {
        c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    }
    assert {"janv.", "févr.", "déc."} <= texts
    formulas = [t for t in texts if t.startswith("=IF(ISNUMBER(")]
    assert formulas and all(t.endswith((',"n.d.")', ',"jamais")')) for t in formulas)
    # a month that never comes within the horizon (cash never runs out) says so
    assert any(t.endswith(',"jamais")') for t in formulas)
    assert not any("n/a" in t for t in texts)


def test_the_french_workbook_names_its_sheets_in_french(french):
    names = openpyxl.load_workbook(french / "gem_luxe_creations.xlsx").sheetnames
    assert [n for n in names if english_words(n, [])] == []


def test_the_detector_finds_an_english_sentence():
    """The test above would see an English sentence left in a French output."""
    assert english_words("Trésorerie: cash runs out in month 14", []) == ["cash", "in", "month"]
    assert english_words("« What Are the Core 5 KPIs? » : 3 pour 1", []) == []
    assert english_words("Taux (acquisition.channels.conversion) net_revenue", []) == []
    assert english_words("Gem Luxe – the plan", ["Gem Luxe – the plan"]) == []


def test_french_sheet_titles_space_the_colon_as_french_does(french):
    """ "Mensuel : Gem Luxe…", never "Mensuel: Gem Luxe…" (the English "Monthly: …")."""
    wb = openpyxl.load_workbook(french / "gem_luxe_creations.xlsx")
    titles = [ws["A1"].value for ws in wb.worksheets if isinstance(ws["A1"].value, str)]
    named = [t for t in titles if "Gem Luxe" in t]
    assert len(named) >= 6, titles
    assert all("\u00a0: Gem Luxe" in t for t in named), named


def test_the_french_markdown_keeps_its_no_break_spaces(french):
    """ "48,1 %" and "1 442 530 €" hold together in Markdown as in HTML: no-break spaces."""
    md = (french / "gem_luxe_creations.md").read_text(encoding="utf-8")
    assert re.search(r"\d\u00a0%", md) and re.search(r"\d\u00a0€", md)
    assert not re.search(r"\d %|\d €", md)
