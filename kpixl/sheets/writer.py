"""Writing workbooks with XlsxWriter: formats, references, and KPI cells for each Excel host.

Every KPI cell gets its cached value from kpixl itself (``excel_call``: exactly what the
``KPI_*`` function returns), so the workbook shows the right numbers in any viewer before
Excel recalculates, whether its host calls kpixl's functions (``=KPI_CTR(...)``: xlwings Lite,
classic xlwings, LAMBDA names) or holds native formulas (plain Excel).

One word for one idea: the *host* (``Host``, ``HOSTS``) is where a workbook's KPI formulas run;
the public ``formulas=`` argument and ``--formulas`` option name it as users choose it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.packager import Packager
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..catalog import CATALOG, Kpi
from ..catalog.native_templates import no_wildcards
from ..excel.lite import lite_parts, with_lite
from ..excel.native import native_formula
from ..excel.values import excel_call

HOSTS = ("lite", "classic", "native", "lambda")  # what the workbook is made for
ALIASES = {"udf": "lite"}  # the default host of the KPI_* functions


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".")[:2] if p.isdigit())


# kpixl reaches into XlsxWriter internals for speed, only on the versions it is tested with
# (pyproject bounds the dependency to them): skipping the ``_xlfn.`` scan of every formula,
# declaring the streamed Campaigns table in constant-memory mode, writing its rows in blocks
# (``rows.py``) and compressing its large parts faster. Elsewhere it uses the public API.
FAST_PATHS = (3, 3) <= _version(xlsxwriter.__version__) < (4, 0) and hasattr(Worksheet, "_prepare_formula")
FAST_ZIP_BYTES = 8 * 2**20  # parts larger than this (a Campaigns sheet of ~5 000 rows and more) use level 1


class _ZipFile(zipfile.ZipFile):
    """A zip whose large parts are compressed at level 1: three times faster than the default, a quarter
    larger; the dashboard's other parts keep the default level (and prebuilt workbooks their bytes)."""

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        if compresslevel is None and os.path.getsize(filename) > FAST_ZIP_BYTES:
            compresslevel = 1
        super().write(filename, arcname, compress_type, compresslevel)


class Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, packaged with ``_ZipFile``; its defined names may carry a comment (the help
    Excel shows of a LAMBDA name as one types it)."""

    name_comments: dict[str, str]

    def _write_defined_name(self, defined_name: list[Any]) -> None:
        name, sheet_id, formula, hidden = defined_name[:4]
        comment = getattr(self, "name_comments", {}).get(name) if sheet_id == -1 else None
        if not comment:
            super()._write_defined_name(defined_name)
            return
        attributes: list[tuple[str, Any]] = [("name", name), ("comment", comment)]  # the schema's order
        if hidden:
            attributes.append(("hidden", 1))
        self._xml_data_element("definedName", formula, attributes)

    def _store_workbook(self) -> None:
        original = xlsxwriter.workbook.ZipFile
        xlsxwriter.workbook.ZipFile = _ZipFile
        try:
            super()._store_workbook()
        finally:
            xlsxwriter.workbook.ZipFile = original


class Excel2010Worksheet(Worksheet):
    """A worksheet whose formulas use no function newer than Excel 2010 (a kpixl rule: LibreOffice
    7.4 and older Excel lack them), so XlsxWriter's ~60 ``_xlfn.`` rewrites per formula are skipped:
    per-row formulas over 100 000 rows cost a third of the time."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula.removeprefix("{").removeprefix("=").removesuffix("}")


class LitePackager(Packager):
    """XlsxWriter's packager (its documented hook, ``Workbook._get_packager``), adding xlwings Lite's parts
    as the package is written: no second pass that would read and compress the whole file again."""

    def __init__(self, host: Host):
        super().__init__()
        self.host = host

    def _create_package(self) -> list[tuple[Any, str, bool]]:
        files = super()._create_package()
        for i, (where, name, _) in enumerate(files):
            if name in ("[Content_Types].xml", "_rels/.rels"):
                if self.in_memory:
                    files[i] = (io.BytesIO(with_lite(name, where.getvalue().encode("utf-8"))), name, True)
                else:
                    data = Path(where).read_bytes()
                    Path(where).write_bytes(with_lite(name, data))
        for name, data in lite_parts(sorted(self.host.called)).items():
            files.append((self._part(data), name, True))
        return files

    def _part(self, data: bytes) -> Any:
        if self.in_memory:
            return io.BytesIO(data)
        fd, name = tempfile.mkstemp(dir=self.tmpdir)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return name


def new_workbook(
    path: str | os.PathLike, scratch: str | None = None, large: bool = False, host: Host | None = None
) -> xlsxwriter.Workbook:
    """A workbook that streams rows (constant memory) and never turns text into formulas.

    ``scratch``: the folder for XlsxWriter's row files (the caller removes it on every exit);
    ``large``: allow a file over 4 GB of XML (ZIP64), which hundreds of thousands of rows can need;
    ``host``: the workbook's formulas: an xlwings Lite workbook carries kpixl's functions and code, a LAMBDA
    workbook every KPI's LAMBDA name.
    """
    options: dict[str, object] = {
        "constant_memory": FAST_PATHS,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    if scratch:
        options["tmpdir"] = scratch
    wb = (Workbook if FAST_PATHS else xlsxwriter.Workbook)(str(path), options)
    if large:
        wb.use_zip64()
    if FAST_PATHS:
        wb.worksheet_class = Excel2010Worksheet
    if host is not None and host.name == "lite":
        wb._get_packager = lambda: LitePackager(host)
    if host is not None and host.name == "lambda":
        define_lambdas(wb)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds: a fixed creation date
    if epoch:
        wb.set_properties({"created": dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)})
    return wb


def define_lambdas(wb: Any) -> None:
    """Every KPI's LAMBDA name in ``wb``, with its help as the name's comment."""
    from ..excel.lambdas import lambdas

    wb.name_comments = {}
    for item in lambdas():
        if wb.define_name(item.name, "=" + item.stored) != 0:
            raise ValueError(f"{item.name}: XlsxWriter refused the name")
        wb.name_comments[item.name] = item.comment


def quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def cell(row: int, col: int, sheet: str | None = None, absolute: bool = True) -> str:
    ref = xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)
    return f"{quote(sheet)}!{ref}" if sheet else ref


def span(r0: int, c0: int, r1: int, c1: int, sheet: str | None = None) -> str:
    ref = f"{xl_rowcol_to_cell(r0, c0, True, True)}:{xl_rowcol_to_cell(r1, c1, True, True)}"
    return f"{quote(sheet)}!{ref}" if sheet else ref


def exactly(ref: str) -> str:
    """A SUMIFS criterion that matches the text of ``ref`` exactly: no pattern, and ``<>Search`` no comparison."""
    return f'"="&{no_wildcards(ref)}'


def column_letter(col: int) -> str:
    return xl_col_to_name(col)


class Sheet:
    """One worksheet whose writes are replayed in row order on ``flush``.

    In constant-memory mode XlsxWriter needs every row written before the next one; the
    dashboard is easier to lay out block by block, so writes are buffered and sorted.
    """

    def __init__(self, worksheet: Any):
        self.ws = worksheet
        self.name = worksheet.name
        self._ops: list[tuple[int, int, int, str, tuple, dict]] = []

    def __getattr__(self, method: str) -> Any:
        if not (method.startswith("write") or method == "merge_range"):  # every method that writes cells
            return getattr(self.ws, method)

        def buffered(row: int, col: int, *args: Any, **kwargs: Any) -> None:
            self._ops.append((row, col, len(self._ops), method, args, kwargs))

        return buffered

    def set_row(self, row: int, *args: Any) -> None:
        self._ops.append((row, -1, len(self._ops), "set_row", args, {}))

    def flush(self) -> None:
        for row, col, _, method, args, kwargs in sorted(self._ops, key=lambda op: op[:3]):
            if method == "set_row":
                self.ws.set_row(row, *args)
            else:
                getattr(self.ws, method)(row, col, *args, **kwargs)
        self._ops.clear()


def page_setup(ws: Any, title_rows: int = 0, one_page: bool = False, header: str = "") -> None:
    """Print like a report: landscape, as wide as the page (the Dashboard on one page), the title rows
    repeated on every page, the sheet name and ``header`` on top, page numbers at the bottom."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 1 if one_page else 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if title_rows:
        ws.repeat_rows(0, title_rows - 1)
    text = header.replace("&", "&&")
    ws.set_header(f"&L&A&R{text}" if text else "&L&A")
    ws.set_footer("&L&D&R&P / &N")


def plain(value: Any) -> Any:
    """A cached value as XlsxWriter writes it: None (an empty cell) becomes ""."""
    return "" if value is None else value


class Host:
    """KPI formulas for one host: xlwings Lite (``_xldudf_KPI_*``, as Excel stores Office.js custom
    functions), classic xlwings (``KPI_*``, VBA wrappers), the workbook's own LAMBDA names (``KPI_*``, Excel
    365), or native Excel formulas (no add-in)."""

    def __init__(self, name: str):
        name = ALIASES.get(name, name)
        if name not in HOSTS:
            raise ValueError(f"formulas must be one of {', '.join(HOSTS)} (or udf, the same as lite), not {name!r}")
        self.name = name
        self.called: set[str] = set()  # the functions written (a Lite workbook lists them)

    @property
    def functions(self) -> bool:
        """True when the workbook calls kpixl's functions (Lite, classic or LAMBDA names)."""
        return self.name != "native"

    def calls(self, name: str) -> bool:
        """Whether this host's cells call ``KPI_<name>`` (a LAMBDA workbook has no name for a few KPIs: their
        cells hold the native formula)."""
        if self.name == "lambda":
            from ..excel.lambdas import names

            return f"KPI_{name}" in names()
        return self.functions

    def call(self, name: str, args: Sequence[str]) -> str:
        """A call of a ``KPI_*`` function as this host's file stores it (without ``=``)."""
        prefix = "_xldudf_" if self.name == "lite" else ""
        self.called.add(prefix + name)
        return f"{prefix}{name}({','.join(args)})"

    def text(self, kpi: Kpi, refs: Sequence[str], lookups: dict[str, str] | None = None) -> str:
        """The formula; ``lookups`` are the workbook's look-up lists some native formulas need."""
        if self.calls(kpi.name):
            return "=" + self.call(kpi.excel_name, refs)
        native = native_formula(kpi, dict(zip((a.name for a in kpi.args), refs)) | (lookups or {}))
        if native is None:
            raise ValueError(f"{kpi.excel_name} has no native formula")
        return "=" + native

    def write_one(
        self,
        sheet: Sheet,
        row: int,
        col: int,
        name: str,
        refs: Sequence[str],
        values: Sequence[Any],
        fmt: Any = None,
        *,
        guard: str | None = None,
        lookups: dict[str, str] | None = None,
        blank: bool = False,
        otherwise: str = "",
    ) -> Any:
        """One KPI cell; returns its value (what Excel shows).

        ``guard``: a cell that, when empty, leaves this one showing ``otherwise`` (nothing, or a dash where a
        reader would look for a number); ``blank``: the guard is empty now.
        """
        kpi = CATALOG[name]
        value = (otherwise or None) if blank else excel_call(kpi, tuple(values))
        formula = self.text(kpi, refs, lookups)
        if guard:
            formula = f'=IF({guard}="","{otherwise}",{formula[1:]})'
        sheet.write_formula(row, col, formula, fmt, plain(value))
        return value

    def write_many(
        self,
        sheet: Sheet,
        row: int,
        col: int,
        name: str,
        cell_refs: Sequence[Sequence[str]],
        columns: Sequence[Sequence[float]],
        fmt: Any = None,
        across: bool = False,
    ) -> list[Any]:
        """A KPI over a few cells, one formula per cell (``cell_refs[i]``: the references of cell i).

        No spill for a handful of cells: a spilled range shows ``#NAME?`` in viewers that recalculate
        array formulas without the add-in, where single formulas keep their cached values.
        ``columns`` are the argument values. Cells go down from (row, col), or across when ``across``.
        """
        kpi = CATALOG[name]
        n = len(columns[0])
        shaped = [[[v] for v in c] if not across else [list(c)] for c in columns]
        values = _flat(excel_call(kpi, tuple(shaped)), across)
        at = [(row, col + i) if across else (row + i, col) for i in range(n)]
        for (r, c), refs, v in zip(at, cell_refs, values):
            sheet.write_formula(r, c, self.text(kpi, refs), fmt, plain(v))
        return values


def _flat(result: Any, across: bool) -> list[Any]:
    """The cells of a one-row or one-column answer of ``excel_call`` as a list."""
    if not isinstance(result, list):
        return [result]
    return result[0] if across else [row[0] for row in result]
