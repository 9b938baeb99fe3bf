"""Sharing: the workbooks printed to PDF by LibreOffice, and read back page by page.

Every page's header names its sheet (``&A``), so the pages of each sheet can be counted.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pypdf
import pytest

from kpixl.pdf import values_only, write_pdf

from libreoffice import recalculate, soffice
from paths import WORKBOOKS

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
SHIPPED = WORKBOOKS


def pages(pdf: Path) -> list[tuple[str, str]]:
    """(sheet, text) of every page."""
    out = []
    for page in pypdf.PdfReader(pdf).pages:
        text = page.extract_text()
        out.append((text.split("\n", 1)[0].split(" Period:")[0].split(" Période")[0].strip(), text))
    return out


def count(found: list[tuple[str, str]], sheet: str) -> int:
    return sum(1 for name, _ in found if name == sheet)


@pytest.mark.parametrize(
    ("name", "sheets"),
    [
        ("dashboard-en-lite.xlsx", ("Dashboard", "SMART goals", "AB tests", "Budgets")),
        ("dashboard-fr-classic.xlsx", ("Tableau de bord", "Objectifs SMART", "Tests AB", "Budgets")),
        ("dashboard-en-native.xlsx", ("Dashboard", "SMART goals", "AB tests", "Budgets")),
    ],
)
def test_the_report_is_the_sheets_that_matter(name, sheets, tmp_path):
    """The Dashboard, the SMART goals, the A/B tests and the budgets; never the data, the glossary or the
    benchmarks (the Read me says how to use the workbook, not what it found)."""
    found = pages(write_pdf(SHIPPED / name, tmp_path / "out.pdf"))
    assert {n for n, _ in found} == set(sheets), [n for n, _ in found]
    dashboard = "\n".join(text for n, text in found if n == sheets[0])
    assert "#" not in dashboard, "an Excel error on the printed Dashboard"
    assert all("#NAME?" not in text for _, text in found)
    assert len(found) <= 6


def test_the_data_prints_only_when_asked_and_capped(tmp_path):
    from kpixl.pdf import DATA_ROWS

    book = SHIPPED / "dashboard-en-native.xlsx"
    found = pages(write_pdf(book, tmp_path / "data.pdf", with_data=True))
    data = [text for n, text in found if n == "Campaigns"]
    rows = openpyxl.load_workbook(book, read_only=True)["Campaigns"].max_row - 1
    assert data and rows > DATA_ROWS and len(data) < DATA_ROWS / 20


def test_the_printed_values_are_the_cached_ones(tmp_path):
    """The values-only copy holds, in every cell that had a formula, the value cached for it."""
    book = SHIPPED / "dashboard-en-lite.xlsx"
    copy = tmp_path / "copy.xlsx"
    values_only(book, copy)
    with zipfile.ZipFile(copy) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    cached = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    printed = openpyxl.load_workbook(copy)["Dashboard"]
    filled = [(c.coordinate, c.value) for row in cached.iter_rows() for c in row if c.value is not None]
    assert len(filled) > 100
    assert all(printed[ref].value == value for ref, value in filled)


def test_a_viewer_shows_the_dashboard_tables_of_a_lite_workbook(tmp_path):
    """LibreOffice, opening a Lite workbook as a viewer does, recalculates array formulas: the channel
    table and the funnel are single-cell calls, so their cached values show, not #NAME?."""
    book = SHIPPED / "dashboard-en-lite.xlsx"
    (opened,) = recalculate([book], tmp_path, always=False)
    shown = openpyxl.load_workbook(opened, data_only=True)["Dashboard"]
    cached = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    errors = [c.coordinate for row in shown.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] == "#"]
    assert errors == []
    funnel = [c for row in cached.iter_rows() for c in row if c.value == "Funnel"]
    assert funnel and shown.cell(funnel[-1].row + 2, 3).value == pytest.approx(cached.cell(funnel[-1].row + 2, 3).value)


def _kpixl(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kpixl", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def test_dashboard_pdf_option_and_its_refusals(tmp_path):
    done = _kpixl("dashboard", "out.xlsx", "--pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    before = (tmp_path / "out.pdf").stat().st_mtime_ns, (tmp_path / "out.xlsx").stat().st_mtime_ns
    again = _kpixl("dashboard", "out.xlsx", "--pdf", cwd=tmp_path)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "--force" in again.stderr
    assert ((tmp_path / "out.pdf").stat().st_mtime_ns, (tmp_path / "out.xlsx").stat().st_mtime_ns) == before

    no_office = dict(os.environ, PATH=str(tmp_path / "bin"), KPIXL_SOFFICE="")
    (tmp_path / "bin").mkdir()
    missing = _kpixl("dashboard", "new.xlsx", "--pdf", cwd=tmp_path, env=no_office)
    assert missing.returncode == 2 and "LibreOffice is needed" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "new.xlsx").exists()  # refused before any work

    printed = _kpixl("pdf", "out.xlsx", "-o", "copy.pdf", cwd=tmp_path)
    assert printed.returncode == 0 and (tmp_path / "copy.pdf").exists()
    absent = _kpixl("pdf", "nothere.xlsx", cwd=tmp_path)
    assert absent.returncode == 2 and "does not exist" in absent.stderr
