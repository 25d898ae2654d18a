"""The one place words are looked up: a catalogue per language (en.py, fr.py), keyed by id.

Ids without a dot are the report's sentences (also the comparison's and the
deck's); a dotted id names its table: `xl.` the workbook, `sheet.` its sheet
names (for the xlsx writers), `section.` its groups of lines, `status.` the KPI
status, `risk.` and `risk_sheet.` the risk outputs, `glossary.` the report's
glossary.  The report's prose (sentences, glossary) is typeset by the language's
rules as it is read.  A scenario key's label and description are not here: they
sit on the key's declaration (projector.scenario.schema), one home per fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from babel.units import format_unit

from projector.locale import en, fr
from projector.locale.rules import locale_of

CATALOGUES: dict[str, dict[str, str]] = {"en": en.WORDS, "fr": fr.WORDS}
LANGUAGES = tuple(CATALOGUES)


@cache
def words(language: str) -> Mapping[str, str]:
    """Every word of a language by id, typeset as the language sets it (French no-break
    spaces before `:` `;` `%` `»`) in every output alike: workbook, report and deck."""
    rules = locale_of(language)
    return {key: rules.typeset(text) for key, text in CATALOGUES[language].items()}


def lookup(key: str, language: str, **values: object) -> str:
    """A phrase in the language, its placeholders filled with already formatted values.

    A whole number of `months` is also offered as `{span}`, the count with its
    unit as the language writes it: "1 month", "36 months", "36 mois" (CLDR).
    """
    text = words(language)[key]
    if not values:
        return text
    months = values.get("months")
    if isinstance(months, int) and "span" not in values:
        values["span"] = format_unit(months, "duration-month", locale=language, length="long")
    return text.format(**values)


def table(prefix: str) -> dict[str, dict[str, str]]:
    """The ids of one table, prefix removed, each with its text in every language:
    the shape older callers index as `TABLE[key][language]`."""
    dotted = prefix.endswith(".")
    ids = [k for k in CATALOGUES["en"] if (k.startswith(prefix) if dotted else "." not in k)]
    return {k[len(prefix) :]: {lang: words(lang)[k] for lang in LANGUAGES} for k in ids}


def localized(value: str | Mapping[str, str]) -> dict[str, str]:
    """A data file's text (a benchmark's source) in every language, typeset as prose:
    `{en: ..., fr: ...}`, or one text for all; a language it lacks reads the English."""
    texts = {lang: value for lang in LANGUAGES} if isinstance(value, str) else dict(value)
    return {lang: locale_of(lang).typeset(texts.get(lang, texts["en"])) for lang in LANGUAGES}
