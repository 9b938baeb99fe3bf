"""The ``kpixl`` command line."""

from __future__ import annotations

import argparse
import math
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .catalog import CATALOG, CATEGORIES, UNIT_LABELS
from .data.platforms import PLATFORMS
from .words import lang_index

PLATFORM_NAMES = tuple(p.name for p in PLATFORMS)


class UsageError(Exception):
    """Bad input from the user: one line, exit code 2, no traceback."""


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_list(args: argparse.Namespace) -> None:
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
    print("\n".join(f"wrote {p}" for p in paths))
    print(
        "In Excel: open the xlwings Lite add-in, paste main.py into its editor and requirements.txt into its "
        "requirements, restart; then type =KPI_CTR(B2,C2) in a cell. (Workbooks made with --formulas lite "
        "already carry both.)"
    )


def _targets(pairs: list[str], option: str = "target", shape: str = "KPI=VALUE") -> dict[str, float | None]:
    """{name: number} from NAME=VALUE pairs (--target CTR=0.03, --budget Search=12000)."""
    example = "--target CTR=0.03" if option == "target" else "--budget Search=12000"
    targets: dict[str, float | None] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise UsageError(f"--{option} {pair!r}: write {shape}, for example {example}") from None
        if not math.isfinite(number) or abs(number) > 1e15:
            raise UsageError(f"--{option} {pair!r}: the {option} must be a finite number, for example {example}")
        if not sep:
            raise UsageError(f"--{option} {pair!r}: write {shape}, for example {example}")
        targets[name.strip()] = number
    return targets


def _read_options(args: argparse.Namespace):
    from .data.channels import read_map
    from .data.understand import Options

    order = "day" if args.dayfirst else "month" if args.monthfirst else None
    columns = {}
    for pair in args.column:
        header, sep, key = pair.rpartition("=")
        if not sep or not header.strip():
            raise UsageError(f"--column {pair!r}: write HEADER=KEY, for example --column 'Impresions=impressions'")
        columns[header.strip()] = key.strip() or "-"
    return Options(
        decimal=args.decimal,
        date_order=order,
        channel=args.channel_name,
        platform=args.platform,
        lang=args.lang or "en",
        columns=columns,
        row_span=args.row_span,
        channel_map=read_map(args.channel_map) if args.channel_map else [],
        outcomes_from=args.outcomes_from,
        overlap=args.overlap,
    )


def _rates(pairs: list[str]) -> dict[str, float]:
    rates = {}
    for pair in pairs:
        code, sep, value = pair.partition("=")
        try:
            rates[code.strip().upper()] = float(value)
        except ValueError:
            raise UsageError(f"--rate {pair!r}: write CODE=VALUE, for example --rate USD=0.92") from None
        if not sep or not 0 < rates[code.strip().upper()] < 1e6:
            raise UsageError(f"--rate {pair!r}: write CODE=VALUE with a positive value, for example --rate USD=0.92")
    return rates


def cmd_dashboard(args: argparse.Namespace) -> None:
    from .build import build_dashboard, print_progress
    from .data.sample import SAMPLE_BUDGETS, SAMPLE_TARGETS, sample_data

    _can_print(args, args.output)
    data = args.data if args.data else sample_data()
    if not args.data:
        monthly = args.grain == "month"  # the demo's spend, revenue and budget targets are monthly
        sample = {k: v for k, v in SAMPLE_TARGETS.items() if monthly or k not in ("spend", "revenue")}
        args.target = [f"{k}={v}" for k, v in sample.items()] + args.target
        args.budget = [f"{k}={v}" for k, v in SAMPLE_BUDGETS.items() if monthly] + args.budget
    path = build_dashboard(
        data,
        args.output,
        lang=args.lang,
        formulas=args.formulas,
        objective=args.objective,
        targets=_targets(args.target),
        budgets=_targets(args.budget, "budget", "CHANNEL=AMOUNT"),
        grain=args.grain,
        period=args.period,
        channel=args.channel,
        force=args.force,
        progress=print_progress,
        read=_read_options(args),
        rates=_rates(args.rate),
    )
    source = " + ".join(args.data) if args.data else "the demo data (kpixl.sample_data())"
    print(f"wrote {path} from {source} ({args.formulas} formulas, {args.lang})")
    _print_pdf(args, path)


def _can_print(args: argparse.Namespace, book: str) -> None:
    """Before any work: with --pdf, LibreOffice is there and the PDF beside ``book`` may be written."""
    if args.pdf:
        from .pdf import can_write

        can_write(Path(book).with_suffix(".pdf"), force=args.force)


def _print_pdf(args: argparse.Namespace, book: Path) -> None:
    if args.pdf:
        from .build import print_progress
        from .pdf import write_pdf

        print(f"wrote {write_pdf(book, force=args.force, progress=print_progress)} (printed by LibreOffice)")


def cmd_refresh(args: argparse.Namespace) -> None:
    from .build import print_progress
    from .refresh import refresh_dashboard

    _can_print(args, args.output or args.book)
    path, lines = refresh_dashboard(
        args.book,
        args.data,
        args.output,
        force=args.force,
        read=_read_options(args),
        rates=_rates(args.rate),
        progress=print_progress,
    )
    print("\n".join(lines))
    print(f"wrote {path}")
    _print_pdf(args, path)


def cmd_pdf(args: argparse.Namespace) -> None:
    from .build import print_progress
    from .pdf import write_pdf

    path = write_pdf(args.book, args.output, force=args.force, with_data=args.with_data, progress=print_progress)
    print(f"wrote {path} (printed by LibreOffice)")


def cmd_inspect(args: argparse.Namespace) -> None:
    import json

    from .data.sources import read_data
    from .data.summary import describe

    _, readings = read_data(args.files, _read_options(args), _rates(args.rate))
    if args.json:
        print(json.dumps([r.as_dict() for r in readings], indent=2, ensure_ascii=False, default=str))
        return
    for r in readings:
        print("\n".join(describe(r, args.lang)))


def _add_host(s: argparse.ArgumentParser) -> None:
    s.add_argument(
        "--formulas",
        choices=("lite", "classic", "native", "udf"),
        default="lite",
        help="the Excel the workbook is for: lite (xlwings Lite: Excel on Windows, Mac and the web; "
        "the file carries kpixl), classic (xlwings, Windows desktop), native (plain formulas, "
        "no add-in: any Excel, LibreOffice); udf is lite (default lite)",
    )


def _add_read_options(s: argparse.ArgumentParser) -> None:
    s.add_argument("--decimal", choices=(",", "."), help="the decimal mark, when no number of a file tells")
    order = s.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_true", help="dates like 03/04/2025 are 3 April")
    order.add_argument("--monthfirst", action="store_true", help="dates like 03/04/2025 are 4 March")
    s.add_argument("--channel-name", help="the channel of every row of a file that has no channel column")
    s.add_argument(
        "--platform",
        choices=PLATFORM_NAMES,
        metavar="NAME",
        help=f"read the files as this platform's exports, when their headers do not tell: {', '.join(PLATFORM_NAMES)}",
    )
    s.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER=KEY",
        help="read a column as one of kpixl's (--column 'Impresions=impressions'), or set it aside (--column 'X=-')",
    )
    s.add_argument(
        "--row-span",
        choices=("day", "week", "month"),
        help="what one row of a table of your own covers, when its dates do not tell",
    )
    s.add_argument("--channel-map", metavar="FILE", help="a CSV of platform, campaign pattern and channel rules")
    s.add_argument(
        "--outcomes-from",
        choices=("shop", "crm", "table", "analytics", "ads"),
        help="where revenue, orders, leads and new customers come from when several sources give them "
        "(default: the first of shop, crm, table, analytics, ads)",
    )
    s.add_argument(
        "--overlap",
        choices=("newer", "add"),
        help="two exports of one platform over the same days: the newer replaces the older's rows of the same "
        "campaigns (newer, the default), or both count (add)",
    )
    s.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="CODE=VALUE",
        help="convert amounts in another currency, e.g. --rate USD=0.92 (1 USD in your currency)",
    )


def cmd_goals(args: argparse.Namespace) -> None:
    from .build import build_goals

    _can_print(args, args.output)
    path = build_goals(args.output, lang=args.lang, formulas=args.formulas, force=args.force)
    print(f"wrote {path}: SMART goals with examples to edit ({args.formulas} formulas, {args.lang})")
    _print_pdf(args, path)


def cmd_templates(args: argparse.Namespace) -> None:
    from .build import write_templates

    paths = write_templates(args.directory, force=args.force)
    print("\n".join(f"wrote {p}" for p in paths))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kpixl",
        description="Marketing KPIs as Excel functions, Python functions and ready-made workbooks.",
        epilog="Run 'kpixl COMMAND --help' for the options of a command.",
    )
    p.add_argument("--version", action="version", version=f"kpixl {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("list", help="print the KPI catalog", description="Print the KPI catalog.")
    s.add_argument("--lang", choices=("en", "fr"), default="en", help="language of labels (default en)")
    s.add_argument("--category", help=f"only one category: {', '.join(CATEGORIES)}")
    s.set_defaults(run=cmd_list)

    s = sub.add_parser(
        "lite",
        help="write main.py and requirements.txt for xlwings Lite",
        description="Write the main.py and requirements.txt that give an xlwings Lite workbook "
        "every KPI_* function (Excel on Windows, Mac and the web).",
    )
    s.add_argument("directory", help="folder to write the two files into")
    s.add_argument("--force", action="store_true", help="replace files that exist")
    s.set_defaults(run=cmd_lite)

    s = sub.add_parser(
        "dashboard",
        help="build the KPI dashboard workbook from campaign data",
        description="Build the marketing KPI dashboard workbook. Without --data it uses the demo "
        "data. The data is a table with columns date, channel, campaign, cost and any of "
        "impressions, reach, clicks, sessions, leads, new customers, orders, revenue "
        "(English or French headers).",
    )
    s.add_argument("output", help="the .xlsx file to write")
    s.add_argument(
        "--data",
        action="append",
        help="campaign data: a .csv or .xlsx file, as exported by Google Ads, "
        "Meta, LinkedIn, TikTok, Microsoft Ads, GA4, Mailchimp, HubSpot or Excel; repeat to combine files",
    )
    s.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the workbook (default en)")
    _add_host(s)
    s.add_argument(
        "--objective",
        choices=("awareness", "leads", "conversion", "loyalty", "content", "email"),
        help="show the 5 to 7 KPIs of one business objective",
    )
    s.add_argument(
        "--grain",
        choices=("month", "week", "quarter"),
        default="month",
        help="the periods the dashboard compares: month (default), week (ISO, Monday to Sunday) or quarter",
    )
    s.add_argument(
        "--period", help="period the dashboard opens on, as 2025-06, 2025-W23 or 2025-Q2 (default: the last one)"
    )
    s.add_argument("--channel", help="channel the dashboard opens on (default: all)")
    s.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="KPI=VALUE",
        help="a target, for example --target CTR=0.03 --target CPA=45 (default: the benchmark)",
    )
    s.add_argument(
        "--budget",
        action="append",
        default=[],
        metavar="CHANNEL=AMOUNT",
        help="a monthly budget, for example --budget Search=12000 (every month; change months in Budgets)",
    )
    s.add_argument("--force", action="store_true", help="replace the output file if it exists")
    s.add_argument("--pdf", action="store_true", help="also print it to a PDF beside it (needs LibreOffice)")
    _add_read_options(s)
    s.set_defaults(run=cmd_dashboard)

    s = sub.add_parser(
        "inspect",
        help="show how kpixl reads data files",
        description="Show how each file is understood: platform, encoding, delimiter, header row, "
        "skipped lines, column mapping, number and date formats, rows, date span and "
        "totals per metric.",
    )
    s.add_argument("files", nargs="+", help="the .csv or .xlsx files")
    s.add_argument("--json", action="store_true", help="print JSON for pipelines")
    s.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the messages (default en)")
    _add_read_options(s)
    s.set_defaults(run=cmd_inspect)

    s = sub.add_parser(
        "goals",
        help="build a SMART goals workbook",
        description="Build a SMART goals workbook, pre-filled with example goals to edit: progress, "
        "expected pace, status, required rate and the SMART check for each goal.",
    )
    s.add_argument("output", help="the .xlsx file to write")
    s.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the workbook (default en)")
    _add_host(s)
    s.add_argument("--force", action="store_true", help="replace the output file if it exists")
    s.add_argument("--pdf", action="store_true", help="also print it to a PDF beside it (needs LibreOffice)")
    s.set_defaults(run=cmd_goals)

    s = sub.add_parser(
        "refresh",
        help="rebuild a dashboard workbook with new data, keeping what its user typed",
        description="Rebuild a dashboard workbook made by kpixl with new data: the targets, the period "
        "and channel, the SMART goals and the A/B tests typed in it are kept, and so are its Excel host, "
        "language and objective. The new rows replace the workbook's rows of the same channel over the "
        "dates they cover. Writes OUTPUT, or replaces BOOK with --force after keeping a copy of it.",
    )
    s.add_argument("book", help="the dashboard workbook (.xlsx) to refresh; it is only read")
    s.add_argument("--data", action="append", required=True, help="the new data file; repeat to combine files")
    s.add_argument("-o", "--output", help="the refreshed workbook to write (default: replace BOOK, with --force)")
    s.add_argument("--force", action="store_true", help="replace the output, or BOOK itself (a copy is kept)")
    s.add_argument("--pdf", action="store_true", help="also print it to a PDF beside it (needs LibreOffice)")
    s.add_argument("--lang", choices=("en", "fr"), default=None, help=argparse.SUPPRESS)
    _add_read_options(s)
    s.set_defaults(run=cmd_refresh)

    s = sub.add_parser(
        "pdf",
        help="print a workbook to PDF (needs LibreOffice)",
        description="Print a workbook to PDF through LibreOffice, with the values it holds: of a kpixl "
        "workbook the report (Dashboard, SMART goals, A/B tests, budgets), of any other its visible sheets. "
        "The workbook is only read.",
    )
    s.add_argument("book", help="the .xlsx workbook")
    s.add_argument("-o", "--output", help="the PDF to write (default: beside the workbook, same name)")
    s.add_argument(
        "--with-data", action="store_true", help="also print the Campaigns table (its first 5,000 rows at most)"
    )
    s.add_argument("--force", action="store_true", help="replace the PDF if it exists")
    s.set_defaults(run=cmd_pdf)

    s = sub.add_parser(
        "templates",
        help="build the prebuilt workbooks (workbooks/)",
        description="Build every prebuilt workbook from the demo data into DIRECTORY.",
    )
    s.add_argument("directory")
    s.add_argument("--force", action="store_true", help="replace files that exist")
    s.set_defaults(run=cmd_templates)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "run", None):
        p.print_help()
        return 0
    from .data.columns import DataError
    from .pdf import PdfError

    signal.signal(signal.SIGTERM, _interrupted)
    try:
        args.run(args)
    except (UsageError, DataError, PdfError, FileExistsError) as exc:  # the user's to fix: no traceback
        print(f"kpixl {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except IsADirectoryError as exc:
        print(f"kpixl {args.command}: error: {exc.filename} is a folder; give a file name", file=sys.stderr)
        return 2
    except PermissionError as exc:
        print(
            f"kpixl {args.command}: error: cannot write {exc.filename or 'the output'}: permission denied; "
            "choose another folder",
            file=sys.stderr,
        )
        return 2
    except OSError as exc:  # disk full, read-only file system...
        print(f"kpixl {args.command}: error: {exc.strerror or exc} ({exc.filename or 'output'})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kpixl {args.command}: interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kpixl list | head`
        return 0
    return 0


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
