"""The summary report's words, in English and French: views of the catalogue.

Sentences carry `{placeholders}` that the report fills with numbers already
formatted for the scenario's locale and currency.  The words themselves live in
one catalogue per language (`en.py`, `fr.py`, looked up by `catalogue`); these
names keep the shapes the writers index (`WORDS[key][language]`, `MONTHS[language]`).
A scenario key's label and description are no words of the catalogue: they sit on
the key's declaration (`projector.scenario`: `key_label`, `field_doc`).
"""

from __future__ import annotations

from projector.locale import catalogue
from projector.locale.rules import NBSP, locale_of

__all__ = ["GLOSSARY", "MONTHS", "MONTHS_LONG", "NBSP", "WORDS", "word"]

WORDS: dict[str, dict[str, str]] = catalogue.table("")

GLOSSARY_TERMS = ("ebitda", "contribution", "cac", "ltv_to_cac", "break_even", "funding_need")


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
