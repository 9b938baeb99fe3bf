"""kpixl's command line as argparse reads it: the commands, their options (the shared ones defined once) and
their help, and the shell completion script made from them."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ._version import VERSION
from .data.platforms import PLATFORMS
from .objectives import OBJECTIVES
from .words import CATEGORIES, GRAINS

PLATFORM_NAMES = tuple(p.name for p in PLATFORMS)
HOSTS = ("lite", "classic", "native", "lambda", "udf")
OUTCOME_KINDS = ("shop", "crm", "table", "analytics", "ads")


def completion(p: argparse.ArgumentParser, shell: str) -> str:
    """A completion script for bash or zsh: the commands, then each command's options."""
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    cases = "\n".join(
        f'    {name}) opts="{" ".join(o for a in s._actions for o in a.option_strings)}" ;;'
        for name, s in sub.choices.items()
    )
    script = f"""_kpixl() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} cmd=${{COMP_WORDS[1]}} opts
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "{" ".join(sub.choices)} --help --version" -- "$cur")); return
  fi
  case "$cmd" in
{cases}
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
}}
complete -o filenames -F _kpixl kpixl"""
    return ("autoload -U bashcompinit && bashcompinit\n" if shell == "zsh" else "") + script


def common(s: argparse.ArgumentParser, *features: str) -> None:
    """The options several commands share, each defined once."""
    s.add_argument(
        "--lang",
        choices=("en", "fr"),
        help="the language of the workbook and of every message (default: the environment's LANG, else en)",
    )
    if "force" in features:
        s.add_argument("--force", action="store_true", help="replace the output if it exists")
    if "pdf" in features:
        s.add_argument("--pdf", action="store_true", help="also print the report to a PDF beside it (LibreOffice)")
    if "host" in features:
        s.add_argument(
            "--formulas",
            choices=HOSTS,
            default="lite",
            help="the Excel the workbook is for: lite (xlwings Lite: Excel on Windows, Mac and the web; the file "
            "carries kpixl), classic (xlwings, Windows desktop), native (plain formulas, no add-in: any Excel, "
            "LibreOffice), lambda (the workbook's own LAMBDA names: Excel 365, 2024 and the web, nothing "
            "installed); udf is lite (default lite)",
        )
    if "read" in features:
        read_arguments(s)


def read_arguments(s: argparse.ArgumentParser) -> None:
    s.add_argument(
        "--decimal", choices=(",", "."), metavar="MARK", help="the decimal mark, ',' or '.', when no number tells"
    )
    order = s.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_true", help="dates like 03/04/2025 are 3 April")
    order.add_argument("--monthfirst", action="store_true", help="dates like 03/04/2025 are 4 March")
    s.add_argument("--channel-name", metavar="NAME", help="the channel of every row of a file without a channel column")
    s.add_argument(
        "--platform",
        choices=PLATFORM_NAMES,
        metavar="NAME",
        help=f"read the files as this platform's exports: {', '.join(PLATFORM_NAMES)}",
    )
    s.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER=KEY",
        help="read a column as one of kpixl's (--column 'Impresions=impressions'), or set it aside ('X=-')",
    )
    s.add_argument(
        "--row-span",
        choices=("day", "week", "month"),
        help="what one row of a table of your own covers, when its dates do not tell",
    )
    s.add_argument("--channel-map", metavar="FILE", help="a CSV of platform, campaign pattern and channel rules")
    s.add_argument(
        "--outcomes-from",
        choices=OUTCOME_KINDS,
        help="where revenue, orders, leads and new customers come from when several sources give them "
        "(default: the first present of shop, crm, table, analytics, ads)",
    )
    s.add_argument(
        "--overlap",
        choices=("newer", "add"),
        help="two exports of one platform over the same days: the newer replaces the older's rows of the "
        "same campaigns (newer, the default), or both count (add)",
    )
    s.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="CODE=VALUE",
        help="convert amounts in another currency: --rate USD=0.92 (1 USD in your currency)",
    )


def parser(commands: dict[str, Callable[[argparse.Namespace], None]]) -> argparse.ArgumentParser:
    """kpixl's command line: each command's options and help; ``commands`` runs each."""
    p = argparse.ArgumentParser(
        prog="kpixl",
        description="Marketing KPIs as Excel functions, Python functions and ready-made workbooks.",
        epilog="Run 'kpixl COMMAND --help' for the options of a command.",
    )
    p.add_argument("--version", action="version", version=f"kpixl {VERSION}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str, description: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help, description=description)
        command.set_defaults(run=commands[name])
        return command

    s = add("list", help="print the KPI catalog", description="Print the KPI catalog.")
    common(s)
    s.add_argument("--category", help=f"only one category: {', '.join(CATEGORIES)}")

    s = add(
        "lite",
        help="write main.py and requirements.txt for xlwings Lite",
        description="Write the main.py and requirements.txt that give an xlwings Lite workbook "
        "every KPI_* function (Excel on Windows, Mac and the web).",
    )
    s.add_argument("directory", help="folder to write the two files into")
    common(s, "force")

    s = add(
        "dashboard",
        help="build the KPI dashboard workbook from campaign data",
        description="Build the marketing KPI dashboard workbook. Without --data it uses the demo data. Give the "
        "files your platforms export, as downloaded (Google Ads, Meta, LinkedIn, TikTok, Microsoft Ads, Amazon Ads, "
        "Search Console, GA4, Mailchimp, Klaviyo, Shopify, HubSpot...), or a table of your own.",
    )
    s.add_argument("output", help="the .xlsx file to write")
    s.add_argument("--data", action="append", help="a data file (.csv, .xlsx, Parquet, a database table); repeat it")
    common(s, "host", "force", "pdf", "read")
    s.add_argument("--objective", choices=tuple(OBJECTIVES), help="show the 5 to 7 KPIs of one business objective")
    s.add_argument(
        "--grain",
        choices=GRAINS,
        default="month",
        help="the periods the dashboard compares: month (default), week (ISO, Monday to Sunday) or quarter",
    )
    s.add_argument("--period", help="the period it opens on: 2025-06, 2025-W23 or 2025-Q2 (default: the last)")
    s.add_argument("--channel", help="the channel it opens on (default: all)")
    s.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="KPI=VALUE",
        help="a target: --target CTR=2%% --target CPA=45 (default: the benchmark)",
    )
    s.add_argument(
        "--budget",
        action="append",
        default=[],
        metavar="CHANNEL=AMOUNT",
        help="a monthly budget: --budget Search=12000 (every month; change months in Budgets)",
    )

    s = add(
        "inspect",
        help="show how kpixl reads data files",
        description="Show how each file is understood: platform, encoding, delimiter, header row, skipped lines, "
        "columns used and set aside, number and date formats, grain, rows, date span and totals.",
    )
    s.add_argument("files", nargs="+", help="the data files")
    s.add_argument("--json", action="store_true", help="print JSON for pipelines")
    common(s, "read")

    s = add(
        "goals",
        help="build a SMART goals workbook",
        description="Build a SMART goals workbook, pre-filled with example goals to edit: progress, "
        "expected pace, status, required rate and the SMART check for each goal.",
    )
    s.add_argument("output", help="the .xlsx file to write")
    common(s, "host", "force", "pdf")

    s = add(
        "functions",
        help="write every KPI as a LAMBDA name: a workbook to copy from, or the text of the names",
        description="Write a workbook holding every KPI as a LAMBDA name (Excel 365, 2024 and the web compute "
        "=KPI_CTR(B2,C2) with nothing installed) and a sheet listing them with an example each: copy that sheet "
        "into any workbook and the names come along. With --text, print the names as NAME = LAMBDA(...); the "
        "form Excel Labs' Advanced Formula Environment keeps in a module.",
    )
    s.add_argument("output", nargs="?", help="the .xlsx file to write")
    s.add_argument("--text", action="store_true", help="print the definitions instead of writing a workbook")
    common(s, "force")

    s = add(
        "refresh",
        help="rebuild a dashboard workbook with new data, keeping what its user typed",
        description="Rebuild a dashboard workbook made by kpixl with new data: the targets, the period and "
        "channel, the SMART goals, the A/B tests and the budgets typed in it are kept, and so are its Excel host, "
        "language and objective. A newer export replaces the workbook's rows of the same source and campaigns "
        "over the days it covers. Writes OUTPUT, or replaces BOOK with --force after keeping a copy of it.",
    )
    s.add_argument("book", help="the dashboard workbook (.xlsx) to refresh; it is only read")
    s.add_argument("--data", action="append", required=True, help="the new data file; repeat it")
    s.add_argument("-o", "--output", help="the refreshed workbook to write (default: replace BOOK, with --force)")
    s.add_argument(
        "--drop-additions",
        action="store_true",
        help="write the refreshed workbook even though it would not hold sheets, cells or columns you added",
    )
    common(s, "force", "pdf", "read")

    s = add(
        "pdf",
        help="print a workbook's report to PDF (needs LibreOffice)",
        description="Print a workbook to PDF through LibreOffice, with the values it holds: of a kpixl workbook "
        "the report (Dashboard, SMART goals, A/B tests, budgets), of any other its visible sheets. The workbook is "
        "only read.",
    )
    s.add_argument("book", help="the .xlsx workbook")
    s.add_argument("-o", "--output", help="the PDF to write (default: beside the workbook, same name)")
    s.add_argument("--with-data", action="store_true", help="also print the Campaigns table (5,000 rows at most)")
    common(s, "force")

    s = add(
        "templates",
        help="build the prebuilt workbooks (workbooks/)",
        description="Build every prebuilt workbook from the demo data into DIRECTORY.",
    )
    s.add_argument("directory")
    common(s, "force")

    s = add(
        "doctor",
        help="say what is installed for kpixl",
        description="Say what kpixl finds: "
        "Python, kpixl and its dependencies, LibreOffice for PDF, Node for the Lite checks, the engines.",
    )
    common(s)

    s = add(
        "completion",
        help="print a shell completion script",
        description='Print a completion script: eval "$(kpixl completion bash)" in ~/.bashrc.',
    )
    s.add_argument("shell", choices=("bash", "zsh"))
    common(s)
    return p
