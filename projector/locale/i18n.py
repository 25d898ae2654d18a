"""Words and number formats in the scenario's language and currency.

Spreadsheet number-format codes always use `,` for thousands and `.` for
decimals; the application shows them in the reader's own separators.  What the
scenario decides is the currency symbol, where it stands, and (for dates) the
language of month names.
"""

from __future__ import annotations

from babel.core import get_global
from babel.numbers import (
    get_currency_precision,
    get_currency_symbol,
    list_currencies,
)


def symbol(currency: str, locale: str) -> str:
    """The currency's symbol as CLDR writes it in the locale: `$`, `CA$`, `CHF`, `$US`."""
    return get_currency_symbol(currency, locale)


def usd_mark(locale: str) -> str:
    """US dollars named unmistakably, for figures left in dollars in another currency's plan.

    CLDR's Canadian English says `US$` (plain English says `$`); French says `$US`.
    """
    return get_currency_symbol("USD", "en_CA" if locale == "en" else locale)


def minor_units(currency: str) -> int:
    """Decimals the currency is written with: 2 for USD, 0 for JPY (ISO 4217 via CLDR)."""
    return get_currency_precision(currency)


def currencies() -> set[str]:
    """Every ISO 4217 code CLDR knows."""
    return set(list_currencies())


def near_currencies(code: str) -> list[str]:
    """Codes in use today that a typo of `code` may mean: its letters swapped (GPB -> GBP),
    else one letter changed (EUD -> AUD or EUR); at most two, so the hint stays short."""
    tender = sorted(
        {c[0] for spans in get_global("territory_currencies").values() for c in spans if c[3]}
        - {code}
    )
    swapped = [c for c in tender if sorted(c) == sorted(code)]
    if swapped:
        return swapped[:2]
    return [c for c in tender if sum(a != b for a, b in zip(c, code, strict=True)) == 1][:2]


def is_currency(code: str) -> bool:
    """True for an ISO 4217 code CLDR knows."""
    return code in currencies()


TEXT = {
    "null": {"en": "n/a", "fr": "n.d."},
    "assumptions": {"en": "Assumptions", "fr": "Hypothèses"},
    "monthly": {"en": "Monthly projection", "fr": "Projection mensuelle"},
    "annual": {"en": "Annual projection", "fr": "Projection annuelle"},
    "summary": {"en": "Summary", "fr": "Synthèse"},
    "kpis": {"en": "KPIs against benchmarks", "fr": "KPI face aux références"},
    "charts": {"en": "Charts", "fr": "Graphiques"},
    "month": {"en": "Month", "fr": "Mois"},
    "date": {"en": "Calendar month", "fr": "Mois calendaire"},
    "cal": {"en": "Month of year", "fr": "Mois de l'année"},
    "year": {"en": "Year", "fr": "Année"},
    "months_in_year": {"en": "Months in year", "fr": "Mois dans l'année"},
    "opening": {"en": "Opening", "fr": "Ouverture"},
    "line_id": {"en": "Line id", "fr": "Identifiant"},
    "value": {"en": "Value", "fr": "Valeur"},
    "calendar": {"en": "Calendar month", "fr": "Mois calendaire"},
    "total_costs": {"en": "Total costs (before D&A)", "fr": "Coûts totaux (avant amort.)"},
    "revenue_vs_costs": {"en": "Net revenue vs total costs", "fr": "CA net et coûts totaux"},
    "cash_balance": {"en": "Cash balance", "fr": "Trésorerie"},
    "ebitda": {"en": "EBITDA", "fr": "EBE"},
    "scenario": {"en": "Scenario", "fr": "Scénario"},
    "currency": {"en": "Currency", "fr": "Devise"},
    "horizon": {"en": "Horizon", "fr": "Horizon"},
    "no_industry": {
        "en": "No industry set in the scenario: no benchmarks to hold the KPIs against.",
        "fr": "Aucun secteur dans le scénario : pas de références pour les KPI.",
    },
    "kpi_kpi": {"en": "KPI", "fr": "KPI"},
    "kpi_value": {"en": "Value", "fr": "Valeur"},
    "kpi_low": {"en": "Weak", "fr": "Faible"},
    "kpi_typical": {"en": "Typical", "fr": "Typique"},
    "kpi_high": {"en": "Strong", "fr": "Fort"},
    "kpi_better": {"en": "Better when", "fr": "Meilleur si"},
    "kpi_status": {"en": "Status", "fr": "Statut"},
    "kpi_source": {"en": "Source", "fr": "Source"},
    "better_higher": {"en": "higher", "fr": "plus haut"},
    "better_lower": {"en": "lower", "fr": "plus bas"},
    "better_range": {"en": "in range", "fr": "dans la plage"},
    "inputs_note": {
        "en": "Blue cells are inputs: change them and every sheet recalculates. Grey cells "
        "are information fixed by the scenario file.",
        "fr": "Les cellules bleues sont des hypothèses : modifiez-les, tout se recalcule. "
        "Les cellules grises sont des informations fixées par le fichier de scénario.",
    },
    "info_note": {
        "en": "Information, not an input: to change it, edit the scenario file and run "
        "projector again",
        "fr": "Information, pas une hypothèse : pour la changer, modifiez le fichier de "
        "scénario et relancez projector",
    },
    "add_items_note": {
        "en": "To add or remove an item, edit the scenario file and run projector again: "
        "a row typed below this table is not read by any formula.",
        "fr": "Pour ajouter ou retirer un élément, modifiez le fichier de scénario et relancez "
        "projector : une ligne saisie sous ce tableau n'est lue par aucune formule.",
    },
    "spare_note": {
        "en": "Type a new item over a (spare) row: every total includes it. For more items, "
        "edit the scenario file and run projector again.",
        "fr": "Saisissez un nouvel élément sur une ligne (libre) : tous les totaux l'incluent. "
        "Pour davantage, modifiez le fichier de scénario et relancez projector.",
    },
    "spare_row": {"en": "(spare)", "fr": "(libre)"},
    "margin_steps": {
        "en": "Margin per order, step by step: per-order costs at month-1 prices",
        "fr": "Marge par commande, pas à pas : coûts par commande aux prix du mois 1",
    },
    "unit_pct": {"en": "%", "fr": "%"},
    "unit_month_no": {"en": "month no.", "fr": "n° de mois"},
    "unit_months": {"en": "months", "fr": "mois"},
    "unit_days": {"en": "days", "fr": "jours"},
    "unit_turns": {"en": "per year", "fr": "par an"},
    "unit_visits": {"en": "visits", "fr": "visites"},
    "unit_customers": {"en": "customers", "fr": "clients"},
    "unit_people": {"en": "people", "fr": "personnes"},
    "comparison": {"en": "Scenario comparison", "fr": "Comparaison de scénarios"},
    "compare_note": {
        "en": "Every figure is a formula over each scenario's own sheets; edit any blue input "
        "and this sheet follows. Base = first scenario; Δ % = Δ / |base|.",
        "fr": "Chaque chiffre est une formule sur les feuilles du scénario ; modifiez une "
        "hypothèse bleue et cette feuille suit. Base = premier scénario ; Δ % = Δ / |base|.",
    },
    "compare_value": {"en": "Value", "fr": "Valeur"},
    "compare_delta": {"en": "Δ vs base", "fr": "Écart / base"},
    "compare_pct": {"en": "Δ % vs base", "fr": "Écart % / base"},
    "metric": {"en": "Metric", "fr": "Indicateur"},
    "file": {"en": "File", "fr": "Fichier"},
    "net_revenue_chart": {"en": "Net revenue", "fr": "Chiffre d'affaires net"},
    "balance_sheet": {"en": "Balance sheet", "fr": "Bilan"},
    "year_end": {"en": "At year end", "fr": "En fin d'année"},
    "assets": {"en": "Assets", "fr": "Actif"},
    "liabilities": {"en": "Liabilities", "fr": "Dettes"},
    "equity": {"en": "Equity", "fr": "Capitaux propres"},
    "loans": {"en": "Loans", "fr": "Emprunts"},
    "liabilities_and_equity": {
        "en": "Total liabilities and equity",
        "fr": "Total des dettes et capitaux propres",
    },
    "checks": {"en": "Checks", "fr": "Contrôles"},
    "checks_note": {
        "en": "Each check is 1 when it fails, 0 when it holds; the count of failures is shown "
        "at the top of every sheet.",
        "fr": "Chaque contrôle vaut 1 s'il échoue, 0 s'il tient ; le nombre d'échecs est "
        "affiché en haut de chaque feuille.",
    },
    "checks_failed": {"en": "Failing checks", "fr": "Contrôles en échec"},
    "check": {"en": "Check", "fr": "Contrôle"},
    "fails": {"en": "Fails (1) / holds (0)", "fr": "Échec (1) / OK (0)"},
    "checks_ok": {"en": "All checks OK", "fr": "Tous les contrôles sont OK"},
    "checks_fail": {
        "en": " check(s) fail: see Checks",
        "fr": " contrôle(s) en échec : voir Contrôles",
    },
    "check_balance": {
        "en": "The balance sheet balances (assets = liabilities + equity)",
        "fr": "Le bilan est équilibré (actif = dettes + capitaux propres)",
    },
    "check_cash": {
        "en": "Balance-sheet cash = starting cash + the cash flows to date",
        "fr": "Trésorerie du bilan = trésorerie initiale + flux cumulés",
    },
    "check_tax": {"en": "Tax is never negative", "fr": "L'impôt n'est jamais négatif"},
    "check_loan": {
        "en": "Repaid by the end of its term: ",
        "fr": "Remboursé au terme : ",
    },
}

SECTIONS = {
    "acquisition": {"en": "Acquisition", "fr": "Acquisition"},
    "customers": {"en": "Customers and orders", "fr": "Clients et commandes"},
    "revenue": {"en": "Revenue", "fr": "Chiffre d'affaires"},
    "costs": {"en": "Cost of sales and contribution", "fr": "Coûts variables et contribution"},
    "pnl": {"en": "Operating expenses and profit", "fr": "Charges et résultat"},
    "cash": {"en": "Cash flow", "fr": "Flux de trésorerie"},
    "balance": {"en": "Balance sheet", "fr": "Bilan"},
    "kpis": {"en": "Ratios", "fr": "Ratios"},
}


# Plans in these currencies print on US Letter, like their readers' paper; others on A4.
LETTER_CURRENCIES = frozenset({"USD", "CAD", "MXN"})


def paper_code(currency: str) -> int:
    """XlsxWriter's paper code for a plan's currency: 1 (Letter) or 9 (A4)."""
    return 1 if currency in LETTER_CURRENCIES else 9


def text(key: str, locale: str) -> str:
    return TEXT[key][locale]


def money_format(currency: str, locale: str, decimals: int = 0) -> str:
    """A currency number format, negatives in red, symbol placed as the locale writes it.

    Never more decimals than the currency's minor units (none for JPY); a
    symbol ending in a letter stands apart from the digits (`CHF 1,200`).
    """
    sign = symbol(currency, locale).replace('"', "")
    decimals = min(decimals, minor_units(currency))
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    if locale == "fr":
        pos = f'{digits}\\ "{sign}"'
    else:
        pos = f'"{sign} "{digits}' if sign[-1].isalpha() else f'"{sign}"{digits}'
    return (
        f"{pos};[Red]-{pos};{pos.replace(digits, '0' if not decimals else '0.' + '0' * decimals)}"
    )


def usd_format(locale: str) -> str:
    """US dollars marked as such (`US$15.00`), for benchmarks a non-USD plan cannot convert."""
    mark = usd_mark(locale)
    return f'#,##0.00\\ "{mark}"' if locale == "fr" else f'"{mark}"#,##0.00'


def date_format(locale: str) -> str:
    """Month and year, with French month names for a French scenario."""
    return "[$-40C]mmm yyyy" if locale == "fr" else "mmm yyyy"
