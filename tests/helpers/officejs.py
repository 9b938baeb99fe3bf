"""Calling the KPI functions exactly as xlwings Lite and xlwings Server do (Office.js)."""

import asyncio
from typing import Any

import xlwings
import xlwings.server

import kpixl.udfs


def payload_arg(value: Any) -> list[list[Any]]:
    """A Python test value as Office.js sends a range: a 2-D list (lists become columns)."""
    if isinstance(value, list):
        return [[v] for v in value]
    return [[value]]


def call(func_name: str, *args: Any, module=kpixl.udfs) -> Any:
    """Run one custom-function call through ``xlwings.server.custom_functions_call``."""
    data = {
        "func_name": func_name,
        "args": list(args),
        "version": xlwings.__version__,
        "client": "Office.js",
        "runtime": "1.4",
        "caller_address": "Sheet1!A1",
        "culture_info_name": "en-US",
        "date_format": "M/d/yyyy",
    }
    return asyncio.run(xlwings.server.custom_functions_call(data, module))


def error(kind: str) -> dict[str, str]:
    return {"type": "Error", "errorType": kind}


def error_cell(text: str) -> dict[str, str]:
    """An error cell as Office.js passes it in an argument."""
    kinds = {"#DIV/0!": "Div0", "#N/A": "NotAvailable", "#NUM!": "Num", "#VALUE!": "Value", "#REF!": "Ref"}
    return {"type": "Error", "basicValue": text, "errorType": kinds[text]}
