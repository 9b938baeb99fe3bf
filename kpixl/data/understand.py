"""Understanding a table of campaign data: which column is what, which rows are data, how its numbers
and dates are written; then the canonical table every workbook is built from.

Everything decided is recorded in a :class:`Reading`, which ``kpixl inspect`` prints. When a
file can be read two ways, the choice is made from all of its data, or by an option the user
gives, or the file is refused with a message naming that option: never a silent guess.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..words import READ_MESSAGES, fold, lang_code
from . import numbers
from .columns import BY_KEY, HEADERS, MAX_ROWS, METRICS, DataError
from .dates import DateOrderError, kinds_of, parse_dates
from .platforms import Platform, bare, by_name, detect, header_currency

MAX_PROBLEMS = 20
LARGE = 1 << 16  # rows from which text is hashed by Arrow, on two cores while numbers become floats
MAX_TEXT = 32_767  # characters in an Excel cell
MAX_MATCHED = 254  # characters of a channel name SUMIFS matches: 255 with its "=", each ~ * ? escaped by a ~
ILLEGAL_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"  # no XML 1.0 document may hold them


@dataclass
class Options:
    """How to read what the data cannot tell by itself."""

    decimal: str | None = None  # "," or "."
    date_order: str | None = None  # "day" (31/12/2025) or "month" (12/31/2025)
    channel: str | None = None  # the channel of every row of a file without one
    platform: str | None = None  # a preset by name, when its headers are not recognised
    lang: str = "en"


@dataclass
class Reading:
    """How one file (or table) was understood."""

    source: str
    platform: str = ""
    encoding: str = ""
    delimiter: str = ""
    header_row: int = 1  # 1-based line or row of the header
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of preamble and summary rows
    mapping: dict[str, str] = field(default_factory=dict)  # source header -> kpixl column
    unused: list[str] = field(default_factory=list)
    decimal: dict[str, str] = field(default_factory=dict)  # column -> decimal mark decided
    date_order: str = ""
    currency: str = ""
    rows: int = 0
    first: str = ""
    last: str = ""
    totals: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)  # the names in its channel column, once each

    def as_dict(self) -> dict[str, Any]:
        return {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.__dict__.items()}


class Problems:
    """Every problem of one file, up to MAX_PROBLEMS, in the user's language."""

    def __init__(self, source: str, lang: str, first_line: int):
        self.source, self.lang, self.first_line = source, lang_code(lang), first_line
        self.lines: list[str] = []

    def add(self, key: str, *, row: int | None = None, column: str | None = None, **fields: Any) -> None:
        if len(self.lines) >= MAX_PROBLEMS:
            return
        where = [self.source]
        if row is not None:
            where.append(READ_MESSAGES[self.lang]["row"].format(row=row))
        if column is not None:
            where.append(READ_MESSAGES[self.lang]["column"].format(column=column))
        self.lines.append(", ".join(where) + ": " + READ_MESSAGES[self.lang][key].format(**fields))

    def at(self, mask: pd.Series) -> list[int]:
        """File line numbers of the True rows (the index holds each row's line)."""
        return [int(i) for i in mask[mask].index[:MAX_PROBLEMS]]

    def raise_if_any(self) -> None:
        if self.lines:
            more = "" if len(self.lines) < MAX_PROBLEMS else READ_MESSAGES[self.lang]["more"]
            raise DataError("\n".join(self.lines) + more)


def map_columns(headers: list[str], platform: Platform | None) -> tuple[dict[str, str], dict[str, str]]:
    """{source header: kpixl column} and {kpixl column: currency named in its header}."""
    own = platform.mapping() if platform else {}
    ignored = {fold(h) for h in platform.ignored} if platform else set()
    mapping: dict[str, str] = {}
    currencies: dict[str, str] = {}
    for h in headers:
        b = bare(h)
        key = None if b in ignored else own.get(b) or HEADERS.get(b)
        if key:
            mapping[h] = key
            if currency := header_currency(h):
                currencies[key] = currency
    return mapping, currencies


def understand(raw: pd.DataFrame, reading: Reading, options: Options | None = None) -> pd.DataFrame:
    """The canonical campaign table from ``raw`` (cells as text, numbers, dates or None).

    ``raw.index`` holds each row's line in the source, for messages. Raises DataError listing
    every problem found (up to 20), each with its line, column, value and how to fix it.
    """
    opt = options or Options()
    lang = lang_code(opt.lang)
    problems = Problems(reading.source, lang, reading.header_row + 1)
    headers = [str(h) for h in raw.columns]
    try:
        platform = by_name(opt.platform) if opt.platform else detect(headers)
    except KeyError:
        raise DataError(READ_MESSAGES[lang]["platform"].format(name=opt.platform)) from None
    reading.platform = platform.label if platform else ""
    mapping, currencies = map_columns(headers, platform)
    seen: dict[str, str] = {}
    for h, key in mapping.items():
        if key in seen:
            problems.add("twice", first=seen[key], second=h, meaning=BY_KEY[key].label[0] if key in BY_KEY else key)
        seen.setdefault(key, h)
    problems.raise_if_any()
    reading.mapping = dict(mapping)
    reading.unused = [h for h in headers if h not in mapping]
    if "date" not in seen:
        found = ", ".join(headers[:12])
        raise DataError(f"{reading.source}: " + READ_MESSAGES[lang]["no_date"].format(found=found))
    distinct = Distinct(raw)
    distinct.find(
        [seen[k] for k in ("date", "channel", "campaign") if k in seen and holds_text(raw[seen[k]])],
        [seen[k] for k in METRICS if k in seen and _plain_numbers(raw[seen[k]])],
    )
    raw = _drop_summary_rows(raw, seen, reading, distinct)
    df = raw[list(seen.values())].set_axis(list(seen), axis=1)
    if platform and platform.keep:
        column, values = platform.keep
        if column in df:
            kept = pd.Series(distinct.per_value(seen[column], lambda v: (fold(v) in values,))[0], index=df.index)
            df = df[kept]
            distinct.keep_only(kept.to_numpy())
            reading.notes.append(READ_MESSAGES[lang]["kept"].format(n=int(kept.sum()), column=seen[column]))
    if len(df) == 0:
        raise DataError(f"{reading.source}: " + READ_MESSAGES[lang]["no_rows"])
    if len(df) > MAX_ROWS:
        raise DataError(f"{reading.source}: " + READ_MESSAGES[lang]["too_many"].format(n=len(df), max=MAX_ROWS))
    out = pd.DataFrame(index=df.index)
    out["date"], months = _dates(df["date"], seen["date"], opt, reading, problems, distinct)
    if "date_end" in df:  # a row over a range ("Reporting starts" to "ends") must stay in one month
        ends, _ = _dates(df["date_end"], seen["date_end"], opt, Reading(reading.source), problems, distinct)
        across = ends.notna() & out["date"].notna() & (ends.dt.to_period("M") != out["date"].dt.to_period("M"))
        for line in problems.at(across):
            problems.add(
                "span",
                row=line,
                column=seen["date_end"],
                start=f"{out['date'][line]:%Y-%m-%d}",
                end=f"{ends[line]:%Y-%m-%d}",
            )
    fallback = opt.channel or (platform.channel if platform else None)
    blanks: dict[str, np.ndarray] = {}
    for key in ("channel", "campaign"):
        if key in df:
            codes, uniques = distinct.codes(seen[key])  # names: checked once each
            names = pd.Series(
                ["" if _blank(v) and not isinstance(v, str) else str(v).strip() for v in uniques], dtype=object
            )
            illegal = names.str.contains(ILLEGAL_XML)
            if illegal.any():  # a workbook cannot hold them: shown as U+FFFD, and said
                names = names.str.replace(ILLEGAL_XML, "\ufffd", regex=True)
                n = int(illegal.to_numpy()[codes].sum())
                reading.notes.append(READ_MESSAGES[lang]["control"].format(n=n, column=seen[key]))
            if key == "channel" and fallback:
                names = names.where(names != "", fallback)
            if names.equals(pd.Series(list(uniques), dtype=object)):  # no name to change: the column as read
                text = df[key]
            else:
                text = pd.Series(names.to_numpy()[codes], index=df.index, dtype=object, copy=False)
            limit, problem = (MAX_MATCHED, "channel_long") if key == "channel" else (MAX_TEXT, "too_long")
            too_long = names.str.len() + (names.str.count(r"[~*?]") if key == "channel" else 0) > limit
            if too_long.any():
                for line in problems.at(pd.Series(too_long.to_numpy()[codes], index=df.index)):
                    problems.add(problem, row=line, column=seen[key], n=len(text[line]), max=limit)
            out[key] = text
            if key == "channel":  # the names the rows kept use, not those of a skipped total or footer
                used = np.bincount(codes, minlength=len(names)) > 0
                reading.channels = list(dict.fromkeys(names[used]))
            blank = (names == "").to_numpy()
            blanks[key] = blank[codes] if blank.any() else np.zeros(len(codes), dtype=bool)
    if "channel" not in out:
        if fallback is None:
            problems.add("no_channel")
        out["channel"] = fallback or ""
        blanks["channel"] = np.full(len(out), not fallback)
        reading.channels = [fallback or ""]
    if "campaign" not in out:
        out["campaign"] = out["channel"]
        blanks["campaign"] = blanks["channel"]
    for key in ("channel", "campaign"):
        if blanks[key].any():
            for line in problems.at(pd.Series(blanks[key], index=out.index)):
                problems.add("empty", row=line, column=seen.get(key, key), what=key)
    _numbers(df, out, seen, opt, reading, problems, distinct)
    for key in platform.ones if platform else ():
        out[key] = 1.0
    problems.raise_if_any()
    currency = _currency(df, seen, currencies, reading, problems)
    problems.raise_if_any()
    reading.currency = currency or ""
    out = out.reset_index(drop=True)
    out["month"] = pd.Series(months, index=out.index, copy=False)
    reading.rows = len(out)
    stamps = out["date"].to_numpy()
    reading.first, reading.last = (f"{pd.Timestamp(stamps.min()):%Y-%m-%d}", f"{pd.Timestamp(stamps.max()):%Y-%m-%d}")
    reading.totals = {k: float(np.sum(out[k].to_numpy())) for k in METRICS if k in out}
    return out


# "Total", "Total: Account", "Total : Compte", "Grand total", "Totaux": the whole cell, or a word then ":".
SUMMARY = r"(?i)^\s*(?:total|totaux|grand total|total g[eé]n[eé]ral|sous-total|subtotal)\s*(?::.*)?$"


def _drop_summary_rows(raw: pd.DataFrame, seen: dict[str, str], reading: Reading, distinct: Distinct) -> pd.DataFrame:
    """Rows that sum others (Total, Totaux, Grand total... as the first text of the row), and the rows at
    the end that hold no number (a copyright line, an empty date): recorded in ``reading.skipped``."""
    n = len(raw)
    date = seen["date"]
    if holds_text(raw[date]):
        _, date_says_total, no_date = distinct.per_value(date, _words)
    else:
        date_says_total, no_date = np.zeros(n, dtype=bool), raw[date].isna().to_numpy()
    # A total is a row whose first text says so and whose date is blank or that word (GA4's "Grand total"):
    # a campaign named "Total brand" on a dated row is data. Dated rows (most often all) need no more look.
    is_total = no_date | date_says_total
    if is_total.any():
        is_total &= _first_text_says_total(raw, distinct)
    metrics = [seen[k] for k in METRICS if k in seen]
    drop = is_total
    if n and (no_date[-1] or all(_blank(raw[c].iloc[-1]) for c in metrics)):  # rows at the end to look at
        empty = np.ones(n, dtype=bool)
        for column in metrics:
            empty &= distinct.per_value(column, _words)[2] if holds_text(raw[column]) else raw[column].isna().to_numpy()
        drop = drop | (empty | no_date)[::-1].cumprod()[::-1].astype(bool)
    if not drop.any():
        return raw
    for line, row in raw[drop].iterrows():
        reading.skipped.append((int(line), " | ".join(str(v) for v in row if not _blank(v))[:120]))
    distinct.keep_only(~drop)
    return raw[~drop]


def _first_text_says_total(raw: pd.DataFrame, distinct: Distinct) -> np.ndarray:
    """For each row, whether its first text (from the left) is a total's word."""
    says, decided = np.zeros(len(raw), dtype=bool), np.zeros(len(raw), dtype=bool)
    for column in raw.columns:
        if holds_text(raw[column]):
            no_text, total, _ = distinct.per_value(column, _words)
            says |= ~decided & ~no_text & total
            decided |= ~no_text
    return says


def _words(v: Any) -> tuple[bool, bool, bool]:
    """(no text, a total's word, blank) for one cell."""
    text = isinstance(v, str)
    return not text or not v.strip(), text and bool(re.match(SUMMARY, v)), _blank(v)


def holds_text(column: pd.Series) -> bool:
    """True for a column of Python objects or of strings (pandas 3 reads text as its own string type)."""
    return column.dtype == object or pd.api.types.is_string_dtype(column.dtype)


def factorize(column: pd.Series) -> tuple[np.ndarray, Any]:
    """(each value's index into the distinct values, the distinct values), blanks included: Arrow hashes
    the text pandas keeps in Arrow (pandas 3) without holding Python's lock; the rest ``pd.factorize``."""
    dtype = column.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or len(column) < LARGE:
        return pd.factorize(column, use_na_sentinel=False)
    encoded = column.array.__arrow_array__().dictionary_encode(null_encoding="encode").combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_numpy(zero_copy_only=False)


class Distinct:
    """The distinct values of a table's columns, each found once (``factorize``), so that every test
    on text runs once per distinct value: a million rows of a few hundred names cost a few hundred calls;
    and, for large tables, the number columns as floats (``find``). Rows left out later (``keep_only``)
    are left out of the answers."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.found: dict[str, tuple[np.ndarray, Any]] = {}
        self.as_floats: dict[str, np.ndarray] = {}
        self.kept: np.ndarray | None = None  # the rows of ``frame`` still in the table

    def keep_only(self, rows: np.ndarray) -> None:
        """Keep the ``rows`` (a mask over the rows still kept)."""
        if self.kept is None:
            self.kept = rows.copy()
        else:
            self.kept[self.kept] = rows

    def find(self, text: list[str], numbers: list[str]) -> None:
        """Factorize the ``text`` columns on other cores while this one makes floats of the ``numbers``
        (for large tables; small ones are done as asked)."""
        if len(self.frame) < LARGE:
            return
        todo = [c for c in dict.fromkeys(text) if c not in self.found]
        with ThreadPoolExecutor(2) as pool:
            found = pool.map(factorize, [self.frame[c] for c in todo])
            self.as_floats.update((c, self.frame[c].astype(float).to_numpy()) for c in numbers)
            self.found.update(zip(todo, found))

    def floats(self, column: str) -> np.ndarray | None:
        """The column's numbers as floats, for the rows kept, when ``find`` made them."""
        values = self.as_floats.get(column)
        return values if values is None or self.kept is None else values[self.kept]

    def codes(self, column: str) -> tuple[np.ndarray, Any]:
        """(each row's index into the distinct values, the distinct values), blanks included."""
        if column not in self.found:
            self.found[column] = factorize(self.frame[column])
        codes, uniques = self.found[column]
        return (codes if self.kept is None else codes[self.kept]), uniques

    def per_value(self, column: str, test: Any) -> tuple[np.ndarray, ...]:
        """``test`` (a function of one value giving a tuple of booleans), for each row."""
        codes, uniques = self.codes(column)
        width = len(test(None))
        answers = np.array([test(v) for v in uniques], dtype=bool).reshape(len(uniques), width)
        return tuple(
            answers[codes, k]
            if answers[:, k].any() and not answers[:, k].all()
            else np.full(len(codes), answers[:, k].any())
            for k in range(width)
        )


def _blank(v: Any) -> bool:
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return True
    return isinstance(v, str) and v.strip().lower() in numbers.MISSING


def _dates(
    values: pd.Series, header: str, opt: Options, reading: Reading, problems: Problems, distinct: Distinct
) -> tuple[pd.Series, np.ndarray]:
    """The dates of a column and their month keys; every problem added to ``problems``."""
    try:
        found = distinct.codes(header) if holds_text(values) else None
        dates, bad, order, months = parse_dates(values, opt.date_order, found)
    except (OverflowError, pd.errors.OutOfBoundsDatetime) as exc:
        problems.add("not_date", column=header, value=str(exc)[:40])
        problems.raise_if_any()
        raise AssertionError from exc  # unreachable: a problem was added
    except DateOrderError as exc:
        key = "date_both" if exc.kind == "both" else "date_order"
        problems.add(key, column=header, example=exc.example)
        problems.raise_if_any()
        raise AssertionError from exc  # unreachable: a problem was added
    reading.date_order = {"day": "day-first", "month": "month-first"}.get(order or "", "")
    if not dates.hasnans:  # every row dated: nothing to say
        return dates, months
    for line in problems.at(bad):
        problems.add("not_date", row=line, column=header, value=str(values[line])[:40])
    for line in problems.at(dates.isna() & ~bad):
        problems.add("empty", row=line, column=header, what="date")
    return dates, months


def _plain_numbers(column: pd.Series) -> bool:
    """True for a column pandas read as numbers (booleans are no numbers here)."""
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def _numbers(
    df: pd.DataFrame,
    out: pd.DataFrame,
    seen: dict[str, str],
    opt: Options,
    reading: Reading,
    problems: Problems,
    distinct: Distinct,
) -> None:
    keys = [k for k in METRICS if k in df]
    texts: dict[str, tuple[pd.Series, pd.Series, pd.Series, pd.Series]] = {}
    evidence: dict[str, numbers.Marks] = {}
    for key in keys:
        col = df[key]
        if pd.api.types.is_bool_dtype(col):
            problems.add("not_number", row=int(col.index[0]), column=seen[key], value=str(col.iloc[0]))
            continue
        if _plain_numbers(col):
            floats = distinct.floats(seen[key])
            out[key] = col.astype(float) if floats is None else pd.Series(floats, index=out.index, copy=False)
            continue
        kinds = kinds_of(col)
        is_text, is_bool = kinds == "text", kinds == "bool"
        for line in problems.at(is_bool | (kinds == "other")):  # TRUE/FALSE, a date or a time in a number cell
            problems.add("not_number", row=line, column=seen[key], value=str(col[line]))
        if not is_text.any():  # numbers and blanks only (an .xlsx column): nothing to clean or decide
            out[key] = pd.to_numeric(col.where(kinds == "number"), errors="coerce").astype(float)
            continue
        bare, missing, percent = numbers.clean(col.where(is_text, "").astype(str))
        for line in problems.at(percent & is_text):  # counts and amounts are no percentages
            problems.add("percent", row=line, column=seen[key], value=str(col[line]))
        texts[key] = (bare, missing, percent, is_text)
        evidence[key] = numbers.marks(bare[is_text & ~missing])
    file_marks = {m.decided for m in evidence.values() if m.decided}
    for key, (bare, missing, percent, is_text) in texts.items():
        marks = evidence[key]
        if marks.comma and marks.dot:
            problems.add("marks_mixed", column=seen[key])
            continue
        decimal = marks.decided or opt.decimal
        if decimal is None and marks.ambiguous:
            decimal = next(iter(file_marks)) if len(file_marks) == 1 else None
            if decimal is None:
                problems.add("marks_undecided", column=seen[key], example=marks.example)
                continue
        decimal = decimal or "."
        if marks.ambiguous or marks.comma or marks.dot:
            reading.decimal[seen[key]] = decimal
        values, bad = numbers.parse(bare, missing, percent, decimal)
        col = df[key]
        plain = ~is_text & col.notna()
        values = np.where(plain.to_numpy(), pd.to_numeric(col.where(plain), errors="coerce"), values)
        bad = bad & is_text
        for line in problems.at(bad):
            problems.add("not_number", row=line, column=seen[key], value=str(col[line])[:40])
        out[key] = values
    for key in keys:
        if key not in out:
            continue
        v = np.asarray(out[key], dtype=float)
        if len(v) and v.min() >= 0 and v.max() <= 1e15:  # two quick passes prove most columns clean
            continue
        with np.errstate(invalid="ignore"):
            negative, large = v < 0, ~(np.abs(v) <= 1e15) & ~np.isnan(v)
        for mask, what in ((negative, "negative"), (large, "too_large")):
            if mask.any():
                for line in problems.at(pd.Series(mask, index=out.index)):
                    value = f"{out[key][line]:g}" if what == "negative" else str(df[key][line])[:40]
                    problems.add(what, row=line, column=seen[key], value=value)
        if np.isnan(v).any():
            out[key] = np.nan_to_num(v, nan=0.0, posinf=np.inf, neginf=-np.inf)


def _currency(
    df: pd.DataFrame, seen: dict[str, str], in_headers: dict[str, str], reading: Reading, problems: Problems
) -> str | None:
    codes = set(in_headers.values())
    if "currency" in df:
        codes |= {str(v).strip().upper() for v in df["currency"].dropna() if str(v).strip()}
    if len(codes) > 1:
        problems.add("currencies", codes=", ".join(sorted(codes)))
        return None
    return next(iter(codes), None)


def from_frame(df: pd.DataFrame, options: Options | None = None, source: str = "data") -> tuple[pd.DataFrame, Reading]:
    """A pandas table (from Python) understood like a file: its row i is line i + 2."""
    raw = df.copy()
    raw.index = range(2, len(raw) + 2)
    raw.columns = [str(c) for c in raw.columns]
    reading = Reading(source)
    return understand(raw, reading, options), reading


def normalize(df: pd.DataFrame, options: Options | None = None) -> pd.DataFrame:
    """The canonical campaign table of a pandas table."""
    return from_frame(df, options)[0]
