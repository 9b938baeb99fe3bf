"""Property tests: whatever they are given, KPI functions return or raise KpiInputError, never inf."""

import math
import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpixl

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
