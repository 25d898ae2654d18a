"""A language's rules, from CLDR, in one object: what each output asks of it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from projector.locale import i18n
from projector.locale.rules import NBSP, locale_of
from projector.present.numbers import Formatter

ROOT = Path(__file__).resolve().parents[2]
EN, FR = locale_of("en"), locale_of("fr")


@pytest.mark.parametrize(
    ("rule", "english", "french"),
    [
        (lambda r: r.digits("1,234,567.89"), "1,234,567.89", f"1{NBSP}234{NBSP}567,89"),
        (lambda r: r.percent("12,5"), "12,5%", f"12,5{NBSP}%"),
        (lambda r: r.long_date(dt.date(2026, 2, 3)), "February 3, 2026", "3 février 2026"),
        (lambda r: r.excel_code, "", "[$-40C]"),
        (lambda r: r.date_format, "mmm yyyy", "[$-40C]mmm yyyy"),
        (lambda r: r.language_tag, "en-US", "fr-FR"),
        (lambda r: r.list_separator, ", ", "; "),
        (lambda r: r.usd_mark(), "US$", "$US"),
        (lambda r: r.symbol_after, False, True),
        (lambda r: r.months[1], "Feb", "févr."),
        (lambda r: r.months_long[11], "December", "décembre"),
        (lambda r: r.plural(0), "other", "one"),
        (lambda r: r.plural(2), "other", "other"),
        (
            lambda r: r.typeset("Note : « oui » ; 5 %"),
            "Note : « oui » ; 5 %",
            f"Note{NBSP}: «{NBSP}oui{NBSP}»{NBSP}; 5{NBSP}%",
        ),
    ],
)
def test_rules(rule, english, french):
    assert (rule(EN), rule(FR)) == (english, french)


@pytest.mark.parametrize(
    ("currency", "language", "expected"),
    [
        ("USD", "en", '"$"#,##0;[Red]-"$"#,##0;"$"0'),
        ("EUR", "fr", '#,##0\\ "€";[Red]-#,##0\\ "€";0\\ "€"'),
        ("CHF", "en", '"CHF "#,##0.00;[Red]-"CHF "#,##0.00;"CHF "0.00'),
    ],
)
def test_excel_money_formats_place_the_symbol_as_the_language_does(currency, language, expected):
    decimals = 2 if currency == "CHF" else 0
    assert i18n.money_format(currency, language, decimals) == expected


@pytest.mark.parametrize(
    ("language", "currency", "value", "money", "percent"),
    [
        ("en", "USD", -42300.7, "-$42,301", "-4,230,070.0%"),
        ("fr", "EUR", -42300.7, f"-42{NBSP}301{NBSP}€", f"-4{NBSP}230{NBSP}070,0{NBSP}%"),
        ("en", "CHF", 1500, f"CHF{NBSP}1,500", "150,000.0%"),
    ],
)
def test_the_report_formats_numbers_by_the_rules(language, currency, value, money, percent):
    fmt = Formatter(language, currency, ("2027-01",))
    assert (fmt.money(value), fmt.percent(value)) == (money, percent)
    assert fmt.label("2027-01") == ("Jan" if language == "en" else "janv.") + f"{NBSP}2027"


BRANCH = re.compile(
    r"""(==|!=)\s*["'](en|fr)["']|["'](en|fr)["']\s*(==|!=)|\bif\s+\w*locale\w*\s*=="""
)


def test_no_module_outside_the_locale_package_branches_on_the_language():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "projector").rglob("*.py"))
        if "locale" not in path.relative_to(ROOT / "projector").parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BRANCH.search(line)
    ]
    assert found == []
