"""Several sources, one truth: every input read and understood, then blended so that no figure counts twice.

- **Sources, not rows**: each input is a source with its kind (ad or email platform, search, analytics,
  shop, CRM, a table of one's own), platform, account, grain, date span and metrics (:class:`Reading`).
- **Nothing counted twice**: two exports of one platform (and account) over the same days are one source:
  the newer wins over the days they share, as in ``refresh``. Files that share no campaign over those
  days are two sources (two accounts); files that share some are refused unless ``--overlap`` says.
- **One owner per metric**: cost, impressions, clicks and reach come from the ad, email and search
  platforms; sessions and page views from analytics; revenue, orders, leads and new customers from one
  kind of source (``--outcomes-from``; by default shop, then CRM, a table of one's own, analytics, and
  the ad platforms last). What an ad or email platform attributes to itself stays visible as "Platform
  conversions" and "Platform conversion value", never added into revenue: attribution windows differ.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd

from ..messages import say
from ..words import excel_key, lang_code
from .columns import BY_KEY, MAX_ROWS, METRICS, DataError
from .csv_file import read_csv
from .engines import is_engine_source, read_engine
from .understand import Options, Reading, from_frame, understand
from .vocabulary import SHARED_SIGNS
from .xlsx_file import read_xlsx


@dataclass
class Table:
    """A campaign table already understood and blended (what ``refresh`` hands to the build): read as it is."""

    df: pd.DataFrame
    readings: list[Reading]


Source: TypeAlias = "str | Path | pd.DataFrame | Table | Any"  # Any: an Ibis table
MAX_FILE_BYTES = 512 * 2**20
OUTCOMES = ("revenue", "orders", "leads", "new_customers")
OUTCOME_KINDS = ("shop", "crm", "table", "analytics", "ads")  # who gives the outcomes, by default the first present
PLATFORM_OWN = {"orders": "platform_conversions", "revenue": "platform_conversion_value"}
TRAFFIC = ("sessions", "pageviews", "bounces")
EXPOSURE_ORDER = ("ads", "search", "table", "analytics", "shop", "crm")  # cost, impressions, clicks, reach...


def read_data(
    sources: Sequence[Source] | Source,
    options: Options | None = None,
    rates: dict[str, float] | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame, list[Reading]]:
    """One campaign table from one or several files (or DataFrames, or engine tables), and how each was read.

    Amounts in different currencies are refused unless ``rates`` converts them ({"USD": 0.92}: 1 USD
    is worth 0.92 of the currency of the others). Each row says its ``source``.
    """
    if isinstance(sources, Table):
        return sources.df, sources.readings
    options = options or Options()
    tables, readings = read_sources(sources, options, progress)
    return blend(tables, readings, options, rates)


def read_sources(
    sources: Sequence[Source] | Source, options: Options, progress: Callable[[str], None] | None = None
) -> tuple[list[pd.DataFrame], list[Reading]]:
    """Each source read and understood on its own."""
    items: list[Source] = list(sources) if isinstance(sources, (list, tuple)) else [sources]
    tables, readings = [], []
    for source in items:
        table, reading = read_one(source, options, progress)
        tables.append(table)
        readings.append(reading)
    return tables, readings


def blend(
    tables: list[pd.DataFrame], readings: list[Reading], options: Options, rates: dict[str, float] | None = None
) -> tuple[pd.DataFrame, list[Reading]]:
    """The sources made one table: one currency, overlapping exports counted once, each metric from its owner,
    one spelling per channel."""
    lang = lang_code(options.lang)
    tables = [t.copy() for t in tables]
    _convert(tables, readings, rates or {}, lang)
    tables = _overlaps(tables, readings, options, lang)
    _owners(tables, readings, options, lang)
    _one_spelling(tables, readings, lang)
    for table, reading in zip(tables, readings):
        table["source"] = reading.label
    df = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    for key in METRICS:
        if key in df:
            df[key] = df[key].fillna(0.0)  # a metric one source lacks counts 0 in its rows
    columns = ["date", "days", "channel", "campaign", "source", *[k for k in METRICS if k in df]]
    df = df[columns]
    if len(df) > MAX_ROWS:
        raise DataError(say(lang, "all_rows", n=len(df), limit=MAX_ROWS))
    return df, readings


def read_one(source: Source, options: Options, progress: Callable[[str], None] | None = None) -> tuple[Any, Reading]:
    """One source, understood."""
    if isinstance(source, Table):
        raise DataError("an understood table is given alone, not among other sources")
    if isinstance(source, pd.DataFrame):
        return from_frame(source, options)
    if is_engine_source(source):
        return read_engine(source, options, progress)
    return read_file(source, options)


def read_file(source: str | Path, options: Options | None = None) -> tuple[pd.DataFrame, Reading]:
    """A .csv or .xlsx file, understood."""
    path = Path(source)
    lang = (options or Options()).lang
    if not path.is_file():
        raise DataError(say(lang, "no_file", path=path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(say(lang, "too_big", path=path, size=f"{size / 2**20:.0f}", limit=MAX_FILE_BYTES // 2**20))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        raw, reading = read_csv(path, lang)
    elif suffix in (".xlsx", ".xlsm"):
        raw, reading = read_xlsx(path, lang)
    else:
        raise DataError(say(lang, "file_type", path=path, suffix=suffix or "(none)"))
    reading.stamp = os.stat(path).st_mtime
    return understand(raw, reading, options), reading


def _convert(tables: list[pd.DataFrame], readings: list[Reading], rates: dict[str, float], lang: str) -> None:
    """Amounts in the currency of the others, at the rates given; several currencies without rates refused."""
    for reading in readings:  # "$" beside USD files is USD
        for sign, family in SHARED_SIGNS.items():
            if reading.currency == sign:
                codes = {r.currency for r in readings} & set(family)
                if len(codes) == 1:
                    reading.currency = codes.pop()
    codes = {r.currency for r in readings if r.currency}
    rates = {k.upper(): v for k, v in rates.items()}
    base = codes - set(rates)
    if len(base) > 1 or (len(codes) > 1 and not base and len(rates) < len(codes)):
        example = sorted(base)[-1] if base else sorted(codes)[-1]
        raise DataError(say(lang, "files_currencies", codes=", ".join(sorted(codes)), example=example))
    for table, reading in zip(tables, readings):
        rate = rates.get(reading.currency.upper())
        if rate is not None and reading.currency.upper() not in base:
            for key in METRICS:
                if BY_KEY[key].kind == "money" and key in table:
                    table[key] = table[key] * rate
            reading.notes.append(say(lang, "converted", code=reading.currency, rate=f"{rate:g}"))
            reading.currency = next(iter(base)) if base else reading.currency


def _span(table: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each row's first and last day."""
    return table["date"], table["date"] + pd.to_timedelta(table["days"] - 1, unit="D")


def _identity(reading: Reading) -> tuple[Any, ...]:
    """What makes two inputs the same source: the platform and account (a table of one's own: its figures)."""
    figures = tuple(sorted(reading.metrics)) if not reading.platform_name else ()
    return reading.platform_name, tuple(reading.accounts), figures


def _overlaps(tables: list[pd.DataFrame], readings: list[Reading], options: Options, lang: str) -> list[pd.DataFrame]:
    """Exports of one platform and account over the same days are one source: over the days a newer export
    covers, its rows replace the older ones of the same campaigns (a re-export with late conversions corrects
    them); campaigns it does not have keep their rows. ``--overlap add`` counts both instead."""
    order = sorted(range(len(tables)), key=lambda i: (readings[i].stamp, i))
    out = list(tables)
    for position, new in enumerate(order):
        for old in order[:position]:
            a, b = readings[old], readings[new]
            if _identity(a) != _identity(b):
                continue
            (old_first, old_last), (new_first, new_last) = _span(out[old]), _span(out[new])
            first, last = new_first.min(), new_last.max()
            same = out[old]["campaign"].isin(set(out[new]["campaign"]))
            touch = same & (old_first <= last) & (old_last >= first)
            if not touch.any():
                continue
            days = f"{max(first, old_first[touch].min()):%Y-%m-%d} to {min(last, old_last[touch].max()):%Y-%m-%d}"
            if options.overlap == "add":
                b.notes.append(say(lang, "overlap_added", other=a.source, days=days))
                continue
            inside = touch & (old_first >= first) & (old_last <= last)
            if (touch & ~inside).any():
                raise DataError(say(lang, "overlap_spans", old=a.source, new=b.source, days=days))
            out[old] = out[old][~inside].reset_index(drop=True)
            n = int(inside.sum())
            b.notes.append(say(lang, "overlap_newer", other=a.source, days=days, n=n))
            a.notes.append(say(lang, "overlap_older", other=b.source, days=days, n=n))
    return out


def _owners(tables: list[pd.DataFrame], readings: list[Reading], options: Options, lang: str) -> None:
    """Each metric from the sources that own it; the others' copy left out, and said."""
    kinds = [_kind(r) for r in readings]
    gives_outcomes = {k for k, t in zip(kinds, tables) if any(m in t for m in (*OUTCOMES, *PLATFORM_OWN.values()))}
    chosen = options.outcomes_from
    if chosen is not None and chosen not in kinds:
        raise DataError(say(lang, "outcomes_absent", kind=chosen, kinds=", ".join(sorted(set(kinds)))))
    outcomes = chosen or next((k for k in OUTCOME_KINDS if k in gives_outcomes), None)
    for metric in METRICS:
        if BY_KEY[metric].role == "platform":
            continue
        givers = [
            i for i, t in enumerate(tables) if metric in t or (kinds[i] == "ads" and PLATFORM_OWN.get(metric) in t)
        ]
        if not givers:
            continue
        owner = outcomes if metric in OUTCOMES else _owner(metric, {kinds[i] for i in givers})
        for i in givers:
            table, reading = tables[i], readings[i]
            if kinds[i] == owner:
                if metric not in table and PLATFORM_OWN.get(metric) in table:  # the ad platforms' own figures
                    table[metric] = table[PLATFORM_OWN[metric]]
                continue
            if metric in table:
                del table[metric]
                label = BY_KEY[metric].label_in(lang)
                reading.notes.append(say(lang, "not_owner", metric=label, owner=say(lang, f"kind_{owner}")))
    for table, reading in zip(tables, readings):
        reading.metrics = [k for k in METRICS if k in table]


def _kind(reading: Reading) -> str:
    return "ads" if reading.kind == "email" else reading.kind


def _owner(metric: str, kinds: set[str]) -> str:
    """The kind of source a traffic or exposure metric is taken from, among the kinds that give it."""
    order = ("analytics", "table", "shop", "ads", "search", "crm") if metric in TRAFFIC else EXPOSURE_ORDER
    return next(k for k in order if k in kinds)


def _one_spelling(tables: list[pd.DataFrame], readings: list[Reading], lang: str) -> None:
    """Channels Excel's formulas cannot tell apart (``excel_key``: "Email" and "email") made one, spelt as
    most rows spell it: else each is summed with the other in the workbook, and kpixl's figures are not Excel's."""
    spellings: dict[str, list[str]] = {}
    for reading in readings:
        for name in reading.channels:
            group = spellings.setdefault(excel_key(name), [])
            if name not in group:
                group.append(name)
    clashes = [group for group in spellings.values() if len(group) > 1]
    if not clashes:
        return
    counts = pd.concat([table["channel"].value_counts() for table in tables]).groupby(level=0).sum()
    chosen = {excel_key(group[0]): max(group, key=lambda name: counts.get(name, 0)) for group in clashes}
    rename = {name: chosen[excel_key(name)] for group in clashes for name in group}  # on a tie, the first seen
    for table, reading in zip(tables, readings):
        found = [group for group in clashes if set(group) & set(reading.channels)]
        if found:
            table["channel"] = table["channel"].replace(rename)
            reading.channels = list(dict.fromkeys(rename.get(name, name) for name in reading.channels))
        for group in found:
            reading.notes.append(say(lang, "same_channel", names=", ".join(map(repr, group)), chosen=rename[group[0]]))
