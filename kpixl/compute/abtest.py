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
