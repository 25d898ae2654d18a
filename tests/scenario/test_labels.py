"""A scenario key as a reader names and explains it: read from the key's declaration, by
path, never by its English text; French descriptions typeset as French prose."""

from __future__ import annotations

import pytest

from projector import scenario as sc

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [
        ("acquisition.channels.growth", "fr", "Croissance mensuelle composée des visites"),
        ("acquisition.channels[0].growth", "en", "Monthly compound growth of visits"),
        (("acquisition", "channels", 3, "growth"), "en", "Monthly compound growth of visits"),
        ("scenario.locale", "en", "Language of labels and number formats: en or fr"),
        ("scenario.locale", "fr", f"Langue des libellés et des formats{NBSP}: en ou fr"),
        ("fixed_costs.start_month", "fr", "Premier mois de projection"),
    ],
)
def test_field_doc_reads_the_declaration_by_path(
    path: str | tuple[str | int, ...], language: str, expected: str
) -> None:
    assert sc.field_doc(path, language) == expected


def test_every_french_description_is_typeset_and_every_english_one_as_declared() -> None:
    for path, spec_ in sc.every_key():
        assert sc.field_doc(path, "en") == spec_.metadata["doc"]
        french = sc.field_doc(path, "fr")
        assert " :" not in french and " %" not in french, path
        assert french.replace(NBSP, " ") == spec_.metadata["docs"]["fr"], path


def test_a_description_is_found_by_path_not_by_its_english_text() -> None:
    with pytest.raises(KeyError, match="no scenario key"):
        sc.field_doc("Monthly compound growth of visits", "fr")


@pytest.mark.parametrize(
    ("address", "language", "expected"),
    [
        ("orders.aov", "en", "Average order value (orders.aov)"),
        (
            "acquisition.channels.email.conversion",
            "en",
            "Conversion rate · email (acquisition.channels.email.conversion)",
        ),
        (
            "acquisition.channels.email.conversion",
            "fr",
            "Taux de conversion · email (acquisition.channels.email.conversion)",
        ),
        (
            "staff.Baker.monthly_salary",
            "fr",
            "Salaire mensuel · Baker (staff.Baker.monthly_salary)",
        ),
        ("financing.equity.1.amount", "en", "Amount · 1 (financing.equity.1.amount)"),
        ("acquisition.seasonality.3", "fr", "Saisonnalité · 3 (acquisition.seasonality.3)"),
    ],
)
def test_input_label_names_the_key_and_its_item(address: str, language: str, expected: str) -> None:
    assert sc.input_label(address, language) == expected


def test_input_label_shows_an_item_by_the_name_a_reader_knows() -> None:
    address = "acquisition.channels.social.conversion"
    shown = {"social": "Social media"}
    assert sc.input_label(address, "en", shown=shown) == (
        "Conversion rate · Social media (acquisition.channels.social.conversion)"
    )
    assert sc.input_label(address, "fr", with_address=False, shown=shown) == (
        "Taux de conversion · Social media"
    )
