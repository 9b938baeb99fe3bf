"""Native Excel formulas from the catalog: the KPIs without the add-in.

Arithmetic KPIs get their formula from the catalog expression, guarded so that they
follow the same rules as the Excel functions: an all-blank row gives an empty cell,
an out-of-domain input gives ``#NUM!``, a zero denominator ``#DIV/0!``. The others
carry their template on their entry (``catalog/native_templates.py``). Only functions
of Excel 2010 (and LibreOffice) are used.
"""

from __future__ import annotations

import re

from ..api import denominators, expression
from ..catalog import REQUIRED, Kpi
from ..catalog.native_templates import literal, unknown_option
from ..compute.engine import NUMERIC_KINDS


def refs_with_defaults(kpi: Kpi, refs: dict[str, str]) -> dict[str, str]:
    """``refs`` completed with the literal defaults of the arguments left out."""
    out = {k: v for k, v in refs.items() if k.startswith("_")}  # workbook look-up lists
    for arg in kpi.args:
        if arg.name in refs:
            out[arg.name] = refs[arg.name]
        elif arg.default is not REQUIRED:
            out[arg.name] = literal(arg.default)
        else:
            raise KeyError(f"{kpi.excel_name}: no reference for argument {arg.name!r}")
    return out


def native_formula(kpi: Kpi, refs: dict[str, str]) -> str | None:
    """The native Excel formula (without the leading ``=``), or None if there is none."""
    r = refs_with_defaults(kpi, refs)
    expr = expression(kpi)
    given = [a for a in kpi.args if a.name in refs]  # defaults are literals: nothing to test
    if expr is not None:
        body = expr.excel(r)
        violations = [a.domain.excel_violation(r[a.name]) for a in given if not a.domain.unbounded]
        tests = [t for test in violations if test for t in test.split(" OR ")]
        if tests:
            body = f"IF(OR({','.join(tests)}),#NUM!,{body})"
    elif kpi.native is None:
        return None
    else:
        made = kpi.native(r) if callable(kpi.native) else kpi.native.format(**r)
        if made is None:
            return None
        body = made
        if kpi.elementwise:
            body = why_undefined(kpi, r, given, body)
    return guarded(kpi, r, given, body) if kpi.elementwise else body


def _literal(ref: str) -> bool:
    """Whether ``ref`` is a value written in the formula (``0.1``, ``"en"``, ``TODAY()``), not a cell."""
    return ref.startswith('"') or ref == "TODAY()" or re.fullmatch(r"-?\d+(\.\d*)?([Ee][+-]?\d+)?", ref) is not None


def why_undefined(kpi: Kpi, r: dict[str, str], given: list, body: str) -> str:
    """A KPI's own formula ``body`` with the error of an undefined answer chosen as ``KPI_*`` chooses it: an
    argument out of its domain ``#NUM!``, else a zero denominator of the catalog ``#DIV/0!``, else the
    KPI's own error (``#NUM!``)."""
    domain = [
        test
        for a in given
        if a.kind in NUMERIC_KINDS and (violation := a.domain.excel_violation(r[a.name]))
        for test in violation.split(" OR ")
    ]
    zeros = []
    dates = {a.name for a in kpi.args if a.kind in ("date", "dates")}
    for text in denominators(kpi):
        names = set(re.findall(r"[A-Za-z_]\w*", text))
        if names <= set(r):
            zero = "((" + re.sub(r"[A-Za-z_]\w*", lambda m: r[m.group()], text) + ")=0)"
            given_dates = [f'({r[n]}<>"")' for n in sorted(names & dates)]  # a blank date is missing, not 0
            zeros.append("*".join([*given_dates, zero]))
    otherwise = f"IF(OR({','.join(zeros)}),#DIV/0!,{kpi.undefined})" if zeros else kpi.undefined
    if any(a.kind == "option" for a in given):  # a word the option does not know: #VALUE!, as KPI_* says
        otherwise = f"IF(ERROR.TYPE({body})=3,#VALUE!,{otherwise})"
    body = f"IF(ISERROR({body}),{otherwise},{body})"
    return f"IF(OR({','.join(domain)}),#NUM!,{body})" if domain else body


def guarded(kpi: Kpi, r: dict[str, str], given: list, body: str) -> str:
    """``body`` under the rules of the ``KPI_*`` functions, in their order: an error in an argument is the
    answer (an option's first, then the first argument's), then text or TRUE/FALSE where a number or a date
    goes is ``#VALUE!``, then a row whose required arguments are all blank stays empty."""
    given = [a for a in given if not _literal(r[a.name])]  # a number or a word typed in the formula: nothing to test
    required = ",".join(r[a.name] for a in kpi.args if not a.optional)
    if required:
        body = f'IF(COUNTA({required})=0,"",{body})'
    numbers = [a for a in given if a.kind in ("number", "date")]
    if numbers:
        tests = ",".join(f"ISTEXT({r[a.name]}),ISLOGICAL({r[a.name]})" for a in numbers)
        body = f"IF(OR({tests}),#VALUE!,{body})"
    for a in reversed([a for a in given if a.kind == "option"] + [a for a in given if a.kind != "option"]):
        if a.kind in ("number", "date", "option"):
            body = f"IF(ISERROR({r[a.name]}),{r[a.name]},{body})"
    for a in given:  # an option's error cell, then a word it does not know: whatever else the row holds
        test = unknown_option(a.name, r[a.name]) if a.kind == "option" else None
        if test and not r[a.name].startswith('"'):
            body = f"IF(ISERROR({r[a.name]}),{r[a.name]},IF({test},#VALUE!,{body}))"
    return body
