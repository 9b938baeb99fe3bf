"""KPI_CTR over a 100 000 x 1 range through xlwings' Office.js dispatch.

Floor: an identity function with the same two range arguments through the same path
(xlwings' own conversion in and out). Also: one range call against 100 000 one-cell calls.
Run: python benchmarks/bench_udfs.py
"""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # xlwings' free non-commercial key
os.environ.setdefault("XLWINGS_ON_SERVER", "true")

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "helpers"))  # the tests' dispatch

import time  # noqa: E402
import types  # noqa: E402

import numpy as np  # noqa: E402
import xlwings.server as server  # noqa: E402

import kpixl  # noqa: E402
import kpixl.udfs  # noqa: E402

from _timing import best_times, report  # noqa: E402
from officejs import call  # noqa: E402

ROWS = 100_000


@server.func
@server.arg("clicks", ndim=2, err_to_str=True)
@server.arg("impressions", ndim=2, err_to_str=True)
def IDENTITY(clicks, impressions):  # noqa: N802 - an Excel function name
    return clicks


floor = types.ModuleType("floor")
floor.IDENTITY = IDENTITY


def main() -> None:
    rng = np.random.default_rng(0)
    clicks = [[float(v)] for v in rng.integers(0, 500, ROWS)]
    impressions = [[float(v)] for v in rng.integers(0, 20_000, ROWS)]  # some zeros: #DIV/0! cells
    t = best_times(
        {
            "identity": lambda: call("IDENTITY", clicks, impressions, module=floor),
            "KPI_CTR": lambda: call("KPI_CTR", clicks, impressions),
        },
        repeat=5,
    )
    print(f"identity through custom_functions_call, {ROWS:,} x 1: {t['identity'] * 1e3:.0f} ms")
    report("KPI_CTR / identity", t["KPI_CTR"] / t["identity"], 3.0, f"{t['KPI_CTR'] * 1e3:.0f} ms")

    from kpixl.excel.values import excel_call

    own = best_times({"layer": lambda: excel_call(kpixl.kpi("CTR"), (clicks, impressions))}, repeat=5)["layer"]
    print(f"kpixl's own layer (cells in, Excel values out, no xlwings): {own * 1e3:.0f} ms")

    sample = 2_000
    start = time.perf_counter()
    for i in range(sample):
        call("KPI_CTR", [clicks[i]], [impressions[i]])
    per_cell = (time.perf_counter() - start) / sample
    print(
        f"one range call vs {ROWS:,} one-cell calls ({per_cell * 1e6:.0f} us each, measured on {sample:,}): "
        f"{per_cell * ROWS / t['KPI_CTR']:.0f}x faster"
    )


if __name__ == "__main__":
    main()
