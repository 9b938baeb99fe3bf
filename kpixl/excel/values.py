"""Excel values in and out: what a KPI function receives from a range, and gives back.

Cells arrive from xlwings as a scalar or a 2-D list: numbers, ``None`` for blanks,
strings (text, or errors such as ``"#DIV/0!"``), booleans, dates. The answer follows
the catalog's rules: an error cell propagates, text gives ``#VALUE!``, an all-blank row
gives an empty cell, out-of-domain input ``#NUM!``, a zero denominator ``#DIV/0!``;
never a traceback, never inf or NaN.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

from ..api import compute, denominators, prepare, today_serial
from ..catalog import REQUIRED, TODAY, Arg, Kpi
from ..compute.engine import any_domain_violation, domain_violations, to_serial
from ..errors import KpiInputError, UnknownKpiError

ERRORS = (
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
)
_NUMBER_TYPES = {float, int, type(None)}


@dataclass
class Cells:
    """One argument's cells: the values (NaN where not a number) and what each cell held."""

    values: np.ndarray  # float64, or object for text arguments
    blank: np.ndarray  # bool
    text: np.ndarray | None = None  # bool: text or a boolean where a number is needed
    error: np.ndarray | None = None  # object: the error string of each error cell, else None


def _grid(value: Any) -> list[list[Any]]:
    """The cells as rows; an empty list reads as one blank; ragged rows (never a range) are #VALUE!."""
    if not isinstance(value, (list, tuple)):
        return [[value]]
    if not value:
        return [[None]]
    if not set(map(type, value)) <= {list, tuple}:
        value = [r if isinstance(r, (list, tuple)) else [r] for r in value]
    if len(set(map(len, value))) != 1 or not value[0]:
        raise _Propagate("#VALUE!")
    return value


def read_cells(value: Any, kind: str) -> Cells:
    """Classify the cells of one argument (a scalar or a 2-D list of Excel values)."""
    rows = _grid(value)
    if kind in ("number", "numbers") and set(map(type, chain.from_iterable(rows))) <= _NUMBER_TYPES:
        values = np.array(rows, dtype=float)  # the fast path: only numbers and blanks
        return Cells(values, np.isnan(values))
    shape = (len(rows), len(rows[0]))
    flat = [v for r in rows for v in r]
    as_text = kind in ("text", "value")
    values = np.empty(len(flat), dtype=object if as_text else float)
    blank = np.zeros(len(flat), dtype=bool)
    text = np.zeros(len(flat), dtype=bool)
    error = np.full(len(flat), None, dtype=object)
    for i, v in enumerate(flat):
        values[i] = None if as_text else np.nan
        if v is None or v == "":
            blank[i] = True
        elif isinstance(v, str) and v in ERRORS:
            error[i] = v
        elif as_text:
            values[i] = v.strip() if isinstance(v, str) else (_text_of(v) if kind == "text" else v)
        elif isinstance(v, (bool, str)):
            text[i] = True
        elif isinstance(v, (int, float)):
            values[i] = v
        elif isinstance(v, (dt.date, dt.datetime)):  # a date or time cell: its serial number, as in Excel
            values[i] = to_serial(v)
        else:
            text[i] = True
    return Cells(values.reshape(shape), blank.reshape(shape), text.reshape(shape), error.reshape(shape))


def _text_of(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _option(kpi: Kpi, name: str, value: Any) -> Any:
    """An option (lang, per, field...) is one value: the first cell of what was given."""
    v = _grid(value)[0][0]
    if isinstance(v, str) and v in ERRORS:
        raise _Propagate(v)
    if v is None or v == "":
        arg = next(a for a in kpi.args if a.name == name)
        return None if arg.default is REQUIRED else arg.default
    return v.strip() if isinstance(v, str) else v


class _Propagate(Exception):
    """An error cell in an argument that is used whole: the answer is that error."""


def excel_call(kpi: Kpi, args: tuple[Any, ...]) -> Any:
    """Run ``kpi`` on Excel values and answer with Excel values; never raises."""
    if len(args) > len(kpi.args):
        return "#VALUE!"  # more arguments than the function takes: a mistake, not something to ignore
    try:
        return _excel_call(kpi, list(args) + [None] * (len(kpi.args) - len(args)))
    except _Propagate as exc:
        return exc.args[0]
    except UnknownKpiError:
        return "#N/A"
    except (KpiInputError, ValueError, TypeError, OverflowError, ZeroDivisionError):
        return "#VALUE!"
    except Exception:  # noqa: BLE001 - a worksheet cell must never show a traceback
        return "#VALUE!"


def _excel_call(kpi: Kpi, args: list[Any]) -> Any:
    for i, (a, v) in enumerate(zip(kpi.args, args)):
        if a.optional and a.kind != "option" and _all_blank(v):  # left out, or a blank cell: the default
            args[i] = _default(a)
    return _elementwise(kpi, args) if kpi.elementwise else _aggregate(kpi, args)


def excel_columns(kpi: Kpi, columns: Sequence[np.ndarray]) -> list[Any]:
    """``excel_call`` of an elementwise KPI down columns of plain numbers (no blank, text or error
    cell): one answer per row, as the spilled ``KPI_*`` call shows them, without a list per cell."""
    n = len(columns[0])
    cells = [Cells(np.asarray(c, dtype=float).reshape(n, 1), np.zeros((n, 1), dtype=bool)) for c in columns]
    out = excel_call(kpi, tuple(cells))
    return [row[0] for row in out] if isinstance(out, list) else [out] * n


def _all_blank(value: Any) -> bool:
    if isinstance(value, Cells):
        return bool(value.blank.all())
    return all(v is None or v == "" for row in _grid(value) for v in row)


def _default(arg: Arg) -> Any:
    return today_serial() if arg.default is TODAY else arg.default


def _read(kpi: Kpi, args: list[Any]) -> list[Any]:
    """Each argument read: an option's value, or the argument's Cells."""
    return [
        v if isinstance(v, Cells) else _option(kpi, a.name, v) if a.kind == "option" else read_cells(v, a.kind)
        for a, v in zip(kpi.args, args)
    ]


def _value(arg: Arg, read: Any) -> Any:
    """What the computation sees: an option is its value; a blank cell of an optional argument is
    its default; a blank number cell counts as 0, as in Excel arithmetic; a blank date is missing."""
    if not isinstance(read, Cells):
        return read
    if arg.optional and read.blank.any() and arg.kind in ("number", "date"):
        return np.where(read.blank, _default(arg), read.values)
    return np.where(read.blank, 0.0, read.values) if arg.kind == "number" else read.values


def _elementwise(kpi: Kpi, args: list[Any]) -> Any:
    read = _read(kpi, args)
    grids = [c for c in read if isinstance(c, Cells)]
    required = [c for a, c in zip(kpi.args, read) if isinstance(c, Cells) and not a.optional]
    values = [_value(a, c) for a, c in zip(kpi.args, read)]
    try:
        shape = np.broadcast_shapes(*(c.values.shape for c in grids))
    except ValueError:
        return "#VALUE!"  # ranges of different shapes
    if any(c.values.shape not in (shape, (1, 1)) for c in grids):
        return "#VALUE!"  # a row against a column is a mistake, not a broadcast
    arrays = prepare(kpi, values)
    result = np.broadcast_to(compute(kpi, arrays), shape)
    if result.dtype == float:
        undefined = ~np.isfinite(result)
    else:
        undefined = np.frompyfunc(_is_undefined, 1, 1)(result).astype(bool)
    special = [c for c in grids if c.blank.any() or c.text is not None]
    if not undefined.any() and not special:
        return _answer(result)
    out = result.astype(object)  # float64 cells become Python floats
    if undefined.any():
        out[undefined] = _why_undefined(kpi, arrays, undefined, shape)
    _overlay(out, grids, required, shape)
    return _answer(out, plain=result.dtype == float)


def _is_undefined(v: Any) -> bool:
    return v is None or (isinstance(v, float) and not np.isfinite(v))


def _why_undefined(kpi: Kpi, arrays: list[Any], undefined: np.ndarray, shape) -> np.ndarray:
    """The Excel error for each undefined result: ``#NUM!``, ``#DIV/0!`` or the KPI's own."""
    bad_domain = np.broadcast_to(domain_violations(kpi, arrays), shape)
    names = {
        a.name: np.broadcast_to(x, shape)
        for a, x in zip(kpi.args, arrays)
        if isinstance(x, np.ndarray) and x.dtype == float
    }
    zero = np.zeros(shape, dtype=bool)
    for text in denominators(kpi):
        try:
            with np.errstate(all="ignore"):
                zero |= np.broadcast_to(eval(text, {"__builtins__": {}}, names) == 0, shape)  # catalog text
        except NameError:
            continue
    fallback = kpi.undefined
    errors = np.where(bad_domain, "#NUM!", np.where(zero, "#DIV/0!", fallback)).astype(object)
    return errors[undefined]


def _overlay(out: np.ndarray, grids: list[Cells], required: list[Cells], shape) -> None:
    """Input errors propagate, text gives #VALUE!, rows whose required inputs are all blank stay
    empty (in that order)."""
    all_blank = np.ones(shape, dtype=bool)
    for c in required or grids:
        all_blank &= np.broadcast_to(c.blank, shape)
    text = np.zeros(shape, dtype=bool)
    for c in grids:
        if c.text is not None:
            text |= np.broadcast_to(c.text, shape)
    out[all_blank] = None
    out[text] = "#VALUE!"
    for c in reversed(grids):  # the first argument's error wins
        if c.error is not None:
            e = np.broadcast_to(c.error, shape)
            has = np.frompyfunc(lambda v: v is not None, 1, 1)(e).astype(bool)
            out[has] = e[has]


def _aggregate(kpi: Kpi, args: list[Any]) -> Any:
    values, present = [], []
    for c in _read(kpi, args):
        if not isinstance(c, Cells):  # an option
            values.append(c)
            continue
        if c.error is not None:
            first_error = next((e for e in c.error.ravel() if e is not None), None)
            if first_error:
                return first_error
            if c.text is not None and c.text.any():
                return "#VALUE!"
        values.append(c.values)
        present.append(not c.blank.all())
    if present and not any(present):
        return None  # nothing but blank cells
    arrays = prepare(kpi, values)
    out = compute(kpi, arrays)
    if kpi.returns == "table":
        if out.dtype == float:
            table = out.astype(object)
            table[np.isnan(out)] = "#NUM!" if any_domain_violation(kpi, arrays) else "#DIV/0!"
            return _answer(table)
        return _answer(out)
    if np.isfinite(out):
        return float(out)
    if any_domain_violation(kpi, arrays):
        return "#NUM!"
    return "#DIV/0!"


def _answer(out: np.ndarray, plain: bool = False) -> Any:
    """A scalar for one cell, else a 2-D list (which spills), with plain Python values.

    ``plain``: the cells already hold only Python floats, strings and None.
    """
    rows = out.reshape(out.shape[0], -1) if out.ndim else out.reshape(1, 1)
    cells = rows.tolist() if plain or out.dtype != object else [[_plain(v) for v in row] for row in rows]
    return cells[0][0] if len(cells) == 1 and len(cells[0]) == 1 else cells


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not np.isfinite(v):
        return "#NUM!"
    return v
