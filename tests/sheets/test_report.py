"""The printed report, read back as a person reads it: a few pages whatever the rows, no text under 8 pt, no
Excel error, no number with more than four decimals, money in the data's currency.

The PDFs are made by ``kpixl pdf`` (LibreOffice) and measured with pdfplumber, character by character. Text
drawn at an angle (a chart's month labels, turned 45 degrees) is left out of the size check: pdfplumber
measures its box, not its font.
"""

import re
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pdfplumber
import pytest

import kpixl
from kpixl.build import demo_targets
from kpixl.data.sample import SAMPLE_BUDGETS
from kpixl.pdf import write_pdf

from libreoffice import soffice

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
ERRORS = re.compile(r"#(?:DIV/0!|NUM!|VALUE!|NAME\?|N/A|REF!|NULL!)")
LONG_DECIMALS = re.compile(r"\d[.,]\d{5,}")
MIN_POINTS = 8.0
MAX_PAGES = 6


def read(pdf: Path) -> tuple[int, float, str]:
    """Pages, the smallest upright character (points), and the text of every page."""
    with pdfplumber.open(pdf) as doc:
        upright = [c["size"] for p in doc.pages for c in p.chars if abs(c["matrix"][1]) < 1e-6 and c["text"].strip()]
        return len(doc.pages), min(upright), "\n".join(p.extract_text() or "" for p in doc.pages)


def a_year_of_80_campaigns() -> pd.DataFrame:
    """A year of daily rows for 80 campaigns over six channels (29,280 rows), in euros."""
    rng = np.random.default_rng(7)
    days = pd.date_range("2025-07-01", "2026-06-30", freq="D")
    channels = ["Search", "Social", "Email", "Display", "Video", "Affiliation"]
    n = len(days) * 80
    df = pd.DataFrame(
        {
            "Date": np.repeat(days, 80),
            "Channel": [channels[i % 6] for i in range(80)] * len(days),
            "Campaign": [f"Campaign {i:02d}" for i in range(80)] * len(days),
            "Currency": "EUR",
            "Impressions": rng.integers(500, 20_000, n),
        }
    )
    df["Clicks"] = (df["Impressions"] * rng.uniform(0.005, 0.05, n)).astype(int)
    df["Leads"] = (df["Clicks"] * rng.uniform(0.01, 0.1, n)).astype(int)
    df["New customers"] = (df["Leads"] * rng.uniform(0.1, 0.4, n)).astype(int)
    df["Revenue"] = (df["New customers"] * rng.uniform(40, 120, n)).round(2)
    df["Cost"] = (df["Clicks"] * rng.uniform(0.3, 2, n)).round(2)
    return df


def one_month() -> pd.DataFrame:
    """The demo's last month alone: no previous period, no trend, no last year."""
    data = kpixl.sample_data()
    return data[pd.to_datetime(data["date"]) >= "2026-06-01"]


CASES = {
    "demo": (kpixl.sample_data, None),
    "one month": (one_month, None),
    "30,000 rows in euros": (a_year_of_80_campaigns, "€"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_report_is_a_few_readable_pages(case, lang, tmp_path):
    make, sign = CASES[case]
    data = make()
    if case == "30,000 rows in euros":
        data.to_csv(tmp_path / "data.csv", index=False)
        data = tmp_path / "data.csv"
    extra = {"targets": demo_targets(), "budgets": SAMPLE_BUDGETS} if case == "demo" else {}  # as `kpixl dashboard`
    book = kpixl.build_dashboard(data, tmp_path / "book.xlsx", lang=lang, formulas="native", **extra)
    pages, smallest, text = read(write_pdf(book, tmp_path / "book.pdf"))
    assert pages <= MAX_PAGES
    assert smallest >= MIN_POINTS
    assert ERRORS.findall(text) == []
    assert LONG_DECIMALS.findall(text) == []
    if sign:
        assert sign in text
    else:
        assert "€" not in text and "$" not in text  # no currency named: none invented


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_libreoffice_itself_exports_the_native_dashboard(lang, tmp_path):
    """What a LibreOffice user meets on File > Export as PDF: its own export of the whole workbook."""
    book = kpixl.build_dashboard(kpixl.sample_data(), tmp_path / "native.xlsx", lang=lang, formulas="native")
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp_path,
            book,
        ],
        capture_output=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "native.pdf").read_bytes().startswith(b"%PDF")
