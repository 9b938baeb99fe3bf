"""A workbook as a PDF, through LibreOffice: the report stakeholders read, a few pages whatever the data.

The PDF shows the values the workbook holds, as its last calculation left them: LibreOffice prints a copy
whose formulas are replaced by their cached values, so a ``KPI_*`` function that LibreOffice does not know
prints its number, never ``#NAME?``. Of a kpixl workbook it prints the Dashboard, the SMART goals, the A/B
tests and the budgets (each when it holds something), never the raw data unless asked (``with_data``, at
most ``DATA_ROWS`` rows); of any other workbook, its visible sheets. The user's file is only read.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from defusedxml.ElementTree import fromstring

from .data.xlsx_file import check_xlsx
from .errors import DataError
from .files import check_target, write_atomic
from .messages import say
from .words import GOALS_WORDS, TEXTS

TIMEOUT = 600  # seconds; the report of any workbook prints in well under a minute
DATA_ROWS = 5_000  # rows of the Campaigns table ``with_data`` prints, at most
_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
_FORMULA = re.compile(rb"<f(?:\s[^>]*)?/>|<f(?:\s[^>]*)?>.*?</f>", re.S)
_STRING_RESULT = re.compile(rb'<c ([^>]*?)t="str"([^>]*)><v>(.*?)</v></c>', re.S)
_DYNAMIC = re.compile(rb'\scm="\d+"')
_ROW = re.compile(rb'<row r="(\d+)"')
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"


class PdfError(RuntimeError):
    """The PDF cannot be made; the message says why and what to do."""


def soffice(lang: str = "en") -> str:
    """LibreOffice's command, or PdfError saying how to install it."""
    for candidate in (
        os.environ.get("KPIXL_SOFFICE"),
        shutil.which("soffice"),
        shutil.which("libreoffice"),
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    raise PdfError(say(lang, "no_office"))


def can_write(pdf: Path, *, force: bool = False, book: Path | None = None, lang: str = "en") -> None:
    """PdfError or FileExistsNoForce now, before any work, if ``pdf`` could not be written later."""
    soffice(lang)
    if book is not None and pdf.resolve() == book.resolve():
        raise PdfError(say(lang, "pdf_itself", path=pdf))
    if pdf.suffix.lower() != ".pdf":
        raise PdfError(say(lang, "pdf_name", path=pdf, fixed=pdf.with_suffix(".pdf").name))
    check_target(pdf, (".pdf",), force=force)


def write_pdf(
    book: str | os.PathLike,
    pdf: str | os.PathLike | None = None,
    *,
    force: bool = False,
    with_data: bool = False,
    progress: Callable[[str], None] | None = None,
    lang: str = "en",
) -> Path:
    """Print ``book`` (an .xlsx) to ``pdf`` (default: beside it, same name); the path written."""
    book = Path(book)
    target = Path(pdf) if pdf else book.with_suffix(".pdf")
    exe = soffice(lang)
    can_write(target, force=force, book=book, lang=lang)
    if not book.is_file():
        raise PdfError(say(lang, "no_book", path=book))
    try:
        check_xlsx(book, lang)
    except DataError as exc:
        raise PdfError(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="kpixl-pdf-") as work:
        folder = Path(work)
        copy = folder / "book.xlsx"
        said = report_copy(book, copy, with_data, lang)
        if progress:
            progress(said)
        profile = folder / "profile"
        run = [exe, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}"]
        made = folder / "book.pdf"
        try:
            _run([*run, "--convert-to", "pdf", "--outdir", str(folder), str(copy)], book.name, progress, lang)
        except PdfError:  # LibreOffice 7.4's direct export aborts on some workbooks (TRUE/FALSE cells formatted
            # General beside conditional formats, as kpixl wrote them before 0.2): by way of .ods it prints
            _run([*run, "--convert-to", "ods", "--outdir", str(folder), str(copy)], book.name, progress, lang)
            ods = str(folder / "book.ods")
            _run([*run, "--convert-to", "pdf", "--outdir", str(folder), ods], book.name, progress, lang)
        if not made.exists():  # soffice exits 0 even when a file fails to convert
            raise PdfError(say(lang, "pdf_none", book=book.name))
        return write_atomic(target, lambda tmp: shutil.copyfile(made, tmp), force=force)


def _run(command: list[str], name: str, progress: Callable[[str], None] | None, lang: str) -> None:
    """Run LibreOffice in a process group of its own, ended on every way out (timeout, Ctrl-C, an error)."""
    started = time.monotonic()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True) as proc:
        try:
            while True:
                try:
                    _, err = proc.communicate(timeout=15)
                    break
                except subprocess.TimeoutExpired:
                    waited = time.monotonic() - started
                    if waited > TIMEOUT:
                        raise PdfError(say(lang, "pdf_slow", seconds=TIMEOUT, book=name)) from None
                    if progress:
                        progress(say(lang, "still_printing", book=name, seconds=waited))
        finally:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    if proc.returncode != 0:
        lines = (err or b"").decode(errors="replace").strip().splitlines()
        raise PdfError(say(lang, "pdf_failed", book=name, why=lines[-1] if lines else proc.returncode))


def report_copy(book: Path, out: Path, with_data: bool = False, lang: str = "en") -> str:
    """The copy LibreOffice prints: cached values instead of formulas, only the report's sheets visible, the
    data emptied (or cut to ``DATA_ROWS`` rows with ``with_data``). Returns what it says it prints."""
    with zipfile.ZipFile(book) as src:
        names = _sheet_parts(src)
        report, data, budgets = _report_sheets(src, list(names))
        printed = [n for n in names if report is None or n in report]
        cut = ""
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                body = src.read(item)
                if _SHEET.fullmatch(item.filename):
                    name = next((n for n, part in names.items() if part == item.filename), "")
                    if name == data:
                        body, cut = _data_sheet(body, with_data, lang)
                        if with_data:
                            printed.append(name)
                    elif report is not None and name in report and not _has_content(body, name == budgets):
                        printed.remove(name)
                    body = _DYNAMIC.sub(b"", _FORMULA.sub(b"", body))
                    body = _STRING_RESULT.sub(
                        rb'<c \1t="inlineStr"\2><is><t xml:space="preserve">\3</t></is></c>', body
                    )
                elif item.filename == "xl/workbook.xml" and report is not None:
                    body = _show_only(body, printed)
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


def _report_sheets(z: zipfile.ZipFile, names: list[str]) -> tuple[set[str] | None, str | None, str | None]:
    """The sheets of a kpixl workbook's report, its data sheet and its budgets sheet; Nones for another workbook."""
    try:
        root = fromstring(z.read("docProps/custom.xml"))
    except KeyError:
        return None, None, None
    props = {p.get("name", ""): "".join(p.itertext()) for p in root.iter(_CUSTOM)}
    lang, kind = props.get("kpixl.lang"), props.get("kpixl.workbook")
    if lang not in TEXTS or kind not in ("dashboard", "goals"):
        return None, None, None
    if kind == "goals":
        return {GOALS_WORDS[lang]["title"]}, None, None
    words = TEXTS[lang]
    report = {words[f"sheet_{k}"] for k in ("dashboard", "goals", "abtests", "budgets")}
    return report & set(names), words["sheet_campaigns"], words["sheet_budgets"]


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
