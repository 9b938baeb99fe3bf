"""The README's tables of KPIs and of business objectives, generated from the catalog.

``python -m kpixl.docs`` rewrites each table between its markers in README.md; a test
fails when the README and the catalog disagree.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from .catalog import CATALOG, CATEGORIES, OBJECTIVES, UNIT_LABELS
from .sheets.model import dashboard_kpis


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


def objectives_table() -> str:
    """Markdown table of the business objectives: ``--objective``, dashboard tiles, KPIs for SMART goals."""
    rows = ["| Objective | `--objective` | Dashboard tiles | KPIs for its SMART goals |", "|---|---|---|---|"]
    for code, o in OBJECTIVES.items():
        tiles = ", ".join(CATALOG[k].excel_name for k in dashboard_kpis("tile", code))
        goals = ", ".join(CATALOG[k].excel_name for k in o.goals)
        rows.append(f"| {o.labels[0]} / {o.labels[1]} | `{code}` | {tiles} | {goals} |")
    return "\n".join(rows)


TABLES: dict[str, Callable[[], str]] = {"catalog": catalog_table, "objectives": objectives_table}


def with_table(readme: str) -> str:
    """``readme`` with each generated section replaced by the current table."""
    for name, table in TABLES.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, rest = readme.split(start, 1)
        _, tail = rest.split(end, 1)
        readme = f"{head}{start}\n{table()}\n{end}{tail}"
    return readme


def main(path: str = "README.md") -> None:
    file = Path(path)
    file.write_text(with_table(file.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
