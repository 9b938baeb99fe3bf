"""Many rows of a streamed worksheet at once: the XML XlsxWriter writes cell by cell, joined in blocks.

XlsxWriter spends about 10 µs on each cell; a Campaigns sheet of a million rows has twenty million.
Here each column's cell is rendered once by XlsxWriter itself, at a sentinel row and with a
sentinel value, and cut where the row number and the value go; a block of rows is then joined
from those pieces. Used only in constant-memory mode with the XlsxWriter versions kpixl is tested
with (``FAST_PATHS``); a test compares the result with XlsxWriter's own output, byte for byte.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellFormulaTuple,
    CellNumberTuple,
    CellStringTuple,
    re_dynamic_function,
)

SENTINEL_ROW = 1_048_573  # 0-based: Excel row 1048574, a number that appears nowhere else in a cell
ROW_TEXT = str(SENTINEL_ROW + 1)
SENTINEL_VALUE = 1.25e-299  # written "1.25E-299" in a number cell, "1.25e-299" as a formula's value
MAX_STRING = 32_767  # XlsxWriter truncates longer strings

CellMaker = Callable[[range, Sequence[Any]], list[str]]  # (Excel row numbers, values) -> the cells' XML
_FORMULA = re.compile(r"<f>.*?</f>", re.S)


class RowWriter:
    """Cell makers for the columns of one worksheet, and the writer of whole blocks of rows."""

    def __init__(self, ws: Any):
        self.ws = ws
        self.row_start, self.row_end = _cut(self._render(lambda: ws._write_row(SENTINEL_ROW, None)), ROW_TEXT)
        self.shared = 0  # shared formulas written so far: each has its number in the sheet

    def _render(self, write: Callable[[], None]) -> str:
        """What XlsxWriter writes for one call, caught in memory."""
        fh = self.ws.fh
        self.ws.fh = io.StringIO()
        try:
            write()
            return self.ws.fh.getvalue()
        finally:
            self.ws.fh = fh

    def _cell(self, col: int, cell: Any) -> str:
        return self._render(lambda: self.ws._write_cell(SENTINEL_ROW, col, cell))

    def numbers(self, col: int, fmt: Any = None) -> CellMaker:
        """Number (or date serial) cells, as ``write_number`` writes them."""
        head, tail = _cut(self._cell(col, CellNumberTuple(SENTINEL_VALUE, fmt)), ROW_TEXT)
        mid, end = _cut(tail, f"{SENTINEL_VALUE:.16G}")
        return lambda rows, values: [f"{head}{r}{mid}{v:.16G}{end}" for r, v in zip(rows, values)]

    def texts(self, col: int, names: Sequence[str], fmt: Any = None) -> CellMaker:
        """Text cells, as ``write_string`` writes them; the values are indices into ``names``."""
        head, _ = _cut(self._cell(col, CellStringTuple("", fmt)), ROW_TEXT)
        tails = [_cut(self._cell(col, CellStringTuple(name[:MAX_STRING], fmt)), ROW_TEXT)[1] for name in names]
        return lambda rows, codes: [f"{head}{r}{tails[c]}" for r, c in zip(rows, codes)]

    def values(self, col: int, fmt: Any = None) -> CellMaker:
        """Cells as ``write`` writes them: a number, a text (an Excel error's text), or a blank for ""."""
        number = self.numbers(col, fmt)
        others: dict[Any, str] = {}

        def other(r: int, v: Any) -> str:
            if v not in others:
                cell = CellBlankTuple(fmt) if v == "" else CellStringTuple(str(v)[:MAX_STRING], fmt)
                others[v] = self._cell(col, cell) if v != "" or fmt is not None else ""
            return others[v].replace(ROW_TEXT, str(r), 1)

        def cells(rows: range, values: Sequence[Any]) -> list[str]:
            out = number(rows, [v if v.__class__ is float else 0.0 for v in values])
            for i, v in enumerate(values):
                if v.__class__ is not float:
                    out[i] = other(rows[i], v)
            return out

        return cells

    def formulas(self, col: int, formula: str, fmt: Any = None, shared: range | None = None) -> CellMaker:
        """Formula cells with their cached values, as ``write_formula`` writes them; ``formula`` has
        ``{row}`` where each row's number goes (kpixl's formulas hold no other brace).

        With ``shared`` (the sheet rows this maker writes, all of them), the formula is written once,
        in the first, and each other cell says "the same formula, moved down" (a shared formula, as
        Excel saves a filled-down column): its XML is a fifth as long, and Excel, LibreOffice and
        openpyxl read each cell's formula back."""
        if re_dynamic_function.search(formula):
            raise ValueError(f"{formula} would be written as a dynamic array formula")
        text = self.ws._prepare_formula(formula.format(row=ROW_TEXT))
        first, group = (shared[0], self.shared) if shared else (0, 0)
        if shared:
            self.shared += 1
            span = f"{xl_col_to_name(col)}{shared[0]}:{xl_col_to_name(col)}{shared[-1]}"
            master = f'<f t="shared" ref="{span}" si="{group}">'

        def render(value: Any) -> list[str]:
            """The cell's XML for a cached ``value``, in the pieces around each row number."""
            xml = self._cell(col, CellFormulaTuple(text, fmt, value))
            return (_FORMULA.sub(f'<f t="shared" si="{group}"/>', xml, count=1) if shared else xml).split(ROW_TEXT)

        parts = render(SENTINEL_VALUE)
        before, after = _cut(parts[-1], repr(SENTINEL_VALUE))
        parts[-1] = before
        others: dict[Any, list[str]] = {}

        def join(pieces: list[str], r: int) -> str:
            return str(r).join(pieces)

        def cells(rows: range, values: Sequence[Any]) -> list[str]:
            out = []
            for r, v in zip(rows, values):
                if v.__class__ in (float, int):
                    out.append(f"{join(parts, r)}{v}{after}")
                else:
                    if v not in others:
                        others[v] = render(v)
                    out.append(join(others[v], r))
            if shared and rows and rows[0] == first:  # the first cell holds the formula itself
                whole = self._cell(col, CellFormulaTuple(text, fmt, values[0]))
                out[0] = whole.replace(ROW_TEXT, str(first)).replace("<f>", master, 1)
            return out

        return cells

    def write(self, first: int, columns: Sequence[list[str]]) -> None:
        """Rows ``first``, ``first`` + 1... (0-based) from each column's cells, after every row before them."""
        ws = self.ws
        if first <= ws.previous_row:
            raise ValueError(f"row {first} is already written")
        ws._write_single_row(first)  # the rows XlsxWriter still holds go first
        n = len(columns[0])
        start, end = self.row_start, self.row_end
        ws.fh.write(
            "".join(f"{start}{first + i + 1}{end}{''.join(cells)}</row>" for i, cells in enumerate(zip(*columns)))
        )
        last = first + n - 1
        ws.previous_row = last
        ws.table.clear()
        ws.dim_rowmax = max(ws.dim_rowmax or 0, last)  # the columns were all written in an earlier row


def _cut(text: str, mark: str) -> tuple[str, str]:
    """``text`` before and after the first ``mark``, which must be there."""
    before, found, after = text.partition(mark)
    if not found:
        raise AssertionError(f"{mark!r} not found in {text!r}")
    return before, after
