"""Reading campaign files: French CSVs, real workbooks, and files built to hurt."""

import codecs
import time
import tracemalloc
import zipfile

import numpy as np
import pandas as pd
import pytest
import xlsxwriter

from kpixl.data import distinct
from kpixl.data.columns import DataError
from kpixl.data.dates import month_keys
from kpixl.data.distinct import factorize
from kpixl.data.sample import sample_data
from kpixl.data.sources import read_data


def test_french_csv_with_semicolons_decimal_commas_and_cp1252(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Date;Canal;Campagne;Clics;Impressions;Coût\n31/01/2025;Search;Soldes d'hiver;12;1 000;12,5\n"
        '01/02/2025;Social;=HYPERLINK("x");3;400;1 234,56\n',
        encoding="cp1252",
    )
    df = read_data(path)[0]
    assert df["cost"].tolist() == [12.5, 1234.56] and df["impressions"].tolist() == [1000.0, 400.0]
    assert df["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-31", "2025-02-01"]
    assert df["campaign"][1] == '=HYPERLINK("x")'


def test_xlsx_data_round_trip(tmp_path):
    path = tmp_path / "data.xlsx"
    sample_data().head(50).to_excel(path, index=False)
    df = read_data(path)[0]
    assert len(df) == 50 and df["clicks"].sum() == sample_data().head(50)["clicks"].sum()


def test_sheet_declaring_billions_of_cells_is_refused_at_once(tmp_path):
    path = tmp_path / "bomb.xlsx"  # 5 KB: cells at A1 and XFD1048576 only
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet()
        ws.write("A1", "date")
        ws.write("XFD1048576", 1)
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(DataError, match="cells span 1,048,576 rows x 16,384 columns"):
        read_data(path)[0]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.perf_counter() - start < 5 and peak < 50 * 2**20


def test_zip_bomb_member_is_refused(tmp_path):
    path = tmp_path / "zbomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * 50_000_000 + b"</worksheet>")
    with pytest.raises(DataError, match="possible zip bomb"):
        read_data(path)[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.xlsx", b"this is no zip", "is no .xlsx workbook"),
        ("data.json", b"{}", "unsupported file type .json"),
        ("empty.csv", b"", "the file is empty"),
    ],
)
def test_bad_files_are_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        read_data(path)[0]


def test_xml_entities_are_refused_before_any_parsing(tmp_path):
    path = tmp_path / "entities.xlsx"
    sample_data().head(3).to_excel(path, index=False)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    head, body = parts["xl/workbook.xml"].split(b"?>", 1)
    parts["xl/workbook.xml"] = head + b'?><!DOCTYPE workbook [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' + body
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(DataError, match="workbook.xml declares entities .a DOCTYPE.; refused as unsafe"):
        read_data(path)[0]


def test_missing_file():
    with pytest.raises(DataError, match="no such file"):
        read_data("/nonexistent/campaigns.csv")[0]


def test_large_data_shows_progress(tmp_path):
    import numpy as np

    from kpixl.build import build_dashboard

    base = sample_data()
    data = base.iloc[np.arange(21_000) % len(base)].reset_index(drop=True)
    data["campaign"] = data["campaign"] + " " + (np.arange(21_000) // len(base)).astype(str)  # distinct rows
    messages: list[str] = []
    build_dashboard(data, tmp_path / "big.xlsx", progress=messages.append)
    assert len(messages) == 10 and messages[-1] == "Campaigns: 21,000 / 21,000 rows"


def test_dataframe_input_is_not_modified():
    data = sample_data().head(10)
    before = data.copy()
    read_data(data)
    pd.testing.assert_frame_equal(data, before)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("rows", [3, 3000])  # a small file is read all as text, a large one typed by pandas
@pytest.mark.parametrize("blank", ["", "  "])  # the parser skips a line of spaces as it skips an empty one
def test_line_ends_blank_lines_and_a_following_section(tmp_path, end, rows, blank):
    """The same table with Unix, Windows and old Mac line ends, a title above, a blank line inside and a
    GA4-style "#" section after, is read to the same numbers, and problems name the file's own lines."""
    body = [f"2025-01-{1 + i % 28:02d},Search,Brand # {i % 3},{i},{10 * i},{i}.5" for i in range(rows)]
    lines = ["Campaign report", "Date,Channel,Campaign,Clicks,Impressions,Cost", *body[:2], blank, *body[2:]]
    section = ["", "# ----", "# Totals", "Date,Users", "2025-01-01,5"]
    path = tmp_path / "report.csv"
    path.write_bytes(end.join(lines + section).encode("utf-8"))
    df, (reading,) = read_data(path)
    assert len(df) == rows and df["clicks"].sum() == sum(range(rows))
    assert df["cost"].sum() == pytest.approx(sum(range(rows)) + 0.5 * rows)
    assert reading.header_row == 2 and reading.skipped[0] == (1, "Campaign report")
    assert (len(lines) + 2, "# ----") in reading.skipped  # the section is skipped, at its own line
    bad = lines.copy()
    bad[-1] = bad[-1].replace(f",{rows - 1},", ",many,")
    path.write_bytes(end.join(bad + section).encode("utf-8"))
    with pytest.raises(DataError, match=f"line {len(lines)}, column 'Clicks': 'many'"):
        read_data(path)


@pytest.mark.parametrize("rows", [3, 3000])  # the odd byte inside the decoded head, or far after it
def test_the_encoding_is_decided_by_every_byte(tmp_path, rows):
    """A file that starts in plain ASCII is Windows-1252 when a byte further on says so and UTF-8 when its
    accents are UTF-8; a UTF-8 file (BOM) with a byte UTF-8 cannot read is refused, naming the encoding."""
    body = [f"2025-01-{1 + i % 28:02d},Search,Brand,{i}" for i in range(rows)]
    text = "\n".join(["Date,Channel,Campaign,Clicks", *body, "2025-01-31,Search, Café ,1"])
    path = tmp_path / "export.csv"
    for encoding, label in (("cp1252", "Windows-1252"), ("utf-8", "UTF-8")):
        path.write_bytes(text.encode(encoding))
        df, (reading,) = read_data(path)
        assert reading.encoding == label and len(df) == rows + 1 and df["clicks"].sum() == sum(range(rows)) + 1
        assert df["campaign"].iloc[-1] == "Café" and df["campaign"].iloc[0] == "Brand"  # names stripped
    path.write_bytes(codecs.BOM_UTF8 + text.encode("cp1252"))
    with pytest.raises(DataError, match=r"\\xe9.*cannot be read as utf-8"):
        read_data(path)


def test_month_keys_follow_the_calendar():
    days = pd.Series(pd.to_datetime(np.random.default_rng(5).integers(-800, 60_000, 5_000), unit="D"))
    for unit in ("s", "ms", "us", "ns"):
        dates = days.astype(f"datetime64[{unit}]")
        assert (month_keys(dates) == (dates.dt.year * 100 + dates.dt.month).to_numpy()).all()
    assert month_keys(pd.Series([pd.Timestamp("2025-03-04"), pd.NaT]))[0] == 202503


def test_arrow_text_factorizes_like_pandas():
    pytest.importorskip("pyarrow")
    values = ["Brand", None, "", " Brand", "Générique", "Brand"] * 12_000  # above the size Arrow is asked
    column = pd.Series(values, dtype=pd.StringDtype("pyarrow"))
    codes, uniques = factorize(column)
    expected_codes, expected = pd.factorize(column.astype(object), use_na_sentinel=False)
    assert (codes == expected_codes).all()
    assert [None if pd.isna(u) else u for u in uniques] == [None if pd.isna(u) else u for u in expected]


@pytest.mark.parametrize("kind", ["campaigns", "hubspot deals"])
def test_large_tables_read_as_small_ones(tmp_path, monkeypatch, kind):
    """Above LARGE rows, text is hashed by Arrow on two cores and numbers made floats meanwhile: the same
    table as the plain path gives, with total rows, names to clean and rows a preset leaves out."""
    n = distinct.LARGE + 500
    i = np.arange(n)
    if kind == "campaigns":
        lines = ["Date,Channel,Campaign,Clicks,Impressions,Cost"] + [
            f"2025-{1 + k % 12:02d}-{1 + k % 28:02d},Search,{' Brand ' if k % 7 else 'Generic'},{k % 50},{k % 900},"
            f"{k % 300}.25"
            for k in i
        ]
        lines.insert(n // 2, "Total,,,5,5,5.00")
        lines.append("Total: Account,,,9,9,9.00")
    else:  # HubSpot deals: only won deals count, each one new customer and one order
        lines = ["Deal Name,Deal Stage,Close Date,Amount,Original Source Type"] + [
            f"Deal {k},{'Closed Won' if k % 3 else 'Closed Lost'},2025-{1 + k % 12:02d}-01,{k % 97}.5,Organic Search"
            for k in i
        ]
    path = tmp_path / "large.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    large, (large_reading,) = read_data(path)
    monkeypatch.setattr(distinct, "LARGE", 10**9)
    small, (small_reading,) = read_data(path)
    for df in (large, small):
        df[["channel", "campaign"]] = df[["channel", "campaign"]].astype(object)
    pd.testing.assert_frame_equal(large, small)
    assert large_reading.skipped == small_reading.skipped and large_reading.totals == small_reading.totals
    if kind == "campaigns":
        assert len(large) == n and set(large["campaign"]) == {"Brand", "Generic"}
        assert large["clicks"].sum() == (i % 50).sum() and large["cost"].sum() == (i % 300).sum() + 0.25 * n
    else:
        won = i % 3 != 0
        assert len(large) == won.sum() and large["revenue"].sum() == (i[won] % 97).sum() + 0.5 * won.sum()
        assert large["orders"].sum() == won.sum()


def _two_row_header(path, top, below):
    """A sheet whose column names take two rows, as report tools write them, then 20 days of data."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    for c, (upper, lower) in enumerate(zip(top, below)):
        if isinstance(upper, tuple):  # (label, columns it spans) merged over the row below, or down over it
            label, span = upper
            if span:
                ws.merge_range(0, c, 0, c + span - 1, label)
            else:
                ws.merge_range(0, c, 1, c, label)
        elif upper is not None:
            ws.write_string(0, c, upper)
        if lower is not None:
            ws.write_string(1, c, lower)
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r in range(20):
        ws.write_datetime(2 + r, 0, pd.Timestamp("2026-01-01") + pd.Timedelta(days=r), day)
        ws.write_row(2 + r, 1, ["Search", 10.5, 5, 100])
    wb.close()
    return path


@pytest.mark.parametrize(
    ("top", "below"),
    [
        ((("Date", 0), ("Channel", 0), ("Metrics", 3), None, None), (None, None, "Cost", "Clicks", "Impressions")),
        (("Date", "Channel", "Amount spent", "Link", "Impressions"), (None, None, "(EUR)", "clicks", None)),
    ],
    ids=["group label merged over its columns", "long names wrapped"],
)
def test_a_header_on_two_rows_is_read_as_one(tmp_path, top, below):
    df = read_data(_two_row_header(tmp_path / "two.xlsx", top, below))[0]
    assert len(df) == 20
    assert (df["cost"].sum(), df["clicks"].sum(), df["impressions"].sum()) == (210, 100, 2000)
