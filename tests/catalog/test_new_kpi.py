"""Adding a dashboard KPI is one catalog entry: with one more entry, and no other edit, a dashboard
shows its tile and its Campaigns column, a refresh keeps them, and LibreOffice computes the tile
as pandas does from the data."""

import dataclasses

import openpyxl
import pandas as pd
import pytest

import kpixl
from kpixl.catalog import CATALOG, Catalog
from kpixl.catalog.model import Dashboard
from kpixl.data.sample import sample_data
from kpixl.refresh import refresh_dashboard

from libreoffice import recalculate, soffice

LABEL = "Revenue per click"


@pytest.fixture
def one_more_tile(monkeypatch):
    """The catalog with a REVENUE_PER_CLICK entry, shown as a tile and on every Campaigns row."""
    roas, cpc = CATALOG["ROAS"], CATALOG["CPC"]
    entry = dataclasses.replace(
        roas,
        name="REVENUE_PER_CLICK",
        category="acquisition",
        label=(LABEL, "Revenu par clic"),
        description=("Revenue a click brings.", "Revenu qu'apporte un clic."),
        args=(roas.args[0], cpc.args[1]),
        formula="revenue / clicks",
        benchmarks=(),
        examples=(),
        aliases=(),
        dashboard=Dashboard(("revenue", "clicks"), shown=("tile", "row")),
    )
    grown = Catalog([*CATALOG.values(), entry])
    monkeypatch.setattr(CATALOG, "_kpis", grown._kpis)
    monkeypatch.setattr(CATALOG, "_index", grown._index)


def _tile_value(book, sheet="Dashboard"):
    """The value beside the tile's label: found by its words, not by its address."""
    ws = openpyxl.load_workbook(book, data_only=True)[sheet]
    (row,) = [c.row for c in ws["A"] if c.value == LABEL][:1]
    return ws.cell(row, 2).value


def _expected(data: pd.DataFrame) -> float:
    """Revenue over clicks in the data's last month, computed by pandas alone."""
    month = pd.to_datetime(data["date"]).dt.to_period("M")
    last = data[month == month.max()]
    return last["revenue"].sum() / last["clicks"].sum()


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (apt install libreoffice-calc)")
def test_a_new_catalog_entry_is_a_tile_that_builds_refreshes_and_computes(one_more_tile, tmp_path):
    data = sample_data(months=3)
    dates = pd.to_datetime(data["date"])
    old, new = data[dates < dates.max().replace(day=1)], data[dates >= dates.max().replace(day=1)]
    book = kpixl.build_dashboard(old, tmp_path / "book.xlsx", formulas="native")
    assert _tile_value(book) == pytest.approx(_expected(old), rel=1e-12)
    new.to_csv(tmp_path / "new.csv", index=False)
    refreshed, _ = refresh_dashboard(book, [tmp_path / "new.csv"], tmp_path / "refreshed.xlsx")
    (computed,) = recalculate([refreshed], tmp_path / "lo")
    assert _tile_value(computed) == pytest.approx(_expected(data), rel=1e-9)
    campaigns = openpyxl.load_workbook(computed, data_only=True)["Campaigns"]
    header = [c.value for c in campaigns[1]]
    at = {name: header.index(name) for name in ("Revenue", "Clicks", LABEL)}
    for row in campaigns.iter_rows(min_row=2, max_row=40, values_only=True):
        if row[at["Clicks"]]:
            assert row[at[LABEL]] == pytest.approx(row[at["Revenue"]] / row[at["Clicks"]], rel=1e-9)
    glossary = openpyxl.load_workbook(computed)["Glossary"]
    assert any(c.value == "KPI_REVENUE_PER_CLICK" for row in glossary.iter_rows() for c in row)
