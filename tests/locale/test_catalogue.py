"""One word catalogue per language, keyed by id: every language says every thing."""

from __future__ import annotations

import re
import string

import pytest

from projector.locale import catalogue, i18n, words


def placeholders(text: str) -> set[str]:
    """The `{names}` a phrase is filled with (format specs aside: `{paths:,}` is `paths`)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_language_has_every_id():
    reference = set(catalogue.CATALOGUES["en"])
    for language, words_ in catalogue.CATALOGUES.items():
        assert set(words_) == reference, language


SPAN = {"months", "span"}  # {span} is {months} written with its unit: either may stand


def same_slots(reference: str, text: str) -> bool:
    a, b = placeholders(reference), placeholders(text)
    return a - SPAN == b - SPAN and bool(a & SPAN) == bool(b & SPAN)


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_every_phrase_takes_the_same_placeholders(language):
    english = catalogue.CATALOGUES["en"]
    differ = {
        key: (sorted(placeholders(english[key])), sorted(placeholders(text)))
        for key, text in catalogue.CATALOGUES[language].items()
        if not same_slots(english[key], text)
    }
    assert differ == {}


def test_a_french_phrase_may_name_the_span_for_the_months():
    """French writes « 36 mois » where English writes "36-month": {span} stands for {months}."""
    assert "{months}" in catalogue.CATALOGUES["en"]["v_nobe_need"]
    assert "{span}" in catalogue.CATALOGUES["fr"]["v_nobe_need"]
    assert "horizon de 36\u00a0mois" in words.word(
        "v_nobe_need", "fr", months=36, need="x", low_cal="y"
    )


def test_no_phrase_is_left_untranslated_by_accident():
    same = {
        key
        for key, text in catalogue.CATALOGUES["fr"].items()
        if text == catalogue.CATALOGUES["en"][key] and re.search(r"[a-z]{4,} [a-z]{3,}", text)
    }
    assert same == set()


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_no_catalogue_holds_a_scenario_keys_label_or_description(language):
    """A key's label and description sit on its declaration (tests/scenario/test_schema.py
    checks that each has them in every language); a copy here would be a second home."""
    assert [k for k in catalogue.CATALOGUES[language] if k.startswith(("label.", "doc."))] == []


@pytest.mark.parametrize(
    ("key", "language", "expected"),
    [
        ("null", "en", "n/a"),
        ("null", "fr", "n.d."),
        ("assumptions", "fr", "Hypothèses"),
        ("months_in_year", "en", "Months in year"),
    ],
)
def test_workbook_words(key, language, expected):
    assert i18n.text(key, language) == expected == i18n.TEXT[key][language]


def test_the_workbook_and_the_report_keep_their_own_ids():
    """`annual` and eight more ids once meant one thing in the workbook, another in the
    report, and merged tables let one override the other; now each has its own id."""
    assert catalogue.lookup("xl.annual", "en") == "Annual projection"
    assert catalogue.lookup("annual", "en") == "Annual profit and loss, and cash flow"
    assert catalogue.lookup("xl.year", "fr") == "Année"
    assert catalogue.lookup("year", "fr", n=2) == "Année 2"


def test_the_report_prose_is_typeset_and_the_workbook_labels_as_written():
    assert catalogue.lookup("assumptions", "fr") == "Annexe\u00a0: hypothèses"
    assert words.WORDS["assumptions"]["fr"] == "Annexe\u00a0: hypothèses"
    assert ": modifiez" in catalogue.lookup("xl.inputs_note", "fr")  # as written
    assert catalogue.lookup("w_returns", "fr", rate="6\u00a0%").startswith(
        "Un taux de retour de 6\u00a0% des ventes brutes dépasse 5\u00a0%\u00a0: "
    )


def test_glossary_in_every_language():
    assert [t for t, _ in words.GLOSSARY["en"]][:2] == ["EBITDA", "Contribution"]
    assert [t for t, _ in words.GLOSSARY["fr"]][-2:] == ["Point mort", "Besoin de financement"]
    assert words.GLOSSARY["fr"][0][1].startswith("Excédent brut d'exploitation\u00a0: ")


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_sheet_names_are_ones_excel_accepts(language):
    names = [t for k, t in catalogue.words(language).items() if k.startswith("sheet.")]
    assert names and len(set(names)) == len(names)
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
