"""Every catalog KPI as an Excel function: ``=KPI_CTR(B2,C2)``.

Set UDF Modules to ``kpixl.udfs`` in classic xlwings (Windows), or put
``from kpixl.udfs import *`` in the ``main.py`` of xlwings Lite (``kpixl lite DIR``
writes it). The functions are generated from the catalog, decorated with the xlwings
decorators of the host they run in, so both hosts show the same names and help.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import xlwings as xw

from ..catalog import CATALOG, REQUIRED, TODAY, Kpi
from .help import argument_help, description
from .values import excel_call
from .xlwings_fix import install as _fix_xlwings

_fix_xlwings()  # before any call converts an argument: xlwings' per-cell JsNull import, resolved once


def _signature(kpi: Kpi) -> inspect.Signature:
    return inspect.Signature(
        [
            inspect.Parameter(
                a.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=inspect.Parameter.empty if a.default is REQUIRED else None if a.default is TODAY else a.default,
            )
            for a in kpi.args
        ]
    )


def make_udf(kpi: Kpi) -> Callable[..., Any]:
    """A plain function ``KPI_<NAME>(*cells)`` that answers with Excel values."""

    def udf(*args: Any) -> Any:
        return excel_call(kpi, args)

    udf.__name__ = udf.__qualname__ = kpi.excel_name
    udf.__doc__ = description(kpi)
    udf.__signature__ = _signature(kpi)  # type: ignore[attr-defined]
    udf.__module__ = "kpixl.udfs"  # the module users name (UDF Modules, main.py)
    return udf


def build(func=xw.func, arg=xw.arg) -> dict[str, Callable[..., Any]]:
    """Fresh functions for every KPI, decorated with the given xlwings decorators."""
    out = {}
    for kpi in CATALOG.values():
        f = make_udf(kpi)
        for a in reversed(kpi.args):
            f = arg(a.name, ndim=2, err_to_str=True, doc=argument_help(a))(f)
        out[kpi.excel_name] = func(category="kpixl", volatile=kpi.volatile)(f)
    return out


_udfs = build()
globals().update(_udfs)
__all__ = list(_udfs)
