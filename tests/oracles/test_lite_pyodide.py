"""xlwings Lite workbooks compute in a real Pyodide (the generation Lite runs), with only the code they carry."""

from __future__ import annotations

import math

import pytest

import kpixl
from kpixl.build import build_goals

from lite_harness import run, settings

ERRORS = {"Div0": "#DIV/0!", "Num": "#NUM!", "Value": "#VALUE!", "NotAvailable": "#N/A"}


def _same(got, cached) -> bool:
    if isinstance(got, dict):
        return ERRORS.get(got.get("errorType")) == cached
    if got in (None, "") and cached in (None, ""):
        return True
    if isinstance(got, bool) or isinstance(cached, bool):
        return got == cached
    if isinstance(got, (int, float)) and isinstance(cached, (int, float)):
        return math.isclose(got, cached, rel_tol=1e-9, abs_tol=1e-12)
    return got == cached


@pytest.fixture(scope="module")
def lite_books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lite")
    dashboard = kpixl.build_dashboard(
        kpixl.sample_data(months=4), folder / "dashboard.xlsx", formulas="lite", lang="fr"
    )
    goals = build_goals(folder / "goals.xlsx", formulas="lite")
    return [dashboard, goals]


def test_the_workbook_carries_its_code(lite_books):
    for path in lite_books:
        found = settings(path)
        assert "from kpixl.udfs import *" in found["main.py"]
        assert f"kpixl {kpixl.__version__}" in found["main.py"]
        assert "kpixl" not in found["requirements.txt"]  # nothing that no index serves
        assert found["pyodideVersion"] == "0.27.7"
        assert len(found["main.py"]) < 1_000_000


ERROR = {"type": "Error", "basicType": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}  # as Office.js sends it
KINDS = [None, "", 0.0, 1.5, "text", "42", True, float("nan"), ERROR, "#N/A"]  # a blank cell is None (Pyodide 0.27)
EVERY_CELL_KIND = [  # KPI_CTR with each kind of cell in a column beside numbers, and alone: no cached value
    {"sheet": "-", "cell": "-", "func": "KPI_CTR", "args": args, "expected": None, "pick": None, "dash": False}
    for kind in KINDS
    for args in ([[[kind], [500.0], [kind]], [[10_000.0], [10_000.0], [0.0]]], [[[500.0]], [[kind]]])
]


@pytest.mark.parametrize("which", [0, 1])
def test_every_function_registers_and_gives_the_cached_values(lite_books, tmp_path, which):
    path = lite_books[which]
    out, calls = run(path, tmp_path, EVERY_CELL_KIND)
    assert "pandas" not in out["imported"], "kpixl's functions imported pandas"
    named = {c["func"] for c in calls}
    assert named <= set(out["names"]), named - set(out["names"])
    assert len(out["names"]) == len(kpixl.catalog())
    checked = 0
    for call, got in zip(calls, out["results"]):
        if call["expected"] is None or call["expected"] == [[""]] or call["expected"] == [[None]]:
            continue
        rows = got if isinstance(got, list) else [[got]]
        if call["pick"]:  # INDEX(KPI_FUNNEL(...),i,j): one cell of the answer
            i, j = call["pick"]
            rows = [[rows[i][j]]]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cached = call["expected"][r][c]
                if call["dash"] and cached == "–":  # IFERROR(call,"–"): the call answered an Excel error
                    assert isinstance(value, dict) and value["type"] == "Error", (call["cell"], r, value)  # Office.js
                else:
                    assert _same(value, cached), (call["sheet"], call["cell"], call["func"], r, c, value, cached)
                checked += 1
    assert checked > (200 if which == 0 else 30)  # goals: 6 example goals x 6 KPI cells
    # kpixl resolves xlwings' per-cell JsNull check once (kpixl.excel.xlwings_fix): the same answers as with
    # xlwings' own check, on every call of the workbook (blanks, None, NaN, errors, text and numbers)
    wanted = {"Engine.clean_value_data", "CleanDataForWriteStage.__call__"}
    assert wanted <= set(out["fixed"]), out["fixed"]
    assert ("xlwings.utils.is_jsnull" in out["fixed"]) == out["slow_check"]  # fixed where xlwings has it
    assert out["as_released"] == out["results"]


def test_the_functions_do_not_import_pandas():
    """Loading kpixl's functions in Lite must be fast: pandas is imported only by what needs it."""
    import subprocess
    import sys

    code = "import sys, kpixl, kpixl.excel.values; kpixl.ctr(1, 2); print('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
