"""The Campaigns sheet: the data as an Excel table, streamed row by row, with per-row KPIs beside it.

In ``udf`` mode each KPI column is one spilling ``KPI_*`` call over the table's columns, so
that recalculation costs one call per KPI, not one per row; in ``native`` mode each row has
its own plain formula.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ..catalog import CATALOG
from ..excel.values import excel_call
from . import periods
from .model import feeds
from .writer import FAST_PATHS, Formulas, Sheet, column_letter, page_setup, plain

PROGRESS_ROWS = 20_000  # show progress above this many rows


def write_campaigns(
    s: Sheet, m: Any, mode: Formulas, lay: Any, f: dict, progress: Callable[[str], None] | None
) -> None:
    """The data as an Excel table, and the per-row KPIs beside it; streamed row by row."""
    df = m.df
    cols = ["date", "month_col", "channel", "campaign", *m.metrics]
    headers = [m.label(c) for c in cols]
    n = len(df)
    ws = s.ws
    # XlsxWriter refuses tables in constant-memory mode because add_table() could write data; this
    # table's data is streamed below, so the table is declared with the mode lifted for the call.
    # Its index of table cells (for overlap checks with later tables: there are none) is dropped:
    # at 100 000 rows it would hold 1.3 million entries.
    streaming = ws.constant_memory
    ws.constant_memory = False
    ws.add_table(
        0,
        0,
        n,
        len(cols) - 1,
        {"name": lay.table, "style": "Table Style Medium 2", "columns": [{"header": h} for h in headers]},
    )
    ws.constant_memory = streaming
    if streaming and FAST_PATHS:
        ws.table_cells.clear()
    for c, h in enumerate(headers):  # the header as inline strings, as constant-memory rows need
        ws.write_string(0, c, h)
    kpis = m.kpis("row")
    first_kpi = len(cols) + 1
    ws.set_column(0, 0, 11, f["date"])
    ws.set_column(3, 3, 28)
    ws.set_column(4, len(cols) - 1, 12)
    ws.set_column(first_kpi, first_kpi + len(kpis) - 1, 11)
    ws.freeze_panes(1, 0)
    page_setup(ws, 1)
    ws.write_string(0, first_kpi - 1, "")
    for j, k in enumerate(kpis):
        ws.write_string(0, first_kpi + j, CATALOG[k].label_in(m.lang), f["head"])
    col_of = {c: i for i, c in enumerate(cols)}
    values = {k: _column_values(k, df) for k in kpis}
    kpi_cells = {k: [(col_of[c]) for c in feeds(k)] for k in kpis}
    formulas = {k: mode.text(CATALOG[k], [lay.column(m.label(c)) for c in feeds(k)]) for k in kpis}
    per_row = {k: mode.text(CATALOG[k], [f"{{{i}}}" for i in range(len(feeds(k)))]) for k in kpis}
    letters = {k: [column_letter(c) for c in kpi_cells[k]] for k in kpis}
    data = {c: df[c].to_numpy() for c in m.metrics}
    dates, channels, names, months = (df[c].tolist() for c in ("date", "channel", "campaign", "month"))
    step = max(n // 10, 1)
    key = "=" + periods.key_formula("A{row}", m.grain)  # the period's key, as Python computed it
    for i in range(n):
        r = i + 1
        ws.write_datetime(r, 0, dates[i].to_pydatetime(), f["date"])
        ws.write_formula(r, 1, key.format(row=r + 1), f["key"], months[i])
        ws.write_string(r, 2, channels[i])
        ws.write_string(r, 3, names[i])
        for j, c in enumerate(m.metrics):
            ws.write_number(r, 4 + j, float(data[c][i]))
        for j, k in enumerate(kpis):
            v = plain(values[k][i])
            fmt = f[CATALOG[k].unit]
            if mode.udf:
                if i == 0:
                    ws.write_dynamic_array_formula(1, first_kpi + j, n, first_kpi + j, formulas[k], fmt, v)
                else:
                    ws.write(r, first_kpi + j, v, fmt)
            else:
                ws.write_formula(r, first_kpi + j, per_row[k].format(*(f"{c}{r + 1}" for c in letters[k])), fmt, v)
        if progress and n > PROGRESS_ROWS and (i + 1) % step == 0:
            progress(f"{lay.names['campaigns']}: {i + 1:,} / {n:,} rows")


def _column_values(name: str, df: pd.DataFrame) -> list[Any]:
    out = excel_call(CATALOG[name], tuple([[v] for v in df[c].tolist()] for c in feeds(name)))
    return [row[0] for row in out] if isinstance(out, list) else [out]
