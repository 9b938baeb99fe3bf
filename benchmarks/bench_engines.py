"""A dashboard from a Parquet file of ROWS rows (default 20 000 000), summed inside DuckDB.

Floor: DuckDB's own GROUP BY of the same file to the same grain (day x channel x campaign),
in the same run. kpixl then reads the sums, checks them like any data and writes the whole
dashboard workbook (29 200 rows of sums: 730 days x 40 campaigns). Peak memory is the child
process's maximum resident set, measured by the operating system.
Run: python benchmarks/bench_engines.py [ROWS]   (needs pip install 'kpixl[engines]')
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from kpixl.data.sources import read_data

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000_000
DAYS, CAMPAIGNS, CHANNELS = 730, 40, 8

GENERATE = f"""
COPY (
  SELECT DATE '2024-01-01' + CAST(i * {DAYS} // {ROWS} AS INTEGER) AS "Date",
         'Channel ' || (i % {CAMPAIGNS}) % {CHANNELS} AS "Channel",
         'Campaign ' || i % {CAMPAIGNS} AS "Campaign",
         (500 + random() * 1000)::INTEGER AS "Impressions",
         (random() * 40)::INTEGER AS "Clicks",
         (random() * 3)::INTEGER AS "Leads",
         round(random() * 20, 2) AS "Cost",
         round((random() < 0.1)::INTEGER * random() * 150, 2) AS "Revenue"
  FROM range({ROWS}) t(i)
) TO '{{path}}' (FORMAT parquet)
"""
GROUP = """
SELECT "Date", "Channel", "Campaign", sum("Impressions"), sum("Clicks"), sum("Leads"), sum("Cost"), sum("Revenue")
FROM '{path}' GROUP BY ALL
"""
BUILD = """
import sys, kpixl
from kpixl.build import print_progress
kpixl.build_dashboard(sys.argv[1], sys.argv[2], formulas="native", force=True, progress=print_progress)
"""


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    parquet = folder / "campaigns.parquet"
    start = time.perf_counter()
    with duckdb.connect() as con:
        con.execute(GENERATE.format(path=parquet))
    size = parquet.stat().st_size / 2**20
    print(f"{ROWS:,} rows written to Parquet ({size:.0f} MB) in {time.perf_counter() - start:.1f} s")
    floors, reads, ours, peaks = [], [], [], []
    for _ in range(3):
        start = time.perf_counter()
        with duckdb.connect() as con:
            groups = con.sql(GROUP.format(path=parquet)).to_arrow_table()
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        read_data(parquet)
        reads.append(time.perf_counter() - start)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", BUILD, str(parquet), str(folder / "out.xlsx")], check=True)
        ours.append(time.perf_counter() - start)
        peaks.append(max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 2**10)
    floor, read, mine = statistics.median(floors), statistics.median(reads), statistics.median(ours)
    print(f"medians of 3 ({groups.num_rows:,} sums):")
    print(f"  DuckDB GROUP BY of the file (floor)     {floor:6.2f} s")
    print(f"  kpixl: sums in DuckDB, read and checked {read:6.2f} s   {read / floor:.1f}x the floor")
    print(f"  kpixl: the whole dashboard workbook     {mine:6.2f} s   {mine / floor:.1f}x the floor")
    print(f"  kpixl peak memory                       {max(peaks):6.0f} MB   (target < 1024 MB)")


if __name__ == "__main__":
    main()
