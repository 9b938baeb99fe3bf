"""Cells of kpixl's workbooks found as kpixl writes them: through the layout's declarations and by the
words they hold, never by a typed address, so that a moved row or column moves the tests with it."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import coordinate_to_tuple, get_column_letter

from kpixl.sheets import abtests, goals
from kpixl.sheets.layout import BUDGETS_FIRST_ROW, CHANNEL_CELL, INCOMPLETE_AT, PERIOD_CELL, TILE, TILES_FIRST_ROW
from kpixl.sheets.writer import cell

__all__ = ["AS_OF", "CHANNEL_CELL", "PERIOD_CELL", "ab_test", "ab_test_shown", "budget", "goal", "goal_shown", "tile"]
__all__ += ["INCOMPLETE", "TILE", "beside", "below", "rows_by_name", "tile_at", "tile_header_at", "under"]

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


def rows_by_name(ws: Any, sheet: Any, n: int) -> list[dict[str, Any]]:
    """The first ``n`` rows of the SMART goals or A/B tests sheet (``sheet``: its module), each as
    {column name: value} through the module's ``AT``, after checking the header has one cell per name."""
    names = list(sheet.AT)
    header = [c.value for c in ws[sheet.FIRST_ROW]]
    assert len([h for h in header if h is not None]) == len(names), header
    first = sheet.FIRST_ROW + 1
    return [dict(zip(names, row)) for row in ws.iter_rows(min_row=first, max_row=first + n - 1, values_only=True)]


def below(ws: Any, header: str) -> list[Any]:
    """The values under ``header``, found on the first row that holds it (Lists' periods and channels, a
    table's column), down to the sheet's last row, blanks included."""
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows):
        if header in row:
            column = row.index(header)
            return [r[column] if column < len(r) else None for r in rows[i + 1 :]]
    raise KeyError(f"no header {header!r}")


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


def beside(values: dict[str, Any], label: str, offset: int = 1) -> str:
    """The address ``offset`` columns right of the first column-A cell holding ``label``, in a sheet read
    as {address: value} (the Calc sheet's totals and selection beside their names)."""
    rows = sorted(coordinate_to_tuple(ref)[0] for ref, v in values.items() if v == label and ref[0] == "A")
    if not rows or not rows[0]:
        raise KeyError(f"no label {label!r} in column A")
    return f"{get_column_letter(1 + offset)}{rows[0]}"


def under(values: dict[str, Any], header: str, n: int = 0, header_row: int = 1) -> str:
    """The address of row ``n`` (0: the first below the header) of the column headed ``header``, in a sheet
    read as {address: value}."""
    for ref, v in values.items():
        row, column = coordinate_to_tuple(ref)
        if row == header_row and v == header:
            return f"{get_column_letter(column)}{header_row + 1 + n}"
    raise KeyError(f"no column {header!r} on row {header_row}")
