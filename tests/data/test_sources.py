"""One truth from several sources: no figure counted twice, one channel vocabulary, honest periods.

Every expected figure is computed here from the fixtures' rows (or from hand-made tables), not by kpixl.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpixl
from kpixl.data.columns import DataError
from kpixl.data.sources import read_data
from kpixl.data.understand import Options

from libreoffice import recalculate, soffice
from paths import EXPORTS

GOOGLE, META = f"{EXPORTS}/google_ads_campaign_day_en.csv", f"{EXPORTS}/meta_ads_campaign_day_en.csv"
GA4, MAILCHIMP = f"{EXPORTS}/ga4_traffic_acquisition_day_en.csv", f"{EXPORTS}/mailchimp_campaigns_export.csv"


def totals(df: pd.DataFrame) -> dict[str, float]:
    return {k: round(float(v), 6) for k, v in df.sum(numeric_only=True).items() if k != "days"}


def test_the_same_export_twice_counts_once(tmp_path):
    copy = tmp_path / "copy.csv"
    shutil.copy(GOOGLE, copy)
    once, _ = read_data(GOOGLE)
    twice, readings = read_data([GOOGLE, copy])
    assert totals(twice) == totals(once) and len(twice) == len(once)
    assert any("replaces its 24 rows of the same campaigns" in note for note in readings[1].notes)
    both, _ = read_data([GOOGLE, copy], Options(overlap="add"))  # the user says they are two
    assert both["cost"].sum() == pytest.approx(2 * once["cost"].sum())


def _cut(path: str, folder, ranges: list[tuple[str, str]]) -> list:
    """The export cut into files over the given days (as the platform would export each), oldest first."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    head, body = lines[:3], [ln for ln in lines[3:] if not ln.startswith("Total")]
    out = []
    for i, (first, last) in enumerate(ranges):
        part = folder / f"part{i}.csv"
        rows = [ln for ln in body if first <= ln.split(",")[2] <= last]
        if not rows:  # no export of days without data
            continue
        part.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
        os.utime(part, (1_000_000 + i, 1_000_000 + i))
        out.append(part)
    return out


def test_two_overlapping_exports_give_the_union(tmp_path):
    """January to mid-February, then February: the second's February rows replace the first's, once."""
    whole, _ = read_data(GOOGLE)
    parts = _cut(GOOGLE, tmp_path, [("2025-01-01", "2025-02-10"), ("2025-02-01", "2025-02-28")])
    union, readings = read_data(parts)
    assert totals(union) == pytest.approx(totals(whole))
    assert "2025-02-03 to 2025-02-10" in readings[0].notes[0]  # the older says which of its days went


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cuts=st.lists(st.tuples(st.integers(0, 56), st.integers(0, 56)).map(sorted), min_size=1, max_size=5),
    order=st.permutations(range(5)),
)
def test_one_source_cut_into_overlapping_files_in_any_order_is_the_whole(tmp_path_factory, cuts, order):
    """Random overlapping exports of one Google Ads account that together cover every day, given in any
    order (the newest file wins, whichever comes first on the command line): the numbers of the whole."""
    folder = tmp_path_factory.mktemp("cuts")
    day = pd.Timestamp("2025-01-01")
    ranges = [(f"{day + pd.Timedelta(days=a):%Y-%m-%d}", f"{day + pd.Timedelta(days=b):%Y-%m-%d}") for a, b in cuts]
    ranges.append(("2025-01-01", "2025-02-28"))  # one file holds every day, at some point in time
    parts = _cut(GOOGLE, folder, ranges)
    for stamp, part in zip(order, parts):  # which file is newest: any of them
        os.utime(part, (2_000_000 + stamp, 2_000_000 + stamp))
    given_order = [parts[i] for i in order if i < len(parts)] + parts[len(order) :]
    union, _ = read_data(given_order)
    whole, _ = read_data(GOOGLE)
    assert totals(union) == pytest.approx(totals(whole))


def test_each_metric_comes_from_its_owner():
    """Google Ads, Meta, Mailchimp and GA4 together: revenue is GA4's, spend the ad platforms', and what the
    platforms attribute to themselves stays apart as platform conversions."""
    df, readings = read_data([GOOGLE, META, GA4, MAILCHIMP])
    google, meta, ga4, mailchimp = (read_data(p)[0] for p in (GOOGLE, META, GA4, MAILCHIMP))
    assert df["revenue"].sum() == pytest.approx(ga4["revenue"].sum())
    assert df["cost"].sum() == pytest.approx(google["cost"].sum() + meta["cost"].sum())
    platform = google["revenue"].sum() + meta["revenue"].sum() + mailchimp["revenue"].sum()
    assert df["platform_conversion_value"].sum() == pytest.approx(platform)
    assert "orders" not in df  # GA4 gives the outcomes, and it has no orders: none are taken from the platforms
    assert df["sessions"].sum() == pytest.approx(ga4["sessions"].sum())
    chosen, _ = read_data([GOOGLE, META, GA4, MAILCHIMP], Options(outcomes_from="ads"))
    assert chosen["revenue"].sum() == pytest.approx(platform) and chosen["orders"].sum() > 0
    with pytest.raises(DataError, match="--outcomes-from shop: no such source"):
        read_data([GOOGLE, GA4], Options(outcomes_from="shop"))


def test_one_channel_vocabulary_and_a_channel_map(tmp_path):
    df, _ = read_data([GOOGLE, META, GA4, MAILCHIMP])
    google = df[df["source"] == "Google Ads"]
    assert set(google["channel"]) == {"Paid Search", "Cross-network"}  # Search, Performance Max
    assert set(df[df["source"] == "Meta Ads"]["channel"]) == {"Paid Social"}
    assert set(df[df["source"] == "Mailchimp"]["channel"]) == {"Email"}
    rules = tmp_path / "channels.csv"
    rules.write_text("platform,campaign,channel\ngoogle_ads,Brand*,Brand Search\n,*retargeting*,Retargeting\n")
    from kpixl.data.channels import read_map

    mapped, readings = read_data([GOOGLE, META], Options(channel_map=read_map(rules)))
    brand = mapped[mapped["campaign"].str.startswith("Brand")]
    assert set(brand["channel"]) == {"Brand Search"}
    assert set(mapped[mapped["campaign"].str.contains("Retargeting")]["channel"]) == {"Retargeting"}


def test_the_channel_table_says_why_a_kpi_has_no_value(tmp_path):
    """Direct has GA4's revenue and no cost: its ROI is blank with a note, never #DIV/0!."""
    book = kpixl.build_dashboard([GOOGLE, META, GA4, MAILCHIMP], tmp_path / "b.xlsx", formulas="native")
    ws = openpyxl.load_workbook(book)["Dashboard"]
    cached = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    header = next(r for r in cached.iter_rows() if r[0].value == "Channel" and r[1].value == "Spend")
    roi = [c.value for c in header].index("Return on investment")
    rows = {r[0].value: ws[r[0].row] for r in cached.iter_rows(min_row=header[0].row + 1, max_row=header[0].row + 6)}
    assert rows["Direct"][roi].value is None and "No cost for Direct" in rows["Direct"][roi].comment.text
    assert rows["Paid Search"][roi].value.startswith("=")
    assert not [c.coordinate for row in cached.iter_rows() for c in row if c.value == "#DIV/0!"]


def test_weekly_and_monthly_rows_spread_to_their_days(tmp_path):
    """A week from Monday 27 January is 5 days of January and 2 of February; a month row covers its month."""
    weekly = pd.DataFrame(
        {"Week": ["2025-01-20", "2025-01-27", "2025-02-03"], "Campaign": ["A"] * 3, "Cost": [70.0, 140.0, 7.0]}
    )
    df, (reading,) = read_data(weekly, Options(channel="Search"))
    assert reading.grain == "week" and set(df["days"]) == {7}
    book = kpixl.build_dashboard(weekly, tmp_path / "w.xlsx", read=Options(channel="Search"), formulas="native")
    calc = {r[0]: r[1:] for r in openpyxl.load_workbook(book, data_only=True)["Calc"].iter_rows(values_only=True)}
    months = list(calc["Month"])
    january, february = 70 + 140 * 5 / 7, 140 * 2 / 7 + 7
    assert calc["Cost"][months.index("2025-01")] == pytest.approx(january)
    assert calc["Cost"][months.index("2025-02")] == pytest.approx(february)
    monthly = pd.DataFrame({"Month": ["2025-01", "2025-02"], "Channel": ["S", "S"], "Cost": [310.0, 280.0]})
    df, (reading,) = read_data(monthly)
    assert reading.grain == "month" and df["days"].tolist() == [31, 28]
    quarters = kpixl.build_dashboard(monthly, tmp_path / "q.xlsx", grain="week", formulas="native")
    calc = {r[0]: r[1:] for r in openpyxl.load_workbook(quarters, data_only=True)["Calc"].iter_rows(values_only=True)}
    weeks = [w for w in calc["Week"] if w]
    assert weeks[0] == "2024-W53" or weeks[0] == "2025-W01"  # 1 January 2025 is a Wednesday of W01
    assert sum(v for v in calc["Cost"][: len(weeks)] if isinstance(v, float)) == pytest.approx(590.0)


def test_a_table_of_mondays_is_read_as_weeks_and_said():
    dates = pd.date_range("2025-01-06", periods=6, freq="7D")
    table = pd.DataFrame({"date": dates, "channel": "S", "campaign": "A", "cost": 7.0})
    df, (reading,) = read_data(table)
    assert set(df["days"]) == {7} and "each row read as a week: every date is a Monday" in reading.notes[0]
    daily, (reading,) = read_data(table, Options(row_span="day"))
    assert set(daily["days"]) == {1} and reading.notes == []


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_recalculates_a_blended_workbook_to_kpixls_values(tmp_path):
    book = kpixl.build_dashboard([GOOGLE, META, GA4, MAILCHIMP], tmp_path / "blend.xlsx", formulas="native")
    (again,) = recalculate([book], tmp_path / "lo")
    ours, theirs = (openpyxl.load_workbook(p, data_only=True) for p in (book, again))
    for sheet in ("Dashboard", "Calc"):
        for row in ours[sheet].iter_rows():
            for c in row:
                other = theirs[sheet][c.coordinate].value
                if isinstance(c.value, float):
                    assert other == pytest.approx(c.value, rel=1e-9, abs=1e-9), (sheet, c.coordinate)
                elif c.value is not None:
                    assert other == c.value, (sheet, c.coordinate)
