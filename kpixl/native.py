"""Native Excel formulas from the catalog: the KPIs without the add-in.

Arithmetic KPIs get their formula from the catalog expression, guarded so that they
follow the same rules as the Excel functions: an all-blank row gives an empty cell,
an out-of-domain input gives ``#NUM!``, a zero denominator ``#DIV/0!``. Only
functions of Excel 2010 (and LibreOffice) are used.
"""

from __future__ import annotations

from .api import expression
from .catalog import ANY, REQUIRED, TODAY, Kpi
from .goals import PERIOD_DAYS, STATUSES


def literal(value: object) -> str:
    """An Excel literal for a Python default."""
    if value is TODAY:
        return "TODAY()"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def refs_with_defaults(kpi: Kpi, refs: dict[str, str]) -> dict[str, str]:
    """``refs`` completed with the literal defaults of the arguments left out."""
    out = {}
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
        body = expr.excel(r)
        tests = [arg.domain.excel_violation(r[arg.name]) for arg in kpi.args if arg.domain != ANY]
        tests = [t for test in tests if test for t in test.split(" OR ")]
        if tests:
            body = f"IF(OR({','.join(tests)}),#NUM!,{body})"
        required = ",".join(r[a.name] for a in kpi.args if not a.optional)
        return f'IF(COUNTA({required})=0,"",{body})'
    if kpi.native is None:
        return _SPECIAL.get(kpi.name, lambda r: None)(r)
    return kpi.native(r) if callable(kpi.native) else kpi.native.format(**r)


def _choice(ref: str, options: dict[str, str], default: str) -> str:
    """A literal ref picks its value now; a cell ref picks it in Excel with nested IFs."""
    key = ref.strip('"').lower()
    if ref.startswith('"'):
        return options.get(key, default)
    out = default
    for name, value in options.items():
        out = f'IF({ref}="{name}",{value},{out})'
    return out


def _share(r: dict[str, str]) -> str:
    return (f"IF({r['deadline']}={r['start_date']},IF({r['as_of']}>={r['deadline']},1,0),"
            f"MIN(1,MAX(0,({r['as_of']}-{r['start_date']})/({r['deadline']}-{r['start_date']}))))")


def _goal_status(r: dict[str, str]) -> str:
    labels = [_choice(r["lang"], {lang: f'"{s[i]}"' for lang, s in STATUSES.items()}, f'"{STATUSES["en"][i]}"')
              for i in range(6)]
    achieved, on_track, at_risk, off_track, missed, not_started = labels
    p = f"(({r['actual']}-{r['baseline']})/({r['target']}-{r['baseline']}))"
    e = _share(r)
    return (f"IF({r['deadline']}<{r['start_date']},#NUM!,IF({p}>=1-1E-12,{achieved},"
            f"IF({r['as_of']}>{r['deadline']},{missed},IF({r['as_of']}<{r['start_date']},{not_started},"
            f"IF({p}>={e}-1E-12,{on_track},IF({p}>={e}-{r['tolerance']}-1E-12,{at_risk},{off_track}))))))")


def _goal_required_rate(r: dict[str, str]) -> str:
    days = _choice(r["per"], {k: f"{v:.10g}" for k, v in PERIOD_DAYS.items()}, "#VALUE!")
    return (f"IF({r['deadline']}<{r['as_of']},#NUM!,"
            f"({r['target']}-{r['actual']})/(({r['deadline']}-{r['as_of']})/{days}))")


_SPECIAL = {"GOAL_STATUS": _goal_status, "GOAL_REQUIRED_RATE": _goal_required_rate}
