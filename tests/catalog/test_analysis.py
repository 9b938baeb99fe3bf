"""A/B tests against statsmodels, sample sizes, funnels and the catalog look-ups."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.stats import chisquare, norm
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

import kpixl

AB_CASES = [
    (100, 1000, 130, 1000),
    (48, 2000, 61, 2100),
    (5, 80, 2, 95),
    (300, 10_000, 330, 9_000),
    (1, 10, 9, 10),
    (520, 5000, 480, 5000),
]


@pytest.mark.parametrize("case", AB_CASES)
def test_pvalue_matches_statsmodels(case):
    ca, na, cb, nb = case
    two = proportions_ztest([cb, ca], [nb, na])[1]
    larger = proportions_ztest([cb, ca], [nb, na], alternative="larger")[1]
    assert kpixl.ab_pvalue(*case) == pytest.approx(two, abs=1e-9)
    assert kpixl.ab_pvalue(*case, 1) == pytest.approx(larger, abs=1e-9)
    assert kpixl.ab_significant(*case) == (two < 0.05)


def test_pvalue_undefined_cases():
    assert math.isnan(kpixl.ab_pvalue(0, 100, 0, 100))  # no conversions at all
    assert math.isnan(kpixl.ab_pvalue(10, 0, 10, 100))  # no visitors in A
    assert math.isnan(kpixl.ab_pvalue(120, 100, 10, 100))  # more conversions than visitors
    assert math.isnan(kpixl.ab_pvalue(10, 100, 10, 100, 3))  # tails must be 1 or 2


def _sample_size(p1, m, alpha=0.05, power=0.8):
    from statistics import NormalDist

    z = NormalDist().inv_cdf
    p2 = p1 * (1 + m)
    q = (p1 + p2) / 2
    n = (z(1 - alpha / 2) * math.sqrt(2 * q * (1 - q)) + z(power) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2
    return math.ceil(n / (p2 - p1) ** 2)


@pytest.mark.parametrize(
    ("p1", "m", "alpha", "power"),
    [(0.2, 0.25, 0.05, 0.8), (0.03, 0.1, 0.05, 0.8), (0.5, -0.1, 0.01, 0.9), (0.1, 0.5, 0.1, 0.8)],
)
def test_sample_size(p1, m, alpha, power):
    assert kpixl.ab_sample_size(p1, m, alpha, power) == _sample_size(p1, m, alpha, power)


def test_sample_size_reference_value_and_bad_input():
    assert kpixl.ab_sample_size(0.2, 0.25) == 1094
    assert math.isnan(kpixl.ab_sample_size(0.6, 1.0))  # p2 = 1.2 is no rate
    assert math.isnan(kpixl.ab_sample_size(0.2, 0.0))


def test_funnel_by_hand():
    got = kpixl.funnel([10_000, 500, 50, 10])
    assert list(got.columns) == ["step_conversion", "drop_off", "from_first"]
    np.testing.assert_allclose(got.to_numpy(), [[1, 0, 1], [0.05, 0.95, 0.05], [0.1, 0.9, 0.005], [0.2, 0.8, 0.001]])


def test_funnel_after_an_empty_stage():
    got = kpixl.funnel([100, 0, 0]).to_numpy()
    assert got[1, 0] == 0 and math.isnan(got[2, 0]) and got[2, 2] == 0


def test_benchmark_fields():
    assert kpixl.benchmark("KPI_OPEN_RATE") == 0.2133
    assert kpixl.benchmark("taux d'ouverture", "year") == 2019
    assert kpixl.benchmark("OPEN_RATE", "source").startswith("Mailchimp")
    assert kpixl.benchmark("PROFITABILITY") is None
    assert kpixl.benchmark(["CTR", "CPL"]) == [0.03, 66.69]


def test_info_and_list():
    assert kpixl.info("KPI_LTV_CAC", "direction") == "higher is better"
    assert kpixl.info("churn", "label", "fr") == "Taux d'attrition"
    assert kpixl.info("CPM") == "cost / impressions * 1000"
    table = kpixl.list("email", "fr")
    assert table["label"].tolist()[0] == "Taux d'ouverture" and len(table) == 5
    assert len(kpixl.list()) == len(kpixl.catalog())


# A/B trust: each new function against an outside implementation, on random cases.
ab_counts = st.integers(1, 200_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 100_000), st.integers(0, 100_000), st.floats(0.05, 0.95))
def test_srm_matches_scipy_chisquare(n_a, n_b, share):
    assume(n_a + n_b > 0)
    total = n_a + n_b
    want = chisquare([n_a, n_b], f_exp=[total * share, total * (1 - share)]).pvalue
    assert kpixl.ab_srm(n_a, n_b, share) == pytest.approx(want, rel=1e-9, abs=1e-300)


def test_srm_alarm_on_a_broken_split():
    """50/50 planned, 10 000 against 10 500: p = 0.00049, under the usual 0.001 alarm."""
    assert kpixl.ab_srm(10_000, 10_500) < 0.001 < kpixl.ab_srm(10_000, 10_200)


@settings(max_examples=200, deadline=None)
@given(ab_counts, ab_counts, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_uplift_interval_matches_statsmodels(a, b, confidence):
    (conv_a, n_a), (conv_b, n_b) = a, b
    assume(conv_a > 0 and conv_b > 0)
    low, high = confint_proportions_2indep(
        conv_b, n_b, conv_a, n_a, compare="ratio", method="log", alpha=1 - confidence
    )
    assert kpixl.ab_uplift_lower(conv_a, n_a, conv_b, n_b, confidence) == pytest.approx(low - 1, rel=1e-9, abs=1e-12)
    assert kpixl.ab_uplift_upper(conv_a, n_a, conv_b, n_b, confidence) == pytest.approx(high - 1, rel=1e-9, abs=1e-12)
    uplift = kpixl.ab_uplift(conv_a, n_a, conv_b, n_b)
    assert kpixl.ab_uplift_lower(conv_a, n_a, conv_b, n_b, confidence) <= uplift + 1e-12
    assert uplift <= kpixl.ab_uplift_upper(conv_a, n_a, conv_b, n_b, confidence) + 1e-12


@settings(max_examples=100, deadline=None)
@given(
    st.integers(100, 200_000),
    st.integers(100, 200_000),
    st.floats(0.01, 0.5),
    st.floats(-0.3, 0.3),
    st.floats(0.02, 0.5),
)
def test_sequential_pvalue_is_the_mixture_likelihood_ratio(n_a, n_b, rate, change, effect):
    """1 / the likelihood ratio of the normal mixture, integrated by scipy instead of in closed form."""
    conv_a, conv_b = round(n_a * rate), round(n_b * rate * (1 + change))
    rate_a, rate_b = conv_a / n_a, conv_b / n_b
    v = rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b
    assume(v > 0)
    tau = effect * (conv_a + conv_b) / (n_a + n_b)
    d, s = rate_b - rate_a, math.sqrt(v)
    ratio = lambda t: norm.pdf(d, t, s) / norm.pdf(d, 0, s) * norm.pdf(t, 0, tau)  # noqa: E731
    assume(abs(d) / s < 8)  # beyond, the integrand overflows and the p-value is 0 anyway
    lam = quad(ratio, -12 * tau, 12 * tau, points=[0.0, d], limit=200)[0]
    assert kpixl.ab_sequential_pvalue(conv_a, n_a, conv_b, n_b, effect) == pytest.approx(min(1.0, 1 / lam), rel=1e-6)


def test_peeking_fools_the_classic_pvalue_not_the_sequential_one():
    """400 A/A tests (no real difference), each looked at every 500 visitors up to 20 000: stopping at
    the first classic p < 0.05 declares a winner far more often than 5 %; the always-valid one stays under."""
    rng = np.random.default_rng(7)
    tests, looks, step, rate = 400, 40, 500, 0.05
    conv_a = rng.binomial(step, rate, (tests, looks)).cumsum(axis=1).astype(float)
    conv_b = rng.binomial(step, rate, (tests, looks)).cumsum(axis=1).astype(float)
    n = np.arange(1, looks + 1, dtype=float) * step
    classic = kpixl.ab_pvalue(conv_a, n, conv_b, n)
    sequential = kpixl.ab_sequential_pvalue(conv_a, n, conv_b, n)
    false_classic = np.mean((classic < 0.05).any(axis=1))
    false_sequential = np.mean((sequential < 0.05).any(axis=1))
    assert false_classic > 0.15
    assert false_sequential <= 0.05


def test_days_needed_by_hand():
    # 2 400 and 2 380 visitors in 10 days, 7 000 needed: B needs 4 620 more at 238 a day: 19.4, so 20
    assert kpixl.ab_days_needed(2400, 2380, 10, 7000) == 20
    assert kpixl.ab_days_needed(7000, 7100, 30, 7000) == 0
    assert kpixl.ab_days_needed(100, 100, 1, 200) == 1
