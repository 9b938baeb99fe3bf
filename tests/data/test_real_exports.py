"""Real exports, as marketers downloaded them and committed them to public repositories: each is read to
totals computed here by a reader of its own (Python's csv module and the file's known formats), or refused
with the message that says the real cause. Where each file came from: ``fixtures/real/PROVENANCE.tsv``.

No licence is given in those repositories; the files are kept as test data, unchanged but for the line
ends the index gave (LF), and for long files cut to their first rows (``truncated`` in the provenance).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

from kpixl.data.columns import DataError
from kpixl.data.sources import read_data

from paths import REAL


def _number(text: str) -> float:
    """A cell as the file writes it: ``Rs.201.68``, ``$0.17``, ``1,234`` (US exports), blank or ``-`` as 0."""
    text = re.sub(r"^(Rs\.|\$|₹|€)", "", text.strip()).replace(",", "")
    return 0.0 if text in ("", "-", "–", "--") else float(text)


def _day(text: str) -> dt.date:
    for form in ("%Y-%m-%d", "%b %d, %Y", "%a, %b %d, %Y"):
        try:
            return dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            pass
    raise ValueError(text)


def independent(path: Path, date: str, sums: dict[str, str], skip_first: bool = False) -> dict[str, dict]:
    """{month: {kpixl column: total}} by Python's csv module: each row in the month of its date."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if skip_first:
        rows = rows[1:]
    out: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        month = _day(row[date]).strftime("%Y-%m")
        for key, column in sums.items():
            out[month][key] += _number(row[column])
    return out


# file -> (date column, {kpixl column: its column}, the first row is a totals row)
READ = {
    "lrpayne13/Dates.csv": ("Date", {"clicks": "Clicks", "impressions": "Impressions"}, False),
    "GAP028/Dates.csv": ("Date", {"clicks": "Clics", "impressions": "Impressions"}, False),
    "1123alberto/Chart.csv": ("Date", {"clicks": "Clicks", "impressions": "Impressions"}, False),
    "Steproac/Meta Monfrere 2024.csv": ("Day", {"cost": "Amount spent (USD)", "impressions": "Impressions"}, False),
    "Steproac/Meta Daily MONFRERE-Ads-Jan-1-2026-Mar-15-2026.csv": (
        "Reporting starts",
        {"cost": "Amount spent (USD)", "impressions": "Impressions", "orders": "Purchases"},
        False,
    ),
    "umairnsr87/Sponsored Products Campaign report.csv": (
        "Date",
        {"cost": "Spend", "clicks": "Clicks", "orders": "14 Day Total Orders (#)", "revenue": "14 Day Total Sales (₹)"},
        False,
    ),
    "xvr/Sponsored Products Campaign report.csv": (
        "Date",
        {"cost": "Spend", "clicks": "Clicks", "orders": "7 Day Total Orders (#)", "revenue": "7 Day Total Sales "},
        False,
    ),
    "FG-SC/account_overview_analytics.csv": ("Date", {"impressions": "Impressions"}, False),
}


@pytest.mark.parametrize("name", sorted(READ))
def test_a_real_export_reads_to_the_totals_of_its_rows(name):
    date, sums, skip_first = READ[name]
    df, (reading,) = read_data(REAL / name)
    got = df.groupby(df["date"].dt.strftime("%Y-%m")).sum(numeric_only=True)
    expected = independent(REAL / name, date, sums, skip_first)
    assert set(got.index) == set(expected)
    for month, totals in expected.items():
        for key, value in totals.items():
            assert got.at[month, key] == pytest.approx(value, abs=0.005), (name, month, key)


@pytest.mark.parametrize("name", ["Untitled-report-Feb-1-2025-to-Aug-4-2025_Age.csv"])
def test_metas_totals_row_under_the_header_is_skipped_and_equals_the_rows(name):
    """Meta's Ads Reporting puts its totals right under the header, every dimension empty: skipped, listed,
    and (a check the file gives) equal to the sum of the rows for what adds up; each row covers the report's
    185 days."""
    path = REAL / "Anas3rdshade" / name
    df, (reading,) = read_data(path)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    total, body = rows[0], rows[1:]
    assert [line for line, _ in reading.skipped] == [2]
    for key, column in (("cost", "Amount spent (INR)"), ("impressions", "Impressions"), ("clicks", "Link clicks")):
        assert df[key].sum() == pytest.approx(sum(_number(r[column]) for r in body), abs=0.01)
        assert df[key].sum() == pytest.approx(_number(total[column]), rel=1e-6)
    assert set(df["days"]) == {185} and reading.grain == "range" and reading.currency == "INR"
    assert {"Clicks (all)"} <= set(reading.mapping) and reading.mapping["Link clicks"] == "clicks"


def test_a_month_of_ranges_in_portuguese():
    """Meta in Brazilian Portuguese: ``Valor usado (BRL)``, ``Mês`` beside the daily report span (set aside),
    an en dash for no value."""
    df, (reading,) = read_data(REAL / "guijacobus-99" / "Relatório-sem-título-mar-3-2026-a-abr-1-2026.csv")
    assert reading.platform == "Meta Ads" and reading.currency == "BRL"
    assert ("Mês", "the rows' dates come from 'Início dos relatórios'") in reading.aside
    with open(REAL / "guijacobus-99" / "Relatório-sem-título-mar-3-2026-a-abr-1-2026.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert df["cost"].sum() == pytest.approx(sum(_number(r["Valor usado (BRL)"]) for r in rows))


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("1123alberto/Campaign report.csv", "export it by day (Segment > Time > Day)"),
        ("DanielTheC/Campaign report (1).csv", "export it by day (Segment > Time > Day)"),
        ("gotiquinha/Relatório da campanha.csv", "export it by day (Segment > Time > Day)"),
        ("intragoinc/Campaign report.csv", "export it by day (Segment > Time > Day)"),
        ("dungnd10112000/Channel distribution report.csv", "export it by day (Segment > Time > Day)"),
        ("liga-nt/Pages_and_screens_Page_path_and_screen_class.csv", "add the dimension Date"),
        ("1123alberto/Queries.csv", "its Dates (or Chart) file"),
        ("GAP028/Appareils.csv", "its Dates (or Chart) file"),
        ("lrpayne13/Devices.csv", "its Dates (or Chart) file"),
        (
            "Steproac/GA Traffic_acquisition_Session_primary_channel_group_(Default_Channel_Group) 2025.csv",
            "'02' is a week number without its year",
        ),
        ("DanielTheC/Daniel-Conlan-Campaigns-1-Sep-202430-Sep-2024.csv", "the export holds no data"),
        ("PhillyBikeAction/campaigns.csv", "a date column ('Send Date') but no figure"),
        ("LilyHeAsamiko/data-export.csv", "no column kpixl knows"),
    ],
)
def test_a_real_export_kpixl_cannot_use_is_refused_with_its_cause(name, says):
    with pytest.raises(DataError, match=re.escape(says)):
        read_data(REAL / name)


def test_every_real_export_is_listed_with_its_origin():
    with open(REAL / "PROVENANCE.tsv", encoding="utf-8", newline="") as f:
        listed = {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}
    files = {str(p.relative_to(REAL)) for p in REAL.rglob("*.csv")}
    assert files == set(listed)
    assert all(re.fullmatch(r"[0-9a-f]{40}", row["commit"]) and "/" in row["repository"] for row in listed.values())
