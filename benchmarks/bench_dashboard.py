"""Building the dashboard from 100 000 campaign rows: time and peak memory.

Floor: XlsxWriter writing the same raw table (same rows and columns, constant memory) in
the same run. Each job runs in its own process so that its peak memory (max RSS) is its own.
Run: python benchmarks/bench_dashboard.py [ROWS]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
JOB = r"""
import sys, time, resource, tempfile, numpy as np
import kpixl
from kpixl.data.sample import sample_data
base = sample_data()
data = base.iloc[np.arange({rows}) % len(base)].reset_index(drop=True)
out = tempfile.mkdtemp() + "/out.xlsx"
start = time.perf_counter()
if "{job}" == "floor":
    import xlsxwriter
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


def run(job: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", JOB.format(rows=ROWS, job=job)], capture_output=True, text=True, check=True
    )
    seconds, peak = map(float, out.stdout.split())
    return seconds, peak


def main() -> None:
    floor = min(run("floor") for _ in range(2))
    print(f"XlsxWriter writing the raw table, {ROWS:,} rows: {floor[0]:.1f} s, peak {floor[1]:.0f} MB")
    for mode in ("udf", "native"):
        seconds, peak = min(run(mode) for _ in range(2))
        print(
            f"kpixl.build_dashboard ({mode}): {seconds:.1f} s = {seconds / floor[0]:.2f}x the raw table, "
            f"peak memory {peak:.0f} MB (limit 300 MB: {'ok' if peak < 300 else 'OVER'})"
        )


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(
        f"(benchmark took {time.perf_counter() - start:.0f} s; max RSS of this process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
