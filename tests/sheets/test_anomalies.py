"""Anomalies: a day out of its weekday's band is found, with the band computed here by hand."""

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest

import kpixl
import kpixl.sheets.anomalies
from kpixl.data.sample import sample_data
from kpixl.sheets.anomalies import band


def daily(days: int = 70, seed: int = 3) -> pd.DataFrame:
    """Ten weeks of daily rows for two channels, with a weekly rhythm and a little noise."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2026-03-02", periods=days, freq="D")
    rows = []
    for channel, base in (("Search", 400.0), ("Social", 150.0)):
        for d in dates:
            weekday = 1.3 if d.weekday() < 5 else 0.6
            cost = base * weekday * rng.normal(1, 0.03)
            clicks = round(cost / 0.8 * rng.normal(1, 0.03))
            rows.append((d, channel, "c", round(cost, 2), clicks * 30, clicks, round(clicks * 0.05), cost * 3))
    cols = ["date", "channel", "campaign", "cost", "impressions", "clicks", "leads", "revenue"]
    return pd.DataFrame(rows, columns=cols)


def test_a_broken_tracking_day_is_found_against_its_weekday(tmp_path):
    data = daily()
    broken = (data["date"] == "2026-05-06") & (data["channel"] == "Search")  # a Wednesday: leads not tracked
    data.loc[broken, "leads"] = 0
    book = kpixl.build_dashboard(data, tmp_path / "b.xlsx", formulas="native")
    ws = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] == "Anomalies in the last 4 weeks")
    listed = [r[:6] for r in rows[at + 2 : at + 12] if r[0]]
    day = dt.datetime(2026, 5, 6)
    found = [r for r in listed if r[1] == day and r[2] == "All" and r[0] == "Cost per lead"]
    assert found, listed  # all channels: half the leads of a Wednesday, so twice the cost per lead
    total = data.groupby("date")[["cost", "leads"]].sum()
    history = [pd.Timestamp(day) - pd.Timedelta(weeks=w) for w in range(1, 9)]
    cpl = (total.loc[history, "cost"] / total.loc[history, "leads"]).to_numpy()
    median = np.median(cpl)
    spread = max(np.median(np.abs(cpl - median)) * 1.4826 * 3, 0.1 * median)
    value = total.loc[pd.Timestamp(day), "cost"] / total.loc[pd.Timestamp(day), "leads"]
    assert found[0][3:6] == pytest.approx((value, median - spread, median + spread))
    assert len(listed) <= 10


def test_weekly_data_and_the_band():
    assert band(np.array([1.0, 2.0, 3.0])) is None  # fewer than 4 weeks of history
    low, high = band(np.array([10.0, 11, 9, 10, 12, 10, 9, 11]))
    assert (low, high) == pytest.approx((10 - 3 * 1.4826, 10 + 3 * 1.4826))
    assert band(np.array([2.0, 2, 2, 2])) == pytest.approx((1.8, 2.2))  # at least 10 % of the median
    assert band(np.array([1.0, 0, 2, 1, 3]))[0] == 0  # never below zero for what cannot be
    assert band(np.array([0.0, 0, 0, 60, 0])) is None  # mostly zero: no band, no flood of anomalies
    daily = sample_data().assign(date=lambda d: pd.to_datetime(d["date"]))
    daily = daily[daily["date"] <= "2026-06-28"]  # whole weeks only
    monday = daily["date"] - pd.to_timedelta(daily["date"].dt.day_of_week, unit="D")
    data = daily.assign(date=monday).groupby(["date", "channel", "campaign"], as_index=False).sum(numeric_only=True)
    assert data["date"].dt.day_of_week.nunique() == 1  # weekly rows: each week against the 8 weeks before
    last = data["date"] == data["date"].max()
    data.loc[last & (data["channel"] == "Social"), "cost"] *= 3
    found = kpixl.sheets.anomalies.find(data, [("spend", ("cost",))])
    assert ("Social", "spend", 1) in [(a.channel, a.kpi, a.direction) for a in found]
