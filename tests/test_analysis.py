"""A/B tests against statsmodels, sample sizes, funnels and the catalog look-ups."""

import math

import numpy as np
import pytest
from statsmodels.stats.proportion import proportions_ztest

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
