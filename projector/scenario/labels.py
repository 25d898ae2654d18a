"""A scenario key as a reader names and explains it, read from the key's declaration.

Every fact about a key sits on its declaration in `schema` (its label and its
description in every language), as every fact about a line sits on the line.
This module adds what the readers need on top: a description set as prose in
the reader's language (French puts a no-break space before `:`), and a risk
input's address named by its key and its item (`Conversion rate · email`).
It lives in the scenario package because it reads the declarations, and the
locale package, which the scenario imports, may not import them back.
"""

from __future__ import annotations

from collections.abc import Mapping

from projector.locale.rules import locale_of
from projector.scenario.schema import Scenario, key_doc, key_label

# Lists whose items an input address names (by name, role or 1-based round).
ITEM_LISTS = frozenset({"channels", "fixed_costs", "staff", "capex", "equity", "loans"})


def field_doc(path: str | tuple[str | int, ...], language: str) -> str:
    """A key's description by its path, typeset as the language sets prose: the report,
    the comparison and the Assumptions sheet explain a key the same way."""
    return locale_of(language).typeset(key_doc(path, language))


def input_label(
    address: str,
    language: str,
    *,
    with_address: bool = True,
    shown: Mapping[str, str] | None = None,
) -> str:
    """A risk input's address as a reader names it, the address aside: `Conversion rate ·
    email (acquisition.channels.email.conversion)`, `Average order value (orders.aov)`.

    `shown` maps an item's key to the name a reader knows it by (a channel's label)."""
    parts = address.split(".")
    words = key_label(address, language)
    for i, part in enumerate(parts[:-1]):
        if part in ITEM_LISTS and len(parts) == i + 3:  # list, item, field
            field = ".".join([*parts[:i], part, parts[-1]])
            item = parts[i + 1]
            words = f"{key_label(field, language)} · {(shown or {}).get(item, item)}"
    if parts[-2:-1] == ["seasonality"]:
        words = f"{key_label('acquisition.seasonality', language)} · {parts[-1]}"
    return f"{words} ({address})" if with_address else words


def channel_names(s: Scenario) -> dict[str, str]:
    """Each channel as a reader knows it, by id: its label, or its id when it has none.

    What `input_label`'s `shown` expects, so every writer names a channel input alike."""
    return {c.name: c.shown for c in s.acquisition.channels}
