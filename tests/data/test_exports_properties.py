"""Any table a locale-aware writer makes is read back to the same numbers, or refused: never read to others."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpixl.data.columns import DataError
from kpixl.data.sources import read_data

LOCALES = [  # decimal mark, thousands mark, delimiter
    (".", ",", ","),
    (".", "", ","),
    (",", ".", ";"),
    (",", " ", ";"),
    (",", "\u00a0", ";"),
    (",", "\u202f", "\t"),
    (".", "'", "\t"),
    (",", "", ";"),
    (".", ",", "\t"),
]


def fmt(value: float, decimals: int, decimal: str, thousands: str) -> str:
    whole, _, frac = f"{value:,.{decimals}f}".partition(".")
    whole = whole.replace(",", thousands)
    return whole + (decimal + frac if decimals else "")


def quote(text: str, delimiter: str) -> str:
    return f'"{text}"' if delimiter in text or '"' in text else text


rows_st = st.lists(
    st.tuples(
        st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
        st.integers(min_value=0, max_value=10**8),  # clicks
        st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),  # cost
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=rows_st,
    locale=st.sampled_from(LOCALES),
    order=st.sampled_from(["iso", "day", "month"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    preamble=st.booleans(),
    footer=st.booleans(),
    cost_decimals=st.sampled_from([0, 2]),
)
def test_written_numbers_come_back_or_are_refused(
    tmp_path, rows, locale, order, encoding, preamble, footer, cost_decimals
):
    decimal, thousands, delimiter = locale
    date_text = {"iso": "%Y-%m-%d", "day": "%d/%m/%Y", "month": "%m/%d/%Y"}[order]
    lines = ["Campaign report", "1 Jan 2020 - 31 Dec 2030", ""] if preamble else []
    lines.append(delimiter.join(["Date", "Channel", "Campaign", "Clicks", "Cost"]))
    for day, clicks, cost in rows:
        cells = [
            day.strftime(date_text),
            "Search",
            "Brand",
            quote(fmt(clicks, 0, decimal, thousands), delimiter),
            quote(fmt(float(cost), cost_decimals, decimal, thousands), delimiter),
        ]
        lines.append(delimiter.join(cells))
    if footer:
        total_clicks = sum(r[1] for r in rows)
        lines.append(delimiter.join(["Total", "", "", quote(fmt(total_clicks, 0, decimal, thousands), delimiter), ""]))
    path = tmp_path / "export.csv"
    text = "\n".join(lines)
    if encoding == "cp1252":  # Windows-1252 has no narrow no-break space: such a writer uses a plain one
        text = text.replace("\u202f", " ")
    path.write_bytes(text.encode(encoding))
    try:
        df, _ = read_data(path)
    except DataError:
        return  # refused with a message: allowed
    assert df["clicks"].tolist() == [float(r[1]) for r in rows]
    assert df["cost"].tolist() == pytest.approx([round(float(r[2]), cost_decimals) for r in rows], abs=1e-9)
    assert [d.date() for d in df["date"]] == [r[0] for r in rows]
