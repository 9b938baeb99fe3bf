"""Timing helpers shared by the benchmark scripts: best of interleaved runs, timed child processes."""

from __future__ import annotations

import compileall
import os
import time
from collections.abc import Callable
from pathlib import Path

import kpixl


def child_env() -> dict[str, str]:
    """The environment of a timed child process, kpixl's bytecode compiled as in an installed package.

    pip compiles a package's bytecode when it installs it; in a source checkout with
    PYTHONDONTWRITEBYTECODE set, every child would compile kpixl's modules again (70 ms) and the
    benchmark would time the compiler, which no user runs twice."""
    compileall.compile_dir(Path(kpixl.__file__).parent, quiet=1)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


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
