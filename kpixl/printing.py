"""The copy of a workbook that LibreOffice prints: its report, laid out to be read on paper.

Cached values instead of formulas (a ``KPI_*`` function LibreOffice does not know prints its number, never
``#NAME?``); of a kpixl workbook only the report's sheets visible (the Dashboard, the SMART goals, the A/B
tests, the budgets: each when it holds something), one page wide, the columns a reader needs, no empty
template rows, the charts under the tables at the size they have on screen; the data emptied, or cut to
``DATA_ROWS`` rows. Of any other workbook, its visible sheets as they are. Every part is edited as text:
the user's file is only read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml.ElementTree import fromstring

from .messages import say
from .sheets import abtests, goals
from .words import GOALS_WORDS, TEXTS

DATA_ROWS = 5_000  # rows of the Campaigns table ``with_data`` prints, at most
_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
_FORMULA = re.compile(rb"<f(?:\s[^>]*)?/>|<f(?:\s[^>]*)?>.*?</f>", re.S)
_STRING_RESULT = re.compile(rb'<c ([^>]*?)t="str"([^>]*)><v>(.*?)</v></c>', re.S)
_DYNAMIC = re.compile(rb'\scm="\d+"')
_ROW = re.compile(rb'<row r="(\d+)"')
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"


def report_copy(book: Path, out: Path, with_data: bool = False, lang: str = "en") -> str:
    """The copy LibreOffice prints: cached values instead of formulas, only the report's sheets visible, laid
    out to read on A4 (landscape, one page wide, the columns that matter, no empty template rows, the charts
    below the tables), the data emptied (or cut to ``DATA_ROWS`` rows with ``with_data``). Returns what it
    says it prints."""
    with zipfile.ZipFile(book) as src:
        names = _sheet_parts(src)
        report = _report(src, list(names))
        printed = [n for n in names if report is None or n in report.sheets]
        cut = ""
        moved: dict[str, tuple[int, Grid]] = {}  # drawing part -> the first row under the tables, the sheet's grid
        bodies: dict[str, bytes] = {}
        for name, part in names.items():
            body = src.read(part)
            if report is not None and name == report.data:
                body, cut = _data_sheet(body, with_data, lang)
                if with_data:
                    printed.append(name)
            elif report is not None and name in report.sheets:
                kind = report.sheets[name]
                if not _has_content(body, kind == "budgets"):
                    printed.remove(name)
                grid = Grid.of(body)
                body, last = _for_print(body, kind)
                drawing = _drawing_of(src, part, body)
                if drawing and kind in ("dashboard", "goals"):
                    moved[drawing] = (last + 1, grid)
            body = _DYNAMIC.sub(b"", _FORMULA.sub(b"", body))
            bodies[part] = _STRING_RESULT.sub(
                rb'<c \1t="inlineStr"\2><is><t xml:space="preserve">\3</t></is></c>', body
            )
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                if item.filename in bodies:
                    body = bodies[item.filename]
                elif item.filename in moved:
                    body = _charts_below(src.read(item), *moved[item.filename])
                elif item.filename == "xl/workbook.xml" and report is not None:
                    body = _show_only(src.read(item), printed)
                else:
                    body = src.read(item)
                dst.writestr(item, body)
    return say(lang, "printing", book=book.name, sheets=", ".join(printed)) + cut


def values_only(book: Path, out: Path) -> None:
    """A copy of ``book`` whose cells hold their cached values instead of formulas (every sheet as it is)."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if _SHEET.fullmatch(item.filename):
                data = _DYNAMIC.sub(b"", _FORMULA.sub(b"", data))
                data = _STRING_RESULT.sub(rb'<c \1t="inlineStr"\2><is><t xml:space="preserve">\3</t></is></c>', data)
            dst.writestr(item, data)


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part, in the workbook's order."""
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    book = fromstring(z.read("xl/workbook.xml"))
    targets = {r.get("Id"): r.get("Target", "") for r in fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for sheet in book.iter(f"{ns}sheet"):
        target = targets.get(sheet.get(rel), "")
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


@dataclass
class Report:
    """The report's sheets of a kpixl workbook (name -> kind), and its data sheet."""

    sheets: dict[str, str]
    data: str | None


PRINTED_COLUMNS = {  # what prints of each sheet, by column name: what a reader needs, at 9 pt or more
    "goals": (
        "objective",
        "text",
        "kpi",
        "baseline",
        "target",
        "deadline",
        "current",
        "progress",
        "expected",
        "status",
    ),
    "abtests": ("name", "n_a", "conv_a", "n_b", "conv_b", "uplift", "p_value", "significant", "verdict"),
}
PRINTED = {
    kind: tuple(sheet.AT[c] for c in PRINTED_COLUMNS[kind]) for kind, sheet in (("goals", goals), ("abtests", abtests))
}
FIRST_DATA_ROW = {"goals": goals.FIRST_ROW + 1, "abtests": abtests.FIRST_ROW + 1}  # the first template row, 1-based
BUDGET_PERIODS = 6  # the budgets of the last six periods print


def _report(z: zipfile.ZipFile, names: list[str]) -> Report | None:
    """The report of a kpixl workbook; None for another workbook (its visible sheets print)."""
    try:
        root = fromstring(z.read("docProps/custom.xml"))
    except KeyError:
        return None
    props = {p.get("name", ""): "".join(p.itertext()) for p in root.iter(_CUSTOM)}
    lang, kind = props.get("kpixl.lang"), props.get("kpixl.workbook")
    if lang not in TEXTS or kind not in ("dashboard", "goals"):
        return None
    if kind == "goals":
        return Report({GOALS_WORDS[lang]["title"]: "goals"}, None)
    words = TEXTS[lang]
    sheets = {words[f"sheet_{k}"]: k for k in ("dashboard", "goals", "abtests", "budgets")}
    return Report({n: k for n, k in sheets.items() if n in names}, words["sheet_campaigns"])


def _for_print(body: bytes, kind: str) -> tuple[bytes, int]:
    """A report sheet laid out for A4: one page wide, the columns that matter, no empty template rows; and the
    last row shown."""
    body = re.sub(rb'fitToHeight="\d+"', b'fitToHeight="0"', body)
    if b"fitToHeight" not in body:
        body = body.replace(b"<pageSetup ", b'<pageSetup fitToHeight="0" ', 1)
    keep: tuple[int, ...] | None = PRINTED.get(kind)
    if kind == "budgets":
        width = max((_column_number(c) for c in re.findall(rb'<c r="([A-Z]+)\d+"', body)), default=1)
        keep = (0, *range(max(width - BUDGET_PERIODS, 1), width))
    if keep is not None:
        body = _only_columns(body, set(keep))
    if kind in FIRST_DATA_ROW:
        body = _hide_empty_rows(body, FIRST_DATA_ROW[kind])
    shown = [int(r) for r, hidden in re.findall(rb'<row r="(\d+)"([^>]*)>', body) if b'hidden="1"' not in hidden]
    return body, max(shown, default=1)


def _only_columns(body: bytes, keep: set[int]) -> bytes:
    """The sheet with every column not in ``keep`` (0-based) hidden; the widths kept."""
    widths: dict[int, bytes] = {}
    for attrs in re.findall(rb"<col ([^>]*)/>", body):
        low, high = (int(re.search(rb'%s="(\d+)"' % k, attrs).group(1)) for k in (b"min", b"max"))  # type: ignore[union-attr]
        for c in range(low, high + 1):
            widths[c] = re.sub(rb'\s*(min|max|hidden)="[^"]*"', b"", attrs)
    used = max((_column_number(c) for c in re.findall(rb'<c r="([A-Z]+)\d+"', body)), default=0)
    cols = b"".join(
        b'<col min="%d" max="%d" %s%s/>'
        % (c, c, widths.get(c, b'width="9.140625"'), b"" if c - 1 in keep else b' hidden="1"')
        for c in range(1, max(used, max(widths, default=0)) + 1)
    )
    if b"<cols>" in body:
        return re.sub(rb"<cols>.*?</cols>", b"<cols>" + cols + b"</cols>", body, flags=re.S)
    return body.replace(b"<sheetData", b"<cols>" + cols + b"</cols><sheetData", 1)


def _hide_empty_rows(body: bytes, first: int) -> bytes:
    """Template rows from ``first`` whose first cells (what a user types: a name, a count) are empty: hidden."""

    def row(match: re.Match[bytes]) -> bytes:
        number, attrs, cells = int(match.group(1)), match.group(2), match.group(3)
        typed = re.search(rb'<c r="[AB]%d"[^>]*>\s*(<v>|<is>)' % number, cells)
        if number < first or typed:
            return match.group(0)
        return b'<row r="%d" hidden="1"%s>%s</row>' % (number, re.sub(rb'\s*hidden="[^"]*"', b"", attrs), cells)

    return re.sub(rb'<row r="(\d+)"([^>]*)>(.*?)</row>', row, body, flags=re.S)


def _drawing_of(z: zipfile.ZipFile, part: str, body: bytes) -> str | None:
    """The drawing part of a sheet (its charts), when it has one."""
    rid = re.search(rb'<drawing r:id="([^"]+)"', body)
    if not rid:
        return None
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    for rel in fromstring(z.read(rels)):
        if rel.get("Id") == rid.group(1).decode():
            return posixpath.normpath(posixpath.join(posixpath.dirname(part), rel.get("Target", "")))
    return None


@dataclass
class Grid:
    """A sheet's column widths (pixels) and row heights (points), to size what is drawn over its cells."""

    columns: dict[int, float]  # 0-based column -> pixels
    rows: dict[int, float]  # 0-based row -> points
    default_row: float = 15.0

    @classmethod
    def of(cls, body: bytes) -> Grid:
        columns: dict[int, float] = {}
        for attrs in re.findall(rb"<col ([^>]*)/>", body):
            low, high, width = (re.search(rb'\b%s="([\d.]+)"' % k, attrs) for k in (b"min", b"max", b"width"))
            if low and high and width:
                for c in range(int(low.group(1)), int(high.group(1)) + 1):
                    columns[c - 1] = round(float(width.group(1)) * 7)  # Calibri 11: 7 pixels a character
        rows = {int(r) - 1: float(h) for r, h in re.findall(rb'<row r="(\d+)"[^>]*\sht="([\d.]+)"', body)}
        default = re.search(rb'defaultRowHeight="([\d.]+)"', body)
        return cls(columns, rows, float(default.group(1)) if default else 15.0)

    def width(self, first: int, last: int) -> float:
        """Pixels from the left of column ``first`` to the left of column ``last``."""
        return sum(self.columns.get(c, 64) for c in range(first, last))

    def height(self, first: int, last: int) -> float:
        """Points from the top of row ``first`` to the top of row ``last``."""
        return sum(self.rows.get(r, self.default_row) for r in range(first, last))


_EMU_PX, _EMU_PT = 9525, 12700
_ANCHOR = re.compile(
    rb"<xdr:twoCellAnchor[^>]*>\s*<xdr:from>(.*?)</xdr:from>\s*<xdr:to>(.*?)</xdr:to>(.*?)</xdr:twoCellAnchor>", re.S
)


def _charts_below(drawing: bytes, row: int, grid: Grid) -> bytes:
    """The charts moved under the tables, one below the other from column A, each the size it had on screen
    (anchored to one cell, so columns hidden for print neither squash nor stretch them)."""

    def place(match: re.Match[bytes]) -> bytes:
        nonlocal row
        (c0, x0, r0, y0), (c1, x1, r1, y1) = (
            [int(v) for v in re.findall(rb"<xdr:(?:col|colOff|row|rowOff)>(\d+)<", match.group(k))] for k in (1, 2)
        )
        cx = round((grid.width(c0, c1) * _EMU_PX) - x0 + x1)
        cy = round((grid.height(r0, r1) * _EMU_PT) - y0 + y1)
        top, row = row, row + int(cy / _EMU_PT / grid.default_row) + 2
        return (
            b"<xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>%d</xdr:row>"
            b'<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="%d" cy="%d"/>%s</xdr:oneCellAnchor>'
            % (top, cx, cy, match.group(3))
        )

    return _ANCHOR.sub(place, drawing)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _data_sheet(body: bytes, with_data: bool, lang: str) -> tuple[bytes, str]:
    """The Campaigns sheet emptied (its table too: no rows to refer to), or cut to ``DATA_ROWS`` rows."""
    rows = [int(r) for r in _ROW.findall(body)]
    total = max(len(rows) - 1, 0)
    keep = DATA_ROWS + 1 if with_data else 0
    start, end = body.find(b"<sheetData"), body.find(b"</sheetData>")
    if start < 0 or end < 0:
        return body, ""
    inner = body[start:end]
    if keep:
        cut = re.search(rb'<row r="%d"' % (keep + 1), inner)
        inner = inner[: cut.start()] if cut else inner
    else:
        inner = b"<sheetData>"
    body = body[:start] + inner + body[end:]
    body = re.sub(rb"<tableParts.*?</tableParts>|<tableParts[^>]*/>", b"", body, flags=re.S)
    if with_data and total > DATA_ROWS:
        return body, say(lang, "printing_data", n=DATA_ROWS, total=total)
    return body, ""


def _has_content(body: bytes, numbers_only: bool = False) -> bool:
    """A report sheet with something a user typed or kpixl computed below its header: cells with values
    beyond the first rows (goals, tests); for the budgets, a number (a channel's name alone is no budget)."""
    values = re.findall(rb'<row r="(\d+)"[^>]*>(.*?)</row>', body, flags=re.S)
    if numbers_only:
        number = re.compile(rb'<c (?![^>]*\bt=")[^>]*>\s*<v>')
        return any(int(r) > 4 and number.search(cells) for r, cells in values)
    return any(int(r) > 5 and (b"<v>" in cells or b"<is>" in cells) for r, cells in values)


def _show_only(workbook: bytes, printed: list[str]) -> bytes:
    """workbook.xml with every sheet but ``printed`` hidden (LibreOffice prints the visible ones)."""

    def visible(match: re.Match[bytes]) -> bytes:
        tag = re.sub(rb'\sstate="[^"]*"', b"", match.group(0))
        name = re.search(rb'name="([^"]*)"', tag)
        shown = name is not None and _unescape(name.group(1)) in printed
        return tag if shown else tag.replace(b"<sheet ", b'<sheet state="hidden" ', 1)

    body = re.sub(rb"<sheet [^>]*/>", visible, workbook)
    first = next((i for i, n in enumerate(_names(body)) if n in printed), 0)
    return re.sub(rb'activeTab="\d+"', b'activeTab="%d"' % first, re.sub(rb'firstSheet="\d+"', b"", body))


def _names(workbook: bytes) -> list[str]:
    return [_unescape(n) for n in re.findall(rb'<sheet [^>]*name="([^"]*)"', workbook)]


def _unescape(name: bytes) -> str:
    text = name.decode("utf-8")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text
