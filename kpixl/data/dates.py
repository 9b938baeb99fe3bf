"""Dates as exports write them: ISO, ``20250106`` (GA4), day-first or month-first with slashes, month
names (``Jan 05, 2025 09:00 am``, ``6 janv. 2025``), Excel serial numbers, ranges and "Week of".

Day-first or month-first is decided per column from all its values (``13/01`` is day-first,
``01/13`` month-first); a column that cannot tell takes the ``date_order`` option, and one
that shows both orders is refused.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?$")  # a 2-digit year could be any order
_RANGE = re.compile(r"\s+[-–—]\s+|\s+(?:to|au|à)\s+")
_PREFIX = re.compile(
    r"^(?:week of|semaine du|week starting|du)\s+|^(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|"
    r"ven|sam|dim)[a-z]*\.?,?\s+",
    re.I,
)
FRENCH_MONTHS = {
    "janvier": "Jan",
    "janv": "Jan",
    "février": "Feb",
    "fevrier": "Feb",
    "févr": "Feb",
    "fevr": "Feb",
    "mars": "Mar",
    "avril": "Apr",
    "avr": "Apr",
    "mai": "May",
    "juin": "Jun",
    "juillet": "Jul",
    "juil": "Jul",
    "août": "Aug",
    "aout": "Aug",
    "septembre": "Sep",
    "sept": "Sep",
    "octobre": "Oct",
    "oct": "Oct",
    "novembre": "Nov",
    "nov": "Nov",
    "décembre": "Dec",
    "decembre": "Dec",
    "déc": "Dec",
    "dec": "Dec",
}
_FRENCH = re.compile(r"\b(" + "|".join(sorted(FRENCH_MONTHS, key=len, reverse=True)) + r")\b\.?", re.I)
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
SERIAL_RANGE = (32_874, 73_051)  # 1990-01-01 to 2100-01-01


class DateOrderError(ValueError):
    """A column of slashed dates that shows both orders, or none (and no option says)."""

    def __init__(self, kind: str, example: str):
        super().__init__(kind)
        self.kind, self.example = kind, example


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
    t = text.str.strip().str.replace(_PREFIX, "", regex=True)
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
        if not (iso.isna() & values.notna()).any():
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
        if done.any():
            parts = ymd[done].astype(int)
            out[parts.index] = pd.to_datetime(dict(year=parts[0], month=parts[1], day=parts[2]), errors="coerce")
        rest = text[~done]
        if len(rest):  # month names: "Jan 05, 2025 09:00 am", "5 janv. 2025"
            english = rest.str.replace(_FRENCH, lambda m: FRENCH_MONTHS[m.group(1).lower()], regex=True)
            named = english.str.contains(r"[A-Za-z]{3}", regex=True) & english.str.contains(r"\b\d{4}\b", regex=True)
            parsed = pd.to_datetime(english[named], errors="coerce", format="mixed")
            out[parsed.index] = parsed
    bad = out.isna() & ~blank
    return out.dt.normalize(), bad, order
