"""Every fact about a scenario key is on its declaration: kind, default, limits, and its
label and description in every language the scenario can be read in."""

from __future__ import annotations

from dataclasses import Field, fields
from pathlib import Path

import pytest

from projector import scenario as sc


def every_key() -> list[tuple[str, Field]]:
    """Each declared key by its schema path, nested ones and the risk section included."""
    found: list[tuple[str, Field]] = []

    def walk(cls: type, prefix: str) -> None:
        for f in fields(cls):
            if f.metadata.get("kind") == "internal":
                continue
            path = f"{prefix}.{f.name}" if prefix else f.name
            found.append((path, f))
            if f.metadata["kind"] in ("section", "list"):
                walk(f.metadata["type"], path)

    walk(sc.Scenario, "")
    return found


KEYS = every_key()


def test_the_walk_sees_the_whole_schema() -> None:
    paths = [path for path, _ in KEYS]
    assert len(paths) == 79 and len(set(paths)) == 79
    assert "financing.loans.term_months" in paths and "uncertainty.inputs" in paths
    assert [path for path, _ in sc.every_key()] == paths


@pytest.mark.parametrize(("path", "spec_"), KEYS, ids=[path for path, _ in KEYS])
def test_every_key_has_its_label_and_description_in_every_language(path: str, spec_: Field) -> None:
    label, docs = spec_.metadata["label"], spec_.metadata["docs"]
    assert set(label) == set(sc.LOCALES) and set(docs) == set(sc.LOCALES)
    assert all(text.strip() == text and text for text in (*label.values(), *docs.values()))
    assert docs["en"] == spec_.metadata["doc"]  # the JSON Schema's description
    assert sc.key_label(path, "fr") == label["fr"] and sc.key_doc(path, "fr") == docs["fr"]


def test_french_descriptions_are_translations() -> None:
    """A description left in English is the mistake this catches (labels may agree:
    'Horizon', 'Acquisition')."""
    same = [path for path, f in KEYS if f.metadata["docs"]["fr"] == f.metadata["docs"]["en"]]
    assert same == []


@pytest.mark.parametrize(
    ("path", "language", "label"),
    [
        ("staff[2].monthly_salary", "fr", "Salaire mensuel"),
        (("acquisition", "channels", 0, "cac"), "en", "Cost per new customer"),
        ("acquisition.channels.conversion", "fr", "Taux de conversion"),
        ("financing.loans", "en", "Loans"),
        ("uncertainty.paths", "fr", "Trajectoires simulées"),
        ("working_capital.payable_days", "en", "Days to pay suppliers"),
        ("customers.not_a_key", "en", "Not a key"),  # a path no key has: its words
        ("scenario.name.deeper", "en", "Deeper"),
    ],
)
def test_key_label_by_any_spelling_of_a_path(
    path: str | tuple[str | int, ...], language: str, label: str
) -> None:
    assert sc.key_label(path, language) == label


def test_declared_key_finds_declarations_and_only_them() -> None:
    assert sc.declared_key("orders.upsell.take_rate") is next(
        f for f in fields(sc.Upsell) if f.name == "take_rate"
    )
    assert sc.declared_key("orders.upsell") is next(
        f for f in fields(sc.Orders) if f.name == "upsell"
    )
    assert sc.declared_key("orders.nothing") is None
    assert sc.declared_key("source") is None  # internal: not a key of the file
    with pytest.raises(KeyError, match="no scenario key at 'orders.nothing'"):
        sc.key_doc("orders.nothing", "en")


EXAMPLE = Path(__file__).parents[2] / "scenarios" / "personalized_treasures.yaml"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("fixed_costs.Rent.start_month", "is a month: months cannot vary, only amounts and rates"),
        ("staff.Baker.end_month", "is a month: months cannot vary, only amounts and rates"),
        ("capex.Oven.life_months", "is a month: months cannot vary, only amounts and rates"),
        (
            "financing.loans.Bank.term_months",
            "is a month: months cannot vary, only amounts and rates",
        ),
        ("financing.equity.1.month", "is a month: months cannot vary, only amounts and rates"),
        ("scenario.months", "is not an input that can vary"),
        ("orders.months", "unknown input address 'orders.months'"),  # a horizon, not a month key
    ],
)
def test_month_keys_come_from_their_kinds(address: str, message: str) -> None:
    """The keys a distribution cannot draw are those of kind month, end month or duration."""
    table, shared = sc.input_addresses(sc.load(EXAMPLE))
    assert message in sc.unknown_address(address, table, shared)
