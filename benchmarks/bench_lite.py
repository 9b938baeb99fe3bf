"""KPI_CTR over a 100,000 x 1 range in xlwings Lite: the workbook's own code, in a real Pyodide 0.27.7.

The code is what ``kpixl lite`` writes into a workbook (kpixl zipped into ``main.py``), run under Node by the
tests' Pyodide (``tests/checkers/setup.sh pyodide``), through xlwings' Office.js dispatch
(``xlwings.server.custom_functions_call``), with kpixl's null check (``kpixl.excel.xlwings_fix``) and with
xlwings' own, as released. Floor, in the same run: numpy dividing the same lists, lists in and out.
Run: python benchmarks/bench_lite.py [ROWS]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "helpers"))

from outside import checker  # noqa: E402  (sets the tests' Pyodide up on first use)

TARGET = 3.0  # KPI_CTR over a range within 3x numpy on the same lists

BODY = r"""
import os, sys, time, json, statistics, types
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
import numpy as np
import xlwings, xlwings.server as server

import xlwings.pro._xlofficejs as officejs
own = {(m, a): vars(m)[a] for n, m in list(sys.modules.items()) if n.startswith("xlwings") and m is not None
       for a in ("is_jsnull", "_is_jsnull", "js_to_none") if a in vars(m)}
own[officejs.Engine, "clean_value_data"] = vars(officejs.Engine)["clean_value_data"]
import xlwings.conversion.standard as standard
own[standard.CleanDataForWriteStage, "__call__"] = vars(standard.CleanDataForWriteStage)["__call__"]
main = types.ModuleType("main")
exec(compile(MAIN_PY, "main.py", "exec"), main.__dict__)
fixed = {(o, a): vars(o)[a] for o, a in own}
rng = np.random.default_rng(0)
clicks = [[float(v)] for v in rng.integers(0, 500, ROWS)]
impressions = [[float(v)] for v in rng.integers(1, 20_000, ROWS)]
data = {"func_name": "KPI_CTR", "args": [clicks, impressions], "version": xlwings.__version__, "client": "Office.js",
        "runtime": "1.4", "caller_address": "Sheet1!A1", "culture_info_name": "en-US", "date_format": "M/d/yyyy"}

def use(checks):
    for (o, a), f in checks.items():
        setattr(o, a, f)

async def kpi():
    t = time.perf_counter(); await server.custom_functions_call(data, main); return time.perf_counter() - t

def floor():
    t = time.perf_counter()
    (np.asarray(clicks, dtype=float) / np.asarray(impressions, dtype=float)).tolist()
    return time.perf_counter() - t

times = {"numpy": [], "kpixl": [], "as released": []}
for _ in range(REPEAT):
    times["numpy"].append(floor())
    use(fixed); times["kpixl"].append(await kpi())
    use(own); times["as released"].append(await kpi())
print("RESULT " + json.dumps({k: statistics.median(v) for k, v in times.items()}))
"""


def main(rows: int = 100_000, repeat: int = 3) -> None:
    from kpixl.excel.lite import main_py, requirements

    home = checker("pyodide")
    with tempfile.TemporaryDirectory() as work:
        script = Path(work) / "bench.py"
        script.write_text(f"MAIN_PY = {main_py()!r}\nROWS = {rows}\nREPEAT = {repeat}\n" + BODY)
        wanted = [line.split("#")[0].strip() for line in requirements().splitlines()]
        pips = [a for r in wanted if r and r != "numpy" for a in ("--pip", r)]
        done = subprocess.run(["node", str(home / "run.mjs"), *pips, str(script)], capture_output=True, text=True)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"the Pyodide run failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    t = json.loads(line[len("RESULT ") :])
    print(f"xlwings Lite (Pyodide 0.27.7), KPI_CTR over {rows:,} x 1 cells, medians of {repeat}:")
    print(f"  numpy on the same lists (floor): {t['numpy'] * 1e3:8.1f} ms")
    print(f"  kpixl, its null check resolved once: {t['kpixl'] * 1e3:8.1f} ms  {t['kpixl'] / t['numpy']:6.1f}x")
    released = t["as released"]
    print(f"  kpixl, xlwings' check as released:   {released * 1e3:8.1f} ms  {released / t['numpy']:6.1f}x")
    verdict = "within target" if t["kpixl"] / t["numpy"] <= TARGET else "ABOVE TARGET"
    print(f"  target <= {TARGET}x numpy: {verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
