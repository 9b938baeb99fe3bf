"""A dashboard from a Parquet file of ROWS rows (default 20 000 000), summed inside DuckDB.

Floors, in the same run: DuckDB's own GROUP BY of the same file to the same grain (day x channel x
campaign), and that GROUP BY followed by XlsxWriter writing the sums as a raw table (29 200 rows:
730 days x 40 campaigns), the least a workbook of them costs. kpixl reads the sums, checks them
like any data and writes the whole dashboard workbook. The workbooks are written in a child
process each, timed inside it once its imports are done (as bench_dashboard.py times), and from
outside (interpreter and imports included). Peak memory is each child's own maximum resident set, as it reports it.
Run: python benchmarks/bench_engines.py [ROWS]   (needs pip install 'kpixl[engines]')
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from kpixl.data.sources import read_data

from _timing import child_env

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
CHILD = """
import sys, time, resource, duckdb, xlsxwriter
if sys.argv[3] != "floor":
    import kpixl.build
start = time.perf_counter()
if sys.argv[3] == "floor":
    with duckdb.connect() as con:
        sums = con.sql(sys.argv[4]).fetchall()
    wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
    ws = wb.add_worksheet()
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["Date", "Channel", "Campaign", "Impressions", "Clicks", "Leads", "Cost", "Revenue"])
    for i, row in enumerate(sums, start=1):
        ws.write_datetime(i, 0, row[0], date)
        ws.write_row(i, 1, row[1:])
    wb.close()
else:
    kpixl.build.build_dashboard(sys.argv[1], sys.argv[2], formulas="native", force=True)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def child(job: str, parquet: Path, out: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """(seconds inside the child once its imports are done, seconds from outside, its own peak MB)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(parquet), str(out), job, GROUP.format(path=parquet)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    outside = time.perf_counter() - start
    inside, peak = map(float, done.stdout.split())
    return inside, outside, peak


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    parquet = folder / "campaigns.parquet"
    start = time.perf_counter()
    with duckdb.connect() as con:
        con.execute(GENERATE.format(path=parquet))
    size = parquet.stat().st_size / 2**20
    print(f"{ROWS:,} rows written to Parquet ({size:.0f} MB) in {time.perf_counter() - start:.1f} s")
    groups, reads, floors, ours, env = [], [], [], [], child_env()
    for _ in range(3):
        start = time.perf_counter()
        with duckdb.connect() as con:
            sums = con.sql(GROUP.format(path=parquet)).to_arrow_table()
        groups.append(time.perf_counter() - start)
        start = time.perf_counter()
        read_data(parquet)
        reads.append(time.perf_counter() - start)
        floors.append(child("floor", parquet, folder / "floor.xlsx", env))
        ours.append(child("kpixl", parquet, folder / "out.xlsx", env))
    group, read = statistics.median(groups), statistics.median(reads)
    floor, floor_outside = (statistics.median(f[i] for f in floors) for i in (0, 1))
    mine, mine_outside = (statistics.median(f[i] for f in ours) for i in (0, 1))
    print(f"medians of 3 ({sums.num_rows:,} sums):")
    print(f"  DuckDB GROUP BY of the file (floor)                 {group:6.2f} s")
    print(f"  kpixl: sums in DuckDB, read and checked             {read:6.2f} s   {read / group:.1f}x GROUP BY")
    print(f"  GROUP BY + XlsxWriter writing the sums (floor)      {floor:6.2f} s   {floor_outside:6.2f} s with imports")
    print(
        f"  kpixl: the whole dashboard workbook                 {mine:6.2f} s   {mine_outside:6.2f} s with imports"
        f"   {mine / group:.1f}x GROUP BY, {mine / floor:.1f}x the workbook floor"
    )
    peak, floor_peak = (max(p for *_, p in runs) for runs in (ours, floors))
    print(f"  kpixl peak memory                                   {peak:6.0f} MB   (the floor's: {floor_peak:.0f} MB)")


if __name__ == "__main__":
    main()
