"""Workbooks as downloaded (.xlsx), checked before they are parsed, handed over as raw rows.

A zip with too many members, too much uncompressed data or a suspicious compression ratio, a part that
declares XML entities, or a sheet whose cells span more than kpixl reads (its real cells, not what it
declares) is refused with a clear error, never a crash, a hang or gigabytes of memory. Formulas whose
values were never calculated (a file a script wrote) are refused: their cells would read as 0 or blank.
python-calamine then reads the sheet that holds dated data (Search Console's download has seven; the
dated one is ``Chart``). openpyxl, which reads kpixl's own workbooks back, parses through defusedxml.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineWorkbook, SheetTypeEnum

from ..errors import DataError
from ..messages import say
from .columns import MAX_ROWS
from .csv_file import unique_names
from .headers import TIME_ORDER
from .understand import Reading
from .vocabulary import bare, vocabulary

MAX_ZIP_MEMBERS = 5_000
MAX_UNCOMPRESSED = 600 * 2**20  # all parts, expanded: a 1 M-row sheet of 12 columns is ~400 MB
MAX_SHARED_STRINGS = 100 * 2**20  # text cells, expanded: what openpyxl holds in memory at once
MAX_RATIO = 150  # real xlsx sheets compress 5-30 times; bombs compress thousands of times
MAX_COLUMNS = 200
MAX_CELLS = 40_000_000  # rows x columns a sheet's cells may span: what python-calamine allocates
SNIFF_ROWS = 60
_CELL_COLUMNS = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})')
_ROWS = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d{1,9})"')
_FORMULA_WITHOUT_VALUE = re.compile(
    rb"</(?:\w+:)?f>\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_FULL_CALC = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"')
CFB = b"\xd0\xcf\x11\xe0"  # an OLE compound file: an encrypted .xlsx, or an old .xls


def check_xlsx(path: Path, lang: str = "en") -> None:
    """Refuse what is no plain workbook, zip bombs and sheets whose cells span too much, before any parse."""
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(CFB):
        raise DataError(say(lang, "password", path=path))
    if not head.startswith(b"PK"):
        raise DataError(say(lang, "no_zip", path=path))
    try:
        with zipfile.ZipFile(path) as z:
            _check_parts(path, z, lang)
    except zipfile.BadZipFile:
        raise DataError(say(lang, "bad_zip", path=path)) from None


def _check_parts(path: Path, z: zipfile.ZipFile, lang: str) -> None:
    infos = z.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise DataError(say(lang, "zip_parts", path=path, n=len(infos)))
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise DataError(say(lang, "zip_size", path=path, limit=MAX_UNCOMPRESSED // 2**20))
    for i in infos:
        if i.filename.endswith("sharedStrings.xml") and i.file_size > MAX_SHARED_STRINGS:
            size, limit = i.file_size // 2**20, MAX_SHARED_STRINGS // 2**20
            raise DataError(say(lang, "zip_text", path=path, size=size, limit=limit))
        if i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise DataError(say(lang, "zip_bomb", path=path, part=i.filename, ratio=ratio))
    for i in infos:
        if i.filename.endswith((".xml", ".rels")):
            with z.open(i) as f:
                head = f.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:  # where XML bombs and external entities hide
                raise DataError(say(lang, "entities", path=path, part=i.filename))


def _check_sheet(path: Path, z: zipfile.ZipFile, part: str, stale: bool, lang: str) -> None:
    """Refuse a sheet whose real cells span more than MAX_CELLS, or whose formulas have no calculated value."""
    data = z.read(part)
    rows = [int(r) for r in _ROWS.findall(data)]
    columns = {c for c in _CELL_COLUMNS.findall(data)}
    width = max((_column_number(c) for c in columns), default=0)
    height = max(rows, default=0)
    digits = len(str(height))
    if re.search(rb'<(?:\w+:)?c\s[^>]*?\br="[A-Z]{1,3}\d{%d,}"' % (digits + 1), data):  # a cell below every row
        height = max(int(r) for r in re.findall(rb'<(?:\w+:)?c\s[^>]*?\br="[A-Z]{1,3}(\d+)"', data))
    elif width * (10**digits - 1) > MAX_CELLS:  # cells may lie below the last row: count them exactly
        height = max([height, *map(int, re.findall(rb'<(?:\w+:)?c\s[^>]*?\br="[A-Z]{1,3}(\d+)"', data))])
    if height > MAX_ROWS + 1 or height * width > MAX_CELLS:
        raise DataError(say(lang, "sheet_span", path=path, rows=height, columns=width))
    if (b"<f" in data or b":f>" in data) and (stale or _FORMULA_WITHOUT_VALUE.search(data)):
        raise DataError(say(lang, "not_calculated", path=path))


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def read_xlsx(path: Path, lang: str = "en") -> tuple[pd.DataFrame, Reading]:
    """The dated worksheet of an .xlsx file (the first one whose header has a date column, else the first
    with known headers): header below any title rows, at most MAX_ROWS rows."""
    check_xlsx(path, lang)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - any parse failure is the file's fault, said in one line
        raise DataError(say(lang, "not_workbook", path=path, why=f"{type(exc).__name__}: {_first(exc)}")) from None
    try:
        sheets = [s.name for s in book.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet]
        if not sheets:
            raise DataError(say(lang, "only_charts", path=path))
        parts = _sheet_parts(path)
        with zipfile.ZipFile(path) as z:
            stale = bool(_FULL_CALC.search(z.read("xl/workbook.xml"))) and not _made_by_kpixl(z)
            found = None
            for name in sheets:
                if name in parts:
                    _check_sheet(path, z, parts[name], stale, lang)
                cells = book.get_sheet_by_name(name).iter_rows()
                header = _header(cells)
                if header is not None and (found is None or header[2]):
                    found = (name, cells, header)
                    if header[2]:
                        break
        if found is None:
            raise DataError(say(lang, "no_header_sheets", path=path, n=SNIFF_ROWS, sheets=", ".join(sheets[:7])))
        name, cells, (row, number, _, skipped, below) = found
        width = max(i for i, v in enumerate(row) if v is not None) + 1
        data = [r[:width] for r in (*below, *cells)]  # the rest at once: calamine holds the sheet already
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parse failure is the file's fault, said in one line
        raise DataError(say(lang, "not_workbook", path=path, why=f"{type(exc).__name__}: {_first(exc)}")) from None
    finally:
        book.close()
    if len(data) > MAX_ROWS:
        raise DataError(say(lang, "sheet_rows", path=path, limit=MAX_ROWS))
    reading = Reading(str(path), encoding="xlsx", sheet=name if len(sheets) > 1 else "", header_row=number)
    reading.skipped = skipped
    names = unique_names(
        [str(v) if v is not None else f"column {i + 1}" for i, v in enumerate(row[:width])], path, lang
    )
    raw = pd.DataFrame(data, columns=names, index=range(number + 1, number + 1 + len(data)), dtype=object)
    raw = raw.where(raw.ne(""), None)  # calamine gives "" for an empty cell
    return raw[raw.notna().any(axis=1)], reading


def _header(cells: Any) -> tuple[list[Any], int, bool, list[tuple[int, str]], list[Any]] | None:
    """(the header row, its number, whether it has a time column, the rows above it, the row below it
    when it is data) of a sheet, or None. A header on two rows is read as one (see ``_two_rows``)."""
    words = vocabulary()
    times = {name for name, key in words.generic.items() if key in TIME_ORDER}
    times |= {name for own in words.own.values() for name, key in own.items() if key in TIME_ORDER}
    skipped: list[tuple[int, str]] = []
    for number, raw_row in enumerate(cells, start=1):
        row = [None if v == "" else v for v in raw_row[:MAX_COLUMNS]]
        found = [bare(v) for v in row if isinstance(v, str)]
        if sum(f in words.names for f in found) >= 2:
            below = next(cells, None)
            whole = None if below is None else _two_rows(row, below, words.names)
            if whole is not None:
                skipped.append((number, _line(row)))
                row, number, below = whole, number + 1, None
            found = [bare(v) for v in row if isinstance(v, str)]
            return row, number, any(f in times for f in found), skipped, [] if below is None else [below]
        if any(v is not None for v in row):
            skipped.append((number, _line(row)))
        if number >= SNIFF_ROWS:
            break
    return None


def _line(row: list[Any]) -> str:
    """A row as the summary shows a line it skipped: its cells joined, at most 120 characters."""
    return " | ".join(str(v) for v in row if v is not None)[:120]


def _two_rows(top: list[Any], below: list[Any], names: Any) -> list[Any] | None:
    """The header of a sheet whose column names take two rows (a group label merged over its columns,
    ``Metrics`` over ``Cost | Clicks``; a long name wrapped, ``Link`` over ``clicks``): one name per
    column, or None when ``below`` is no header (it holds a number or a date, or names no more columns)."""
    below = [None if v == "" else v for v in below[:MAX_COLUMNS]]
    if not any(isinstance(v, str) for v in below) or any(v is not None and not isinstance(v, str) for v in below):
        return None
    whole = []
    for i in range(max(len(top), len(below))):
        upper, lower = (top[i] if i < len(top) else None), (below[i] if i < len(below) else None)
        if lower is None:
            whole.append(upper)
            continue
        joined = f"{upper} {lower}" if isinstance(upper, str) else lower
        whole.append(next((n for n in (joined, lower, upper) if isinstance(n, str) and bare(n) in names), joined))

    def known(row: list[Any]) -> int:
        return sum(isinstance(v, str) and bare(v) in names for v in row)

    return whole if known(whole) > known(top) else None


def _sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> its part in the package, from the workbook's relationships."""
    from defusedxml.ElementTree import fromstring

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as z:
        book = fromstring(z.read("xl/workbook.xml"))
        rels = fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter(f"{ns}sheet"):
        target = targets.get(sheet.get(rel), "")
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def _made_by_kpixl(z: zipfile.ZipFile) -> bool:
    """kpixl's workbooks carry the values of their formulas, computed by kpixl."""
    try:
        return b'name="kpixl"' in z.read("docProps/custom.xml")
    except KeyError:
        return False


def _first(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else ""
