"""Running a Lite workbook's own code in a real Pyodide, as xlwings Lite does, on the workbook's own cells.

The workbook's ``main.py`` and ``requirements.txt`` are read from its document settings
(``xl/webextensions/webextension1.xml``); requirements are installed with micropip; ``main.py`` is
run as the module ``main`` and handed to xlwings' ``custom_functions_meta`` and
``custom_functions_call``. Every ``_xldudf_KPI_*`` call of the workbook whose arguments are cells,
ranges, table columns or literals is made with the values cached in those cells.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import to_excel

from outside import checker

WE = "{http://schemas.microsoft.com/office/webextensions/webextension/2010/11}"
CALL = re.compile(r"_xldudf_(KPI_\w+)\(([^()]*)\)")
REF = re.compile(r"^(?:'((?:[^']|'')+)'!|([A-Za-z0-9_.]+)!)?(\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)$")
TABLE = re.compile(r"^(\w+)\[([^\]]+)\]$")
GUARD = re.compile(r'^IF\(\$?[A-Z]+\$?\d+="","",')
PICK = re.compile(r"^INDEX\((.*),(\d+),(\d+)\)$")  # one cell of a table function's answer


def settings(path: Path) -> dict[str, str]:
    """The Lite document settings of a workbook, decoded."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("xl/webextensions/webextension1.xml"))
    return {p.get("name"): json.loads(p.get("value")) for p in root.iter(f"{WE}property")}


def _split(args: str) -> list[str]:
    out, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(args):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "," and depth == 0:
            out.append(args[start:i])
            start = i + 1
    out.append(args[start:])
    return [a.strip() for a in out if a.strip() != "" or len(out) > 1]


def calls(path: Path) -> list[dict[str, Any]]:
    """Every KPI call of the workbook, with its arguments as cell values and the values cached for it."""
    formulas = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    tables = {t.name: (ws.title, t.ref) for ws in formulas.worksheets for t in ws.tables.values()}
    out = []
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for c in row:
                text = getattr(c.value, "text", c.value)
                if not isinstance(text, str) or "_xldudf_" not in text:
                    continue
                spill = getattr(c.value, "ref", None) or c.coordinate
                for name, args in CALL.findall(text):
                    values = [_resolve(a, ws.title, cached, formulas, tables) for a in _split(args)]
                    if any(v is _UNKNOWN for v in values):
                        continue
                    whole = f"_xldudf_{name}({args})"
                    body = GUARD.sub("", text.lstrip("="))  # IF(C5="","",call): the call's value when C5 is set
                    pick = PICK.match(body)
                    if pick and pick.group(1) == whole:
                        body, at = whole, (int(pick.group(2)) - 1, int(pick.group(3)) - 1)
                    else:
                        at = None
                    dash = body == f'IFERROR({whole},"–")'  # a Campaigns column: an error shows as a dash
                    top = dash or body in (whole, whole + ")")  # the cell's value is this call's value
                    out.append(
                        {
                            "sheet": ws.title,
                            "cell": c.coordinate,
                            "func": name,
                            "args": values,
                            "expected": _block(cached[ws.title], spill) if top else None,
                            "pick": at,
                            "dash": dash,
                        }
                    )
    return out


_UNKNOWN = object()


def _block(ws: Any, ref: str) -> list[list[Any]]:
    c0, r0, c1, r1 = range_boundaries(ref.replace("$", "") if ":" in ref else f"{ref}:{ref}".replace("$", ""))
    return [[_office(ws.cell(r, c).value) for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]


def _office(value: Any) -> Any:
    """A cell value as Office.js passes it: dates are serial numbers."""
    return to_excel(value) if isinstance(value, (dt.date, dt.datetime)) else value


def _resolve(arg: str, sheet: str, cached: Any, formulas: Any, tables: dict[str, tuple[str, str]]) -> Any:
    if arg.startswith('"') and arg.endswith('"'):
        return [[arg[1:-1].replace('""', '"')]]
    try:
        return [[float(arg)]]
    except ValueError:
        pass
    table = TABLE.match(arg)
    if table and table.group(1) in tables:
        where, ref = tables[table.group(1)]
        header = [c.value for c in next(formulas[where][ref].__iter__())]
        name = re.sub(r"'(.)", r"\1", table.group(2))
        if name not in header:
            return _UNKNOWN
        c0, r0, _, r1 = range_boundaries(ref)
        col = c0 + header.index(name)
        return [[cached[where].cell(r, col).value] for r in range(r0 + 1, r1 + 1)]
    m = REF.match(arg)
    if not m:
        return _UNKNOWN
    target = (m.group(1) or "").replace("''", "'") or m.group(2) or sheet
    return _block(cached[target], m.group(3))


SCRIPT = r"""
import asyncio, json, os, sys, types
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
import xlwings, xlwings.server

before = set(sys.modules)
import xlwings.utils
check = getattr(xlwings.utils, "is_jsnull", None)  # xlwings 0.37: imports pyodide.ffi on every call
slow_check = check is not None and "pyodide.ffi" in check.__code__.co_names
import xlwings.pro._xlofficejs as officejs
own = {(m, a): vars(m)[a] for n, m in list(sys.modules.items()) if n.startswith("xlwings") and m is not None
       for a in ("is_jsnull", "_is_jsnull", "js_to_none") if a in vars(m)}  # xlwings' own checks, and cleaning
own[officejs.Engine, "clean_value_data"] = vars(officejs.Engine)["clean_value_data"]
import xlwings.conversion.standard as standard
own[standard.CleanDataForWriteStage, "__call__"] = vars(standard.CleanDataForWriteStage)["__call__"]
main = types.ModuleType("main")
exec(compile(MAIN_PY, "main.py", "exec"), main.__dict__)
fixed = sorted(f"{o.__name__}.{a}" for (o, a), f in own.items() if vars(o)[a] is not f)
meta = xlwings.server.custom_functions_meta(main)
names = sorted(f["name"] for f in meta["functions"])

async def run_all():
    out = []
    for call in CALLS:
        data = {"func_name": call["func"], "args": call["args"], "version": xlwings.__version__,
                "client": "Office.js", "runtime": "1.4", "caller_address": "Sheet1!A1", "culture_info_name": "en-US",
                "date_format": "M/d/yyyy"}
        out.append(await xlwings.server.custom_functions_call(data, main))
    return out

results = await run_all()
imported = sorted(m for m in set(sys.modules) - before if "." not in m)
for (o, a), f in own.items():  # xlwings' own checks back: the same calls must give the same answers
    setattr(o, a, f)
as_released = await run_all()
print("RESULT " + json.dumps({"names": names, "results": results, "imported": imported, "fixed": fixed,
                              "as_released": as_released, "slow_check": slow_check}))
"""


def run(
    path: Path, work: Path, extra: list[dict[str, Any]] | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run the workbook's code in Pyodide on its calls, then ``extra`` ones: ({"names", "results"...}, the calls)."""
    home = checker("pyodide")
    found = settings(path)
    the_calls = calls(path) + list(extra or [])
    script = work / "lite_run.py"
    script.write_text(
        f"MAIN_PY = {found['main.py']!r}\nCALLS = __import__('json').loads("
        f"{json.dumps(the_calls, default=str)!r})\n" + SCRIPT,
        encoding="utf-8",
    )
    pips = []
    for line in found["requirements.txt"].splitlines():
        requirement = line.split("#")[0].strip()
        if requirement and requirement not in ("numpy",):  # numpy: Pyodide's own build, loaded by the harness
            pips += ["--pip", requirement]
    result = subprocess.run(
        ["node", str(home / "run.mjs"), *pips, str(script)], capture_output=True, text=True, timeout=600, cwd=home
    )
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("RESULT ")), None)
    assert line, f"Pyodide run failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return json.loads(line[len("RESULT ") :]), the_calls
