"""Evaluate catalog KPIs on numbers, lists, numpy arrays and pandas objects.

Rules (binding, see the catalog): undefined results (x/0) and out-of-domain inputs
are NaN, never inf and never a warning; non-numeric input raises
:class:`KpiInputError` naming the argument; the result has the type of the inputs.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import KpiInputError
from .expression import Expression

if TYPE_CHECKING:  # the engine reads entries; it does not import the catalog
    from ..catalog.model import Arg, Kpi


def _pandas() -> Any:
    """pandas if the caller has imported it, else None: pandas objects can only come from a caller that
    has, so the Excel functions (xlwings Lite) never pay for importing it."""
    return sys.modules.get("pandas")


def _is_missing(value: Any) -> bool:
    pd = _pandas()
    return pd is not None and (value is pd.NaT or value is pd.NA)


def _is_pandas(value: Any) -> bool:
    pd = _pandas()
    return pd is not None and isinstance(value, (pd.Series, pd.DataFrame, pd.Index))


CHUNK = 1 << 16  # elements per block: a block's inputs and result stay in the CPU cache (512 KB each)
# On several threads, blocks are larger: numpy lets another thread run only while it is inside a
# call, and a call on a block in the cache is too short to pay for that hand-over.
THREAD_CHUNK = 1 << 18
THREAD_MIN = 1 << 19  # elements per thread, at least: starting a thread costs less than their work
# Cores this process may use; one where Python has no threads (Pyodide, where xlwings Lite runs; WASI).
CORES = (
    1
    if sys.platform in ("emscripten", "wasi")
    else len(os.sched_getaffinity(0))
    if hasattr(os, "sched_getaffinity")
    else os.cpu_count() or 1
)

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_NS_PER_DAY = 86_400 * 10**9
NUMERIC_KINDS = ("number", "numbers", "date", "dates")


# ---------------------------------------------------------------- inputs


def to_serial(value: Any) -> float:
    """An Excel date serial (days since 1899-12-30) from a date, datetime or number."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, np.datetime64):
        value = value.astype("datetime64[us]").item()
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        return (value - EXCEL_EPOCH) / dt.timedelta(days=1)
    if isinstance(value, dt.date):
        return float((value - EXCEL_EPOCH.date()).days)
    raise TypeError(value)


def _scalar(value: Any, arg: Arg) -> Any:
    if arg.kind == "value":
        return None if _is_missing(value) or isinstance(value, float) and math.isnan(value) else value
    if arg.kind == "text":
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, float) and math.isnan(value):
            return None
        raise KpiInputError(arg.name, f"expected text, got {value!r}")
    if value is None or _is_missing(value):
        return math.nan
    if isinstance(value, (bool, np.bool_)):
        raise KpiInputError(arg.name, f"expected a number, got the boolean {value!r}")
    if isinstance(value, (int, float, np.integer, np.floating)):
        try:
            return float(value)
        except OverflowError:
            raise KpiInputError(arg.name, f"{str(value)[:12]}... is too large for a number") from None
    if arg.kind in ("date", "dates"):
        try:
            return to_serial(value)
        except TypeError:
            pass
    raise KpiInputError(arg.name, f"expected a number, got {value!r}")


def to_array(value: Any, arg: Arg) -> np.ndarray:
    """``value`` as a numpy array: float64 for numbers and dates, object for text."""
    if _is_pandas(value):
        value = value.to_numpy()
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "iuf" and arg.kind not in ("text", "value"):
            return value.astype(np.float64, copy=False)
        if value.dtype.kind == "M" and arg.kind in ("date", "dates"):
            nat = np.isnat(value)
            days = (value - np.datetime64(EXCEL_EPOCH)).astype("timedelta64[ns]")
            return np.where(nat, np.nan, days.astype(np.int64) / _NS_PER_DAY)
        if value.dtype.kind == "b":
            raise KpiInputError(arg.name, "expected numbers, got booleans")
        if value.dtype.kind in "OUS":
            return _from_objects(value, arg)
        raise KpiInputError(arg.name, f"expected numbers, got an array of {value.dtype}")
    if isinstance(value, (list, tuple)):
        return _from_objects(np.asarray(value, dtype=object), arg)
    out = np.empty((), dtype=object if arg.kind in ("text", "value") else np.float64)
    out[()] = _scalar(value, arg)
    return out


def _from_objects(value: np.ndarray, arg: Arg) -> np.ndarray:
    flat = [_scalar(v, arg) for v in value.ravel()]
    out = np.empty(value.shape, dtype=object if arg.kind in ("text", "value") else np.float64)
    out.ravel()[:] = flat
    return out


def like(template: Any, result: Any, name: str) -> Any:
    """Give ``result`` the container type of ``template`` (the first non-scalar input)."""
    if template is None:
        return result.item() if isinstance(result, np.ndarray) and result.ndim == 0 else result
    pd = _pandas()
    if pd is not None and isinstance(template, pd.Series) and np.ndim(result) == 1 and len(result) == len(template):
        return pd.Series(result, index=template.index, name=name, copy=False)  # the result is ours: no copy
    if pd is not None and isinstance(template, pd.DataFrame) and np.shape(result) == template.shape:
        return pd.DataFrame(result, index=template.index, columns=template.columns, copy=False)
    if isinstance(template, (list, tuple)):
        return np.asarray(result).tolist()
    return result


def first_container(values: Sequence[Any]) -> Any:
    for v in values:
        if isinstance(v, (list, tuple, np.ndarray)) or _is_pandas(v):
            return v
    return None


# ---------------------------------------------------------------- arithmetic


def domain_violations(kpi: Kpi, arrays: Sequence[np.ndarray]) -> np.ndarray | bool:
    """True where an input lies outside its argument's domain."""
    bad: np.ndarray | bool = False
    for arg, x in zip(kpi.args, arrays):
        if not arg.domain.unbounded and arg.kind in NUMERIC_KINDS:
            bad = bad | _outside(arg, x)
    return bad


def any_domain_violation(kpi: Kpi, arrays: Sequence[np.ndarray]) -> bool:
    """True when any input, of any shape, lies outside its argument's domain, or when the entry's
    own cross-argument rule (``domain_check``, e.g. a deal closed before it was opened) fails."""
    check = kpi.domain_check
    return any(
        bool(np.any(_outside(arg, x)))
        for arg, x in zip(kpi.args, arrays)
        if not arg.domain.unbounded and arg.kind in NUMERIC_KINDS
    ) or bool(check and check(*arrays))


def _outside(arg: Arg, x: np.ndarray) -> np.ndarray:
    d = arg.domain
    with np.errstate(invalid="ignore"):
        return ((x <= d.low) if d.low_open else (x < d.low)) | (x > d.high)


@dataclass(frozen=True)
class Checks:
    """How a block's result is proved clean: every value finite and every input in its domain.

    Each check is one pass over a block that is still in the CPU cache; fewer passes, faster KPIs.
    For a product or quotient of arguments that are all >= 0 (CTR = clicks / impressions), one
    pass over the result proves it finite and >= 0 (the largest of its bits as integers is below
    the bits of +inf); as the sign of a product is the exclusive or of its factors' signs, once
    every other argument is proved >= 0, so is the one left (written once in the formula), without
    a pass of its own.
    """

    signs: bool  # the result is tested as above; else finite only
    tests: tuple[tuple[int, str], ...]  # (argument, "sign" (>= 0), "positive" (> 0) or "range")
    free: int | None = None  # the argument proved >= 0 by the sign of the result


@cache
def checks(kpi: Kpi, expr: Expression) -> Checks:
    used = [a for a in kpi.args if a.name in expr.names]
    signs = expr.product and all(a.kind in NUMERIC_KINDS and a.domain.low >= 0 for a in used)
    bounded = [(i, a) for i, a in enumerate(kpi.args) if not a.domain.unbounded and a.kind in NUMERIC_KINDS]
    free = None
    if signs:  # the argument left to the sign of the result: >= 0 and nothing else, written once
        free = next(
            (i for i, a in bounded if _at_least_zero(a) and a in used and a.name in expr.once),
            None,
        )
    tests = []
    for i, a in bounded:
        d = a.domain
        if i == free:
            continue
        if signs and a in used and d.low == 0 and d.high == math.inf:
            # a divisor at 0 leaves the result not finite, which the result's own test sees
            tests.append((i, "positive" if d.low_open and a.name not in expr.divisors else "sign"))
        else:
            tests.append((i, "range"))
    return Checks(signs, tuple(tests), free)


def _at_least_zero(arg: Arg) -> bool:
    d = arg.domain
    return d.low == 0 and not d.low_open and d.high == math.inf


SIGNED_INF = np.uint64(0x7FF0_0000_0000_0000)  # +inf's bits: every finite value >= 0 has fewer


def _block(kpi: Kpi, expr: Expression, xs: Sequence[np.ndarray], out: np.ndarray, temps: list[np.ndarray]) -> None:
    expr.into(out, temps, *xs)
    plan = checks(kpi, expr)
    inputs_ok = _inputs_clean(kpi, plan, xs)
    if inputs_ok and _result_clean(plan, out):
        return
    if inputs_ok and plan.signs:
        # The tested inputs are in their domains: a rule is broken only where the result is not finite
        # (a divisor at 0...) or where the free argument is < 0 (the result is then < 0, or -0.0 for a
        # -0.0 that is no break): a few places, found at once, fixed one by one.
        flat = out.reshape(-1)
        at = np.flatnonzero(flat.view(np.uint64) >= SIGNED_INF)
        bad = ~np.isfinite(flat[at])
        if plan.free is not None:
            free = xs[plan.free]  # of the result's shape, maybe a broadcast view: picked, not flattened
            bad |= (free.reshape(-1)[at] if free.ndim < 2 else free[np.unravel_index(at, free.shape)]) < 0
        flat[at[bad]] = np.nan
        return
    bad = ~np.isfinite(out)
    bad |= domain_violations(kpi, xs)
    out[bad] = np.nan


def _result_clean(plan: Checks, out: np.ndarray) -> bool:
    """Every value finite (and >= 0 when ``plan.signs``): the sum of ``out`` is finite when every value
    is; an inf or a NaN makes it not, and so may a sum of huge values, which only sends the block down
    the careful path. One pass, in numpy's own loop: no BLAS call to wake its threads."""
    if out.size == 0:
        return True
    if plan.signs:
        return bool(np.maximum.reduce(out.view(np.uint64), axis=None) < SIGNED_INF)
    return math.isfinite(np.add.reduce(out, axis=None))


def _inputs_clean(kpi: Kpi, plan: Checks, xs: Sequence[np.ndarray]) -> bool:
    for i, test in plan.tests:
        x = xs[i]
        if x.size == 0:
            continue
        if test == "sign":  # no sign bit set: >= 0 (a -0.0 or a NaN with its sign bit takes the slow path)
            if np.minimum.reduce(x.view(np.int64), axis=None) < 0:
                return False
        elif test == "positive":  # no sign bit and not +0.0
            if np.minimum.reduce(x.view(np.int64), axis=None) <= 0:
                return False
        else:
            d = kpi.args[i].domain
            low = np.minimum.reduce(x, axis=None)
            if not low >= d.low or (d.low_open and low == d.low):
                return False
            if d.high != math.inf and not np.maximum.reduce(x, axis=None) <= d.high:
                return False
    return True


def evaluate_expression(kpi: Kpi, expr: Expression, arrays: Sequence[np.ndarray]) -> np.ndarray:
    """Evaluate an arithmetic KPI on float arrays, block by block for large inputs, on every core for
    very large ones (each thread fills its own part of the result)."""
    try:
        xs = np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(f"{a.name} {np.shape(x)}" for a, x in zip(kpi.args, arrays))
        raise KpiInputError(kpi.args[0].name, f"shapes do not match: {shapes}") from None
    shape = xs[0].shape if xs else ()
    out = np.empty(shape, dtype=np.float64)
    flat = xs if out.ndim == 1 else [x.reshape(-1) if x.flags.c_contiguous else None for x in xs]
    if out.size <= CHUNK or any(f is None for f in flat):
        with np.errstate(all="ignore"):
            _block(kpi, expr, xs, out, [np.empty(shape) for _ in range(expr.temporaries)])
        return out
    o = out.reshape(-1)
    parts = _parts(o.size)
    chunk = CHUNK if len(parts) == 1 else THREAD_CHUNK

    def blocks(start: int, stop: int) -> None:
        temps = [np.empty(min(chunk, stop - start)) for _ in range(expr.temporaries)]  # this thread's, reused
        with np.errstate(all="ignore"):  # numpy's error state is per thread
            for i in range(start, stop, chunk):
                j = min(i + chunk, stop)
                _block(kpi, expr, [f[i:j] for f in flat if f is not None], o[i:j], [t[: j - i] for t in temps])

    if len(parts) == 1:
        blocks(0, o.size)
        return out
    with ThreadPoolExecutor(len(parts) - 1) as pool:
        others = []
        for start, stop in parts[1:]:
            try:
                others.append(pool.submit(blocks, start, stop))
            except RuntimeError:  # no thread to be had (the interpreter is exiting, a limit): done here
                blocks(start, stop)
        blocks(*parts[0])
        for part in others:
            part.result()
    return out


def _parts(size: int) -> list[tuple[int, int]]:
    """``size`` elements split into one run per thread, a thread for each core its share keeps busy."""
    threads = max(1, min(CORES, size // THREAD_MIN))
    step = -(-size // threads)
    return [(start, min(start + step, size)) for start in range(0, size, step)]
