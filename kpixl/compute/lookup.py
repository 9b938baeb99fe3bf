"""Catalog look-ups as functions: benchmarks, KPI facts and the catalog as a table.

Each takes the catalog as its first argument (the entries bind it), so that this layer
imports no catalog.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import KpiInputError, UnknownKpiError
from ..words import CATEGORIES, DIRECTION_LABELS, UNIT_LABELS, fold, lang_index

BENCHMARK_FIELDS = ("value", "source", "year", "note")
INFO_FIELDS = ("label", "formula", "unit", "direction", "category", "description", "excel_name", "benchmark")
LIST_COLUMNS = ("excel_name", "label", "category", "formula", "unit", "direction")


def _kpi(catalog: Any, name: object):
    kpi = catalog.find(str(name if name is not None else ""))
    if kpi is None:
        raise UnknownKpiError("kpi_name", f"unknown KPI {name!r}; `kpixl list` shows the catalog")
    return kpi


def _field(value: object, allowed: tuple[str, ...]) -> str:
    key = fold(value or allowed[0]).replace(" ", "_")
    if key not in allowed:
        raise KpiInputError("field", f"one of {', '.join(allowed)}, not {value!r}")
    return key


def _each(f, names):
    """Apply ``f`` to every KPI name of a (0-d or n-d) object array; a blank name gives None."""
    return np.asarray(
        np.frompyfunc(lambda n: None if n is None or str(n).strip() == "" else f(n), 1, 1)(names), dtype=object
    )


def benchmark(catalog, kpi_name, field="value"):
    """The KPI's published benchmark (value, source, year or note); None if it has none."""
    key = _field(field, BENCHMARK_FIELDS)

    def one(name):
        b = _kpi(catalog, name).benchmark
        return None if b is None else getattr(b, key)

    return _each(one, kpi_name)


def vs_benchmark(catalog, value: np.ndarray, kpi_name) -> np.ndarray:
    """Value against the benchmark, read with the KPI's direction: above 1 is better."""

    def reference(name) -> float:
        kpi = _kpi(catalog, name)
        if kpi.benchmark is None:
            return np.nan
        return kpi.benchmark.value if kpi.direction != "lower" else -kpi.benchmark.value

    ref = _each(reference, kpi_name).astype(float)
    with np.errstate(all="ignore"):
        return np.where(ref < 0, -ref / value, value / ref)


def info(catalog, kpi_name, field="formula", lang="en"):
    """One fact about a KPI from the catalog, in English or French."""
    key = _field(field, INFO_FIELDS)
    i = lang_index(lang)
    return _each(lambda name: _facts(_kpi(catalog, name), i)[key], kpi_name)


def _facts(kpi, i: int) -> dict[str, object]:
    return {
        "label": kpi.label[i],
        "formula": kpi.formula,
        "unit": UNIT_LABELS[kpi.unit][i],
        "direction": DIRECTION_LABELS[kpi.direction][i],
        "category": CATEGORIES[kpi.category][i],
        "description": kpi.description[i],
        "excel_name": kpi.excel_name,
        "benchmark": None if kpi.benchmark is None else kpi.benchmark.value,
    }


def kpi_list(catalog, category=None, lang="en") -> list[list[str]]:
    """The catalog as rows: Excel name, label, category, formula, unit, direction."""
    return [kpi_row(k, lang) for k in catalog.in_category(category or None)]


def kpi_row(k, lang: str = "en") -> list[str]:
    """One KPI as KPI_LIST and the glossary show it: Excel name, label, category, formula, unit, direction."""
    i = lang_index(lang)
    return [
        k.excel_name,
        k.label[i],
        CATEGORIES[k.category][i],
        k.formula,
        UNIT_LABELS[k.unit][i],
        DIRECTION_LABELS[k.direction][i],
    ]
