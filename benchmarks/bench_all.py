"""Every benchmark in one run: the KPI functions, the Excel functions, reading, the dashboard, engines.

Run: python benchmarks/bench_all.py  (about 20 minutes on 2 cores; the engines need kpixl[engines])
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SCRIPTS = [
    *("bench_startup.py", "bench_api.py", "bench_udfs.py", "bench_reading.py"),
    *("bench_dashboard.py", "bench_engines.py"),
]


def main() -> None:
    for script in SCRIPTS:
        if script == "bench_engines.py" and importlib.util.find_spec("duckdb") is None:
            print(f"== {script}: skipped (pip install 'kpixl[engines]')")
            continue
        print(f"== {script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=True)


if __name__ == "__main__":
    main()
