"""CSV files as downloaded: their bytes, encoding, delimiter and header row, handed over as raw rows.

The encoding (UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1252), the delimiter (``,`` ``;`` tab)
and the header row below any preamble (titles, date ranges, ``#`` lines) are found from the file
itself; :mod:`kpixl.data.understand` then reads the columns. The file is handled as bytes: only its
first lines are decoded, and pandas' C parser reads the rest from the file itself when it can.
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
from pathlib import Path
from typing import TypeAlias

import numpy as np
import pandas as pd

from ..errors import DataError
from ..messages import say
from .columns import METRICS
from .understand import Reading
from .vocabulary import bare, vocabulary

SNIFF_LINES = 60  # lines searched for the header row


Bytes: TypeAlias = "bytes | mmap.mmap"


def load_text(raw: Bytes, name: str, lang: str = "en") -> tuple[Bytes, str, str]:
    """The file's bytes in a codec pandas reads byte by byte (UTF-8 or Windows-1252), that codec, and the
    encoding found: a BOM decides; UTF-16 without BOM shows NUL bytes; then UTF-8 when the file's head
    reads as UTF-8, else Windows-1252 (what Excel writes as "CSV" in Western Europe). UTF-16 is
    re-encoded as UTF-8. The parser checks the rest strictly: see ``_read_csv``."""
    sample = raw[:4096]
    if sample.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :], "utf-8", "utf-8 (BOM)"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(raw, "utf-16", name, lang).encode("utf-8"), "utf-8", "UTF-16"
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return _decode(raw, encoding, name, lang).encode("utf-8"), "utf-8", encoding.upper()
    try:
        codecs.getincrementaldecoder("utf-8")().decode(raw[:HEAD], final=len(raw) <= HEAD)
        return raw, "utf-8", "UTF-8"
    except UnicodeDecodeError:
        return raw, "cp1252", "Windows-1252"


HEAD = 1 << 16  # the bytes decoded to find the header and the encoding


_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _one_encoding(path: Path, data: Bytes, lang: str) -> None:
    """A file that is not all UTF-8 is Windows-1252, unless it also holds UTF-8 letters: then it mixes both,
    and reading it either way would garble names (``Réseaux`` as ``RÃ©seaux``): refused, naming the line."""
    text = bytes(data)
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_LETTER.search(text):
            line = text[: exc.start].count(b"\n") + 1
            raise DataError(say(lang, "two_encodings", path=path, line=line)) from None


def _decode(raw: Bytes, encoding: str, name: str, lang: str) -> str:
    try:
        return codecs.decode(raw, encoding)
    except UnicodeDecodeError as exc:
        raise DataError(say(lang, "bad_byte", path=name, at=exc.start, encoding=encoding)) from None


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def sniff(lines: list[str], path: object = "", lang: str = "en") -> tuple[str, int]:
    """The delimiter and the index of the header line: the first line, for the delimiter that
    splits it best, where at least two cells are column names kpixl knows."""
    names = vocabulary().names
    best: tuple[int, int, str, int] | None = None  # (known, cells, delimiter, index)
    for delimiter in (",", ";", "\t"):
        for i, line in enumerate(lines[:SNIFF_LINES]):
            if line.startswith("#") or not line.strip():
                continue
            cells = _cells(line, delimiter)
            known = sum(bare(c) in names for c in cells)
            if known >= 2:
                score = (known, len(cells), delimiter, -i)
                if best is None or score[:2] > best[:2]:
                    best = (known, len(cells), delimiter, i)
                break
    if best is None:
        first = next((ln for ln in lines if ln.strip() and not ln.startswith("#")), "")
        raise DataError(say(lang, "no_header", path=path, n=SNIFF_LINES, first=first[:80]))
    return best[2], best[3]


def read_csv(path: Path, lang: str = "en") -> tuple[pd.DataFrame, Reading]:
    """The table of a CSV file and how it was found: header below any preamble, up to a "#" section.

    The file is handled as bytes: only its first lines are decoded, to find the header; pandas' C
    parser reads the rest, from the file itself when nothing had to be changed (no copy).
    """
    with open(path, "rb") as f:
        if not os.fstat(f.fileno()).st_size:
            raise DataError(say(lang, "file_empty", path=path))
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # the file's pages, not a copy of them
    try:
        return _read_csv(path, mapped, lang)
    finally:
        with contextlib.suppress(BufferError):  # a view an error's traceback holds: closed when collected
            mapped.close()


def _read_csv(path: Path, raw: Bytes, lang: str) -> tuple[pd.DataFrame, Reading]:
    if raw[:4] == b"PK\x03\x04":
        raise DataError(say(lang, "zip_named_csv", path=path, suffix=path.suffix))
    data, codec, encoding = load_text(raw, str(path), lang)
    if len(data) <= HEAD and not bytes(data[:HEAD]).strip():
        raise DataError(say(lang, "file_empty", path=path))
    direct = True  # pandas may read the file itself
    if data.find(b"\r") >= 0 and len(_positions(data, CR, 0, NL)):  # lone "\r" line ends (old Mac)
        data = bytes(data).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        direct = False
    head = [ln.removesuffix("\r") for ln in data[:HEAD].decode(codec, "ignore").split("\n")[:SNIFF_LINES]]
    delimiter, header = sniff(head, path, lang)
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
    unique = unique_names(names, path, lang)
    if unique != names:  # Meta repeats "Ad name": the second is "Ad name (2)"
        names, whole = unique, False
    try:
        try:
            table = _typed(
                data, start, end, codec, delimiter, (path, CODECS[encoding], header) if whole else None, names
            )
        except UnicodeDecodeError:  # a byte further on is no UTF-8: the file is Windows-1252, or both
            if encoding != "UTF-8":
                raise
            _one_encoding(path, data, lang)
            codec, reading.encoding = "cp1252", "Windows-1252"
            table = _typed(data, start, end, codec, delimiter, (path, "cp1252", header) if whole else None, names)
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start : exc.start + 1]
        raise DataError(say(lang, "encoding_byte", path=path, byte=byte, encoding=reading.encoding)) from None
    except DataError:
        raise
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(say(lang, "not_csv", path=path, why=str(exc).splitlines()[0])) from None
    if not isinstance(table.index, pd.RangeIndex) or len(table.columns) != len(names):
        raise DataError(say(lang, "more_fields", path=path, n=len(names)))
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
        if len(table) == 1 and lines and _cells(lines[0], delimiter)[:1] and len(_cells(lines[0], delimiter)) == 1:
            said = _cells(lines[0], delimiter)[0].strip()  # Meta's "No data available."
            raise DataError(say(lang, "export_empty", path=path, said=said))
        for i in suspect.to_numpy().nonzero()[0][:1000]:
            if i < len(lines) and lines[i].strip() and len(_cells(lines[i], delimiter)) < len(names):
                raise DataError(say(lang, "fewer_fields", path=path, line=header + 2 + i, n=len(names)))
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


def unique_names(names: list[str], where: object = "", lang: str = "en") -> list[str]:
    """Headers made unique: a second ``Ad name`` becomes ``Ad name (2)`` (Meta repeats some); a figure's
    column twice (``Cost``, ``Cost``) is refused, since nothing tells which is right."""
    words = vocabulary()
    for name in names:
        if names.count(name) > 1 and name.strip():
            keys = {words.generic.get(bare(name))} | {own.get(bare(name)) for own in words.own.values()}
            if keys & set(METRICS):
                raise DataError(say(lang, "column_twice", path=where, name=name))
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate in out:
            candidate, n = f"{name} ({n})", n + 1
        out.append(candidate)
    return out


def _typed(
    data: Bytes,
    start: int,
    end: int,
    codec: str,
    delimiter: str,
    source: tuple[Path, str, int] | None = None,
    names: list[str] | None = None,
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
        if names is not None:  # headers made unique
            where |= {"header": 0, "names": names}
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
