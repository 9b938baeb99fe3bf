"""Excel repair triggers the Open XML SDK validator does not see (each shown with a one-defect copy): table
header text unlike its tableColumn name, duplicate or unordered rows and cells, overlapping merges (and merges
across a table), a data-validation list literal over 255 characters, a formula over 8192 characters or one that
does not tokenize or balance, duplicate defined names, a shared-string index out of range.

Usage: repair_lint.py FILE.xlsx...   (exit 1 on any finding)
"""

import posixpath
import re
import sys
import zipfile

from lxml import etree

try:
    from openpyxl.formula.tokenizer import Tokenizer
except ImportError:  # the checker's own environment may lack openpyxl: the balance check still runs
    Tokenizer = None

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
RID = f"{{{NS['r']}}}id"


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def row_col(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref)
    assert m, ref
    return int(m.group(2)), column_number(m.group(1))


def area(ref: str) -> tuple[int, int, int, int]:
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = row_col(first), row_col(last or first)
    return r1, c1, r2, c2


def overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def relations(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    path = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if path not in z.namelist():
        return {}
    out = {}
    for r in etree.fromstring(z.read(path)).findall("pr:Relationship", NS):
        if r.get("TargetMode") == "External":
            continue
        target = r.get("Target")
        if target.startswith("/"):
            out[r.get("Id")] = target.lstrip("/")
        else:
            out[r.get("Id")] = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
    return out


def check_formula(formula: str, where: str, out: list[tuple[str, str]]) -> None:
    if len(formula) > 8192:
        out.append((where, f"formula longer than 8192 characters ({len(formula)})"))
    if Tokenizer is not None:
        try:
            Tokenizer("=" + formula)
        except Exception as exc:  # noqa: BLE001 - any tokenizer failure is the finding
            out.append((where, f"formula does not tokenize: {exc}: {formula[:80]}"))
    depth, quoted = 0, False
    for ch in formula:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        if depth < 0:
            break
    if depth != 0 or quoted:
        out.append((where, f"unbalanced parentheses or quotes: {formula[:80]}"))


def shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    root = etree.fromstring(z.read("xl/sharedStrings.xml"))
    return ["".join(si.xpath(".//m:t/text()", namespaces=NS)) for si in root.findall("m:si", NS)]


def sheet_cells(part: str, sheet, strings: list[str], out: list[tuple[str, str]]) -> dict:
    """The text of each cell (for table headers), checking row and cell order and every formula."""
    cells: dict[tuple[int, int], str | None] = {}
    last_row = 0
    for row in sheet.iterfind(".//m:sheetData/m:row", NS):
        r = int(row.get("r")) if row.get("r") else last_row + 1
        if r <= last_row:
            out.append((part, f"row {r} duplicate or out of order"))
        last_row, last_col = r, 0
        for c in row.findall("m:c", NS):
            rr, cc = row_col(c.get("r")) if c.get("r") else (r, last_col + 1)
            if rr != r:
                out.append((part, f"cell {c.get('r')} in row {r}"))
            if cc <= last_col:
                out.append((part, f"cell {c.get('r')} duplicate or out of order"))
            last_col = cc
            value, kind = c.findtext("m:v", namespaces=NS), c.get("t", "n")
            if kind == "s":
                i = int(value)
                if i >= len(strings):
                    out.append((part, f"{c.get('r')}: shared string index {i} out of range"))
                else:
                    cells[(rr, cc)] = strings[i]
            elif kind == "inlineStr":
                cells[(rr, cc)] = "".join(c.xpath(".//m:t/text()", namespaces=NS))
            else:
                cells[(rr, cc)] = value
            f = c.find("m:f", NS)
            if f is not None and f.text:
                check_formula(f.text, f"{part} {c.get('r')}", out)
    return cells


def lint(path: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    z = zipfile.ZipFile(path)
    strings = shared_strings(z)
    book = etree.fromstring(z.read("xl/workbook.xml"))
    book_rels = relations(z, "xl/workbook.xml")
    seen = set()
    for name in book.findall(".//m:definedName", NS):
        key = (name.get("name").lower(), name.get("localSheetId"))
        if key in seen:
            out.append(("xl/workbook.xml", f"duplicate definedName {name.get('name')}"))
        seen.add(key)
        check_formula(name.text or "", f"xl/workbook.xml definedName {name.get('name')}", out)
    for entry in book.findall(".//m:sheet", NS):
        part = book_rels[entry.get(RID)]
        sheet = etree.fromstring(z.read(part))
        cells = sheet_cells(part, sheet, strings, out)
        merges = [area(m.get("ref")) for m in sheet.iterfind(".//m:mergeCell", NS)]
        for i, a in enumerate(merges):
            for b in merges[i + 1 :]:
                if overlap(a, b):
                    out.append((part, f"overlapping merges {a} {b}"))
        for dv in sheet.iterfind(".//m:dataValidation", NS):
            first = dv.findtext("m:formula1", namespaces=NS) or ""
            if dv.get("type") == "list" and first.startswith('"') and len(first) - 2 > 255:
                out.append((part, f"list literal of {len(first) - 2} characters (over 255) at {dv.get('sqref')}"))
            for tag in ("formula1", "formula2"):
                formula = dv.findtext(f"m:{tag}", namespaces=NS)
                if formula:
                    check_formula(formula, f"{part} data validation {dv.get('sqref')}", out)
        for cf in sheet.iterfind(".//m:cfRule/m:formula", NS):
            check_formula(cf.text or "", f"{part} conditional format", out)
        tables = []
        sheet_rels = relations(z, part)
        for tp in sheet.iterfind(".//m:tableParts/m:tablePart", NS):
            table_part = sheet_rels[tp.get(RID)]
            table = etree.fromstring(z.read(table_part))
            where = area(table.get("ref"))
            tables.append((table_part, where))
            for m in merges:
                if overlap(m, where):
                    out.append((table_part, f"merged range {m} overlaps table {table.get('ref')}"))
            if table.get("headerRowCount", "1") != "0":
                names = [tc.get("name") for tc in table.findall(".//m:tableColumn", NS)]
                if len(names) != where[3] - where[1] + 1:
                    out.append((table_part, "tableColumn count differs from the table's width"))
                for k, name in enumerate(names):
                    text = cells.get((where[0], where[1] + k))
                    if text != name:
                        out.append((table_part, f"header cell {text!r} differs from tableColumn name {name!r}"))
                if len({n.lower() for n in names}) != len(names):
                    out.append((table_part, "duplicate tableColumn names"))
        for i, (a_part, a) in enumerate(tables):
            for b_part, b in tables[i + 1 :]:
                if overlap(a, b):
                    out.append((part, f"tables overlap: {a_part} {b_part}"))
    return out


def main(paths: list[str]) -> int:
    status = 0
    for path in paths:
        found = lint(path)
        for where, message in found:
            print(f"{path}\t{where}\t{message}")
        print(f"# {path}: {len(found)} finding(s)", file=sys.stderr)
        status = status or (1 if found else 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
