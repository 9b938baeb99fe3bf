"""The SMART goals sheet: one row per goal, checked, tracked against a straight-line pace.

Columns: business objective (Relevant), goal (Specific), KPI (a drop-down of the catalog:
Measurable), direction, baseline, target, start and deadline (Time-bound), owner, review
frequency, current value, progress, expected today, time elapsed, status, required rate
per month, SMART check and warnings. The sheet stands in the dashboard workbook (current
values linked to the dashboard's tiles) and alone (``kpixl goals``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..catalog import CATALOG, METRICS
from ..catalog.native_templates import no_wildcards
from ..compute.engine import to_serial
from ..excel.values import excel_call
from ..words import (
    DIRECTION_LABELS,
    EXAMPLE_GOALS,
    GOALS_HEADERS,
    GOALS_WORDS,
    STATUSES,
    excel_key,
    fold,
    lang_index,
)
from .formats import NUMBER_FORMATS, note
from .writer import Host, Sheet, cell, exactly, page_setup, plain, span

MAX_KPIS_PER_OBJECTIVE = 7
GOAL_CATEGORIES = ("awareness", "acquisition", "conversion", "retention", "content", "email", "social", "finance")
FIRST_ROW = 4  # header on row 4 (index 3), goals from row 5
COLUMNS = (  # every column, in order, by name, with its width (their headers: words.GOALS_HEADERS)
    *(("objective", 18), ("text", 44), ("kpi", 26), ("direction", 16), ("baseline", 10), ("target", 10)),
    *(("start", 11), ("deadline", 12), ("owner", 14), ("review", 12), ("current", 12), ("progress", 11)),
    *(("expected", 12), ("elapsed", 11), ("status", 13), ("needed", 13), ("smart", 60), ("warnings", 40)),
)
AT = {name: i for i, (name, _) in enumerate(COLUMNS)}  # 0-based
TYPED = ("objective", "text", "kpi", "baseline", "target", "start", "deadline", "owner", "review", "current")
INPUTS = {name: AT[name] for name in TYPED}  # the columns a user types in, as written here and read by a refresh
ROWS = 30  # pre-sized rows: blank ones stay empty
AS_OF_AT = (1, 1)  # the review date (row, column from 0): today, or the day the user typed


@dataclass
class Goal:
    objective: str
    text: str
    kpi: str  # a KPI name or label, or a raw metric
    baseline: float | None
    target: float | None
    start: dt.date | None
    deadline: dt.date | None
    owner: str
    review: int | None  # index into the review words
    current: float | None
    typed: bool = False  # the current value was typed over the link to the dashboard: kept as typed
    formula: str | None = None  # the user's own formula for the current value, kept as they wrote it
    formulas: dict[int, str] = field(default_factory=dict)  # other columns the user typed a formula in


EXAMPLES = (  # KPI, baseline, target, over (this quarter or year), review (an index), ahead of pace by
    ("LEAD_CONVERSION_RATE", 0.03, 0.05, "quarter", 0, 0.12),
    ("CPA", 40.0, 32.0, "quarter", 1, -0.05),
    ("ROAS", 2.2, 3.0, "year", 1, 0.06),
    ("CHURN_RATE", 0.06, 0.04, "year", 2, -0.3),
    ("FOLLOWERS", 10_000.0, 15_000.0, "quarter", 0, 0.15),
    ("CLICK_RATE", 0.02, 0.05, "year", 1, -0.25),
)


def example_goals(lang: str, as_of: dt.date) -> list[Goal]:
    """Goals a marketing team would set, dated around ``as_of`` (this quarter, this year). Each current value
    sits ahead of or behind its straight-line pace by a set share of the way, so that the examples show a mix
    of statuses (on track, at risk, off track) whatever the day they are made."""
    q0 = dt.date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
    q1 = dt.date(q0.year + (q0.month + 3 > 12), (q0.month + 2) % 12 + 1, 1) - dt.timedelta(days=1)
    spans = {"quarter": (q0, q1), "year": (dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31))}
    i = lang_index(lang)
    goals = []
    for (kpi, baseline, target, over, review, ahead), words in zip(EXAMPLES, EXAMPLE_GOALS, strict=True):
        start, deadline = spans[over]
        objective, text, owner = (w[i] for w in words)
        current = _paced(baseline, target, start, deadline, ahead, as_of)
        goals.append(Goal(objective, text, kpi, baseline, target, start, deadline, owner, review, current))
    return goals


def _paced(baseline: float, target: float, start: dt.date, deadline: dt.date, ahead: float, as_of: dt.date) -> float:
    """The current value of an example goal: ``ahead`` of its pace at ``as_of`` (a share of the way)."""
    share = min(max((as_of - start).days / max((deadline - start).days, 1), 0.0), 1.0)
    progress = min(max(share + ahead, -0.2), 0.95)
    digits = 4 if abs(target) < 1 else 2 if abs(target) < 100 else 0
    return round(baseline + (target - baseline) * progress, digits)


def lookup_lists(lang: str) -> tuple[list[str], list[list[Any]]]:
    """The KPI drop-down (labels) and the look-up table: name, label, direction, vanity flag."""
    i = lang_index(lang)
    choices, table, seen = [], [], set()
    for kpi in CATALOG.values():
        if kpi.category not in GOAL_CATEGORIES:
            continue
        choices.append(kpi.label[i])
        for name in dict.fromkeys((kpi.label[i], kpi.excel_name, kpi.name, *kpi.label, *kpi.aliases)):
            if fold(name) not in seen:
                seen.add(fold(name))
                table.append([name, kpi.label[i], DIRECTION_LABELS[kpi.direction][i], int(kpi.vanity)])
    for metric in METRICS:
        choices.append(metric.label[i])
        for name in dict.fromkeys((metric.label[i], metric.name, *metric.label)):
            if fold(name) not in seen:
                seen.add(fold(name))
                table.append([name, metric.label[i], "", int(metric.vanity)])
    return choices, table


def _kpi_label(name: str, lang: str) -> str:
    i = lang_index(lang)
    kpi = CATALOG.find(name)
    if kpi is not None:
        return kpi.label[i]
    return next((m.label[i] for m in METRICS if fold(name) in map(fold, (m.name, *m.label))), name)


def write_goals_sheet(
    wb: Any,
    s: Sheet,
    lists: Sheet,
    lang: str,
    host: Host,
    f: dict,
    as_of: dt.date,
    current: dict[str, tuple[str, Any]] | None = None,
    list_col: int = 0,
    goals: list[Goal] | None = None,
    follow_today: bool = False,
) -> None:
    """The goals sheet ``s``; its look-up lists go into ``lists`` from column ``list_col``.

    ``current``: {KPI label: (cell reference, value)} of dashboard tiles the goals link to;
    ``goals``: the rows (default: examples); ``follow_today``: the review date is ``=TODAY()``.
    """
    w = GOALS_WORDS[lang]
    goals = example_goals(lang, as_of) if goals is None else goals[:ROWS]
    choices, table = lookup_lists(lang)
    # Look-up lists (hidden sheet): the drop-down, then name / label / direction / vanity.
    c0 = list_col
    lists.write_string(0, c0, "KPI", f["bold"])
    for r, label in enumerate(choices, start=1):
        lists.write_string(r, c0, label)
    for j, head in enumerate(("name", "label", "direction", "vanity")):
        lists.write_string(0, c0 + 2 + j, head, f["bold"])
    for r, row in enumerate(table, start=1):
        for j, v in enumerate(row):
            lists.write(r, c0 + 2 + j, v)
    for r, word in enumerate(w["reviews"], start=1):
        lists.write_string(r, c0 + 7, word)
    n = len(table)
    refs = {
        "_names": span(1, c0 + 2, n, c0 + 2, lists.name),
        "_labels": span(1, c0 + 3, n, c0 + 3, lists.name),
        "_vanity": span(1, c0 + 5, n, c0 + 5, lists.name),
    }
    directions = span(1, c0 + 4, n, c0 + 4, lists.name)

    s.write_string(0, 0, w["title"], f["title"])
    s.write_string(AS_OF_AT[0], AS_OF_AT[1] - 1, w["as_of"], f["bold"])
    if follow_today:
        s.write_formula(*AS_OF_AT, "=TODAY()", f["input_date"], to_serial(as_of))
    else:
        s.write_datetime(*AS_OF_AT, dt.datetime.combine(as_of, dt.time()), f["input_date"])
    note(s, 2, 0, 2, w["as_of_note"], f, 18 + 44 + 26)
    as_of_ref, serial = cell(*AS_OF_AT), to_serial(as_of)
    headers = GOALS_HEADERS[lang]
    s.write_row(FIRST_ROW - 1, 0, headers, f["head"])
    s.set_row(FIRST_ROW - 1, 32)
    for c, (_, width) in enumerate(COLUMNS):
        s.set_column(c, c, width)
    counts = Counter(excel_key(g.objective) for g in goals)  # as COUNTIF counts them: case aside
    last = FIRST_ROW + ROWS - 1
    for k, g in enumerate(goals + [None] * (ROWS - len(goals))):
        r = FIRST_ROW + k
        unit = _unit(g, CATALOG.find(g.kpi) if g else None)
        s.set_row(r, 30)  # two lines: goal statements wrap
        if g is None:
            for name, c in INPUTS.items():
                s.write_blank(r, c, None, f["input_date"] if name in ("start", "deadline") else f["input"])
        else:
            _write_inputs(s, r, g, lang, unit, f, current)
        ref = {name: cell(r, c, absolute=False) for name, c in AT.items()}
        vals = _row_values(g, lang, serial)
        direction = _direction_formula(host, ref["kpi"], refs["_names"], directions, lang)
        s.write_formula(r, AT["direction"], direction, None, vals["direction"])
        for col, name, arg_refs, arg_values, fmt in _computed(ref, vals, as_of_ref, lang, f[unit], f):
            at = AT[col]  # a row without a KPI stays empty
            host.write_one(s, r, at, name, arg_refs, arg_values, fmt, guard=ref["kpi"], lookups=refs, blank=g is None)
        vanity = f"IFERROR(INDEX({refs['_vanity']},MATCH({no_wildcards(ref['kpi'])},{refs['_names']},0))=1,FALSE)"
        objective, objectives = ref["objective"], span(FIRST_ROW, AT["objective"], last, AT["objective"])
        s.write_formula(
            r,
            AT["warnings"],
            f'=IF(IF({objective}="",0,COUNTIF({objectives},{exactly(objective)}))>{MAX_KPIS_PER_OBJECTIVE},'
            f'"{w["too_many"]}","")&IF({vanity},"{w["vanity"]}","")',
            f["wrap"],
            _warning(g, counts, lang),
        )
    kpi, review, status, smart = (AT[c] for c in ("kpi", "review", "status", "smart"))
    kpis, reviews = span(1, c0, len(choices), c0, lists.name), span(1, c0 + 7, 3, c0 + 7, lists.name)
    s.data_validation(FIRST_ROW, kpi, last, kpi, {"validate": "list", "source": f"={kpis}"})
    s.data_validation(FIRST_ROW, review, last, review, {"validate": "list", "source": f"={reviews}"})
    statuses = STATUSES[lang]
    for text_value, color in zip(statuses, ("green", "green", "amber", "red", "red", "grey")):
        rule = {"type": "cell", "criteria": "==", "value": f'"{text_value}"', "format": f[color]}
        s.conditional_format(FIRST_ROW, status, last, status, rule)
    s.conditional_format(
        FIRST_ROW, smart, last, smart, {"type": "cell", "criteria": "==", "value": '"OK"', "format": f["green"]}
    )
    first_check = cell(FIRST_ROW, smart, absolute=False)
    s.conditional_format(
        FIRST_ROW,
        smart,
        last,
        smart,
        {"type": "formula", "criteria": f'=AND({first_check}<>"",{first_check}<>"OK")', "format": f["amber"]},
    )
    s.freeze_panes(FIRST_ROW, kpi)
    page_setup(s.ws, FIRST_ROW)
    chart = wb.add_chart({"type": "bar"})
    chart.show_hidden_data()  # a printed copy hides columns; the chart stays whole
    first, end = FIRST_ROW, FIRST_ROW + len(goals) - 1
    for series, color in (("progress", "#2E75B6"), ("elapsed", "#BFBFBF")):
        chart.add_series(
            {
                "name": w[series],
                "categories": [s.name, first, kpi, end, kpi],
                "values": [s.name, first, AT[series], end, AT[series]],
                "fill": {"color": color},
            }
        )
    chart.set_title({"name": w["chart"]})
    chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1.2})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    s.insert_chart(FIRST_ROW + ROWS + 1, 1, chart, {"x_scale": 1.6, "y_scale": 1.2})


def _write_inputs(
    s: Sheet, r: int, g: Goal, lang: str, unit: str, f: dict, current: dict[str, tuple[str, Any]] | None
) -> None:
    """The typed cells of goal ``g`` on row ``r``: the user's formulas stay formulas."""
    at, number_input, w = INPUTS, f[f"input_{unit}"], GOALS_WORDS[lang]
    label = _kpi_label(g.kpi, lang) if g.kpi else ""
    s.write(r, at["objective"], g.objective or None, f["input"])
    s.write(r, at["text"], g.text or None, f["input_wrap"])
    s.write(r, at["kpi"], label or None, f["input"])
    for name, v in (("baseline", g.baseline), ("target", g.target)):
        s.write(r, at[name], v, number_input)
    for name, d in (("start", g.start), ("deadline", g.deadline)):
        if d is None:
            s.write_blank(r, at[name], None, f["input_date"])
        else:
            s.write_datetime(r, at[name], dt.datetime.combine(d, dt.time()), f["input_date"])
    s.write(r, at["owner"], g.owner or None, f["input"])
    s.write(r, at["review"], None if g.review is None else w["reviews"][g.review], f["input"])
    link = None if g.typed else (current or {}).get(label)
    if g.formula:
        s.write_formula(r, at["current"], g.formula, number_input, plain(g.current))
    elif link:
        s.write_formula(r, at["current"], f"={link[0]}", f[unit], plain(link[1]))
        g.current = link[1] if isinstance(link[1], float) else None
    else:
        s.write(r, at["current"], g.current, number_input)
    for c, typed in g.formulas.items():  # the user's formulas stay formulas (written last: they win)
        value = {at["baseline"]: g.baseline, at["target"]: g.target}.get(c)
        dates = {at["start"]: g.start, at["deadline"]: g.deadline}
        cached = to_serial(dates[c]) if dates.get(c) else value
        fmt = f["input_date"] if c in dates else number_input if c in (at["baseline"], at["target"]) else f["input"]
        s.write_formula(r, c, typed, fmt, plain(cached))


def _computed(
    ref: dict[str, str], vals: dict[str, Any], as_of: str, lang: str, unit_format: Any, f: dict
) -> tuple[tuple[str, str, list[str], Any, Any], ...]:
    """The computed cells of a goal row: (column, KPI, argument references, argument values, format)."""
    current, target, baseline, start, deadline = (
        ref[c] for c in ("current", "target", "baseline", "start", "deadline")
    )
    lang_ref = f'"{lang}"'
    smart = [ref["text"], ref["kpi"], baseline, target, start, deadline, ref["objective"], "1", lang_ref]
    status = [current, target, baseline, start, deadline, as_of, "0.1", lang_ref]
    return (
        ("progress", "GOAL_PROGRESS", [current, target, baseline], vals["progress_args"], f["percent"]),
        ("expected", "GOAL_EXPECTED", [target, baseline, start, deadline, as_of], vals["expected_args"], unit_format),
        ("elapsed", "GOAL_PROGRESS", [ref["expected"], target, baseline], vals["elapsed_args"], f["percent"]),
        ("status", "GOAL_STATUS", status, vals["status_args"], f["bold"]),
        ("needed", "GOAL_REQUIRED_RATE", [current, target, deadline, as_of, '"month"'], vals["rate_args"], unit_format),
        ("smart", "SMART_CHECK", smart, vals["smart_args"], f["wrap"]),
    )


def _unit(g: Goal | None, kpi: Any) -> str:
    """The unit a goal's numbers show in: its KPI's, or a count for a raw metric (followers, sessions)."""
    if kpi is not None:
        return kpi.unit if kpi.unit in NUMBER_FORMATS else "value"
    return "count" if g is not None and g.kpi else "value"


def _direction_formula(host: Host, kpi_cell: str, names: str, directions: str, lang: str) -> str:
    if host.calls("INFO"):
        info = host.call("KPI_INFO", [kpi_cell, '"direction"', f'"{lang}"'])
        return f'=IF({kpi_cell}="","",IFERROR({info},""))'
    return f'=IF({kpi_cell}="","",IFERROR(INDEX({directions},MATCH({no_wildcards(kpi_cell)},{names},0))&"",""))'


def _row_values(g: Goal | None, lang: str, as_of: float) -> dict[str, Any]:
    """The inputs each formula of a goal row sees, so that its cached value is kpixl's own."""

    def d(x: dt.date | None) -> float | None:
        return None if x is None else to_serial(x)

    if g is None:
        return dict.fromkeys(
            ("progress_args", "expected_args", "elapsed_args", "status_args", "rate_args", "smart_args"), []
        ) | {"direction": ""}
    expected = excel_call(CATALOG["GOAL_EXPECTED"], (g.target, g.baseline, d(g.start), d(g.deadline), as_of))
    kpi = CATALOG.find(g.kpi)
    direction = DIRECTION_LABELS[kpi.direction][lang_index(lang)] if kpi else ""
    return {
        "progress_args": [g.current, g.target, g.baseline],
        "expected_args": [g.target, g.baseline, d(g.start), d(g.deadline), as_of],
        "elapsed_args": [expected, g.target, g.baseline],
        "status_args": [g.current, g.target, g.baseline, d(g.start), d(g.deadline), as_of, 0.1, lang],
        "rate_args": [g.current, g.target, d(g.deadline), as_of, "month"],
        "smart_args": [
            g.text,
            _kpi_label(g.kpi, lang),
            g.baseline,
            g.target,
            d(g.start),
            d(g.deadline),
            g.objective,
            1,
            lang,
        ],
        "direction": direction,
    }


def _warning(g: Goal | None, counts: Counter, lang: str) -> str:
    if g is None:
        return ""
    w = GOALS_WORDS[lang]
    kpi = CATALOG.find(g.kpi)
    metric = next((m for m in METRICS if fold(g.kpi) in map(fold, (m.name, *m.label))), None)
    vanity = bool((kpi and kpi.vanity) or (metric and metric.vanity))
    too_many = g.objective != "" and counts[excel_key(g.objective)] > MAX_KPIS_PER_OBJECTIVE
    return (w["too_many"] if too_many else "") + (w["vanity"] if vanity else "")
