"""A workbook as a PDF, through LibreOffice: what stakeholders receive.

The PDF shows the values the workbook holds, as its last calculation left them: LibreOffice
prints a copy whose formulas are replaced by their cached values, so a ``KPI_*`` function that
LibreOffice does not know prints its number, never ``#NAME?``. The user's file is only read.
Each visible sheet prints with its page setup (landscape, fit to width, titles repeated).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .files import FileExistsNoForce, write_atomic

TIMEOUT = 600  # seconds; a dashboard of 100 000 rows prints in about a minute
_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
_FORMULA = re.compile(rb"<f(?:\s[^>]*)?/>|<f(?:\s[^>]*)?>.*?</f>", re.S)
_STRING_RESULT = re.compile(rb'<c ([^>]*?)t="str"([^>]*)><v>(.*?)</v></c>', re.S)
_DYNAMIC = re.compile(rb'\scm="\d+"')


class PdfError(RuntimeError):
    """The PDF cannot be made; the message says why and what to do."""


def soffice() -> str:
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
    raise PdfError(
        "LibreOffice is needed to write PDF and is not installed: apt-get install libreoffice-calc-nogui "
        "(Debian, Ubuntu), brew install --cask libreoffice (Mac) or https://www.libreoffice.org"
    )


def can_write(pdf: Path, *, force: bool = False) -> None:
    """PdfError or FileExistsNoForce now, before any work, if ``pdf`` could not be written later."""
    soffice()
    if pdf.exists() and not force:
        raise FileExistsNoForce(pdf)


def write_pdf(book: str | os.PathLike, pdf: str | os.PathLike | None = None, *, force: bool = False) -> Path:
    """Print ``book`` (an .xlsx) to ``pdf`` (default: beside it, same name); the path written."""
    book = Path(book)
    target = Path(pdf) if pdf else book.with_suffix(".pdf")
    exe = soffice()
    can_write(target, force=force)
    if not book.is_file():
        raise PdfError(f"{book} does not exist; give the path of an .xlsx workbook")
    if not zipfile.is_zipfile(book):
        raise PdfError(f"{book} is not an .xlsx workbook")
    with tempfile.TemporaryDirectory(prefix="kpixl-pdf-") as work:
        folder = Path(work)
        copy = folder / "book.xlsx"
        values_only(book, copy)
        profile = folder / "profile"
        run = [exe, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}"]
        try:  # by way of .ods: LibreOffice 7.4's direct xlsx-to-pdf export aborts on some dashboards
            for kind, source in (("ods", copy), ("pdf", folder / "book.ods")):
                subprocess.run(
                    [*run, "--convert-to", kind, "--outdir", str(folder), str(source)],
                    check=True,
                    capture_output=True,
                    timeout=TIMEOUT,
                )
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice took more than {TIMEOUT} s to print {book.name}") from None
        except subprocess.CalledProcessError as exc:
            said = (exc.stderr or b"").decode(errors="replace").strip().splitlines()
            raise PdfError(f"LibreOffice could not print {book.name}: {said[-1] if said else exc}") from None
        made = folder / "book.pdf"
        if not made.exists():  # soffice exits 0 even when a file fails to convert
            raise PdfError(f"LibreOffice could not print {book.name}: no PDF came out")
        return write_atomic(target, lambda tmp: shutil.copyfile(made, tmp), force=force)


def values_only(book: Path, out: Path) -> None:
    """A copy of ``book`` whose cells hold their cached values instead of formulas."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if _SHEET.fullmatch(item.filename):
                data = _DYNAMIC.sub(b"", _FORMULA.sub(b"", data))
                data = _STRING_RESULT.sub(rb'<c \1t="inlineStr"\2><is><t xml:space="preserve">\3</t></is></c>', data)
            dst.writestr(item, data)
