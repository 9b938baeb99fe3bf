"""Rebuild the pictures of the README: the first page of the demo dashboard's report, in English and French.

    .venv/bin/python docs/pictures.py

Builds the demo dashboard as ``kpixl dashboard`` does (its targets and budgets), prints its report with
LibreOffice (``kpixl pdf``) and draws the first page as a PNG beside this script (pdfplumber, from the
test extra).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pdfplumber

import kpixl
from kpixl.build import demo_targets
from kpixl.data.sample import SAMPLE_BUDGETS
from kpixl.pdf import write_pdf

HERE = Path(__file__).parent
RESOLUTION = 110  # dots per inch: an A4 landscape page some 1,290 pixels wide


def picture(lang: str, folder: Path) -> Path:
    book = kpixl.build_dashboard(
        kpixl.sample_data(), folder / f"{lang}.xlsx", lang=lang, targets=demo_targets(), budgets=SAMPLE_BUDGETS
    )
    with pdfplumber.open(write_pdf(book, folder / f"{lang}.pdf")) as pdf:
        out = HERE / f"dashboard-{lang}.png"
        pdf.pages[0].to_image(resolution=RESOLUTION).save(out)
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as work:
        for lang in ("en", "fr"):
            print("wrote", picture(lang, Path(work)))
