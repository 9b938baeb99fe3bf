"""xlwings' Pyodide ``JsNull`` check, resolved once instead of on every cell; ranges of numbers passed as they are.

xlwings 0.37.x (``xlwings.utils.is_jsnull``) runs ``from pyodide.ffi import JsNull`` on every
call, and the Office.js engine calls it on every cell of every range argument
(``xlwings.pro._xlofficejs._clean_value_data_element``). ``JsNull`` only exists from Pyodide 0.28
on: on the Pyodide 0.27 that xlwings Lite runs, each call raises and catches an ImportError, and
outside Pyodide (xlwings Server, CPython) a ModuleNotFoundError after a search of sys.path:
~30 us a cell either way, most of the time a 100,000-cell range call takes.

The answer cannot change while the interpreter runs (``pyodide.ffi`` is built into Pyodide and
whether it has ``JsNull`` is fixed by the Pyodide version; outside Pyodide there is no such
module), so it is resolved once, here: ``isinstance(value, JsNull)`` where ``JsNull`` exists,
``False`` otherwise: the same answer as xlwings' own function for every value.

Then xlwings cleans each cell of a range argument with a Python call (blank to None, an error object to its
text); a range that holds only numbers comes out of that cleaning as it went in (without a number
converter), so such a range is copied as it is, and any other goes through xlwings' own cleaning.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from itertools import chain
from typing import Any

try:
    from pyodide.ffi import JsNull as _JsNull  # type: ignore[import-not-found]  # Pyodide >= 0.28: JS null
except ImportError:  # Pyodide <= 0.27 (JS null arrives as None), or not Pyodide at all
    _JsNull = None


if _JsNull is None:

    def is_jsnull(value: object) -> bool:
        """Always False: this Python has no ``JsNull`` (JS null arrives as None)."""
        return False

    def js_to_none(arg: object) -> object:
        return arg

else:

    def is_jsnull(value: object) -> bool:
        """True for Pyodide's ``jsnull`` (JS null, Pyodide >= 0.28)."""
        return isinstance(value, _JsNull)

    def js_to_none(arg: object) -> object:
        """Pyodide's ``jsnull`` as None, anything else as it is."""
        return None if isinstance(arg, _JsNull) else arg


def _imports_per_call(func: object) -> bool:
    """Whether ``func`` is xlwings' version that imports ``pyodide.ffi`` each time it runs."""
    code = getattr(func, "__code__", None)
    return code is not None and "pyodide.ffi" in code.co_names


def install() -> list[str]:
    """Put the resolved check and the two fast paths where xlwings looks them up; the names replaced.

    Touches only xlwings modules already imported (importing ``xlwings.pro`` without a license
    key raises), and only functions that still do what is replaced, so a fixed xlwings is left alone.
    Covers both layouts of the null check: 0.37.8 (``xlwings.utils.is_jsnull``, with
    ``_xlofficejs._is_jsnull`` a thin alias of it) and xlwings' main branch of Aug 2026 (the import
    inside ``_xlofficejs._is_jsnull`` itself).
    """
    done: list[str] = []
    modules: dict[str, Any] = sys.modules
    original = getattr(modules.get("xlwings.utils"), "is_jsnull", None)
    if original is not None and _imports_per_call(original):
        # xlwings.utils itself (called through the module, per cell, by _xlofficejs._is_jsnull)
        # and every `from ..utils import is_jsnull` (xlwings.conversion.standard)
        for name, module in list(modules.items()):
            if name.startswith("xlwings") and getattr(module, "is_jsnull", None) is original:
                module.is_jsnull = is_jsnull
                done.append(f"{name}.is_jsnull")
    officejs = modules.get("xlwings.pro._xlofficejs")  # the Office.js (custom functions) engine
    alias = getattr(officejs, "_is_jsnull", None)
    delegates = alias is not None and "is_jsnull" in alias.__code__.co_names and "xlwings.utils.is_jsnull" in done
    if alias is not None and (_imports_per_call(alias) or delegates):
        officejs._is_jsnull = is_jsnull  # type: ignore[union-attr]  # the per-cell check: one call level less
        done.append("xlwings.pro._xlofficejs._is_jsnull")
    engine = getattr(officejs, "Engine", None)
    clean = getattr(engine, "clean_value_data", None)
    if clean is not None and not getattr(clean, "_kpixl", False) and _cleans_cell_by_cell(clean):
        engine.clean_value_data = staticmethod(_numbers_as_they_are(clean))  # type: ignore[union-attr]
        done.append("xlwings.pro._xlofficejs.Engine.clean_value_data")
    stage: Any = getattr(modules.get("xlwings.conversion.standard"), "CleanDataForWriteStage", None)
    prepare = getattr(engine, "prepare_xl_data_element", None)
    write = vars(stage).get("__call__") if stage is not None else None
    if prepare is not None and write is not None and "prepare_xl_data_element" in _names(write.__code__):
        stage.__call__ = _finite_floats_as_they_are(write, prepare)
        done.append("xlwings.conversion.standard.CleanDataForWriteStage.__call__")
    udfs: Any = modules.get("xlwings.pro.udfs_officejs")
    if _imports_per_call(getattr(udfs, "js_to_none", None)):
        udfs.js_to_none = js_to_none  # the same import once per argument (to_scalar looks it up here)
        done.append("xlwings.pro.udfs_officejs.js_to_none")
    return sorted(done)


_NUMBERS = {float, int}  # what Office.js numbers become in Pyodide (an int when whole); bool is neither


def _names(code: Any) -> set[str]:
    """The global names a function's code and the code nested in it (its comprehensions) use."""
    out = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            out |= _names(const)
    return out


def _cleans_cell_by_cell(func: Callable[..., Any]) -> bool:
    """Whether ``func`` is xlwings' cleaning of a range: ``_clean_value_data_element`` on every cell."""
    code = getattr(func, "__code__", None)
    if code is None:
        return False
    names = code.co_varnames[: code.co_argcount]
    wanted = ("data", "datetime_builder", "empty_as", "number_builder", "err_to_str")
    return names == wanted and "_clean_value_data_element" in _names(code)


def _numbers_as_they_are(clean: Callable[..., Any]) -> Callable[..., Any]:
    """xlwings' cleaning of a range, but a range of numbers only (no number converter) copied as it is:
    xlwings' cleaning returns every number unchanged (it is no blank, no text, no error object)."""

    def clean_value_data(data: Any, datetime_builder: Any, empty_as: Any, number_builder: Any, err_to_str: Any) -> Any:
        if number_builder is None and isinstance(data, list) and set(map(type, chain.from_iterable(data))) <= _NUMBERS:
            return list(map(list, data))
        return clean(data, datetime_builder, empty_as, number_builder, err_to_str)

    clean_value_data._kpixl = True  # type: ignore[attr-defined]
    return clean_value_data


def _finite_floats_as_they_are(write: Callable[..., Any], prepare: Callable[..., Any]) -> Callable[..., Any]:
    """xlwings' preparation of a result for Office.js, but a result of finite floats only kept as it is:
    xlwings' ``prepare_xl_data_element`` returns such a float unchanged (only blanks, NaN, dates and error
    texts change)."""

    def __call__(self: Any, c: Any) -> None:  # noqa: N807 - the stage's own method
        value = c.value
        impl = getattr(c.engine, "impl", None)
        if getattr(impl, "prepare_xl_data_element", None) is prepare and isinstance(value, list):
            flat = list(chain.from_iterable(value))
            if set(map(type, flat)) <= {float} and all(map(float.__eq__, flat, flat)):  # NaN != NaN
                c.value = list(map(list, value))
                return
        write(self, c)

    __call__._kpixl = True  # type: ignore[attr-defined]
    return __call__
