"""The KPI functions workbook: every LAMBDA name, and a sheet listing them with an example each.

Copying that sheet into another workbook (Move or Copy, in Excel) brings the names along: the KPIs are
then typed there as ``=KPI_CTR(B2,C2)`` with nothing installed (Excel 365, 2024, the web).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..catalog import CATALOG
from ..catalog.native_templates import literal
from ..excel.lambdas import lambdas
from ..excel.values import excel_call
from .formats import NUMBER_FORMATS
from .writer import Sheet, cell, page_setup, plain

FIRST_RANGE_COL = 6  # column G: the cells of the examples' ranges

HEADERS = {
    "en": ("Function", "What it computes", "Arguments ([optional])", "Example", "Its answer"),
    "fr": ("Fonction", "Ce qu'elle calcule", "Arguments ([facultatifs])", "Exemple", "Sa réponse"),
}


def write_functions_sheet(s: Sheet, lang: str, f: dict) -> None:
    """One row per LAMBDA name: its name, label, arguments and a worked example of the catalog, as a formula
    that calls the name (its value cached)."""
    i = 0 if lang == "en" else 1
    s.write_row(0, 0, HEADERS[lang], f["head"])
    for row, item in enumerate(lambdas(), start=1):
        kpi = CATALOG.get_kpi(item.name)
        s.write_string(row, 0, item.name, f["bold"])
        s.write_string(row, 1, kpi.label[i])
        s.write_string(row, 2, ", ".join(f"[{a.name}]" if a.optional else a.name for a in kpi.args))
        if kpi.examples:
            args = kpi.examples[0].args
            refs, col = [], FIRST_RANGE_COL
            for a in args:
                if isinstance(a, (list, tuple)):  # a range: its cells beside the table, across the row
                    for j, v in enumerate(a):
                        if v is not None:
                            s.write(row, col + j, _cell(v))
                    refs.append(f"{cell(row, col, absolute=False)}:{cell(row, col + len(a) - 1, absolute=False)}")
                    col += len(a) + 1
                else:
                    refs.append(_argument(a))
            text = f"={item.name}({','.join(refs)})"
            s.write_string(row, 3, text[1:])
            s.write_formula(
                row, 4, text, f[kpi.unit] if kpi.unit in NUMBER_FORMATS else None, plain(excel_call(kpi, args))
            )
    for col, width in enumerate((30, 34, 60, 48, 14)):
        s.set_column(col, col, width)
    s.freeze_panes(1, 1)
    page_setup(s.ws, 1)


def _cell(value: Any) -> Any:
    return (value - dt.date(1899, 12, 30)).days if isinstance(value, dt.date) else value


def _argument(value: Any) -> str:
    """An example's argument as typed in a formula: a number, a text, a date's serial."""
    return literal(_cell(value)) or '""'
