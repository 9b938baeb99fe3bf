"""Reading campaign data from CSV or XLSX files that may come from anywhere.

XLSX files are checked before they are parsed: a zip with too many members, too much
uncompressed data, a suspicious compression ratio or a sheet declaring too many cells is
refused with a clear error, never a crash, a hang or gigabytes of memory. openpyxl
parses the XML through defusedxml (a dependency), which refuses entity tricks.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
from defusedxml import DefusedXmlException
from openpyxl.utils.cell import range_boundaries

from .columns import MAX_ROWS, DataError

MAX_FILE_BYTES = 512 * 2**20
MAX_ZIP_MEMBERS = 5_000
MAX_UNCOMPRESSED = 1024 * 2**20
MAX_RATIO = 150  # real xlsx sheets compress 5-30 times; bombs compress thousands of times
MAX_COLUMNS = 200
MAX_CELLS = 40_000_000
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


def load_table(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """The raw campaign table, from a DataFrame, a .csv or an .xlsx file."""
    if isinstance(source, pd.DataFrame):
        return source
    path = Path(source)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DataError(f"{path}: {path.stat().st_size / 2**20:.0f} MB is more than kpixl reads "
                        f"({MAX_FILE_BYTES // 2**20} MB); split the data")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise DataError(f"{path}: unsupported file type {suffix or '(none)'}; use .csv or .xlsx")


def read_csv(path: Path) -> pd.DataFrame:
    """A CSV in UTF-8 or Windows-1252, separated by , ; tab or |, every cell read as text."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if not text.strip():
        raise DataError(f"{path}: the file is empty")
    try:
        sep = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|").delimiter
    except csv.Error:
        sep = ","
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=True,
                           nrows=MAX_ROWS + 1)
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(f"{path}: not a readable CSV file ({str(exc).splitlines()[0]})") from None


def check_xlsx(path: Path) -> None:
    """Refuse zip bombs and absurd sheet sizes before any XML is parsed."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise DataError(f"{path}: {len(infos)} parts in the file; not a plain workbook")
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
                raise DataError(f"{path}: expands to more than {MAX_UNCOMPRESSED // 2**20} MB; refused")
            for i in infos:
                if i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                    raise DataError(f"{path}: {i.filename} is compressed {i.file_size // max(i.compress_size, 1)}"
                                    " times; refused as a possible zip bomb")
            for i in infos:
                if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"):
                    with z.open(i) as f:
                        _check_dimension(path, f.read(4096))
    except zipfile.BadZipFile:
        raise DataError(f"{path}: not a valid .xlsx file (it is not a zip archive)") from None


def _check_dimension(path: Path, head: bytes) -> None:
    match = _DIMENSION.search(head)
    if not match:
        return
    ref = match.group(1).decode()
    min_col, min_row, max_col, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
    rows, cols = max_row - min_row + 1, max_col - min_col + 1
    if rows > MAX_ROWS + 1 or rows * cols > MAX_CELLS:
        raise DataError(f"{path}: a sheet declares {rows:,} rows x {cols:,} columns ({ref}); refused")


def read_xlsx(path: Path) -> pd.DataFrame:
    """The first sheet of an .xlsx file: header on the first non-empty row, at most MAX_ROWS rows."""
    check_xlsx(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the file's fault, said in one line
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, DefusedXmlException):
            raise DataError(f"{path}: the workbook's XML declares entities ({type(cause).__name__}); "
                            "refused as unsafe") from None
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        raise DataError(f"{path}: cannot be read as a workbook ({type(exc).__name__}: {first_line})") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        header = next((r for r in rows if any(v is not None for v in r)), None)
        if header is None:
            raise DataError(f"{path}: the first sheet is empty")
        width = max(i for i, v in enumerate(header) if v is not None) + 1
        data = []
        for row in rows:
            if len(data) > MAX_ROWS:
                raise DataError(f"{path}: more than {MAX_ROWS:,} rows; split the data")
            if any(v is not None for v in row[:width]):
                data.append(row[:width])
    finally:
        book.close()
    names = [str(v) if v is not None else f"column {i + 1}" for i, v in enumerate(header[:width])]
    return pd.DataFrame(data, columns=names)
