"""Real exports in, right numbers out: files as the platforms write them, read to the totals computed
independently (``fixtures/exports/*.expected.json``, summed from the rows written, not by kpixl).

Each fixture follows the platform's export as documented or as seen in real downloaded files:
- Google Ads "CSV" and "Excel CSV" (UTF-16LE, tab): real downloads committed to public repositories
  (VishalMotling/campaign-performance-analyzer "Campaign report.csv"; DanielTheC/internal-lnking-tool
  "Campaign report.csv", UTF-16LE with BOM; intragoinc/cp-mktg-google-ads-i: Cost ungrouped, Impr. grouped,
  "Total: ..." footers; shihengdaicoding/KW08: " --" for n/a). French headers: Google Ads help, "Colonnes".
- Microsoft Advertising: Reporting service guide, report file schema (learn.microsoft.com/en-us/advertising/
  guides/reports; MicrosoftDocs/Advertising guides/reports.md): quoted metadata lines, copyright footer.
- Meta Ads Manager: "Export table data" help (facebook.com/business/help/1695754927158071); French headers from
  real exports (curly apostrophes, NBSP); "Results" mixes events per campaign and is not summed.
- LinkedIn Campaign Manager: "Export campaign performance reports" help (linkedin.com/help/lms/answer/a424868):
  UTF-16, tab-separated, report title and date lines, US month-first dates.
- TikTok Ads Manager: "Custom reports" help (ads.tiktok.com/help/article/custom-reports).
- GA4: "Share and export reports" help (support.google.com/analytics/answer/9317657): "#" preamble, YYYYMMDD,
  "Grand total" row.
- Mailchimp: "Export campaign reports" help (mailchimp.com/help/export-and-print-campaign-reports).
- HubSpot: "Export records" help (knowledge.hubspot.com/import-and-export/export-records).
- Excel (fr-FR) "CSV (séparateur : point-virgule)": Windows-1252, ";", decimal comma, NBSP thousands, dd/mm/yyyy.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import kpixl
from kpixl.cli import main
from kpixl.data.columns import DataError
from kpixl.data.sources import read_data
from kpixl.data.understand import Options
from kpixl.words import excel_key

from cells import CHANNEL_CELL, tile
from paths import EXPORTS

FIXTURES = EXPORTS
# fixture -> (platform recognised, {name used in the expected file: kpixl column})
FORMATS = {
    "google_ads_campaign_day_en.csv": ("Google Ads", {"conversions": "orders"}),
    "google_ads_campaign_day_en_excel.csv": ("Google Ads", {"conversions": "orders"}),
    "google_ads_campaign_day_fr.csv": ("Google Ads", {"conversions": "orders"}),
    "google_ads_campaign_day_fr_excel.csv": ("Google Ads", {"conversions": "orders"}),
    "microsoft_ads_campaign_daily.csv": ("Microsoft Advertising", {"conversions": "orders"}),
    "meta_ads_campaign_day_en.csv": ("Meta Ads", {"purchases": "orders", "reach_sum_of_rows": "reach"}),
    "meta_ads_campaign_day_fr.csv": ("Meta Ads", {"purchases": "orders", "reach_sum_of_rows": "reach"}),
    "meta_ads_campaign_day_fr.xlsx": ("Meta Ads", {"purchases": "orders", "reach_sum_of_rows": "reach"}),
    "linkedin_campaign_performance.csv": ("LinkedIn Ads", {}),
    "tiktok_ads_custom_report_day.csv": ("TikTok Ads", {"conversions": "orders"}),
    "ga4_traffic_acquisition_day_en.csv": ("Google Analytics 4", {"key_events": "leads"}),
    "ga4_traffic_acquisition_day_fr.csv": ("Google Analytics 4", {"key_events": "leads"}),
    "mailchimp_campaigns_export.csv": (
        "Mailchimp",
        {"deliveries": "delivered", "unique_opens": "opens", "unique_clicks": "clicks"},
    ),
    "excel_fr_semicolon.csv": ("", {"conversions": "orders"}),
}
KEYS = {
    "cost",
    "impressions",
    "clicks",
    "orders",
    "revenue",
    "sessions",
    "leads",
    "reach",
    "delivered",
    "opens",
    "unsubscribes",
}


def expected_monthly(name: str) -> dict[str, dict[str, float]]:
    spec = json.loads((FIXTURES / (Path(name).stem + ".expected.json")).read_text(encoding="utf-8"))
    rename = FORMATS[name][1]
    out = {}
    for month, totals in spec["monthly"].items():
        out[month] = {rename.get(k, k): float(v) for k, v in totals.items() if rename.get(k, k) in KEYS}
    return out


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_export_reads_to_the_independent_monthly_totals(name):
    """Each row summed in the month of its date (the weekly French table read day by day: the totals were
    computed so; its weeks spread over their days are tested apart)."""
    df, (reading,) = read_data(FIXTURES / name, Options(row_span="day"))
    assert reading.platform == FORMATS[name][0]
    got = df.groupby(df["date"].dt.strftime("%Y-%m")).sum(numeric_only=True)
    for month, totals in expected_monthly(name).items():
        for key, value in totals.items():
            assert got.at[month, key] == pytest.approx(value, abs=0.005), (name, month, key)


@pytest.mark.parametrize(
    "name",
    [
        "google_ads_campaign_day_en.csv",
        "google_ads_campaign_day_fr_excel.csv",
        "linkedin_campaign_performance.csv",
        "excel_fr_semicolon.csv",
    ],
)
def test_the_dashboard_shows_those_totals(tmp_path, name):
    """The Calc sheet's month-by-month sums, which every tile reads, equal the independent totals."""
    path = kpixl.build_dashboard(FIXTURES / name, tmp_path / "d.xlsx", formulas="native", read=Options(row_span="day"))
    calc = openpyxl.load_workbook(path, data_only=True)["Calc"]
    rows = {r[0].value: [c.value for c in r[1:]] for r in calc.iter_rows() if isinstance(r[0].value, str)}
    months = rows["Month"]
    labels = {
        "cost": "Cost",
        "impressions": "Impressions",
        "clicks": "Clicks",
        "orders": "Orders",
        "revenue": "Revenue",
        "leads": "Leads",
    }
    for month, totals in expected_monthly(name).items():
        j = months.index(month)
        for key, value in totals.items():
            if key in labels:
                monthly_row = [r for label, r in rows.items() if label == labels[key]][-1]  # the series block
                assert monthly_row[j] == pytest.approx(value, abs=0.005), (name, month, key)


def test_what_was_skipped_is_said(capsys):
    assert main(["inspect", str(FIXTURES / "google_ads_campaign_day_en.csv")]) == 0
    out = capsys.readouterr().out
    assert any(line.split() == ["skipped:", "line", "1:", "Campaign", "report"] for line in out.splitlines())
    assert "Total: Account" in out and "'Impr.' -> impressions" in out
    assert main(["inspect", "--json", str(FIXTURES / "linkedin_campaign_performance.csv")]) == 0
    (info,) = json.loads(capsys.readouterr().out)
    assert info["encoding"] == "UTF-16" and info["delimiter"] == "tab" and info["date_order"] == "month-first"
    assert info["currency"] == "EUR" and info["totals"]["cost"] == pytest.approx(1217.84 + 1174.86)


def test_hubspot_deals_count_won_deals_only():
    df, (reading,) = read_data(FIXTURES / "hubspot_deals_export.csv")
    spec = json.loads((FIXTURES / "hubspot_deals_export.expected.json").read_text(encoding="utf-8"))
    won = [d for d in spec.get("deals", [])] or None
    assert reading.platform == "HubSpot (deals)"
    assert set(df["new_customers"]) == {1.0}
    if won is None:  # the expected file gives the won total
        assert df["revenue"].sum() == pytest.approx(17300 + 5550.5)


def test_several_files_make_one_dashboard(tmp_path):
    names = [
        "google_ads_campaign_day_en.csv",
        "meta_ads_campaign_day_en.csv",
        "ga4_traffic_acquisition_day_en.csv",
        "mailchimp_campaigns_export.csv",
    ]
    df, readings = read_data([FIXTURES / n for n in names])
    assert [r.platform for r in readings] == ["Google Ads", "Meta Ads", "Google Analytics 4", "Mailchimp"]
    jan = df[df["date"].dt.strftime("%Y-%m") == "2025-01"]
    assert jan["cost"].sum() == pytest.approx(6649.77 + 1032.97, abs=0.005)
    assert {"Paid Search", "Cross-network", "Paid Social", "Email", "Direct"} <= set(df["channel"])
    out = tmp_path / "all.xlsx"
    assert main(["dashboard", str(out), *sum((["--data", str(FIXTURES / n)] for n in names), [])]) == 0


def test_channels_excel_cannot_tell_apart_are_counted_as_one(tmp_path):
    """Excel compares text ignoring case, so its SUMIFS would add "email" rows to "Email": kpixl makes them one
    channel, spelt as most rows spell it, and says so in each file's summary."""
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(
        "Date,Channel,Campaign,Cost\n2025-01-01,Email,News,10\n2025-01-02,Email,News,20\n"
        "2025-01-03,Email,News,30\n2025-01-03,Search,Brand,1\n"
    )
    b.write_text(
        "Date,Channel,Campaign,Cost\n2025-01-01,email,Promo,5\n2025-01-02,email,Promo,6\n"
        "2025-01-02,EMAIL,Promo,7\n2025-01-02,Search,Brand,2\n"
    )
    df, readings = read_data([a, b])
    assert df.groupby("channel")["cost"].sum().to_dict() == {"Email": 78.0, "Search": 3.0}
    said = "channels 'Email', 'email', 'EMAIL' counted as one, 'Email': Excel's formulas cannot tell them apart"
    assert [r.notes for r in readings] == [[said], [said]]
    assert [r.channels for r in readings] == [["Email", "Search"], ["Email", "Search"]]
    one, _ = read_data(b, Options(lang="fr"))  # alone, the file's own majority decides
    assert set(one["channel"]) == {"email", "Search"}
    out = tmp_path / "out.xlsx"
    kpixl.build_dashboard([a, b], out, formulas="native", channel="EMAIL")  # chosen as Excel would find it
    dashboard = openpyxl.load_workbook(out, data_only=True)["Dashboard"]
    assert (dashboard[CHANNEL_CELL].value, tile(dashboard, "Spend").value) == ("Email", 78.0)


@pytest.mark.parametrize(
    ("a", "b", "one"),
    [
        ("Email", "EMAIL", True),
        ("Straße", "STRASSE", True),
        ("Ｅｍａｉｌ", "email", True),  # full-width letters
        ("Cafe\u0301", "Café", True),  # the same letter, decomposed
        ("100", "0100", True),  # a SUMIFS criterion compares numbers as numbers
        ("1e2", "100", True),
        ("10%", "0.1", True),
        ("Café", "Cafe", False),  # Excel tells accents apart
        ("100", "1000", False),
        ("E-mail", "Email", False),
    ],
)
def test_names_excel_may_take_for_one(a, b, one):
    assert (excel_key(a) == excel_key(b)) is one


def test_a_skipped_total_row_does_not_count_as_a_spelling(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Date,Channel,Campaign,Cost\n2025-01-01,Email,News,10\nTotal,EMAIL,,10\n")
    df, (reading,) = read_data(path)
    assert (list(df["channel"]), reading.channels, reading.notes) == (["Email"], ["Email"], [])
    assert reading.skipped == [(3, "Total | EMAIL | 10")]


def test_a_channel_name_sumifs_cannot_match_is_refused(tmp_path):
    """Excel's SUMIF "returns incorrect results when you use it to match strings longer than 255 characters"
    (Microsoft's SUMIF help): the criterion is "=" and the name, each * ? ~ escaped by a ~."""
    fits, long, starred = "S" * 254, "L" * 255, "S*" * 100 + "x" * 55
    path = tmp_path / "t.csv"
    path.write_text(f"Date,Channel,Cost\n2025-01-01,{fits},1\n2025-01-02,{long},2\n2025-01-03,{starred},3\n")
    with pytest.raises(DataError) as info:
        read_data(path)
    lines = str(info.value).splitlines()  # one problem of two lines: said once, with both
    assert len(lines) == 1 and "line 2" not in str(info.value)
    assert "lines 3, 4, column 'Channel': a channel name of 255 characters" in lines[0]


def test_budgets_are_found_as_excel_finds_channels(tmp_path):
    data = pd.DataFrame({"date": ["2025-01-01"], "channel": ["Email"], "campaign": ["News"], "cost": [10.0]})
    with pytest.raises(DataError, match="budgets for 'email' and 'EMAIL' are both for channel 'Email'"):
        kpixl.build_dashboard(data, tmp_path / "a.xlsx", budgets={"email": 100, "EMAIL": 200})
    with pytest.raises(DataError, match="budget for channel 7, which is not in the data; choose from Email"):
        kpixl.build_dashboard(data, tmp_path / "a.xlsx", budgets={7: 100})


def _write(tmp_path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_thousands_marks_are_decided_by_the_rest_of_the_file(tmp_path):
    """Clicks of "42,122" are 42 122 when the costs show a decimal point; "1.696" is 1 696 when they show a comma."""
    us = _write(tmp_path, 'Date,Channel,Campaign,Clicks,Cost\n2025-01-06,Search,A,"42,122",1164.09\n')
    assert read_data(us)[0]["clicks"].tolist() == [42122.0]
    nl = _write(tmp_path, "Date;Channel;Campaign;Clicks;Cost\n2025-01-06;Search;A;1.696;1.164,09\n")
    df = read_data(nl)[0]
    assert df["clicks"].tolist() == [1696.0] and df["cost"].tolist() == [1164.09]


def test_numbers_no_value_can_settle_are_refused_with_the_option(tmp_path):
    path = _write(tmp_path, 'Date,Channel,Campaign,Clicks\n2025-01-06,Search,A,"1,500"\n')
    with pytest.raises(DataError, match=r"column 'Clicks'.*--decimal"):
        read_data(path)
    assert read_data(path, Options(decimal=","))[0]["clicks"].tolist() == [1.5]
    assert read_data(path, Options(decimal="."))[0]["clicks"].tolist() == [1500.0]


def test_month_first_dates_are_read_month_first(tmp_path):
    """1/2/2025 in a file whose other dates show month-first is 2 January, not 1 February."""
    path = _write(tmp_path, "Date,Channel,Campaign,Cost\n1/2/2025,Search,A,10\n1/20/2025,Search,A,5\n")
    df = read_data(path)[0]
    assert df["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-02", "2025-01-20"]


def test_dates_no_value_can_settle_are_refused_with_the_options(tmp_path, capsys):
    path = _write(tmp_path, "Date,Channel,Campaign,Cost\n1/2/2025,Search,A,10\n3/4/2025,Search,A,5\n")
    with pytest.raises(DataError, match="--dayfirst or --monthfirst"):
        read_data(path)
    assert read_data(path, Options(date_order="day"))[0]["date"].dt.month.tolist() == [2, 4]
    assert main(["dashboard", str(tmp_path / "o.xlsx"), "--data", str(path)]) == 2
    err = capsys.readouterr().err
    assert "--dayfirst" in err and "Traceback" not in err
    assert main(["dashboard", str(tmp_path / "o.xlsx"), "--data", str(path), "--monthfirst"]) == 0


def test_both_date_orders_in_one_column_are_refused(tmp_path):
    path = _write(tmp_path, "Date,Channel,Campaign,Cost\n15/03/2026,Search,A,10\n03/15/2026,Search,A,5\n")
    with pytest.raises(DataError, match="day-first and month-first"):
        read_data(path, Options(date_order="day"))


def test_every_problem_of_a_file_at_once_in_french(tmp_path):
    path = _write(tmp_path, "Date;Canal;Campagne;Coût;Clics\n2025-01-06;Search;A;abc;10\nhier;Search;A;5;-3\n")
    with pytest.raises(DataError) as info:
        read_data(path, Options(lang="fr"))
    lines = str(info.value).splitlines()
    assert len(lines) == 3
    assert any("ligne 3, colonne 'Date'" in ln and "n'est pas une date" in ln for ln in lines)
    assert any("ligne 2, colonne 'Coût'" in ln and "'abc' n'est pas un nombre" in ln for ln in lines)
    assert any("ligne 3, colonne 'Clics'" in ln and "négatif" in ln for ln in lines)


def test_utf16_with_an_emoji_and_percent_and_currency(tmp_path):
    text = "Report\nDate\tChannel\tCampaign\tCost\tCTR\n2025-01-06\tSocial\tLaunch 🚀\t8 405,40 €\t5,12%\n"
    df = read_data(_write(tmp_path, text, "utf-16"))[0]
    assert df["campaign"].tolist() == ["Launch 🚀"] and df["cost"].tolist() == [8405.40]


def test_mixed_currencies_are_refused_unless_converted(tmp_path):
    eur = tmp_path / "eur.csv"
    eur.write_text("Date,Channel,Campaign,Cost (EUR)\n2025-01-06,Search,A,100\n", encoding="utf-8")
    usd = tmp_path / "usd.csv"
    usd.write_text("Date,Channel,Campaign,Cost (USD)\n2025-01-06,Social,B,100\n", encoding="utf-8")
    with pytest.raises(DataError, match="--rate"):
        read_data([eur, usd])
    df, _ = read_data([eur, usd], rates={"USD": 0.9})
    assert df["cost"].tolist() == [100.0, 90.0]


def test_missing_values_and_missing_channel(tmp_path):
    """A file without a channel is one channel, named after the file, or as --channel-name says."""
    path = _write(tmp_path, "Date,Campaign,Cost,Clicks\n2025-01-06,A,--,n/a\n2025-01-07,A,3.5,-\n")
    df, (reading,) = read_data(path)
    assert set(df["channel"]) == {"data"} and reading.channel_from == "file"
    df = read_data(path, Options(channel="Search"))[0]
    assert df["cost"].tolist() == [0.0, 3.5] and set(df["channel"]) == {"Search"}


def test_dataframes_follow_the_same_rules():
    frame = pd.DataFrame(
        {"date": ["2025-01-06"], "channel": ["Search"], "campaign": ["A"], "clicks": ["42,122"], "cost": ["1,164.09"]}
    )
    df = read_data(frame)[0]
    assert df["clicks"].tolist() == [42122.0] and df["cost"].tolist() == [1164.09]


# What a review found read wrong without a word; each now reads right or is refused.


def test_a_decimal_comma_in_a_comma_separated_file_is_refused(tmp_path):
    path = _write(tmp_path, "Clicks,Cost,Channel,Date\n10,12,50,Search,2025-01-06\n")
    with pytest.raises(DataError, match="more fields than the header"):
        read_data(path)
    short = _write(tmp_path, "Clicks,Cost,Channel,Date\n10,12.5,Search,2025-01-06\n10,Search,2025-01-07\n")
    with pytest.raises(DataError, match="line 3 has fewer fields"):
        read_data(short)


def test_campaigns_named_total_and_hash_lines_are_data(tmp_path):
    path = _write(
        tmp_path,
        "Campaign,Date,Channel,Cost\nTotal brand,2025-01-06,Search,500\n"
        "#blackfriday,2025-01-06,Social,50\nTotal,2025-01-07,Search,5\nTotal: Account,--,,555\n",
    )
    df, (reading,) = read_data(path)
    assert df["cost"].tolist() == [500.0, 50.0, 5.0]
    assert [line for line, _ in reading.skipped] == [5]


def test_large_files_decide_marks_as_small_ones_do(tmp_path):
    rows = "".join(f"2025-01-{1 + i % 28:02d};Search;A;1.696;2000;1.234,50\n" for i in range(3000))
    path = _write(tmp_path, "Date;Canal;Campagne;Clics;Impressions;Coût\n" + rows)
    assert path.stat().st_size > 1 << 16
    df = read_data(path)[0]
    assert set(df["clicks"]) == {1696.0} and set(df["impressions"]) == {2000.0} and set(df["cost"]) == {1234.5}


def test_compact_dates_in_a_large_file_and_week_numbers(tmp_path):
    rows = "".join(f"202501{1 + i % 28:02d},Search,A,1\n" for i in range(5000))
    assert read_data(_write(tmp_path, "Date,Channel,Campaign,Cost\n" + rows))[0]["date"].min() == pd.Timestamp(
        "2025-01-01"
    )
    weeks = "".join(f"{1 + i % 52},Search,A,1\n" for i in range(5000))
    with pytest.raises(DataError, match="'1' is a week number without its year"):
        read_data(_write(tmp_path, "Week,Channel,Campaign,Cost\n" + weeks))


def test_ranges_percent_amounts_and_two_digit_years(tmp_path):
    """A row over a range covers its days (spread over them when the dashboard groups them); percentages
    as amounts, two-digit years and a figure's column twice are refused."""
    meta = _write(
        tmp_path, "Reporting starts,Reporting ends,Campaign name,Amount spent (EUR)\n2025-01-01,2025-03-31,A,9000\n"
    )
    df, (reading,) = read_data(meta)
    assert df["days"].tolist() == [90] and reading.grain == "range" and reading.last == "2025-03-31"
    with pytest.raises(DataError, match="is a percentage"):
        read_data(_write(tmp_path, "Date,Channel,Campaign,Cost\n2025-01-06,S,A,50%\n"))
    with pytest.raises(DataError, match="is not a date"):
        read_data(_write(tmp_path, "Date,Channel,Campaign,Cost\n25/01/06,S,A,5\n"))
    with pytest.raises(DataError, match="appears twice"):
        read_data(_write(tmp_path, "Date,Channel,Campaign,Cost,Cost\n2025-01-06,S,A,5,6\n"))


def test_weekday_names_follow_the_column_order(tmp_path):
    path = _write(tmp_path, "Date,Channel,Campaign,Cost\nMon 06/01/2025,S,A,1\nMon 13/01/2025,S,A,2\n")
    assert read_data(path)[0]["date"].dt.strftime("%m-%d").tolist() == ["01-06", "01-13"]


def test_every_currency_with_a_rate_is_converted(tmp_path):
    usd = tmp_path / "usd.csv"
    usd.write_text("Date,Channel,Campaign,Cost (USD)\n2025-01-06,S,A,100\n", encoding="utf-8")
    eur = tmp_path / "eur.csv"
    eur.write_text(
        "Date,Channel,Campaign,Cost,Currency\n2025-01-06,S,B,100,EUR\n2025-01-07,S,B,1,USD\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="several currencies"):
        read_data(eur)
    df, _ = read_data(
        [usd, _write(tmp_path, "Date,Channel,Campaign,Cost (EUR)\n2025-01-06,S,B,100\n")], rates={"USD": 0.5, "EUR": 1}
    )
    assert sorted(df["cost"]) == [50.0, 100.0]
