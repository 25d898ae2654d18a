"""The comparison report: the engine's numbers, side by side, marked, safe, and printable.

The PDF test needs the `chromium` and `poppler-utils` packages (CI installs them); like
tests/test_report.py it never skips: without a browser it fails and says what to install.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as htmllib
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from editing import parse, scenario_text
from printing import pdf_info

from projector.analysis import compare
from projector.present import compare as present_compare
from projector.writers import charts, compare_report, pdf
from projector.writers.page import Rendered

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
TINY = FIXTURES / "tiny.yaml"
DAY = dt.date(2027, 3, 5)
# The lines compared year by year, as their Line.report places them (tests/present).
KEY_LINES = ("net_revenue", "ebitda", "net_income", "cash")
NB = "\u00a0"
CHART_TITLES = {
    "en": [
        "Cash balance at month end, by scenario",
        "Monthly net revenue, by scenario",
        "Monthly EBITDA, by scenario",
    ],
    "fr": [
        "Trésorerie en fin de mois, par scénario",
        "CA net mensuel, par scénario",
        "EBE mensuel, par scénario",
    ],
}


def quiet(message: str) -> None:
    pass


def comparison(*paths: Path, name: str = "comparison") -> compare.Comparison:
    return compare.compare(list(paths), name=name, progress=quiet)


def build(
    c: compare.Comparison, prefix: str = "comparison_chart_"
) -> present_compare.CompareReport:
    return present_compare.build(c, chart_prefix=prefix, generated=DAY)


@functools.cache
def example_comparison() -> compare.Comparison:
    """Four English USD examples with different starts, horizons and a shared name."""
    return comparison(
        ROOT / "scenarios" / "personalized_treasures.yaml",
        ROOT / "scenarios" / "customcraft_io.yaml",
        ROOT / "scenarios" / "emberly_designs.yaml",
        FIXTURES / "scn_full.yaml",
    )


@functools.cache
def examples() -> tuple[present_compare.CompareReport, Rendered]:
    r = build(example_comparison())
    return r, compare_report.render(r)


@functools.cache
def french_mixed() -> tuple[compare.Comparison, present_compare.CompareReport, Rendered]:
    """A French EUR base against a second EUR scenario and two USD ones (tiny: no break-even)."""
    c = comparison(
        ROOT / "scenarios" / "giftcrafters_haven.yaml",
        ROOT / "scenarios" / "gem_luxe_creations.yaml",
        ROOT / "scenarios" / "personalized_treasures.yaml",
        TINY,
    )
    r = build(c)
    return c, r, compare_report.render(r)


def write(folder: Path, stem: str, text: str) -> Path:
    path = folder / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def headline_cell(html: str, item: str, key: str) -> tuple[str, str]:
    """(the cell's class, its whole content) of a headline figure."""
    match = re.search(
        rf'<td class="([^"]*)" data-item="{item}" data-scenario="{key}">(.*?)</td>', html, re.S
    )
    assert match, (item, key)
    return match[1], match[2]


def year_cell(html: str, line: str, key: str, year: int) -> tuple[str, str]:
    match = re.search(
        rf'<td class="([^"]*)" data-line="{line}" data-scenario="{key}" '
        rf'data-year="{year}">(.*?)</td>',
        html,
        re.S,
    )
    assert match, (line, key, year)
    return match[1], match[2]


def shown(cell: str) -> str:
    match = re.search(r'<span class="v[^"]*">(.*?)</span>', cell, re.S)
    assert match, cell
    return htmllib.unescape(match[1])


# --- The numbers are the engine's -------------------------------------------------------------


def test_context_holds_the_engines_values_and_differences():
    r, _ = examples()
    c = example_comparison()
    rows = {row.id: row for row in r.headline}
    assert list(rows) == [x.id for x in c.base.projection.summary_items]
    for item_id, row in rows.items():
        for e, v in zip(c.entries, row.values, strict=True):
            assert v.value == compare.summary_value(e, item_id), (item_id, e.key)
        for v in row.values[1:]:
            if v.value is not None and row.values[0].value is not None:
                assert (v.diff, v.pct) == compare.delta(v.value, row.values[0].value)
    assert [s.key for s in r.scenarios] == [e.key for e in c.entries]
    assert r.base.base and r.base.key == "personalized_treasures"


def test_html_shows_the_engines_numbers():
    _, out = examples()
    for e in example_comparison().entries:
        for item_id, digits in (
            ("funding_need", 0),
            ("ending_cash", 0),
            ("min_cash", 0),
            ("clv", 2),
            ("ltv_to_cac", 2),
            ("margin_per_order", 2),
            ("cac_payback_orders", 2),
            ("use_operating", 0),
            ("use_capex", 0),
        ):
            value = parse(shown(headline_cell(out.html, item_id, e.key)[1]), "en")
            assert abs(value - compare.summary_value(e, item_id)) <= 0.5 * 10**-digits + 1e-9
        for item_id in ("break_even_month", "break_even_ttm_month"):
            month = shown(headline_cell(out.html, item_id, e.key)[1])
            assert month == f"Month {int(compare.summary_value(e, item_id))}"
        for line in KEY_LINES:
            for year in range(1, len(e.projection.years) + 1):
                value = parse(shown(year_cell(out.html, line, e.key, year)[1]), "en")
                assert abs(value - compare.annual_value(e, line, year)) <= 0.5, (line, year)


def test_years_beyond_a_horizon_are_blank_and_partial_years_say_so():
    r, out = examples()
    assert {t.id for t in r.years} == set(KEY_LINES)
    # customcraft_io runs 60 months, scn_full 36: Year 4 and 5 of scn_full are blank.
    for year in (4, 5):
        cls, cell = year_cell(out.html, "cash", "scn_full", year)
        assert cls == "" and cell == ""
    r = build(comparison(TINY))  # a 3-month horizon: Year 1 holds 3 months
    assert next(t for t in r.years if t.id == "cash").rows[0].values[0].note == "3 months"


def test_long_horizons_split_the_year_tables_to_fit_the_page(tmp_path):
    long = write(tmp_path, "long", scenario_text(**{"scenario.months": 240}))
    r = build(comparison(TINY, long))
    for line in KEY_LINES:
        tables = [t for t in r.years if t.id == line]
        assert [len(t.columns) for t in tables] == [6, 6, 6, 2]
        assert tables[0].part == "Years 1 to 6" and tables[-1].part == "Years 19 to 20"
        assert [v.text for v in tables[1].rows[0].values] == [""] * 6  # tiny ends in Year 1


# --- Best and worst ------------------------------------------------------------------------


def test_best_and_worst_match_a_hand_checked_case(tmp_path):
    """Without its starting cash and equity, tiny needs $29,900 more; as written, nothing."""
    lean = write(
        tmp_path, "lean", scenario_text(**{"financing.starting_cash": 0, "financing.equity": []})
    )
    r = build(comparison(lean, TINY))
    out = compare_report.render(r)
    cls, cell = headline_cell(out.html, "funding_need", "lean")
    assert cls.split() == ["worst", "base-col"] and "▼" in cell
    assert shown(cell) == "$29,900"
    cls, cell = headline_cell(out.html, "funding_need", "tiny")
    assert cls == "best" and "▲" in cell and shown(cell) == "$0"
    assert '<small class="delta">-$29,900</small>' in cell
    assert '<small class="delta">-100.0%</small>' in cell
    cls, _ = headline_cell(out.html, "ending_cash", "tiny")
    assert cls == "best"
    # Same margin per order in both: no spread, nothing ranked, "same" under the value.
    cls, cell = headline_cell(out.html, "margin_per_order", "tiny")
    assert cls == "" and ">same<" in cell
    # The symbols carry the ranking where colour is lost: Markdown and grayscale print.
    assert (
        "| Funding need (better when lower) | **\\$29,900** ▼ | **\\$0** ▲ · -\\$29,900, "
        "-100.0% |" in out.markdown
    )
    assert "▲ best, ▼ worst. Among all the scenarios" in out.markdown


def test_ties_share_a_mark_and_rows_without_a_direction_are_not_ranked(tmp_path):
    twin = write(tmp_path, "twin", TINY.read_text(encoding="utf-8"))
    lean = write(
        tmp_path, "lean", scenario_text(**{"financing.starting_cash": 0, "financing.equity": []})
    )
    r = build(comparison(TINY, twin, lean))
    rows = {row.id: row for row in r.headline}
    assert [v.mark for v in rows["funding_need"].values] == ["best", "best", "worst"]
    assert [v.symbol for v in rows["funding_need"].values] == ["▲", "▲", "▼"]
    assert {v.mark for v in rows["min_cash_month"].values} == {""}  # no better direction
    assert rows["min_cash_month"].better == "" and rows["funding_need"].better


def test_nulls_are_shown_as_the_locales_null_and_not_ranked():
    r = build(comparison(TINY, ROOT / "scenarios" / "personalized_treasures.yaml"))
    row = next(row for row in r.headline if row.id == "break_even_month")
    assert row.values[0].value is None and row.values[0].text == "n/a"
    assert row.values[0].note == "not within the horizon"
    assert [v.mark for v in row.values] == ["", ""]  # one number only: nothing to rank
    _, r, out = french_mixed()
    value = next(row for row in r.headline if row.id == "break_even_month").values[3]
    assert (value.text, value.note, value.mark) == ("n.d.", "pas sur l'horizon", "")
    assert shown(headline_cell(out.html, "break_even_month", "tiny")[1]) == "n.d."


# --- Words, currencies, and many scenarios --------------------------------------------------


def test_a_french_base_gives_a_french_report():
    _, r, out = french_mixed()
    assert r.locale == "fr" and r.paper == "A4"
    assert '<html lang="fr">' in out.html
    for words in (
        "Comparaison de scénarios",
        "Chiffres clés",
        "Année par année",
        "Ce qui change par rapport à la référence",
        "meilleur si plus bas",
        "Scénario de référence",
        "5 mars 2027",
        "Mois de trésorerie la plus basse",
    ):
        assert words in out.html.replace(NB, " "), words
        assert words in out.markdown.replace(NB, " "), words
    need = next(row for row in r.headline if row.id == "funding_need").values[0]
    assert need.text == f"25{NB}444{NB}€"
    assert (
        parse(shown(headline_cell(out.html, "funding_need", "giftcrafters_haven")[1]), "fr")
        == 25444
    )


def test_mixed_currencies_are_flagged_and_not_compared():
    c, r, out = french_mixed()
    assert c.currencies == ["EUR", "USD"]
    assert r.currency_warning.startswith(
        "Les scénarios utilisent des devises différentes "
        f"(EUR, USD){NB}: les montants ne sont pas convertis."
    )
    assert 'id="currency-warning"' in out.html and "⚠" in out.markdown
    rows = {row.id: row for row in r.headline}
    usd = rows["ending_cash"].values[2]
    assert usd.text.endswith(f"{NB}$US") and usd.diff is None and usd.mark == ""
    assert rows["ending_cash"].values[1].diff is not None  # EUR against EUR: compared
    assert rows["ltv_to_cac"].values[2].diff is not None  # a ratio has no currency
    assert "(USD)" in charts.draw(
        r.chart("cash"), r.formatter
    )  # the legend says which currency a line is in
    single, _ = examples()
    assert single.currency_warning == "" and "currency-warning" not in examples()[1].html


@pytest.fixture(scope="module")
def thirty(tmp_path_factory) -> tuple[present_compare.CompareReport, Rendered]:
    """The most scenarios a comparison takes: tiny 30 times, with more starting cash each time."""
    folder = tmp_path_factory.mktemp("thirty")
    paths = [
        write(
            folder,
            f"s{i:02d}",
            scenario_text(
                **{
                    "scenario.name": f"Tiny, variant {i} with a longer name" if i % 2 else "Tiny",
                    "financing.starting_cash": 1000 * i,
                }
            ),
        )
        for i in range(compare.MAX_SCENARIOS)
    ]
    r = build(comparison(*paths, name="Thirty ways"))
    return r, compare_report.render(r)


def test_thirty_scenarios_fit_in_tables_of_at_most_six(thirty):
    r, out = thirty
    labels = [s.label for s in r.scenarios]
    assert labels[:3] == ["Tiny (s00)", "Tiny, variant 1 with a longer name", "Tiny (s02)"]
    seen = []
    for table in r.headline_tables:
        assert len(table.scenarios) <= present_compare.CHUNK and table.scenarios[0].base
        seen += [s.key for s in table.scenarios[1:]]
        assert all(len(row.values) == len(table.scenarios) for row in table.rows)
    assert seen == [f"s{i:02d}" for i in range(1, 30)]
    rows = {row.id: row for row in r.headline}
    assert rows["ending_cash"].values[29].mark == "best"  # the most starting cash
    assert rows["ending_cash"].values[0].mark == "worst"
    for i in range(30):
        assert f'data-scenario="s{i:02d}"' in out.html
    for label in labels:  # every line named in the legend, told apart from its namesakes
        assert htmllib.escape(label, quote=False) in charts.draw(r.chart("cash"), r.formatter)


# --- Charts and files ----------------------------------------------------------------------


def test_markdown_names_its_chart_files_with_the_prefix():
    r, _ = examples()
    out = compare_report.render(build(comparison(TINY, FIXTURES / "tax.yaml"), "plan_chart_"))
    assert sorted(out.charts) == [
        "plan_chart_cash.svg",
        "plan_chart_ebitda.svg",
        "plan_chart_net_revenue.svg",
    ]
    for name in out.charts:
        assert f"]({name})" in out.markdown
        assert out.charts[name].startswith("<?xml") and "<path" in out.charts[name]
    assert [c.title for c in r.charts] == CHART_TITLES["en"]


def test_charts_are_deterministic_and_inline_ids_are_unique():
    c = comparison(TINY, FIXTURES / "tax.yaml")
    first, again = compare_report.render(build(c)), compare_report.render(build(c))
    assert first.charts == again.charts and first.html == again.html
    ids = re.findall(r'\bid="([^"]+)"', first.html)
    assert len(ids) == len(set(ids)), "inline SVGs must not share ids in one page"
    assert not re.search(r"""(src=|@import|url\(\s*["']?https?:|href=["']?https?:)""", first.html)


def test_axis_is_the_calendar_when_starts_agree_else_projection_months(tmp_path):
    r, _ = examples()  # different starts
    assert "Projection month" in charts.draw(r.chart("cash"), r.formatter)
    assert "different months" in r.chart_note
    later = write(tmp_path, "later", scenario_text(**{"orders.aov": 60}))
    r = build(comparison(TINY, later))  # both start in Nov 2027
    assert "Projection month" not in charts.draw(r.chart("cash"), r.formatter)
    assert (
        f"Nov{NB}2027" in charts.draw(r.chart("cash"), r.formatter)
        and f"Nov{NB}2027" in r.chart_note
    )


# --- What changes from the base -------------------------------------------------------------


def test_changes_list_the_assumptions_that_differ_written_by_their_kind(tmp_path):
    other = yaml.safe_load(
        scenario_text(
            **{
                "scenario.name": "Tiny, dearer",
                "orders.aov": 60,
                "acquisition.channels.0.conversion": "6.5%",
            }
        )
    )
    other["fixed_costs"] = other["fixed_costs"][:1]  # drops Software
    other["capex"].append({"name": "Kiln v2.0", "amount": 900, "month": 3, "life_months": 12})
    path = write(tmp_path, "dearer", yaml.safe_dump(other))
    r = build(comparison(TINY, path))
    rows = {row.key: row for row in r.changes[0].rows}
    assert "scenario.name" not in rows and "source" not in rows
    assert (rows["orders.aov"].base, rows["orders.aov"].value) == ("$50", "$60")
    conv = rows["acquisition.channels.email.conversion"]
    assert (conv.base, conv.value) == ("5%", "6.5%")  # a share, as a percentage
    assert conv.doc == "Share of visits that become new customers"
    soft = rows["fixed_costs.Software"]
    assert soft.note == "removed" and soft.value == "(none)"
    assert soft.base.startswith("Monthly amount\u00a0$100 · From month\u00a02")
    kiln = rows["capex.Kiln v2.0"]  # a name with a dot is still one item
    assert kiln.note == "added" and "Price\u00a0$900" in kiln.value
    # a reader's names first, the path only as a small reference
    assert (rows["orders.aov"].label, conv.label) == (
        "Average order value",
        "Conversion rate · email",
    )
    assert (soft.label, kiln.label) == ("Fixed costs · Software", "Equipment · Kiln v2.0")
    html = compare_report.render(r).html
    assert '<td class="key">Conversion rate · email' in html
    assert '<code class="path">acquisition.channels.email.conversion</code>' in html
    same = build(comparison(TINY, write(tmp_path, "copy", TINY.read_text(encoding="utf-8"))))
    assert same.changes[0].rows == ()
    assert "Same assumptions as the base." in compare_report.render(same).html


# --- Safe text ------------------------------------------------------------------------------

EVIL = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'


def test_hostile_names_are_text_in_html_markdown_and_charts(tmp_path):
    evil = write(
        tmp_path,
        "evil",
        scenario_text(**{"scenario.name": EVIL, "fixed_costs.0.name": "Rent | *office*"}),
    )
    formula = write(
        tmp_path, "formula", scenario_text(**{"scenario.name": FORMULA, "orders.aov": 70})
    )
    r = build(comparison(evil, formula, name="<b>board</b> $5 & $6"))
    out = compare_report.render(r)
    for page in (out.html, out.print_html):
        assert "<script" not in page.lower() and "<b>board" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in page
    assert not re.search(r"(?<!\\)<", out.markdown), "every < is escaped in Markdown"
    assert "# \\<b\\>board\\</b\\> \\$5 \\& \\$6" in out.markdown
    assert '=HYPERLINK("http://x","y")' in out.markdown
    for svg in out.charts.values():
        assert "<script" not in svg and "&lt;script&gt;" in svg


# --- Printing ------------------------------------------------------------------------------


def pdf_body_right_edges(path: Path, height: float) -> list[float]:
    """Where each word of the pages' bodies ends on the right, the footers left out."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = re.findall(r'xMax="([0-9.]+)" yMax="([0-9.]+)"', out)
    return [float(x) for x, y in boxes if float(y) < height - 15 * 72 / 25.4]


def test_thirty_scenarios_print_within_the_page_with_their_charts(browser, thirty, tmp_path):
    _, out = thirty
    target = tmp_path / "thirty.pdf"
    target.write_bytes(pdf.html_to_pdf(out.print_html))
    info, mm = pdf_info(target), 72 / 25.4
    assert "(letter)" in info["Page size"]  # USD
    assert 8 <= int(info["Pages"]) <= 30, info["Pages"]
    width, height = (float(x) for x in info["Page size"].split()[:3:2])
    edges = pdf_body_right_edges(target, height)
    assert max(edges) <= width - 15 * mm + 0.5, "a table ran off the page"
    assert max(edges) > width - 25 * mm, "tables use the page's width, nothing is shrunk"
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(NB, " ")
    flat = " ".join(text.split())
    for title in CHART_TITLES["en"]:
        assert title in flat, title
    assert "Thirty ways" in flat and "Scenarios 27 to 30 of 30, with the base" in flat


def test_changes_name_a_channel_by_its_label(tmp_path):
    labelled = scenario_text(**{"acquisition.channels.0.label": "Email newsletter"})
    other = yaml.safe_load(labelled)
    other["acquisition"]["channels"][0]["conversion"] = "7%"
    base = write(tmp_path, "base", labelled)
    r = build(comparison(base, write(tmp_path, "other", yaml.safe_dump(other))))
    (row,) = r.changes[0].rows
    assert row.label == "Conversion rate · Email newsletter"
