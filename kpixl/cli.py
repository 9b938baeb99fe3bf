"""The ``kpixl`` command line: every line it prints in the language of ``--lang`` (else of ``LANG``)."""

from __future__ import annotations

import argparse
import math
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .arguments import completion
from .arguments import parser as command_line
from .errors import DataError, FileExistsNoForce, OutputError, PdfError, UsageError
from .messages import environment_lang, say
from .words import UNIT_LABELS, lang_index


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


def parser() -> argparse.ArgumentParser:
    """The command line, each command run by its ``cmd_`` function here."""
    commands = {name.removeprefix("cmd_"): f for name, f in globals().items() if name.startswith("cmd_")}
    return command_line(commands)


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "run", None):
        p.print_help()
        return 0
    args.lang = args.lang or environment_lang()

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
