"""Cells of kpixl's workbooks found as kpixl writes them: through the layout's declarations and by the
words they hold, never by a typed address, so that a moved row or column moves the tests with it."""

from __future__ import annotations

from typing import Any

from kpixl.sheets import abtests, goals
from kpixl.sheets.layout import BUDGETS_FIRST_ROW, CHANNEL_CELL, INCOMPLETE_AT, PERIOD_CELL, TILE, TILES_FIRST_ROW
from kpixl.sheets.writer import cell

__all__ = ["AS_OF", "CHANNEL_CELL", "PERIOD_CELL", "ab_test", "ab_test_shown", "budget", "goal", "goal_shown", "tile"]
__all__ += ["INCOMPLETE", "TILE", "tile_at", "tile_header_at"]

AS_OF = cell(*goals.AS_OF_AT, absolute=False)  # the SMART goals' review date
INCOMPLETE = cell(*INCOMPLETE_AT, absolute=False)  # the Dashboard's note of a period the data ends in


def tile(ws: Any, label: str, column: str = "value") -> Any:
    """The Dashboard cell of a tile's ``column`` (``TILE_COLUMNS``), the tile found by its label."""
    for (first,) in ws.iter_rows(min_row=TILES_FIRST_ROW, max_col=1):
        if first.value == label:
            return ws.cell(first.row, TILE[column] + 1)
        if first.value is None:
            break
    raise KeyError(f"no tile {label!r}")


def tile_at(values: dict[str, Any], label: str, column: str = "value") -> str:
    """The address of a tile's ``column`` in a Dashboard read as {address: value}, found by its label."""
    rows = [int(ref[1:]) for ref, v in values.items() if v == label and ref[0] == "A" and ref[1:].isdigit()]
    row = min(r for r in rows if r >= TILES_FIRST_ROW)  # the tile, not the anomalies further down
    return cell(row - 1, TILE[column], absolute=False)


def tile_header_at(column: str) -> str:
    """The address of the tiles' header over ``column``."""
    return cell(TILES_FIRST_ROW - 2, TILE[column], absolute=False)


def goal(ws: Any, n: int, column: str) -> Any:
    """The SMART goals cell of goal ``n`` (0: the first row) in a typed column (``goals.INPUTS``)."""
    return ws.cell(goals.FIRST_ROW + 1 + n, goals.INPUTS[column] + 1)


def ab_test(ws: Any, n: int, column: str) -> Any:
    """The A/B tests cell of test ``n`` (0: the first row) in a typed column (``abtests.INPUTS``)."""
    return ws.cell(abtests.FIRST_ROW + 1 + n, abtests.INPUTS[column] + 1)


def goal_shown(ws: Any, n: int, header: str) -> Any:
    """The SMART goals cell of goal ``n`` under the column headed ``header`` (computed columns too)."""
    return ws.cell(goals.FIRST_ROW + 1 + n, header_column(ws, goals.FIRST_ROW, header))


def ab_test_shown(ws: Any, n: int, header: str) -> Any:
    """The A/B tests cell of test ``n`` under the column headed ``header`` (computed columns too)."""
    return ws.cell(abtests.FIRST_ROW + 1 + n, header_column(ws, abtests.FIRST_ROW, header))


def header_column(ws: Any, header_row: int, header: str) -> int:
    """The 1-based column whose header (on ``header_row``) is ``header``."""
    for c in ws[header_row]:
        if c.value == header:
            return c.column
    raise KeyError(f"no column {header!r} on row {header_row}")


def budget(ws: Any, channel: str, period: str) -> Any:
    """The Budgets cell of ``channel`` (by its row's label) for ``period`` (by its column's header)."""
    column = header_column(ws, BUDGETS_FIRST_ROW, period)
    for (first,) in ws.iter_rows(min_row=BUDGETS_FIRST_ROW + 1, max_col=1):
        if first.value == channel:
            return ws.cell(first.row, column)
    raise KeyError(f"no budget row {channel!r}")
