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

import sys
import types
from typing import TYPE_CHECKING, Any

from ._version import VERSION
from .errors import DataError, KpiInputError, UnknownKpiError

if TYPE_CHECKING:
    from .catalog import Catalog, Kpi

__version__ = VERSION


def catalog() -> Catalog:
    """All KPIs, by short name; ``catalog().find(name)`` looks one up by any name."""
    from .catalog import CATALOG

    return CATALOG


def kpi(name: str) -> Kpi:
    """The catalog entry called ``name`` (Excel name, snake name or label, en or fr)."""
    from .catalog import CATALOG

    return CATALOG.get_kpi(name)


_SUBMODULES = {"arguments", "cli", "doctor", "messages", "words", "files", "errors", "udfs"}
_LAZY = {"build_dashboard": "build", "build_goals": "build", "build_functions": "build", "sample_data": "data.sample"}


def __getattr__(name: str) -> Any:
    """The KPI functions (``kpixl.ctr``) and workbook building, made on first use: ``import kpixl`` and the
    command line's help load no numpy."""
    if name == "FUNCTIONS":
        from .api import make_function
        from .catalog import CATALOG

        functions = {k.snake_name: make_function(k) for k in CATALOG.values()}  # kpixl.ctr, kpixl.roi...
        globals().update(functions, FUNCTIONS=functions)
        return functions
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    if not name.startswith("_") and name.islower() and name not in _SUBMODULES:  # ``from . import cli``: no numpy
        functions = __getattr__("FUNCTIONS")
        if name in functions:
            return functions[name]
    raise AttributeError(f"module 'kpixl' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__getattr__("FUNCTIONS")) | set(_LAZY))


class _Package(types.ModuleType):
    """kpixl itself: ``kpixl.catalog()`` stays the function when the subpackage ``kpixl.catalog`` is imported
    (Python would set the subpackage as the package's attribute of that name)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "catalog" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


# What `from kpixl import *` gives: the entry points, not the 57 KPI functions (``kpixl.ctr``),
# one of which (``kpixl.list``) would shadow a builtin.
__all__ = [
    "DataError",
    "KpiInputError",
    "UnknownKpiError",
    "build_dashboard",
    "build_functions",
    "build_goals",
    "catalog",
    "kpi",
    "sample_data",
]
