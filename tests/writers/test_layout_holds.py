"""The layout holds for any input: currencies by CLDR, 1-month plans, long names.

Amounts use the currency's minor units and usual spacing (Babel's CLDR data),
an ISO 4217 code that does not exist is a located error with a hint, a 1-month
plan reads "1 month" and gets charts that show something, and a long scenario
name wraps instead of shrinking the printed page.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from click.testing import CliRunner
from editing import scenario_text
from printing import pdf_info

from projector.cli import cli
from projector.errors import ScenarioError
from projector.locale import i18n
from projector.model import kpis, project
from projector.present import report as present_report
from projector.present.numbers import Formatter
from projector.scenario import loads
from projector.writers import charts, report

NB = "\u00a0"


# --- Currencies: ISO 4217 codes, minor units and spacing from CLDR -------------------------


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "XYZ",
            "unknown ISO 4217 currency code 'XYZ' (ISO 4217 codes are like 'USD', 'EUR', 'JPY')",
        ),
        ("GPB", "unknown ISO 4217 currency code 'GPB' (did you mean 'GBP'?)"),
        ("JYP", "unknown ISO 4217 currency code 'JYP' (did you mean 'JPY'?)"),
        ("EUD", "unknown ISO 4217 currency code 'EUD' (did you mean 'AUD' or 'EUR'?)"),
    ],
)
def test_a_currency_code_that_does_not_exist_is_a_located_error_with_a_hint(code, message):
    with pytest.raises(ScenarioError) as err:
        loads(scenario_text(**{"scenario.currency": code}))
    assert f"scenario.currency: {message}" in str(err.value)
    assert ":68:13: scenario.currency" in str(err.value)  # file:line:col of the value


@pytest.mark.parametrize(
    ("currency", "locale", "decimals", "positive"),
    [
        ("JPY", "en", 2, '"¥"#,##0'),  # no minor units: no decimals even when asked for 2
        ("USD", "en", 2, '"$"#,##0.00'),
        ("CHF", "en", 0, '"CHF "#,##0'),  # a letter symbol stands apart: CHF 1,200
        ("EUR", "fr", 2, '#,##0.00\\ "€"'),
    ],
)
def test_workbook_money_formats_follow_the_currency(currency, locale, decimals, positive):
    assert i18n.money_format(currency, locale, decimals).split(";")[0] == positive


@pytest.mark.parametrize(
    ("currency", "value", "digits", "expected"),
    [
        ("JPY", 1234.56, 2, "¥1,235"),
        ("CHF", 1200, 0, f"CHF{NB}1,200"),
        ("KWD", 1.2345, 2, f"KWD{NB}1.23"),  # three minor units, but the report asks for at most 2
    ],
)
def test_report_amounts_follow_the_currency(currency, value, digits, expected):
    fmt = Formatter("en", currency, ("2027-01",))
    assert fmt.money(value, digits) == expected


# --- A 1-month plan -------------------------------------------------------------------------


def one_month() -> present_report.Report:
    p = project(loads(scenario_text(**{"scenario.months": 1})))
    return present_report.build(
        p, kpis.evaluate(p), chart_prefix="x_", generated=dt.date(2027, 3, 5)
    )


def test_a_one_month_plan_says_1_month():
    r = one_month()
    assert r.horizon.endswith("(1 month)")
    fr = loads(scenario_text(**{"scenario.months": 1, "scenario.locale": "fr"}))
    p = project(fr)
    r = present_report.build(p, [], chart_prefix="x_", generated=dt.date(2027, 3, 5))
    assert r.horizon.endswith(f"(1{NB}mois)")


@pytest.fixture()
def figures(monkeypatch):
    """The charts' matplotlib figures instead of their SVG text, to look at what they draw."""
    monkeypatch.setattr(charts, "_svg", lambda fig: fig)


def test_one_month_lines_have_a_dot_to_show(figures):
    axis = charts.Axis(1, ((0, "Nov 2027"),))
    fig = charts.revenue_vs_costs("t", axis, [("revenue", [100.0]), ("costs", [80.0])], str)
    assert [line.get_marker() for line in fig.axes[0].lines] == ["o", "o"]
    long = charts.Axis(36, ((0, "Jan"),))
    fig = charts.revenue_vs_costs("t", long, [("revenue", [1.0] * 36), ("costs", [2.0] * 36)], str)
    assert [line.get_marker() for line in fig.axes[0].lines] == ["None", "None"]


def test_the_legend_has_a_band_above_the_bars(figures):
    axis = charts.Axis(1, ((0, "Nov 2027"),))
    fig = charts.orders("t", axis, [("new", [120.0]), ("repeat", [20.0])], str)
    # the stacked bar reaches 140: the axis goes to 140 x 1.25 = 175, the legend sits above
    assert fig.axes[0].get_ylim()[1] == pytest.approx(175.0)


# --- A long name wraps ----------------------------------------------------------------------


def test_a_long_name_wraps_and_the_page_stays_a4(tmp_path, browser):
    """The same plan under a short and a very long name prints on as many A4 pages."""
    pages = []
    for stem, name in (("short", "Tiny"), ("long", "Personalised" * 20 + " gift store")):
        data = yaml.safe_load(scenario_text(**{"scenario.currency": "CHF"}))
        data["scenario"]["name"] = name
        src = tmp_path / f"{stem}.yaml"
        src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        result = CliRunner().invoke(cli, ["run", "-q", "--pdf", str(src), "-o", str(tmp_path)])
        assert result.exit_code == 0, result.output
        info = pdf_info(tmp_path / f"{stem}.pdf")
        assert "(A4)" in info["Page size"]
        pages.append(int(info["Pages"]))
    assert pages[0] == pages[1]


# --- A plain glossary ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "terms"),
    [
        ("en", ["EBITDA", "Contribution", "CAC", "LTV:CAC", "Break-even", "Funding need"]),
        ("fr", ["EBE", "Contribution", "CAC", "LTV:CAC", "Point mort", "Besoin de financement"]),
    ],
)
def test_the_report_ends_with_a_plain_glossary_in_its_language(locale, terms):
    p = project(loads(scenario_text(**{"scenario.locale": locale})))
    r = present_report.build(p, [], chart_prefix="x_", generated=dt.date(2027, 3, 5))
    assert [t for t, _ in r.glossary] == terms
    assert all(20 < len(meaning) < 260 for _, meaning in r.glossary)  # short, and said
    out = report.render(r)
    assert '<section id="glossary" class="follow">' in out.html and 'href="#glossary"' in out.html
    assert f"<dt>{terms[0]}</dt>" in out.html
    assert f"- **{terms[-1]}** — " in out.markdown
    assert out.html.index('id="glossary"') > out.html.index('id="assumptions"')  # at the end
