"""What a user added to a kpixl workbook that a rebuilt workbook would not hold: a refresh says it, never drops it.

kpixl rebuilds a workbook from its data and the inputs it knows (targets, goals, tests, budgets). Anything else
a user put in it (a sheet, a note in a cell beside a table, a column beside the Campaigns table, a goal below
the template's rows) would be gone. Such a cell is one the old workbook holds, the rebuilt one does not, and a
rebuild of the old workbook's own data would not hold either (so it was not kpixl's).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from .words import TEXTS

SHOWN = 6  # additions named in the message; the rest are counted


def _quiet(read: Callable[..., Any]) -> Callable[..., Any]:
    """``read`` without openpyxl's warning that it does not read sparklines (they are not read here)."""

    def quiet(*args: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return read(*args)

    return quiet


@_quiet
def cells(book: Path, skip: set[str]) -> dict[str, dict[str, Any]]:
    """{sheet: {cell: what it holds}} of every non-empty cell (formulas as their text), but the sheets of
    ``skip``, whose names alone are listed (an empty dict)."""
    wb = _open(book)
    try:
        out: dict[str, dict[str, Any]] = {}
        for ws in wb.worksheets:
            if ws.title in skip:
                out[ws.title] = {}
                continue
            out[ws.title] = {
                c.coordinate: c.value
                for row in ws.iter_rows()
                for c in row
                if getattr(c, "value", None) not in (None, "")
            }
        return out
    finally:
        wb.close()


@_quiet
def headers(book: Path, sheet: str) -> list[str]:
    """The first row of ``sheet`` (the Campaigns table's columns)."""
    wb = _open(book)
    try:
        if sheet not in wb.sheetnames:
            return []
        row = next(wb[sheet].iter_rows(max_row=1, values_only=True), ())
        return [str(v) for v in row if v not in (None, "")]
    finally:
        wb.close()


def additions(old: Path, new: Path, lang: str, rebuild_old: Callable[[], Path]) -> list[str]:
    """What ``old`` holds that ``new`` would lose, one description each (``Dashboard!L3 ('my note')``,
    ``sheet 'Analysis'``, ``Campaigns column 'Notes'``); ``rebuild_old`` builds the old data again (a file
    removed here), called only when some cell is missing, to tell kpixl's own cells (an anomaly that is no
    more) from the user's."""
    words = TEXTS[lang]
    data = words["sheet_campaigns"]
    skip = {data, words["sheet_calc"], words["sheet_lists"], "xlwings.conf"}  # rebuilt from the data alone
    was, now = cells(old, skip), cells(new, skip)
    lost = [(s, ref) for s in was if s in now and s not in skip for ref in was[s] if ref not in now[s]]
    gone_columns = [h for h in headers(old, data) if h not in set(headers(new, data))]
    if lost or gone_columns:
        again = rebuild_old()
        try:
            kpixl_own, its_columns = cells(again, skip), set(headers(again, data))
        finally:
            again.unlink(missing_ok=True)
        lost = [(s, ref) for s, ref in lost if ref not in kpixl_own.get(s, {})]
        gone_columns = [h for h in gone_columns if h not in its_columns]
    found = [f"sheet {s!r}" for s in was if s not in now]
    found += [f"{data} column {h!r}" for h in gone_columns]
    found += [f"{s}!{ref} ({_short(was[s][ref])})" for s, ref in lost]
    return found


def _open(book: Path) -> Any:
    return openpyxl.load_workbook(book, read_only=True, data_only=False)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def described(found: list[str]) -> str:
    """The additions as one line: the first ``SHOWN``, then how many more."""
    more = len(found) - SHOWN
    return ", ".join(found[:SHOWN]) + (f" and {more} more" if more > 0 else "")
