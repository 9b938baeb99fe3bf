"""Understanding one table of campaign data, in named steps: its platform, its columns, its summary rows,
its dates and the days each row covers, its names, its numbers, its currency; then the canonical table
every workbook is built from (one row per campaign and day, or per span of days).

Everything decided is recorded in a :class:`Reading`, which ``kpixl inspect`` prints. When a file can be
read two ways, the choice is made from all of its data, or by an option the user gives, or the file is
refused with a message naming that option: never a silent guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DateOrderError
from ..messages import MESSAGES
from ..words import fold, lang_code
from . import amounts, names, totals
from .columns import BY_KEY, MAX_ROWS, METRICS, DataError
from .dates import parse_spans
from .distinct import Distinct, blank, holds_text
from .headers import TIME_ORDER, Headers, map_headers
from .platforms import Platform, by_name, detect
from .vocabulary import bare

MAX_PROBLEMS = 20
SHOWN_LINES = 5  # a problem of many lines names the first five, and says how many more
REPORTS = ("ads", "email", "search", "analytics")  # sources whose rows are sums, never single events
NO_DATA = ("no data available", "aucune donnee disponible", "no hay datos disponibles", "keine daten verfugbar")


@dataclass
class Options:
    """How to read what the data cannot tell by itself."""

    decimal: str | None = None  # "," or "."
    date_order: str | None = None  # "day" (31/12/2025) or "month" (12/31/2025)
    channel: str | None = None  # the channel of every row of a file without one
    platform: str | None = None  # a preset by name, when its headers are not recognised
    lang: str = "en"
    columns: dict[str, str] = field(default_factory=dict)  # header -> kpixl column, or "-" to set it aside
    row_span: str | None = None  # "day", "week" or "month": what one row of a dated table covers
    channel_map: list[Any] = field(default_factory=list)  # channels.Rule: a channel by platform and campaign
    outcomes_from: str | None = None  # the kind of source revenue, orders, leads and customers come from
    overlap: str | None = None  # "newer" or "add": two exports of one platform over the same days


@dataclass
class Reading:
    """How one file (or table) was understood."""

    source: str
    platform: str = ""  # the platform's name for people ("Google Ads"), or "" for a table of one's own
    platform_name: str = ""  # its key ("google_ads")
    kind: str = "table"  # ads, email, search, analytics, shop, crm or table
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    header_row: int = 1  # 1-based line or row of the header
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of preamble and summary rows
    mapping: dict[str, str] = field(default_factory=dict)  # source header -> kpixl column
    aside: list[tuple[str, str]] = field(default_factory=list)  # (header, why it is not used)
    aside_numbers: list[str] = field(default_factory=list)  # the headers set aside that hold numbers
    unused: list[str] = field(default_factory=list)  # text columns kpixl does not know
    decimal: dict[str, str] = field(default_factory=dict)  # column -> decimal mark decided
    date_order: str = ""
    currency: str = ""
    grain: str = "day"  # what one row covers: hour, day, week, month, year or range
    accounts: list[str] = field(default_factory=list)
    channel_from: str = ""  # column, platform, option or file
    rows: int = 0
    first: str = ""
    last: str = ""
    totals: dict[str, float] = field(default_factory=dict)
    metrics: list[str] = field(default_factory=list)  # what the source gives
    notes: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)  # the names in its channel column, once each
    stamp: float = 0.0  # when the file was last written: of two exports of the same days, the newer wins

    @property
    def label(self) -> str:
        """The source as the Campaigns sheet names it: its platform (and account), or the file."""
        name = self.platform or self.source.rsplit("/", 1)[-1]
        return f"{name} · {', '.join(self.accounts)}" if self.accounts and self.platform else name

    def as_dict(self) -> dict[str, Any]:
        out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.__dict__.items()}
        out["label"] = self.label
        return out


class Problems:
    """Every problem of one file, up to MAX_PROBLEMS, in the user's language; a problem found on many lines
    is said once, with its lines."""

    def __init__(self, source: str, lang: str):
        self.source, self.lang = source, lang_code(lang)
        self.found: dict[tuple[str, str], list[int]] = {}  # (column part, message) -> its lines
        self.more = False

    def add(self, message: str, *, row: int | None = None, column: str | None = None, **fields: Any) -> None:
        words = MESSAGES[self.lang]
        where = words["column"].format(column=column) if column is not None else ""
        text = words[message].format(column=column, **fields)
        if (where, text) not in self.found:
            if len(self.found) >= MAX_PROBLEMS:
                self.more = True
                return
            self.found[where, text] = []
        if row is not None:
            self.found[where, text].append(row)

    def at(self, mask: pd.Series) -> list[int]:
        """File line numbers of the True rows (the index holds each row's line)."""
        return [int(i) for i in mask[mask].index]

    @property
    def lines(self) -> list[str]:
        words = MESSAGES[self.lang]
        out = []
        for (where, text), rows in self.found.items():
            parts = [self.source]
            if rows:
                shown = ", ".join(map(str, rows[:SHOWN_LINES]))
                if len(rows) > SHOWN_LINES:
                    shown = words["and_more"].format(shown=shown, n=len(rows) - SHOWN_LINES)
                parts.append((words["row"] if len(rows) == 1 else words["rows_at"]).format(row=shown, rows=shown))
            if where:
                parts.append(where)
            out.append(", ".join(parts) + ": " + text)
        return out

    def raise_if_any(self) -> None:
        if self.found:
            more = MESSAGES[self.lang]["more"] if self.more else ""
            raise DataError("\n".join(self.lines) + more)


@dataclass
class Context:
    """What the steps of understanding one table share."""

    raw: pd.DataFrame
    reading: Reading
    options: Options
    problems: Problems
    distinct: Distinct
    platform: Platform | None = None
    headers: Headers = field(default_factory=Headers)
    signs: dict[str, set[str]] = field(default_factory=dict)  # money column -> currency signs in its cells

    @property
    def lang(self) -> str:
        return self.problems.lang

    def header(self, key: str) -> str | None:
        return self.headers.header(key)

    def say(self, message: str, **fields: Any) -> str:
        return MESSAGES[self.lang][message].format(**fields)

    def note(self, message: str, **fields: Any) -> None:
        self.reading.notes.append(self.say(message, **fields))

    def word(self, key: str) -> str:
        return BY_KEY[key].label[0 if self.lang == "en" else 1].lower()

    def refuse(self, message: str, **fields: Any) -> DataError:
        return DataError(f"{self.reading.source}: " + self.say(message, **fields))


def understand(raw: pd.DataFrame, reading: Reading, options: Options | None = None) -> pd.DataFrame:
    """The canonical campaign table from ``raw`` (cells as text, numbers, dates or None).

    ``raw.index`` holds each row's line in the source, for messages. Raises DataError listing every
    problem found (up to 20), each with its line, column, value and how to fix it.
    """
    opt = options or Options()
    c = Context(raw, reading, opt, Problems(reading.source, opt.lang), Distinct(raw))
    _platform(c)
    time, metrics = _columns(c)
    raw = _rows(c, time, metrics)
    df = raw[list(c.headers.used)].set_axis(list(c.headers.used.values()), axis=1)
    out = pd.DataFrame(index=df.index)
    _spans(c, df, out, time)
    names.read_names(c, df, out)
    keys = [k for k in METRICS if k in df]
    amounts.read_numbers(c, df, out, keys)
    rates = pd.DataFrame(index=df.index)
    amounts.read_numbers(c, df, rates, [k for k in amounts.CHECKS if k in df])
    for key in c.platform.ones if c.platform else ():
        out[key] = 1.0
    c.problems.raise_if_any()
    amounts.check_rates(c, out, rates)
    reading.currency = amounts.read_currency(c, df, list(raw.columns)) or ""
    c.problems.raise_if_any()
    return _finish(c, raw, out)


def _platform(c: Context) -> None:
    try:
        c.platform = by_name(c.options.platform) if c.options.platform else detect(list(map(str, c.raw.columns)))
    except KeyError:
        raise DataError(c.say("platform", name=c.options.platform)) from None
    if c.platform:
        c.reading.platform, c.reading.platform_name, c.reading.kind = c.platform.label, c.platform.name, c.platform.kind


def _columns(c: Context) -> tuple[str, list[str]]:
    """Map the headers; the time column and the metric columns, or the file refused with the real cause."""
    forced = {bare(h): k for h, k in c.options.columns.items()}
    for header, key in forced.items():
        if key != "-" and (key not in BY_KEY or BY_KEY[key].role in ("aside", "ambiguous")):
            choices = ", ".join(k for k in METRICS)
            raise DataError(c.say("column_key", column=header, key=key, choices=choices))
    h = c.headers = map_headers(c.raw, c.platform, forced)
    for message, said in h.problems:
        fields: dict[str, Any] = dict(said)
        if message == "did_you_mean":
            fields["label"] = BY_KEY[fields["key"]].label[0].lower()
        c.problems.add(message, column=fields.pop("column", None), **fields)
    c.problems.raise_if_any()
    c.reading.mapping = dict(h.used)
    c.reading.aside = [(header, c.say(f"aside_{reason}", used=instead)) for header, reason, instead in h.aside]
    c.reading.aside_numbers = [header for header, reason, _ in h.aside if reason != "text"]
    c.reading.unused = list(h.unknown)
    found = ", ".join(map(str, list(c.raw.columns)[:12]))
    time = next((k for k in TIME_ORDER if k in h.used.values()), None)
    metrics = [k for k in h.used.values() if k in METRICS]
    if not h.used:
        raise c.refuse("no_column", found=found)
    if time is None:
        if c.platform and c.platform.by_day:
            raise c.refuse("no_date_platform", platform=c.platform.label, how=c.platform.by_day, found=found)
        raise c.refuse("no_date", found=found)
    if not metrics and not (c.platform and c.platform.ones):
        raise c.refuse("no_metric", date=h.header(time), found=found)
    text = [t for k in ("date", "channel", "campaign", time) if (t := h.header(k)) and holds_text(c.raw[t])]
    c.distinct.find(text, [t for k in metrics if _plain(c, k) and (t := h.header(k))])
    return time, metrics


def _plain(c: Context, key: str) -> bool:
    header = c.header(key)
    return header is not None and amounts.plain_numbers(c.raw[header])


def _rows(c: Context, time: str, metrics: list[str]) -> pd.DataFrame:
    """The data rows: summary rows skipped and listed, a platform's own filter applied (won deals)."""
    raw, h = c.raw, c.headers
    numbers = {h.header(k) or "" for k in metrics} | {u for u, k in h.used.items() if BY_KEY[k].kind == "rate"}
    aside = {a for a, reason, _ in h.aside if reason != "text"}
    named = [u for u, k in h.used.items() if k in ("channel", "campaign", "account")]
    dimensions = named + [str(col) for col in raw.columns if col in h.unknown or (col, "text", "") in h.aside]
    dimensions = [d for d in dimensions if d not in numbers and d not in aside]
    drop = totals.summary_rows(raw, h.header(time) or "", [h.header(k) or "" for k in metrics], dimensions, c.distinct)
    if drop.any():
        for line, row in raw[drop].iterrows():
            c.reading.skipped.append((int(line), " | ".join(str(v) for v in row if not blank(v))[:120]))
        c.distinct.keep_only(~drop)
        raw = raw[~drop]
    if c.platform and c.platform.keep and "stage" in h.used.values():
        column = h.header("stage") or ""
        wanted = c.platform.keep[1]
        kept = pd.Series(c.distinct.per_value(column, lambda v: (fold(v) in wanted,))[0], index=raw.index)
        raw = raw[kept]
        c.distinct.keep_only(kept.to_numpy())
        c.note("kept", n=int(kept.sum()), column=column)
    if len(raw) == 0:
        said = " ".join(text for _, text in c.reading.skipped[-3:])
        if any(fold(w) in fold(said) for w in NO_DATA):
            raise c.refuse("no_data_available", said=said.strip())
        raise c.refuse("no_rows")
    if len(raw) > MAX_ROWS:
        raise c.refuse("too_many", n=len(raw), max=MAX_ROWS)
    return raw


def _spans(c: Context, df: pd.DataFrame, out: pd.DataFrame, time: str) -> None:
    """Each row's first day and the days it covers, decided from the whole column; problems said."""
    header = c.header(time) or time
    values = df[time]
    try:
        found = c.distinct.codes(header) if holds_text(values) else None
        spans = parse_spans(values, time, c.options.date_order, found, df.get("date_end"))
    except (OverflowError, pd.errors.OutOfBoundsDatetime) as exc:
        c.problems.add("not_date", column=header, value=str(exc)[:40])
        c.problems.raise_if_any()
        raise AssertionError from exc  # unreachable: a problem was added
    except DateOrderError as exc:
        c.problems.add("date_both" if exc.kind == "both" else "date_order", column=header, example=exc.example)
        c.problems.raise_if_any()
        raise AssertionError from exc  # unreachable: a problem was added
    c.reading.date_order = {"day": "day-first", "month": "month-first"}.get(spans.order or "", "")
    dates, days, grain = spans.dates, spans.days, spans.grain
    if dates.hasnans:
        numbered = spans.bad & values.astype(str).str.fullmatch(r"\s*\d{1,2}\s*")
        if numbered.any():  # GA4's Week: "02", no year
            c.problems.add("week_number", column=header, value=str(values[numbered].iloc[0]).strip())
            c.problems.raise_if_any()
        for line in c.problems.at(spans.bad):
            c.problems.add("not_date", row=line, column=header, value=str(values[line])[:40])
        for line in c.problems.at(dates.isna() & ~spans.bad):
            c.problems.add("empty", row=line, column=header, what=c.word("date"))
    elif grain == "day" and c.options.row_span in ("week", "month") or (grain == "day" and _regular(c, dates)):
        dates, days, grain = _stretch(c, dates)
    out["date"] = dates
    out["days"] = days
    c.reading.grain = grain


def _regular(c: Context, dates: pd.Series) -> bool:
    """A table of one's own whose dates are all one weekday a week apart, or first days of months: each row
    is a week (or a month), as a person keeps a weekly table; said, and ``--row-span day`` says otherwise."""
    if c.platform is not None or c.options.row_span == "day":
        return False
    days = np.unique(dates.to_numpy(dtype="datetime64[D]"))
    if len(days) < 4:
        return False
    gaps = np.diff(days).astype(int)
    weekly = bool((gaps % 7 == 0).all() and gaps.min() == 7)
    stamps = pd.DatetimeIndex(days)
    monthly = bool((stamps.day == 1).all() and (np.diff(stamps.year * 12 + stamps.month) == 1).all())
    return weekly or monthly


def _stretch(c: Context, dates: pd.Series) -> tuple[pd.Series, np.ndarray, str]:
    """Rows that stand for weeks or months: their first day, and their days."""
    stamps = pd.DatetimeIndex(dates)
    span = c.options.row_span
    if span is None:
        span = "month" if bool((stamps.day == 1).all()) and len(set(stamps.day_of_week)) > 1 else "week"
    if span == "week":
        c.note("rows_as_weeks", weekday=stamps[0].day_name())
        return dates, np.full(len(dates), 7), "week"
    first = dates.dt.to_period("M").dt.to_timestamp()
    c.note("rows_as_months")
    return first, first.dt.days_in_month.to_numpy(), "month"


def _finish(c: Context, raw: pd.DataFrame, out: pd.DataFrame) -> pd.DataFrame:
    """Hours summed to days, rows given twice kept once; the reading's figures."""
    reading = c.reading
    metrics = [k for k in METRICS if k in out]
    if reading.grain == "hour":
        n = len(out)
        out = out.groupby(["date", "channel", "campaign"], sort=False, as_index=False)[["days", *metrics]].agg(
            {"days": "first", **{m: "sum" for m in metrics}}
        )
        c.note("hours", n=n, days=len(out))
    elif reading.kind in REPORTS:  # a report has one row per day and dimensions: a row twice is one row
        twice = _twice(raw, out)
        if twice.any():
            c.note("duplicates", n=int(twice.sum()), line=int(out.index[twice][0]))
            out = out[~twice]
    out = out.reset_index(drop=True)
    out["days"] = out["days"].astype(np.int64)
    reading.rows = len(out)
    stamps = out["date"].to_numpy()
    ends = stamps + (out["days"].to_numpy() - 1).astype("timedelta64[D]")
    reading.first, reading.last = f"{pd.Timestamp(stamps.min()):%Y-%m-%d}", f"{pd.Timestamp(ends.max()):%Y-%m-%d}"
    reading.metrics = metrics
    reading.totals = {k: float(np.sum(out[k].to_numpy())) for k in metrics}
    return out[["date", "days", "channel", "campaign", *metrics]]


def _twice(raw: pd.DataFrame, out: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell repeats an earlier row's (the same line exported twice): a mask."""
    key = pd.MultiIndex.from_arrays([out["date"], out["channel"], out["campaign"]])
    candidates = key.duplicated(keep=False)
    if not candidates.any():
        return np.zeros(len(out), dtype=bool)
    mask = np.zeros(len(out), dtype=bool)
    rows = raw[candidates].astype(str)
    mask[np.flatnonzero(candidates)] = rows.duplicated(keep="first").to_numpy()
    return mask


def from_frame(df: pd.DataFrame, options: Options | None = None, source: str = "data") -> tuple[pd.DataFrame, Reading]:
    """A pandas table (from Python) understood like a file: its row i is line i + 2."""
    raw = df.copy()
    raw.index = range(2, len(raw) + 2)
    raw.columns = [str(c) for c in raw.columns]
    reading = Reading(source)
    return understand(raw, reading, options), reading
