"""Native Excel formulas of the KPIs that are not plain arithmetic: templates the entries carry.

Each function takes ``r``, the Excel reference (or literal) of every argument by name,
and returns the formula text without ``=``. The formulas follow the rules of the
``KPI_*`` functions (blank rows empty, errors passed on, text ``#VALUE!``, out of domain
``#NUM!``) and use only functions of Excel 2010, which LibreOffice computes too.
"""

from __future__ import annotations

import re

from ..compute.goals import PERIOD_DAYS
from ..words import SMART_MESSAGES, STATUSES
from .model import TODAY


def literal(value: object) -> str:
    """An Excel literal for a Python default."""
    if value is TODAY:
        return "TODAY()"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


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


OPTION_WORDS = {  # the words an option argument knows, and how many of their first letters count
    "lang": (tuple(STATUSES), 2),
    "per": (tuple(PERIOD_DAYS), 0),
}


def unknown_option(name: str, ref: str) -> str | None:
    """An Excel test, TRUE when the option ``name`` in ``ref`` is a word it does not know (None: any)."""
    if name not in OPTION_WORDS:
        return None
    words, prefix = OPTION_WORDS[name]
    return f"ISERROR({_choice(ref, dict.fromkeys(words, '1'), '1', prefix)})"


def _share(r: dict[str, str]) -> str:
    return (
        f"IF({r['deadline']}={r['start_date']},IF({r['as_of']}>={r['deadline']},1,0),"
        f"MIN(1,MAX(0,({r['as_of']}-{r['start_date']})/({r['deadline']}-{r['start_date']}))))"
    )


def goal_status(r: dict[str, str]) -> str:
    labels = [
        _choice(r["lang"], {lang: f'"{s[i]}"' for lang, s in STATUSES.items()}, f'"{STATUSES["en"][i]}"', prefix=2)
        for i in range(6)
    ]
    achieved, on_track, at_risk, off_track, missed, not_started = labels
    p = f"(({r['actual']}-{r['baseline']})/({r['target']}-{r['baseline']}))"
    e = _share(r)
    return (
        f'IF(OR({r["start_date"]}="",{r["deadline"]}="",{r["tolerance"]}<0),#NUM!,'
        f"IF({r['deadline']}<{r['start_date']},#NUM!,"
        f"IF({p}>=1-1E-12,{achieved},"
        f"IF({r['as_of']}>{r['deadline']},{missed},IF({r['as_of']}<{r['start_date']},{not_started},"
        f"IF({p}>={e}-1E-12,{on_track},IF({p}>={e}-{r['tolerance']}-1E-12,{at_risk},{off_track})))))))"
    )


def goal_required_rate(r: dict[str, str]) -> str:
    days = _choice(r["per"], {k: f"{v:.10g}" for k, v in PERIOD_DAYS.items()}, f"{PERIOD_DAYS['month']:.10g}")
    return (
        f'IF(OR({r["deadline"]}="",{r["deadline"]}<{r["as_of"]}),#NUM!,'
        f"({r['target']}-{r['actual']})/(({r['deadline']}-{r['as_of']})/{days}))"
    )


_FIELD = re.compile(r"\{(\w+)(![rs])?(?::([^}]*))?\}")


def excel_text(template: str, fields: dict[str, str]) -> str:
    """An Excel expression writing a Python format template: literal parts quoted, fields
    replaced by Excel expressions (``{change:.0%}`` -> ``TEXT(change,"0%")``, ``{kpi!r}`` -> ``'kpi'``)."""
    parts, at = [], 0
    for m in _FIELD.finditer(template):
        parts.append(literal(template[at : m.start()]))
        expr = fields[m.group(1)]
        if m.group(3) == ".0%":
            expr = f'TEXT({expr},"0%")'
        if m.group(2) == "!r":
            expr = f'"\'"&{expr}&"\'"'
        parts.append(expr)
        at = m.end()
    parts.append(literal(template[at:]))
    return "&".join(p for p in parts if p != '""')


def no_wildcards(ref: str) -> str:
    """The text of ``ref`` with Excel's wildcards escaped, for MATCH and criteria: a name like ``S*`` or
    ``Sea?ch`` is that name, not a pattern."""
    return f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({ref},"~","~~"),"*","~*"),"?","~?")'


def smart_check(r: dict[str, str]) -> str | None:
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
    found = f"MATCH({no_wildcards(kpi)},{r['_names']},0)"

    def say(key: str, **fields: str) -> str:
        return f'"; "&{excel_text(msg[key], fields)}'

    change = f"ABS({target}-{base})/ABS({base})"
    endless = f'"; "&{excel_text(msg["A"].replace("{change:.0%}", "∞"), {"limit": limit})}'  # from a zero baseline
    ambition = (
        f'IF({base}=0,IF({target}={base},"",{endless}),'
        f'IF({change}>{limit}+1E-12,{say("A", change=change, limit=limit)},""))'
    )
    label = f"INDEX({r['_labels']},{found})"

    parts = [
        f'IF(TRIM({goal})="",{say("S")},"")',
        f'IF(ISNA({found}),{say("M_kpi", kpi=kpi)},"")',
        f"IF(NOT(ISNUMBER({target})),{say('M_target')},IF(NOT(ISNUMBER({base})),{say('A_base')},{ambition}))",
        f'IF(TRIM({objective})="",{say("R")},"")',
        f'IF(ISNA({found}),"",IF(INDEX({r["_vanity"]},{found})=1,{say("R_vanity", kpi=label)},""))',
        f'IF(NOT(ISNUMBER({deadline})),{say("T")},IF(AND(ISNUMBER({start}),NOT({deadline}>{start})),{say("T_order")},""))',
    ]
    joined = "&".join(parts)
    return f'IF({joined}="","OK",MID({joined},3,2000))'


def ab_significant(r: dict[str, str]) -> str:
    """KPI_AB_SIGNIFICANT: the two-tailed p-value of AB_PVALUE's native formula, below alpha."""
    pvalue = ab_pvalue(r | {"tails": "2"})
    return f"IF(OR({r['alpha']}<=0,{r['alpha']}>=1),#NUM!,{pvalue}<{r['alpha']})"


def ab_z(r: dict[str, str]) -> str:
    """Native Excel text of the pooled z statistic, for AB_PVALUE."""
    pooled = f"({r['conv_a']}+{r['conv_b']})/({r['n_a']}+{r['n_b']})"
    return (
        f"({r['conv_b']}/{r['n_b']}-{r['conv_a']}/{r['n_a']})/SQRT({pooled}*(1-{pooled})*(1/{r['n_a']}+1/{r['n_b']}))"
    )


def avg_position(positions: str, impressions: str | None) -> str:
    """Native Excel text of AVG_POSITION: the rows where both a position and impressions are given."""
    if impressions is None:
        return range_checks({positions: "1"}, f"AVERAGE({positions})")
    both = f'({positions}<>"")*({impressions}<>"")'
    weighted = f"SUMPRODUCT({both},{positions},{impressions})/SUMPRODUCT({both},{impressions})"
    same_size = f"ROWS({positions})*COLUMNS({positions})<>ROWS({impressions})*COLUMNS({impressions})"
    return range_checks({positions: "1", impressions: "0"}, f"IF({same_size},#VALUE!,{weighted})")


def sample_size(p1: str, m: str, alpha: str, power: str) -> str:
    """Native Excel text of AB_SAMPLE_SIZE: the documented formula, #NUM! where p2 is no rate."""
    p2, q = f"{p1}*(1+{m})", f"{p1}*(2+{m})/2"
    n = (
        f"(NORMSINV(1-{alpha}/2)*SQRT(2*{q}*(1-{q}))+NORMSINV({power})*SQRT({p1}*(1-{p1})+{p2}*(1-{p2})))^2"
        f"/({p1}*{m})^2"
    )
    return f"IF(OR({p1}<=0,{p1}>=1,{p2}<=0,{p2}>=1),#NUM!,ROUNDUP({n}-1E-9,0))"


def ab_srm(r: dict[str, str]) -> str:
    """KPI_AB_SRM: the chi-square test of the planned split, 1 degree of freedom."""
    na, nb, s = r["n_a"], r["n_b"], r["share_a"]
    ea, eb = f"(({na}+{nb})*{s})", f"(({na}+{nb})*(1-{s}))"
    chi2 = f"({na}-{ea})^2/{ea}+({nb}-{eb})^2/{eb}"
    return f"IF(OR({s}<=0,{s}>=1,{na}<0,{nb}<0),#NUM!,IF({na}+{nb}=0,#DIV/0!,CHIDIST({chi2},1)))"


def _ab_checks(r: dict[str, str], body: str, extra: str = "") -> str:
    """As KPI_AB_*: a value out of its domain gives #NUM!, then no visitors #DIV/0!, then more
    conversions than visitors #NUM!."""
    ca, na, cb, nb = r["conv_a"], r["n_a"], r["conv_b"], r["n_b"]
    bad = f"{ca}<0,{cb}<0,{na}<0,{nb}<0" + (f",{extra}" if extra else "")
    return f"IF(OR({bad}),#NUM!,IF(OR({na}=0,{nb}=0),#DIV/0!,IF(OR({ca}>{na},{cb}>{nb}),#NUM!,{body})))"


def ab_uplift_bound(r: dict[str, str], side: str) -> str:
    """KPI_AB_UPLIFT_LOWER/UPPER: exp(ln(rate ratio) -/+ z se) - 1, no conversions #DIV/0!."""
    ca, na, cb, nb, conf = r["conv_a"], r["n_a"], r["conv_b"], r["n_b"], r["confidence"]
    z = f"NORMSINV(1-(1-{conf})/2)"
    bound = f"EXP(LN(({cb}/{nb})/({ca}/{na})){side}{z}*SQRT(1/{cb}-1/{nb}+1/{ca}-1/{na}))-1"
    return _ab_checks(r, f"IF(OR({ca}=0,{cb}=0),#DIV/0!,{bound})", f"{conf}<=0,{conf}>=1")


def ab_days_needed(r: dict[str, str]) -> str:
    """KPI_AB_DAYS_NEEDED: whole days until both variants have the visitors needed."""
    na, nb, days, needed = r["n_a"], r["n_b"], r["days_running"], r["needed"]
    most = f"MAX(({needed}-{na})/({na}/{days}),({needed}-{nb})/({nb}/{days}))"
    return (
        f"IF(OR({na}<0,{nb}<0,{needed}<0,{days}<=0),#NUM!,IF(OR({na}=0,{nb}=0),#DIV/0!,ROUNDUP(MAX({most}-1E-9,0),0)))"
    )


def ab_sequential_pvalue(r: dict[str, str]) -> str:
    """KPI_AB_SEQUENTIAL_PVALUE: the mSPRT's always-valid p-value, normal mixture.

    ``-1*x^2``, not ``-x^2``: Excel negates before it raises to a power.
    """
    ca, na, cb, nb, effect = r["conv_a"], r["n_a"], r["conv_b"], r["n_b"], r["effect"]
    ra, rb = f"({ca}/{na})", f"({cb}/{nb})"
    v = f"({ra}*(1-{ra})/{na}+{rb}*(1-{rb})/{nb})"
    tau2 = f"({effect}*({ca}+{cb})/({na}+{nb}))^2"
    p = f"MIN(1,SQRT(({v}+{tau2})/{v})*EXP(-1*({rb}-{ra})^2*{tau2}/(2*{v}*({v}+{tau2}))))"
    no_variance = f"{ca}*({na}-{ca})+{cb}*({nb}-{cb})=0"
    return _ab_checks(r, f"IF({no_variance},#DIV/0!,{p})", f"{effect}<=0")


def ab_pvalue(r: dict[str, str]) -> str:
    """KPI_AB_PVALUE: the pooled z-test, one or two tails."""
    return (
        f"IF(AND({r['tails']}<>1,{r['tails']}<>2),#NUM!,IF(OR({r['n_a']}=0,{r['n_b']}=0),#DIV/0!,"
        f"IF(OR({r['conv_a']}>{r['n_a']},{r['conv_b']}>{r['n_b']},{r['conv_a']}<0,{r['conv_b']}<0),"
        f"#NUM!,IF({r['tails']}=1,1-NORMSDIST({ab_z(r)}),"
        f"2*(1-NORMSDIST(ABS({ab_z(r)})))))))"
    )


def nps(r: dict[str, str]) -> str:
    """KPI_NPS: promoters (9-10) minus detractors (0-6), in % of the answers."""
    s = r["scores"]
    return range_checks(
        {s: "0"}, f'IF(COUNTIF({s},">10")>0,#NUM!,(COUNTIF({s},">=9")-COUNTIF({s},"<=6"))/COUNT({s})*100)'
    )


def csat(r: dict[str, str]) -> str:
    """KPI_CSAT: the share of answers in the top two boxes of the scale."""
    s, scale = r["scores"], r["scale"]
    return range_checks(
        {s: "0"},
        f'IF(OR({scale}<2,{scale}>100,COUNTIF({s},">"&{scale})>0),#NUM!,COUNTIF({s},">="&({scale}-1))/COUNT({s}))',
    )


def funnel_cells(volumes: list[str]) -> list[list[str]]:
    """KPI_FUNNEL per stage: step conversion, drop-off and conversion from the first stage."""
    out = []
    for i, vol in enumerate(volumes):
        step = "1" if i == 0 else f"{vol}/{volumes[i - 1]}"
        out.append([step, f"1-{step}" if i else "0", f"{vol}/{volumes[0]}"])
    return out
