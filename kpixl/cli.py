"""The ``kpixl`` command line: every line it prints in the language of ``--lang`` (else of ``LANG``)."""

from __future__ import annotations

import argparse
import math
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ._version import VERSION
from .data.platforms import PLATFORMS
from .messages import environment_lang, say
from .words import CATEGORIES, GRAINS, OBJECTIVE_LABELS, UNIT_LABELS, lang_index

PLATFORM_NAMES = tuple(p.name for p in PLATFORMS)
HOSTS = ("lite", "classic", "native", "lambda", "udf")
OUTCOME_KINDS = ("shop", "crm", "table", "analytics", "ads")


class UsageError(Exception):
    """Bad input from the user: one line, exit code 2, no traceback."""


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _say(args: argparse.Namespace, key: str, /, **fields: object) -> str:
    return say(args.lang, key, **fields)


def cmd_list(args: argparse.Namespace) -> None:
    from .catalog import CATALOG

    i = lang_index(args.lang)
    try:
        kpis = CATALOG.in_category(args.category)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None
    rows = [(k.excel_name, k.label[i], _cut(k.formula, 60), UNIT_LABELS[k.unit][i]) for k in kpis]
    head = ("Excel", "KPI", "Formula", "Unit") if i == 0 else ("Excel", "KPI", "Formule", "Unité")
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(3)]
    for r in [head, *rows]:
        print("  ".join(r[c].ljust(widths[c]) for c in range(3)) + "  " + r[3])


def cmd_lite(args: argparse.Namespace) -> None:
    from .excel.lite import write_lite

    paths = write_lite(args.directory, force=args.force)
    print("\n".join(_say(args, "wrote", path=p) for p in paths))
    print(_say(args, "lite_steps"))


def number(text: str) -> float | None:
    """A number as people write it in a target or budget: ``0.02``, ``0,02``, ``2%``, ``2 %``, ``12 000``."""
    value = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    percent = value.endswith("%")
    value = value.rstrip("%").strip().replace(" ", "").replace(",", ".")
    try:
        got = float(value)
    except ValueError:
        return None
    return got / 100 if percent else got


def _pairs(args: argparse.Namespace, pairs: list[str], option: str) -> dict[str, float | None]:
    """{name: number} from NAME=VALUE pairs (--target CTR=2%, --budget Search=12000)."""
    shape, example = (
        ("KPI=VALUE", "--target CTR=2%") if option == "--target" else ("CHANNEL=AMOUNT", "--budget Search=12000")
    )
    out: dict[str, float | None] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        got = number(value) if sep and name.strip() else None
        if got is None:
            raise UsageError(_say(args, "option_pair", option=option, pair=pair, shape=shape, example=example))
        if not math.isfinite(got) or abs(got) > 1e15:
            raise UsageError(_say(args, "option_finite", option=option, pair=pair, example=example))
        out[name.strip()] = got
    return out


def _read_options(args: argparse.Namespace) -> Any:
    from .data.channels import read_map
    from .data.understand import Options

    order = "day" if args.dayfirst else "month" if args.monthfirst else None
    columns = {}
    for pair in args.column:
        header, sep, key = pair.rpartition("=")
        if not sep or not header.strip():
            example = "--column 'Impresions=impressions'"
            raise UsageError(
                _say(args, "option_pair", option="--column", pair=pair, shape="HEADER=KEY", example=example)
            )
        columns[header.strip()] = key.strip() or "-"
    return Options(
        decimal=args.decimal,
        date_order=order,
        channel=args.channel_name,
        platform=args.platform,
        lang=args.lang,
        columns=columns,
        row_span=args.row_span,
        channel_map=read_map(args.channel_map) if args.channel_map else [],
        outcomes_from=args.outcomes_from,
        overlap=args.overlap,
    )


def _rates(args: argparse.Namespace) -> dict[str, float]:
    rates = {}
    for pair in args.rate:
        code, sep, value = pair.partition("=")
        got = number(value) if sep else None
        if got is None or not 0 < got < 1e6:
            raise UsageError(_say(args, "option_rate", pair=pair))
        rates[code.strip().upper()] = got
    return rates


def _progress(args: argparse.Namespace) -> Callable[[str], None]:
    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    return progress


def cmd_dashboard(args: argparse.Namespace) -> None:
    from .build import build_dashboard, demo_targets
    from .data.sample import SAMPLE_BUDGETS, sample_data

    _can_print(args, args.output)
    targets, budgets = _pairs(args, args.target, "--target"), _pairs(args, args.budget, "--budget")
    if not args.data:  # the demo's spend, revenue and budgets are monthly, its targets for all channels
        monthly = args.grain == "month"
        targets = {**(demo_targets(args.objective, args.grain) if not args.channel else {}), **targets}
        budgets = {**({k: v for k, v in SAMPLE_BUDGETS.items()} if monthly else {}), **budgets}
    path = build_dashboard(
        args.data or sample_data(),
        args.output,
        lang=args.lang,
        formulas=args.formulas,
        objective=args.objective,
        targets=targets,
        budgets=budgets,
        grain=args.grain,
        period=args.period,
        channel=args.channel,
        force=args.force,
        progress=_progress(args),
        read=_read_options(args),
        rates=_rates(args),
    )
    from .data.engines import masked

    source = " + ".join(map(masked, args.data)) if args.data else _say(args, "demo")
    print(_say(args, "wrote_dashboard", path=path, source=source, host=args.formulas, lang=args.lang))
    _print_pdf(args, path)


def _can_print(args: argparse.Namespace, book: str) -> None:
    """Before any work: with --pdf, LibreOffice is there and the PDF beside ``book`` may be written."""
    if args.pdf:
        from .pdf import can_write

        can_write(Path(book).with_suffix(".pdf"), force=args.force, lang=args.lang)


def _print_pdf(args: argparse.Namespace, book: Path) -> None:
    if args.pdf:
        from .pdf import write_pdf

        path = write_pdf(book, force=args.force, progress=_progress(args), lang=args.lang)
        print(_say(args, "wrote_pdf", path=path))


def cmd_refresh(args: argparse.Namespace) -> None:
    from .refresh import refresh_dashboard

    _can_print(args, args.output or args.book)
    path, lines = refresh_dashboard(
        args.book,
        args.data,
        args.output,
        force=args.force,
        read=_read_options(args),
        rates=_rates(args),
        progress=_progress(args),
        lang=args.lang,
        drop_additions=args.drop_additions,
    )
    print("\n".join(lines))
    print(_say(args, "wrote", path=path))
    _print_pdf(args, path)


def cmd_pdf(args: argparse.Namespace) -> None:
    from .pdf import write_pdf

    path = write_pdf(
        args.book, args.output, force=args.force, with_data=args.with_data, progress=_progress(args), lang=args.lang
    )
    print(_say(args, "wrote_pdf", path=path))


def cmd_inspect(args: argparse.Namespace) -> None:
    import json

    from .data.sources import read_data
    from .data.summary import describe

    _, readings = read_data(args.files, _read_options(args), _rates(args))
    if args.json:
        print(json.dumps([r.as_dict() for r in readings], indent=2, ensure_ascii=False, default=str))
        return
    for r in readings:
        print("\n".join(describe(r, args.lang)))


def cmd_goals(args: argparse.Namespace) -> None:
    from .build import build_goals

    _can_print(args, args.output)
    path = build_goals(args.output, lang=args.lang, formulas=args.formulas, force=args.force)
    print(_say(args, "wrote_goals", path=path, host=args.formulas, lang=args.lang))
    _print_pdf(args, path)


def cmd_functions(args: argparse.Namespace) -> None:
    from .build import build_functions, lambda_text

    if args.text:
        sys.stdout.write(lambda_text())
        return
    if not args.output:
        raise UsageError(_say(args, "functions_output"))
    path = build_functions(args.output, lang=args.lang, force=args.force)
    print(_say(args, "wrote", path=path))


def cmd_templates(args: argparse.Namespace) -> None:
    from .build import write_templates

    paths = write_templates(args.directory, force=args.force)
    print("\n".join(_say(args, "wrote", path=p) for p in paths))


def cmd_doctor(args: argparse.Namespace) -> None:
    from .doctor import report

    print("\n".join(report(args.lang)))


def cmd_completion(args: argparse.Namespace) -> None:
    print(completion(parser(), args.shell))


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


def _common(s: argparse.ArgumentParser, *features: str) -> None:
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
        _read_arguments(s)


def _read_arguments(s: argparse.ArgumentParser) -> None:
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kpixl",
        description="Marketing KPIs as Excel functions, Python functions and ready-made workbooks.",
        epilog="Run 'kpixl COMMAND --help' for the options of a command.",
    )
    p.add_argument("--version", action="version", version=f"kpixl {VERSION}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("list", help="print the KPI catalog", description="Print the KPI catalog.")
    _common(s)
    s.add_argument("--category", help=f"only one category: {', '.join(CATEGORIES)}")
    s.set_defaults(run=cmd_list)

    s = sub.add_parser(
        "lite",
        help="write main.py and requirements.txt for xlwings Lite",
        description="Write the main.py and requirements.txt that give an xlwings Lite workbook "
        "every KPI_* function (Excel on Windows, Mac and the web).",
    )
    s.add_argument("directory", help="folder to write the two files into")
    _common(s, "force")
    s.set_defaults(run=cmd_lite)

    s = sub.add_parser(
        "dashboard",
        help="build the KPI dashboard workbook from campaign data",
        description="Build the marketing KPI dashboard workbook. Without --data it uses the demo data. Give the "
        "files your platforms export, as downloaded (Google Ads, Meta, LinkedIn, TikTok, Microsoft Ads, Amazon Ads, "
        "Search Console, GA4, Mailchimp, Klaviyo, Shopify, HubSpot...), or a table of your own.",
    )
    s.add_argument("output", help="the .xlsx file to write")
    s.add_argument("--data", action="append", help="a data file (.csv, .xlsx, Parquet, a database table); repeat it")
    _common(s, "host", "force", "pdf", "read")
    s.add_argument(
        "--objective", choices=tuple(OBJECTIVE_LABELS), help="show the 5 to 7 KPIs of one business objective"
    )
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
    s.set_defaults(run=cmd_dashboard)

    s = sub.add_parser(
        "inspect",
        help="show how kpixl reads data files",
        description="Show how each file is understood: platform, encoding, delimiter, header row, skipped lines, "
        "columns used and set aside, number and date formats, grain, rows, date span and totals.",
    )
    s.add_argument("files", nargs="+", help="the data files")
    s.add_argument("--json", action="store_true", help="print JSON for pipelines")
    _common(s, "read")
    s.set_defaults(run=cmd_inspect)

    s = sub.add_parser(
        "goals",
        help="build a SMART goals workbook",
        description="Build a SMART goals workbook, pre-filled with example goals to edit: progress, "
        "expected pace, status, required rate and the SMART check for each goal.",
    )
    s.add_argument("output", help="the .xlsx file to write")
    _common(s, "host", "force", "pdf")
    s.set_defaults(run=cmd_goals)

    s = sub.add_parser(
        "functions",
        help="write every KPI as a LAMBDA name: a workbook to copy from, or the text of the names",
        description="Write a workbook holding every KPI as a LAMBDA name (Excel 365, 2024 and the web compute "
        "=KPI_CTR(B2,C2) with nothing installed) and a sheet listing them with an example each: copy that sheet "
        "into any workbook and the names come along. With --text, print the names as NAME = LAMBDA(...); the "
        "form Excel Labs' Advanced Formula Environment keeps in a module.",
    )
    s.add_argument("output", nargs="?", help="the .xlsx file to write")
    s.add_argument("--text", action="store_true", help="print the definitions instead of writing a workbook")
    _common(s, "force")
    s.set_defaults(run=cmd_functions)

    s = sub.add_parser(
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
    _common(s, "force", "pdf", "read")
    s.set_defaults(run=cmd_refresh)

    s = sub.add_parser(
        "pdf",
        help="print a workbook's report to PDF (needs LibreOffice)",
        description="Print a workbook to PDF through LibreOffice, with the values it holds: of a kpixl workbook "
        "the report (Dashboard, SMART goals, A/B tests, budgets), of any other its visible sheets. The workbook is "
        "only read.",
    )
    s.add_argument("book", help="the .xlsx workbook")
    s.add_argument("-o", "--output", help="the PDF to write (default: beside the workbook, same name)")
    s.add_argument("--with-data", action="store_true", help="also print the Campaigns table (5,000 rows at most)")
    _common(s, "force")
    s.set_defaults(run=cmd_pdf)

    s = sub.add_parser(
        "templates",
        help="build the prebuilt workbooks (workbooks/)",
        description="Build every prebuilt workbook from the demo data into DIRECTORY.",
    )
    s.add_argument("directory")
    _common(s, "force")
    s.set_defaults(run=cmd_templates)

    s = sub.add_parser(
        "doctor",
        help="say what is installed for kpixl",
        description="Say what kpixl finds: "
        "Python, kpixl and its dependencies, LibreOffice for PDF, Node for the Lite checks, the engines.",
    )
    _common(s)
    s.set_defaults(run=cmd_doctor)

    s = sub.add_parser(
        "completion",
        help="print a shell completion script",
        description='Print a completion script: eval "$(kpixl completion bash)" in ~/.bashrc.',
    )
    s.add_argument("shell", choices=("bash", "zsh"))
    _common(s)
    s.set_defaults(run=cmd_completion)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "run", None):
        p.print_help()
        return 0
    args.lang = args.lang or environment_lang()
    from .data.columns import DataError
    from .files import FileExistsNoForce, OutputError
    from .pdf import PdfError

    signal.signal(signal.SIGTERM, _interrupted)

    def error(message: str) -> int:
        print(_say(args, "error", command=args.command, message=message), file=sys.stderr)
        return 2

    try:
        args.run(args)
    except FileExistsNoForce as exc:  # the library says force=True; here it is --force
        return error(_say(args, exc.key, path=exc.path))
    except OutputError as exc:
        return error(_say(args, exc.key, **exc.fields))
    except (UsageError, DataError, PdfError, FileExistsError) as exc:  # the user's to fix: no traceback
        return error(str(exc))
    except IsADirectoryError as exc:
        return error(_say(args, "is_folder", path=exc.filename))
    except PermissionError as exc:
        return error(_say(args, "permission", path=exc.filename or "output"))
    except BrokenPipeError:  # `kpixl list | head`
        return 0
    except OSError as exc:  # disk full, read-only file system...
        return error(_say(args, "os_error", why=exc.strerror or exc, path=exc.filename or "output"))
    except KeyboardInterrupt:
        print(_say(args, "interrupted", command=args.command), file=sys.stderr)
        return 130
    return 0


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
