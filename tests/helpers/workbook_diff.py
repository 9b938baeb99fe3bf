"""What differs between two workbooks, in what matters to whoever opens them.

The same parts; every cell's formula, style and type alike; cached numbers equal to a relative
tolerance (the last digit of a float sum differs between numpy and pandas versions); every other
part byte for byte, but for the xlwings version pinned in a Lite workbook's requirements, which
is the version of the machine that built it.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
_SHEET_DATA = re.compile(rb"<sheetData>.*</sheetData>|<sheetData/>", re.S)
_CELL = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_FORMULA = re.compile(rb"<f([^>]*)(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_TEXT = re.compile(rb"<t[^>]*>(.*?)</t>", re.S)
_ROW = re.compile(rb"<row [^>]*>")
_PIN = re.compile(rb"xlwings==[0-9][0-9a-z.]*")
Cell = tuple[bytes, bytes, bytes, object]  # style, type, formula, value


def differences(expected: Path, actual: Path, rel: float = 1e-9, limit: int = 20) -> list[str]:
    """One line per difference (at most ``limit``), empty when the workbooks agree."""
    a, b = _parts(expected), _parts(actual)
    out = [f"{n}: only in {expected.name}" for n in sorted(a.keys() - b.keys())]
    out += [f"{n}: only in {actual.name}" for n in sorted(b.keys() - a.keys())]
    strings_a, strings_b = _shared(a), _shared(b)
    for name in sorted(a.keys() & b.keys()):
        if name == "xl/sharedStrings.xml":
            continue  # compared through the cells that use them
        if _SHEET.fullmatch(name):
            out += _sheet_differences(name, a[name], b[name], strings_a, strings_b, rel)
        elif _PIN.sub(b"xlwings==*", a[name]) != _PIN.sub(b"xlwings==*", b[name]):
            out.append(f"{name}: differs")
    return out[:limit] + ([f"... and {len(out) - limit} more"] if len(out) > limit else [])


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _shared(parts: dict[str, bytes]) -> list[bytes]:
    xml = parts.get("xl/sharedStrings.xml", b"")
    return [b"".join(_TEXT.findall(si)) for si in re.findall(rb"<si>(.*?)</si>", xml, re.S)]


def _sheet_differences(name: str, a: bytes, b: bytes, sa: list[bytes], sb: list[bytes], rel: float) -> list[str]:
    out = []
    if _SHEET_DATA.sub(b"", a) != _SHEET_DATA.sub(b"", b):
        out.append(f"{name}: the sheet's settings differ (columns, formats, validations, page setup...)")
    if _ROW.findall(a) != _ROW.findall(b):
        out.append(f"{name}: the rows differ (spans or heights)")
    ca, cb = _cells(a, sa), _cells(b, sb)
    for ref in sorted(ca.keys() | cb.keys(), key=lambda r: (int(re.sub(r"\D", "", r)), len(r), r)):
        x, y = ca.get(ref), cb.get(ref)
        if x is None or y is None or x[:3] != y[:3] or not _same_value(x[3], y[3], rel):
            out.append(f"{name} {ref}: {_show(x)} != {_show(y)}")
    return out


def _cells(xml: bytes, strings: list[bytes]) -> dict[str, Cell]:
    cells = {}
    for ref, attrs, body in _CELL.findall(xml):
        a = dict(_ATTR.findall(attrs))
        kind, body = a.get(b"t", b"n"), body or b""
        formula = b"".join(f[0] + b"|" + f[1] for f in _FORMULA.findall(body))
        v = _VALUE.search(body)
        value: object = v.group(1) if v else None
        if kind == b"s" and v:
            value = strings[int(v.group(1))]
        elif kind == b"inlineStr":
            value = b"".join(_TEXT.findall(body))
        elif kind == b"n" and v and v.group(1):
            value = float(v.group(1))
        cells[ref.decode()] = (a.get(b"s", b"0"), kind, formula, value)
    return cells


def _same_value(x: object, y: object, rel: float) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=rel, abs_tol=1e-12) or (math.isnan(x) and math.isnan(y))
    return x == y


def _show(cell: Cell | None) -> str:
    if cell is None:
        return "(no cell)"
    style, kind, formula, value = cell
    text = f"={formula.split(b'|', 1)[1].decode()} " if formula else ""
    return f"{text}{value!r} (type {kind.decode()}, style {style.decode()})"
