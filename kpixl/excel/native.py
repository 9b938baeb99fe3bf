"""Native Excel formulas from the catalog: the KPIs without the add-in.

Arithmetic KPIs get their formula from the catalog expression, guarded so that they
follow the same rules as the Excel functions: an all-blank row gives an empty cell,
an out-of-domain input gives ``#NUM!``, a zero denominator ``#DIV/0!``. The others
carry their template on their entry (``catalog/native_templates.py``). Only functions
of Excel 2010 (and LibreOffice) are used.
"""

from __future__ import annotations

from ..api import expression
from ..catalog import REQUIRED, Kpi
from ..catalog.native_templates import literal


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
    if expr is not None:
        given = [a for a in kpi.args if a.name in refs]  # defaults are literals: nothing to test
        body = expr.excel(r)
        violations = [a.domain.excel_violation(r[a.name]) for a in given if not a.domain.unbounded]
        tests = [t for test in violations if test for t in test.split(" OR ")]
        if tests:
            body = f"IF(OR({','.join(tests)}),#NUM!,{body})"
        not_numbers = ",".join(f"ISTEXT({r[a.name]}),ISLOGICAL({r[a.name]})" for a in given)
        body = f"IF(OR({not_numbers}),#VALUE!,{body})"
        required = ",".join(r[a.name] for a in kpi.args if not a.optional)
        return f'IF(COUNTA({required})=0,"",{body})'
    if kpi.native is None:
        return None
    return kpi.native(r) if callable(kpi.native) else kpi.native.format(**r)
