"""Building kpixl's workbooks: the dashboard, the SMART goals workbook and the prebuilt templates.

Each is written to a temporary file beside its target and renamed into place, and
never over an existing file unless ``force`` is given.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .data.sample import SAMPLE_BUDGETS, SAMPLE_TARGETS, sample_data
from .data.sources import read_data
from .data.summary import brief
from .data.understand import Options
from .excel.lambdas import lambdas
from .files import check_target, write_atomic
from .messages import count, say
from .sheets.abtests import Test, write_abtest_sheet
from .sheets.budgets import write_budgets
from .sheets.calc import write_calc, write_lists
from .sheets.campaigns import write_campaigns
from .sheets.dashboard import tile_value, write_dashboard
from .sheets.formats import formats
from .sheets.functions import write_functions_sheet
from .sheets.goals import Goal, write_goals_sheet
from .sheets.layout import GOALS_LISTS_AT, TILE, Layout
from .sheets.model import OBJECTIVE_NAMES, Model, build_model, dashboard_kpis
from .sheets.reference import write_benchmarks, write_glossary, write_readme
from .sheets.writer import HOSTS, Host, Sheet, cell, new_workbook
from .words import GOALS_HEADERS, GOALS_WORDS, TEXTS

LARGE_ROWS = 200_000  # above this many rows the package may pass 4 GB of XML: written with ZIP64


CONF = "xlwings.conf"  # the hidden sheet classic xlwings reads its settings from


def write_conf(conf: Sheet) -> None:
    """The hidden ``xlwings.conf`` sheet: classic xlwings reads UDF Modules from it."""
    conf.write_string(0, 0, "UDF Modules")
    conf.write_string(0, 1, "kpixl.udfs")


def build_dashboard(
    data: Any,
    path: str | os.PathLike,
    *,
    lang: str = "en",
    formulas: str = "lite",
    objective: str | None = None,
    targets: Mapping[str, float | None] | None = None,
    period: str | None = None,
    channel: str | None = None,
    force: bool = False,
    as_of: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    read: Options | None = None,
    rates: dict[str, float] | None = None,
    goals: list[Goal] | None = None,
    tests: list[Test] | None = None,
    follow_today: bool = False,
    budgets: Mapping[Any, float | None] | None = None,
    grain: str = "month",
    targets_for: str | None = None,
) -> Path:
    """Build the KPI dashboard workbook at ``path`` from a DataFrame, a .csv / .xlsx file, or a list of them.

    Exports of Google Ads, Meta, LinkedIn, GA4, Mailchimp, HubSpot... are read as downloaded;
    ``read`` settles what a file cannot tell (decimal mark, date order, channel), ``rates``
    converts currencies ({"USD": 0.92}).

    ``formulas``: the host: "lite" (xlwings Lite: Excel on Windows, Mac and the web; the default, also called
    "udf"), "classic" (xlwings on Windows desktop Excel) or "native" (plain Excel formulas, no add-in).
    ``objective``: awareness, leads, conversion, loyalty, content or email (5-7 KPIs), or None.
    ``targets``: {KPI name: target}; KPIs without one are judged against their benchmark.
    ``period`` ("2025-06") and ``channel``: the selection the file opens on (default: last month, all).
    ``targets_for``: the channel the targets are for, "" for all channels (default: ``channel``); the tiles
    of another selection show no status, and the Target header says whose targets they are.
    ``as_of``: the day the SMART goals are reviewed at (default today); ``follow_today``: ``=TODAY()``.
    ``goals`` and ``tests``: the SMART goals and A/B tests rows (default: examples to edit).
    ``budgets``: {channel: monthly budget}, or {(channel, "2025-06"): budget}, paced on the Dashboard.
    ``grain``: the dashboard's periods, "month" (default), "week" (ISO weeks) or "quarter".
    Never replaces an existing file unless ``force``; writes a temporary file, then renames.
    """
    if lang not in TEXTS:
        raise ValueError(f"lang must be 'en' or 'fr', not {lang!r}")
    if objective is not None and objective not in OBJECTIVE_NAMES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVE_NAMES)}, not {objective!r}")
    host = Host(formulas)
    check_target(path, (".xlsx",), force=force)
    df, readings = read_data(data, read or Options(lang=lang), rates, progress)
    if progress:  # say how each file was read: what was skipped or set aside is never silent
        for r in readings:
            if r.source != "data" and r.encoding != "workbook":  # a DataFrame (the demo), or a refreshed book
                for line in brief(r, lang):
                    progress(line)
    model = build_model(df, lang, objective, targets, period, channel, budgets, grain)
    if progress and len(model.channels) > MANY_CHANNELS:
        progress(say(lang, "many_channels", channels=count(lang, len(model.channels), "channel_count")))
    model.currency = next((r.currency for r in readings if r.currency), "")
    model.targets_for = model.channel if targets_for is None else (targets_for or None)
    day = as_of or dt.date.today()

    rows = Rows(goals, tests, follow_today)

    def write(tmp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="kpixl-") as scratch:  # removed on every exit, Ctrl-C too
            _write(tmp, model, host, objective, day, progress, scratch, rows)

    return write_atomic(path, write, force=force)


@dataclass
class Rows:
    """The rows a user types in a dashboard workbook, when they are not the examples."""

    goals: list[Goal] | None = None
    tests: list[Test] | None = None
    follow_today: bool = False


@dataclass
class Book:
    """A dashboard workbook being written: what every sheet's writer is given."""

    wb: Any
    m: Model
    host: Host
    layout: Layout
    f: dict
    sheets: dict[str, Sheet]
    objective: str | None
    as_of: dt.date
    rows: Rows


def _goals(s: Sheet, b: Book) -> None:
    """The SMART goals, their look-up lists in Lists from column F, each goal's current value the tile's."""
    at, dashboard = b.layout.tiles_row, b.layout.names["dashboard"]
    tiles = {t.label: (cell(at + i, TILE["value"], dashboard), tile_value(b.m, t)) for i, t in enumerate(b.m.tiles)}
    lists, rows = b.sheets["lists"], b.rows
    write_goals_sheet(
        b.wb, s, lists, b.m.lang, b.host, b.f, b.as_of, tiles, GOALS_LISTS_AT, rows.goals, rows.follow_today
    )


SHEETS = ("readme", "dashboard", "goals", "abtests", "budgets", "campaigns", "benchmarks", "glossary", "calc", "lists")
WRITERS: tuple[tuple[str, Callable[[Sheet, Book], None]], ...] = (  # in the order they are written; Campaigns last
    ("readme", lambda s, b: write_readme(s, b.m, b.host, b.f)),
    ("lists", lambda s, b: write_lists(s, b.m, b.f)),
    ("calc", lambda s, b: write_calc(s, b.m, b.host, b.layout, b.f)),
    ("dashboard", lambda s, b: write_dashboard(b.wb, s, b.m, b.host, b.layout, b.objective, b.f)),
    ("goals", _goals),
    ("abtests", lambda s, b: write_abtest_sheet(s, b.m.lang, b.host, b.f, b.rows.tests)),
    ("budgets", lambda s, b: write_budgets(s, b.m, b.f)),
    ("benchmarks", lambda s, b: write_benchmarks(s, b.m.lang, b.f)),
    ("glossary", lambda s, b: write_glossary(s, b.m.lang, b.f)),
    ("conf", lambda s, b: write_conf(s)),
)


def set_properties(wb: Any, kind: str, lang: str, host: Host, objective: str | None = None) -> None:
    """kpixl's settings as custom document properties: how ``kpixl refresh`` knows its workbooks."""
    wb.set_custom_property("kpixl", __version__)
    wb.set_custom_property("kpixl.workbook", kind)
    wb.set_custom_property("kpixl.lang", lang)
    wb.set_custom_property("kpixl.formulas", host.name)
    if objective:
        wb.set_custom_property("kpixl.objective", objective)


def _write(
    path: Path,
    m: Model,
    host: Host,
    objective: str | None,
    as_of: dt.date,
    progress: Callable[[str], None] | None,
    scratch: str | None = None,
    rows: Rows | None = None,
) -> None:
    rows = rows or Rows()
    wb = new_workbook(path, scratch, large=len(m.df) > LARGE_ROWS, host=host)
    set_properties(wb, "dashboard", m.lang, host, objective)
    wb.set_custom_property("kpixl.grain", m.grain)
    if m.currency:
        wb.set_custom_property("kpixl.currency", m.currency)
    wb.set_custom_property("kpixl.targets_for", m.targets_for or "")
    names = {k: m.t(f"sheet_{k}") for k in SHEETS if k != "budgets" or "cost" in m.df}
    sheets = {k: Sheet(wb.add_worksheet(v)) for k, v in names.items()} | {"conf": Sheet(wb.add_worksheet(CONF))}
    book = Book(wb, m, host, Layout(m, names), formats(wb, m.currency, m.lang), sheets, objective, as_of, rows)
    for kind, write in WRITERS:
        if kind in sheets:
            write(sheets[kind], book)
    for sheet in sheets.values():
        sheet.flush()
    write_campaigns(sheets["campaigns"], m, host, book.layout, book.f, progress)  # streamed, the rest flushed
    for key in ("calc", "lists", "conf"):
        sheets[key].ws.hide()
    sheets["dashboard"].ws.activate()
    wb.close()


MANY_CHANNELS = 1_000  # more, and the channel tables are long to write and to read: said, with the likely cause


def print_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_goals(
    path: str | os.PathLike,
    *,
    lang: str = "en",
    formulas: str = "lite",
    force: bool = False,
    as_of: dt.date | None = None,
) -> Path:
    """The standalone SMART goals workbook, pre-filled with example goals to edit."""
    if lang not in GOALS_HEADERS:
        raise ValueError(f"lang must be 'en' or 'fr', not {lang!r}")
    host = Host(formulas)
    check_target(path, (".xlsx",), force=force)
    day = as_of or dt.date.today()

    def write(tmp: Path) -> None:
        wb = new_workbook(tmp, host=host)
        set_properties(wb, "goals", lang, host)
        f = formats(wb, lang=lang)
        sheet = Sheet(wb.add_worksheet(GOALS_WORDS[lang]["title"]))
        lists = Sheet(wb.add_worksheet(TEXTS[lang]["sheet_lists"]))
        conf = Sheet(wb.add_worksheet("xlwings.conf"))
        write_goals_sheet(wb, sheet, lists, lang, host, f, day)
        write_conf(conf)
        for s in (sheet, lists, conf):
            s.flush()
        lists.ws.hide()
        conf.ws.hide()
        wb.close()

    return write_atomic(path, write, force=force)


def build_functions(path: str | os.PathLike, *, lang: str = "en", force: bool = False) -> Path:
    """A workbook holding every KPI as a LAMBDA name (Excel 365, 2024, the web), and a sheet listing them
    with an example each: copy that sheet into any workbook to bring the names along."""
    if lang not in TEXTS:
        raise ValueError(f"lang must be 'en' or 'fr', not {lang!r}")
    host = Host("lambda")
    check_target(path, (".xlsx",), force=force)

    def write(tmp: Path) -> None:
        wb = new_workbook(tmp, host=host)
        set_properties(wb, "functions", lang, host)
        sheet = Sheet(wb.add_worksheet(TEXTS[lang]["sheet_functions"]))
        write_functions_sheet(sheet, lang, formats(wb, lang=lang))
        sheet.flush()
        wb.close()

    return write_atomic(path, write, force=force)


def lambda_text() -> str:
    """Every LAMBDA name as Excel Labs' Advanced Formula Environment keeps a module: ``NAME = LAMBDA(...);``,
    its help as a comment above it."""
    return "\n".join(f"/* {item.comment} */\n{item.name} = {item.text};\n" for item in lambdas())


CREATED = "1767225600"  # 2026-01-01T00:00:00Z: a fixed date, so that rebuilt files are identical
AS_OF = dt.date(2026, 5, 15)  # the goals' review day: inside the demo data, fixed for the same reason


def demo_targets(objective: str | None = None, grain: str = "month") -> dict[str, float]:
    """The demo data's targets for the tiles of ``objective`` (spend and revenue targets are monthly)."""
    tiles = set(dashboard_kpis("tile", objective)) | ({"spend", "revenue"} if grain == "month" else set())
    return {k: v for k, v in SAMPLE_TARGETS.items() if k in tiles}


def template_names() -> list[str]:
    return [f"{kind}-{lang}-{host}.xlsx" for kind in ("dashboard", "goals") for lang in ("en", "fr") for host in HOSTS]


@contextlib.contextmanager
def fixed_creation_date() -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = CREATED
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def write_templates(directory: str | Path, *, force: bool = False) -> list[Path]:
    """Build every prebuilt workbook into ``directory``."""
    folder = Path(directory)
    data = sample_data()
    paths = []
    with fixed_creation_date():
        for name in template_names():
            kind, lang, host = name.removesuffix(".xlsx").split("-")
            if kind == "dashboard":
                paths.append(
                    build_dashboard(
                        data,
                        folder / name,
                        lang=lang,
                        formulas=host,
                        targets=demo_targets(),
                        budgets=SAMPLE_BUDGETS,
                        as_of=AS_OF,
                        force=force,
                    )
                )
            else:
                paths.append(build_goals(folder / name, lang=lang, formulas=host, as_of=AS_OF, force=force))
    return paths
