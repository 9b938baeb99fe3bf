"""Every export as it is downloaded: the header vocabulary in seven languages, columns as each platform
means them, summary rows anywhere, time columns at their grain, and no column left behind."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpixl.data.columns import BY_KEY, DataError
from kpixl.data.platforms import BY_NAME
from kpixl.data.sources import read_data
from kpixl.data.totals import WORDS
from kpixl.data.understand import Options
from kpixl.data.vocabulary import LANGUAGES, SOURCE, bare, vocabulary

from paths import FIXTURES


def test_the_vocabulary_names_known_columns_platforms_and_languages():
    with open(SOURCE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["key"] for r in rows} <= set(BY_KEY)
    assert {r["platform"] for r in rows} - {""} <= set(BY_NAME)
    assert {r["lang"] for r in rows} == set(LANGUAGES)
    for key in ("date", "campaign", "channel", "cost", "impressions", "clicks", "revenue", "orders", "sessions"):
        assert {r["lang"] for r in rows if r["key"] == key and not r["platform"]} == set(LANGUAGES), key
    meanings: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        meanings.setdefault((r["platform"], bare(r["header"])), set()).add(r["key"])
    assert [name for name, keys in meanings.items() if len(keys) > 1] == []  # one meaning per name and platform


def _table(tmp_path, text: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Cost (€)", "cost"),
        ("Revenue (€)", "revenue"),
        ("Cost ($)", "cost"),
        ("Total cost", "cost"),
        ("Coût total", "cost"),
        ("CA HT", "revenue"),
        ("Imp.", "impressions"),
        ("Conv.", "orders"),
        ("Kosten", "cost"),
        ("Coste", "cost"),
        ("Importo speso", "cost"),
        ("Investimento", "cost"),
        ("Vertoningen", "impressions"),
        ("Klicks", "clicks"),
        ("Cliques", "clicks"),
        ("Sitzungen", "sessions"),
        ("Umsatz", "revenue"),
        ("Bestellingen", "orders"),
    ],
)
def test_common_headers_in_seven_languages(tmp_path, header, key):
    df, (reading,) = read_data(_table(tmp_path, f"Date,Channel,{header}\n2025-01-06,S,12\n"))
    assert reading.mapping[header] == key and df[key].tolist() == [12.0]


@pytest.mark.parametrize(("typo", "key"), [("Impresions", "impressions"), ("Cilcks", "clicks"), ("Revnue", "revenue")])
def test_a_misspelt_column_is_refused_with_the_name_it_may_mean(tmp_path, typo, key):
    path = _table(tmp_path, f"Date,Channel,Cost,{typo}\n2025-01-06,S,1,12\n")
    with pytest.raises(
        DataError, match=rf"did you mean '{BY_KEY[key].label[0].lower()}'\? \(--column '{typo}={key}'\)"
    ):
        read_data(path)
    df, _ = read_data(path, Options(columns={typo: key}))
    assert df[key].tolist() == [12.0]
    df, (reading,) = read_data(path, Options(columns={typo: "-"}))
    assert key not in df and (typo, "set aside by --column") in reading.aside


def test_views_are_page_views_in_ga4_and_refused_where_nothing_says(tmp_path):
    """A tidied GA4 table: its ``Views`` are page views, never impressions (CTR and CPM would be wrong)."""
    tidy = _table(tmp_path, "Date,Channel,Sessions,Views\n2025-01-06,Organic Search,10,35\n")
    with pytest.raises(DataError, match="'Views' could be page views .GA4. or video views"):
        read_data(tidy)
    df, _ = read_data(tidy, Options(platform="ga4"))
    assert df["pageviews"].tolist() == [35.0] and "impressions" not in df
    ga4 = _table(tmp_path, "Date,Session default channel group,Sessions,Views\n20250106,Direct,10,35\n")
    assert read_data(ga4)[0]["pageviews"].tolist() == [35.0]


def test_columns_as_each_platform_means_them(tmp_path):
    meta = _table(
        tmp_path,
        "Reporting starts,Reporting ends,Campaign name,Amount spent (EUR),Link clicks,Clicks (all),Results\n"
        "2025-01-06,2025-01-06,A,10,5,9,3\n",
    )
    df, (reading,) = read_data(meta)
    assert (df["clicks"].tolist(), df["clicks_all"].tolist()) == ([5.0], [9.0]) and "Results" in dict(reading.aside)
    mailchimp = _table(
        tmp_path,
        "Title,Send Date,Successful Deliveries,Unique Opens,Unique Clicks,Total Orders,Transactions,Total Revenue\n"
        'News,"Jan 05, 2025 09:00 am",100,40,10,3,n/a,90\n',
    )
    df, (reading,) = read_data(mailchimp)
    assert df["orders"].tolist() == [3.0] and "Transactions" in dict(reading.aside)
    linkedin = _table(
        tmp_path,
        "Start Date (in UTC),Campaign Name,Total Spent,Clicks,Clicks to Landing Page\n1/6/2025,A,10,30,20\n"
        "1/13/2025,A,1,3,2\n",
    )
    df, _ = read_data(linkedin)
    assert (df["clicks"].tolist(), df["clicks_all"].tolist()) == ([20.0, 2.0], [30.0, 3.0])


def test_time_columns_at_their_grain(tmp_path):
    hours = _table(
        tmp_path,
        "Date + hour (YYYYMMDDHH),Session default channel group,Sessions\n2025010600,Direct,3\n2025010613,Direct,4\n"
        "2025010709,Direct,5\n",
    )
    df, (reading,) = read_data(hours)
    assert (
        df["sessions"].tolist() == [7.0, 5.0] and reading.grain == "hour" and "3 hourly rows summed" in reading.notes[0]
    )
    iso = _table(tmp_path, "Week,Channel,Cost\n2025-W03,S,7\n2025-W04,S,14\n")
    df, (reading,) = read_data(iso)
    assert df["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-13", "2025-01-20"] and reading.grain == "week"
    months = _table(tmp_path, "Mois;Canal;Coût\njanv. 2025;S;31\nfévr. 2025;S;28\n")
    df, (reading,) = read_data(months)
    assert df["days"].tolist() == [31, 28] and reading.grain == "month"
    ranges = _table(
        tmp_path,
        "Month,Campaign name,Amount spent (USD),Reporting starts,Reporting ends\n"
        "2024-03-01 - 2024-03-11,A,11,2024-03-01,2024-03-11\n",
    )
    df, (reading,) = read_data(ranges)
    assert df["days"].tolist() == [11]


def test_summary_rows_anywhere_in_any_language(tmp_path):
    lines = ["Campaign,Day,Cost", ",,60", "A,2025-01-06,10", "Zwischensumme,,10", "B,2025-01-07,20"]
    lines += ["Totale complessivo,,30", "C,2025-01-08,30", "Total general,,60"]
    df, (reading,) = read_data(_table(tmp_path, "\n".join(lines) + "\n"), Options(channel="S"))
    assert df["cost"].tolist() == [10.0, 20.0, 30.0] and [n for n, _ in reading.skipped] == [2, 4, 6, 8]


def test_a_file_without_a_channel_takes_its_platforms_or_its_name(tmp_path):
    df, (reading,) = read_data(FIXTURES / "real" / "lrpayne13" / "Dates.csv")
    assert set(df["channel"]) == {"Organic Search"} and reading.channel_from == "platform"
    path = tmp_path / "spring sales.csv"
    path.write_text("Date,Revenue\n2025-03-01,100\n", encoding="utf-8")
    df, (reading,) = read_data(path)
    assert set(df["channel"]) == {"spring sales"} and reading.channel_from == "file"


NUMBER = re.compile(r"^\s*(Rs\.|[$€£₹])?\s*-?[\d\s,.\u00a0\u202f]*\d[\d\s,.\u00a0\u202f]*%?\s*(€|EUR)?\s*$")


def _holds_numbers(values: list[str]) -> bool:
    """Most filled cells of the column are numbers, as written (checked here by a pattern of its own)."""
    filled = [v for v in values if isinstance(v, str) and v.strip() not in ("", "-", "--", "–", "n/a", "N/A")]
    return bool(filled) and sum(bool(NUMBER.match(v)) for v in filled) >= 0.8 * len(filled)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (FIXTURES / "exports").glob("*.csv")) + sorted((FIXTURES / "real").rglob("*.csv")),
    ids=lambda p: p.name,
)
def test_no_numeric_column_is_dropped_without_a_word(path):
    """Every column that holds numbers is used, set aside with its reason, or the file is refused."""
    try:
        df, (reading,) = read_data(path, Options(row_span="day"))
    except DataError:
        return  # refused with a message: nothing dropped silently
    said = set(reading.mapping) | {h for h, _ in reading.aside}
    raw = pd.read_csv(
        path,
        skiprows=reading.header_row - 1,
        dtype=str,
        keep_default_na=False,
        sep=None,
        engine="python",
        encoding={"UTF-16": "utf-16", "utf-8 (BOM)": "utf-8-sig", "Windows-1252": "cp1252"}.get(
            reading.encoding, "utf-8"
        ),
        on_bad_lines="skip",
        comment=None,
    )
    numbers = {str(c) for c in raw.columns if _holds_numbers(raw[c].tolist())}
    assert numbers - said - {h for h in numbers if h.startswith("Unnamed")} == set()


SPELLINGS = {
    key: sorted({r for r, k in vocabulary().generic.items() if k == key})
    for key in ("date", "channel", "campaign", "cost", "clicks", "impressions")
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.fixed_dictionaries({k: st.sampled_from(v) for k, v in SPELLINGS.items()}),
    rows=st.lists(
        st.tuples(st.integers(0, 60), st.sampled_from(["Search", "Social"]), st.integers(0, 5_000), st.integers(0, 99)),
        min_size=1,
        max_size=25,
    ),
    above=st.sampled_from(WORDS + ("",)),
    inside=st.lists(st.tuples(st.integers(0, 24), st.sampled_from(WORDS)), max_size=3),
    below=st.sampled_from(WORDS),
)
def test_random_spellings_and_summary_rows_read_to_the_same_totals(tmp_path, names, rows, above, inside, below):
    """Headers spelt in any language of the vocabulary, summary rows above, inside and below the data: the
    same totals by day, or a refusal with a message; never other numbers."""
    if len(set(names.values())) < len(names) or any(bare(n) == "date" and k != "date" for k, n in names.items()):
        return  # one name for two columns: not a table anyone writes
    header = [names[k] for k in ("date", "channel", "campaign", "cost", "clicks", "impressions")]
    day = dt.date(2025, 1, 1)
    body = [
        [f"{day + dt.timedelta(days=d):%Y-%m-%d}", ch, f"C{i}", f"{cost / 100:.2f}", str(clicks), str(clicks * 10)]
        for i, (d, ch, cost, clicks) in enumerate(rows)
    ]
    total = ["", "", "", f"{sum(r[2] for r in rows) / 100:.2f}", str(sum(r[3] for r in rows)), ""]
    lines = [header]
    if above:
        lines.append([above, *total[1:]])
    for i, row in enumerate(body):
        lines.append(row)
        lines += [[word, *total[1:]] for at, word in inside if at == i]
    lines.append([below, *total[1:]])
    path = tmp_path / "random.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(lines)
    try:
        df, _ = read_data(path, Options(row_span="day"))
    except DataError:
        return
    got = df.groupby(df["date"].dt.date)[["cost", "clicks"]].sum()
    expected = (
        pd.DataFrame(
            [(day + dt.timedelta(days=d), cost / 100, clicks) for d, _, cost, clicks in rows],
            columns=["date", "cost", "clicks"],
        )
        .groupby("date")
        .sum()
    )
    assert got["cost"].to_dict() == pytest.approx(expected["cost"].to_dict())
    assert got["clicks"].to_dict() == expected["clicks"].to_dict()
