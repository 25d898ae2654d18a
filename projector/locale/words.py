"""The summary report's words, in English and French: views of the catalogue.

Sentences carry `{placeholders}` that the report fills with numbers already
formatted for the scenario's locale and currency.  The words themselves live in
one catalogue per language (`en.py`, `fr.py`, looked up by `catalogue`); these
names keep the shapes the writers index (`WORDS[key][language]`, `MONTHS[language]`).
"""

from __future__ import annotations

from projector.locale import catalogue
from projector.locale.rules import NBSP, locale_of

__all__ = ["GLOSSARY", "MONTHS", "MONTHS_LONG", "NBSP", "WORDS", "doc", "field_doc", "word"]

WORDS: dict[str, dict[str, str]] = catalogue.table("")

GLOSSARY_TERMS = ("ebitda", "contribution", "cac", "ltv_to_cac", "break_even", "funding_need")


def doc(path: str, locale: str) -> str:
    """What a scenario key means, by its schema path, in the reader's language."""
    return catalogue.lookup(f"doc.{path}", locale)


def field_doc(text: str, locale: str) -> str:
    """A scenario field's description in the reader's language, from the schema's English
    text (what the writers hold today); a key the catalogue lacks keeps its own text."""
    path = _DOC_PATHS.get(text)
    return doc(path, locale) if path and catalogue.has(f"doc.{path}") else text


# The schema's English text of each key -> its path: the writers hold the text today.
_DOC_PATHS = {
    text: key.removeprefix("doc.")
    for key, text in reversed(catalogue.CATALOGUES["en"].items())
    if key.startswith("doc.")
}
MONTHS = {lang: locale_of(lang).months for lang in catalogue.LANGUAGES}
MONTHS_LONG = {lang: locale_of(lang).months_long for lang in catalogue.LANGUAGES}

# A plain glossary for a founder with no finance training: (term, meaning) in each language.
GLOSSARY: dict[str, tuple[tuple[str, str], ...]] = {
    lang: tuple(
        (
            catalogue.lookup(f"glossary.{term}", lang),
            catalogue.lookup(f"glossary.{term}.meaning", lang),
        )
        for term in GLOSSARY_TERMS
    )
    for lang in catalogue.LANGUAGES
}


def word(key: str, locale: str, **values: object) -> str:
    """A phrase in the locale, its placeholders filled with already formatted values
    (`catalogue.lookup`: a whole number of `months` is also offered as `{span}`)."""
    return catalogue.lookup(key, locale, **values)
