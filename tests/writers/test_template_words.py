"""The report templates read their words by catalogue id from one table, `t`.

`t` is the language's whole catalogue (`catalogue.words`), not a merge of the
workbook's words and the report's: a merge let the report's `annual` silently
override the workbook's (`xl.annual`) on nine ids.  Here a workbook word is
asked for by its own id, `t["xl.kpi_value"]`, and a report word by its own,
`t.annual`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from projector.analysis import compare
from projector.locale import catalogue
from projector.model import kpis, project
from projector.present import compare as present_compare
from projector.present import report as present_report
from projector.scenario import load

ROOT = Path(__file__).parents[2]
TEMPLATES = sorted((ROOT / "templates").glob("*.j2"))
SCENARIOS = ROOT / "scenarios"
DAY = dt.date(2026, 1, 1)
# `t.annual` or `t["xl.kpi_value"]`; the one computed id, t['cmp_' ~ v.mark], is below
WORD = re.compile(r"\bt(?:\.([a-z_0-9]+)|\[\s*[\"']([a-z_0-9.]+)[\"']\s*\])")


def template_ids(path: Path) -> set[str]:
    return {a or b for a, b in WORD.findall(path.read_text(encoding="utf-8"))}


def test_the_pattern_reads_both_spellings():
    assert WORD.findall('{{ t.annual }} {{ t["xl.kpi_value"] }} {{ at.x }}') == [
        ("annual", ""),
        ("", "xl.kpi_value"),
    ]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_every_word_a_template_reads_is_a_catalogue_id(path, language):
    ids = template_ids(path)
    assert ids, "the template reads words"
    assert sorted(i for i in ids if i not in catalogue.words(language)) == []


def test_the_computed_ids_are_catalogue_ids():
    text = "".join(p.read_text(encoding="utf-8") for p in TEMPLATES)
    assert "t['cmp_' ~ v.mark]" in text
    assert {"cmp_best", "cmp_worst"} <= set(catalogue.words("fr"))


@pytest.mark.parametrize(
    ("stem", "language"), [("personalized_treasures", "en"), ("gem_luxe_creations", "fr")]
)
def test_the_report_reads_the_catalogue_itself(stem, language):
    """No merged table: a workbook word keeps its id and the report's word its own."""
    p = project(load(SCENARIOS / f"{stem}.yaml"))
    r = present_report.build(p, kpis.evaluate(p), chart_prefix="", generated=DAY)
    assert r.text is catalogue.words(language)
    assert (
        r.text["kpis"]
        == {"en": "KPIs against industry benchmarks", "fr": "KPI face aux références du secteur"}[
            language
        ]
    )
    assert (
        r.text["xl.kpis"]
        == {"en": "KPIs against benchmarks", "fr": "KPI face aux références"}[language]
    )


def test_a_french_comparison_reads_the_french_catalogue():
    files = [SCENARIOS / "giftcrafters_haven.yaml", SCENARIOS / "personalized_treasures.yaml"]
    c = compare.compare(files, progress=lambda _: None)
    cr = present_compare.build(c, chart_prefix="", generated=DAY)
    assert cr.text is catalogue.words("fr")
    assert (cr.text["annual"], cr.text["xl.annual"]) == (
        "Compte de résultat et flux de trésorerie annuels",
        "Projection annuelle",
    )
