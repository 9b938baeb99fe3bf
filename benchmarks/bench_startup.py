"""Starting the command line: ``kpixl --help`` and ``kpixl --version`` against ``python -c pass``.

Floor: a bare interpreter started and stopped, in the same run. Each command runs RUNS times
(default 15), interleaved with the floor, as a child process whose bytecode is compiled as in an
installed package (``child_env``); medians. Target: 3x the floor.
Run: python benchmarks/bench_startup.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from _timing import child_env

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
COMMANDS = {
    "python -c pass (floor)": ["-c", "pass"],
    "kpixl --help": ["-m", "kpixl", "--help"],
    "kpixl --version": ["-m", "kpixl", "--version"],
}
TARGET = 3.0


def main() -> None:
    env = child_env()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(RUNS):
        for name, args in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], check=True, capture_output=True, env=env)
            times[name].append(time.perf_counter() - start)
    floor = statistics.median(next(iter(times.values())))
    print(f"medians of {RUNS} runs; target: {TARGET:g}x the floor")
    for name, measured in times.items():
        seconds = statistics.median(measured)
        verdict = "" if seconds == floor else ("  ok" if seconds <= TARGET * floor else "  ABOVE TARGET")
        print(f"  {name:24} {seconds * 1000:6.0f} ms  {seconds / floor:4.1f}x{verdict}")


if __name__ == "__main__":
    main()
