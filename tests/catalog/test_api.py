"""The Python API on cases computed by hand, and its rules on types and errors."""

import datetime as dt
import math
import warnings

import numpy as np
import pandas as pd
import pytest

import kpixl
from kpixl.api import expression

from cases import CASES

nan = math.nan


@pytest.mark.parametrize(("name", "args", "expected"), CASES)
def test_hand_computed_case(name, args, expected):
    got = getattr(kpixl, name)(*args)
    assert isinstance(got, float)
    if isinstance(expected, str):  # an Excel error: NaN in Python
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_arrays_broadcast_element_by_element():
    got = kpixl.ctr(np.array([[1, 2], [0, 4]]), np.array([10, 0]))
    np.testing.assert_array_equal(got, [[0.1, nan], [0.0, nan]])
    assert isinstance(got, np.ndarray) and got.dtype == np.float64


def test_lists_give_lists_and_series_give_series():
    got = kpixl.cpc([10, 20, 5], [2, 0, 5])
    assert isinstance(got, list) and got[0] == 5.0 and math.isnan(got[1]) and got[2] == 1.0
    s = kpixl.roi(pd.Series([150, 90], index=["spring", "fall"]), 100)
    assert isinstance(s, pd.Series) and list(s.index) == ["spring", "fall"] and s.name == "roi"
    np.testing.assert_allclose(s.to_numpy(), [0.5, -0.1])


def test_dataframe_columns():
    df = pd.DataFrame({"clicks": [5, 0], "impressions": [100, 0]})
    out = kpixl.ctr(df["clicks"], df["impressions"])
    assert out.iloc[0] == 0.05 and math.isnan(out.iloc[1])


def test_large_chunked_arrays_match_small_ones():
    rng = np.random.default_rng(1)
    a = rng.integers(-5, 100, 200_003).astype(float)
    b = rng.integers(0, 50, 200_003).astype(float)
    got = kpixl.ctr(a, b)
    with np.errstate(all="ignore"):
        want = np.where((a < 0) | (b <= 0), nan, a / b)
    np.testing.assert_array_equal(got, want)


def test_scalar_broadcast_over_large_array():
    a = np.arange(100_000.0)
    np.testing.assert_allclose(kpixl.cpm(a, 1000), a, rtol=1e-15)


def test_compound_kpis_write_their_steps_in_buffers_they_are_given():
    """LTV's four inner operations go to buffers the engine keeps per thread, and give numpy's answer."""
    ltv = kpixl.catalog()["LTV"]
    assert expression(ltv).temporaries == 4
    rng = np.random.default_rng(2)
    revenue, margin, churn, discount = rng.uniform(0.01, 1, (4, 2_500_001))
    got = kpixl.ltv(revenue, margin, churn, discount)  # blocks on every core, each reusing its buffers
    np.testing.assert_array_equal(got, revenue * margin * (1 + discount) / (discount + churn))


def test_no_warning_is_printed():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kpixl.ctr(np.array([1.0, 0.0, -1.0]), np.array([0.0, 0.0, 0.0]))
        kpixl.ab_pvalue(0, 0, 0, 0)
        kpixl.goal_expected(1, 0, 10, 5, 7)


@pytest.mark.parametrize(
    ("call", "arg"),
    [
        (lambda: kpixl.ctr("five", 10), "clicks"),
        (lambda: kpixl.ctr(5, [10, "x"]), "impressions"),
        (lambda: kpixl.ltv(100, 0.5, True), "churn_rate"),
        (lambda: kpixl.nps(["9", 10]), "scores"),
        (lambda: kpixl.roi(pd.Series(["a"]), 1), "revenue"),
        (lambda: kpixl.goal_status(1, 2, 0, 1, 9, 5, 0.1, "de"), "lang"),
        (lambda: kpixl.goal_required_rate(1, 2, 9, 5, "fortnight"), "per"),
        (lambda: kpixl.benchmark("no such kpi"), "kpi_name"),
    ],
)
def test_bad_input_raises_a_value_error_naming_the_argument(call, arg):
    with pytest.raises(kpixl.KpiInputError, match=f"^{arg}:") as info:
        call()
    assert isinstance(info.value, ValueError) and info.value.arg == arg


def test_huge_integers_are_an_input_error():
    with pytest.raises(kpixl.KpiInputError, match="^clicks: .* too large"):
        kpixl.ctr(10**400, 10)


def test_mismatched_ranges_of_aggregates_are_an_input_error():
    with pytest.raises(kpixl.KpiInputError, match="^impressions:"):
        kpixl.avg_position([1, 2, 3], [10, 20])


def test_mismatched_shapes_are_an_input_error():
    with pytest.raises(kpixl.KpiInputError, match="shapes do not match"):
        kpixl.ctr([1, 2, 3], [1, 2])


def test_missing_values_are_nan():
    assert math.isnan(kpixl.ctr(None, 10)) and math.isnan(kpixl.ctr(pd.NA, 10))
    assert math.isnan(kpixl.ctr(pd.Series([5, pd.NA], dtype=object), 10).iloc[1])
    assert math.isnan(kpixl.ctr(pd.Series([1.0, None]), 10).iloc[1])


def test_dates_as_dates_or_serials():
    d = kpixl.goal_expected(100, 0, dt.date(2026, 1, 1), dt.date(2026, 1, 11), dt.datetime(2026, 1, 6))
    s = kpixl.goal_expected(100, 0, 46023, 46033, 46028)
    assert d == s == 50.0
    ts = kpixl.goal_expected(100, 0, pd.Timestamp("2026-01-01"), np.datetime64("2026-01-11"), 46028)
    assert ts == 50.0


@pytest.mark.parametrize("kpi", list(kpixl.catalog().values()), ids=lambda k: k.name)
def test_every_docstring_reads_like_numpy_financial(kpi):
    """Parameters, Returns, Notes with the formula (and its domain when it has one), References from the
    catalog's benchmarks, Examples: the sections numpy-financial gives each of its functions."""
    doc = getattr(kpixl, kpi.snake_name).__doc__
    sections = [s for s in ("Parameters", "Returns", "Notes", "References", "Examples") if f"\n{s}\n" in doc]
    expected = ["Parameters", "Returns", "Notes"] + ["References"] * bool(kpi.benchmarks)
    expected += ["Examples"] * bool(kpi.examples)
    assert sections == expected
    assert f"``{kpi.name} = {kpi.formula}``" in doc
    assert ("Domain:" in doc) == any(not a.domain.unbounded for a in kpi.args)
    for b in kpi.benchmarks:
        assert f"{b.value:g}" in doc.split("\nReferences\n")[1]
