"""``kpixl doctor``: what kpixl finds on this machine, and what each missing piece would give."""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version

from ._version import VERSION

PACKAGES = ("numpy", "pandas", "xlwings", "openpyxl", "xlsxwriter", "python-calamine", "defusedxml")
OPTIONAL = (("ibis-framework", "Parquet and databases: pip install 'kpixl[engines]'"), ("duckdb", ""), ("pyspark", ""))
WORDS = {
    "en": {
        "missing": "not installed",
        "for": "for",
        "pdf": "PDF (kpixl pdf, --pdf)",
        "lite": "the Lite checks",
        "font": "pages laid out as Excel lays them: apt-get install fonts-crosextra-carlito",
    },
    "fr": {
        "missing": "non installé",
        "for": "pour",
        "pdf": "le PDF (kpixl pdf, --pdf)",
        "lite": "les tests Lite",
        "font": "des pages mises en page comme par Excel : apt-get install fonts-crosextra-carlito",
    },
}


def _version_of(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _program(command: list[str]) -> str | None:
    if not shutil.which(command[0]):
        return None
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


def report(lang: str = "en") -> list[str]:
    """One line per piece: its version, or that it is missing and what it would give."""
    w = WORDS[lang if lang in WORDS else "en"]
    lines = [f"Python      {platform.python_version()} ({sys.executable})", f"kpixl       {VERSION}"]
    for package in PACKAGES:
        lines.append(f"{package:<18}{_version_of(package) or w['missing']}")
    for package, note in OPTIONAL:
        found = _version_of(package)
        lines.append(f"{package:<18}{found or w['missing'] + (f' ({note})' if note else '')}")
    office = _program(["soffice", "--version"]) or _program(["libreoffice", "--version"])
    lines.append(f"{'LibreOffice':<18}{office or w['missing']} ({w['for']} {w['pdf']})")
    if office and shutil.which("fc-list"):  # Calibri's metrics: without them the report prints smaller
        carlito = _program(["fc-list", "Carlito", "family"])
        lines.append(f"{'Carlito font':<18}{carlito or w['missing'] + ' (' + w['for'] + ' ' + w['font'] + ')'}")
    node = _program(["node", "--version"])
    lines.append(f"{'Node.js':<18}{node or w['missing']} ({w['for']} {w['lite']})")
    return lines
