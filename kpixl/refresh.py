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
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from .additions import additions, described
from .build import build_dashboard
from .carried import Carried, read_workbook
from .data.columns import METRICS, DataError
from .data.platforms import PLATFORMS
from .data.sources import Table, blend, read_sources
from .data.understand import Options, Reading
from .errors import FileExistsNoForce
from .files import check_target, fingerprint, locked, publish, refused, temporary
from .messages import count, say
from .sheets import periods
from .sheets.model import dashboard_kpis, feeds
from .words import excel_key


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
                    raise refused("changed_meanwhile", path=book)
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


def _period_labels(dates: pd.Series, grain: str) -> list[str]:
    """The labels of the periods ``dates`` fall in, in order."""
    return [periods.label(k, grain) for k in sorted(set(periods.keys(dates, grain)))]


def _settings(carried: Carried, merged: pd.DataFrame, lang: str) -> tuple[dict[str, Any], list[str]]:
    """What the rebuilt workbook keeps of ``carried`` with the rows ``merged``, and what is said about it."""
    labels, old = (_period_labels(dates, carried.grain) for dates in (merged["date"], carried.data["date"]))
    notes = []
    period = carried.period
    if period is None or period not in labels or (old and period == old[-1]):
        was = say(lang, "period_was", period=period) if period and period != labels[-1] else ""
        notes.append(say(lang, "period_latest", period=labels[-1]) + was)
        period = labels[-1]
    else:
        notes.append(say(lang, "kept_period", period=period))
    channel = carried.channel
    if channel is not None and excel_key(channel) not in set(merged["channel"].map(excel_key)):
        notes.append(say(lang, "channel_gone", channel=channel))
        channel = None
    budgets = dict(carried.budgets)
    for name in sorted({c for c, _ in budgets}):
        known = sorted(label for c, label in budgets if c == name)
        later = [label for label in labels if label > known[-1] and label not in old]  # new periods only
        for label in later:  # a budget runs on until the user sets another
            budgets[(name, label)] = budgets[(name, known[-1])]
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
