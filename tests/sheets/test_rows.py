"""The Campaigns sheet's fast rows are the XML XlsxWriter writes cell by cell, byte for byte, but for
their formulas, which are shared (written once per column, as Excel saves a filled-down column):
every cell's formula, as openpyxl reads it back, is the one XlsxWriter writes in that cell.

Like XlsxWriter's own tests against reference files: the reference here is XlsxWriter itself,
writing every row through its public calls (``write_datetime``, ``write_formula``, ``write``...).
"""

import datetime as dt
import re
import zipfile

import numpy as np
import pandas as pd
import pytest

from kpixl.build import build_dashboard
from kpixl.sheets import campaigns
from kpixl.sheets.writer import FAST_PATHS

from xlsxcheck import formulas

pytestmark = pytest.mark.skipif(not FAST_PATHS, reason="the fast rows need the XlsxWriter versions kpixl pins")

NAMES = [
    "Search - Brand",
    "  leading and trailing  ",
    "R&D <test> \"quoted\" 'single'",
    "_x0041_ looks like an escape",
    "Été – soldes 🎉",
    "row 1048574 in the name",
    "x" * 300,
    "tab\there",
]


def awkward_rows(n: int = 60) -> pd.DataFrame:
    """Rows with every kind of cell the fast path must get right: texts to escape, zero denominators
    (#DIV/0! cached), fractions, large integers, several periods."""
    rng = np.random.default_rng(7)
    start = dt.date(2024, 12, 23)
    df = pd.DataFrame(
        {
            "date": [start + dt.timedelta(days=int(d)) for d in rng.integers(0, 120, n)],
            "channel": rng.choice(["Search", "Social & Paid", " Email"], n),
            "campaign": rng.choice(NAMES, n),
            "impressions": rng.integers(0, 3, n) * rng.integers(0, 10**9, n),
            "clicks": rng.integers(0, 500, n),
            "leads": rng.integers(0, 4, n),
            "orders": rng.integers(0, 3, n),
            "revenue": rng.random(n) * 10_000,
            "cost": np.round(rng.random(n) * 1_000, 2) * rng.integers(0, 2, n),
        }
    )
    return df.sort_values("date", ignore_index=True)


def campaigns_xml(path, part="xl/worksheets/sheet6.xml") -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(part)


def same_rows(fast, reference) -> None:
    """The XML of both, formulas aside, byte for byte; and each cell's formula as openpyxl reads it."""
    expected, actual = campaigns_xml(reference), campaigns_xml(fast)
    assert b't="shared"' in actual and len(actual) < len(expected)
    unformula = re.compile(rb"<f[ >].*?</f>|<f [^>]*/>")
    assert unformula.sub(b"", actual) == unformula.sub(b"", expected)
    assert formulas(fast, "Campaigns") == formulas(reference, "Campaigns")
    table = "xl/tables/table1.xml"  # the Excel table over the rows, declared the fast way or XlsxWriter's
    assert campaigns_xml(fast, table) == campaigns_xml(reference, table)


@pytest.mark.parametrize("host", ["lite", "classic", "native"])
@pytest.mark.parametrize("grain", ["month", "week"])
def test_fast_rows_equal_xlsxwriter_rows(tmp_path, monkeypatch, host, grain):
    data = awkward_rows()
    fast = build_dashboard(data, tmp_path / "fast.xlsx", formulas=host, grain=grain)
    monkeypatch.setattr(campaigns, "FAST_PATHS", False)
    reference = build_dashboard(data, tmp_path / "reference.xlsx", formulas=host, grain=grain)
    expected = campaigns_xml(reference)
    assert (
        "–".encode() in expected and b"1048574 in the name" in expected
    )  # the awkward cells are there (an undefined KPI is a dash)
    same_rows(fast, reference)


def test_fast_rows_span_several_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(campaigns, "BLOCK", 7)
    data = awkward_rows(30)
    fast = build_dashboard(data, tmp_path / "fast.xlsx", formulas="native")
    monkeypatch.setattr(campaigns, "FAST_PATHS", False)
    reference = build_dashboard(data, tmp_path / "reference.xlsx", formulas="native")
    same_rows(fast, reference)
