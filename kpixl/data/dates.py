"""Dates as exports write them: ISO, ``20250106`` (GA4), day-first or month-first with slashes, month
names (``Jan 05, 2025 09:00 am``, ``6 janv. 2025``), Excel serial numbers; and the time a row covers:
a day, an hour (``2025010613``), a week (``2025-W03``, ``Week of Jan 6, 2025``, a Week column), a month
(``2025-01``, ``janv. 2025``, a Month column), a year, or a range (``2024-03-01 - 2024-03-11``).

Day-first or month-first is decided per column from all its values (``13/01`` is day-first,
``01/13`` month-first); a column that cannot tell takes the ``date_order`` option, and one
that shows both orders is refused. Dates Excel cannot hold (before 1900, after 9999) are no dates.
"""

from __future__ import annotations

import calendar
import re
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..errors import DateOrderError

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?$")  # a 2-digit year could be any order
_RANGE = re.compile(r"\s+[-–—]\s+|\s+(?:to|au|à)\s+")
_WEEK_OF = re.compile(r"^(?:week of|week starting|semaine du|semana del|woche ab|week van|settimana del)\s+", re.I)
_PREFIX = re.compile(
    r"^(?:du)\s+|^(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim)[a-z]*\.?,?\s+",
    re.I,
)
_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})(?:-?[1-7])?$", re.I)
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$|^(\d{1,2})[-/.](\d{4})$")
_MONTH_NAME_YEAR = re.compile(r"^([^\W\d_]+\.?)\s+(\d{4})$|^(\d{4})\s+([^\W\d_]+\.?)$")
_YEAR = re.compile(r"^(\d{4})$")
_HOUR = re.compile(r"^(\d{8})(\d{2})$")


def _months(names: dict[str, str]) -> dict[str, str]:
    return {name: english for english, words in names.items() for name in words.split()}


MONTH_NAMES = _months(  # month names and abbreviations in French, Spanish, German, Italian, Portuguese, Dutch
    {
        "Jan": "janvier janv enero ene januar jänner gennaio gen janeiro januari",
        "Feb": "février fevrier févr fevr febrero februar febbraio fevereiro fev februari",
        "Mar": "mars marzo märz maerz mär mrz março marco maart mrt",
        "Apr": "avril avr abril abr aprile",
        "May": "mai mayo maggio mag maio mei",
        "Jun": "juin junio juni giugno giu junho",
        "Jul": "juillet juil julio juli luglio lug julho",
        "Aug": "août aout agosto ago augustus",
        "Sep": "septembre sept septiembre settembre set setembro",
        "Oct": "octobre octubre oktober okt ottobre ott outubro out",
        "Nov": "novembre noviembre novembro",
        "Dec": "décembre decembre déc diciembre dic dezember dez dicembre dezembro december",
    }
)
_MONTHS = re.compile(r"\b(" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + r")\b\.?", re.I)
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
SERIAL_RANGE = (32_874, 73_051)  # 1990-01-01 to 2100-01-01
EXCEL_FIRST, EXCEL_LAST = pd.Timestamp("1900-01-01"), pd.Timestamp("9999-12-31")  # the days a workbook holds


def kinds_of(values: pd.Series) -> pd.Series:
    """The kind of each cell: "text", "number", "bool", "blank" or "other" (vectorised when a column holds one kind)."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        return pd.Series("text", index=values.index)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):  # numbers, maybe blanks: no bool
        if values.dtype != object:
            return pd.Series("number", index=values.index)
        return pd.Series(np.where(values.isna().to_numpy(), "blank", "number"), index=values.index)

    def one(v: object) -> str:
        if v is None or v is pd.NA or v is pd.NaT:
            return "blank"
        if isinstance(v, str):
            return "text"
        if isinstance(v, (bool, np.bool_)):
            return "bool"
        if isinstance(v, (int, float, np.integer, np.floating)):
            return "number"
        return "other"

    return values.map(one)


def _start(text: pd.Series) -> pd.Series:
    """The first day of a range ("2025-01-06 - 2025-01-12"), without "Week of"."""
    t = text.str.strip().str.replace(_WEEK_OF, "", regex=True).str.replace(_PREFIX, "", regex=True)
    return t.str.split(_RANGE, n=1, regex=True).str[0].str.strip()


class Parsed(NamedTuple):
    dates: pd.Series  # at midnight; NaT where blank or no date
    bad: pd.Series  # True where a value is no date
    order: str | None  # the order of slashed dates: "day", "month" or None
    months: np.ndarray  # year * 100 + month of each date


def parse_dates(
    values: pd.Series, date_order: str | None = None, distinct: tuple[np.ndarray, Any] | None = None
) -> Parsed:
    """The dates of ``values``: strings, numbers (Excel serials), dates or datetimes; blanks are NaT and
    not bad. Raises DateOrderError when the order of slashed dates is both or undecidable. ``distinct``:
    the values' factorization (blanks included), when the caller has it: a million rows hold a few
    hundred days, each parsed once.
    """
    if distinct is None or 2 * len(distinct[1]) >= len(values):
        dates, bad, order = _parse_dates(values, date_order)
        return Parsed(dates, bad, order, month_keys(dates))
    codes, uniques = distinct
    dates, bad, order = _parse_dates(pd.Series(np.asarray(uniques, dtype=object), dtype=object), date_order)
    return Parsed(
        pd.Series(dates.to_numpy()[codes], index=values.index, dtype=dates.dtype, copy=False),
        pd.Series(bad.to_numpy()[codes] if bad.any() else np.zeros(len(codes), dtype=bool), index=values.index),
        order,
        month_keys(dates)[codes],
    )


TICKS_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}  # pandas' datetime units


def month_keys(dates: pd.Series) -> np.ndarray:
    """year * 100 + month of each date (at midnight), looked up in a table of the days they span."""
    stamps = dates.to_numpy()
    if not len(stamps) or dates.hasnans:
        return np.asarray(dates.dt.year * 100 + dates.dt.month)
    days = stamps.view(np.int64) // (86_400 * TICKS_PER_SECOND[np.datetime_data(stamps.dtype)[0]])
    first, last = int(days.min()), int(days.max())
    days -= first
    span = pd.DatetimeIndex(np.arange(first, last + 1).astype("datetime64[D]"))
    return np.asarray(span.year * 100 + span.month)[days]


def _parse_dates(values: pd.Series, date_order: str | None) -> tuple[pd.Series, pd.Series, str | None]:
    if pd.api.types.infer_dtype(values, skipna=True) == "string":  # fast path: every date written ISO
        iso = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        if not (iso.isna() & values.notna()).any() and not ((iso < EXCEL_FIRST) | (iso > EXCEL_LAST)).any():
            return iso, pd.Series(False, index=values.index), None
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    kinds = kinds_of(values)
    blank = values.isna() | (kinds == "text") & (values.astype(str).str.strip() == "")
    is_text = (kinds == "text") & ~blank
    is_number = (kinds == "number") & ~blank
    other = ~(blank | is_text | is_number)
    if other.any():
        converted = pd.to_datetime(values[other], errors="coerce")
        if getattr(converted.dt, "tz", None) is not None:
            converted = converted.dt.tz_localize(None)
        out[other] = converted
    if is_number.any():
        number = values[is_number].astype(float)
        compact = (number >= 19_000_101) & (number <= 21_001_231) & (number == number.round())  # 20250106
        if compact.any():
            text = number[compact].astype("int64").astype(str)
            out[text.index] = pd.to_datetime(text, format="%Y%m%d", errors="coerce")
        serial = number[~compact]  # Excel serial days; before 1990 or after 2100 it is no date of a campaign
        valid = (serial >= SERIAL_RANGE[0]) & (serial <= SERIAL_RANGE[1])
        out[serial[valid].index] = EXCEL_EPOCH + pd.to_timedelta(serial[valid].round(9), unit="D")
    order = None
    if is_text.any():
        text = _start(values[is_text].astype(str))
        iso = text.str.extract(_ISO).astype(float)
        compact = text.str.extract(_COMPACT).astype(float)
        slashed = text.str.extract(_SLASHED).astype(float)
        ymd = iso.fillna(compact)
        has_slash = slashed[0].notna() & ymd[0].isna()
        if has_slash.any():
            a, b, y = slashed[0][has_slash], slashed[1][has_slash], slashed[2][has_slash]
            day_first, month_first = bool((a > 12).any()), bool((b > 12).any())
            if day_first and month_first:
                first = text[has_slash][(a > 12)].iloc[0]
                second = text[has_slash][(b > 12)].iloc[0]
                raise DateOrderError("both", f"{first!r} and {second!r}")
            order = "day" if day_first else "month" if month_first else date_order
            if order is None:
                raise DateOrderError("undecided", text[has_slash].iloc[0])
            day, month = (a, b) if order == "day" else (b, a)
            ymd.loc[has_slash, 0], ymd.loc[has_slash, 1], ymd.loc[has_slash, 2] = y, month, day
        done = ymd[0].notna()
        held = done & (ymd[0] >= EXCEL_FIRST.year) & (ymd[0] <= EXCEL_LAST.year)  # else no date: bad
        if held.any():
            parts = ymd[held].astype(int)
            out[parts.index] = pd.to_datetime(dict(year=parts[0], month=parts[1], day=parts[2]), errors="coerce")
        rest = text[~done]
        if len(rest):  # month names: "Jan 05, 2025 09:00 am", "5 janv. 2025", "6. März 2025"
            english = rest.str.replace(_MONTHS, lambda m: MONTH_NAMES[m.group(1).lower()], regex=True).str.replace(
                r"\b(?:de|del|do|da)\b", " ", regex=True
            )
            named = english.str.contains(r"[A-Za-z]{3}", regex=True) & english.str.contains(r"\b\d{4}\b", regex=True)
            parsed = pd.to_datetime(english[named], errors="coerce", format="mixed")
            out[parsed.index] = parsed
    outside = (out < EXCEL_FIRST) | (out > EXCEL_LAST)
    out = out.where(~outside)
    bad = out.isna() & ~blank
    return out.dt.normalize(), bad, order


class Spans(NamedTuple):
    dates: pd.Series  # the first day each row covers; NaT where blank or no date
    days: np.ndarray  # how many days each row covers (1 for a day or an hour)
    bad: pd.Series  # True where a value is no date
    order: str | None  # the order of slashed dates: "day", "month" or None
    grain: str  # what one row covers: "hour", "day", "week", "month", "year" or "range"


GRAIN_DAYS = {"week": 7}


def parse_spans(
    values: pd.Series,
    key: str,
    date_order: str | None = None,
    distinct: tuple[np.ndarray, Any] | None = None,
    ends: pd.Series | None = None,
) -> Spans:
    """The first day and the number of days of each row, from a time column of kind ``key`` ("date",
    "date_hour", "week" or "month") and, when the file has one, its column of last days (``ends``).

    A range (``2024-03-01 - 2024-03-11``) covers its days; a week (``2025-W03``, ``Week of ...``, a date in
    a Week column) 7; a month (``2025-01``, ``janv. 2025``, a date in a Month column) its days; a year its days.
    """
    if distinct is None:
        distinct = pd.factorize(values, use_na_sentinel=False)
    codes, uniques = distinct
    u = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    if key == "date_hour":  # 2025010613 read as a number
        u = u.map(lambda v: str(int(v)) if isinstance(v, (int, float, np.number)) and 1e9 <= v < 1e10 else v)
    text = u.map(lambda v: v.strip() if isinstance(v, str) else None)
    starts, finishes = u.copy(), pd.Series(None, index=u.index, dtype=object)
    fixed = pd.Series(0, index=u.index)  # days fixed by the form of the value: 7 for a week...
    kind = pd.Series("", index=u.index, dtype=object)
    is_text = text.notna() & (text != "")
    t = text[is_text]
    if len(t):
        hour = t.str.extract(_HOUR)
        if key == "date_hour":
            found = hour[0].notna()
            starts[found[found].index] = hour[0][found]
            kind[found[found].index] = "hour"
        week = t.str.extract(_ISO_WEEK)
        found = week[0].notna()
        for i in found[found].index:
            starts[i] = _iso_monday(int(week[0][i]), int(week[1][i]))
            fixed[i], kind[i] = 7, "week"
        week_of = t.str.match(_WEEK_OF)
        fixed[week_of[week_of].index], kind[week_of[week_of].index] = 7, "week"
        year_month = t.str.extract(_YEAR_MONTH)
        named = t.str.extract(_MONTH_NAME_YEAR)
        for i in t.index:
            if kind[i]:
                continue
            ym = year_month.loc[i]
            if pd.notna(ym[0]) or pd.notna(ym[2]):
                year, month = (int(ym[0]), int(ym[1])) if pd.notna(ym[0]) else (int(ym[3]), int(ym[2]))
                if 1 <= month <= 12:
                    starts[i], kind[i] = f"{year:04d}-{month:02d}-01", "month"
                continue
            nm = named.loc[i]
            if pd.notna(nm[0]) or pd.notna(nm[3]):
                word, year = (nm[0], nm[1]) if pd.notna(nm[0]) else (nm[3], nm[2])
                starts[i], kind[i] = f"1 {word} {year}", "month"
                continue
            if _YEAR.match(t[i]) and key != "date_hour":
                starts[i], kind[i] = f"{t[i]}-01-01", "year"
                continue
            rest = _WEEK_OF.sub("", t[i])
            parts = _RANGE.split(rest, maxsplit=1)
            if len(parts) == 2:
                starts[i], finishes[i], kind[i] = parts[0].strip(), parts[1].strip(), "range"
    both = pd.concat([starts, finishes[finishes.notna()]], ignore_index=True)
    parsed, bad_both, order = _parse_dates(both, date_order)
    first = parsed[: len(u)].set_axis(u.index)
    bad = bad_both[: len(u)].set_axis(u.index)
    last = pd.Series(pd.NaT, index=u.index, dtype=first.dtype)
    if finishes.notna().any():
        last[finishes.notna()] = parsed[len(u) :].to_numpy()
    days = np.ones(len(u), dtype=np.int64)
    for i in u.index:
        start = first[i]
        if pd.isna(start):
            continue
        k = kind[i]
        if k == "range":
            end = last[i]
            if pd.isna(end) or end < start:
                bad[i] = True
                first[i] = pd.NaT
                continue
            days[i] = (end - start).days + 1
        elif k == "week" or (not k and key == "week"):
            days[i] = 7
        elif k == "month" or (not k and key == "month"):
            first[i] = start.replace(day=1)
            days[i] = calendar.monthrange(start.year, start.month)[1]
        elif k == "year":
            days[i] = 366 if calendar.isleap(start.year) else 365
    row_dates = pd.Series(first.to_numpy()[codes], index=values.index, dtype=first.dtype, copy=False)
    row_days = days[codes]
    row_bad = pd.Series(bad.to_numpy()[codes], index=values.index)
    if ends is not None:
        end_dates, end_bad, _ = _parse_dates(ends.reset_index(drop=True), order or date_order)
        end_dates = pd.Series(end_dates.to_numpy(), index=values.index)
        has_end = end_dates.notna() & row_dates.notna()
        span = ((end_dates - row_dates).dt.days + 1).to_numpy()
        wrong = has_end.to_numpy() & (span < 1)
        row_days = np.where(has_end.to_numpy() & ~wrong, span, row_days)
        row_bad = row_bad | pd.Series(wrong | end_bad.to_numpy(), index=values.index)
    used = kind[np.unique(codes)] if len(codes) else kind
    grain = _grain(row_days[row_dates.notna().to_numpy()], set(used) - {""}, key)
    return Spans(row_dates, row_days, row_bad, order, grain)


def _iso_monday(year: int, week: int) -> str:
    try:
        return pd.Timestamp.fromisocalendar(year, week, 1).strftime("%Y-%m-%d")
    except ValueError:
        return f"{year}-W{week}"  # no such week: parsed as no date


def _grain(days: np.ndarray, kinds: set[str], key: str) -> str:
    """What one row covers, said in the summary."""
    if "hour" in kinds or key == "date_hour":
        return "hour"
    spans = set(np.unique(days).tolist()) if len(days) else {1}
    if spans == {1}:
        return "day"
    if spans == {7}:
        return "week"
    if spans <= {28, 29, 30, 31} and (kinds <= {"month"} or key == "month"):
        return "month"
    if spans <= {365, 366} and kinds <= {"year"}:
        return "year"
    return "range"
