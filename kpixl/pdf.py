"""A workbook as a PDF, through LibreOffice: the report stakeholders read, a few pages whatever the data.

LibreOffice prints the copy :mod:`kpixl.printing` makes (the report's sheets, values instead of formulas,
laid out for paper), in a process group of its own that ends on every way out. The user's file is only read.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .data.xlsx_file import check_xlsx
from .errors import DataError, PdfError
from .files import check_target, write_atomic
from .messages import say
from .printing import DATA_ROWS, report_copy, values_only

__all__ = ["DATA_ROWS", "PdfError", "can_write", "soffice", "values_only", "write_pdf"]

TIMEOUT = 600  # seconds; the report of any workbook prints in well under a minute


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
