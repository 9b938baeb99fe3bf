"""Building the dashboard at 10 000, 100 000 and 1 000 000 campaign rows, in every host: time and peak memory.

Floor: XlsxWriter writing the same raw table (same rows and columns, constant memory) in the same
run. Each job runs in its own process, so that its peak memory (max RSS) is its own; the times and
peaks are medians of RUNS runs. Targets: at most 1.3x the floor's time at 10,000 rows, 1.5x above,
and 3x its peak memory.
Run: python benchmarks/bench_dashboard.py [ROWS ...] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from _timing import child_env

HOSTS = ("lite", "classic", "native", "lambda")
SMALL = 10_000  # rows: a small dashboard, whose fixed costs a user feels on every build


def time_target(rows: int) -> float:
    return 1.3 if rows <= SMALL else 1.5


JOB = r"""
import sys, time, resource, tempfile, numpy as np
import kpixl, xlsxwriter
from kpixl.data.sample import sample_data
base = sample_data()
data = base.iloc[np.arange({rows}) % len(base)].reset_index(drop=True)
out = tempfile.mkdtemp() + "/out.xlsx"
start = time.perf_counter()
if "{job}" == "floor":
    wb = xlsxwriter.Workbook(out, {{"constant_memory": True}})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, list(data.columns))
    date = wb.add_format({{"num_format": "yyyy-mm-dd"}})
    for i, row in enumerate(data.itertuples(index=False), start=1):
        ws.write_datetime(i, 0, row[0], date)
        ws.write_row(i, 1, row[1:])
    wb.close()
else:
    kpixl.build_dashboard(data, out, formulas="{job}")
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def run(job: str, rows: int, runs: int) -> tuple[float, float]:
    """Median seconds and median peak memory (MB) of ``runs`` runs of one job."""
    results, env = [], child_env()
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", JOB.format(rows=rows, job=job)], capture_output=True, text=True, check=True, env=env
        )
        seconds, peak = map(float, out.stdout.split())
        results.append((seconds, peak))
    return statistics.median(s for s, _ in results), statistics.median(p for _, p in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"medians of {args.runs} runs; targets: time <= 1.3x (10,000 rows) or 1.5x, peak memory < 3x the floor's")
    for rows in args.rows:
        floor, floor_peak = run("floor", rows, args.runs)
        print(f"{rows:>9,} rows  XlsxWriter raw table (floor)  {floor:7.2f} s  peak {floor_peak:6.0f} MB")
        for host in HOSTS:
            seconds, peak = run(host, rows, args.runs)
            ok = seconds <= time_target(rows) * floor and peak < 3 * floor_peak
            print(
                f"{rows:>9,} rows  kpixl dashboard ({host:7})     {seconds:7.2f} s  peak {peak:6.0f} MB  "
                f"{seconds / floor:.2f}x time  {peak / floor_peak:.2f}x memory  {'ok' if ok else 'ABOVE TARGET'}"
            )


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
