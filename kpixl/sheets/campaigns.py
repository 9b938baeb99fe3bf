"""The Campaigns sheet: the data as an Excel table, streamed row by row, with per-row KPIs beside it.

In a host that calls kpixl's functions each KPI column is one spilling ``KPI_*`` call over the
table's columns, so that recalculation costs one call per KPI, not one per row; in a native
workbook each row has its own plain formula.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..catalog import CATALOG
from ..data.columns import BY_KEY
from ..excel.values import excel_columns
from . import periods
from .formats import DASH
from .model import feeds
from .rows import RowWriter
from .writer import FAST_PATHS, Host, Sheet, column_letter, page_setup, plain

PROGRESS_ROWS = 20_000  # show progress above this many rows
EPOCH = pd.Timestamp("1899-12-30")  # Excel's day 0 for every date after 1900-02-28
EXCEL_1900 = pd.Timestamp("1900-03-01")


def write_campaigns(s: Sheet, m: Any, host: Host, lay: Any, f: dict, progress: Callable[[str], None] | None) -> None:
    """The data as an Excel table, and the per-row KPIs beside it; streamed row by row."""
    df = m.df
    cols = m.campaign_columns()
    headers = [m.label(c) for c in cols]
    n = len(df)
    ws = s.ws
    # XlsxWriter refuses tables in constant-memory mode because add_table() could write data; this
    # table's data is streamed below, so the table is declared with that mode lifted for the call.
    # add_table() checks and indexes every cell of the range for overlaps with later tables (there
    # are none): 13 million entries at a million rows. With the fast paths the table is declared
    # over its header and first row, then stretched to its rows.
    streaming = ws.constant_memory
    ws.constant_memory = False
    stretch = streaming and FAST_PATHS and n > 1
    options = {"name": lay.table, "style": "Table Style Medium 2", "columns": [{"header": h} for h in headers]}
    ws.add_table(0, 0, 1 if stretch else n, len(cols) - 1, options)
    if stretch:
        whole = f"A1:{column_letter(len(cols) - 1)}{n + 1}"
        ws.tables[-1].update({key: whole for key in ("range", "a_range", "autofilter") if key in ws.tables[-1]})
        ws.table_cells = {}
    ws.constant_memory = streaming
    for c, h in enumerate(headers):  # the header as inline strings, as constant-memory rows need
        ws.write_string(0, c, h)
    kpis = m.kpis("row")
    first_kpi = len(cols) + 1
    ws.set_column(0, 0, 11, f["date"])
    at = {c: i for i, c in enumerate(cols)}
    ws.set_column(at["campaign"], at["campaign"], 28)
    ws.set_column(at["source"], at["source"], 22)
    ws.set_column(at["source"] + 1, len(cols) - 1, 12)
    ws.set_column(first_kpi - 1, first_kpi - 1, 2)  # a thin gap: the table ends, the KPIs begin
    ws.set_column(first_kpi, first_kpi + len(kpis) - 1, 11)
    ws.freeze_panes(1, 0)
    page_setup(ws, 1)
    ws.write_string(0, first_kpi - 1, "")
    for j, k in enumerate(kpis):
        ws.write_string(0, first_kpi + j, CATALOG[k].label_in(m.lang), f["head"])
    col_of = {c: i for i, c in enumerate(cols)}
    per_row = {k: _dash(host.text(CATALOG[k], [f"{column_letter(col_of[c])}{{row}}" for c in feeds(k)])) for k in kpis}
    columns = Columns(
        df=df,
        texts=[c for c in cols if c in ("channel", "campaign", "source")],
        with_days="days" in cols,
        metrics=list(m.metrics),
        kpis=kpis,
        key="=" + periods.key_formula("A{row}", m.grain),  # the period's key, as Python computed it
        spills={k: _dash(host.text(CATALOG[k], [lay.column(m.label(c)) for c in feeds(k)])) for k in kpis},
        per_row=per_row,
        first_kpi=first_kpi,
        units=[f[CATALOG[k].unit] for k in kpis],
        metric_formats=[f[BY_KEY[c].kind] for c in m.metrics],
    )
    rows = RowWriter(ws) if FAST_PATHS and ws.constant_memory and n > 1 and columns.plain_dates() else None
    key = f[f"period_{m.grain}"]
    write_first_row(ws, columns, host, f["date"], key)
    cells = columns.makers(rows, f["date"], key, host) if rows else None
    step = max(n // 10, 1)  # progress every tenth, blocks of at most BLOCK rows
    for begin in range(2, n + 1, min(BLOCK, step)):
        end = min(begin + min(BLOCK, step), n + 1)
        block = columns.block(begin, end)
        if rows is not None and cells is not None:
            rows.write(begin, [make(range(begin + 1, end + 1), values) for make, values in zip(cells, block)])
        else:
            for i in range(end - begin):
                write_row(ws, columns, host, begin + i, [values[i] for values in block], f["date"], key)
        if progress and n > PROGRESS_ROWS and ((end - 1) // step > (begin - 2) // step or end > n):
            progress(f"{lay.names['campaigns']}: {end - 1:,} / {n:,} rows")


def _dash(formula: str) -> str:
    """A per-row KPI formula that shows a dash where the KPI is undefined (no clicks, no cost)."""
    return f'=IFERROR({formula[1:]},"{DASH}")'


BLOCK = 10_000  # rows computed and written at once: the memory of one block is all the sheet holds


@dataclass
class Columns:
    """What the Campaigns sheet shows on each row, computed block by block from the canonical table."""

    df: pd.DataFrame
    texts: list[str]  # the text columns, in order: channel, campaign, source
    with_days: bool  # a Days column after the date (rows that cover more than one day)
    metrics: list[str]
    kpis: list[str]
    key: str  # the period key's formula, with {row}
    spills: dict[str, str]  # KPI -> the spilling formula over the table's columns (udf)
    per_row: dict[str, str]  # KPI -> its formula on one row, with {row} (native)
    first_kpi: int
    units: list[Any]
    metric_formats: list[Any]
    _factorized: dict[str, tuple[Any, Any]] = field(default_factory=dict, init=False, repr=False)

    def plain_dates(self) -> bool:
        """Dates at midnight after 1900-03-01: their serials are whole days, as XlsxWriter counts them."""
        d = self.df["date"]
        return bool(len(d)) and d.dt.tz is None and bool((d == d.dt.normalize()).all()) and d.min() >= EXCEL_1900

    def block(self, begin: int, end: int) -> list[Any]:
        """The values of sheet rows ``begin`` to ``end`` - 1 (row 1 is the table's first data row), by column."""
        part = self.df.iloc[begin - 1 : end - 1]
        values = [((part["date"] - EPOCH) / pd.Timedelta(days=1)).tolist()]
        if self.with_days:
            values.append(part["days"].to_numpy(dtype=float).tolist())
        values.append(part["period"].tolist())
        values += [self._codes(c)[begin - 1 : end - 1].tolist() for c in self.texts]
        values += [part[c].to_numpy(dtype=float).tolist() for c in self.metrics]
        return values + [self.kpi_values(k, part) for k in self.kpis]

    @property
    def first_metric(self) -> int:
        """The column of the first metric."""
        return 2 + self.with_days + len(self.texts)

    def kpi_values(self, name: str, part: pd.DataFrame) -> list[Any]:
        """What each row shows: the number ``KPI_*`` answers, or a dash where it answers an Excel error."""
        values = excel_columns(CATALOG[name], [part[c].to_numpy(dtype=float) for c in feeds(name)])
        return [v if v.__class__ is float else DASH for v in values]

    def _codes(self, column: str) -> Any:
        if column not in self._factorized:
            self._factorized[column] = pd.factorize(self.df[column])
        return self._factorized[column][0]

    def names(self, column: str) -> list[str]:
        self._codes(column)
        return [str(v) for v in self._factorized[column][1]]

    def makers(self, rows: RowWriter, date: Any, key: Any, host: Host) -> list[Any]:
        """One cell maker per column, in the order of ``block``; each column of formulas shares the formula
        of its first fast row (sheet row 3: rows 1 and 2 are the header and XlsxWriter's own first row)."""
        fast = range(3, len(self.df) + 2)
        cells = [rows.numbers(0, date)] + ([rows.numbers(1)] if self.with_days else [])
        cells.append(rows.formulas(1 + self.with_days, self.key, key, fast))
        cells += [rows.texts(2 + self.with_days + j, self.names(c)) for j, c in enumerate(self.texts)]
        cells += [rows.numbers(self.first_metric + j, fmt) for j, fmt in enumerate(self.metric_formats)]
        for j, (k, fmt) in enumerate(zip(self.kpis, self.units)):
            col = self.first_kpi + j
            cells.append(rows.values(col, fmt) if host.functions else rows.formulas(col, self.per_row[k], fmt, fast))
        return cells


def write_first_row(ws: Any, c: Columns, host: Host, date: Any, key: Any) -> None:
    """Row 1, through XlsxWriter: where the host calls kpixl's functions, it holds the spilling KPI formulas."""
    values = [v[0] for v in c.block(1, 2)]
    write_row(ws, c, host, 1, values, date, key)
    if host.functions:
        n = len(c.df)
        for j, (k, fmt) in enumerate(zip(c.kpis, c.units)):
            col = c.first_kpi + j
            ws.write_dynamic_array_formula(
                1, col, n, col, c.spills[k], fmt, plain(values[c.first_metric + len(c.metrics) + j])
            )


def write_row(ws: Any, c: Columns, host: Host, r: int, values: list[Any], date: Any, key: Any) -> None:
    """Sheet row ``r`` through XlsxWriter's own calls (the reference the fast rows are tested against);
    ``values``: the row's values from ``Columns.block``."""
    row = c.df.iloc[r - 1]
    ws.write_datetime(r, 0, row["date"].to_pydatetime(), date)
    if c.with_days:
        ws.write_number(r, 1, values[1])
    ws.write_formula(r, 1 + c.with_days, c.key.format(row=r + 1), key, values[1 + c.with_days])
    for j, name in enumerate(c.texts):
        ws.write_string(r, 2 + c.with_days + j, row[name])
    for j, fmt in enumerate(c.metric_formats):
        ws.write_number(r, c.first_metric + j, values[c.first_metric + j], fmt)
    for j, (k, fmt) in enumerate(zip(c.kpis, c.units)):
        v = plain(values[c.first_metric + len(c.metrics) + j])
        col = c.first_kpi + j
        if not host.functions:
            ws.write_formula(r, col, c.per_row[k].format(row=r + 1), fmt, v)
        elif r > 1:
            ws.write(r, col, v, fmt)
