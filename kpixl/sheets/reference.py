"""Reference sheets of the workbooks: the Read me, the glossary of every KPI and the published benchmarks."""

from __future__ import annotations

from ..catalog import CATALOG
from ..compute.lookup import kpi_row
from ..excel.native import native_formula
from ..words import DIRECTION_LABELS, README_LINES, TEXTS, UNIT_LABELS, lang_index
from .model import Model
from .writer import Host, Sheet, page_setup


def write_glossary(s: Sheet, lang: str, f: dict) -> None:
    """Every catalog KPI: Excel function, label, category, formula, unit, direction, benchmark."""
    t, i = TEXTS[lang], lang_index(lang)
    head = [
        "excel_name",
        "label",
        "category",
        "formula",
        "unit",
        "direction",
        "benchmark",
        "source",
        "year",
        "description",
        "native_formula",
    ]
    widths = [26, 30, 22, 50, 12, 16, 12, 40, 8, 70, 80]
    for c, w in enumerate(widths):
        s.set_column(c, c, w, f["wrap"] if c in (3, 9, 10) else None)
    s.write_row(0, 0, [t[h] for h in head], f["head"])
    for r, kpi in enumerate(CATALOG.values(), start=1):
        b = kpi.benchmark
        native = native_formula(kpi, {a.name: a.name for a in kpi.args if not a.optional})
        for c, v in enumerate(kpi_row(kpi, lang)):
            s.write_string(r, c, v)
        if b is not None:
            s.write_number(r, 6, b.value, f.get(kpi.unit))
            s.write_string(r, 7, b.source + (f" ({b.note})" if b.note else ""))
            if b.year:
                s.write_number(r, 8, b.year)
        s.write_string(r, 9, kpi.description[i])
        if native:
            s.write_string(r, 10, "=" + native)
    s.freeze_panes(1, 1)
    page_setup(s.ws, 1)
    s.autofilter(0, 0, len(CATALOG), len(head) - 1)


def write_benchmarks(s: Sheet, lang: str, f: dict) -> None:
    """Every published benchmark of the catalog, several per KPI where sources differ."""
    t, i = TEXTS[lang], lang_index(lang)
    head = [t["label"], t["excel_name"], t["benchmark"], t["unit"], t["direction"], t["source"], t["year"]]
    for c, w in enumerate((30, 26, 12, 10, 16, 60, 8)):
        s.set_column(c, c, w)
    s.write_string(0, 0, t["sheet_benchmarks"], f["title"])
    s.write_row(2, 0, head, f["head"])
    r = 3
    for kpi in CATALOG.values():
        for b in kpi.benchmarks:
            s.write_string(r, 0, kpi.label[i], f["bold"])
            s.write_string(r, 1, kpi.excel_name)
            s.write_number(r, 2, b.value, f.get(kpi.unit))
            s.write_string(r, 3, UNIT_LABELS[kpi.unit][i])
            s.write_string(r, 4, DIRECTION_LABELS[kpi.direction][i])
            s.write_string(r, 5, b.source + (f" ({b.note})" if b.note else ""))
            if b.year:
                s.write_number(r, 6, b.year)
            r += 1
    s.freeze_panes(3, 1)
    page_setup(s.ws, 3)


def write_readme(s: Sheet, m: Model, host: Host, f: dict) -> None:
    """How to use the workbook, in its language, with the steps of its Excel host."""
    s.set_column(0, 0, 120, f["wrap"])
    page_setup(s.ws)
    mode_text = m.t(f"mode_{host.name}")
    for i, line in enumerate(README_LINES[m.lang]):
        line = line.format(mode=mode_text)
        bold = line and i > 0 and README_LINES[m.lang][i - 1] == "" and len(line) < 40
        s.write_string(i, 0, line, f["title"] if i == 0 else f["h2"] if bold else f["wrap"])
