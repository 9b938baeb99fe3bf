"""A/B tests: the two-proportion z-test and the sample size it needs.

p-value (pooled z-test, as statsmodels' ``proportions_ztest``)::

    p = (conv_a + conv_b) / (n_a + n_b)
    z = (conv_b / n_b - conv_a / n_a) / sqrt(p (1 - p) (1 / n_a + 1 / n_b))
    two tails: erfc(|z| / sqrt 2)      one tail (B better than A): erfc(z / sqrt 2) / 2

Sample size per variant, for baseline rate p1 and relative effect m (p2 = p1 (1 + m)),
pooled variance under the null, unpooled under the alternative, no continuity
correction::

    n = ceil((z(1 - alpha/2) sqrt(2 q (1 - q)) + z(power) sqrt(p1 (1 - p1) + p2 (1 - p2)))^2
             / (p2 - p1)^2),   q = (p1 + p2) / 2
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import cast

import numpy as np

_erfc = np.vectorize(math.erfc, otypes=[float])
_inv_cdf = np.vectorize(lambda q: NormalDist().inv_cdf(q) if 0 < q < 1 else math.nan, otypes=[float])


def ab_z(conv_a, n_a, conv_b, n_b) -> np.ndarray:
    """The pooled two-proportion z statistic (B minus A)."""
    with np.errstate(all="ignore"):
        pooled = (conv_a + conv_b) / (n_a + n_b)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
        z = (conv_b / n_b - conv_a / n_a) / se
    bad = (conv_a > n_a) | (conv_b > n_b)
    return np.where(bad, np.nan, z)


def ab_pvalue(conv_a, n_a, conv_b, n_b, tails) -> np.ndarray:
    """p-value of the pooled z-test; one tail tests "B converts better than A"."""
    z = ab_z(conv_a, n_a, conv_b, n_b)
    two = _erfc(np.abs(z) / math.sqrt(2))
    one = _erfc(z / math.sqrt(2)) / 2
    return np.where(tails == 2, two, np.where(tails == 1, one, np.nan))


def ab_significant(conv_a, n_a, conv_b, n_b, alpha) -> np.ndarray:
    """True where the two-tailed p-value is below ``alpha``."""
    p = ab_pvalue(conv_a, n_a, conv_b, n_b, 2)
    undefined = np.isnan(p) | ~((alpha > 0) & (alpha < 1))
    return cast(np.ndarray, np.where(undefined, None, p < alpha))  # numpy's stubs mistake this for where(cond)


def ab_sample_size(baseline_rate, min_detectable_effect, alpha, power) -> np.ndarray:
    """Visitors needed in each variant to detect the relative effect (two-sided)."""
    p1 = baseline_rate
    p2 = baseline_rate * (1 + min_detectable_effect)
    q = (p1 + p2) / 2
    with np.errstate(all="ignore"):
        top = _inv_cdf(1 - alpha / 2) * np.sqrt(2 * q * (1 - q)) + _inv_cdf(power) * np.sqrt(
            p1 * (1 - p1) + p2 * (1 - p2)
        )
        n = np.ceil(top**2 / (p2 - p1) ** 2 - 1e-9)
    valid = (p1 > 0) & (p1 < 1) & (p2 > 0) & (p2 < 1)
    return np.where(valid, n, np.nan)


def ab_srm(n_a, n_b, share_a) -> np.ndarray:
    """p-value of the chi-square test that the visitors split as planned (1 degree of freedom).

    A sample ratio mismatch (p below 0.001) means the split itself is broken: the result of the
    test cannot be trusted, whatever its p-value says.
    """
    with np.errstate(all="ignore"):
        total = n_a + n_b
        expected_a, expected_b = total * share_a, total * (1 - share_a)
        chi2 = (n_a - expected_a) ** 2 / expected_a + (n_b - expected_b) ** 2 / expected_b
        p = _erfc(np.sqrt(chi2 / 2))  # the chi-square survival function for 1 degree of freedom
    return np.where((share_a > 0) & (share_a < 1), p, np.nan)


def ab_uplift_bound(conv_a, n_a, conv_b, n_b, confidence, side: int) -> np.ndarray:
    """A bound of the confidence interval of the relative uplift (B over A), from the log of the
    rate ratio: ``exp(ln(rate_b / rate_a) ± z sqrt(1/conv_b - 1/n_b + 1/conv_a - 1/n_a)) - 1``."""
    with np.errstate(all="ignore"):
        z = _inv_cdf(1 - (1 - confidence) / 2)
        log_ratio = np.log((conv_b / n_b) / (conv_a / n_a))
        se = np.sqrt(1 / conv_b - 1 / n_b + 1 / conv_a - 1 / n_a)
        bound = np.expm1(log_ratio + side * z * se)
    # no conversions on one side: no log of the ratio, no interval (numpy would give -100 % for B's zero)
    bad = (conv_a > n_a) | (conv_b > n_b) | ~((confidence > 0) & (confidence < 1)) | (conv_a == 0) | (conv_b == 0)
    return np.where(bad, np.nan, bound)


def ab_uplift_lower(conv_a, n_a, conv_b, n_b, confidence) -> np.ndarray:
    """The lower bound of the uplift's confidence interval."""
    return ab_uplift_bound(conv_a, n_a, conv_b, n_b, confidence, -1)


def ab_uplift_upper(conv_a, n_a, conv_b, n_b, confidence) -> np.ndarray:
    """The upper bound of the uplift's confidence interval."""
    return ab_uplift_bound(conv_a, n_a, conv_b, n_b, confidence, 1)


def ab_days_needed(n_a, n_b, days_running, needed) -> np.ndarray:
    """Whole days until both variants reach ``needed`` visitors at their current daily traffic."""
    with np.errstate(all="ignore"):
        days_a = (needed - n_a) / (n_a / days_running)
        days_b = (needed - n_b) / (n_b / days_running)
        days = np.ceil(np.maximum(np.maximum(days_a, days_b) - 1e-9, 0))
    return np.where(days_running > 0, days, np.nan)


def ab_sequential_pvalue(conv_a, n_a, conv_b, n_b, effect) -> np.ndarray:
    """Always-valid p-value of the mixture sequential probability ratio test (mSPRT).

    It may be read after every visitor and the test stopped as soon as it falls below alpha,
    without the false alarms that peeking at the classic p-value gives (Johari, Pekelis and
    Walsh, "Always valid inference", 2017). The rate difference ``d`` has the variance
    ``v = rate_a (1-rate_a)/n_a + rate_b (1-rate_b)/n_b``; the mixture is normal with
    ``tau = effect x pooled rate``; ``p = min(1, sqrt((v+tau^2)/v) exp(-d^2 tau^2 / (2 v (v+tau^2))))``.
    Read once, it is no smaller than the running minimum the test defines, so it stays valid.
    """
    with np.errstate(all="ignore"):
        rate_a, rate_b = conv_a / n_a, conv_b / n_b
        v = rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b
        tau2 = (effect * (conv_a + conv_b) / (n_a + n_b)) ** 2
        d = rate_b - rate_a
        p = np.sqrt((v + tau2) / v) * np.exp(-(d**2) * tau2 / (2 * v * (v + tau2)))
    bad = (conv_a > n_a) | (conv_b > n_b) | ~(effect > 0) | (v == 0)
    return np.where(bad, np.nan, np.minimum(p, 1.0))
