"""Helpers for tests that open generated workbooks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl


def formulas(path: Path, sheet: str) -> dict[str, str]:
    """Every formula of a sheet, by cell (spilled and array formulas by their anchor)."""
    ws = openpyxl.load_workbook(path)[sheet]
    out = {}
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            text = getattr(v, "text", v)
            if isinstance(text, str) and text.startswith("="):
                out[c.coordinate] = text
    return out


def values(path: Path) -> dict[str, dict[str, object]]:
    """The cached value of every cell, by sheet and cell."""
    book = openpyxl.load_workbook(path, data_only=True)
    return {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row} for ws in book.worksheets}


def part(path: Path, pattern: str) -> list[str]:
    """The XML of the package parts whose name matches ``pattern``."""
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode("utf-8") for n in z.namelist() if re.fullmatch(pattern, n)]
