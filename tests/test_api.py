"""The Python API on cases computed by hand, and its rules on types and errors."""

import datetime as dt
import math
import warnings

import numpy as np
import pandas as pd
import pytest

import kpixl

nan = math.nan

# (function, args, expected): computed by hand, not by kpixl.
CASES = [
    ("frequency", (900, 300), 3.0), ("frequency", (1, 0), nan), ("frequency", (-1, 5), nan),
    ("traffic_share", (530, 1000), 0.53), ("traffic_share", (0, 0), nan),
    ("positive_sentiment", (30, 50, 20), 0.3), ("positive_sentiment", (0, 0, 0), nan),
    ("net_sentiment", (10, 0, 30), -0.5), ("net_sentiment", (1, -1, 1), nan),
    ("pages_per_session", (4500, 1500), 3.0), ("avg_session_duration", (630, 3), 210.0),
    ("bounce_rate", (1, 4), 0.25), ("bounce_rate", (1, 0), nan),
    ("growth_rate", (90, 100), -0.1), ("growth_rate", (-50, -100), -0.5), ("growth_rate", (5, 0), nan),
    ("ctr", (3, 100), 0.03), ("ctr", (0, 0), nan), ("ctr", (-3, 100), nan), ("ctr", (3, -100), nan),
    ("cpc", (7.5, 3), 2.5), ("cpc", (10, 0), nan), ("cpm", (12, 4000), 3.0),
    ("lead_conversion_rate", (7, 350), 0.02), ("cpl", (250, 5), 50.0), ("mql_to_sql_rate", (26, 200), 0.13),
    ("conversion_rate", (1, 40), 0.025), ("cpa", (999, 9), 111.0), ("cac", (5000, 0), nan),
    ("lead_to_customer_rate", (3, 12), 0.25), ("roi", (8000, 10000), -0.2), ("roi", (0, 0), nan),
    ("roas", (4200, 1000), 4.2), ("aov", (150, 4), 37.5), ("marketing_revenue_share", (1, 8), 0.125),
    ("churn_rate", (3, 60), 0.05), ("retention_rate", (110, 30, 100), 0.8), ("retention_rate", (5, 1, 0), nan),
    ("ltv", (120, 0.25, 0.05), 600.0), ("ltv", (100, 0.5, 0.0), nan), ("ltv", (100, 0.5, -0.1), nan),
    ("ltv", (100, 1.5, 0.1), nan), ("ltv", (100, 0.5, 0.2, 0.05), 100 * 0.5 * 1.05 / 0.25),
    ("ltv_cac", (900, 300), 3.0), ("cac_payback", (300, 50, 0.5), 12.0), ("cac_payback", (300, 50, 0), nan),
    ("purchase_frequency", (45, 30), 1.5), ("nps_counts", (6, 2, 2), 40.0), ("nps_counts", (0, 0, 0), nan),
    ("content_conversion_rate", (9, 300), 0.03), ("open_rate", (2133, 10000), 0.2133),
    ("click_rate", (262, 10000), 0.0262), ("click_to_open_rate", (20, 80), 0.25),
    ("unsubscribe_rate", (2, 1000), 0.002), ("email_bounce_rate", (15, 500), 0.03),
    ("engagement_rate", (120, 4000), 0.03), ("gross_margin", (500, 650), -150.0),
    ("gross_margin_rate", (500, 125), 0.75), ("gross_margin_rate", (0, 10), nan),
    ("profitability", (-20, 400), -0.05), ("goal_progress", (35, 50, 20), 0.5),
    ("goal_progress", (0.04, 0.04, 0.04), nan), ("goal_progress", (7, 10), 0.7),
    ("ab_uplift", (50, 1000, 60, 1000), 0.2), ("ab_uplift", (0, 1000, 60, 1000), nan),
    ("nps", ([9, 10, 7, 3],), 25.0), ("nps", ([11, 9],), nan), ("nps", ([],), nan),
    ("csat", ([1, 2, 3],), 0.0), ("csat", ([4, 5, 6],), nan), ("csat", ([9, 10, 2, 8], 10), 0.5),
    ("avg_position", ([2, 4], [1, 3]), 3.5), ("avg_position", ([2, 4], [0, 0]), nan),
    ("avg_position", ([0.5],), nan),
    ("sales_cycle", ([dt.date(2026, 1, 1), dt.date(2026, 2, 1)], [dt.date(2026, 1, 31), None]), 30.0),
    ("sales_cycle", ([10, 20], [5, 30]), nan),
    ("vs_benchmark", (0.04266, "open rate"), 0.04266 / 0.2133), ("vs_benchmark", (6, "CAC_PAYBACK"), 2.0),
    ("vs_benchmark", (0.5, "ROI"), nan),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES)
def test_hand_computed_case(name, args, expected):
    got = getattr(kpixl, name)(*args)
    assert isinstance(got, float)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_arrays_broadcast_element_by_element():
    got = kpixl.ctr(np.array([[1, 2], [0, 4]]), np.array([10, 0]))
    np.testing.assert_array_equal(got, [[0.1, nan], [0.0, nan]])
    assert isinstance(got, np.ndarray) and got.dtype == np.float64


def test_lists_give_lists_and_series_give_series():
    assert kpixl.cpc([10, 20, 5], [2, 0, 5]) == [5.0, nan, 1.0] or math.isnan(kpixl.cpc([10, 20, 5], [2, 0, 5])[1])
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


def test_no_warning_is_printed():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kpixl.ctr(np.array([1.0, 0.0, -1.0]), np.array([0.0, 0.0, 0.0]))
        kpixl.ab_pvalue(0, 0, 0, 0)
        kpixl.goal_expected(1, 0, 10, 5, 7)


@pytest.mark.parametrize(("call", "arg"), [
    (lambda: kpixl.ctr("five", 10), "clicks"),
    (lambda: kpixl.ctr(5, [10, "x"]), "impressions"),
    (lambda: kpixl.ltv(100, 0.5, True), "churn_rate"),
    (lambda: kpixl.nps(["9", 10]), "scores"),
    (lambda: kpixl.roi(pd.Series(["a"]), 1), "revenue"),
    (lambda: kpixl.goal_status(1, 2, 0, 1, 9, 5, 0.1, "de"), "lang"),
    (lambda: kpixl.goal_required_rate(1, 2, 9, 5, "fortnight"), "per"),
    (lambda: kpixl.benchmark("no such kpi"), "kpi_name"),
])
def test_bad_input_raises_a_value_error_naming_the_argument(call, arg):
    with pytest.raises(kpixl.KpiInputError, match=f"^{arg}:") as info:
        call()
    assert isinstance(info.value, ValueError) and info.value.arg == arg


def test_mismatched_shapes_are_an_input_error():
    with pytest.raises(kpixl.KpiInputError, match="shapes do not match"):
        kpixl.ctr([1, 2, 3], [1, 2])


def test_missing_values_are_nan():
    assert math.isnan(kpixl.ctr(None, 10))
    assert math.isnan(kpixl.ctr(pd.Series([1.0, None]), 10).iloc[1])


def test_dates_as_dates_or_serials():
    d = kpixl.goal_expected(100, 0, dt.date(2026, 1, 1), dt.date(2026, 1, 11), dt.datetime(2026, 1, 6))
    s = kpixl.goal_expected(100, 0, 46023, 46033, 46028)
    assert d == s == 50.0
    ts = kpixl.goal_expected(100, 0, pd.Timestamp("2026-01-01"), np.datetime64("2026-01-11"), 46028)
    assert ts == 50.0
