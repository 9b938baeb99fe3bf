"""Every word kpixl shows, in English and French, and how a language is named.

KPI labels and descriptions live on their catalog entries, column labels on the column
definitions; every other word of the workbooks, the statuses and messages is here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .errors import KpiInputError

LANGS = ("en", "fr")
GRAINS = ("month", "week", "quarter")  # the periods a dashboard compares


def fold(text: object) -> str:
    """Case- and accent-insensitive key: ``'Taux de Clic'`` -> ``'taux de clic'``."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("_", " ")


_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?%?")


def excel_key(text: object) -> str:
    """``text`` as Excel's comparisons may see it (``=``, MATCH, a SUMIFS criterion): case and compatibility
    forms aside (``Email``, ``EMAIL``, ``Ｅｍａｉｌ``), and a number as its value in a criterion (``100``,
    ``0100``, ``1e2``). Where unsure it says equal: names found equal are made one, and then Excel's
    figures are kpixl's whatever Excel decides."""
    key = unicodedata.normalize("NFKC", str(text)).casefold()
    if _NUMBER.fullmatch(key):
        number = float(key.rstrip("%").replace(",", ".")) / (100 if key.endswith("%") else 1)
        return repr(number)
    return key


def plural(lang: str, n: int, forms: str) -> str:
    """``n`` and the word in its singular or plural form (``"row|rows"``): "1 row", "2,000 rows", "2 000 lignes"."""
    one, many = forms.split("|")
    number = f"{n:,}" if lang == "en" else f"{n:,}".replace(",", "\u202f")
    return f"{number} {one if n == 1 or (lang == 'fr' and n == 0) else many}"


def lang_code(value: object, arg: str = "lang") -> str:
    """The language code, "en" or "fr", from what a user wrote ("FR", "français", blank = "en")."""
    code = fold(value or "en")[:2]
    if code not in LANGS:
        raise KpiInputError(arg, f"'en' or 'fr', not {value!r}")
    return code


def lang_index(value: object) -> int:
    """0 for English, 1 for French: the index into the (en, fr) pairs of the catalog."""
    return LANGS.index(lang_code(value))


CATEGORIES: dict[str, tuple[str, str]] = {
    "awareness": ("Awareness", "Notoriété"),
    "acquisition": ("Acquisition and leads", "Acquisition et leads"),
    "conversion": ("Conversion and sales", "Conversion et ventes"),
    "retention": ("Retention and loyalty", "Fidélisation"),
    "content": ("Content and SEO", "Contenu et SEO"),
    "email": ("Email", "E-mailing"),
    "social": ("Social media", "Réseaux sociaux"),
    "finance": ("Finance", "Finance"),
    "goals": ("SMART goals", "Objectifs SMART"),
    "analysis": ("Analysis", "Analyse"),
}

UNIT_LABELS: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "money": ("money", "monétaire"),
    "ratio": ("ratio", "ratio"),
    "count": ("count", "nombre"),
    "days": ("days", "jours"),
    "months": ("months", "mois"),
    "score": ("score", "score"),
    "time": ("time (input unit)", "durée (unité d'entrée)"),
    "rank": ("rank", "rang"),
    "text": ("text", "texte"),
    "boolean": ("TRUE/FALSE", "VRAI/FAUX"),
    "table": ("table", "tableau"),
    "value": ("unit of the KPI", "unité du KPI"),
}

DIRECTION_LABELS: dict[str, tuple[str, str]] = {
    "higher": ("higher is better", "plus haut = mieux"),
    "lower": ("lower is better", "plus bas = mieux"),
    "target": ("on target", "sur la cible"),
}

STATUSES = {
    "en": ("Achieved", "On track", "At risk", "Off track", "Missed", "Not started"),
    "fr": ("Atteint", "En bonne voie", "À risque", "En retard", "Manqué", "Pas commencé"),
}

SMART_MESSAGES = {
    "en": {
        "S": "S: the goal statement is empty",
        "M_kpi": "M: {kpi!r} is not a KPI of the catalog",
        "M_target": "M: the target is not a number",
        "A": "A: the target asks for a {change:.0%} change, more than {limit:.0%}",
        "A_base": "A: no baseline to judge the target against",
        "R": "R: no business objective",
        "R_vanity": "R: {kpi} is a vanity metric",
        "T": "T: no deadline",
        "T_order": "T: the deadline is not after the start date",
    },
    "fr": {
        "S": "S : l'énoncé de l'objectif est vide",
        "M_kpi": "M : {kpi!r} n'est pas un KPI du catalogue",
        "M_target": "M : la cible n'est pas un nombre",
        "A": "A : la cible demande une variation de {change:.0%}, plus que {limit:.0%}",
        "A_base": "A : aucune valeur de départ pour juger la cible",
        "R": "R : aucun objectif business",
        "R_vanity": "R : {kpi} est une métrique de vanité",
        "T": "T : aucune échéance",
        "T_order": "T : l'échéance n'est pas après la date de début",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "sheet_readme": "Read me",
        "sheet_dashboard": "Dashboard",
        "sheet_campaigns": "Campaigns",
        "sheet_glossary": "Glossary",
        "sheet_calc": "Calc",
        "sheet_abtests": "AB tests",
        "sheet_benchmarks": "Benchmarks",
        "trends": "Trend",
        "next_month": "next month (linear trend)",
        "next_week": "next week (linear trend)",
        "next_quarter": "next quarter (linear trend)",
        "week": "Week",
        "quarter": "Quarter",
        "last_year": "Same period last year",
        "vs_last_year": "vs last year",
        "correlation": "Correlation of spend and revenue, month by month",
        "sheet_lists": "Lists",
        "sheet_functions": "KPI functions",
        "sheet_budgets": "Budgets",
        "anomalies": "Anomalies in the last 4 weeks",
        "anomalies_note": "Against the same weekday of the 8 weeks before: outside the median ± 3 robust deviations",
        "day": "Day",
        "expected_low": "Expected from",
        "expected_high": "to",
        "no_anomaly": "None: every KPI stayed within its usual band.",
        "pacing": "Budget pacing in the period",
        "budget": "Budget",
        "spend_to_date": "Spend to date",
        "expected_to_date": "Expected to date",
        "pace": "Pace",
        "projected": "Projected",
        "per_day": "Needed per day",
        "on_pace": "On pace",
        "ahead": "Ahead",
        "behind": "Behind",
        "over_budget": "Over budget",
        "under_budget": "Under budget",
        "data_to": "Data to {date}: day {elapsed} of {days} of the period",
        "incomplete": "Period to date: the data runs to {date}, day {elapsed} of {days}",
        "budgets_note": "Blue cells: each channel's budget for each month. The Dashboard paces the selected month "
        "against them: spend to date, projected at the recent daily spend (last 7 days), needed per day.",
        "sheet_goals": "SMART goals",
        "title": "Marketing KPI dashboard",
        "period": "Period",
        "channel": "Channel",
        "all": "All",
        "kpi": "KPI",
        "value": "Value",
        "target": "Target",
        "benchmark": "Benchmark",
        "previous": "Previous period",
        "change": "Change",
        "status": "Status",
        "trend": "Trend",
        "spend": "Spend",
        "revenue": "Revenue",
        "on_target": "On target",
        "close": "Close",
        "off_target": "Off target",
        "by_channel": "Channels in the period",
        "no_metric": "No source of the data gives {metric}.",
        "no_money": "No cost, revenue or leads in the data: add the export of an ad platform, a shop or a CRM.",
        "no_side": "No {metric} for {channel} in the data: this KPI cannot be computed for it.",
        "from_sources": "Its other figures come from {sources}.",
        "funnel": "Funnel",
        "stage": "Stage",
        "volume": "Volume",
        "step": "Step conversion",
        "drop": "Drop-off",
        "from_first": "From first stage",
        "chart_money": "Revenue and spend by {period}",
        "per_month": "month",
        "per_week": "week",
        "per_quarter": "quarter",
        "chart_channel": "ROI by channel",
        "chart_funnel": "Funnel",
        "month": "Month",
        "metric": "Metric",
        "selected": "Selected",
        "kpis": "KPIs per row (computed)",
        "objective": "Objective: {name}",
        "inputs": "Blue cells are yours to change: period, channel and targets.",
        "excel_name": "Excel function",
        "label": "KPI",
        "category": "Category",
        "formula": "Formula",
        "unit": "Unit",
        "direction": "Better",
        "source": "Source",
        "year": "Year",
        "description": "Description",
        "native_formula": "Native formula (no add-in)",
        "mode_lite": "For xlwings Lite (Excel on Windows, Mac and the web). This file carries kpixl's functions "
        "(KPI_CTR, KPI_ROI...) inside it. The one step: Home > Add-ins, find the free add-in "
        "'xlwings Lite', add it and open it once; the formulas then compute. Nothing to install.",
        "mode_classic": "For classic xlwings (desktop Excel on Windows). Once, in a terminal: pip install kpixl, "
        "then xlwings addin install. In Excel, on the xlwings tab (UDF Modules is read from the "
        "hidden sheet xlwings.conf: kpixl.udfs), click Import Functions, then save as .xlsm "
        "(Excel Macro-Enabled Workbook).",
        "mode_native": "This workbook uses native Excel formulas only: it computes in any Excel and in "
        "LibreOffice, without add-in.",
        "mode_lambda": "For Excel 365, Excel 2024 and Excel for the web, with nothing to install: kpixl's functions "
        "(KPI_CTR, KPI_ROI...) are the workbook's own LAMBDA names (Formulas > Name Manager), offered as you type "
        "=KPI_. Excel 2021 and older, and LibreOffice, show #NAME? in their cells: use the native workbook there.",
    },
    "fr": {
        "sheet_readme": "Lisez-moi",
        "sheet_dashboard": "Tableau de bord",
        "sheet_campaigns": "Campagnes",
        "sheet_glossary": "Glossaire",
        "sheet_calc": "Calculs",
        "sheet_lists": "Listes",
        "sheet_functions": "Fonctions KPI",
        "sheet_budgets": "Budgets",
        "anomalies": "Anomalies des 4 dernières semaines",
        "anomalies_note": "Par rapport au même jour des 8 semaines précédentes : hors de la médiane "
        "± 3 écarts robustes",
        "day": "Jour",
        "expected_low": "Attendu de",
        "expected_high": "à",
        "no_anomaly": "Aucune : chaque KPI est resté dans sa bande habituelle.",
        "pacing": "Rythme des budgets sur la période",
        "budget": "Budget",
        "spend_to_date": "Dépensé à date",
        "expected_to_date": "Prévu à date",
        "pace": "Rythme",
        "projected": "Projeté",
        "per_day": "Nécessaire par jour",
        "on_pace": "Dans le rythme",
        "ahead": "En avance",
        "behind": "En retard",
        "over_budget": "Dépassement",
        "under_budget": "Sous-consommation",
        "data_to": "Données jusqu'au {date} : jour {elapsed} sur {days} de la période",
        "incomplete": "Période en cours : les données vont jusqu'au {date}, jour {elapsed} sur {days}",
        "budgets_note": "Cellules bleues : le budget de chaque canal pour chaque mois. Le tableau de bord suit le "
        "mois choisi : dépensé à date, projeté au rythme récent (7 derniers jours), nécessaire par jour.",
        "sheet_abtests": "Tests AB",
        "sheet_benchmarks": "Références",
        "trends": "Tendance",
        "next_month": "mois prochain (tendance linéaire)",
        "next_week": "semaine prochaine (tendance linéaire)",
        "next_quarter": "trimestre prochain (tendance linéaire)",
        "week": "Semaine",
        "quarter": "Trimestre",
        "last_year": "Même période l'an dernier",
        "vs_last_year": "vs an dernier",
        "correlation": "Corrélation dépenses / chiffre d'affaires, mois par mois",
        "sheet_goals": "Objectifs SMART",
        "title": "Tableau de bord des KPI marketing",
        "period": "Période",
        "channel": "Canal",
        "all": "Tous",
        "kpi": "KPI",
        "value": "Valeur",
        "target": "Cible",
        "benchmark": "Référence",
        "previous": "Période précédente",
        "change": "Évolution",
        "status": "Statut",
        "trend": "Tendance",
        "spend": "Dépenses",
        "revenue": "Chiffre d'affaires",
        "on_target": "Atteint",
        "close": "Proche",
        "off_target": "Hors cible",
        "by_channel": "Canaux sur la période",
        "no_metric": "Aucune source des données ne donne « {metric} ».",
        "no_money": "Ni coût, ni chiffre d'affaires, ni leads dans les données : ajoutez l'export d'une plateforme "
        "publicitaire, d'une boutique ou d'un CRM.",
        "no_side": "Aucune donnée « {metric} » pour {channel} : ce KPI ne peut pas être calculé pour ce canal.",
        "from_sources": "Ses autres chiffres viennent de {sources}.",
        "funnel": "Entonnoir",
        "stage": "Étape",
        "volume": "Volume",
        "step": "Conversion d'étape",
        "drop": "Perte",
        "from_first": "Depuis la 1re étape",
        "chart_money": "Chiffre d'affaires et dépenses par {period}",
        "per_month": "mois",
        "per_week": "semaine",
        "per_quarter": "trimestre",
        "chart_channel": "ROI par canal",
        "chart_funnel": "Entonnoir",
        "month": "Mois",
        "metric": "Mesure",
        "selected": "Sélection",
        "kpis": "KPI par ligne (calculés)",
        "objective": "Objectif : {name}",
        "inputs": "Les cellules bleues sont à vous : période, canal et cibles.",
        "excel_name": "Fonction Excel",
        "label": "KPI",
        "category": "Catégorie",
        "formula": "Formule",
        "unit": "Unité",
        "direction": "Sens",
        "source": "Source",
        "year": "Année",
        "description": "Description",
        "native_formula": "Formule native (sans complément)",
        "mode_lite": "Pour xlwings Lite (Excel sous Windows, Mac et sur le web). Ce fichier contient les fonctions "
        "de kpixl (KPI_CTR, KPI_ROI...). La seule étape : Accueil > Compléments, cherchez le "
        "complément gratuit « xlwings Lite », ajoutez-le et ouvrez-le une fois ; les formules "
        "calculent. Rien à installer.",
        "mode_classic": "Pour xlwings classique (Excel de bureau sous Windows). Une fois, dans un terminal : pip "
        "install kpixl, puis xlwings addin install. Dans Excel, onglet xlwings (UDF Modules est lu "
        "dans la feuille masquée xlwings.conf : kpixl.udfs), cliquez sur Import Functions, puis "
        "enregistrez en .xlsm (classeur prenant en charge les macros).",
        "mode_native": "Ce classeur n'utilise que des formules Excel natives : il calcule dans tout Excel et "
        "dans LibreOffice, sans complément.",
        "mode_lambda": "Pour Excel 365, Excel 2024 et Excel pour le web, sans rien installer : les fonctions de "
        "kpixl (KPI_CTR, KPI_ROI...) sont des noms LAMBDA du classeur (Formules > Gestionnaire de noms), proposés "
        "dès que vous tapez =KPI_. Excel 2021 et antérieurs, et LibreOffice, affichent #NOM? dans leurs cellules : "
        "utilisez-y le classeur natif.",
    },
}

README_LINES: dict[str, list[str]] = {
    "en": [
        "Marketing KPI dashboard, made by kpixl",
        "",
        "Sheets",
        "Dashboard: choose a period and a channel (blue cells); each KPI shows its value, your target, the "
        "published benchmark, the previous period, the change and a status (green: on target, amber: within 10 %, "
        "red: off target), with its trend by month. Charts: revenue and spend by month, ROI by channel, the funnel.",
        "Campaigns: your data as an Excel table, with the KPIs of each row computed beside it.",
        "SMART goals: one row per goal: objective, statement, KPI, baseline, target, dates, owner, review; kpixl "
        "computes the progress, where it should be today on a straight line, the status, what is still needed per "
        "month, and checks that the goal is Specific, Measurable, Achievable, Relevant and Time-bound.",
        "AB tests: one test per row: rates, uplift, p-value, significant or not, and the visitors the test still "
        "needs.",
        "Anomalies (Dashboard): the days of the last 4 weeks whose spend, revenue or KPI, for a channel or for "
        "all, falls outside the band drawn from the same weekday of the 8 weeks before (median ± 3 robust "
        "deviations, at least 4 weeks of history); weekly data compares each week with the weeks before. Look "
        "at what happened that day: a tracking break, a campaign paused, a promotion.",
        "Budgets: each channel's budget for each month (blue cells); the Dashboard shows the selected month's "
        "pacing: spend to date against the budget spread over the days gone by, the spend projected at the "
        "last 7 days' pace, what is needed per day, and a status (green within 5 % of the budget, amber within "
        "15 %, red beyond).",
        "Benchmarks: every published benchmark kpixl knows, with its source and year.",
        "Glossary: every KPI of kpixl: its Excel function, formula, unit, direction and benchmark.",
        "",
        "{mode}",
        "",
        "Cells show #NAME? ?",
        "Excel recalculated without the kpixl functions: enable them as said above, or build the workbook "
        "with native formulas: kpixl dashboard OUT.xlsx --formulas native.",
        "",
        "Errors in KPI cells",
        "#DIV/0!: nothing to divide by (no impressions, no clicks... in the period). #NUM!: an input out of its "
        "domain (a negative count). #VALUE!: text where a number is needed. An empty cell: the row is blank.",
    ],
    "fr": [
        "Tableau de bord des KPI marketing, construit par kpixl",
        "",
        "Feuilles",
        "Tableau de bord : choisissez une période et un canal (cellules bleues) ; chaque KPI montre sa valeur, "
        "votre cible, la référence publiée, la période précédente, l'évolution et un statut (vert : atteint, "
        "orange : à moins de 10 %, rouge : hors cible), avec sa tendance par mois. Graphiques : chiffre "
        "d'affaires et dépenses par mois, ROI par canal, entonnoir.",
        "Campagnes : vos données en tableau Excel, avec les KPI de chaque ligne calculés à côté.",
        "Objectifs SMART : une ligne par objectif : objectif business, énoncé, KPI, départ, cible, dates, "
        "responsable, revue ; kpixl calcule l'avancement, la valeur attendue aujourd'hui sur une ligne droite, le "
        "statut, ce qu'il reste à gagner par mois, et vérifie que l'objectif est Spécifique, Mesurable, "
        "Atteignable, Réaliste et Temporel.",
        "Tests AB : un test par ligne : taux, gain, p-valeur, significatif ou non, et les visiteurs qui manquent "
        "encore.",
        "Anomalies (tableau de bord) : les jours des 4 dernières semaines dont la dépense, le chiffre d'affaires "
        "ou un KPI, pour un canal ou pour tous, sort de la bande tracée par le même jour des 8 semaines "
        "précédentes (médiane ± 3 écarts robustes, au moins 4 semaines d'historique) ; des données "
        "hebdomadaires comparent chaque semaine aux précédentes. Regardez ce qui s'est passé ce jour-là : suivi "
        "cassé, campagne en pause, promotion.",
        "Budgets : le budget de chaque canal pour chaque mois (cellules bleues) ; le tableau de bord suit le mois "
        "choisi : dépensé à date face au budget réparti sur les jours écoulés, dépense projetée au rythme des 7 "
        "derniers jours, nécessaire par jour, et un statut (vert à 5 % du budget, orange à 15 %, rouge au-delà).",
        "Références : tous les repères publiés que kpixl connaît, avec leur source et leur année.",
        "Glossaire : tous les KPI de kpixl : fonction Excel, formule, unité, sens et référence.",
        "",
        "{mode}",
        "",
        "Des cellules affichent #NOM? ?",
        "Excel a recalculé sans les fonctions kpixl : activez-les comme ci-dessus, ou construisez le classeur "
        "en formules natives : kpixl dashboard SORTIE.xlsx --formulas native.",
        "",
        "Erreurs dans les cellules KPI",
        "#DIV/0! : rien à diviser (aucune impression, aucun clic... sur la période). #NOMBRE! : une entrée hors "
        "domaine (un nombre négatif). #VALEUR! : du texte à la place d'un nombre. Cellule vide : ligne vide.",
    ],
}


EXAMPLE_GOALS = (  # the example goals' business objective, statement and owner, in the order of goals.EXAMPLES
    (
        ("Leads", "Leads"),
        (
            "Raise the lead conversion rate from 3 % to 5 % by the end of the quarter",
            "Porter le taux de conversion en leads de 3 % à 5 % d'ici la fin du trimestre",
        ),
        ("Growth team", "Équipe growth"),
    ),
    (
        ("Sales", "Ventes"),
        (
            "Cut the cost per acquisition from 40 to 32 this quarter",
            "Réduire le coût par acquisition de 40 à 32 ce trimestre",
        ),
        ("Paid media", "Média payant"),
    ),
    (
        ("Sales", "Ventes"),
        ("Lift the return on ad spend from 2.2 to 3 this year", "Porter le ROAS de 2,2 à 3 cette année"),
        ("Paid media", "Média payant"),
    ),
    (
        ("Loyalty", "Fidélisation"),
        (
            "Bring monthly churn down from 6 % to 4 % this year",
            "Ramener l'attrition mensuelle de 6 % à 4 % cette année",
        ),
        ("CRM", "CRM"),
    ),
    (
        ("Awareness", "Notoriété"),
        ("Grow followers from 10,000 to 15,000 this quarter", "Passer de 10 000 à 15 000 abonnés ce trimestre"),
        ("Social media", "Réseaux sociaux"),
    ),
    (
        ("Email", "E-mailing"),
        ("Double the email click rate this year", "Doubler le taux de clic e-mail cette année"),
        ("CRM", "CRM"),
    ),
)
EXAMPLE_TESTS = (  # the example A/B tests' names, in the order of abtests.EXAMPLES
    ("Email subject line", "Objet de l'e-mail"),
    ("Landing page hero", "Visuel de la page d'atterrissage"),
    ("Button colour", "Couleur du bouton"),
    ("Pricing page", "Page tarifs"),
    ("Checkout steps", "Étapes de paiement"),
)

GOALS_HEADERS = {
    "en": (
        "Business objective (R)",
        "Goal (S)",
        "KPI (M)",
        "Direction",
        "Baseline",
        "Target (A)",
        "Start",
        "Deadline (T)",
        "Owner",
        "Review",
        "Current value",
        "Progress",
        "Expected today",
        "Time elapsed",
        "Status",
        "Needed per month",
        "SMART check",
        "Warnings",
    ),
    "fr": (
        "Objectif business (R)",
        "Objectif (S)",
        "KPI (M)",
        "Sens",
        "Départ",
        "Cible (A)",
        "Début",
        "Échéance (T)",
        "Responsable",
        "Revue",
        "Valeur actuelle",
        "Avancement",
        "Attendu aujourd'hui",
        "Temps écoulé",
        "Statut",
        "À gagner par mois",
        "Contrôle SMART",
        "Alertes",
    ),
}

GOALS_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "title": "SMART goals",
        "as_of": "As of",
        "as_of_note": "Change this date to review the goals at another day, or type =TODAY() to follow the calendar.",
        "reviews": ("Weekly", "Monthly", "Quarterly"),
        "too_many": "More than 7 KPIs for this objective. ",
        "vanity": "Vanity metric: tie the goal to leads or revenue.",
        "chart": "Progress against time elapsed",
        "progress": "Progress",
        "elapsed": "Time elapsed",
    },
    "fr": {
        "title": "Objectifs SMART",
        "as_of": "Au",
        "as_of_note": "Changez cette date pour revoir les objectifs "
        "à un autre jour, ou tapez =AUJOURDHUI() pour suivre le calendrier.",
        "reviews": ("Hebdomadaire", "Mensuelle", "Trimestrielle"),
        "too_many": "Plus de 7 KPI pour cet objectif. ",
        "vanity": "Métrique de vanité : reliez l'objectif aux leads ou au chiffre d'affaires.",
        "chart": "Avancement et temps écoulé",
        "progress": "Avancement",
        "elapsed": "Temps écoulé",
    },
}

AB_HEADERS = {
    "en": (
        "Test",
        "Visitors A",
        "Conversions A",
        "Visitors B",
        "Conversions B",
        "Rate A",
        "Rate B",
        "Uplift",
        "p-value",
        "Significant",
        "Smallest effect to detect",
        "Visitors needed per variant",
        "Still needed",
        "Days running",
        "Days still needed",
        "Split check (SRM p-value)",
        "Uplift, low (95 %)",
        "Uplift, high (95 %)",
        "Always-valid p-value",
        "Verdict",
    ),
    "fr": (
        "Test",
        "Visiteurs A",
        "Conversions A",
        "Visiteurs B",
        "Conversions B",
        "Taux A",
        "Taux B",
        "Gain",
        "p-valeur",
        "Significatif",
        "Plus petit effet à détecter",
        "Visiteurs nécessaires par variante",
        "Encore nécessaires",
        "Jours écoulés",
        "Jours restants",
        "Contrôle de répartition (p-valeur SRM)",
        "Gain, bas (95 %)",
        "Gain, haut (95 %)",
        "p-valeur toujours valide",
        "Verdict",
    ),
}

AB_WORDS = {
    "en": {
        "title": "A/B tests",
        "note": "Blue cells are yours: one test per row. Significant at 5 % (two-sided "
        "pooled z-test); the sample size is the classic formula at 80 % power. A split check under "
        "0.001 means the split is broken; the always-valid p-value may be read every day, the classic "
        "one only once the planned sample is reached.",
    },
    "fr": {
        "title": "Tests A/B",
        "note": "Les cellules bleues sont à vous : un test par ligne. Significatif à 5 % "
        "(test z bilatéral) ; la taille d'échantillon suit la formule classique à 80 % de puissance. "
        "Un contrôle de répartition sous 0,001 signale une répartition faussée ; la p-valeur toujours "
        "valide peut être lue chaque jour, la classique seulement une fois l'échantillon prévu atteint.",
    },
}

AB_VERDICTS = {
    "en": {
        "srm": "Split broken (sample ratio mismatch): fix the assignment before reading the result",
        "peeking": "Significant only if you stop now: the planned sample is not reached, wait",
        "b_wins": "B wins",
        "a_wins": "A wins",
        "keep_days": "Keep running: about {days} more days",
        "keep": "Keep running: more visitors needed",
        "no_difference": "No difference detected at the planned sample",
    },
    "fr": {
        "srm": "Répartition faussée (déséquilibre d'échantillon) : corrigez l'affectation avant de lire le résultat",
        "peeking": "Significatif seulement si vous arrêtez maintenant : "
        "l'échantillon prévu n'est pas atteint, attendez",
        "b_wins": "B gagne",
        "a_wins": "A gagne",
        "keep_days": "Continuez : encore environ {days} jours",
        "keep": "Continuez : il faut plus de visiteurs",
        "no_difference": "Aucune différence détectée à l'échantillon prévu",
    },
}

SUMMARY_WORDS = {
    "en": {
        "kind_ads": "an ad platform",
        "kind_email": "an e-mail platform",
        "kind_search": "search results",
        "kind_analytics": "web analytics",
        "kind_shop": "a shop",
        "kind_crm": "a CRM",
        "kind_table": "a table of your own",
        "account": "account {accounts}",
        "grain_day": "row of a day|rows of a day",
        "grain_hour": "day summed from hours|days summed from hours",
        "grain_week": "row of a week|rows of a week",
        "grain_month": "row of a month|rows of a month",
        "grain_year": "row of a year|rows of a year",
        "grain_range": "row over several days|rows over several days (spread over their days)",
        "span": "{rows} from {first} to {last}",
        "read": "read {source}: {what}, {span}; gives {used}",
        "skipped": "{n} skipped (titles, totals: `kpixl inspect` lists them)",
        "line": "line|lines",
        "aside": "set aside {header!r}: {reason}",
        "platform": "platform:",
        "encoding": "encoding:",
        "delimiter": "delimiter",
        "sheet": "sheet:",
        "header": "header:",
        "skipped_line": "skipped:",
        "column": "column:",
        "set_aside": "set aside:",
        "unknown": "not known:",
        "numbers": "numbers:",
        "decimal": "decimal mark",
        "dates": "dates:",
        "channel": "channel:",
        "channel_column": "from its column",
        "channel_platform": "its platform's",
        "channel_option": "from --channel-name",
        "channel_file": "named after the file (--channel-name names it)",
        "currency": "currency:",
        "rows": "rows:",
        "total": "total:",
        "note": "note:",
    },
    "fr": {
        "kind_ads": "une plateforme publicitaire",
        "kind_email": "une plateforme d'e-mailing",
        "kind_search": "des résultats de recherche",
        "kind_analytics": "de l'analytics web",
        "kind_shop": "une boutique",
        "kind_crm": "un CRM",
        "kind_table": "un tableau à vous",
        "account": "compte {accounts}",
        "grain_day": "ligne d'un jour|lignes d'un jour",
        "grain_hour": "jour additionné des heures|jours additionnés des heures",
        "grain_week": "ligne d'une semaine|lignes d'une semaine",
        "grain_month": "ligne d'un mois|lignes d'un mois",
        "grain_year": "ligne d'une année|lignes d'une année",
        "grain_range": "ligne de plusieurs jours|lignes de plusieurs jours (réparties sur leurs jours)",
        "span": "{rows} du {first} au {last}",
        "read": "lu {source} : {what}, {span} ; donne {used}",
        "skipped": "{n} écartées (titres, totaux : `kpixl inspect` les liste)",
        "line": "ligne|lignes",
        "aside": "écartée {header!r} : {reason}",
        "platform": "plateforme :",
        "encoding": "encodage :",
        "delimiter": "séparateur",
        "sheet": "feuille :",
        "header": "en-tête :",
        "skipped_line": "écartée :",
        "column": "colonne :",
        "set_aside": "écartée :",
        "unknown": "inconnue :",
        "numbers": "nombres :",
        "decimal": "séparateur décimal",
        "dates": "dates :",
        "channel": "canal :",
        "channel_column": "de sa colonne",
        "channel_platform": "celui de sa plateforme",
        "channel_option": "de --channel-name",
        "channel_file": "nommé d'après le fichier (--channel-name le nomme)",
        "currency": "devise :",
        "rows": "lignes :",
        "total": "total :",
        "note": "note :",
    },
}
