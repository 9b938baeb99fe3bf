"""Property tests: whatever they are given, KPI functions return or raise KpiInputError, never inf."""

import math
import subprocess
import sys
import warnings
from contextlib import contextmanager

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpixl
from kpixl.compute import engine

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**12), 10**12),
    st.sampled_from([0, 0.0, -0.0, 1e308, -1e308, 5e-324]),
)
junk = st.one_of(st.none(), st.booleans(), st.text(max_size=5), st.sampled_from(["#DIV/0!", "", "=1+1"]))
cell = st.one_of(numbers, numbers, junk)
OPTIONS = {
    "lang": ["en", "fr", "de", None],
    "per": ["day", "week", "month", "mois", "year", None],
    "field": ["value", "source", "label", "formula", "nope", None],
    "category": ["email", "goals", None, "x"],
    "scale": [5, 10, 0, -1, None],
}


def value_for(arg):
    if arg.kind == "option":
        return st.sampled_from(OPTIONS[arg.name])
    if arg.kind in ("numbers", "dates"):
        return st.lists(cell, max_size=6)
    if arg.kind in ("text", "value"):
        return st.one_of(st.text(max_size=8), st.sampled_from(["CTR", "taux de clic", "likes"]), cell)
    return st.one_of(
        cell,
        st.lists(numbers, min_size=3, max_size=3),
        st.builds(lambda v: np.array(v, dtype=float), st.lists(numbers, min_size=3, max_size=3)),
        st.builds(lambda v: pd.Series(v, dtype=float), st.lists(numbers, min_size=3, max_size=3)),
    )


@st.composite
def calls(draw):
    kpi = draw(st.sampled_from(list(kpixl.catalog().values())))
    n = draw(st.integers(sum(not a.optional for a in kpi.args), len(kpi.args)))
    return kpi, [draw(value_for(a)) for a in kpi.args[:n]]


def finite_or_nan(result) -> bool:
    if isinstance(result, (pd.Series, pd.DataFrame)):
        result = result.to_numpy()
    values = np.asarray(result, dtype=object).ravel()
    return not any(isinstance(v, float) and math.isinf(v) for v in values)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calls())
def test_returns_or_raises_kpi_input_error_and_never_inf(call):
    kpi, args = call
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = getattr(kpixl, kpi.snake_name)(*args)
        except kpixl.KpiInputError:
            return
    assert finite_or_nan(result), (kpi.name, args, result)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.floats(0, 1e9), min_size=1, max_size=20),
    st.lists(st.one_of(st.just(0.0), st.floats(1e-3, 1e9)), min_size=1, max_size=20),
)
def test_ratio_is_nan_exactly_where_the_denominator_is_zero(num, den):
    n = min(len(num), len(den))
    got = np.asarray(kpixl.ctr(num[:n], den[:n]))
    assert (np.isnan(got) == (np.asarray(den[:n]) == 0)).all()


ARITHMETIC = [k for k in kpixl.catalog().values() if k.expr is not None]
SPECIALS = [0.0, -0.0, -1.0, -1e-300, 5e-324, 1e308, math.inf, -math.inf, math.nan, 0.5, 2.0]


def reference(kpi, arrays):
    """The catalog's rule written plainly: the formula, then NaN where it is not finite or where an input
    lies outside its domain (no block, no shortcut)."""
    with np.errstate(all="ignore"):
        out = np.asarray(eval(kpi.expr, {"__builtins__": {}}, dict(zip([a.name for a in kpi.args], arrays))))
        out = np.broadcast_to(out, arrays[0].shape).astype(float)
        bad = ~np.isfinite(out)
        for arg, x in zip(kpi.args, arrays):
            d = arg.domain
            bad |= (x < d.low) | ((x == d.low) & d.low_open) | (x > d.high)
    out[bad] = np.nan
    return out


@contextmanager
def threads_on(cores):
    """The engine's thread sizes scaled down and ``cores`` cores assumed, so that 140,000 elements run on
    threads whatever this machine has, in parts that are not whole blocks."""
    saved = engine.CORES, engine.THREAD_MIN, engine.THREAD_CHUNK
    engine.CORES, engine.THREAD_MIN, engine.THREAD_CHUNK = cores, 20_000, 30_001
    try:
        yield
    finally:
        engine.CORES, engine.THREAD_MIN, engine.THREAD_CHUNK = saved


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(ARITHMETIC),
    st.lists(st.tuples(st.integers(0, 140_000 - 1), st.integers(0, 5), st.sampled_from(SPECIALS)), max_size=40),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1, 3]),
)
def test_blocks_and_shortcuts_give_exactly_the_plain_rule(kpi, specials, seed, cores):
    """Arrays long enough for several blocks, mostly clean (the shortcuts of the engine) with special values
    here and there (a block then takes the exact path): the result is the plain rule's, value for value,
    on one thread or on several."""
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(0.5, 1.0, 140_000) * 10 ** rng.integers(0, 4) for _ in kpi.args]
    for at, which, value in specials:
        arrays[which % len(arrays)][at] = value
    with threads_on(cores):
        got = getattr(kpixl, kpi.snake_name)(*arrays)
    np.testing.assert_array_equal(np.asarray(got), reference(kpi, arrays), err_msg=kpi.name)


def test_threads_split_the_work_into_runs_that_cover_it_once():
    with threads_on(3):
        assert engine._parts(140_000) == [(0, 46_667), (46_667, 93_334), (93_334, 140_000)]
        assert engine._parts(50_000) == [(0, 25_000), (25_000, 50_000)]
        assert engine._parts(39_999) == [(0, 39_999)]
    with threads_on(1):
        assert engine._parts(10**7) == [(0, 10**7)]


def test_a_kpi_computed_while_python_exits_runs_on_one_thread():
    """At interpreter exit no thread can be started: a KPI computed then (by a thread still running, an
    atexit handler) is computed on the thread that asks."""
    script = """
import threading, time
import numpy as np
import kpixl
from kpixl.compute import engine
engine.CORES, engine.THREAD_MIN = 3, 10_000
def late():
    time.sleep(0.3)  # the main thread has returned: Python is exiting
    print(kpixl.ctr(np.ones(100_000), np.full(100_000, 4.0)).sum())
threading.Thread(target=late).start()
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("25000.0\n", "")


def test_no_warning_from_any_thread():
    """numpy's error state is per thread: each thread must silence its own divisions by zero."""
    zeros = np.zeros(140_000)
    with warnings.catch_warnings(), threads_on(3):
        warnings.simplefilter("error")
        assert np.isnan(kpixl.ctr(zeros + 1, zeros)).all()
