"""Reading campaign data from CSV or XLSX files that may come from anywhere, as downloaded.

CSV: the encoding (UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1252), the delimiter
(``,`` ``;`` tab) and the header row below any preamble (titles, date ranges, ``#`` lines)
are found from the file itself; :mod:`kpixl.data.understand` then reads the columns.

XLSX files are checked before they are parsed: a zip with too many members, too much
uncompressed data, a suspicious compression ratio or a sheet declaring too many cells is
refused with a clear error, never a crash, a hang or gigabytes of memory. openpyxl
parses the XML through defusedxml (a dependency), which refuses entity tricks.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import mmap
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook, SheetTypeEnum
from xlsxwriter.utility import xl_cell_to_rowcol

from ..words import READ_MESSAGES, excel_key, fold, lang_code
from .columns import HEADERS, MAX_ROWS, METRICS, DataError
from .engines import is_engine_source, read_engine
from .platforms import PLATFORMS, bare
from .understand import Options, Reading, from_frame, understand

MAX_FILE_BYTES = 512 * 2**20
MAX_ZIP_MEMBERS = 5_000
MAX_UNCOMPRESSED = 600 * 2**20  # all parts, expanded: a 1 M-row sheet of 12 columns is ~400 MB
MAX_SHARED_STRINGS = 100 * 2**20  # text cells, expanded: what openpyxl holds in memory at once
MAX_RATIO = 150  # real xlsx sheets compress 5-30 times; bombs compress thousands of times
MAX_COLUMNS = 200
MAX_CELLS = 40_000_000
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


KNOWN_HEADERS = set(HEADERS) | {fold(n) for p in PLATFORMS for names in p.headers.values() for n in names}
SNIFF_LINES = 60


Source: TypeAlias = "str | Path | pd.DataFrame | Any"  # Any: an Ibis table


def read_data(
    sources: Sequence[Source] | Source,
    options: Options | None = None,
    rates: dict[str, float] | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame, list[Reading]]:
    """One canonical campaign table from one or several files (or DataFrames), and how each was read.

    Several sources are stacked (a Google Ads, a Meta and a GA4 export make one dashboard).
    Amounts in different currencies are refused unless ``rates`` converts them ({"USD": 0.92}:
    1 USD is worth 0.92 of the currency of the others). Parquet files, database tables and Ibis
    tables are summed in their engine first (``kpixl.data.engines``).
    """
    items: list[Source] = list(sources) if isinstance(sources, (list, tuple)) else [sources]
    tables, readings = [], []
    for source in items:
        if isinstance(source, pd.DataFrame):
            table, reading = from_frame(source, options)
        elif is_engine_source(source):
            table, reading = read_engine(source, options, progress)
        else:
            table, reading = read_file(source, options)
        tables.append(table)
        readings.append(reading)
    lang = (options or Options()).lang
    _convert(tables, readings, rates or {}, lang)
    _one_spelling(tables, readings, lang)
    df = tables[0]
    if len(tables) > 1:  # a metric one file lacks counts 0 in its rows
        df = pd.concat(tables, ignore_index=True)
        for key in METRICS:
            if key in df:
                df[key] = df[key].fillna(0.0)
    if len(df) > MAX_ROWS:
        raise DataError(
            f"{len(df):,} rows in all is more than a workbook holds ({MAX_ROWS:,}); aggregate by week or split the data"
        )
    return df, readings


def _convert(tables: list[pd.DataFrame], readings: list[Reading], rates: dict[str, float], lang: str) -> None:
    codes = {r.currency for r in readings if r.currency}
    rates = {k.upper(): v for k, v in rates.items()}
    base = codes - set(rates)
    if len(base) > 1 or (len(codes) > 1 and not base and len(rates) < len(codes)):
        raise DataError(
            f"the files are in several currencies ({', '.join(sorted(codes))}); give --rate CODE=VALUE "
            f"for all but one (for example --rate {sorted(base)[-1]}=0.92)"
        )
    for table, reading in zip(tables, readings):
        rate = rates.get(reading.currency)
        if rate is not None:
            for key in ("cost", "revenue"):
                if key in table:
                    table[key] = table[key] * rate
            reading.notes.append(f"amounts converted from {reading.currency} at {rate:g}")
            reading.currency = next(iter(base)) if base else "converted"


def _one_spelling(tables: list[pd.DataFrame], readings: list[Reading], lang: str) -> None:
    """Channels Excel's formulas cannot tell apart (``excel_key``: "Email" and "email") made one, spelt as
    most rows spell it: else each is summed with the other in the workbook, and kpixl's figures are not Excel's."""
    spellings: dict[str, list[str]] = {}
    for reading in readings:
        for name in reading.channels:
            group = spellings.setdefault(excel_key(name), [])
            if name not in group:
                group.append(name)
    clashes = [group for group in spellings.values() if len(group) > 1]
    if not clashes:
        return
    counts = pd.concat([table["channel"].value_counts() for table in tables]).groupby(level=0).sum()
    chosen = {excel_key(group[0]): max(group, key=lambda name: counts.get(name, 0)) for group in clashes}
    rename = {name: chosen[excel_key(name)] for group in clashes for name in group}  # on a tie, the first seen
    message = READ_MESSAGES[lang_code(lang)]["same_channel"]
    for table, reading in zip(tables, readings):
        found = [group for group in clashes if set(group) & set(reading.channels)]
        if found:
            table["channel"] = table["channel"].replace(rename)
            reading.channels = list(dict.fromkeys(rename.get(name, name) for name in reading.channels))
        for group in found:
            reading.notes.append(message.format(names=", ".join(map(repr, group)), chosen=rename[group[0]]))


def read_file(source: str | Path, options: Options | None = None) -> tuple[pd.DataFrame, Reading]:
    """A .csv or .xlsx file, understood."""
    path = Path(source)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(
            f"{path}: {size / 2**20:.0f} MB is more than kpixl reads ({MAX_FILE_BYTES // 2**20} MB); split the data"
        )
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        raw, reading = read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        raw, reading = read_xlsx(path)
    else:
        raise DataError(f"{path}: unsupported file type {suffix or '(none)'}; use .csv or .xlsx")
    return understand(raw, reading, options), reading


def load_table(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """The canonical table of one source (kept for callers of earlier versions)."""
    return read_data(source)[0]


Bytes: TypeAlias = "bytes | mmap.mmap"


def load_text(raw: Bytes, name: str) -> tuple[Bytes, str, str]:
    """The file's bytes in a codec pandas reads byte by byte (UTF-8 or Windows-1252), that codec, and the
    encoding found: a BOM decides; UTF-16 without BOM shows NUL bytes; then UTF-8 when the file's head
    reads as UTF-8, else Windows-1252 (what Excel writes as "CSV" in Western Europe). UTF-16 is
    re-encoded as UTF-8. The parser checks the rest strictly: see ``_read_csv``."""
    sample = raw[:4096]
    if sample.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :], "utf-8", "utf-8 (BOM)"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(raw, "utf-16", name).encode("utf-8"), "utf-8", "UTF-16"
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return _decode(raw, encoding, name).encode("utf-8"), "utf-8", encoding.upper()
    try:
        codecs.getincrementaldecoder("utf-8")().decode(raw[:HEAD], final=len(raw) <= HEAD)
        return raw, "utf-8", "UTF-8"
    except UnicodeDecodeError:
        return raw, "cp1252", "Windows-1252"


HEAD = 1 << 16  # the bytes decoded to find the header and the encoding


def _decode(raw: Bytes, encoding: str, name: str) -> str:
    try:
        return codecs.decode(raw, encoding)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{name}: byte {exc.start} cannot be read as {encoding}; save the file as UTF-8 (in Excel: CSV UTF-8)"
        ) from None


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def sniff(lines: list[str]) -> tuple[str, int]:
    """The delimiter and the index of the header line: the first line, for the delimiter that
    splits it best, where at least two cells are column names kpixl knows."""
    best: tuple[int, int, str, int] | None = None  # (known, cells, delimiter, index)
    for delimiter in (",", ";", "\t"):
        for i, line in enumerate(lines[:SNIFF_LINES]):
            if line.startswith("#") or not line.strip():
                continue
            cells = _cells(line, delimiter)
            known = sum(bare(c) in KNOWN_HEADERS for c in cells)
            if known >= 2:
                score = (known, len(cells), delimiter, -i)
                if best is None or score[:2] > best[:2]:
                    best = (known, len(cells), delimiter, i)
                break
    if best is None:
        first = next((ln for ln in lines if ln.strip() and not ln.startswith("#")), "")
        raise DataError(
            f"no header row with known columns (date, campaign, cost, clicks...) in the first "
            f"{SNIFF_LINES} lines; the first line reads {first[:80]!r}"
        )
    return best[2], best[3]


def read_csv(path: Path) -> tuple[pd.DataFrame, Reading]:
    """The table of a CSV file and how it was found: header below any preamble, up to a "#" section.

    The file is handled as bytes: only its first lines are decoded, to find the header; pandas' C
    parser reads the rest, from the file itself when nothing had to be changed (no copy).
    """
    with open(path, "rb") as f:
        if not os.fstat(f.fileno()).st_size:
            raise DataError(f"{path}: the file is empty")
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # the file's pages, not a copy of them
    try:
        return _read_csv(path, mapped)
    finally:
        with contextlib.suppress(BufferError):  # a view an error's traceback holds: closed when collected
            mapped.close()


def _read_csv(path: Path, raw: Bytes) -> tuple[pd.DataFrame, Reading]:
    data, codec, encoding = load_text(raw, str(path))
    if len(data) <= HEAD and not bytes(data[:HEAD]).strip():
        raise DataError(f"{path}: the file is empty")
    direct = True  # pandas may read the file itself
    if data.find(b"\r") >= 0 and len(_positions(data, CR, 0, NL)):  # lone "\r" line ends (old Mac)
        data = bytes(data).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        direct = False
    head = [ln.removesuffix("\r") for ln in data[:HEAD].decode(codec, "ignore").split("\n")[:SNIFF_LINES]]
    delimiter, header = sniff(head)
    reading = Reading(
        str(path), encoding=encoding, delimiter={"\t": "tab"}.get(delimiter, delimiter), header_row=header + 1
    )
    reading.skipped = [(i + 1, ln[:120]) for i, ln in enumerate(head[:header]) if ln.strip()]
    start = 0
    for _ in range(header):
        start = data.find(b"\n", start) + 1
    end, breaks, breaks_before_end = _layout(data, start)
    names = _cells(head[header], delimiter)
    whole = direct and end == len(data)  # pandas may read the file itself, from the header line
    twice = sorted({n for n in names if n.strip() and names.count(n) > 1})
    if twice:
        raise DataError(f"{path}: the column {twice[0]!r} appears twice in the header; keep one")
    try:
        try:
            table = _typed(data, start, end, codec, delimiter, (path, CODECS[encoding], header) if whole else None)
        except UnicodeDecodeError:  # a byte further on is no UTF-8: the file is Windows-1252
            if encoding != "UTF-8":
                raise
            codec, reading.encoding = "cp1252", "Windows-1252"
            table = _typed(data, start, end, codec, delimiter, (path, "cp1252", header) if whole else None)
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path}: a byte after the header ({exc.object[exc.start : exc.start + 1]!r}) cannot be read as "
            f"{reading.encoding}; save the file as UTF-8 (in Excel: CSV UTF-8)"
        ) from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(f"{path}: not a readable CSV file ({str(exc).splitlines()[0]})") from None
    if not isinstance(table.index, pd.RangeIndex) or len(table.columns) != len(names):
        raise DataError(
            f"{path}: the data lines have more fields than the header ({len(names)}); a number "
            f"written with a decimal comma in a comma-separated file? Quote it, or export with ';'"
        )
    last = table.iloc[:, -1]
    suspect = last.isna()  # a short line leaves the last column empty: count its fields
    if last.dtype.kind not in "iuf":
        suspect |= last.astype(str) == ""

    @functools.cache
    def body_lines() -> list[str]:
        """The table's data lines as text (only for the rare files that need them)."""
        return data[start:end].decode(codec, "replace").replace("\r\n", "\n").split("\n")[1:]

    if suspect.any():
        lines = body_lines()
        for i in suspect.to_numpy().nonzero()[0][:1000]:
            if i < len(lines) and lines[i].strip() and len(_cells(lines[i], delimiter)) < len(names):
                raise DataError(
                    f"{path}: line {header + 2 + i} has fewer fields than the header "
                    f"({len(names)}); check the delimiter"
                )
    if breaks != len(table):  # blank lines (or cells over several lines): number the rows by the lines
        table.index = _line_numbers(body_lines(), len(table), header + 2)
    else:
        table.index = range(header + 2, header + 2 + len(table))
    if end < len(data):
        first_after = header + 1 + breaks_before_end
        tail = data[end : end + HEAD].decode(codec, "replace").replace("\r\n", "\n").split("\n")
        for i, line in enumerate(tail[:SNIFF_LINES]):
            if line.strip():
                reading.skipped.append((first_after + i, line[:120]))
    return table, reading


def _layout(data: Bytes, start: int) -> tuple[int, int, int]:
    """Where the table that starts at byte ``start`` ends, how many line breaks lie inside it (a row per
    line break when no line is blank) and how many before its end; found by fast scans of the bytes.

    The table ends at GA4's next section: a line that is "#" or starts "# " ("# ----", "# Start date").
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    size = end = len(buf)
    if data.find(b"#", start) >= 0:  # rare in data: only then are the places of "#" found
        hashes = _positions(data, ord("#"), start)
        before = buf[np.maximum(hashes - 1, 0)]
        after = buf[np.minimum(hashes + 1, size - 1)]
        section = hashes[(before == NL) & ((hashes + 1 >= size) | np.isin(after, (ord(" "), NL, CR)))]
        if len(section):
            end = int(section[0])
    stop = end
    while stop > start and buf[stop - 1] in (NL, CR):
        stop -= 1
    chunk = 1 << 22
    breaks = sum(int(np.count_nonzero(buf[i : min(i + chunk, stop)] == NL)) for i in range(start, stop, chunk))
    return end, breaks, breaks + int(np.count_nonzero(buf[stop:end] == NL))


NL, CR = ord("\n"), ord("\r")


def _positions(data: Bytes, byte: int, start: int, unless_next: int | None = None) -> np.ndarray:
    """Where ``byte`` is in ``data`` from ``start`` (not followed by ``unless_next``), a few MB at a time:
    the comparison's memory is reused, never a file-sized array."""
    buf = np.frombuffer(data, dtype=np.uint8)
    chunk = 1 << 22
    found = [np.flatnonzero(buf[i : i + chunk] == byte) + i for i in range(start, len(buf), chunk)]
    at = np.concatenate(found) if found else np.zeros(0, dtype=np.intp)
    if unless_next is not None:
        following = buf[np.minimum(at + 1, len(buf) - 1)]
        at = at[(at + 1 >= len(buf)) | (following != unless_next)]
    return at


CODECS = {
    "UTF-8": "utf-8",
    "utf-8 (BOM)": "utf-8-sig",
    "UTF-16": "utf-16",
    "UTF-16-LE": "utf-16-le",
    "UTF-16-BE": "utf-16-be",
    "Windows-1252": "cp1252",
}


def _typed(
    data: Bytes, start: int, end: int, codec: str, delimiter: str, source: tuple[Path, str, int] | None = None
) -> pd.DataFrame:
    """The table with plain numbers parsed by pandas' C reader (fast), everything else as text.

    A column pandas read as decimals is kept only when its values show the point is a decimal
    mark (a value of 1000 or more, or under 1, or more than 3 decimals); otherwise ``1.696`` could
    be a thousands group, and the column is read again as text for :mod:`kpixl.data.numbers`.
    """

    def read(**options: object) -> pd.DataFrame:
        where: dict[str, object] = {}
        if source is not None:  # the file itself, from the header line: no copy of its text
            where = {"filepath_or_buffer": source[0], "encoding": source[1], "skiprows": source[2]}
        else:
            where = {"filepath_or_buffer": io.BytesIO(data[start:end]), "encoding": codec}
        return pd.read_csv(
            **where,
            sep=delimiter,
            keep_default_na=False,
            skip_blank_lines=True,
            # no nrows: it makes the C parser half again as slow; the rows are counted after reading
            engine="c",
            **options,
        )

    small = end - start < 1 << 16
    raw = read(dtype=object, converters=None) if small else read()
    if small:  # small files: all text, the thorough path
        return raw.astype(object).map(lambda v: v if isinstance(v, str) or v is None or v != v else str(v))
    unsure = []
    for column in raw.columns:
        values = raw[column]
        if values.dtype.kind == "f":
            v = values.to_numpy()
            if not (_point_is_decimal(v[: 1 << 14]) or _point_is_decimal(v)):  # the head often tells
                unsure.append(column)
        elif values.dtype.kind not in "iu" and pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
            unsure.append(column)  # numbers mixed with text (pandas reads large files in chunks), booleans: as text
    if unsure:
        text = read(dtype=str, usecols=unsure)
        for column in unsure:
            raw[column] = text[column]
    return raw


def _point_is_decimal(values: np.ndarray) -> bool:
    """True when a value shows its point is a decimal mark: under 1, or 1000 or more with a fraction,
    or more than 3 decimals (``1.696`` alone could be a thousands group)."""
    magnitude = np.abs(values)
    thousandths = values * 1000
    with np.errstate(invalid="ignore"):
        return bool(
            ((magnitude > 0) & (magnitude < 1)).any()
            or ((magnitude >= 1000) & (np.abs(values - np.round(values)) > 1e-9)).any()
            or (np.abs(thousandths - np.round(thousandths)) > 1e-6).any()
        )


def _line_numbers(lines: list[str], n: int, first: int) -> list[int]:
    """The file line of each parsed row (blank lines are skipped by the parser)."""
    if len(lines) == n:
        return list(range(first, first + n))
    numbers = [first + i for i, ln in enumerate(lines) if ln.strip()]
    return numbers[:n] if len(numbers) >= n else list(range(first, first + n))


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
                if i.filename.endswith("sharedStrings.xml") and i.file_size > MAX_SHARED_STRINGS:
                    raise DataError(
                        f"{path}: its text cells expand to {i.file_size // 2**20} MB, more than kpixl "
                        f"reads ({MAX_SHARED_STRINGS // 2**20} MB); export the data as CSV"
                    )
                if i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                    raise DataError(
                        f"{path}: {i.filename} is compressed {i.file_size // max(i.compress_size, 1)}"
                        " times; refused as a possible zip bomb"
                    )
            for i in infos:
                if not i.filename.endswith((".xml", ".rels")):
                    continue
                with z.open(i) as f:
                    head = f.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:  # where XML bombs and external entities hide
                    raise DataError(f"{path}: {i.filename} declares entities (a DOCTYPE); refused as unsafe")
                if i.filename.startswith("xl/worksheets/"):
                    _check_dimension(path, head)
    except zipfile.BadZipFile:
        raise DataError(f"{path}: not a valid .xlsx file (it is not a zip archive)") from None


def _check_dimension(path: Path, head: bytes) -> None:
    match = _DIMENSION.search(head)
    if not match:
        return
    ref = match.group(1).decode()
    first, _, last = ref.partition(":")
    (min_row, min_col), (max_row, max_col) = xl_cell_to_rowcol(first), xl_cell_to_rowcol(last or first)
    rows, cols = max_row - min_row + 1, max_col - min_col + 1
    if rows > MAX_ROWS + 1 or rows * cols > MAX_CELLS:
        raise DataError(f"{path}: a sheet declares {rows:,} rows x {cols:,} columns ({ref}); refused")


def read_xlsx(path: Path) -> tuple[pd.DataFrame, Reading]:
    """The first worksheet of an .xlsx file: header below any title rows, at most MAX_ROWS rows.

    Read by python-calamine (Rust, ten times openpyxl's speed) once ``check_xlsx`` has refused
    zip bombs, absurd sizes and XML entities.
    """
    check_xlsx(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [s.name for s in book.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet]
        if not sheets:
            raise DataError(f"{path}: the workbook has no worksheet (only charts)")
        cells = book.get_sheet_by_name(sheets[0]).iter_rows()
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parse failure is the file's fault, said in one line
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        raise DataError(f"{path}: cannot be read as a workbook ({type(exc).__name__}: {first_line})") from None
    rows = ([None if v == "" else v for v in row[:MAX_COLUMNS]] for row in cells)  # the header's search
    try:
        reading = Reading(str(path), encoding="xlsx", delimiter="")
        header, number = None, 0
        for number, row in enumerate(rows, start=1):
            known = sum(isinstance(v, str) and bare(v) in KNOWN_HEADERS for v in row)
            if known >= 2:
                header = row
                break
            if any(v is not None for v in row):
                reading.skipped.append((number, " | ".join(str(v) for v in row if v is not None)[:120]))
            if number >= SNIFF_LINES:
                break
        if header is None:
            raise DataError(
                f"{path}: no header row with known columns (date, campaign, cost, clicks...) in the "
                f"first {SNIFF_LINES} rows of the first sheet"
            )
        reading.header_row = number
        width = max(i for i, v in enumerate(header) if v is not None) + 1
        data = [row[:width] for row in cells]  # the rest at once: calamine holds the sheet already
    finally:
        book.close()
    if len(data) > MAX_ROWS:
        raise DataError(f"{path}: more than {MAX_ROWS:,} rows; aggregate by week or split the data")
    names = [str(v) if v is not None else f"column {i + 1}" for i, v in enumerate(header[:width])]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DataError(f"{path}: the column {twice[0]!r} appears twice in the header; keep one")
    raw = pd.DataFrame(data, columns=names, index=range(number + 1, number + 1 + len(data)), dtype=object)
    raw = raw.where(raw.ne(""), None)  # calamine gives "" for an empty cell
    return raw[raw.notna().any(axis=1)], reading
