"""The summary report's words, in English and French.

Sentences carry `{placeholders}` that the report fills with numbers already
formatted for the scenario's locale and currency.  French follows French
typography: a no-break space before `:` and `;`, « month 14 » is « mois 14 ».
"""

from __future__ import annotations

from babel.units import format_unit

NBSP = "\u00a0"

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Financial projection summary", "fr": "Synthèse de la projection financière"},
    "horizon": {"en": "Horizon", "fr": "Horizon"},
    "horizon_value": {
        "en": "{first} to {last} ({span})",
        "fr": "De {first} à {last} ({span})",
    },
    "currency": {"en": "Currency", "fr": "Devise"},
    "currency_value": {"en": "{code}, excluding sales tax", "fr": "{code}, hors taxes"},
    "benchmarks": {"en": "Benchmarks", "fr": "Références"},
    "generated": {"en": "Generated", "fr": "Édité le"},
    "verdict": {"en": "In short", "fr": "En bref"},
    "contents": {"en": "Contents", "fr": "Sommaire"},
    "headline": {"en": "Headline figures", "fr": "Chiffres clés"},
    "by_year": {"en": "Results by year", "fr": "Résultats par année"},
    "annual": {
        "en": "Annual profit and loss, and cash flow",
        "fr": "Compte de résultat et flux de trésorerie annuels",
    },
    "activity": {"en": "Activity", "fr": "Activité"},
    "pnl": {"en": "Profit and loss", "fr": "Compte de résultat"},
    "cash_flow": {"en": "Cash flow", "fr": "Flux de trésorerie"},
    "unit": {"en": "Unit economics per order", "fr": "Économie unitaire par commande"},
    "unit_note": {
        "en": "Month-1 prices and costs of an average order, after refunds; "
        "marketing is not included (see CAC).",
        "fr": "Prix et coûts d'une commande moyenne au mois 1, après remboursements ; "
        "hors marketing (voir le CAC).",
    },
    "per_order": {"en": "Per order", "fr": "Par commande"},
    "share_of_gross": {"en": "% of gross sales", "fr": "% des ventes brutes"},
    "charts": {"en": "Monthly charts", "fr": "Graphiques mensuels"},
    "kpis": {"en": "KPIs against industry benchmarks", "fr": "KPI face aux références du secteur"},
    "kpis_note": {
        "en": "Benchmark set: {label}. Sources are cited under each KPI.",
        "fr": "Jeu de références : {label}. Les sources sont citées sous chaque KPI.",
    },
    "warnings": {
        "en": "Points an investor will raise",
        "fr": "Points qu'un investisseur soulèvera",
    },
    "no_warnings": {
        "en": "None of the usual warning signs.",
        "fr": "Aucun des signaux d'alerte habituels.",
    },
    "assumptions": {"en": "Appendix: assumptions", "fr": "Annexe : hypothèses"},
    "assumptions_note": {
        "en": "Every input of the scenario file, grouped as on the workbook's Assumptions sheet.",
        "fr": "Toutes les données du fichier de scénario, groupées comme dans la feuille "
        "Assumptions du classeur.",
    },
    "key": {"en": "Key", "fr": "Clé"},
    "value": {"en": "Value", "fr": "Valeur"},
    "meaning": {"en": "Meaning", "fr": "Signification"},
    "none": {"en": "(none)", "fr": "(aucun)"},
    "year": {"en": "Year {n}", "fr": "Année {n}"},
    "in_year": {"en": "In Year {n}", "fr": "En année {n}"},
    "partial_year": {"en": "{n} months", "fr": "{n} mois"},
    "month_no": {"en": "month {n}", "fr": "mois {n}"},
    "Month_no": {"en": "Month {n}", "fr": "Mois {n}"},
    "not_within": {"en": "not within the horizon", "fr": "pas sur l'horizon"},
    "never": {"en": "never", "fr": "jamais"},
    "page": {"en": "Page", "fr": "Page"},
    # Headline figures.
    "break_even": {
        "en": "Break-even (EBITDA\u00a0≥\u00a00 from then on)",
        "fr": "Équilibre (EBE\u00a0≥\u00a00 jusqu'au terme)",
    },
    "first_profitable": {
        "en": "First month with EBITDA\u00a0≥\u00a00",
        "fr": "Premier mois d'EBE\u00a0≥\u00a00",
    },
    "funding_need": {"en": "Additional funding needed", "fr": "Financement supplémentaire"},
    "lowest_cash": {
        "en": "lowest cash {cash} in {when}",
        "fr": "trésorerie au plus bas : {cash} en {when}",
    },
    "ending_cash": {"en": "Cash at the end", "fr": "Trésorerie finale"},
    "ending_when": {"en": "end of {when}", "fr": "fin {when}"},
    "clv": {"en": "Customer lifetime value", "fr": "Valeur vie client"},
    "clv_note": {"en": "margin over {orders} orders", "fr": "marge sur {orders} commandes"},
    "cac_y1": {"en": "Acquisition cost, Year 1", "fr": "Coût d'acquisition, année 1"},
    "ltv_to_cac": {"en": "LTV:CAC", "fr": "LTV:CAC"},
    "ltv_note": {
        "en": "investors look for 3:1 or more",
        "fr": "les investisseurs visent 3 pour 1 ou plus",
    },
    "margin_per_order": {"en": "Margin per order", "fr": "Marge par commande"},
    "margin_note": {"en": "on {gross} of gross sales", "fr": "sur {gross} de ventes brutes"},
    "be_orders": {"en": "Break-even orders per month", "fr": "Commandes d'équilibre par mois"},
    "be_revenue": {"en": "Break-even net revenue per month", "fr": "CA net d'équilibre par mois"},
    "y1_basis": {"en": "at Year-1 costs and margins", "fr": "aux coûts et marges de l'année 1"},
    # v2 headline figures: a steadier break-even, runway, payback, debt cover.
    "break_even_ttm": {
        "en": "Break-even, trailing twelve months",
        "fr": "Équilibre sur douze mois glissants",
    },
    "ttm_note": {
        "en": "EBITDA of the last 12 months\u00a0≥\u00a00 from then on",
        "fr": "EBE des 12 derniers mois\u00a0≥\u00a00 ensuite",
    },
    "funded_by_plan": {"en": "none beyond the plan", "fr": "aucun au-delà du plan"},
    "cash_out": {
        "en": "Cash runs out without more funding",
        "fr": "Trésorerie épuisée sans financement de plus",
    },
    "cac_payback": {"en": "CAC payback", "fr": "Retour sur coût d'acquisition"},
    "cac_payback_value": {"en": "{n} orders", "fr": "{n} commandes"},
    "cac_payback_value_one": {"en": "{n} order", "fr": "{n} commande"},
    "cac_payback_note": {
        "en": "orders a new customer places to repay their acquisition cost",
        "fr": "commandes qui remboursent l'acquisition d'un client",
    },
    "min_dscr": {"en": "Lowest debt-service cover", "fr": "Couverture minimale de la dette"},
    "dscr_note": {
        "en": "weakest year's EBITDA over interest plus principal",
        "fr": "EBE de la plus faible année sur intérêts et capital",
    },
    # The balance sheet and the funding ask.
    "balance_sheet": {"en": "Balance sheet at year end", "fr": "Bilan en fin d'année"},
    "balances": {
        "en": "The balance sheet balances in every month: assets equal liabilities plus equity "
        "(largest gap {gap}).",
        "fr": "Le bilan est équilibré chaque mois : l'actif égale les dettes plus les capitaux "
        "propres (plus grand écart {gap}).",
    },
    "unbalanced": {
        "en": "The balance sheet does not balance in {n} months (largest gap {gap}).",
        "fr": "Le bilan n'est pas équilibré sur {n} mois (plus grand écart {gap}).",
    },
    "funding": {"en": "The funding ask", "fr": "Le besoin de financement"},
    "ask_need": {
        "en": "The plan needs {need} more than it assumes, by {out_cal} at the latest, when "
        "cash would run out; the need peaks in {low_cal}.",
        "fr": "Le plan a besoin de {need} de plus que ce qu'il prévoit, au plus tard en "
        "{out_cal}, quand la trésorerie s'épuiserait ; le besoin culmine en {low_cal}.",
    },
    "ask_none": {
        "en": "The plan needs no more money than it already assumes: cash stays at or above "
        "zero, at its lowest {low} in {low_cal}.",
        "fr": "Le plan n'a pas besoin de plus d'argent que ce qu'il prévoit déjà : la "
        "trésorerie reste positive, au plus bas à {low} en {low_cal}.",
    },
    "ask_uses": {
        "en": "Until the lowest cash point ({low_cal}) the money goes to:",
        "fr": "Jusqu'au point bas de trésorerie ({low_cal}), l'argent finance :",
    },
    "ask_sources": {"en": "What the plan already assumes:", "fr": "Ce que le plan prévoit déjà :"},
    "use_operating": {"en": "Operating losses", "fr": "Pertes d'exploitation"},
    "use_capex": {"en": "Equipment", "fr": "Investissements"},
    "use_debt_service": {"en": "Loan repayments", "fr": "Remboursements d'emprunts"},
    "src_start": {"en": "Starting cash", "fr": "Trésorerie de départ"},
    "src_equity": {"en": "Equity", "fr": "Apports en capital"},
    "src_loans": {"en": "Loans", "fr": "Emprunts"},
    "runway_short": {
        "en": "Without more money, the assumed funding lasts {runway} months: cash falls below "
        "zero in {out_cal}. Raising {need} carries the plan to the end of its horizon "
        "({end_cal}), {more} months further.",
        "fr": "Sans argent de plus, le financement prévu tient {runway} mois : la trésorerie "
        "passe sous zéro en {out_cal}. Lever {need} porte le plan jusqu'au terme de son "
        "horizon ({end_cal}), {more} mois plus loin.",
    },
    "runway_full": {
        "en": "The assumed funding carries the plan to the end of its horizon ({end_cal}).",
        "fr": "Le financement prévu porte le plan jusqu'au terme de son horizon ({end_cal}).",
    },
    # Charts.
    "chart_revenue": {
        "en": "Monthly net revenue vs total costs",
        "fr": "CA net mensuel et coûts totaux",
    },
    "chart_ebitda": {"en": "Monthly EBITDA", "fr": "EBE mensuel"},
    "chart_cash": {"en": "Cash balance at month end", "fr": "Trésorerie en fin de mois"},
    "chart_orders": {
        "en": "New vs repeat orders per month",
        "fr": "Commandes nouvelles et récurrentes par mois",
    },
    "chart_waterfall": {
        "en": "From order value to margin, per order",
        "fr": "Du panier à la marge, par commande",
    },
    "new_orders": {"en": "Orders from new customers", "fr": "Commandes de nouveaux clients"},
    "repeat_orders": {"en": "Repeat orders", "fr": "Commandes récurrentes"},
    "zero": {"en": "zero", "fr": "zéro"},
    "lowest": {"en": "lowest: {cash}", "fr": "point bas : {cash}"},
    "be_marker": {"en": "break-even", "fr": "équilibre"},
    # Verdict: one paragraph, built from the results.
    "v_be_need": {
        "en": "The plan breaks even in {be} ({be_cal}) and needs {need} of additional funding, "
        "with the lowest cash in {low_cal}.",
        "fr": "Le plan atteint l'équilibre au {be} ({be_cal}) et nécessite {need} de financement "
        "supplémentaire, la trésorerie étant au plus bas en {low_cal}.",
    },
    "v_be_funded": {
        "en": "The plan breaks even in {be} ({be_cal}) without additional funding: cash stays "
        "positive, at its lowest {low} in {low_cal}.",
        "fr": "Le plan atteint l'équilibre au {be} ({be_cal}) sans financement supplémentaire"
        f"{NBSP}: la trésorerie reste positive, au plus bas à {{low}} en {{low_cal}}.",
    },
    "v_nobe_need": {
        "en": "The plan does not break even within its {months}-month horizon and needs {need} of "
        "additional funding, with the lowest cash in {low_cal}.",
        "fr": "Le plan n'atteint pas l'équilibre sur son horizon de {span} et nécessite "
        "{need} de financement supplémentaire, la trésorerie étant au plus bas en {low_cal}.",
    },
    "v_nobe_funded": {
        "en": "The plan does not break even within its {months}-month horizon, although cash "
        "stays positive (lowest {low} in {low_cal}).",
        "fr": "Le plan n'atteint pas l'équilibre sur son horizon de {span}, même si la "
        "trésorerie reste positive (au plus bas à {low} en {low_cal}).",
    },
    "v_dip": {
        "en": "EBITDA is first positive in {fp_cal} but dips below zero again before it holds.",
        "fr": "L'EBE est positif dès {fp_cal}, mais repasse sous zéro avant de se stabiliser.",
    },
    "v_never_holds": {
        "en": "EBITDA turns positive in {fp_cal} but does not stay there.",
        "fr": "L'EBE devient positif en {fp_cal}, sans s'y maintenir.",
    },
    "v_never_positive": {"en": "EBITDA is never positive.", "fr": "L'EBE n'est jamais positif."},
    "v_last_year": {
        "en": "{year}, net revenue reaches {revenue}, with EBITDA of {ebitda} and net income "
        "of {income}; the plan ends with {cash} in cash.",
        "fr": "{year}, le chiffre d'affaires net atteint {revenue}, pour un EBE de {ebitda} et "
        f"un résultat net de {{income}}{NBSP}; la trésorerie finale s'élève à {{cash}}.",
    },
    "v_ltv_good": {
        "en": "A customer brings {clv} of margin over their lifetime for a Year-1 acquisition "
        "cost of {cac}: an LTV:CAC of {ratio}, above the 3:1 investors look for.",
        "fr": "Un client rapporte {clv} de marge sur sa durée de vie pour un coût d'acquisition "
        "de {cac} en année 1, soit un LTV:CAC de {ratio}, au-dessus du ratio de 3 pour 1 "
        "attendu par les investisseurs.",
    },
    "v_ltv_bad": {
        "en": "A customer brings {clv} of margin over their lifetime for a Year-1 acquisition "
        "cost of {cac}: an LTV:CAC of {ratio}, below the 3:1 investors look for.",
        "fr": "Un client rapporte {clv} de marge sur sa durée de vie pour un coût d'acquisition "
        "de {cac} en année 1, soit un LTV:CAC de {ratio}, sous le ratio de 3 pour 1 "
        "attendu par les investisseurs.",
    },
    "v_warnings": {
        "en": "{n} points need an answer before an investor raises them "
        "(see “Points an investor will raise”).",
        "fr": "{n} points appellent une réponse avant qu'un investisseur ne les soulève "
        "(voir « Points qu'un investisseur soulèvera »).",
    },
    "v_warning": {
        "en": "One point needs an answer before an investor raises it "
        "(see “Points an investor will raise”).",
        "fr": "Un point appelle une réponse avant qu'un investisseur ne le soulève "
        "(voir « Points qu'un investisseur soulèvera »).",
    },
    # Warnings.
    "w_ltv": {
        "en": "LTV:CAC is {ratio}, below 3:1: a customer's lifetime margin ({clv}) hardly pays "
        "back what it costs to win them ({cac}).",
        "fr": "Le LTV:CAC est de {ratio}, sous 3 pour 1 : la marge d'un client sur sa durée "
        "de vie ({clv}) rembourse à peine ce qu'il coûte à acquérir ({cac}).",
    },
    "w_returns": {
        "en": "Returns of {rate} of gross sales are above 5%, high for personalised goods, which "
        "cannot be resold.",
        "fr": f"Un taux de retour de {{rate}} des ventes brutes dépasse 5{NBSP}%{NBSP}: c'est "
        "élevé pour des produits personnalisés, invendables une fois retournés.",
    },
    "w_cash": {
        "en": "Cash falls below zero: the plan needs {need} of funding beyond what it raises, to "
        "cover its lowest point in {low_cal}.",
        "fr": f"La trésorerie passe sous zéro{NBSP}: il faut {{need}} de financement en plus de "
        "ce que prévoit le plan pour couvrir son point bas de {low_cal}.",
    },
    "w_no_break_even": {
        "en": "No sustained break-even: EBITDA does not stay at or above zero before the end of "
        "the {months}-month horizon.",
        "fr": f"Pas d'équilibre durable{NBSP}: l'EBE ne reste pas positif avant la fin de "
        "l'horizon de {span}.",
    },
    "w_order_loss": {
        "en": "Each order loses {margin} after variable costs, so more sales mean bigger losses.",
        "fr": f"Chaque commande perd {{margin}} après coûts variables{NBSP}: plus de ventes, "
        "plus de pertes.",
    },
    "w_weaker": {
        "en": "{kpi}: the assumption of {value} is weaker than the benchmark range "
        "{low} to {high}.",
        "fr": f"{{kpi}}{NBSP}: l'hypothèse de {{value}} est moins favorable que la fourchette de "
        "référence ({low} à {high}).",
    },
    "w_optimistic": {
        "en": "{kpi}: the assumption of {value} is more optimistic than the benchmark range "
        "{low} to {high}; expect to be asked for evidence.",
        "fr": f"{{kpi}}{NBSP}: l'hypothèse de {{value}} est plus optimiste que la fourchette de "
        f"référence ({{low}} à {{high}}){NBSP}; il faudra la justifier.",
    },
    "w_kpi_weak": {
        "en": "{kpi}: {value} is weak against the benchmark (weak: {weak}; typical: {typical}).",
        "fr": f"{{kpi}}{NBSP}: {{value}} est faible face à la référence (faible{NBSP}: {{weak}}{NBSP}; "
        f"typique{NBSP}: {{typical}}).",
    },
    "w_zero_costs": {
        "en": "Costs left at zero that businesses of this kind pay: {items}. Say why, or add "
        "them; the margins shown are better than they will be.",
        "fr": f"Coûts laissés à zéro que paient les entreprises de ce type{NBSP}: {{items}}. "
        "Justifiez-le ou ajoutez-les ; les marges affichées sont meilleures qu'elles ne "
        "le seront.",
    },
    "zero_tax": {"en": "tax on profit", "fr": "impôt sur les bénéfices"},
    "zero_payment": {"en": "payment fees", "fr": "frais de paiement"},
    "zero_overhead": {
        "en": "employer payroll taxes and benefits",
        "fr": "charges patronales",
    },
    "zero_labour": {
        "en": "labour to make the orders (no staff, no labour per order)",
        "fr": "main-d'œuvre pour produire (ni personnel, ni coût par commande)",
    },
    "w_orders_per_person": {
        "en": "In {month} each of {heads} people would handle {orders} orders, far beyond "
        "the {limit} a month one person can make, pack or support; the plan needs more staff "
        "or labour per order.",
        "fr": f"En {{month}}, chacune des {{heads}} personnes traiterait {{orders}} commandes, "
        f"bien au-delà des {{limit}} par mois qu'une personne peut produire, emballer ou "
        f"suivre{NBSP}; "
        "il faut plus de personnel ou un coût de main-d'œuvre par commande.",
    },
    "w_channel_growth": {
        "en": "{channel}: monthly growth compounds visits {factor} times over the horizon, "
        "past any market a business of this size can reach.",
        "fr": f"{{channel}}{NBSP}: la croissance mensuelle multiplie les visites par {{factor}} "
        "sur l'horizon, au-delà de tout marché accessible à une entreprise de cette taille.",
    },
    "w_seasonal_peak": {
        "en": "The first profitable month, {month}, is a seasonal peak and the next month "
        "loses money again: profitability rests on one season.",
        "fr": f"Le premier mois rentable, {{month}}, est un pic saisonnier et le mois suivant "
        f"redevient déficitaire{NBSP}: la rentabilité repose sur une saison.",
    },
    "glossary": {"en": "Glossary", "fr": "Glossaire"},
    "glossary_note": {
        "en": "The words of this report, in plain terms.",
        "fr": "Les mots de ce rapport, en termes simples.",
    },
    "kpi_outside": {"en": "outside {low}–{high}", "fr": "hors {low}–{high}"},
    "w_outside": {
        "en": "{kpi}: the assumption of {value} is outside the benchmark range {low} to {high}.",
        "fr": f"{{kpi}}{NBSP}: l'hypothèse de {{value}} sort de la fourchette de référence "
        "({low} à {high}).",
    },
    # The comparison of several scenarios (projector compare).
    "cmp_title": {"en": "Scenario comparison", "fr": "Comparaison de scénarios"},
    "cmp_scenarios": {"en": "Scenarios compared", "fr": "Scénarios comparés"},
    "cmp_scenario": {"en": "Scenario", "fr": "Scénario"},
    "cmp_file": {"en": "File", "fr": "Fichier"},
    "cmp_base": {"en": "base", "fr": "référence"},
    "cmp_base_scenario": {"en": "Base scenario", "fr": "Scénario de référence"},
    "cmp_count": {"en": "{n} scenarios", "fr": "{n} scénarios"},
    "cmp_one": {"en": "1 scenario", "fr": "1 scénario"},
    "cmp_base_note": {
        "en": "The first scenario, {name}, is the base: every difference in this report is "
        "measured against it.",
        "fr": "Le premier scénario, {name}, sert de référence : chaque écart de ce rapport est "
        "mesuré par rapport à lui.",
    },
    "cmp_mixed": {
        "en": "The scenarios use different currencies ({codes}): figures are not converted. "
        "Each amount is in its own scenario's currency; amounts in a currency other than "
        "the base's ({base}) are left out of the differences and of best and worst.",
        "fr": "Les scénarios utilisent des devises différentes ({codes}) : les montants ne sont "
        "pas convertis. Chaque montant est dans la devise de son scénario ; ceux dans une "
        "autre devise que la référence ({base}) sont exclus des écarts et du classement.",
    },
    "cmp_headline_note": {
        "en": "Under each figure, its difference from the base, {name}: in value, then in % of "
        "the base.",
        "fr": "Sous chaque chiffre, son écart avec la référence, {name} : en valeur, puis en % "
        "de la référence.",
    },
    "cmp_best": {"en": "best", "fr": "meilleur"},
    "cmp_worst": {"en": "worst", "fr": "moins bon"},
    "cmp_legend": {
        "en": "Among all the scenarios, figure by figure. Figures that are n/a, and those with "
        "no better direction, are not ranked.",
        "fr": "Parmi tous les scénarios, chiffre par chiffre. Les chiffres n.d. et ceux sans "
        "sens préférable ne sont pas classés.",
    },
    "cmp_better": {"en": "better when {dir}", "fr": "meilleur si {dir}"},
    "cmp_part": {
        "en": "Scenarios {first} to {last} of {n}, with the base",
        "fr": "Scénarios {first} à {last} sur {n}, avec la référence",
    },
    "cmp_vs_base": {"en": "vs base", "fr": "écart"},
    "cmp_same": {"en": "same", "fr": "identique"},
    "cmp_months_delta": {"en": "{n} months", "fr": "{n} mois"},
    "cmp_month_delta": {"en": "{n} month", "fr": "{n} mois"},
    "cmp_by_year": {"en": "Year by year", "fr": "Année par année"},
    "cmp_by_year_note": {
        "en": "Each year's total, and cash at the end of each year. Years beyond a scenario's "
        "horizon are blank; a partial year says how many months it holds and is not "
        "ranked against longer ones.",
        "fr": "Le total de chaque année, et la trésorerie en fin d'année. Les années au-delà de "
        "l'horizon d'un scénario sont vides ; une année incomplète indique son nombre de "
        "mois et n'est pas classée face à des années plus longues.",
    },
    "cmp_years": {"en": "Years {first} to {last}", "fr": "Années {first} à {last}"},
    "cmp_cash_year_end": {"en": "Cash at year end", "fr": "Trésorerie en fin d'année"},
    "cmp_chart_cash": {
        "en": "Cash balance at month end, by scenario",
        "fr": "Trésorerie en fin de mois, par scénario",
    },
    "cmp_chart_revenue": {
        "en": "Monthly net revenue, by scenario",
        "fr": "CA net mensuel, par scénario",
    },
    "cmp_chart_ebitda": {"en": "Monthly EBITDA, by scenario", "fr": "EBE mensuel, par scénario"},
    "cmp_projection_month": {"en": "Projection month", "fr": "Mois de projection"},
    "cmp_charts_calendar": {
        "en": "Every scenario starts in {start}, so the months line up on the calendar. "
        "The base is the thick dark line.",
        "fr": "Tous les scénarios commencent en {start} : les mois coïncident sur le calendrier. "
        "La référence est la ligne sombre épaisse.",
    },
    "cmp_charts_months": {
        "en": "The scenarios start in different months, so the axis counts months from each "
        "scenario's own start. The base is the thick dark line.",
        "fr": "Les scénarios ne commencent pas le même mois : l'axe compte les mois depuis le "
        "début de chaque scénario. La référence est la ligne sombre épaisse.",
    },
    "cmp_charts_mixed": {
        "en": "Amounts are in each scenario's own currency, not converted.",
        "fr": "Les montants sont dans la devise de chaque scénario, sans conversion.",
    },
    "cmp_changes": {
        "en": "What changes from the base",
        "fr": "Ce qui change par rapport à la référence",
    },
    "cmp_changes_note": {
        "en": "The assumptions each scenario sets differently from the base, {name}; "
        "everything else is the same.",
        "fr": "Les hypothèses que chaque scénario fixe autrement que la référence, {name} ; "
        "tout le reste est identique.",
    },
    "cmp_no_changes": {
        "en": "Same assumptions as the base.",
        "fr": "Mêmes hypothèses que la référence.",
    },
    "cmp_assumption": {"en": "Assumption", "fr": "Hypothèse"},
    "cmp_this": {"en": "This scenario", "fr": "Ce scénario"},
    "cmp_added": {"en": "added", "fr": "ajouté"},
    "cmp_removed": {"en": "removed", "fr": "supprimé"},
    "cmp_absent": {"en": "(none)", "fr": "(aucun)"},
    # The investor deck (projector run --deck): each slide's title is its message.
    "deck_kicker": {"en": "Financial plan", "fr": "Plan financier"},
    "deck_generated": {"en": "Prepared {date}", "fr": "Préparé le {date}"},
    "deck_page": {"en": "{n} / {total}", "fr": "{n} / {total}"},
    "deck_title_note": {
        "en": "Every figure in this deck comes from the projection of the scenario file; "
        "amounts in {code}, excluding sales tax.",
        "fr": "Chaque chiffre de ce document vient de la projection du fichier de scénario ; "
        "montants en {code}, hors taxes.",
    },
    "deck_plan_be_need": {
        "en": "Break-even in {be_cal}, with {need} of funding still to raise",
        "fr": "Équilibre en {be_cal}, avec {need} de financement encore à lever",
    },
    "deck_plan_be_funded": {
        "en": "Break-even in {be_cal}, without raising more than the plan assumes",
        "fr": "Équilibre en {be_cal}, sans lever plus que ce que le plan prévoit",
    },
    "deck_plan_nobe_need": {
        "en": "No break-even within {span}, and {need} of funding still to raise",
        "fr": "Pas d'équilibre sur {span}, et {need} de financement encore à lever",
    },
    "deck_plan_nobe_funded": {
        "en": "No break-even within {span}, though cash stays positive",
        "fr": "Pas d'équilibre sur {span}, même si la trésorerie reste positive",
    },
    "deck_be_label": {"en": "Break-even", "fr": "Équilibre"},
    "deck_be_note": {
        "en": "{month}: EBITDA stays at or above zero from then on",
        "fr": "{month} : l'EBE reste positif ou nul jusqu'au terme",
    },
    "deck_be_none": {
        "en": "EBITDA does not stay at or above zero within {span}",
        "fr": "L'EBE ne reste pas positif sur {span}",
    },
    "deck_need_label": {"en": "Funding still to raise", "fr": "Financement à lever"},
    "deck_need_note": {
        "en": "beyond the cash, equity and loans assumed; {low}",
        "fr": "en plus de la trésorerie, des fonds propres et des prêts prévus ; {low}",
    },
    "deck_ltv_label": {"en": "LTV:CAC", "fr": "LTV:CAC"},
    "deck_ltv_note": {
        "en": "{clv} of lifetime margin per customer for a Year-1 CAC of {cac}; investors "
        "look for 3:1",
        "fr": "{clv} de marge par client sur sa durée de vie pour un CAC de {cac} en année 1 ; "
        "les investisseurs visent 3 pour 1",
    },
    "deck_ltv_none": {
        "en": "no acquisition cost in Year 1",
        "fr": "aucun coût d'acquisition en année 1",
    },
    "deck_revenue_label": {"en": "Net revenue, {year}", "fr": "CA net, {year}"},
    "deck_revenue_note": {
        "en": "EBITDA {ebitda}, net income {income}",
        "fr": "EBE {ebitda}, résultat net {income}",
    },
    "deck_plan_note": {
        "en": "Break-even: the first month from which monthly EBITDA never falls below zero "
        "again. Funding still to raise: how far cash falls below zero at its lowest point, "
        "after the starting cash, equity and loans the scenario assumes.",
        "fr": "Équilibre : premier mois à partir duquel l'EBE mensuel ne repasse plus sous zéro. "
        "Financement à lever : ce qui manque à la trésorerie à son point le plus bas, après la "
        "trésorerie de départ, les fonds propres et les prêts prévus par le scénario.",
    },
    "deck_revenue_title": {
        "en": "Net revenue grows from {first} in Year 1 to {last} in {year}",
        "fr": "Le CA net passe de {first} en année 1 à {last} en {year}",
    },
    "deck_revenue_one": {
        "en": "{orders} orders bring {revenue} of net revenue in {year}",
        "fr": "{orders} commandes apportent {revenue} de CA net en {year}",
    },
    "deck_channel": {"en": "Channel", "fr": "Canal"},
    "deck_visits_y1": {"en": "Visits, Year 1", "fr": "Visites, année 1"},
    "deck_conversion": {"en": "Conversion", "fr": "Conversion"},
    "deck_new_y1": {"en": "New customers, Year 1", "fr": "Nouveaux clients, année 1"},
    "deck_cac": {"en": "CAC", "fr": "CAC"},
    "deck_all_channels": {"en": "Total", "fr": "Total"},
    "deck_aov_line": {
        "en": "× average order value {aov} in month 1 ({growth} a month)",
        "fr": "× panier moyen de {aov} au mois 1 ({growth} par mois)",
    },
    "deck_repeat_line": {
        "en": "+ repeat orders: {repeat} of active customers a month, {churn} of them lost "
        "each month",
        "fr": "+ commandes récurrentes : {repeat} des clients actifs par mois, dont {churn} "
        "perdus chaque mois",
    },
    "deck_build_note": {
        "en": "New customers = visits × conversion, by channel (first orders); the total "
        "includes referred customers; repeat orders come from active customers. Year 1 = "
        "months 1 to {n}.",
        "fr": "Nouveaux clients = visites × conversion, par canal (premières commandes) ; le "
        "total inclut les clients parrainés ; les commandes récurrentes viennent des clients "
        "actifs. Année 1 = mois 1 à {n}.",
    },
    "deck_unit_title": {
        "en": "Each order leaves {margin} of margin out of {gross} of sales",
        "fr": "Chaque commande laisse {margin} de marge sur {gross} de ventes",
    },
    "deck_unit_loss": {
        "en": "Each order loses {margin} after its variable costs",
        "fr": "Chaque commande perd {margin} après ses coûts variables",
    },
    "deck_pnl_title": {
        "en": "{year}: net revenue of {revenue}, EBITDA margin of {margin}",
        "fr": "{year} : CA net de {revenue}, marge d'EBE de {margin}",
    },
    "deck_pnl_chart": {
        "en": "Profit and loss by year, with margins",
        "fr": "Compte de résultat par année, avec les marges",
    },
    "deck_pnl_note": {
        "en": "Bars: amounts (left axis); lines: margins as a share of net revenue (right axis).",
        "fr": "Barres : montants (axe de gauche) ; lignes : marges en part du CA net (axe de "
        "droite).",
    },
    "deck_pnl_more": {
        "en": "The table shows Years 1 to {shown} of {n}; the report has every year.",
        "fr": "Le tableau montre les années 1 à {shown} sur {n} ; le rapport les donne toutes.",
    },
    "deck_cash_need": {
        "en": "Raising {need} more keeps cash above zero for all {months} months (lowest in {low_cal})",
        "fr": "Lever {need} de plus maintient la trésorerie positive sur les {months} mois (point bas en {low_cal})",
    },
    "deck_cash_funded": {
        "en": "Cash stays above zero: its lowest point is {low} in {low_cal}",
        "fr": "La trésorerie reste positive : au plus bas, {low} en {low_cal}",
    },
    "deck_ask": {"en": "The ask", "fr": "Le besoin"},
    "deck_low_at": {"en": "{cash} in {when}", "fr": "{cash} en {when}"},
    "deck_lowest_cash": {"en": "Lowest cash", "fr": "Trésorerie au plus bas"},
    "deck_starting_cash": {"en": "Starting cash", "fr": "Trésorerie de départ"},
    "deck_equity_round": {"en": "Equity, month {month}", "fr": "Fonds propres, mois {month}"},
    "deck_loan": {
        "en": "{amount} in month {month}, {rate} over {term} months",
        "fr": "{amount} au mois {month}, {rate} sur {term} mois",
    },
    "deck_cash_out": {"en": "Cash runs out", "fr": "Trésorerie épuisée"},
    "deck_runway_need": {
        "en": "With {need} more, the plan keeps a cash floor of zero over its {span}.",
        "fr": "Avec {need} de plus, la trésorerie ne passe jamais sous zéro sur les {span}.",
    },
    "deck_runway_funded": {
        "en": "Cash lasts the whole {months}-month horizon without more funding.",
        "fr": "La trésorerie tient les {span} de l'horizon sans financement de plus.",
    },
    "deck_cash_note": {
        "en": "Cash at each month end, after the starting cash, equity and loans the scenario "
        "assumes; the funding still to raise is how far it falls below zero.",
        "fr": "Trésorerie en fin de mois, après la trésorerie de départ, les fonds propres et "
        "les prêts prévus ; le financement à lever est ce qui manque sous zéro.",
    },
    "deck_risk_title": {
        "en": "{input} moves the plan most: ending cash from {low} to {high}",
        "fr": "{input} pèse le plus sur le plan : trésorerie finale de {low} à {high}",
    },
    "deck_risk_none": {
        "en": "No input of the default sensitivity is set: nothing to flex",
        "fr": "Aucune hypothèse de la sensibilité par défaut n'est renseignée",
    },
    "deck_risk_flat": {
        "en": "None of the usual drivers moves ending cash: the plan has no sales to flex",
        "fr": "Aucune hypothèse habituelle ne fait bouger la trésorerie finale : pas de ventes",
    },
    "deck_risk_chart": {
        "en": "Change in ending cash, input at 0.8× and 1.2×",
        "fr": "Écart de trésorerie finale, hypothèse à 0,8× et 1,2×",
    },
    "deck_at_low": {"en": "At 0.8×", "fr": "À 0,8×"},
    "deck_at_high": {"en": "At 1.2×", "fr": "À 1,2×"},
    "deck_input": {"en": "Input", "fr": "Hypothèse"},
    "deck_tested": {"en": "0.8× / 1.2×", "fr": "0,8× / 1,2×"},
    "deck_be_low_high": {"en": "Break-even", "fr": "Équilibre"},
    "deck_need_low_high": {"en": "Funding to raise", "fr": "Financement à lever"},
    "deck_risk_note": {
        "en": "Each input set to 0.8× then 1.2× its value (within its valid range), everything "
        "else unchanged, and the plan projected again. Ending cash in the plan: {base}.",
        "fr": "Chaque hypothèse portée à 0,8× puis 1,2× sa valeur (dans sa plage valide), tout "
        "le reste inchangé, et le plan projeté à nouveau. Trésorerie finale du plan : {base}.",
    },
    "deck_in_conversion": {"en": "{channel} conversion", "fr": "Conversion {channel}"},
    "deck_in_cac": {"en": "{channel} CAC", "fr": "CAC {channel}"},
    "deck_year": {"en": "Year {n}", "fr": "année {n}"},
    "deck_in_aov": {"en": "Average order value", "fr": "Panier moyen"},
    "deck_in_churn": {"en": "Monthly churn", "fr": "Attrition mensuelle"},
    "deck_in_repeat_rate": {"en": "Repeat rate", "fr": "Taux de réachat"},
    "deck_in_material": {"en": "Material cost", "fr": "Coût des matières"},
    "deck_in_return_rate": {"en": "Return rate", "fr": "Taux de retour"},
    "deck_kpi_title": {
        "en": "Against {industry} benchmarks: {strong} strong, {ok} in range, {weak} weak, "
        "{optimistic} optimistic",
        "fr": "KPI face aux références ({industry}) — forts : {strong}, corrects : {ok}, "
        "faibles : {weak}, optimistes : {optimistic}",
    },
    "deck_kpi_part": {"en": "({n} of {total})", "fr": "({n} sur {total})"},
    "deck_kpi_note": {
        "en": "Low, typical and strong values of each KPI for the industry, with their sources.",
        "fr": "Valeurs basse, typique et forte de chaque KPI pour le secteur, avec leurs sources.",
    },
    "deck_assumptions_title": {
        "en": "The plan rests most on {first}, {second} and {third}",
        "fr": "Le plan repose surtout sur : {first}, {second} et {third}",
    },
    "deck_assumptions_plain": {
        "en": "The assumptions behind the plan",
        "fr": "Les hypothèses du plan",
    },
    "deck_demand": {"en": "Demand", "fr": "Demande"},
    "deck_costs": {"en": "Costs", "fr": "Coûts"},
    "deck_financing": {"en": "Financing", "fr": "Financement"},
    "deck_a_channel": {
        "en": "{name}: {visits} visits a month ({growth} a month), {conversion} convert, CAC {cac}",
        "fr": "{name} : {visits} visites par mois ({growth} par mois), conversion {conversion}, "
        "CAC {cac}",
    },
    "deck_a_aov": {"en": "Average order value {aov}", "fr": "Panier moyen {aov}"},
    "deck_a_retention": {
        "en": "Repeat rate {repeat} a month, churn {churn} a month",
        "fr": "Réachat {repeat} par mois, attrition {churn} par mois",
    },
    "deck_a_returns": {"en": "Returns {rate} of gross sales", "fr": "Retours {rate} des ventes"},
    "deck_a_material": {
        "en": "Materials {rate} of product sales",
        "fr": "Matières {rate} des ventes de produits",
    },
    "deck_a_fulfillment": {
        "en": "Packaging and shipping {amount} per order",
        "fr": "Emballage et expédition {amount} par commande",
    },
    "deck_a_fixed": {"en": "{name}: {amount} a month", "fr": "{name} : {amount} par mois"},
    "deck_a_staff": {
        "en": "{role} × {count}: {salary} a month from month {start}",
        "fr": "{role} × {count} : {salary} par mois dès le mois {start}",
    },
    "deck_a_starting": {"en": "Starting cash {amount}", "fr": "Trésorerie de départ {amount}"},
    "deck_a_equity": {
        "en": "Equity {amount} in month {month}",
        "fr": "Fonds propres {amount} au mois {month}",
    },
    "deck_a_loan": {
        "en": "{name}: {amount} in month {month}, {rate} over {term} months",
        "fr": "{name} : {amount} au mois {month}, {rate} sur {term} mois",
    },
    "deck_a_tax": {"en": "Tax {rate} of profit", "fr": "Impôt {rate} du bénéfice"},
    "deck_a_more": {"en": "+ {n} more in the report", "fr": "+ {n} de plus dans le rapport"},
    "deck_assumptions_note": {
        "en": "★ marks the inputs of the three largest bars of the sensitivity. Every input is "
        "listed in the report's appendix.",
        "fr": "★ signale les hypothèses des trois plus grandes barres de la sensibilité. Toutes "
        "les hypothèses figurent en annexe du rapport.",
    },
    "deck_cmp_title": {
        "en": "Side by side: {best} ends with the most cash, {cash}",
        "fr": "Côte à côte : {best} finit avec le plus de trésorerie, {cash}",
    },
    "deck_cmp_plain": {"en": "The scenarios side by side", "fr": "Les scénarios côte à côte"},
    "deck_cmp_note": {
        "en": "The base is the thick dark line. Every figure is the projection of each "
        "scenario's own file.",
        "fr": "La référence est la ligne sombre épaisse. Chaque chiffre est la projection du "
        "fichier de chaque scénario.",
    },
}

# The scenario schema documents each key in English (projector.scenario); a
# French report shows these translations, and the English text when a key is new.
DOCS_FR: dict[str, str] = {
    "Name, currency, language and horizon": "Nom, devise, langue et horizon",
    "Scenario name, free text": "Nom du scénario, texte libre",
    "ISO 4217 code, used for number formats": "Code ISO 4217, pour le format des montants",
    "Language of labels and number formats: en or fr": "Langue des libellés et des formats : en ou fr",
    "Calendar month of projection month 1 (YYYY-MM)": "Mois calendaire du mois 1 (AAAA-MM)",
    "Projection horizon in months (1..240)": "Horizon de projection en mois (1 à 240)",
    "Benchmark set the KPIs are held against": "Références auxquelles les KPI sont comparés",
    "Traffic, conversion and marketing": "Trafic, conversion et marketing",
    "Traffic sources, at least one": "Sources de trafic, au moins une",
    "Channel id: lowercase letter, then a-z, 0-9, _": "Identifiant du canal",
    "Visits in month 1, before seasonality": "Visites au mois 1, avant saisonnalité",
    "Monthly compound growth of visits": "Croissance mensuelle composée des visites",
    "Share of visits that become new customers": "Part des visites devenant nouveaux clients",
    "Acquisition cost per new customer": "Coût d'acquisition par nouveau client",
    "Jan..Dec multipliers of visits and repeat orders": "Coefficients janvier à décembre des visites et des réachats",
    "Monthly marketing not tied to a channel": "Marketing mensuel hors canaux",
    "Customer referrals": "Parrainage",
    "New customers referred per active customer per month": "Nouveaux clients parrainés par client actif et par mois",
    "Cost per referred customer": "Coût par client parrainé",
    "Retention": "Fidélisation",
    "Active customers before month 1": "Clients actifs avant le mois 1",
    "Repeat orders per active customer per month, before seasonality": "Réachats par client actif et par mois, avant saisonnalité",
    "Share of active customers lost each month": "Part des clients actifs perdus chaque mois",
    "Order value, upsell and returns": "Panier, options et retours",
    "Average order value in month 1, products only": "Panier moyen au mois 1, produits seuls",
    "Monthly compound growth of AOV": "Croissance mensuelle composée du panier moyen",
    "Premium personalisation add-on": "Option de personnalisation premium",
    "Share of orders that buy the add-on": "Part des commandes prenant l'option",
    "Add-on price": "Prix de l'option",
    "Add-on cost": "Coût de l'option",
    "Share of gross sales refunded": "Part des ventes brutes remboursée",
    "Handling cost, as a share of the refunded value": "Coût de traitement, en part de la valeur remboursée",
    "Variable costs per order": "Coûts variables par commande",
    "Materials, as a share of product sales": "Matières, en part des ventes de produits",
    "Labour per order": "Main-d'œuvre par commande",
    "Packaging and shipping per order": "Emballage et expédition par commande",
    "Payment fee, share of gross sales": "Frais de paiement, en part des ventes brutes",
    "Payment fee per order": "Frais de paiement par commande",
    "Materials inventory turns per year; 0 = made to order": "Rotations du stock de matières par an ; 0 = fabrication à la commande",
    "Monthly operating expenses": "Charges d'exploitation mensuelles",
    "Expense name": "Nom de la charge",
    "Monthly amount": "Montant mensuel",
    "First projection month": "Premier mois de projection",
    "Last projection month, inclusive": "Dernier mois de projection, inclus",
    "Increase every 12 months from start_month": "Hausse tous les 12 mois depuis start_month",
    "Payroll": "Masse salariale",
    "Role": "Poste",
    "Headcount": "Effectif",
    "Monthly salary per person": "Salaire mensuel par personne",
    "Raise every 12 months from start_month": "Augmentation tous les 12 mois depuis start_month",
    "Payroll taxes and benefits on salaries": "Charges sociales sur les salaires",
    "Units of this currency one US dollar buys, to compare money KPIs with USD": "Unités de cette devise pour un dollar US, pour comparer les KPI monétaires aux références en USD",
    "Free text shown in the workbook and reports; default the name": "Texte libre affiché dans le classeur et les rapports ; par défaut le nom",
    "Days of credit given to customers and taken from suppliers": "Jours de crédit accordés aux clients et obtenus des fournisseurs",
    "Days from a sale to its cash (card processor or marketplace payouts)": "Jours entre une vente et son encaissement (versements du prestataire de paiement ou de la place de marché)",
    "Days of credit from suppliers of materials and upsell items": "Jours de crédit des fournisseurs de matières et d'options",
    "Equipment purchases": "Investissements en équipement",
    "Asset name": "Nom de l'équipement",
    "Purchase price": "Prix d'achat",
    "Purchase month": "Mois d'achat",
    "Straight-line life in months": "Durée d'amortissement linéaire en mois",
    "Starting cash, equity and loans": "Trésorerie de départ, apports et emprunts",
    "Cash at the end of month 0": "Trésorerie à la fin du mois 0",
    "Equity injections": "Apports en capital",
    "Month the equity is received": "Mois de l'apport",
    "Amount received": "Montant reçu",
    "Loans with level monthly payments": "Emprunts à échéances constantes",
    "Loan name": "Nom de l'emprunt",
    "Amount drawn": "Montant emprunté",
    "Month the loan is drawn": "Mois du déblocage",
    "Annual interest rate": "Taux d'intérêt annuel",
    "Level payments in months month+1..month+term": "Échéances constantes des mois month+1 à month+term",
    "Tax on profit after losses carried forward": "Impôt sur le bénéfice après report des déficits",
}


def _french_spaces(text: str) -> str:
    """French puts a no-break space before `:`, `;`, `%` and `»` and after `«`."""
    for mark in ":;%»":
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text.replace("« ", f"«{NBSP}")


for _phrases in WORDS.values():
    _phrases["fr"] = _french_spaces(_phrases["fr"])
DOCS_FR = {k: _french_spaces(v) for k, v in DOCS_FR.items()}


def field_doc(text: str, locale: str) -> str:
    """A scenario field's description in the reader's language (the schema's is English)."""
    return DOCS_FR.get(text, text) if locale == "fr" else text


MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
}

MONTHS_LONG = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}


# A plain glossary for a founder with no finance training: (term, meaning) in each language.
GLOSSARY: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        (
            "EBITDA",
            "Earnings before interest, tax, depreciation and amortisation: what the "
            "business earns from running it, before the cost of its loans, its taxes and "
            "the wear of its equipment.",
        ),
        (
            "Contribution",
            "Net revenue minus every cost that grows with sales (materials, labour per "
            "order, shipping, fees, marketing): what is left to pay rent, salaries and "
            "the rest.",
        ),
        (
            "CAC",
            "Customer acquisition cost: the marketing spent to win one new customer.",
        ),
        (
            "LTV:CAC",
            "What a customer is worth over their whole time with you (lifetime value, "
            "in margin) divided by what it cost to win them. Below 3 the marketing barely "
            "pays for itself.",
        ),
        (
            "Break-even",
            "The first month from which EBITDA stays at or above zero: the business pays "
            "its running costs from its sales.",
        ),
        (
            "Funding need",
            "The money to raise on top of what the plan already has, so that cash never "
            "falls below zero; it is needed by the month cash would run out.",
        ),
    ),
    "fr": (
        (
            "EBE",
            "Excédent brut d'exploitation : ce que l'activité rapporte, avant le coût des "
            "emprunts, les impôts et l'usure du matériel (amortissements).",
        ),
        (
            "Contribution",
            "Chiffre d'affaires net moins tous les coûts qui suivent les ventes (matières, "
            "main-d'œuvre par commande, expédition, frais, marketing) : ce qui reste pour "
            "payer le loyer, les salaires et le reste.",
        ),
        (
            "CAC",
            "Coût d'acquisition client : le marketing dépensé pour gagner un nouveau client.",
        ),
        (
            "LTV:CAC",
            "Ce que rapporte un client sur toute sa durée de vie (valeur vie client, en "
            "marge) divisé par ce qu'il a coûté à gagner. Sous 3, le marketing se paie à "
            "peine.",
        ),
        (
            "Point mort",
            "Le premier mois à partir duquel l'EBE reste positif ou nul : les ventes paient "
            "les coûts de fonctionnement.",
        ),
        (
            "Besoin de financement",
            "L'argent à lever en plus de ce que prévoit le plan pour que la trésorerie ne "
            "passe jamais sous zéro ; il faut l'avoir au plus tard le mois où elle "
            "s'épuiserait.",
        ),
    ),
}
GLOSSARY = {
    loc: tuple((t, _french_spaces(d) if loc == "fr" else d) for t, d in terms)
    for loc, terms in GLOSSARY.items()
}


def word(key: str, locale: str, **values: object) -> str:
    """A phrase in the locale, its placeholders filled with already formatted values.

    A whole number of `months` is also offered as `{span}`, the count with its
    unit as the language writes it: "1 month", "36 months", "36 mois" (CLDR).
    """
    months = values.get("months")
    if isinstance(months, int) and "span" not in values:
        values["span"] = format_unit(months, "duration-month", locale=locale, length="long")
    return WORDS[key][locale].format(**values)
