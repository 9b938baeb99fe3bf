"""The KPI_* functions as classic xlwings (Windows, UDF_MODULES) declares them to Excel.

``xlwings.udfs`` is xlwings' own classic UDF code; on Linux it imports once the Windows
COM modules exist, so only those are stubbed. ``generate_vba_wrapper`` writes the VBA
that Import Functions puts into the workbook.
"""

import io
import re
import sys
import types

import pytest

import kpixl
import kpixl.excel.udfs
import kpixl.udfs
from kpixl.catalog import REQUIRED

# Words VBA reserves: an argument named like one would break the generated module.
VBA_KEYWORDS = {
    "and",
    "as",
    "boolean",
    "byref",
    "byte",
    "byval",
    "call",
    "case",
    "close",
    "const",
    "currency",
    "date",
    "debug",
    "decimal",
    "declare",
    "dim",
    "do",
    "double",
    "each",
    "else",
    "elseif",
    "empty",
    "end",
    "enum",
    "eqv",
    "erase",
    "error",
    "event",
    "exit",
    "false",
    "for",
    "friend",
    "function",
    "get",
    "global",
    "gosub",
    "goto",
    "if",
    "imp",
    "implements",
    "in",
    "input",
    "integer",
    "is",
    "let",
    "lib",
    "like",
    "line",
    "load",
    "lock",
    "long",
    "loop",
    "lset",
    "me",
    "mod",
    "name",
    "new",
    "next",
    "not",
    "nothing",
    "null",
    "object",
    "on",
    "open",
    "option",
    "optional",
    "or",
    "paramarray",
    "preserve",
    "print",
    "private",
    "property",
    "public",
    "put",
    "raiseevent",
    "redim",
    "rem",
    "resume",
    "return",
    "rset",
    "seek",
    "select",
    "set",
    "shared",
    "single",
    "static",
    "step",
    "stop",
    "string",
    "sub",
    "then",
    "time",
    "to",
    "true",
    "type",
    "unlock",
    "until",
    "variant",
    "wend",
    "while",
    "with",
    "withevents",
    "write",
    "xor",
}


@pytest.fixture(scope="module")
def classic(request):
    stubs = {name: types.ModuleType(name) for name in ("pythoncom", "pywintypes", "win32com", "win32com.client")}
    stubs["pythoncom"].CoInitialize = lambda: None
    stubs["win32com.client"].Dispatch = None
    stubs["win32com"].client = stubs["win32com.client"]
    saved = {name: sys.modules.get(name) for name in stubs}
    sys.modules.update(stubs)
    try:
        import xlwings.udfs as classic_udfs

        module = types.ModuleType("kpixl_udfs_classic")
        module.__dict__.update(kpixl.excel.udfs.build(classic_udfs.xlfunc, classic_udfs.xlarg))
        vba = io.StringIO()
        workbook = types.SimpleNamespace(Name="dashboard.xlsm")  # only .Name is read
        classic_udfs.generate_vba_wrapper("kpixl.udfs", module, vba, workbook)
        yield module, vba.getvalue()
    finally:
        for name, old in saved.items():
            if old is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old


def _declarations(vba: str) -> dict[str, list[str]]:
    found = re.findall(r"^Function (KPI_\w+)\(([^)]*)\)", vba, flags=re.MULTILINE)
    return {name: [a.strip() for a in args.split(",") if a.strip()] for name, args in found}


def test_every_kpi_is_declared_with_its_arguments_and_optionals(classic):
    _, vba = classic
    declared = _declarations(vba)
    assert set(declared) == {k.excel_name for k in kpixl.catalog().values()}
    for kpi in kpixl.catalog().values():
        want = [f"Optional {a.name}" if a.default is not REQUIRED else a.name for a in kpi.args]
        assert declared[kpi.excel_name] == want


def test_vba_calls_python_with_every_argument(classic):
    _, vba = classic
    assert (
        'KPI_LTV = XLPy.CallUDF("kpixl.udfs", "KPI_LTV", Array(avg_revenue_per_customer, gross_margin, '
        "churn_rate, discount_rate), ThisWorkbook, Application.Caller)" in vba
    )


def test_goal_functions_that_default_to_today_are_volatile(classic):
    _, vba = classic
    for name in ("KPI_GOAL_STATUS", "KPI_GOAL_EXPECTED", "KPI_GOAL_REQUIRED_RATE"):
        body = vba.split(f"Function {name}(")[1].split("End Function")[0]
        assert "Application.Volatile" in body
    assert "Application.Volatile" not in vba.split("Function KPI_CTR(")[1].split("End Function")[0]


def test_no_argument_is_a_vba_keyword():
    names = {a.name.lower() for k in kpixl.catalog().values() for a in k.args}
    assert not names & VBA_KEYWORDS


def test_function_wizard_help(classic):
    module, _ = classic
    ltv = module.KPI_LTV.__xlfunc__
    assert ltv["category"] == "kpixl" and ltv["ret"]["doc"].startswith("Customer lifetime value")
    docs = {a["name"]: a["doc"] for a in ltv["args"]}
    assert docs["churn_rate"] == "Churn rate per period, a fraction above 0 and at most 1"
    for kpi in kpixl.catalog().values():
        for arg in getattr(module, kpi.excel_name).__xlfunc__["args"]:
            assert arg["options"] == {"ndim": 2, "err_to_str": True} and len(arg["doc"]) <= 255


def test_classic_call_returns_text_errors_and_values(classic):
    """Classic Excel shows a returned "#DIV/0!" as text: the value is still the rule's answer."""
    module, _ = classic
    assert module.KPI_CTR([[500], [1]], [[10_000], [0]]) == [[0.05], ["#DIV/0!"]]
