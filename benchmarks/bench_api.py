"""kpixl.ctr on 10 million elements against the bare numpy expression ``clicks / impressions``.

Three inputs: clean arrays, arrays with 0.1 % zero impressions (those results are NaN), and pandas
Series; on every core (kpixl splits arrays of a million elements or more between threads), then on one
core, as on a one-core machine or in xlwings Lite. Runs are interleaved so that machine noise hits all
alike; medians of RUNS.
Run: python benchmarks/bench_api.py [RUNS]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

import kpixl
from kpixl.compute import engine

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

    def one_core(job: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            cores, engine.CORES = engine.CORES, 1
            try:
                return job()
            finally:
                engine.CORES = cores

        return run

    kpis = {
        "arrays": lambda: kpixl.ctr(clicks, impressions),
        "0.1 % zero impressions": lambda: kpixl.ctr(clicks, with_zeros),
        "Series": lambda: kpixl.ctr(clicks_s, impressions_s),
    }
    jobs = {"bare numpy": bare}
    jobs |= {f"kpixl.ctr, {name}": job for name, job in kpis.items()}
    jobs |= {f"kpixl.ctr, {name}, one core": one_core(job) for name, job in kpis.items()}
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(RUNS):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(t) for name, t in times.items()}
    floor = median["bare numpy"]
    print(f"{N:,} elements, {engine.CORES} cores, medians of {RUNS} interleaved runs")
    print("floor: bare numpy clicks / impressions, on one core")
    for name, t in median.items():
        ratio = t / floor
        verdict = "" if name == "bare numpy" else f"{ratio:.2f}x  {'ok' if ratio <= TARGET else 'ABOVE TARGET'}"
        print(f"  {name:46} {t * 1e3:6.1f} ms  {verdict}")


if __name__ == "__main__":
    main()
