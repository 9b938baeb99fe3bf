"""kpixl: marketing KPIs as Python functions, Excel functions and ready-made workbooks.

Every KPI of the catalog is a function here, named after it in snake case::

    >>> import kpixl
    >>> kpixl.ctr(500, 10_000)
    0.05

``kpixl.catalog()`` lists the KPIs; ``kpixl.kpi("taux de clic")`` finds one;
``kpixl.build_dashboard(df, "out.xlsx")`` makes the dashboard workbook.

Layers, each importing only those before it: ``words`` and ``errors``; ``compute`` (pure
numpy); ``catalog`` (the entries); ``api`` (the Python functions); ``excel`` (the Excel
functions and native formulas); ``data`` (reading files); ``sheets`` (one module per
sheet); ``build`` (whole workbooks); ``cli``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import make_function
from .catalog import CATALOG, Catalog, Kpi
from .errors import KpiInputError, UnknownKpiError


def _version() -> str:
    try:
        return version("kpixl")
    except PackageNotFoundError:  # embedded in an xlwings Lite workbook, or run from a source tree
        try:
            from ._version import VERSION

            return str(VERSION)
        except ImportError:
            return "0.0.0"


__version__ = _version()


def catalog() -> Catalog:
    """All KPIs, by short name; ``catalog().find(name)`` looks one up by any name."""
    return CATALOG


def kpi(name: str) -> Kpi:
    """The catalog entry called ``name`` (Excel name, snake name or label, en or fr)."""
    return CATALOG.get_kpi(name)


FUNCTIONS = {k.snake_name: make_function(k) for k in CATALOG.values()}  # kpixl.ctr, kpixl.roi...
globals().update(FUNCTIONS)

_LAZY = {"build_dashboard": "build", "build_goals": "build", "sample_data": "data.sample", "DataError": "data.columns"}


def __getattr__(name: str):
    """Workbook building is imported on first use: the KPI functions alone stay light (xlwings Lite)."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'kpixl' has no attribute {name!r}")


# What `from kpixl import *` gives: the entry points, not the 57 KPI functions (``kpixl.ctr``),
# one of which (``kpixl.list``) would shadow a builtin.
__all__ = [
    "DataError",
    "KpiInputError",
    "UnknownKpiError",
    "build_dashboard",
    "build_goals",
    "catalog",
    "kpi",
    "sample_data",
]
