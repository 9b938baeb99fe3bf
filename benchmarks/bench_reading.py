"""Reading a campaign CSV of ROWS rows (default 1 000 000) as an export would write it.

Floor: ``pandas.read_csv`` on the same file in the same run (C parser, default inference).
kpixl does more: it finds the header, decides each column's decimal mark and each date
column's order from all the values, drops summary rows and checks every number.
Run: python benchmarks/bench_reading.py [ROWS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from kpixl.data.sample import sample_data
from kpixl.data.sources import read_data

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def main() -> None:
    base = sample_data()
    data = base.iloc[np.arange(ROWS) % len(base)].reset_index(drop=True)
    data["date"] = pd.to_datetime(data["date"]).dt.strftime("%Y-%m-%d")
    path = Path(tempfile.mkdtemp()) / "campaigns.csv"
    data.to_csv(path, index=False)
    floors, ours = [], []
    pd.read_csv(path), read_data(path)  # a first run of each, untimed: files in the page cache, code loaded
    for _ in range(3):
        start = time.perf_counter()
        pd.read_csv(path)
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        df, _ = read_data(path)
        ours.append(time.perf_counter() - start)
    assert len(df) == ROWS and abs(df["cost"].sum() - data["cost"].sum()) <= 1e-9 * data["cost"].sum()
    floor, kpixl_time = statistics.median(floors), statistics.median(ours)
    print(f"{ROWS:,} rows, {path.stat().st_size / 2**20:.0f} MB, medians of 3:")
    print(f"  pandas.read_csv (floor)  {floor:6.2f} s")
    print(f"  kpixl read_data          {kpixl_time:6.2f} s   {kpixl_time / floor:.2f}x the floor")
    xlsx_rows = min(ROWS, 300_000)
    book = path.with_suffix(".xlsx")
    data.head(xlsx_rows).to_excel(book, index=False)
    floors, ours = [], []
    for _ in range(3):
        start = time.perf_counter()
        CalamineWorkbook.from_path(str(book)).get_sheet_by_index(0).to_python()
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        read_data(book)
        ours.append(time.perf_counter() - start)
    floor, kpixl_time = statistics.median(floors), statistics.median(ours)
    print(f"{xlsx_rows:,} rows of .xlsx, medians of 3:")
    print(f"  python-calamine alone (floor)  {floor:6.2f} s")
    print(f"  kpixl read_data                {kpixl_time:6.2f} s   {kpixl_time / floor:.2f}x the floor")


if __name__ == "__main__":
    main()
