"""Every word the workbooks show, in English and French."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "sheet_readme": "Read me", "sheet_dashboard": "Dashboard", "sheet_campaigns": "Campaigns",
        "sheet_glossary": "Glossary", "sheet_calc": "Calc", "sheet_abtests": "AB tests",
        "sheet_benchmarks": "Benchmarks", "trends": "Trend", "next_month": "next month (linear trend)",
        "correlation": "Correlation of spend and revenue, month by month", "sheet_lists": "Lists",
        "sheet_goals": "SMART goals",
        "title": "Marketing KPI dashboard", "period": "Period", "channel": "Channel", "all": "All",
        "kpi": "KPI", "value": "Value", "target": "Target", "benchmark": "Benchmark", "previous": "Previous period",
        "change": "Change", "status": "Status", "trend": "Trend", "spend": "Spend", "revenue": "Revenue",
        "on_target": "On target", "close": "Close", "off_target": "Off target",
        "by_channel": "Channels in the period", "funnel": "Funnel", "stage": "Stage", "volume": "Volume",
        "step": "Step conversion", "drop": "Drop-off", "from_first": "From first stage",
        "chart_money": "Revenue and spend by month", "chart_channel": "ROI by channel", "chart_funnel": "Funnel",
        "month": "Month", "metric": "Metric", "selected": "Selected", "kpis": "KPIs per row (computed)",
        "objective": "Objective", "inputs": "Blue cells are yours to change: period, channel and targets.",
        "excel_name": "Excel function", "label": "KPI", "category": "Category", "formula": "Formula",
        "unit": "Unit", "direction": "Better", "source": "Source", "year": "Year", "description": "Description",
        "native_formula": "Native formula (no add-in)",
        "mode_udf": "This workbook uses kpixl's Excel functions (KPI_CTR, KPI_ROI...).",
        "mode_native": "This workbook uses native Excel formulas only: it computes in any Excel and in "
                       "LibreOffice, without add-in.",
    },
    "fr": {
        "sheet_readme": "Lisez-moi", "sheet_dashboard": "Tableau de bord", "sheet_campaigns": "Campagnes",
        "sheet_glossary": "Glossaire", "sheet_calc": "Calculs", "sheet_lists": "Listes",
        "sheet_abtests": "Tests AB", "sheet_benchmarks": "Références", "trends": "Tendance",
        "next_month": "mois prochain (tendance linéaire)",
        "correlation": "Corrélation dépenses / chiffre d'affaires, mois par mois",
        "sheet_goals": "Objectifs SMART",
        "title": "Tableau de bord des KPI marketing", "period": "Période", "channel": "Canal", "all": "Tous",
        "kpi": "KPI", "value": "Valeur", "target": "Cible", "benchmark": "Référence",
        "previous": "Période précédente", "change": "Évolution", "status": "Statut", "trend": "Tendance",
        "spend": "Dépenses", "revenue": "Chiffre d'affaires",
        "on_target": "Atteint", "close": "Proche", "off_target": "Hors cible",
        "by_channel": "Canaux sur la période", "funnel": "Entonnoir", "stage": "Étape", "volume": "Volume",
        "step": "Conversion d'étape", "drop": "Perte", "from_first": "Depuis la 1re étape",
        "chart_money": "Chiffre d'affaires et dépenses par mois", "chart_channel": "ROI par canal",
        "chart_funnel": "Entonnoir", "month": "Mois", "metric": "Mesure", "selected": "Sélection",
        "kpis": "KPI par ligne (calculés)", "objective": "Objectif",
        "inputs": "Les cellules bleues sont à vous : période, canal et cibles.",
        "excel_name": "Fonction Excel", "label": "KPI", "category": "Catégorie", "formula": "Formule",
        "unit": "Unité", "direction": "Sens", "source": "Source", "year": "Année", "description": "Description",
        "native_formula": "Formule native (sans complément)",
        "mode_udf": "Ce classeur utilise les fonctions Excel de kpixl (KPI_CTR, KPI_ROI...).",
        "mode_native": "Ce classeur n'utilise que des formules Excel natives : il calcule dans tout Excel et "
                       "dans LibreOffice, sans complément.",
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
        "Benchmarks: every published benchmark kpixl knows, with its source and year.",
        "Glossary: every KPI of kpixl: its Excel function, formula, unit, direction and benchmark.",
        "",
        "{mode}",
        "",
        "Enable the functions",
        "Classic Excel on Windows: pip install kpixl; xlwings addin install; on the xlwings tab, UDF Modules is "
        "read from the hidden sheet xlwings.conf (kpixl.udfs); click Import Functions once and save as .xlsm.",
        "xlwings Lite (Windows, Mac, Excel on the web): run 'kpixl lite FOLDER' and paste main.py and "
        "requirements.txt into the xlwings Lite editor.",
        "",
        "Cells show #NAME? ?",
        "Excel recalculated without the kpixl functions installed: enable them as above, or build the workbook "
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
        "Références : tous les repères publiés que kpixl connaît, avec leur source et leur année.",
        "Glossaire : tous les KPI de kpixl : fonction Excel, formule, unité, sens et référence.",
        "",
        "{mode}",
        "",
        "Activer les fonctions",
        "Excel classique sous Windows : pip install kpixl ; xlwings addin install ; dans l'onglet xlwings, UDF "
        "Modules est lu dans la feuille masquée xlwings.conf (kpixl.udfs) ; cliquez une fois sur Import "
        "Functions et enregistrez en .xlsm.",
        "xlwings Lite (Windows, Mac, Excel sur le web) : lancez « kpixl lite DOSSIER » et collez main.py et "
        "requirements.txt dans l'éditeur xlwings Lite.",
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


def text(lang: str, key: str) -> str:
    return TEXTS[lang][key]
