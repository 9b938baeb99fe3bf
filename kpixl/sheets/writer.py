"""Writing workbooks with XlsxWriter: formats, references, and KPI cells in both formula modes.

Every KPI cell gets its cached value from kpixl itself (``excel_call``: exactly what the
``KPI_*`` function returns), so the workbook shows the right numbers in any viewer before
Excel recalculates, in ``udf`` mode (``=KPI_CTR(...)``) and in ``native`` mode (plain Excel).
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
NUMBER_FORMATS = {
    "percent": "#,##0.0%",
    "money": "#,##0.00",
    "ratio": "0.00",
    "count": "#,##0",
    "days": "0.0",
    "months": "0.0",
    "score": "0.0",
    "time": "0.0",
    "rank": "0.0",
    "value": "#,##0.00",
}
DASH = "–"  # what a cell shows where the data has nothing to say (no previous period, no cost)
BLUE, GREEN, AMBER, RED, GREY = "#DDEBF7", "#C6EFCE", "#FFEB9C", "#FFC7CE", "#F2F2F2"


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

    def __init__(self, mode: Formulas):
        super().__init__()
        self.mode = mode

    def _create_package(self) -> list[tuple[Any, str, bool]]:
        files = super()._create_package()
        for i, (where, name, _) in enumerate(files):
            if name in ("[Content_Types].xml", "_rels/.rels"):
                if self.in_memory:
                    files[i] = (io.BytesIO(with_lite(name, where.getvalue().encode("utf-8"))), name, True)
                else:
                    data = Path(where).read_bytes()
                    Path(where).write_bytes(with_lite(name, data))
        for name, data in lite_parts(sorted(self.mode.called)).items():
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
    path: str | os.PathLike, scratch: str | None = None, large: bool = False, host: Formulas | None = None
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
    if host is not None and host.mode == "lite":
        wb._get_packager = lambda: LitePackager(host)
    if host is not None and host.mode == "lambda":
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


class Formulas:
    """KPI formulas for one host: xlwings Lite (``_xldudf_KPI_*``, as Excel stores Office.js custom
    functions), classic xlwings (``KPI_*``, VBA wrappers), the workbook's own LAMBDA names (``KPI_*``, Excel
    365), or native Excel formulas (no add-in)."""

    def __init__(self, mode: str):
        mode = ALIASES.get(mode, mode)
        if mode not in HOSTS:
            raise ValueError(f"formulas must be one of {', '.join(HOSTS)} (or udf, the same as lite), not {mode!r}")
        self.mode = mode
        self.called: set[str] = set()  # the functions written (a Lite workbook lists them)

    @property
    def udf(self) -> bool:
        """True when the workbook calls kpixl's functions (Lite, classic or LAMBDA names)."""
        return self.mode != "native"

    def calls(self, name: str) -> bool:
        """Whether this host's cells call ``KPI_<name>`` (a LAMBDA workbook has no name for a few KPIs: their
        cells hold the native formula)."""
        if self.mode == "lambda":
            from ..excel.lambdas import names

            return f"KPI_{name}" in names()
        return self.udf

    def call(self, name: str, args: Sequence[str]) -> str:
        """A call of a ``KPI_*`` function as this host's file stores it (without ``=``)."""
        prefix = "_xldudf_" if self.mode == "lite" else ""
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


INPUT = {"bg_color": BLUE, "border": 1, "border_color": "#9BC2E6"}
STYLES: dict[str, dict[str, Any]] = {  # the parts a format's name is made of: "input_money", "green_percent"
    "input": INPUT,
    "big": {"bold": True, "font_size": 13},
    "bold": {"bold": True},
    "green": {"bg_color": GREEN, "font_color": "#006100"},
    "amber": {"bg_color": AMBER, "font_color": "#9C5700"},
    "red": {"bg_color": RED, "font_color": "#9C0006"},
    "grey": {"bg_color": GREY},
    "muted": {"font_color": "#808080", "italic": True},
    "wrap": {"text_wrap": True, "valign": "top"},
    "middle": {"valign": "vcenter"},
}
_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩", "BRL": "R$",
          "TRY": "₺", "ILS": "₪", "VND": "₫", "THB": "฿", "RUB": "₽", "PLN": "zł"}  # fmt: skip
_NO_CENTS = {"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "IDR", "COP", "PYG", "UGX"}


def money_format(currency: str = "", lang: str = "en") -> str:
    """The number format of money in ``currency`` (a code, or a sign such as ``$``): ``"€"#,##0.00`` in English,
    ``#,##0.00 "€"`` in French (Excel shows each in the reader's own separators); no currency, no sign."""
    amount = "#,##0" if currency in _NO_CENTS else "#,##0.00"
    sign = _SIGNS.get(currency, currency).replace('"', "")
    if not sign:
        return amount
    if lang == "en" and not sign.isalpha():  # $12.50, €12.50; 12.50 CHF, 12.50 kr
        return f'"{sign}"{amount}'
    return f'{amount} "{sign}"'


class Formats(dict):
    """The cell formats of one workbook, by name: a unit (``money``), a style (``input``), or styles then a unit
    joined by ``_`` (``input_money``, ``green_percent``, ``big_count``), each made the first time it is asked for."""

    def __init__(self, wb: Any, currency: str = "", lang: str = "en"):
        super().__init__()
        self.wb = wb
        self.units = dict(NUMBER_FORMATS, money=money_format(currency, lang))

    def __missing__(self, name: str) -> Any:
        *styles, last = name.split("_")
        props: dict[str, Any] = {}
        for part in (*styles, last) if last not in self.units else styles:
            if part not in STYLES:
                raise KeyError(name)
            props |= STYLES[part]
        if last in self.units:
            props["num_format"] = self.units[last]
        self[name] = made = self.wb.add_format(props)
        return made


def formats(wb: Any, currency: str = "", lang: str = "en") -> Formats:
    """The cell formats every kpixl sheet uses (units in the data's currency, inputs, traffic lights...)."""
    f = Formats(wb, currency, lang)
    named = {
        "title": {"bold": True, "font_size": 18, "font_color": "#1F3864"},
        "h2": {"bold": True, "font_size": 13, "font_color": "#1F3864"},
        "head": {"bold": True, "bg_color": "#1F3864", "font_color": "white", "text_wrap": True, "valign": "vcenter"},
        "date": {"num_format": "yyyy-mm-dd"},
        "input_date": {"num_format": "yyyy-mm-dd", **INPUT},
        "input_wrap": {"text_wrap": True, "valign": "top", **INPUT},
        "key": {"num_format": "0"},
        "period_month": {"num_format": "0000-00"},  # the key 202506 shows as 2025-06
        "period_quarter": {"num_format": '0000"-Q"0'},  # 20252 as 2025-Q2
        "period_week": {"num_format": "0000-00-00"},  # 20250602 as 2025-06-02, the week's Monday
        "change": {"num_format": "▲ #,##0.0%;▼ #,##0.0%;0.0%"},
        "pvalue": {"num_format": "0.0000"},
        "good": {"font_color": "#006100"},
        "bad": {"font_color": "#9C0006"},
        "note": {"font_color": "#808080", "italic": True, "text_wrap": True, "valign": "top"},
        "amber_text": {"font_color": "#9C5700", "bold": True},
        "bold_wrap": {"bold": True, "text_wrap": True, "valign": "top"},
        "bold_middle_wrap": {"bold": True, "text_wrap": True, "valign": "vcenter"},
        # TRUE/FALSE as words: LibreOffice prints them so (Excel shows TRUE/FALSE whatever the format). A
        # format other than General on such a cell also keeps LibreOffice 7.4's PDF export from crashing.
        "yes_no_en": {"bold": True, "num_format": '"Yes";"Yes";"No"'},
        "yes_no_fr": {"bold": True, "num_format": '"Oui";"Oui";"Non"'},
    }
    for name, props in named.items():
        f[name] = wb.add_format(props)
    return f


def note(s: Any, row: int, first: int, last: int, text: str, f: dict, width: float) -> None:
    """A note over columns ``first`` to ``last`` (``width`` characters in all), wrapped in as many lines as it
    needs, so that it never runs past the table on screen or on paper."""
    lines = max(1, -(-len(text) // max(int(width * 1.15), 1)))  # italic Calibri: some 1.15 letters a character
    s.merge_range(row, first, row, last, text, f["note"])
    if lines > 1:
        s.set_row(row, 15 * lines)
