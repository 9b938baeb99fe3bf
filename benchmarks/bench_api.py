"""kpixl.ctr on 10 million elements against the bare numpy expression ``clicks / impressions``.

Run: python benchmarks/bench_api.py
"""

from __future__ import annotations

import numpy as np

import kpixl

from _timing import best_times, report

N = 10_000_000


def main() -> None:
    rng = np.random.default_rng(0)
    clicks = rng.integers(0, 1_000, N).astype(float)
    impressions = rng.integers(1, 100_000, N).astype(float)
    with_zeros = impressions.copy()
    with_zeros[::1000] = 0

    def bare():
        with np.errstate(all="ignore"):
            return clicks / impressions

    t = best_times(
        {
            "numpy": bare,
            "kpixl": lambda: kpixl.ctr(clicks, impressions),
            "kpixl, 0.1 % zero impressions": lambda: kpixl.ctr(clicks, with_zeros),
        }
    )
    print(f"bare numpy clicks / impressions on {N:,} elements: {t['numpy'] * 1e3:.1f} ms")
    report("kpixl.ctr / numpy", t["kpixl"] / t["numpy"], 1.5, f"{t['kpixl'] * 1e3:.1f} ms")
    ratio = t["kpixl, 0.1 % zero impressions"] / t["numpy"]
    print(f"kpixl.ctr with 0.1 % zero denominators / numpy: {ratio:.2f}x (every block takes the masked path)")


if __name__ == "__main__":
    main()
