"""The summary report: its numbers are the engine's, its text is safe, and it prints.

The Chromium tests need the `chromium` and `poppler-utils` packages (CI installs
them). They never skip: without a browser they fail and say what to install.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from editing import parse, scenario_text
from printing import pdf_info

from projector import pipeline
from projector.cli import cli
from projector.model import kpis, project
from projector.present import report as present_report
from projector.present.numbers import Formatter, generated_date
from projector.scenario import load, loads
from projector.writers import charts, pdf, report
from projector.writers.page import TEMPLATES, draw, markdown_escape

ROOT = Path(__file__).parents[2]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.yaml"))
TINY = Path(__file__).parents[1] / "fixtures" / "tiny.yaml"
DAY = dt.date(2027, 3, 5)
CHART_TITLES = {
    "en": [
        "Monthly net revenue vs total costs",
        "Monthly EBITDA",
        "Cash balance at month end",
        "New vs repeat orders per month",
        "From order value to margin, per order",
    ],
    "fr": [
        "CA net mensuel et coûts totaux",
        "EBE mensuel",
        "Trésorerie en fin de mois",
        "Commandes nouvelles et récurrentes par mois",
        "Du panier à la marge, par commande",
    ],
}


@functools.cache
def build(path: Path) -> tuple[present_report.Report, object]:
    """The report of a scenario file; cached, as charts take a moment to draw."""
    p = project(load(path))
    r = present_report.build(p, kpis.evaluate(p), chart_prefix=f"{path.stem}_chart_", generated=DAY)
    return r, p


def build_text(text: str) -> present_report.Report:
    p = project(loads(text))
    return present_report.build(p, kpis.evaluate(p), chart_prefix="x_chart_", generated=DAY)


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


# --- Formatting: the scenario's locale and currency ----------------------------------------

NB = "\u00a0"


@pytest.mark.parametrize(
    ("locale", "currency", "value", "digits", "expected"),
    [
        ("en", "USD", 42300, 0, "$42,300"),
        ("en", "USD", -42300.4, 0, "-$42,300"),
        ("en", "USD", -0.004, 2, "$0.00"),
        ("en", "USD", 31.06125, 2, "$31.06"),
        ("en", "GBP", 1234567.891, 0, "£1,234,568"),
        ("en", "CHF", 1500, 0, f"CHF{NB}1,500"),
        ("fr", "EUR", 42300, 0, f"42{NB}300{NB}€"),
        ("fr", "EUR", -32254.15, 0, f"-32{NB}254{NB}€"),
        ("fr", "EUR", 14.1, 2, f"14,10{NB}€"),
        ("fr", "USD", 999.5, 0, f"1{NB}000{NB}$US"),
    ],
)
def test_money_is_written_as_the_locale_writes_it(locale, currency, value, digits, expected):
    fmt = Formatter(locale, currency, ("2027-01",))
    assert fmt.money(value, digits) == expected


@pytest.mark.parametrize(
    ("locale", "value", "kind", "expected"),
    [
        ("en", 0.0429, "rate", "4.29%"),
        ("en", 0.035, "rate", "3.5%"),
        ("en", 0.26, "rate", "26%"),
        ("en", -0.2361, "share", "-23.6%"),
        ("fr", 0.0429, "rate", f"4,29{NB}%"),
        ("fr", 0.623, "share", f"62,3{NB}%"),
        ("en", 3.3277, "ratio", "3.33"),
        ("fr", 12.5099, "ratio", "12,51"),
        ("en", 534.58, "count", "535"),
        ("fr", 10363.2, "count", f"10{NB}363"),
        ("en", 14, "month", "month 14"),
        ("fr", 14, "month", "mois 14"),
        ("en", 2, "cal", f"Feb{NB}2027"),
        ("fr", 2, "cal", f"févr.{NB}2027"),
        ("en", "2027-09", "label", f"Sep{NB}2027"),
        ("en", None, "money", "n/a"),
        ("fr", None, "ratio", "n.d."),
        ("en", None, "int", "—"),
    ],
)
def test_every_kind_of_number_has_one_way_to_be_written(locale, value, kind, expected):
    fmt = Formatter(locale, "EUR", ("2027-01", "2027-02"))
    assert fmt.show(value, kind) == expected


def test_generated_date_follows_source_date_epoch():
    assert generated_date({"SOURCE_DATE_EPOCH": "1800000000"}) == dt.date(2027, 1, 15)
    assert generated_date({}) == dt.date.today()


# --- The context holds the engine's numbers ----------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_context_numbers_are_the_engines(path):
    r, p = build(path)
    figures = {f.id: f.value for f in r.headline}
    for item_id, value in figures.items():
        expected = p.summary[item_id]
        if item_id == "funding_need" and expected == 0:
            expected = None  # shown as words ("none beyond the plan"), never as "$0"
        assert value == expected, item_id  # the very same float, not recomputed
    assert ("min_dscr" in figures) == (p.summary["min_dscr"] is not None)
    for table in r.balance:
        years = [int(c.id) - 1 for c in table.columns]
        for row in table.rows:
            assert row.values == tuple(float(p.annual[row.id][y]) for y in years), row.id
    uses = {f.id: f.value for f in r.funding.uses}
    assert uses == {k: p.summary[k] for k in ("use_operating", "use_capex", "use_debt_service")}
    for k, row in enumerate(r.by_year.rows):
        assert row.values == tuple(
            float(p.annual[i][k]) for i in ("net_revenue", "ebitda", "net_income")
        )
    for table in r.annual:
        years = [int(c.id) - 1 for c in table.columns]
        for row in table.rows:
            assert row.values == tuple(float(p.annual[row.id][y]) for y in years), row.id
    assert {row.id for t in r.annual for row in t.rows} >= {
        "net_revenue",
        "ebitda",
        "net_income",
        "cash",
    }
    assert [k.value for k in r.kpis] == [x.value for x in kpis.evaluate(p)]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_per_order_steps_add_up_to_the_engines_margin(path):
    r, p = build(path)
    steps = {u.id: u for u in r.unit}
    assert steps["aov"].value == p.scenario.orders.aov
    assert steps["gross_per_order"].value == p.summary["gross_per_order"]
    assert steps["margin_per_order"].value == p.summary["margin_per_order"]
    start = sum(u.value for u in r.unit if u.kind == "start")
    added = sum(u.value for u in r.unit if u.kind == "change" and u.id == "upsell_sales")
    costs = sum(u.value for u in r.unit if u.kind == "change" and u.id != "upsell_sales")
    assert close(start + added, p.summary["gross_per_order"])
    assert close(start + added + costs, p.summary["margin_per_order"])
    assert close(steps["gross_per_order"].share, 1.0)


# --- ... and so does the HTML, read back as a reader sees it --------------------------------


def cell(html: str, row: str, col: str) -> str:
    match = re.search(rf'data-row="{row}" data-col="{col}">(.*?)</td>', html, re.S)
    assert match, (row, col)
    return match[1]


def tile(html: str, figure_id: str) -> str:
    match = re.search(rf'data-id="{figure_id}">.*?class="tile-value">(.*?)</div>', html, re.S)
    assert match, figure_id
    return match[1]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_html_shows_the_engines_numbers(path):
    r, p = build(path)
    html, loc = report.render(r).html, r.locale
    for item_id, digits in (
        *((("funding_need", 0),) if p.summary["funding_need"] > 0 else ()),
        ("ending_cash", 0),
        ("clv", 2),
        ("cac_y1", 2),
        ("ltv_to_cac", 2),
        ("margin_per_order", 2),
        ("break_even_revenue_y1", 0),
    ):
        shown = parse(tile(html, item_id), loc)
        assert abs(shown - p.summary[item_id]) <= 0.5 * 10**-digits + 1e-9, item_id
    assert parse(tile(html, "break_even_month"), loc) == p.summary["break_even_month"]
    for line in ("net_revenue", "ebitda", "net_income", "cash", "orders"):
        for k, year in enumerate(p.years):
            shown = parse(cell(html, line, str(year)), loc)
            assert abs(shown - p.annual[line][k]) <= 0.5, (line, year)
    shown = parse(cell(html, "margin_per_order", "per_order"), loc)
    assert abs(shown - p.summary["margin_per_order"]) <= 0.005


def test_the_funding_ask_says_how_much_when_what_for_and_what_is_assumed():
    r, p = build(ROOT / "scenarios" / "giftcrafters_haven.yaml")  # French, EUR, needs funding
    html = report.render(r).html
    assert r.funding.ask.startswith(f"Le plan a besoin de 25{NB}444{NB}€ de plus")
    assert f"au plus tard en juil.{NB}2028" in r.funding.ask  # cash_out_month 11
    assert p.summary["cash_out_month"] == 11 and p.summary["min_cash_month"] == 26
    sources = {f.id: f.value for f in r.funding.sources}
    assert sources == {"starting_cash": 15000, "equity_in": 0, "loan_draws": 47000}
    assert "tient 10 mois" in r.funding.runway and "38 mois plus loin" in r.funding.runway
    assert parse(tile(html, "cash_out_month"), "fr") == 11
    # min_cash = starting cash + sources drawn - uses, up to the lowest point
    s = p.summary
    spent = s["use_operating"] + s["use_capex"] + s["use_debt_service"]
    assert s["min_cash"] == pytest.approx(15000 + 47000 - spent)
    r, p = build(ROOT / "scenarios" / "personalized_treasures.yaml")
    assert p.summary["funding_need"] == 0
    assert r.funding.ask.startswith("The plan needs no more money than it already assumes")
    assert tile(report.render(r).html, "funding_need") == "none beyond the plan"
    assert r.funding.runway.startswith("The assumed funding carries the plan to the end")


def test_the_balance_sheet_table_and_its_note():
    r, p = build(ROOT / "scenarios" / "personalized_treasures.yaml")
    assert r.balance_note.startswith("The balance sheet balances in every month")
    rows = {row.id: row.values for t in r.balance for row in t.rows}
    for y in range(len(p.years)):
        assets = rows["total_assets"][y]
        assert assets == pytest.approx(rows["total_liabilities"][y] + rows["total_equity"][y])
    md = report.render(r).markdown
    assert "| Balance sheet at year end |" in md
    assert "The balance sheet balances in every month" in md


def test_verdict_and_warnings_speak_plainly_about_the_results():
    r, p = build(ROOT / "scenarios" / "giftcrafters_haven.yaml")  # French, EUR, needs funding
    assert r.locale == "fr" and p.summary["funding_need"] > 0
    assert f"atteint l'équilibre au mois 37 (sept.{NB}2030)" in r.verdict
    assert f"nécessite 25{NB}444{NB}€ de financement supplémentaire" in r.verdict
    assert f"au plus bas en oct.{NB}2029" in r.verdict
    assert any(w.startswith(f"La trésorerie passe sous zéro{NB}:") for w in r.warnings)
    r, _ = build(ROOT / "scenarios" / "personalized_treasures.yaml")
    assert r.verdict.startswith(
        f"The plan breaks even in month 32 (Aug{NB}2029) without additional funding"
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"orders.return_rate": "8%"}, "Returns of 8% of gross sales are above 5%"),
        (
            {"acquisition.channels.0.cac": 60, "acquisition.channels.1.cac": 60},
            "LTV:CAC is 1.35, below 3:1",
        ),
        ({"financing.starting_cash": 0, "financing.equity": []}, "Cash falls below zero"),
        ({}, "No sustained break-even"),
        ({"unit_costs.material": "90%"}, "Each order loses"),
        (
            {"scenario.industry": "personalized_gifts", "unit_costs.material": "45%"},
            "Material cost, % of product sales: the assumption of 45% is outside the benchmark "
            "range 20% to 35%.",
        ),
        (
            {"scenario.industry": "personalized_gifts", "orders.aov": 80},
            "Average order value: the assumption of $80.00 is more optimistic than the benchmark",
        ),
        (
            {"scenario.industry": "personalized_gifts", "acquisition.channels.0.conversion": "1%"},
            "Conversion: email: the assumption of 1% is weaker than the benchmark range 3% to 6%.",
        ),
    ],
)
def test_warnings_an_investor_would_raise(changes, expected):
    warnings = build_text(scenario_text(**changes)).warnings
    assert any(w.startswith(expected) for w in warnings), warnings


def test_return_rate_above_five_percent_is_raised_once():
    text = scenario_text(**{"scenario.industry": "personalized_gifts", "orders.return_rate": "8%"})
    warnings = build_text(text).warnings
    assert [w for w in warnings if w.startswith(("Returns", "Return rate"))] == [
        "Returns of 8% of gross sales are above 5%, high for personalised goods, which cannot "
        "be resold."
    ]


def test_long_horizons_split_the_annual_table_to_fit_the_page():
    r = build_text(scenario_text(**{"scenario.months": 240}))
    columns = [len(t.columns) for t in r.annual]
    assert max(columns) == present_report.YEARS_PER_TABLE
    assert sum(columns) == 20 * 3  # 20 years, in each of activity, P&L and cash flow


def test_assumptions_appendix_lists_every_input_grouped_as_in_the_workbook():
    r, p = build(ROOT / "scenarios" / "personalized_treasures.yaml")
    paths = [g.path for g in r.assumptions]
    assert paths[:4] == [
        "scenario",
        "acquisition",
        "acquisition.channels",
        "acquisition.seasonality",
    ]
    assert {"fixed_costs", "staff", "capex", "financing.loans", "tax_rate"} <= set(paths)
    staff = next(g for g in r.assumptions if g.path == "staff")
    assert len(staff.rows) == len(p.scenario.staff)
    orders = next(g for g in r.assumptions if g.path == "orders")
    assert {x.path: x.cell.value for x in orders.params}["orders.aov"] == 62


@pytest.mark.parametrize(
    ("locale", "titles", "aov", "conversion"),
    [
        (
            "en",
            ["Scenario", "Acquisition", "Acquisition › Channels"],
            "Average order value",
            "Conversion rate",
        ),
        (
            "fr",
            ["Scénario", "Acquisition", "Acquisition › Canaux"],
            "Panier moyen",
            "Taux de conversion",
        ),
    ],
)
def test_the_appendix_names_inputs_by_human_labels_with_the_path_aside(
    locale, titles, aov, conversion
):
    r = build_text(scenario_text(**{"scenario.locale": locale}))
    assert [g.title for g in r.assumptions][:3] == titles
    orders = next(g for g in r.assumptions if g.path == "orders")
    assert [(x.key, x.path) for x in orders.params][0] == (aov, "orders.aov")
    channels = next(g for g in r.assumptions if g.path == "acquisition.channels")
    assert conversion in channels.columns
    html = report.render(r).html
    assert f'{aov}<code class="path">orders.aov</code>' in html
    assert "acquisition.channels.conversion" not in html


# --- Safe text ------------------------------------------------------------------------------

EVIL = "<script>alert(1)</script>"


def test_a_hostile_scenario_name_is_text_in_html_and_harmless_in_markdown():
    text = scenario_text(**{"scenario.name": EVIL, "fixed_costs.0.name": "Rent | *office*"})
    out = report.render(build_text(text))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out.html
    assert "<script" not in out.html.lower()
    assert "<script" not in out.print_html.lower()
    assert not re.search(r"(?<!\\)<", out.markdown), "every < is escaped in Markdown"
    assert "# \\<script\\>alert(1)\\</script\\>" in out.markdown
    assert "Rent \\| \\*office\\*" in out.markdown  # one table cell, no emphasis


def test_markdown_escapes_what_a_code_hosting_site_would_interpret():
    assert markdown_escape("$5 [x](y) a_b\n<b>") == r"\$5 \[x\](y) a\_b \<b\>"


def test_markdown_references_its_charts_beside_it():
    r, _ = build(ROOT / "scenarios" / "personalized_treasures.yaml")
    md = report.render(r).markdown
    for c in r.charts:
        assert f"(personalized_treasures_chart_{c.id}.svg)" in md
    assert "| Net revenue |" in md and "|:---|" in md


# --- Charts ---------------------------------------------------------------------------------


def test_charts_are_deterministic_svg_with_searchable_titles():
    first, _ = build(ROOT / "scenarios" / "giftcrafters_haven.yaml")
    again, _ = build(ROOT / "scenarios" / "giftcrafters_haven.yaml")
    drawn = draw(first.charts, first.formatter)
    assert drawn == draw(again.charts, again.formatter)
    for c, title in zip(
        first.charts, CHART_TITLES["fr"][:4] + CHART_TITLES["fr"][4:], strict=False
    ):
        svg = drawn.files[c.file]
        assert svg.startswith("<?xml") and "<path" in svg and len(svg) > 5000
        assert "<dc:date>" not in svg
        assert title.replace("'", "&#x27;") in svg or title in svg
    ids = [re.findall(r'\bid="([^"]+)"', drawn.inline[c.id]) for c in first.charts]
    flat = [i for x in ids for i in x]
    assert len(flat) == len(set(flat)), "inline SVGs must not share ids in one page"


def test_inline_svg_references_follow_their_renamed_ids():
    svg = (
        '<?xml?><svg a="1"><defs><path id="m1"/></defs><use xlink:href="#m1"/>'
        '<g clip-path="url(#p2)"/><clipPath id="p2"/></svg>'
    )
    out = charts.inline(svg, "cash", "A & B")
    assert out.startswith('<svg role="img" aria-label="A &amp; B" a="1">')
    assert 'id="cash-m1"' in out and 'href="#cash-m1"' in out and "url(#cash-p2)" in out


# --- Pipeline and command line --------------------------------------------------------------


def test_templates_are_package_resources():
    from importlib import resources

    names = {p.name for p in resources.files(TEMPLATES).iterdir()}
    assert {"report.html.j2", "report.md.j2", "compare.html.j2", "compare.md.j2"} <= names


def test_run_writes_the_report_beside_the_workbook(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = pipeline.run(TINY, tmp_path)
    names = sorted(str(p.relative_to(tmp_path)) for p in result.written)
    charts_ = [
        f"tiny_chart_{c}.svg" for c in ("cash", "ebitda", "orders", "revenue_costs", "waterfall")
    ]
    assert names == sorted(["tiny.xlsx", "tiny.json", "tiny.html", "tiny.md", *charts_])
    assert all((tmp_path / n).stat().st_size > 0 for n in names)
    assert "January 15, 2027" in (tmp_path / "tiny.html").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.rglob(".*")], "no temporary file left behind"


def test_the_report_is_reproducible_and_fetches_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    first = pipeline.run(TINY, tmp_path / "a").written
    second = pipeline.run(TINY, tmp_path / "b").written
    for a, b in zip(first, second, strict=True):
        if a.suffix != ".xlsx":  # the workbook's own reproducibility is tested in test_cli
            assert a.read_bytes() == b.read_bytes(), a.name
    html = (tmp_path / "a" / "tiny.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src=|@import|url\(\s*["']?https?:|href=["']?https?:)""", html)


def test_a_failed_run_leaves_nothing_behind(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report, "render", broken)
    with pytest.raises(RuntimeError):
        pipeline.run(TINY, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_pdf_without_chromium_says_so_in_one_line_and_writes_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["-q", "run", str(TINY), "-o", str(out), "--pdf"])
    assert result.exit_code == 1
    assert result.stderr == "Error: --pdf needs Chromium: install the 'chromium' package\n"
    for name in ("tiny.xlsx", "tiny.json", "tiny.html", "tiny.md", "tiny_chart_cash.svg"):
        assert (out / name).stat().st_size > 0, name
    assert not (out / "tiny.pdf").exists()
    assert "tiny.html" in result.stdout


def test_progress_goes_to_stderr_and_quiet_silences_it(tmp_path):
    loud = CliRunner().invoke(cli, ["run", str(TINY), "-o", str(tmp_path)])
    assert "tiny.yaml: drawing the report's charts" in loud.stderr
    assert "tiny.yaml: writing tiny.html" in loud.stderr
    assert loud.stdout.splitlines()[0].endswith("tiny.xlsx")
    quiet = CliRunner().invoke(cli, ["-q", "run", str(TINY), "-o", str(tmp_path)])
    assert quiet.exit_code == 0 and quiet.stderr == ""


# --- A real browser: print and screenshot ----------------------------------------------------


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.replace(NB, " ")


@pytest.fixture(scope="module")
def printed(browser, tmp_path_factory) -> Path:
    """Every example through `projector run --pdf`, once for the tests below."""
    out = tmp_path_factory.mktemp("printed")
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1800000000"}).invoke(
        cli, ["-q", "run", *map(str, EXAMPLES), "-o", str(out), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_prints_to_a_pdf_with_its_charts(printed, path):
    r, p = build(path)
    target = printed / f"{path.stem}.pdf"
    info = pdf_info(target)
    assert 7 <= int(info["Pages"]) <= 14, info["Pages"]
    paper = "letter" if r.paper == "letter" else "A4"
    assert f"({paper})" in info["Page size"]
    text = pdf_text(target)
    for title in CHART_TITLES[r.locale]:
        assert " ".join(title.split()) in " ".join(text.split()), title
    assert p.scenario.scenario.name in text
    svgs = list(printed.glob(f"{path.stem}_chart_*.svg"))
    assert len(svgs) == 5
    for svg in svgs:
        assert svg.stat().st_size > 5000 and "<path" in svg.read_text(encoding="utf-8")


def pdf_words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) of one page, as pdftotext -bbox finds them."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)<'
    return [
        (float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, out)
    ]


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_the_report_fits_a4_and_letter(browser, tmp_path, paper):
    """Nothing runs past the right margin, and nothing is shrunk, whichever the paper."""
    r, _ = build(ROOT / "scenarios" / "gem_luxe_creations.yaml")  # French, wide numbers
    target = tmp_path / "r.pdf"
    target.write_bytes(
        pdf.html_to_pdf(report.render(dataclasses.replace(r, paper=paper)).print_html)
    )
    info, mm = pdf_info(target), 72 / 25.4
    assert f"({paper})" in info["Page size"]
    width, height = (float(x) for x in info["Page size"].split()[:3:2])
    for page in range(2, int(info["Pages"]) + 1):
        words = pdf_words(target, page)
        body = [w for w in words if w[3] < height - 15 * mm]
        footer = [w for w in words if w[1] > height - 15 * mm]
        assert max(w[2] for w in body) <= width - 15 * mm + 0.5, (page, paper)
        # A page too wide is shrunk to fit by Chromium, but its footer is not: the 15 pt
        # heading that opens a page stays twice the 7.5 pt footer's size.
        heading = min(body, key=lambda w: w[1])
        ratio = (heading[3] - heading[1]) / (footer[0][3] - footer[0][1])
        if page <= 5:  # pages that open with a section heading
            assert ratio == pytest.approx(2.0, rel=0.03), (page, heading, ratio)


def test_screenshot_of_the_html_as_a_screen_shows_it(browser, printed):
    html = (printed / "personalized_treasures.html").read_text(encoding="utf-8")
    png = pdf.screenshot(html, 1280, 1600)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1280, 1600)
    assert len(png) > 50_000  # a page of text and figures, not a blank


@pytest.mark.parametrize(
    ("locale", "value", "shown"),
    [
        ("en", 0.2, "0.20 orders"),
        ("en", 1.0, "1.00 orders"),
        ("fr", 0.2, "0,20 commande"),
        ("fr", 1.5, "1,50 commande"),
        ("fr", 2.0, "2,00 commandes"),
    ],
)
def test_cac_payback_follows_each_languages_plural_rule(locale, value, shown):
    assert Formatter(locale, "EUR", ("2027-01",)).show(value, "orders") == shown
