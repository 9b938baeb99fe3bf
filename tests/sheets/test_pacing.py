"""Budget pacing on the Dashboard, checked against sums computed here from the demo data."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest

import kpixl
from kpixl.data.columns import DataError
from kpixl.data.sample import SAMPLE_BUDGETS, sample_data

from cells import INCOMPLETE

HEAD = ("Channel", "Budget", "Spend to date", "Expected to date", "Pace", "Projected", "Needed per day", "Status")


def pacing_rows(book):
    ws = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[: len(HEAD)] == HEAD)
    note = rows[at - 1][2]
    body = [r[: len(HEAD)] for r in rows[at + 1 : at + 7]]
    return note, {r[0]: r for r in body}


def expected_status(projected, budget):
    r = projected / budget
    if abs(r - 1) <= 0.05:
        return "On pace"
    if r > 1:
        return "Ahead" if r - 1 <= 0.15 else "Over budget"
    return "Behind" if 1 - r <= 0.15 else "Under budget"


def daily(last: str = "2026-06-09") -> pd.DataFrame:
    """Daily rows from 1 April to ``last`` for three channels, spend varying by weekday."""
    days = pd.date_range("2026-04-01", last, freq="D")
    rows = [
        (d, channel, "c", base * (1 + 0.3 * (d.weekday() < 5)) + d.day, 100.0, 5.0, 2.0, base * 3)
        for d in days
        for channel, base in (("Search", 500.0), ("Social", 120.0), ("Email", 40.0))
    ]
    return pd.DataFrame(rows, columns=["date", "channel", "campaign", "cost", "clicks", "leads", "orders", "revenue"])


@pytest.mark.parametrize("formulas", ["native", "lite"])
def test_pacing_of_a_month_under_way_by_hand(tmp_path, formulas):
    data = daily()
    budgets = {"Search": 20_000, "Social": 4_000, "Email": 3_000}
    book = kpixl.build_dashboard(data, tmp_path / "b.xlsx", formulas=formulas, budgets=budgets)
    note, rows = pacing_rows(book)
    assert note == "Data to 2026-06-09: day 9 of 30 of the period"
    dashboard = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    assert dashboard[INCOMPLETE].value == "Period to date: the data runs to 2026-06-09, day 9 of 30"
    dates = pd.to_datetime(data["date"])
    last = dates.max()
    june = data[dates.dt.strftime("%Y-%m") == "2026-06"]
    for channel, budget in budgets.items():
        spend = june.loc[june["channel"] == channel, "cost"].sum()
        week = data[(data["channel"] == channel) & (dates > last - dt.timedelta(days=7)) & (dates <= last)]
        recent = week["cost"].sum() / 7
        projected = spend + (30 - 9) * recent
        got = rows[channel]
        assert got[1:4] == pytest.approx((budget, spend, budget * 9 / 30))
        assert got[4] == pytest.approx(spend / (budget * 9 / 30))
        assert got[5] == pytest.approx(projected)
        assert got[6] == pytest.approx((budget - spend) / 21)
        assert got[7] == expected_status(projected, budget)
    assert len({r[7] for r in rows.values()}) >= 2  # the statuses differ by channel


def weekly(last_monday: str = "2026-06-22") -> pd.DataFrame:
    """The demo's days summed by week, each row dated its Monday (read as a week: every date a Monday)."""
    data = sample_data().assign(date=lambda d: pd.to_datetime(d["date"]))
    data = data[(data["date"] >= "2025-01-06") & (data["date"] <= pd.Timestamp(last_monday) + pd.Timedelta(days=6))]
    monday = data["date"] - pd.to_timedelta(data["date"].dt.day_of_week, unit="D")
    return data.assign(date=monday).groupby(["date", "channel", "campaign"], as_index=False).sum(numeric_only=True)


def test_weekly_rows_cover_their_week(tmp_path):
    """A row dated Monday stands for its week: the last row (22 June) covers June to the 28th, and a week
    across two months puts each day's share in its month."""
    data = weekly()
    book = kpixl.build_dashboard(data, tmp_path / "b.xlsx", formulas="native", budgets=SAMPLE_BUDGETS)
    note, rows = pacing_rows(book)
    assert note == "Data to 2026-06-28: day 28 of 30 of the period"
    june_days = [  # (Monday, days of its week before 29 June, days of its week before 1 June)
        (d, min(7, (pd.Timestamp("2026-06-29") - d).days), max(0, (pd.Timestamp("2026-06-01") - d).days))
        for d in sorted(set(data["date"][data["date"] >= "2026-05-25"]))
    ]
    search = data[data["channel"] == "Search"].set_index("date")["cost"].groupby(level=0).sum()
    spend = sum(search[d] * (inside - before) / 7 for d, inside, before in june_days)
    assert rows["Search"][2] == pytest.approx(spend)
    weekly_grain = kpixl.build_dashboard(data, tmp_path / "w.xlsx", formulas="native", grain="week")
    note, rows = pacing_rows(weekly_grain)
    assert note == "Data to 2026-06-28: day 7 of 7 of the period"  # not day 1 of 7: the row is a week


def test_a_past_month_is_complete_and_a_channel_without_budget_stays_blank(tmp_path):
    data = sample_data()
    budgets = {("Search", "2026-03"): 20_000}
    book = kpixl.build_dashboard(data, tmp_path / "b.xlsx", formulas="native", period="2026-03", budgets=budgets)
    note, rows = pacing_rows(book)
    assert note == "Data to 2026-06-30: day 31 of 31 of the period"
    march = data[pd.to_datetime(data["date"]).dt.strftime("%Y-%m") == "2026-03"]
    spend = march.loc[march["channel"] == "Search", "cost"].sum()
    assert rows["Search"][1:6] == pytest.approx((20_000, spend, 20_000, spend / 20_000, spend))
    assert rows["Search"][6] in (None, "")  # the month is over: nothing more to spend per day
    assert all(v in (None, "") for v in rows["Video"][3:])  # no budget: no pacing
    with pytest.raises(DataError, match="budget for channel 'Radio'"):
        kpixl.build_dashboard(data, tmp_path / "c.xlsx", budgets={"Radio": 1000})
