"""Timing helpers shared by the benchmark scripts: best of interleaved runs."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_times(funcs: dict[str, Callable[[], object]], repeat: int = 7) -> dict[str, float]:
    """Best wall time of each function, runs interleaved so that machine noise hits all alike."""
    best = dict.fromkeys(funcs, float("inf"))
    for _ in range(repeat):
        for name, f in funcs.items():
            start = time.perf_counter()
            f()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def report(title: str, ratio: float, target: float, detail: str = "") -> None:
    verdict = "within target" if ratio <= target else "ABOVE TARGET"
    print(f"{title}: {ratio:.2f}x (target <= {target}x, {verdict}){'  ' + detail if detail else ''}")
