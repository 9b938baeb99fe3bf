"""The help Excel shows of each KPI function: in the function wizard (classic xlwings), in Office.js (Lite), in
formula autocomplete (a LAMBDA name's comment)."""

from __future__ import annotations

from ..catalog import REQUIRED, TODAY, Arg, Kpi

EXCEL_TEXT_LIMIT = 255  # Excel cuts function and argument help to 255 characters


def _cut(text: str) -> str:
    return text if len(text) <= EXCEL_TEXT_LIMIT else text[: EXCEL_TEXT_LIMIT - 1] + "…"


def description(kpi: Kpi) -> str:
    """The function help of Excel's function wizard and of Office.js."""
    better = {"higher": " Higher is better.", "lower": " Lower is better.", "target": ""}[kpi.direction]
    return _cut(f"{kpi.label[0]}: {kpi.description[0]}{better} = {kpi.formula}")


def argument_help(arg: Arg) -> str:
    default = ""
    if arg.default is TODAY:
        default = " (default: today)"
    elif arg.default not in (REQUIRED, None) and f"default {arg.default}" not in arg.doc:
        default = f" (default {arg.default})"
    return _cut(f"{arg.doc}{default}")
