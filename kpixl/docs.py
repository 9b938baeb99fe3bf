"""The README's catalog table, generated from the catalog.

``python -m kpixl.docs`` rewrites the table between the markers in README.md; a test
fails when the README and the catalog disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .catalog import CATALOG, CATEGORIES, UNIT_LABELS

START, END = "<!-- catalog:start -->", "<!-- catalog:end -->"


def _signature(kpi) -> str:
    args = [f"[{a.name}]" if a.optional else a.name for a in kpi.args]
    return f"`{kpi.excel_name}({', '.join(args)})`"


def catalog_table() -> str:
    """Markdown table of every KPI: Excel call, label, formula, unit, direction, benchmark."""
    rows = ["| Excel function | KPI | Formula | Unit | Better | Benchmark |", "|---|---|---|---|---|---|"]
    for code, (label, _) in CATEGORIES.items():
        kpis = [k for k in CATALOG.values() if k.category == code]
        rows.append(f"| **{label}** | | | | | |")
        for k in kpis:
            b = k.benchmark
            bench = "" if b is None else f"{b.value:g} ({b.source}{', ' + str(b.year) if b.year else ''})"
            rows.append(
                f"| {_signature(k)} | {k.label[0]} / {k.label[1]} | `{k.formula}` | "
                f"{UNIT_LABELS[k.unit][0]} | {k.direction} | {bench} |"
            )
    return "\n".join(rows)


def with_table(readme: str) -> str:
    """``readme`` with its catalog section replaced by the current table."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{catalog_table()}\n{END}{tail}"


def main(path: str = "README.md") -> None:
    file = Path(path)
    file.write_text(with_table(file.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
