"""kpixl.ctr on 10 million elements against the bare numpy expression ``clicks / impressions``.

Three inputs: clean arrays, arrays with 0.1 % zero impressions (those results are NaN), and pandas
Series. Runs are interleaved so that machine noise hits all alike; medians of RUNS.
Run: python benchmarks/bench_api.py [RUNS]
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import pandas as pd

import kpixl

N = 10_000_000
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9
TARGET = 1.3


def main() -> None:
    rng = np.random.default_rng(0)
    clicks = rng.integers(0, 1_000, N).astype(float)
    impressions = rng.integers(1, 100_000, N).astype(float)
    with_zeros = impressions.copy()
    with_zeros[::1000] = 0
    clicks_s, impressions_s = pd.Series(clicks), pd.Series(impressions)

    def bare() -> object:
        with np.errstate(all="ignore"):
            return clicks / impressions

    jobs = {
        "bare numpy": bare,
        "kpixl.ctr, arrays": lambda: kpixl.ctr(clicks, impressions),
        "kpixl.ctr, 0.1 % zero impressions": lambda: kpixl.ctr(clicks, with_zeros),
        "kpixl.ctr, Series": lambda: kpixl.ctr(clicks_s, impressions_s),
    }
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(RUNS):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(t) for name, t in times.items()}
    floor = median["bare numpy"]
    print(f"{N:,} elements, medians of {RUNS} interleaved runs; floor: bare numpy clicks / impressions")
    for name, t in median.items():
        ratio = t / floor
        verdict = "" if name == "bare numpy" else f"{ratio:.2f}x  {'ok' if ratio <= TARGET else 'ABOVE TARGET'}"
        print(f"  {name:36} {t * 1e3:6.1f} ms  {verdict}")


if __name__ == "__main__":
    main()
