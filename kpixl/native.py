"""Native Excel formulas from the catalog: the KPIs without the add-in.

Arithmetic KPIs get their formula from the catalog expression, guarded so that they
follow the same rules as the Excel functions: an all-blank row gives an empty cell,
an out-of-domain input gives ``#NUM!``, a zero denominator ``#DIV/0!``. Only
functions of Excel 2010 (and LibreOffice) are used.
"""

from __future__ import annotations

import re

from .api import expression
from .catalog import ANY, REQUIRED, TODAY, Kpi
from .goals import PERIOD_DAYS, SMART_MESSAGES, STATUSES


def literal(value: object) -> str:
    """An Excel literal for a Python default."""
    if value is TODAY:
        return "TODAY()"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


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
        tests = [a.domain.excel_violation(r[a.name]) for a in given if a.domain != ANY]
        tests = [t for test in tests if test for t in test.split(" OR ")]
        if tests:
            body = f"IF(OR({','.join(tests)}),#NUM!,{body})"
        not_numbers = ",".join(f"ISTEXT({r[a.name]}),ISLOGICAL({r[a.name]})" for a in given)
        body = f"IF(OR({not_numbers}),#VALUE!,{body})"
        required = ",".join(r[a.name] for a in kpi.args if not a.optional)
        return f'IF(COUNTA({required})=0,"",{body})'
    if kpi.native is None:
        return _SPECIAL.get(kpi.name, lambda r: None)(r)
    return kpi.native(r) if callable(kpi.native) else kpi.native.format(**r)


def range_checks(ranges: dict[str, str], body: str) -> str:
    """A range KPI the way KPI_* reads ranges ({range: lowest allowed value}): all blank gives "",
    an error cell passes on, text or TRUE/FALSE gives #VALUE!, a value under its bound #NUM!."""
    for ref, low in reversed(ranges.items()):
        body = f'IF(COUNTIF({ref},"<{low}")>0,#NUM!,{body})'
        body = f"IF(ISERROR(SUM({ref})),SUM({ref}),IF(COUNTA({ref})>COUNT({ref}),#VALUE!,{body}))"
    blank = "+".join(f"COUNTA({ref})" for ref in ranges)
    return f'IF({blank}=0,"",{body})'


def _choice(ref: str, options: dict[str, str], default: str, prefix: int = 0) -> str:
    """The value of an option, as KPI_* reads it: blank means the default, spaces and case do not
    matter, an unknown word is #VALUE!. A literal picks now; a cell picks in Excel with nested IFs.
    ``prefix``: compare only the first characters ("français" is "fr")."""
    if ref.startswith('"'):
        key = ref.strip('"').strip().lower()
        key = key[:prefix] if prefix else key
        return options.get(key, "#VALUE!") if key else default
    word = f"LEFT(TRIM({ref}),{prefix})" if prefix else f"TRIM({ref})"
    out = "#VALUE!"
    for name, value in options.items():
        out = f'IF({word}="{name}",{value},{out})'
    return f'IF(TRIM({ref})="",{default},{out})'


def _share(r: dict[str, str]) -> str:
    return (f"IF({r['deadline']}={r['start_date']},IF({r['as_of']}>={r['deadline']},1,0),"
            f"MIN(1,MAX(0,({r['as_of']}-{r['start_date']})/({r['deadline']}-{r['start_date']}))))")


def _goal_status(r: dict[str, str]) -> str:
    labels = [_choice(r["lang"], {lang: f'"{s[i]}"' for lang, s in STATUSES.items()}, f'"{STATUSES["en"][i]}"',
                      prefix=2) for i in range(6)]
    achieved, on_track, at_risk, off_track, missed, not_started = labels
    p = f"(({r['actual']}-{r['baseline']})/({r['target']}-{r['baseline']}))"
    e = _share(r)
    return (f'IF(OR({r["start_date"]}="",{r["deadline"]}="",{r["tolerance"]}<0),#NUM!,'
            f'IF({r["deadline"]}<{r["start_date"]},#NUM!,'
            f"IF({p}>=1-1E-12,{achieved},"
            f"IF({r['as_of']}>{r['deadline']},{missed},IF({r['as_of']}<{r['start_date']},{not_started},"
            f"IF({p}>={e}-1E-12,{on_track},IF({p}>={e}-{r['tolerance']}-1E-12,{at_risk},{off_track})))))))")


def _goal_required_rate(r: dict[str, str]) -> str:
    days = _choice(r["per"], {k: f"{v:.10g}" for k, v in PERIOD_DAYS.items()}, f"{PERIOD_DAYS['month']:.10g}")
    return (f'IF(OR({r["deadline"]}="",{r["deadline"]}<{r["as_of"]}),#NUM!,'
            f"({r['target']}-{r['actual']})/(({r['deadline']}-{r['as_of']})/{days}))")


_FIELD = re.compile(r"\{(\w+)(![rs])?(?::([^}]*))?\}")


def excel_text(template: str, fields: dict[str, str]) -> str:
    """An Excel expression writing a Python format template: literal parts quoted, fields
    replaced by Excel expressions (``{change:.0%}`` -> ``TEXT(change,"0%")``, ``{kpi!r}`` -> ``'kpi'``)."""
    parts, at = [], 0
    for m in _FIELD.finditer(template):
        parts.append(literal(template[at:m.start()]))
        expr = fields[m.group(1)]
        if m.group(3) == ".0%":
            expr = f'TEXT({expr},"0%")'
        if m.group(2) == "!r":
            expr = f'"\'"&{expr}&"\'"'
        parts.append(expr)
        at = m.end()
    parts.append(literal(template[at:]))
    return "&".join(p for p in parts if p != '""')


def _smart_check(r: dict[str, str]) -> str | None:
    """KPI_SMART_CHECK in plain Excel; needs the workbook's look-up lists of KPI names.

    ``_names``: every name a KPI or metric answers to; ``_labels`` (in the workbook's language) and
    ``_vanity`` (1 or 0) beside it. Each failed criterion adds "; <message>"; the first "; " is cut.
    """
    if "_names" not in r:
        return None
    lang = r["lang"].strip('"')
    msg = SMART_MESSAGES[lang if lang in SMART_MESSAGES else "en"]
    goal, kpi, base, target = r["goal_text"], r["kpi_name"], r["baseline"], r["target"]
    start, deadline, objective, limit = r["start_date"], r["deadline"], r["business_objective"], r["max_change"]
    found = f"MATCH({kpi},{r['_names']},0)"

    def say(key: str, **fields: str) -> str:
        return f'"; "&{excel_text(msg[key], fields)}'

    change = f"ABS({target}-{base})/ABS({base})"
    endless = f'"; "&{excel_text(msg["A"].replace("{change:.0%}", "∞"), {"limit": limit})}'  # from a zero baseline
    ambition = (f'IF({base}=0,IF({target}={base},"",{endless}),'
                f'IF({change}>{limit}+1E-12,{say("A", change=change, limit=limit)},""))')
    label = f'INDEX({r["_labels"]},{found})'

    parts = [
        f'IF(TRIM({goal})="",{say("S")},"")',
        f'IF(ISNA({found}),{say("M_kpi", kpi=kpi)},"")',
        f'IF(NOT(ISNUMBER({target})),{say("M_target")},IF(NOT(ISNUMBER({base})),{say("A_base")},{ambition}))',
        f'IF(TRIM({objective})="",{say("R")},"")',
        f'IF(ISNA({found}),"",IF(INDEX({r["_vanity"]},{found})=1,'
        f'{say("R_vanity", kpi=label)},""))',
        f'IF(NOT(ISNUMBER({deadline})),{say("T")},IF(AND(ISNUMBER({start}),NOT({deadline}>{start})),{say("T_order")},""))',
    ]
    joined = "&".join(parts)
    return f'IF({joined}="","OK",MID({joined},3,2000))'


def _ab_significant(r: dict[str, str]) -> str:
    """KPI_AB_SIGNIFICANT: the two-tailed p-value of AB_PVALUE's native formula, below alpha."""
    from .entries import CATALOG

    pvalue = native_formula(CATALOG["AB_PVALUE"], {k: r[k] for k in ("conv_a", "n_a", "conv_b", "n_b")})
    return f"IF(OR({r['alpha']}<=0,{r['alpha']}>=1),#NUM!,{pvalue}<{r['alpha']})"


_SPECIAL = {"GOAL_STATUS": _goal_status, "GOAL_REQUIRED_RATE": _goal_required_rate, "SMART_CHECK": _smart_check,
            "AB_SIGNIFICANT": _ab_significant}
