"""The two files that give an xlwings Lite workbook every ``KPI_*`` function."""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..files import FileExistsNoForce, write_text

MAIN_PY = '''"""kpixl's marketing KPIs as Excel functions: =KPI_CTR(B2,C2), =KPI_LTV(B2,B3,B4) ...

Typed in a cell, each function takes single cells or whole ranges (results spill).
`kpixl list` (or =KPI_LIST()) shows them all.
"""

from kpixl.udfs import *  # noqa: F403 - every KPI_* function of the catalog
'''


def requirements() -> str:
    major_minor = ".".join(__version__.split(".")[:2])
    return f"xlwings\nkpixl~={major_minor}.0\n"


def write_lite(directory: str | Path, *, force: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` for the xlwings Lite editor into ``directory``."""
    folder = Path(directory)
    files = {folder / "main.py": MAIN_PY, folder / "requirements.txt": requirements()}
    existing = [p for p in files if p.exists()]
    if existing and not force:
        raise FileExistsNoForce(existing[0])
    return [write_text(p, text, force=force) for p, text in files.items()]
