"""Human labels of the scenario's keys, in the reader's language (catalogue ids `label.<path>`).

Investor documents name an assumption as a reader would ("Conversion rate"),
not by its YAML path (`acquisition.channels.conversion`); the path stays
available as a small secondary reference. Labels are keyed by the schema path
without list indices, so `staff[2].monthly_salary` reads "Monthly salary".
"""

from __future__ import annotations

from collections.abc import Mapping

from projector.locale import catalogue


def schema_path(path: str | tuple) -> str:
    """`acquisition.channels[0].conversion` or a tuple path, without list indices or item keys."""
    parts = path.replace("[", ".").replace("]", "").split(".") if isinstance(path, str) else path
    return ".".join(str(p) for p in parts if not str(p).isdigit())


def label(path: str | tuple, locale: str) -> str:
    """A key's human label; an unlabelled key (a newer schema field) reads as its words."""
    key = schema_path(path)
    if not catalogue.has(f"label.{key}"):
        return key.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    return catalogue.lookup(f"label.{key}", locale)


def input_label(
    address: str,
    locale: str,
    *,
    with_address: bool = True,
    shown: Mapping[str, str] | None = None,
) -> str:
    """A risk input's address as a reader names it, the address aside: `Conversion rate ·
    email (acquisition.channels.email.conversion)`, `Average order value (orders.aov)`."""
    parts = address.split(".")
    words = label(address, locale)
    for i, part in enumerate(parts[:-1]):
        if part in ITEM_LISTS and len(parts) == i + 3:  # list, item, field
            field = ".".join([*parts[:i], part, parts[-1]])
            item = parts[i + 1]
            words = f"{label(field, locale)} · {(shown or {}).get(item, item)}"
    if parts[-2:-1] == ["seasonality"]:
        words = f"{label('acquisition.seasonality', locale)} · {parts[-1]}"
    return f"{words} ({address})" if with_address else words


# Lists whose items an input address names (by name, role or 1-based round).
ITEM_LISTS = frozenset({"channels", "fixed_costs", "staff", "capex", "equity", "loans"})


def has_label(path: str) -> bool:
    return catalogue.has(f"label.{schema_path(path)}")
