"""Refreshing a dashboard workbook with new data, keeping all its user typed in it.

A marketer's month: new exports arrive, the dashboard updates, and the targets, the period and
channel selected, the SMART goals and the A/B tests typed in the workbook stay. kpixl reads
them from the workbook (only reads it: nothing is modified in place), merges the new data into
the campaign table the workbook holds, and builds the workbook again, for the same Excel host,
language and objective. A workbook kpixl did not make, or an edit it cannot read, is refused
with the cell to fix: nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import openpyxl
import pandas as pd
from defusedxml.ElementTree import fromstring
from openpyxl.utils import column_index_from_string, get_column_letter

from .additions import additions, described
from .build import build_dashboard
from .catalog import CATALOG, fold
from .data.columns import BY_KEY, METRICS, DataError
from .data.platforms import PLATFORMS
from .data.sources import Table, blend, read_sources
from .data.understand import Options, Reading
from .data.xlsx_file import check_xlsx
from .files import FileExistsNoForce, OutputError, check_target, fingerprint, locked, publish, temporary
from .messages import count, say
from .sheets import abtests, goals, periods
from .sheets.abtests import Test
from .sheets.dashboard import BUDGETS_FIRST_ROW
from .sheets.goals import Goal
from .sheets.model import OBJECTIVE_NAMES, SUMS, Typed, dashboard_kpis, feeds
from .sheets.writer import HOSTS
from .words import GOALS_WORDS, TEXTS, excel_key, lang_index

PROPERTY = "kpixl"  # the custom document property every kpixl workbook carries (its version)
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"
TILES_FIRST_ROW = 7  # the Dashboard's first tile row (Excel's numbering)


@dataclass
class Carried:
    """What the user may have changed in a dashboard workbook, read back from it."""

    lang: str
    formulas: str
    objective: str | None
    grain: str
    targets: dict[str, float | None]
    period: str | None
    channel: str | None
    goals: list[Goal]
    tests: list[Test]
    budgets: dict[tuple[str, str], float]
    as_of: dt.date
    follow_today: bool
    data: pd.DataFrame = field(repr=False)
    currency: str = ""
    targets_for: str | None = None  # the channel the targets are for, "" all; None: not said (before 0.3)

    def describe(self, lang: str) -> list[str]:
        """What was carried over, one line each, in ``lang``."""
        set_targets = sum(v is not None for v in self.targets.values())
        objective = say(lang, "kept_objective", objective=self.objective) if self.objective else ""
        when = say(lang, "today") if self.follow_today else say(lang, "as_of", day=self.as_of)
        return [
            say(lang, "kept_host", host=self.formulas, lang=self.lang, grain=TEXTS[lang][self.grain].lower())
            + objective,
            say(
                lang, "kept_targets", targets=count(lang, set_targets, "targets"), blank=len(self.targets) - set_targets
            ),
            say(lang, "kept_channel", channel=self.channel) if self.channel else say(lang, "kept_all"),
            say(lang, "kept_goals", goals=count(lang, len(self.goals), "goals"), when=when),
            say(lang, "kept_tests", tests=count(lang, len(self.tests), "tests")),
            say(lang, "kept_budgets", budgets=count(lang, len(self.budgets), "budgets")),
        ]


def properties(book: Path) -> dict[str, str]:
    """The custom document properties of a workbook (kpixl's settings are there)."""
    import zipfile

    with zipfile.ZipFile(book) as z:
        if "docProps/custom.xml" not in z.namelist():
            return {}
        root: Element = fromstring(z.read("docProps/custom.xml"))
    return {p.get("name", ""): "".join(p.itertext()) for p in root.iter(_CUSTOM)}


def read_workbook(book: str | os.PathLike, said_in: str = "en") -> Carried:
    """Everything a user may edit in the dashboard workbook ``book``, and the campaign data it holds; problems
    with the file said in ``said_in``, those of its cells in the workbook's language."""
    book = Path(book)
    if not book.is_file():
        raise DataError(say(said_in, "no_book", path=book))
    check_xlsx(book, said_in)
    props = properties(book)
    if props.get("kpixl.workbook") != "dashboard":
        raise DataError(say(said_in, "not_kpixl", path=book))
    lang, host = props.get("kpixl.lang", "en"), props.get("kpixl.formulas", "lite")
    grain, objective = props.get("kpixl.grain", "month"), props.get("kpixl.objective") or None
    words = TEXTS.get(lang)
    known = host in HOSTS and grain in periods.GRAINS and objective in (None, *OBJECTIVE_NAMES)
    if words is None or not known:
        settings = f"lang {lang!r}, formulas {host!r}, grain {grain!r}, objective {objective!r}"
        raise DataError(say(said_in, "not_settings", path=book, settings=settings))
    values = openpyxl.load_workbook(book, read_only=True, data_only=True)
    texts = openpyxl.load_workbook(book, read_only=True, data_only=False)
    try:
        sheets = {k: words[f"sheet_{k}"] for k in ("dashboard", "goals", "abtests", "campaigns")}
        missing = [name for name in sheets.values() if name not in values.sheetnames]
        if missing:
            raise DataError(say(lang, "sheet_missing", path=book, sheet=missing[0]))
        dashboard = values[sheets["dashboard"]]
        targets = _targets(dashboard, texts[sheets["dashboard"]], lang, book)
        period, channel = (_text(dashboard, ref) for ref in ("B3", "B4"))
        as_of, follow = _as_of(values[sheets["goals"]], texts[sheets["goals"]], book)
        lists = words["sheet_lists"]  # its first channel entry is the selector's all-channels entry
        everything = values[lists]["C2"].value if lists in values.sheetnames else words["all"]
        return Carried(
            lang=lang,
            formulas=host,
            objective=objective,
            grain=grain,
            targets=targets,
            period=period,
            channel=None if channel is None or channel == str(everything) else channel,
            goals=_goals(values[sheets["goals"]], texts[sheets["goals"]], lang, book),
            tests=_tests(values[sheets["abtests"]], texts[sheets["abtests"]], book),
            budgets=_budgets(values[words["sheet_budgets"]], texts[words["sheet_budgets"]], book)
            if words["sheet_budgets"] in values
            else {},
            as_of=as_of,
            follow_today=follow,
            data=_campaigns(values[sheets["campaigns"]], lang, book),
            currency=props.get("kpixl.currency", ""),
            targets_for=props.get("kpixl.targets_for"),
        )
    finally:
        values.close()
        texts.close()


def refresh_dashboard(
    book: str | os.PathLike,
    data: Any,
    path: str | os.PathLike | None = None,
    *,
    force: bool = False,
    read: Options | None = None,
    rates: dict[str, float] | None = None,
    progress: Any = None,
    lang: str | None = None,
    drop_additions: bool = False,
) -> tuple[Path, list[str]]:
    """Rebuild the dashboard ``book`` with new ``data`` (files or DataFrames), keeping every edit.

    The new rows replace the workbook's rows of the same channel over the dates they cover and are
    added to the others. Written to ``path``; without it, ``book`` itself is replaced, only with
    ``force``, after a copy is kept beside it. Returns the file written and what was carried over, said in
    ``lang`` (default: the workbook's language). What the user added that the rebuilt workbook would not hold
    (a sheet, a note beside a table, a column beside the data) is refused by name, unless ``drop_additions``.
    """
    book = Path(book)
    target = Path(path) if path else book
    replacing = target.resolve() == book.resolve()
    if replacing and not force:
        raise FileExistsNoForce(book, "would_replace")
    if not replacing:
        check_target(target, (".xlsx",), force=force)
    with locked(target.resolve()):  # one run at a time writes a file
        seen = fingerprint(book) if replacing else None
        carried = read_workbook(book, lang or "en")
        lang = lang or carried.lang  # messages in the language asked, else the workbook's
        options = replace(read, lang=lang) if read else Options(lang=lang)
        table, notes = merge(carried, data, options, rates, book.name)
        settings, kept = _settings(carried, table.df, lang)
        lines = carried.describe(lang) + notes + kept
        fresh = temporary(target.resolve())
        try:
            build_dashboard(table, fresh, force=True, progress=progress, **settings)
            if not drop_additions:
                found = additions(book, fresh, carried.lang, lambda: _rebuild_old(carried, options, rates, fresh))
                if found:
                    raise DataError(say(lang, "additions", path=book, found=described(found)))
            if replacing:
                if fingerprint(book) != seen:
                    raise OutputError("changed_meanwhile", path=book)
                lines.append(say(lang, "backup", path=_backup(book)))
            publish(fresh, target, force=force or replacing)
        finally:
            fresh.unlink(missing_ok=True)
    return target, lines


def _rebuild_old(carried: Carried, options: Options, rates: dict[str, float] | None, beside: Path) -> Path:
    """The workbook kpixl would make of the old workbook's own rows and settings, beside ``beside`` (to tell
    its cells from the user's; the caller removes it)."""
    tables, readings = workbook_sources(carried, "workbook")
    merged, read = blend(tables, readings, options, rates)
    again = beside.with_name(beside.name + ".before.xlsx")
    settings, _ = _settings(carried, merged, options.lang)
    try:
        return build_dashboard(Table(merged, read), again, force=True, **settings)
    except BaseException:
        again.unlink(missing_ok=True)
        raise


def _backup(book: Path) -> Path:
    """A copy of ``book`` beside it, named by the time (a second copy in the same second gets a number)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = book.with_name(f"{book.stem}.backup-{stamp}{book.suffix}")
    n = 1
    while backup.exists():
        n += 1
        backup = book.with_name(f"{book.stem}.backup-{stamp}-{n}{book.suffix}")
    shutil.copy2(book.resolve(), backup)
    return backup


def _settings(carried: Carried, merged: pd.DataFrame, lang: str) -> tuple[dict[str, Any], list[str]]:
    """What the rebuilt workbook keeps of ``carried`` with the rows ``merged``, and what is said about it."""
    months = [periods.label(k, carried.grain) for k in sorted(set(periods.keys(merged["date"], carried.grain)))]
    old = [periods.label(k, carried.grain) for k in sorted(set(periods.keys(carried.data["date"], carried.grain)))]
    notes = []
    period = carried.period
    if period is None or period not in months or (old and period == old[-1]):
        was = say(lang, "period_was", period=period) if period and period != months[-1] else ""
        notes.append(say(lang, "period_latest", period=months[-1]) + was)
        period = months[-1]
    else:
        notes.append(say(lang, "kept_period", period=period))
    channel = carried.channel
    if channel is not None and excel_key(channel) not in set(merged["channel"].map(excel_key)):
        notes.append(say(lang, "channel_gone", channel=channel))
        channel = None
    budgets = dict(carried.budgets)
    for name in sorted({c for c, _ in budgets}):
        known = sorted(month for c, month in budgets if c == name)
        later = [month for month in months if month > known[-1] and month not in old]  # new periods only
        for month in later:  # a budget runs on until the user sets another
            budgets[(name, month)] = budgets[(name, known[-1])]
        if later:
            notes.append(say(lang, "budget_runs_on", channel=name, first=later[0], last=later[-1], known=known[-1]))
    shown = {"spend", "revenue"} | {
        k for k in dashboard_kpis("tile", carried.objective) if set(feeds(k)) <= set(merged)
    }
    for name in sorted(set(carried.targets) - shown):
        notes.append(say(lang, "target_dropped", name=name))
    channels = set(merged["channel"])
    settings = {
        "lang": carried.lang,
        "formulas": carried.formulas,
        "objective": carried.objective,
        "targets": {name: value for name, value in carried.targets.items() if name in shown},
        "period": period,
        "channel": channel,
        "as_of": dt.date.today() if carried.follow_today else carried.as_of,
        "goals": carried.goals,
        "tests": carried.tests,
        "follow_today": carried.follow_today,
        "budgets": {key: value for key, value in budgets.items() if key[0] in channels},
        "grain": carried.grain,
        "targets_for": carried.targets_for,
    }
    return settings, notes


def merge(
    carried: Carried, data: Any, options: Options, rates: dict[str, float] | None, name: str
) -> tuple[Table, list[str]]:
    """The workbook's rows with the new data in, by the rules of a fresh build: each of the workbook's sources
    is a source older than the new files, so a newer export of the same platform and account replaces its
    rows over the days it covers (at its own grain), and every other row stays."""
    old_tables, old_readings = workbook_sources(carried, name)
    new_tables, new_readings = read_sources(data, options)
    merged, readings = blend(old_tables + new_tables, old_readings + new_readings, options, rates)
    table = Table(merged, readings)
    kept = sum(len(t) for t in old_tables)
    last = (merged["date"] + pd.to_timedelta(merged["days"] - 1, unit="D")).max()
    lang = options.lang
    rows, new = count(lang, len(merged), "rows"), sum(len(t) for t in new_tables)
    first = f"{merged['date'].min():%Y-%m-%d}"
    notes = [
        say(lang, "refreshed_data", rows=rows, old=f"{kept:,}", new=f"{new:,}", first=first, last=f"{last:%Y-%m-%d}")
    ]
    notes += [f"{r.source}: {note}" for r in readings for note in r.notes]
    return table, notes


def workbook_sources(carried: Carried, name: str) -> tuple[list[pd.DataFrame], list[Reading]]:
    """The workbook's rows, one table per source they came from (its Source column), read as older sources."""
    tables, readings = [], []
    for label, rows in carried.data.groupby("source", sort=False):
        platform_label, _, account = str(label).partition(" · ")
        platform = next((p for p in PLATFORMS if p.label == platform_label), None)
        metrics = [m for m in METRICS if m in rows and bool((rows[m] != 0).any())]
        reading = Reading(
            f"{name} ({label})",
            encoding="workbook",
            platform=platform.label if platform else "",
            platform_name=platform.name if platform else "",
            kind=platform.kind if platform else "table",
            accounts=account.split(", ") if account else [],
            currency=carried.currency,
            metrics=metrics,
            stamp=float("-inf"),
            channels=list(pd.unique(rows["channel"])),
        )
        if not platform:
            reading.source = str(label)  # a table of one's own: its file
        tables.append(rows[["date", "days", "channel", "campaign", *metrics]].reset_index(drop=True))
        readings.append(reading)
    return tables, readings


# ------------------------------------------------------------------------------------------ cells


def _text(ws: Any, ref: str) -> str | None:
    value = ws[ref].value
    return None if value in (None, "") else str(value).strip()


def _number(ws: Any, ref: str, book: Path, what: str) -> float | None:
    value = ws[ref].value
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(
            f"{book}: {ws.title}!{ref} ({what}) holds {value!r}, not a number; type a number there or clear "
            "the cell, then refresh again"
        )
    return float(value)


def _date(ws: Any, ref: str, book: Path, what: str) -> dt.date | None:
    value = ws[ref].value
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise DataError(f"{book}: {ws.title}!{ref} ({what}) holds {value!r}, not a date; type a date or clear it")


def _formula(ws: Any, ref: str) -> str | None:
    """The formula a user typed in a cell (read without values), if any."""
    value = ws[ref].value
    text = getattr(value, "text", value)  # an array formula: its text
    return text if isinstance(text, str) and text.startswith("=") and len(text) > 1 else None


def _kept(value: float | None, formula: str | None) -> Any:
    return Typed(formula, value) if formula else value


def _targets(ws: Any, texts: Any, lang: str, book: Path) -> dict[str, Any]:
    """{tile name: target}: the tile rows of the Dashboard, from its first until a blank label."""
    i = lang_index(lang)
    names = {fold(TEXTS[lang][word]): name for name, word, _, _ in SUMS}
    names |= {fold(k.label[i]): k.name for k in CATALOG.values() if k.dashboard is not None}
    out: dict[str, float | None] = {}
    row = TILES_FIRST_ROW
    while (label := _text(ws, f"A{row}")) is not None:
        name = names.get(fold(label))
        if name is None or name in out:  # a tile's row holds one KPI, once: at most as many rows as KPIs
            why = "which is no KPI of the dashboard" if name is None else "a tile already above it"
            raise DataError(
                f"{book}: {ws.title}!A{row} reads {label!r}, {why}; put the tile's name back, then refresh again"
            )
        out[name] = _kept(_number(ws, f"C{row}", book, f"target of {label}"), _formula(texts, f"C{row}"))
        row += 1
    return out


def _as_of(values: Any, texts: Any, book: Path) -> tuple[dt.date, bool]:
    formula = texts["B2"].value
    if isinstance(formula, str) and fold(formula.replace(" ", "")) in ("=today()", "=aujourdhui()"):
        return dt.date.today(), True
    return _date(values, "B2", book, "review date") or dt.date.today(), False


def _goals(values: Any, texts: Any, lang: str, book: Path) -> list[Goal]:
    dashboard_name = TEXTS[lang]["sheet_dashboard"]
    reviews = [fold(w) for w in GOALS_WORDS[lang]["reviews"]]
    out = []
    for r in range(goals.FIRST_ROW + 1, goals.FIRST_ROW + goals.ROWS + 1):
        ref = {c: f"{c}{r}" for c in "ABCEFGHIJK"}
        typed = [values[ref[c]].value for c in "ABCEFGHIJ"] + [texts[ref[c]].value for c in "ABCEFGHIJ"]
        if all(v in (None, "") for v in typed):
            continue
        review = _text(values, ref["J"])
        if review is not None and fold(review) not in reviews:
            raise DataError(
                f"{book}: {values.title}!{ref['J']} reads {review!r}; choose "
                f"{', '.join(GOALS_WORDS[lang]['reviews'])} from its list"
            )
        typed_k = texts[ref["K"]].value
        current_is_link = isinstance(typed_k, str) and typed_k.startswith(f"={_quoted(dashboard_name)}!$B$")
        out.append(
            Goal(
                objective=_text(values, ref["A"]) or "",
                text=_text(values, ref["B"]) or "",
                kpi=_text(values, ref["C"]) or "",
                baseline=_number(values, ref["E"], book, "baseline"),
                target=_number(values, ref["F"], book, "target"),
                start=_date(values, ref["G"], book, "start"),
                deadline=_date(values, ref["H"], book, "deadline"),
                owner=_text(values, ref["I"]) or "",
                review=None if review is None else reviews.index(fold(review)),
                current=None if current_is_link else _number(values, ref["K"], book, "current value"),
                typed=not current_is_link and values[ref["K"]].value not in (None, ""),
                formula=typed_k
                if isinstance(typed_k, str) and typed_k.startswith("=") and not current_is_link
                else None,
                formulas={column_index_from_string(c) - 1: f for c in "ABCEFGHIJ" if (f := _formula(texts, ref[c]))},
            )
        )
    return out


def _quoted(sheet: str) -> str:
    """A sheet name as Excel writes it in a reference: 'Dashboard', 'Tableau de bord'."""
    return "'" + sheet.replace("'", "''") + "'"


def _tests(ws: Any, texts: Any, book: Path) -> list[Test]:
    out = []
    columns = "ABCDEKN"
    for r in range(abtests.FIRST_ROW + 1, abtests.FIRST_ROW + abtests.ROWS + 1):
        cells = {c: f"{c}{r}" for c in columns}
        if all(ws[ref].value in (None, "") and texts[ref].value in (None, "") for ref in cells.values()):
            continue  # nothing typed (a formula saved without its value counts as typed)
        numbers = {c: _number(ws, cells[c], book, "an A/B input") for c in "BCDEKN"}
        typed = {column_index_from_string(c) - 1: f for c in columns if (f := _formula(texts, cells[c]))}
        n_a, conv_a, n_b, conv_b, effect, days = (numbers[c] for c in "BCDEKN")
        out.append(Test(_text(ws, cells["A"]) or "", n_a, conv_a, n_b, conv_b, effect, days, formulas=typed))
    return out


def _budgets(ws: Any, texts: Any, book: Path) -> dict[tuple[str, str], Any]:
    """{(channel, "2025-06"): budget} from the Budgets sheet's blue cells (a formula typed there kept)."""
    rows = ws.iter_rows(min_row=BUDGETS_FIRST_ROW, values_only=True)
    formulas = texts.iter_rows(min_row=BUDGETS_FIRST_ROW + 1, values_only=True)
    header = next(rows, ())
    out: dict[tuple[str, str], Any] = {}
    for r, row in enumerate(rows, start=BUDGETS_FIRST_ROW + 1):
        typed = next(formulas, ())
        if not row or row[0] in (None, ""):
            continue
        for j, value in enumerate(row[1:], start=1):
            text = typed[j] if j < len(typed) else None
            formula = text if isinstance(text, str) and text.startswith("=") else None
            if (value in (None, "") and not formula) or j >= len(header) or header[j] is None:
                continue
            where = f"{ws.title}!{get_column_letter(j + 1)}{r}"
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise DataError(f"{book}: {where} (a budget) holds {value!r}, not a number; type a number or clear it")
            out[(str(row[0]), str(header[j]))] = _kept(None if value is None else float(value), formula)
    return out


def _campaigns(ws: Any, lang: str, book: Path) -> pd.DataFrame:
    """The campaign rows the workbook holds, as kpixl wrote them (its computed columns left out): read as
    they are, each cell checked, never understood again."""
    i = lang_index(lang)
    rows = ws.iter_rows(values_only=True)
    header = [str(h) if h is not None else "" for h in next(rows, ())]
    wanted = {BY_KEY[k].label[i]: k for k in ("date", "days", "channel", "campaign", "source", *METRICS)}
    keep = {wanted[h]: j for j, h in enumerate(header) if h in wanted}
    if "date" not in keep:
        raise DataError(f"{book}: the {ws.title} sheet has no {BY_KEY['date'].label[i]!r} column any more")
    data = [
        [row[j] if j < len(row) else None for j in keep.values()] for row in rows if any(v is not None for v in row)
    ]
    frame = pd.DataFrame(data, columns=list(keep), dtype=object)
    for key in keep:
        column = frame[key]
        if key == "date":
            bad = ~column.map(lambda v: isinstance(v, dt.datetime))
        elif key in ("channel", "campaign", "source"):
            frame[key] = column.map(lambda v: "" if v is None else str(v))
            continue
        else:
            bad = ~column.map(lambda v: v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)))
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            where = f"{ws.title}!{get_column_letter(keep[key] + 1)}{line}"
            raise DataError(
                f"{book}: {where} holds {column[bad].iloc[0]!r}, not a {'date' if key == 'date' else 'number'}; "
                "correct the cell, then refresh again"
            )
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    frame["days"] = frame["days"].fillna(1).astype(int) if "days" in frame else 1
    if "source" not in frame:
        frame["source"] = book.name
    for key in METRICS:
        if key in frame:
            frame[key] = frame[key].astype(float).fillna(0.0)
    return frame
