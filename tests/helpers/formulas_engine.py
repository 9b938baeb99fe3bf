"""The ``formulas`` package (PyPI): an Excel formula engine written apart from Excel and from kpixl, as a checker
of the LAMBDA workbooks.

formulas 1.3.4 parses workbook LAMBDA names and computes them, with gaps that these patches fill, each as
Excel documents the behaviour:
1. an optional parameter is declared ``_xlop.name`` in the file; formulas knows only ``_xlpm.``;
2. ``ISOMITTED`` (not in formulas): TRUE for an argument left out of the call;
3. a call with fewer arguments than parameters: the missing ones are left out (Excel allows it);
4. ``LET`` inside ``LAMBDA``: its names are not the LAMBDA's inputs.
It does not read table references (``Campaigns[Date]``): ``plain_ranges`` writes a copy of a workbook with
each one as the range it stands for.
"""

from __future__ import annotations

import inspect
import re
import textwrap
import warnings
import zipfile
from pathlib import Path
from typing import Any

import formulas
import numpy as np
import schedula as sh
from formulas.functions import get_functions, wrap_func
from formulas.tokens.function import Lambda, LambdaFunction

warnings.filterwarnings("ignore", module="formulas")


class Model(formulas.ExcelModel):
    def add_references(self, book: Any, context: Any = None) -> Any:
        names = book.defined_names
        for n in names.values() if isinstance(names, dict) else names.definedName:
            if n.value and "_xlop." in n.value.lower():
                n.value = re.sub(r"(?i)_xlop\.", "_xlpm.", n.value)  # 1.
        return super().add_references(book, context)


def _isomitted(x: Any) -> bool:  # 2.
    return x is sh.EMPTY


get_functions()["ISOMITTED"] = get_functions()["_XLFN.ISOMITTED"] = wrap_func(_isomitted, ranges=True)

_call = LambdaFunction.__call__


def _call_with_omitted(self: Any, *args: Any, **kwargs: Any) -> Any:  # 3.
    f = getattr(self.func, "__wrapped__", self.func)
    n = len(getattr(f, "inputs", None) or ())
    missing = n - len(self.args) - len(args)
    if n and missing > 0:
        args = args + (sh.EMPTY,) * missing
    return _call(self, *args, **kwargs)


LambdaFunction.__call__ = _call_with_omitted

_source = textwrap.dedent(inspect.getsource(Lambda._process))  # 4.
_anchor = "valids = set(calc.dsp.shrink_dsp(outputs=[out_id]).data_nodes)"
if _anchor in _source:
    _source = _source.replace(
        _anchor,
        _anchor
        + """
            _pairs = list(zip(arg[:-1:2], arg[1:-1:2]))
            for _v, _c in reversed(_pairs):
                if Range(_v, context, parser).name in valids:
                    valids.update(t.name for t in parser.ast(f"={_c}", context=context)[0] if isinstance(t, Range))""",
    )
    _namespace = dict(vars(__import__("formulas.tokens.function", fromlist=["x"])))
    exec(_source, _namespace)  # noqa: S102 - formulas' own method, with the dependency fix
    Lambda._process = _namespace["_process"]

_process = Lambda._process


def _process_without_let_names(self: Any, attr: Any, match: Any, context: Any = None, parser: Any = None) -> Any:
    """A LET inside a LAMBDA: its names are not inputs of the LAMBDA (formulas reads them as references)."""
    attr = _process(self, attr, match, context, parser)
    f = attr.get("func")
    if f and "let" not in attr:
        for t in f["tokens"]:
            if isinstance(t, Lambda) and t.attr.get("func") and "let" in t.attr:
                for name in t.attr["func"]["vars"]:
                    f["external_inputs"].pop(name, None)
    return attr


Lambda._process = _process_without_let_names


def plain_value(v: Any) -> Any:
    """A value as kpixl caches it: a number, a text, True/False, an Excel error's text, None for a blank."""
    v = getattr(v, "value", v)
    if isinstance(v, np.ndarray):
        return (
            [[plain_value(x) for x in row] for row in v.reshape(v.shape[0], -1)]
            if v.size > 1
            else plain_value(v.ravel()[0])
        )
    if v is sh.EMPTY or v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.number)):
        return float(v)
    return str(v)  # a text, or an XlError (a str): '#DIV/0!'


def calculate(book: Path) -> dict[tuple[str, str], Any]:
    """Every formula cell of ``book`` computed by formulas: {(sheet, "B7"): value}; a spilled range's cells
    each on their own."""
    model = Model().loads(str(book)).finish()
    out: dict[tuple[str, str], Any] = {}
    for key, value in model.calculate().items():
        match = re.fullmatch(r"'\[[^\]]+\](.+)'!([A-Z]+\d+)(?::([A-Z]+\d+))?", key)
        if not match:
            continue
        sheet, first, last = match.group(1), match.group(2), match.group(3)
        value = plain_value(value)
        if last is None:
            out[(sheet.upper(), first)] = (
                value[0][0] if isinstance(value, list) and len(value) == 1 and len(value[0]) == 1 else value
            )
            continue
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

        c0, r0 = coordinate_from_string(first)
        rows = value if isinstance(value, list) else [[value]]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                out[(sheet.upper(), f"{get_column_letter(column_index_from_string(c0) + j)}{r0 + i}")] = v
    return out


def plain_ranges(book: Path, out: Path) -> Path:
    """A copy of ``book`` with every table reference (``Campaigns[Cost]``) written as the range it stands for
    (``Campaigns!$K$2:$K$101``), in cells and in defined names."""
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    with zipfile.ZipFile(book) as z:
        tables: dict[str, tuple[str, dict[str, str]]] = {}
        sheet_of = _sheet_of_tables(z)
        for name in z.namelist():
            if not re.fullmatch(r"xl/tables/table\d+\.xml", name):
                continue
            xml = z.read(name).decode()
            table = re.search(r'<table [^>]*\bname="([^"]+)"[^>]*\bref="([^"]+)"', xml)
            assert table is not None
            c0, r0, _, r1 = range_boundaries(table.group(2))
            columns = re.findall(r'<tableColumn [^>]*\bname="([^"]*)"', xml)
            sheet = sheet_of[name]
            spans = {
                _unescape(col): f"'{sheet}'!${get_column_letter(c0 + j)}${r0 + 1}:${get_column_letter(c0 + j)}${r1}"
                for j, col in enumerate(columns)
            }
            tables[table.group(1)] = (sheet, spans)

        def replace(match: re.Match[str]) -> str:
            table, column = match.group(1), re.sub(r"'(.)", r"\1", match.group(2))
            return tables[table][1][_unescape(column)] if table in tables else match.group(0)

        pattern = re.compile(r"\b(" + "|".join(map(re.escape, tables)) + r")\[((?:[^\]']|'.)+)\]") if tables else None
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in z.infolist():
                data = z.read(item)
                if pattern and (item.filename.startswith("xl/worksheets/sheet") or item.filename == "xl/workbook.xml"):
                    data = pattern.sub(replace, data.decode()).encode()
                if re.fullmatch(r"xl/tables/table\d+\.xml|xl/worksheets/_rels/.*", item.filename) and pattern:
                    if item.filename.startswith("xl/tables/"):
                        continue
                    data = re.sub(rb'<Relationship [^>]*relationships/table"[^>]*/>', b"", data)
                if pattern and item.filename.startswith("xl/worksheets/sheet"):
                    data = re.sub(rb"<tableParts.*?</tableParts>", b"", data, flags=re.S)
                if item.filename == "[Content_Types].xml":
                    data = re.sub(rb"<Override [^>]*/xl/tables/[^>]*/>", b"", data)
                dst.writestr(item, data)
    return out


def _unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def _sheet_of_tables(z: zipfile.ZipFile) -> dict[str, str]:
    """{table part: the name of the sheet that holds it}."""
    book = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = dict(re.findall(r'<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    target |= {k: v for v, k in re.findall(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    out = {}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book):
        part = "xl/" + target[rid].lstrip("/").removeprefix("xl/")
        rel = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
        if rel in z.namelist():
            for t in re.findall(r'Target="\.\./tables/(table\d+\.xml)"', z.read(rel).decode()):
                out[f"xl/tables/{t}"] = _unescape(name)
    return out
