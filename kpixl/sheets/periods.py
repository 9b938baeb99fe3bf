"""The dashboard's periods: weeks, months or quarters, their keys, labels and days.

A period is named by an integer key, the same in Python and in the workbook's formulas:
a month 202606, a quarter 20262, a week the date of its Monday 20260622. The same period last
year is 12 months, 4 quarters or 52 weeks back (a week keeps its weekday: Monday 364 days before).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import numpy as np
import pandas as pd

from ..words import GRAINS as GRAINS  # the periods a dashboard compares


def keys(dates: pd.Series, grain: str) -> pd.Series:
    """The period key of each date."""
    d = pd.to_datetime(dates)
    if grain == "month":
        return d.dt.year * 100 + d.dt.month
    if grain == "quarter":
        return d.dt.year * 10 + (d.dt.month + 2) // 3
    monday = d - pd.to_timedelta(d.dt.day_of_week, unit="D")
    return monday.dt.year * 10_000 + monday.dt.month * 100 + monday.dt.day


def key_formula(ref: str, grain: str) -> str:
    """The Excel formula (without ``=``) of the key of the date in ``ref``, as ``keys`` computes it."""
    if grain == "month":
        return f"YEAR({ref})*100+MONTH({ref})"
    if grain == "quarter":
        return f"YEAR({ref})*10+INT((MONTH({ref})+2)/3)"
    monday = f"({ref}-WEEKDAY({ref},3))"
    return f"YEAR({monday})*10000+MONTH({monday})*100+DAY({monday})"


def grain_of(label: str) -> str | None:
    """The grain a period's label is written in: 2026-06 a month, 2026-W23 a week, 2026-Q2 a quarter."""
    for grain, pattern in (("month", r"\d{4}-\d{2}"), ("week", r"\d{4}-W\d{2}"), ("quarter", r"\d{4}-Q[1-4]")):
        if re.fullmatch(pattern, label.strip()):
            return grain
    return None


def start(key: int, grain: str) -> dt.date:
    """The first day of the period."""
    if grain == "month":
        return dt.date(key // 100, key % 100, 1)
    if grain == "quarter":
        return dt.date(key // 10, 3 * (key % 10) - 2, 1)
    return dt.date(key // 10_000, key // 100 % 100, key % 100)


def length(key: int, grain: str) -> int:
    """Days in the period."""
    if grain == "week":
        return 7
    first = start(key, grain)
    months = 1 if grain == "month" else 3
    return sum(calendar.monthrange(first.year, first.month + i)[1] for i in range(months))


def label(key: int, grain: str) -> str:
    """2026-06, 2026-Q2 or 2026-W26 (the ISO week)."""
    if grain == "month":
        return f"{key // 100}-{key % 100:02d}"
    if grain == "quarter":
        return f"{key // 10}-Q{key % 10}"
    iso = start(key, grain).isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def last_year(key: int, grain: str) -> int:
    """The key of the same period a year before."""
    if grain == "month":
        return key - 100
    if grain == "quarter":
        return key - 10
    monday = start(key, grain) - dt.timedelta(days=364)
    return monday.year * 10_000 + monday.month * 100 + monday.day


def days(key: int, grain: str, last: dt.date) -> tuple[int, int]:
    """Days in the period, and how many of them the data covers (up to its ``last`` day)."""
    n = length(key, grain)
    covered = (pd.Timestamp(last).date() - start(key, grain)).days + 1
    return n, min(max(covered, 0), n)


def spread(df: pd.DataFrame, grain: str, metrics: list[str]) -> pd.DataFrame:
    """Rows that cover several days cut where a period begins, each part with its share of the row's
    figures, spread evenly over its days: a week from Monday 29 September is 2 days of September and 5 of
    October. Rows inside one period stay as they are, in their order."""
    days = df["days"].to_numpy()
    if len(days) == 0 or days.max() <= 1:
        return df
    rows = np.flatnonzero(days > 1)
    n = days[rows]
    owner = np.repeat(np.arange(len(rows)), n)
    offset = np.arange(len(owner)) - np.repeat(np.cumsum(n) - n, n)
    day = np.repeat(df["date"].to_numpy(dtype="datetime64[D]")[rows], n) + offset.astype("timedelta64[D]")
    key = keys(pd.Series(day), grain).to_numpy()
    new = np.ones(len(owner), dtype=bool)
    new[1:] = (owner[1:] != owner[:-1]) | (key[1:] != key[:-1])
    first = np.flatnonzero(new)
    length = np.diff(np.append(first, len(owner)))
    if len(first) == len(rows):  # every row inside one period
        return df
    parts = df.iloc[rows[owner[first]]].copy()
    share = length / n[owner[first]]
    parts["date"] = pd.to_datetime(day[first]).astype(df["date"].dtype)
    parts["days"] = length
    for m in metrics:
        parts[m] = parts[m].to_numpy(dtype=float) * share
    parts.index = rows[owner[first]]
    whole = df[days <= 1]
    return pd.concat([whole, parts]).sort_index(kind="stable").reset_index(drop=True)
