"""The dashboard's periods: weeks, months or quarters, their keys, labels and days.

A period is named by an integer key, the same in Python and in the workbook's formulas:
a month 202606, a quarter 20262, a week the date of its Monday 20260622. The same period last
year is 12 months, 4 quarters or 52 weeks back (a week keeps its weekday: Monday 364 days before).
"""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd

GRAINS = ("month", "week", "quarter")


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
