"""Every message kpixl says, in English and French: problems with the data, what it did, what went wrong.

``say(lang, key, **fields)`` gives one; the library raises its errors in the language of the data's
options or the workbook, and the command line prints its lines in the language of ``--lang`` (or of the
environment's ``LANG``).
"""

from __future__ import annotations

import os
from typing import Any

from .words import lang_code, plural

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "row": "line {row}",
        "rows_at": "lines {rows}",
        "and_more": "{shown} and {n:,} more",
        "column": "column {column!r}",
        "more": "\n(and more: the first 20 problems are shown)",
        "platform": "unknown platform {name!r}; `kpixl inspect --help` lists the presets",
        "views": "'Views' could be page views (GA4) or video views (YouTube, TikTok); say which with --column "
        "'{column}=pageviews' or --column '{column}=video_views' (or --platform ga4)",
        "twice": "columns {first!r} and {second!r} both mean {meaning!r}; keep one, or set one aside with "
        "--column '{second}=-'",
        "did_you_mean": "not a column kpixl knows; did you mean {label!r}? (--column '{column}={key}'), or set it "
        "aside with --column '{column}=-'",
        "column_key": "--column {column!r}={key!r}: no such kpixl column; choose from {choices}",
        "channel_count": "channel|channels",
        "many_channels": "{channels}: the Dashboard, Calc and Budgets give each one a row, which takes time "
        "and pages; if that column holds campaigns rather than channels (Search, Social, Email...), map it with "
        "--column 'HEADER=campaign'",
        "no_column": "no column kpixl knows (date, campaign, cost, clicks...); found: {found}",
        "no_date": "no date column (Date, Day, Week, Month, Reporting starts...); add the day to the export; found: "
        "{found}",
        "week_number": "{value!r} is a week number without its year; export by Date (in GA4, the dimension Date "
        "or ISO week of the year with ISO year)",
        "no_date_platform": "this {platform} export has no date; export it by day ({how}) and try again; found: "
        "{found}",
        "no_metric": "a date column ({date!r}) but no figure kpixl knows (cost, impressions, clicks, sessions, "
        "revenue...); found: {found}",
        "no_data_available": "the export holds no data ({said!r}): choose a period or filters with data, export again",
        "aside_by_option": "set aside by --column",
        "aside_results": "its event differs by campaign (purchases, leads, visits...): never summed",
        "aside_number": "a rate, an average or a count no KPI of kpixl needs: kpixl computes rates from the sums",
        "aside_text": "a breakdown or a setting kpixl does not need",
        "aside_coarser_time": "the rows' dates come from {used!r}",
        "aside_second": "{used!r} gives this figure",
        "aside_unknown_number": "not a column kpixl knows; map it with --column 'HEADER=KEY' if it is one",
        "rows_as_weeks": "each row read as a week: every date is a {weekday}, 7 days apart (give --row-span day "
        "to read them as days)",
        "rows_as_months": "each row read as a month: every date is the first of a month (give --row-span day to "
        "read them as days)",
        "hours": "{n:,} hourly rows summed to {days:,} days",
        "duplicates": "{n:,} rows repeat an earlier row cell for cell (first at line {line}): kept once",
        "refunds": "{n:,} negative values in column {column!r} read as refunds",
        "rate_misread": "column {column!r} says {given} on line {line}, but {top!r} / {bottom!r} give {computed} "
        "({n:,} of {of:,} rows apart): a column is misread; check the decimal mark (--decimal) or the columns "
        "(--column)",
        "rate_apart": "column {column!r} differs from {top!r} / {bottom!r} on {n:,} of {of:,} rows (line {line}: "
        "{given} against {computed}); kpixl uses the sums",
        "mapped": "{n:,} rows given a channel by the channel map",
        "files_currencies": "the files are in several currencies ({codes}); give --rate CODE=VALUE for all but "
        "one (for example --rate {example}=0.92)",
        "converted": "amounts converted from {code} at {rate}",
        "overlap_added": "the same days as {other} ({days}), added to it (--overlap add)",
        "overlap_spans": "{old} and {new} cover {days} with rows of different lengths (days and weeks); export "
        "both by day",
        "overlap_newer": "the same days as {other} ({days}): this newer export replaces its {n:,} rows of the same "
        "campaigns (--overlap add would count both)",
        "overlap_older": "{n:,} rows over {days} replaced by the newer export {other}",
        "outcomes_absent": "--outcomes-from {kind}: no such source among the data ({kinds})",
        "not_owner": "{metric} left out: it comes from {owner} (--outcomes-from chooses where revenue, orders, leads "
        "and customers come from)",
        "kind_ads": "the ad and e-mail platforms",
        "kind_search": "Search Console",
        "kind_analytics": "the analytics",
        "kind_shop": "the shop",
        "kind_crm": "the CRM",
        "kind_table": "your own tables",
        "no_rows": "the data has a header but no rows",
        "too_many": "{n:,} rows is more than a workbook holds ({max:,}); aggregate by week or split the data",
        "kept": "{n} rows kept: won deals only (column {column!r})",
        "empty": "empty; every row needs a {what}",
        "not_date": "{value!r} is not a date (write 2025-12-31, 31/12/2025 or 12/31/2025)",
        "date_both": "dates are written day-first and month-first in the same column ({example}); correct the "
        "file, since kpixl cannot tell which is right",
        "date_order": "{example!r} could be day-first or month-first, and no date of the column tells; give "
        "--dayfirst or --monthfirst",
        "not_number": "{value!r} is not a number",
        "marks_mixed": "numbers use both ',' and '.' as the decimal mark; correct the file",
        "marks_undecided": "{example!r} could be a thousands or a decimal mark, and no number of the file tells; "
        "give --decimal , or --decimal .",
        "negative": "{value} is negative",
        "percent": "{value!r} is a percentage; this column holds counts or amounts",
        "control": "{n} names in column {column!r} held control characters; shown as \ufffd",
        "same_channel": "channels {names} counted as one, {chosen!r}: Excel's formulas cannot tell them apart",
        "too_long": "{n:,} characters is more than an Excel cell holds ({max:,}); shorten it",
        "channel_long": "a channel name of {n:,} characters is more than Excel's SUMIFS matches ({max:,}, each * ? ~ "
        "counting twice); shorten it",
        "too_large": "{value!r} is too large to be a count or an amount",
        "currencies": "the amounts are in several currencies ({codes}); export them in one currency, or give "
        "--rate CODE=VALUE to convert (for example --rate USD=0.92)",
        # files and their reading
        "no_file": "{path}: no such file",
        "too_big": "{path}: {size} MB is more than kpixl reads ({limit} MB); split the data",
        "file_type": "{path}: unsupported file type {suffix}; use .csv or .xlsx",
        "file_empty": "{path}: the file is empty",
        "zip_named_csv": "{path}: is an Excel workbook (a zip archive) named {suffix}; rename it .xlsx",
        "no_header": "{path}: no header row with known columns (date, campaign, cost, clicks...) in the first "
        "{n} lines; the first line reads {first!r}",
        "no_header_sheets": "{path}: no header row with known columns (date, campaign, cost, clicks...) in the "
        "first {n} rows of its sheets ({sheets})",
        "encoding_byte": "{path}: a byte after the header ({byte!r}) cannot be read as {encoding}; save the file as "
        "UTF-8 (in Excel: CSV UTF-8)",
        "two_encodings": "{path}: line {line} is written in Windows-1252 while other lines are UTF-8; save the file "
        "again in one encoding (in Excel: CSV UTF-8)",
        "bad_byte": "{path}: byte {at} cannot be read as {encoding}; save the file as UTF-8 (in Excel: CSV UTF-8)",
        "not_csv": "{path}: not a readable CSV file ({why})",
        "more_fields": "{path}: the data lines have more fields than the header ({n}); a number written with a "
        "decimal comma in a comma-separated file? Quote it, or export with ';'",
        "fewer_fields": "{path}: line {line} has fewer fields than the header ({n}); check the delimiter",
        "export_empty": "{path}: the export holds no data ({said!r}); choose a period or filters with data",
        "column_twice": "{path}: the column {name!r} appears twice in the header; keep one",
        "password": "{path}: is protected by a password (or an old .xls); open it in Excel, remove the password or "
        "save it as .xlsx, and give that file",
        "no_zip": "{path}: is no .xlsx workbook (no zip archive); a CSV file named .xlsx? Rename it .csv",
        "bad_zip": "{path}: not a valid .xlsx file (its zip archive is damaged)",
        "zip_parts": "{path}: {n} parts in the file; not a plain workbook",
        "zip_size": "{path}: expands to more than {limit} MB; refused",
        "zip_text": "{path}: its text cells expand to {size} MB, more than kpixl reads ({limit} MB); export the "
        "data as CSV",
        "zip_bomb": "{path}: {part} is compressed {ratio} times; refused as a possible zip bomb",
        "entities": "{path}: {part} declares entities (a DOCTYPE); refused as unsafe",
        "sheet_span": "{path}: a sheet's cells span {rows:,} rows x {columns:,} columns; refused",
        "not_calculated": "{path}: its formulas were never calculated (a program wrote the file), so their cells "
        "would read as 0 or blank; open it in Excel (or LibreOffice), save it, and give that file",
        "not_workbook": "{path}: cannot be read as a workbook ({why})",
        "only_charts": "{path}: the workbook has no worksheet (only charts)",
        "sheet_rows": "{path}: more than {limit:,} rows; aggregate by week or split the data",
        "all_rows": "{n:,} rows in all is more than a workbook holds ({limit:,}); aggregate by week or split the data",
        "cut_rows": "{n:,} rows once weeks and months are cut at the periods' edges: more than a workbook holds "
        "({limit:,}); give --grain month, or export by month",
        "map_unreadable": "{path}: the channel map cannot be read ({why})",
        "map_columns": "{path}: a channel map needs the columns platform, campaign and channel",
        "map_channel": "{path}, line {line}: no channel; every rule names the channel it gives",
        # the dashboard's choices
        "grain": "grain {grain!r}: choose month, week or quarter",
        "period": "period {period!r} is not in the data; choose from {first} to {last}",
        "period_grain": "period {period!r} is a {its}, and the dashboard's periods are {grain}s ({first} to {last}); "
        "give --grain {its}, or a period such as {first}",
        "channel_absent": "channel {name!r} is not in the data; choose from {channels}",
        "budget_absent": "budget for channel {name!r}, which is not in the data; choose from {channels}",
        "budgets_twice": "budgets for {first!r} and {second!r} are both for channel {channel!r} (Excel's formulas "
        "cannot tell them apart); keep one",
        "target_unknown": "target for unknown KPI {name!r}; `kpixl list` shows the names",
        "target_not_tile": "target for {name!r}, which is not on the dashboard; give one of {tiles}",
        # the command line
        "wrote": "wrote {path}",
        "wrote_dashboard": "wrote {path} from {source} ({host} formulas, {lang})",
        "wrote_goals": "wrote {path}: SMART goals with examples to edit ({host} formulas, {lang})",
        "wrote_pdf": "wrote {path} (printed by LibreOffice)",
        "demo": "the demo data (kpixl.sample_data())",
        "error": "kpixl {command}: error: {message}",
        "exists": "{path} exists; use --force to replace it",
        "would_replace": "{path} would be replaced; give another output file, or --force (a backup is kept)",
        "additions": "{path} holds what the refreshed workbook would not: {found}; copy it elsewhere, or refresh with "
        "--drop-additions (the original keeps it)",
        "functions_output": "give the workbook to write (kpixl functions kpi.xlsx), or --text to print the names",
        "locked": "another kpixl run is writing {path}; wait for it to end (or, if none runs, remove {lock})",
        "changed_meanwhile": "{path} changed while kpixl refreshed it (saved in Excel?); nothing was replaced: run "
        "the refresh again",
        "folder_missing": "the folder {folder} does not exist; create it or choose another",
        "not_xlsx": "{path}: a workbook's name ends in .xlsx; give {fixed}",
        "is_folder": "{path} is a folder; give a file name",
        "permission": "cannot write {path}: permission denied; choose another folder",
        "os_error": "{why} ({path})",
        "interrupted": "kpixl {command}: interrupted; nothing was written",
        "option_pair": "{option} {pair!r}: write {shape}, for example {example}",
        "option_finite": "{option} {pair!r}: the value must be a finite number, for example {example}",
        "option_rate": "--rate {pair!r}: write CODE=VALUE with a positive value, for example --rate USD=0.92",
        "lite_steps": "In Excel: open the xlwings Lite add-in, paste main.py into its editor and requirements.txt "
        "into its requirements, restart; then type =KPI_CTR(B2,C2) in a cell. (Workbooks made with --formulas "
        "lite already carry both.)",
        # pdf
        "printing": "printing {book}: {sheets}",
        "printing_data": " (the first {n:,} of {total:,} rows of data)",
        "still_printing": "{book}: LibreOffice is still printing ({seconds:.0f} s)",
        "no_office": "LibreOffice is needed to write PDF and is not installed: apt-get install "
        "libreoffice-calc-nogui (Debian, Ubuntu), brew install --cask libreoffice (Mac) or https://www.libreoffice.org",
        "pdf_itself": "{path} is the workbook itself; give the PDF another name (-o report.pdf)",
        "pdf_name": "{path}: a PDF's name ends in .pdf; give {fixed}",
        "no_book": "{path} does not exist; give the path of an .xlsx workbook",
        "pdf_none": "LibreOffice could not print {book}: no PDF came out",
        "pdf_slow": "LibreOffice took more than {seconds} s to print {book}",
        "pdf_failed": "LibreOffice could not print {book}: {why}",
        # refresh
        "not_kpixl": "{path} is not a dashboard made by kpixl; build one with `kpixl dashboard`, then refresh it",
        "not_settings": "{path}: its kpixl settings ({settings}) are not kpixl's",
        "sheet_missing": "{path}: sheet {sheet!r} is missing; kpixl needs it to refresh the workbook",
        "kept_host": "kept: {host} workbook in {lang}, by {grain}",
        "kept_objective": ", objective {objective}",
        "kept_targets": "kept: {targets} ({blank} left blank)",
        "targets": "target|targets",
        "kept_channel": "kept: channel {channel}",
        "kept_all": "kept: all channels",
        "kept_goals": "kept: {goals}, reviewed {when}",
        "goals": "SMART goal|SMART goals",
        "today": "today (=TODAY())",
        "as_of": "as of {day}",
        "kept_tests": "kept: {tests}",
        "tests": "A/B test|A/B tests",
        "kept_budgets": "kept: {budgets}",
        "budgets": "monthly budget|monthly budgets",
        "kept_period": "kept: period {period}",
        "period_latest": "period: {period} (the latest one)",
        "period_was": ", was {period}",
        "channel_gone": "channel {channel!r} is not in the data any more: all channels shown",
        "budget_runs_on": "budget of {channel} for {first} to {last}: {known}'s, change it in Budgets",
        "backup": "kept a copy of the workbook as it was: {path}",
        "target_dropped": "target of {name} left out: its tile is no longer on the dashboard (its data is gone)",
        "refreshed_data": "data: {rows} ({old} from the workbook, {new} new); {first} to {last}",
        "rows": "row|rows",
        "refresh_cell": "{path}: {where} ({what}) holds {value!r}, not {kind}; {fix}",
        "refresh_tile": "{path}: {where} reads {label!r}, which is no KPI of the dashboard; put the tile's name "
        "back, then refresh again",
        "refresh_review": "{path}: {where} reads {value!r}; choose {choices} from its list",
        "refresh_no_date": "{path}: the {sheet} sheet has no {column!r} column any more",
    },
    "fr": {
        "row": "ligne {row}",
        "rows_at": "lignes {rows}",
        "and_more": "{shown} et {n:,} autres",
        "column": "colonne {column!r}",
        "more": "\n(et d'autres : les 20 premiers problèmes sont affichés)",
        "platform": "plateforme inconnue {name!r} ; `kpixl inspect --help` liste les préréglages",
        "views": "'Views' peut être des pages vues (GA4) ou des vues de vidéos (YouTube, TikTok) ; précisez avec "
        "--column '{column}=pageviews' ou --column '{column}=video_views' (ou --platform ga4)",
        "twice": "les colonnes {first!r} et {second!r} veulent dire toutes deux {meaning!r} ; gardez-en une, ou "
        "écartez l'autre avec --column '{second}=-'",
        "did_you_mean": "colonne inconnue de kpixl ; vouliez-vous dire {label!r} ? (--column '{column}={key}'), ou "
        "écartez-la avec --column '{column}=-'",
        "column_key": "--column {column!r}={key!r} : aucune colonne kpixl de ce nom ; choisissez parmi {choices}",
        "channel_count": "canal|canaux",
        "many_channels": "{channels} : le tableau de bord, Calculs et Budgets donnent une ligne à chacun, ce qui "
        "prend du temps et des pages ; si cette colonne contient des campagnes plutôt que des canaux (Search, "
        "Social, E-mail...), associez-la avec --column 'EN-TÊTE=campaign'",
        "no_column": "aucune colonne connue de kpixl (date, campagne, coût, clics...) ; trouvé : {found}",
        "no_date": "aucune colonne de date (Date, Jour, Semaine, Mois, Début des rapports...) ; ajoutez le jour à "
        "l'export ; trouvé : {found}",
        "week_number": "{value!r} est un numéro de semaine sans son année ; exportez par date (dans GA4, la "
        "dimension Date, ou Semaine ISO de l'année avec Année ISO)",
        "no_date_platform": "cet export {platform} n'a pas de date ; exportez-le par jour ({how}) puis "
        "recommencez ; trouvé : {found}",
        "no_metric": "une colonne de date ({date!r}) mais aucun chiffre connu de kpixl (coût, impressions, clics, "
        "sessions, chiffre d'affaires...) ; trouvé : {found}",
        "no_data_available": "l'export ne contient aucune donnée ({said!r}) : choisissez une période ou des "
        "filtres avec des données, et exportez de nouveau",
        "aside_by_option": "écartée par --column",
        "aside_results": "son événement change selon la campagne (achats, leads, visites...) : jamais additionné",
        "aside_number": "un taux, une moyenne ou un nombre dont aucun KPI de kpixl n'a besoin : kpixl calcule les "
        "taux à partir des sommes",
        "aside_text": "une ventilation ou un réglage dont kpixl n'a pas besoin",
        "aside_coarser_time": "les dates des lignes viennent de {used!r}",
        "aside_second": "{used!r} donne ce chiffre",
        "aside_unknown_number": "colonne inconnue de kpixl ; associez-la avec --column 'EN-TÊTE=CLÉ' si c'en est une",
        "rows_as_weeks": "chaque ligne lue comme une semaine : chaque date est un {weekday}, à 7 jours d'écart "
        "(indiquez --row-span day pour les lire comme des jours)",
        "rows_as_months": "chaque ligne lue comme un mois : chaque date est le premier d'un mois (indiquez "
        "--row-span day pour les lire comme des jours)",
        "hours": "{n:,} lignes horaires additionnées en {days:,} jours",
        "duplicates": "{n:,} lignes répètent une ligne précédente cellule pour cellule (la première ligne {line}) : "
        "gardées une fois",
        "refunds": "{n:,} valeurs négatives de la colonne {column!r} lues comme des remboursements",
        "rate_misread": "la colonne {column!r} indique {given} ligne {line}, mais {top!r} / {bottom!r} donnent "
        "{computed} ({n:,} lignes sur {of:,} en écart) : une colonne est mal lue ; vérifiez le séparateur décimal "
        "(--decimal) ou les colonnes (--column)",
        "rate_apart": "la colonne {column!r} s'écarte de {top!r} / {bottom!r} sur {n:,} lignes sur {of:,} (ligne "
        "{line} : {given} contre {computed}) ; kpixl utilise les sommes",
        "mapped": "{n:,} lignes reçoivent leur canal de la table des canaux",
        "files_currencies": "les fichiers sont dans plusieurs devises ({codes}) ; indiquez --rate CODE=VALEUR pour "
        "toutes sauf une (par exemple --rate {example}=0.92)",
        "converted": "montants convertis depuis {code} au taux {rate}",
        "overlap_added": "les mêmes jours que {other} ({days}), ajoutés (--overlap add)",
        "overlap_spans": "{old} et {new} couvrent {days} avec des lignes de durées différentes (jours et "
        "semaines) ; exportez-les tous deux par jour",
        "overlap_newer": "les mêmes jours que {other} ({days}) : cet export plus récent remplace ses {n:,} lignes "
        "des mêmes campagnes (--overlap add compterait les deux)",
        "overlap_older": "{n:,} lignes du {days} remplacées par l'export plus récent {other}",
        "outcomes_absent": "--outcomes-from {kind} : aucune source de ce type dans les données ({kinds})",
        "not_owner": "{metric} écarté : il vient {owner} (--outcomes-from choisit d'où viennent chiffre d'affaires, "
        "commandes, leads et clients)",
        "kind_ads": "des plateformes publicitaires et d'e-mailing",
        "kind_search": "de Search Console",
        "kind_analytics": "de l'analytics",
        "kind_shop": "de la boutique",
        "kind_crm": "du CRM",
        "kind_table": "de vos propres tableaux",
        "no_rows": "les données ont un en-tête mais aucune ligne",
        "too_many": "{n:,} lignes, c'est plus qu'un classeur n'en contient ({max:,}) ; agrégez par semaine ou "
        "découpez les données",
        "kept": "{n} lignes gardées : affaires gagnées seulement (colonne {column!r})",
        "empty": "vide ; chaque ligne doit avoir : {what}",
        "not_date": "{value!r} n'est pas une date (écrivez 2025-12-31, 31/12/2025 ou 12/31/2025)",
        "date_both": "des dates sont écrites jour d'abord et mois d'abord dans la même colonne ({example}) ; "
        "corrigez le fichier, kpixl ne peut savoir laquelle est juste",
        "date_order": "{example!r} peut se lire jour d'abord ou mois d'abord, et aucune date de la colonne ne "
        "tranche ; indiquez --dayfirst ou --monthfirst",
        "not_number": "{value!r} n'est pas un nombre",
        "marks_mixed": "les nombres utilisent ',' et '.' comme séparateur décimal ; corrigez le fichier",
        "marks_undecided": "{example!r} : séparateur de milliers ou décimal ? Aucun nombre du fichier ne "
        "tranche ; indiquez --decimal , ou --decimal .",
        "negative": "{value} est négatif",
        "percent": "{value!r} est un pourcentage ; cette colonne contient des nombres ou des montants",
        "control": "{n} noms de la colonne {column!r} contenaient des caractères de contrôle ; affichés \ufffd",
        "same_channel": "canaux {names} comptés comme un seul, {chosen!r} : les formules d'Excel ne les "
        "distinguent pas",
        "too_long": "{n:,} caractères, c'est plus qu'une cellule Excel n'en contient ({max:,}) ; raccourcissez",
        "channel_long": "un nom de canal de {n:,} caractères, c'est plus que SOMME.SI.ENS n'en compare ({max:,}, "
        "chaque * ? ~ comptant double) ; raccourcissez-le",
        "too_large": "{value!r} est trop grand pour un nombre ou un montant",
        "currencies": "les montants sont en plusieurs devises ({codes}) ; exportez-les dans une seule devise, ou "
        "indiquez --rate CODE=VALEUR pour convertir (par exemple --rate USD=0.92)",
        "no_file": "{path} : fichier introuvable",
        "too_big": "{path} : {size} Mo, c'est plus que kpixl ne lit ({limit} Mo) ; découpez les données",
        "file_type": "{path} : type de fichier {suffix} non pris en charge ; utilisez .csv ou .xlsx",
        "file_empty": "{path} : le fichier est vide",
        "zip_named_csv": "{path} : est un classeur Excel (une archive zip) nommé {suffix} ; renommez-le en .xlsx",
        "no_header": "{path} : aucune ligne d'en-tête avec des colonnes connues (date, campagne, coût, clics...) "
        "dans les {n} premières lignes ; la première ligne est {first!r}",
        "no_header_sheets": "{path} : aucune ligne d'en-tête avec des colonnes connues (date, campagne, coût, "
        "clics...) dans les {n} premières lignes de ses feuilles ({sheets})",
        "encoding_byte": "{path} : un octet après l'en-tête ({byte!r}) ne se lit pas en {encoding} ; enregistrez le "
        "fichier en UTF-8 (dans Excel : CSV UTF-8)",
        "two_encodings": "{path} : la ligne {line} est écrite en Windows-1252 et d'autres en UTF-8 ; enregistrez de "
        "nouveau le fichier dans un seul encodage (dans Excel : CSV UTF-8)",
        "bad_byte": "{path} : l'octet {at} ne se lit pas en {encoding} ; enregistrez le fichier en UTF-8 (dans "
        "Excel : CSV UTF-8)",
        "not_csv": "{path} : fichier CSV illisible ({why})",
        "more_fields": "{path} : les lignes de données ont plus de champs que l'en-tête ({n}) ; un nombre à virgule "
        "décimale dans un fichier séparé par des virgules ? Mettez-le entre guillemets, ou exportez avec « ; »",
        "fewer_fields": "{path} : la ligne {line} a moins de champs que l'en-tête ({n}) ; vérifiez le séparateur",
        "export_empty": "{path} : l'export ne contient aucune donnée ({said!r}) ; choisissez une période ou des "
        "filtres avec des données",
        "column_twice": "{path} : la colonne {name!r} apparaît deux fois dans l'en-tête ; gardez-en une",
        "password": "{path} : est protégé par un mot de passe (ou un ancien .xls) ; ouvrez-le dans Excel, retirez "
        "le mot de passe ou enregistrez-le en .xlsx, et donnez ce fichier",
        "no_zip": "{path} : n'est pas un classeur .xlsx (pas une archive zip) ; un fichier CSV nommé .xlsx ? "
        "Renommez-le en .csv",
        "bad_zip": "{path} : fichier .xlsx invalide (son archive zip est abîmée)",
        "zip_parts": "{path} : {n} parties dans le fichier ; ce n'est pas un classeur ordinaire",
        "zip_size": "{path} : occupe plus de {limit} Mo une fois décompressé ; refusé",
        "zip_text": "{path} : ses cellules de texte occupent {size} Mo, plus que kpixl ne lit ({limit} Mo) ; "
        "exportez les données en CSV",
        "zip_bomb": "{path} : {part} est compressé {ratio} fois ; refusé comme possible bombe zip",
        "entities": "{path} : {part} déclare des entités (un DOCTYPE) ; refusé par sécurité",
        "sheet_span": "{path} : les cellules d'une feuille couvrent {rows:,} lignes x {columns:,} colonnes ; refusé",
        "not_calculated": "{path} : ses formules n'ont jamais été calculées (un programme a écrit le fichier), "
        "leurs cellules se liraient comme 0 ou vides ; ouvrez-le dans Excel (ou LibreOffice), enregistrez-le, et "
        "donnez ce fichier",
        "not_workbook": "{path} : illisible comme classeur ({why})",
        "only_charts": "{path} : le classeur n'a aucune feuille de calcul (que des graphiques)",
        "sheet_rows": "{path} : plus de {limit:,} lignes ; agrégez par semaine ou découpez les données",
        "all_rows": "{n:,} lignes en tout, c'est plus qu'un classeur n'en contient ({limit:,}) ; agrégez par semaine "
        "ou découpez les données",
        "cut_rows": "{n:,} lignes une fois les semaines et les mois coupés aux bords des périodes : plus qu'un "
        "classeur n'en contient ({limit:,}) ; indiquez --grain month, ou exportez par mois",
        "map_unreadable": "{path} : la table des canaux est illisible ({why})",
        "map_columns": "{path} : une table des canaux doit avoir les colonnes platform, campaign et channel",
        "map_channel": "{path}, ligne {line} : aucun canal ; chaque règle nomme le canal qu'elle donne",
        "grain": "découpage {grain!r} : choisissez month, week ou quarter",
        "period": "la période {period!r} n'est pas dans les données ; choisissez de {first} à {last}",
        "period_grain": "la période {period!r} est un(e) {its}, et les périodes du tableau de bord sont des {grain} "
        "({first} à {last}) ; indiquez --grain {its}, ou une période comme {first}",
        "channel_absent": "le canal {name!r} n'est pas dans les données ; choisissez parmi {channels}",
        "budget_absent": "budget pour le canal {name!r}, absent des données ; choisissez parmi {channels}",
        "budgets_twice": "les budgets de {first!r} et {second!r} sont tous deux pour le canal {channel!r} (les "
        "formules d'Excel ne les distinguent pas) ; gardez-en un",
        "target_unknown": "cible pour un KPI inconnu {name!r} ; `kpixl list` donne les noms",
        "target_not_tile": "cible pour {name!r}, qui n'est pas au tableau de bord ; indiquez l'un de {tiles}",
        "wrote": "écrit {path}",
        "wrote_dashboard": "écrit {path} à partir de {source} (formules {host}, {lang})",
        "wrote_goals": "écrit {path} : objectifs SMART avec des exemples à modifier (formules {host}, {lang})",
        "wrote_pdf": "écrit {path} (imprimé par LibreOffice)",
        "demo": "les données de démonstration (kpixl.sample_data())",
        "error": "kpixl {command} : erreur : {message}",
        "exists": "{path} existe ; indiquez --force pour le remplacer",
        "would_replace": "{path} serait remplacé ; donnez un autre fichier de sortie, ou --force (une copie est "
        "gardée)",
        "additions": "{path} contient ce que le classeur actualisé n'aurait pas : {found} ; copiez-le ailleurs, ou "
        "actualisez avec --drop-additions (l'original le garde)",
        "functions_output": "indiquez le classeur à écrire (kpixl functions kpi.xlsx), ou --text pour afficher "
        "les noms",
        "locked": "une autre exécution de kpixl écrit {path} ; attendez qu'elle finisse (ou, si aucune ne tourne, "
        "supprimez {lock})",
        "changed_meanwhile": "{path} a changé pendant que kpixl l'actualisait (enregistré dans Excel ?) ; rien n'a été "
        "remplacé : relancez l'actualisation",
        "folder_missing": "le dossier {folder} n'existe pas ; créez-le ou choisissez-en un autre",
        "not_xlsx": "{path} : le nom d'un classeur se termine par .xlsx ; indiquez {fixed}",
        "is_folder": "{path} est un dossier ; indiquez un nom de fichier",
        "permission": "impossible d'écrire {path} : permission refusée ; choisissez un autre dossier",
        "os_error": "{why} ({path})",
        "interrupted": "kpixl {command} : interrompu ; rien n'a été écrit",
        "option_pair": "{option} {pair!r} : écrivez {shape}, par exemple {example}",
        "option_finite": "{option} {pair!r} : la valeur doit être un nombre fini, par exemple {example}",
        "option_rate": "--rate {pair!r} : écrivez CODE=VALEUR avec une valeur positive, par exemple --rate USD=0.92",
        "lite_steps": "Dans Excel : ouvrez le complément xlwings Lite, collez main.py dans son éditeur et "
        "requirements.txt dans ses dépendances, redémarrez ; puis tapez =KPI_CTR(B2;C2) dans une cellule. (Les "
        "classeurs construits avec --formulas lite contiennent déjà les deux.)",
        "printing": "impression de {book} : {sheets}",
        "printing_data": " (les {n:,} premières lignes de données sur {total:,})",
        "still_printing": "{book} : LibreOffice imprime encore ({seconds:.0f} s)",
        "no_office": "LibreOffice est nécessaire pour écrire un PDF et n'est pas installé : apt-get install "
        "libreoffice-calc-nogui (Debian, Ubuntu), brew install --cask libreoffice (Mac) ou https://fr.libreoffice.org",
        "pdf_itself": "{path} est le classeur lui-même ; donnez un autre nom au PDF (-o rapport.pdf)",
        "pdf_name": "{path} : le nom d'un PDF se termine par .pdf ; indiquez {fixed}",
        "no_book": "{path} n'existe pas ; indiquez le chemin d'un classeur .xlsx",
        "pdf_none": "LibreOffice n'a pas pu imprimer {book} : aucun PDF produit",
        "pdf_slow": "LibreOffice a mis plus de {seconds} s à imprimer {book}",
        "pdf_failed": "LibreOffice n'a pas pu imprimer {book} : {why}",
        "not_kpixl": "{path} n'est pas un tableau de bord construit par kpixl ; construisez-en un avec `kpixl "
        "dashboard`, puis actualisez-le",
        "not_settings": "{path} : ses réglages kpixl ({settings}) ne sont pas ceux de kpixl",
        "sheet_missing": "{path} : la feuille {sheet!r} manque ; kpixl en a besoin pour actualiser le classeur",
        "kept_host": "gardé : classeur {host} en {lang}, par {grain}",
        "kept_objective": ", objectif {objective}",
        "kept_targets": "gardé : {targets} ({blank} laissées vides)",
        "targets": "cible|cibles",
        "kept_channel": "gardé : canal {channel}",
        "kept_all": "gardé : tous les canaux",
        "kept_goals": "gardé : {goals}, revus {when}",
        "goals": "objectif SMART|objectifs SMART",
        "today": "aujourd'hui (=AUJOURDHUI())",
        "as_of": "au {day}",
        "kept_tests": "gardé : {tests}",
        "tests": "test A/B|tests A/B",
        "kept_budgets": "gardé : {budgets}",
        "budgets": "budget mensuel|budgets mensuels",
        "kept_period": "gardé : période {period}",
        "period_latest": "période : {period} (la plus récente)",
        "period_was": ", au lieu de {period}",
        "channel_gone": "le canal {channel!r} n'est plus dans les données : tous les canaux sont affichés",
        "budget_runs_on": "budget de {channel} de {first} à {last} : celui de {known}, modifiez-le dans Budgets",
        "backup": "copie du classeur tel qu'il était gardée : {path}",
        "target_dropped": "cible de {name} écartée : sa tuile n'est plus au tableau de bord (ses données ont disparu)",
        "refreshed_data": "données : {rows} ({old} du classeur, {new} nouvelles) ; du {first} au {last}",
        "rows": "ligne|lignes",
        "refresh_cell": "{path} : {where} ({what}) contient {value!r}, pas {kind} ; {fix}",
        "refresh_tile": "{path} : {where} indique {label!r}, qui n'est pas un KPI du tableau de bord ; remettez le "
        "nom de la tuile, puis actualisez de nouveau",
        "refresh_review": "{path} : {where} indique {value!r} ; choisissez {choices} dans sa liste",
        "refresh_no_date": "{path} : la feuille {sheet} n'a plus de colonne {column!r}",
    },
}


def say(lang: str, key: str, /, **fields: Any) -> str:
    """The message ``key`` in ``lang``, its fields filled in."""
    return MESSAGES[lang_code(lang)][key].format(**fields)


def count(lang: str, n: int, key: str, /) -> str:
    """``n`` and the noun of message ``key`` ("row|rows") in its singular or plural form."""
    return plural(lang_code(lang), n, MESSAGES[lang_code(lang)][key])


def environment_lang() -> str:
    """The language of the environment (``LANG=fr_FR.UTF-8``), when kpixl speaks it; else English."""
    value = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "fr" if value.lower().startswith("fr") else "en"
