"""The KPI functions on 10 million elements against the bare numpy expression, one KPI of each kind.

Kinds: a quotient (``kpixl.ctr``: ``clicks / impressions``), a quotient times a constant
(``kpixl.cpm``: ``cost / impressions * 1000``, one temporary) and a compound expression
(``kpixl.ltv``: four temporaries). For the quotient also 0.1 % zero denominators (those results are
NaN) and pandas Series. Each runs on every core (kpixl splits arrays of a million elements or more
between threads) and on one core, as on a one-core machine or in xlwings Lite; the floor of each kind
is its bare numpy expression on one core. Runs are interleaved so that machine noise hits all alike;
medians of RUNS.
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
Job = Callable[[], object]


def one_core(job: Job) -> Job:
    def run() -> object:
        cores, engine.CORES = engine.CORES, 1
        try:
            return job()
        finally:
            engine.CORES = cores

    return run


def kinds() -> dict[str, tuple[Job, dict[str, Job]]]:
    """Each kind: its bare numpy floor, and the kpixl calls measured against it."""
    rng = np.random.default_rng(0)
    clicks = rng.integers(0, 1_000, N).astype(float)
    impressions = rng.integers(1, 100_000, N).astype(float)
    cost = rng.uniform(0, 500, N)
    with_zeros = impressions.copy()
    with_zeros[::1000] = 0
    revenue, margin = rng.uniform(10, 100, N), rng.uniform(0.2, 0.8, N)
    churn, discount = rng.uniform(0.01, 0.2, N), rng.uniform(0, 0.05, N)
    clicks_s, impressions_s = pd.Series(clicks), pd.Series(impressions)

    def bare(expression: Job) -> Job:
        def run() -> object:
            with np.errstate(all="ignore"):
                return expression()

        return run

    return {
        "quotient": (
            bare(lambda: clicks / impressions),
            {
                "kpixl.ctr": lambda: kpixl.ctr(clicks, impressions),
                "kpixl.ctr, 0.1 % zero impressions": lambda: kpixl.ctr(clicks, with_zeros),
                "kpixl.ctr, Series": lambda: kpixl.ctr(clicks_s, impressions_s),
            },
        ),
        "quotient x constant": (
            bare(lambda: cost / impressions * 1000),
            {"kpixl.cpm": lambda: kpixl.cpm(cost, impressions)},
        ),
        "compound": (
            bare(lambda: revenue * margin * (1 + discount) / (discount + churn)),
            {"kpixl.ltv": lambda: kpixl.ltv(revenue, margin, churn, discount)},
        ),
    }


def main() -> None:
    measured = kinds()
    jobs: dict[str, Job] = {}
    for kind, (floor, calls) in measured.items():
        jobs[f"{kind}: bare numpy"] = floor
        for name, call in calls.items():
            jobs[f"{kind}: {name}, {engine.CORES} cores"] = call
            jobs[f"{kind}: {name}, one core"] = one_core(call)
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(RUNS):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"{N:,} elements, {engine.CORES} cores, medians of {RUNS} interleaved runs")
    print("each kind against its bare numpy expression on one core; then every cores against one")
    for kind, (_, calls) in measured.items():
        floor = median[f"{kind}: bare numpy"]
        print(f"{kind}: floor {floor * 1e3:.1f} ms")
        for name in calls:
            every, one = median[f"{kind}: {name}, {engine.CORES} cores"], median[f"{kind}: {name}, one core"]
            verdict = "ok" if every / floor <= TARGET else "ABOVE TARGET"
            threads = "ok" if every <= one * 1.05 else "SLOWER ON MORE CORES"
            print(
                f"  {name:36} {engine.CORES} cores {every * 1e3:6.1f} ms {every / floor:5.2f}x {verdict:12}"
                f" one core {one * 1e3:6.1f} ms {one / floor:5.2f}x   cores/one {every / one:4.2f} {threads}"
            )


if __name__ == "__main__":
    main()
