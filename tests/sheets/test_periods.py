"""Weeks, months and quarters: keys, labels, days and last year's period, against the calendar."""

import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from kpixl.sheets import periods

days = st.dates(dt.date(2001, 1, 1), dt.date(2098, 12, 31))


@given(days)
def test_each_date_falls_in_its_period(day):
    for grain in periods.GRAINS:
        key = int(periods.keys(pd.Series([pd.Timestamp(day)]), grain).iloc[0])
        first = periods.start(key, grain)
        assert first <= day < first + dt.timedelta(days=periods.length(key, grain))


@given(days)
def test_labels_and_last_year(day):
    week = int(periods.keys(pd.Series([pd.Timestamp(day)]), "week").iloc[0])
    iso = day.isocalendar()
    assert periods.label(week, "week") == f"{iso[0]}-W{iso[1]:02d}"
    before = periods.start(periods.last_year(week, "week"), "week")
    assert before.weekday() == 0 and (periods.start(week, "week") - before).days == 364
    month = int(periods.keys(pd.Series([pd.Timestamp(day)]), "month").iloc[0])
    assert periods.label(month, "month") == f"{day:%Y-%m}"
    assert periods.start(periods.last_year(month, "month"), "month") == dt.date(day.year - 1, day.month, 1)
    quarter = int(periods.keys(pd.Series([pd.Timestamp(day)]), "quarter").iloc[0])
    assert periods.label(quarter, "quarter") == f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def test_days_covered_by_the_data():
    assert periods.days(202606, "month", dt.date(2026, 6, 29)) == (30, 29)
    assert periods.days(202605, "month", dt.date(2026, 6, 29)) == (31, 31)
    assert periods.days(202607, "month", dt.date(2026, 6, 29)) == (31, 0)
    assert periods.days(20242, "quarter", dt.date(2024, 5, 1)) == (91, 31)
    assert periods.days(20240101, "week", dt.date(2024, 1, 3)) == (7, 3)
    assert periods.length(202402, "month") == 29 and periods.length(20241, "quarter") == 91
