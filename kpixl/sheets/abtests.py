"""The A/B tests sheet: visitors and conversions of each variant in, verdicts out.

Per test: conversion rates, uplift of B over A, p-value (pooled two-proportion z-test),
significant yes/no, and the visitors per variant the test needs to detect the minimum
effect its owner cares about, with how many are still missing. Then what makes a result
trustworthy: the days still needed at the current traffic, the sample-ratio-mismatch check of
the split, the confidence interval of the uplift, the always-valid p-value that may be read
every day, and a verdict in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..catalog import CATALOG
from ..excel.values import excel_call
from ..words import AB_HEADERS, AB_VERDICTS, AB_WORDS, EXAMPLE_TESTS, lang_index
from .formats import note
from .writer import Host, Sheet, cell, column_letter, page_setup, plain

FIRST_ROW = 3  # header on row 3 (index 2)
ROWS = 20
COLUMNS = (  # every column, in order, by name (their headers: words.AB_HEADERS)
    *("name", "n_a", "conv_a", "n_b", "conv_b", "rate_a", "rate_b", "uplift", "p_value", "significant"),
    *("effect", "needed", "still_needed", "days", "days_left", "srm", "low", "high", "always_valid", "verdict"),
)
AT = {name: i for i, name in enumerate(COLUMNS)}  # 0-based
INPUTS = {name: AT[name] for name in ("name", "n_a", "conv_a", "n_b", "conv_b", "effect", "days")}  # typed in
INPUT_FORMATS = {"name": "input", "effect": "input_percent"}  # the others are counts
SRM_ALARM = 0.001  # the split is broken below this p-value (the experimentation platforms' usual alarm)
ALPHA = 0.05


@dataclass
class Test:
    name: str
    n_a: float | None
    conv_a: float | None
    n_b: float | None
    conv_b: float | None
    effect: float | None
    days: float | None
    formulas: dict[int, str] = field(default_factory=dict)  # column -> the formula the user typed there


EXAMPLES = (  # visitors A, conversions A, visitors B, conversions B, minimum effect, days run
    (5200, 520, 5150, 600, 0.10, 14),
    (2400, 72, 2380, 95, 0.20, 10),
    (1800, 54, 1830, 57, 0.10, 7),
    (9500, 285, 9400, 420, 0.25, 21),
    (10000, 400, 10500, 460, 0.10, 14),
)


def example_tests(lang: str) -> list[Test]:
    """A/B tests to edit, named in ``lang``: a mix of winners, no result yet and too short to tell."""
    i = lang_index(lang)
    return [Test(names[i], *numbers) for names, numbers in zip(EXAMPLE_TESTS, EXAMPLES, strict=True)]


def write_abtest_sheet(s: Sheet, lang: str, host: Host, f: dict, tests: list[Test] | None = None) -> None:
    """The A/B tests sheet with ``tests`` in its rows (default: examples to edit)."""
    tests = example_tests(lang) if tests is None else tests[:ROWS]
    s.write_string(0, 0, AB_WORDS[lang]["title"], f["title"])
    note(s, 1, 0, 4, AB_WORDS[lang]["note"], f, 30 + 4 * 13)
    s.write_row(FIRST_ROW - 1, 0, AB_HEADERS[lang], f["head"])
    s.set_row(FIRST_ROW - 1, 32)
    s.set_column(AT["name"], AT["name"], 30)
    s.set_column(AT["n_a"], AT["always_valid"], 13)
    s.set_column(AT["verdict"], AT["verdict"], 50)
    last = FIRST_ROW + ROWS - 1
    for k, t in enumerate(tests + [None] * (ROWS - len(tests))):
        r = FIRST_ROW + k
        ref = {name: cell(r, c, absolute=False) for name, c in AT.items()}
        if t is None:
            for field_name, c in INPUTS.items():
                s.write_blank(r, c, None, f[INPUT_FORMATS.get(field_name, "input_count")])
        else:
            for field_name, c in INPUTS.items():
                fmt = INPUT_FORMATS.get(field_name, "input_count")
                value = getattr(t, field_name)
                value = (value or None) if field_name == "name" else value
                if c in t.formulas:  # the user's formula stays a formula
                    s.write_formula(r, c, t.formulas[c], f[fmt], plain(value))
                else:
                    s.write(r, c, value, f[fmt])
        v = _values(t)
        guard = ref["n_a"]  # no visitors in A: the row is empty
        counts = [ref["conv_a"], ref["n_a"], ref["conv_b"], ref["n_b"]]
        cells = (  # column, KPI, argument references, argument values, format
            ("rate_a", "CONVERSION_RATE", [ref["conv_a"], ref["n_a"]], v["a"], f["percent"]),
            ("rate_b", "CONVERSION_RATE", [ref["conv_b"], ref["n_b"]], v["b"], f["percent"]),
            ("uplift", "AB_UPLIFT", counts, v["ab"], f["change"]),
            ("p_value", "AB_PVALUE", counts, v["ab"], f["pvalue"]),
            ("significant", "AB_SIGNIFICANT", counts, v["ab"], f[f"yes_no_{lang}"]),
            ("needed", "AB_SAMPLE_SIZE", [ref["rate_a"], ref["effect"]], v["size"], f["count"]),
            ("srm", "AB_SRM", [ref["n_a"], ref["n_b"]], v["n"], f["pvalue"]),
            ("low", "AB_UPLIFT_LOWER", counts, v["ab"], f["change"]),
            ("high", "AB_UPLIFT_UPPER", counts, v["ab"], f["change"]),
            ("always_valid", "AB_SEQUENTIAL_PVALUE", [*counts, ref["effect"]], [*v["ab"], t and t.effect], f["pvalue"]),
        )
        got = {
            col: host.write_one(s, r, AT[col], name, refs, args, fmt, guard=guard, blank=t is None)
            for col, name, refs, args, fmt in cells
        }
        got["days_left"] = host.write_one(
            s,
            r,
            AT["days_left"],
            "AB_DAYS_NEEDED",
            [ref["n_a"], ref["n_b"], ref["days"], ref["needed"]],
            [*v["n"], t.days if t else None, got["needed"]],
            f["count"],
            guard=ref["days"],
            blank=t is None or not isinstance(got["needed"], float),
        )
        got["still_needed"] = still = _still_needed(v) if t else None
        needed, fewer = ref["needed"], f"MIN({ref['n_a']},{ref['n_b']})"
        s.write_formula(
            r,
            AT["still_needed"],
            f'=IF(OR({guard}="",NOT(ISNUMBER({needed}))),"",MAX(0,{needed}-{fewer}))',
            f["count"],
            plain(still),
        )
        words = AB_VERDICTS[lang]
        verdict = _verdict(got, words) if t else ""
        s.write_formula(r, AT["verdict"], _verdict_formula(ref, words), f["bold_middle_wrap"], verdict)
        s.set_row(r, 30)  # verdicts run on two lines
    b, j, m, p = (f"${column_letter(AT[c])}{FIRST_ROW + 1}" for c in ("n_a", "significant", "still_needed", "srm"))
    for col, test, fmt in (  # an empty row is never coloured
        ("significant", f'AND({b}<>"",{j}=TRUE)', "green"),
        ("significant", f'AND({b}<>"",{j}=FALSE)', "amber"),
        ("still_needed", f"AND(ISNUMBER({m}),{m}>0)", "amber"),
        ("srm", f"AND(ISNUMBER({p}),{p}<{SRM_ALARM})", "red"),
    ):
        criteria = {"type": "formula", "criteria": "=" + test, "format": f[fmt]}
        s.conditional_format(FIRST_ROW, AT[col], last, AT[col], criteria)
    at, first = AT["verdict"], cell(FIRST_ROW, AT["verdict"], absolute=False)
    for word, fmt in (("srm", "red"), ("peeking", "amber"), ("b_wins", "green"), ("a_wins", "green")):
        text = AB_VERDICTS[lang][word].replace('"', '""')
        s.conditional_format(
            FIRST_ROW, at, last, at, {"type": "formula", "criteria": f'={first}="{text}"', "format": f[fmt]}
        )
    s.freeze_panes(FIRST_ROW, 1)
    page_setup(s.ws, FIRST_ROW)


def _values(t: Test | None) -> dict[str, list[Any]]:
    if t is None:
        return {"a": [], "b": [], "ab": [], "size": [], "n": []}
    rate_a = excel_call(CATALOG["CONVERSION_RATE"], (t.conv_a, t.n_a))
    return {
        "a": [t.conv_a, t.n_a],
        "b": [t.conv_b, t.n_b],
        "ab": [t.conv_a, t.n_a, t.conv_b, t.n_b],
        "size": [rate_a, t.effect],
        "n": [t.n_a, t.n_b],
    }


def _still_needed(v: dict[str, list[Any]]) -> Any:
    size = excel_call(CATALOG["AB_SAMPLE_SIZE"], tuple(v["size"]))
    return max(0.0, size - min(v["n"])) if isinstance(size, float) else None


def _verdict(v: dict[str, Any], words: dict[str, str]) -> str:
    """The verdict of one row, as its formula gives it: the split first, then peeking, then the winner."""
    number = {name: x for name, x in v.items() if isinstance(x, float)}  # the row's numbers, by column
    if number.get("srm", 1) < SRM_ALARM:
        return words["srm"]
    if v["significant"] is True:
        if number.get("still_needed", 0) > 0 and not number.get("always_valid", 1) < ALPHA:
            return words["peeking"]
        return words["b_wins"] if number.get("uplift", 0) > 0 else words["a_wins"]
    if number.get("days_left", 0) > 0:
        return words["keep_days"].format(days=f"{v['days_left']:g}")
    if number.get("still_needed", 0) > 0:
        return words["keep"]
    return words["no_difference"]


def _verdict_formula(ref: dict[str, str], words: dict[str, str]) -> str:
    """The same verdict as a native formula, in every host: plain IFs over the row's cells."""
    say = {k: '"' + w.replace('"', '""') + '"' for k, w in words.items()}
    before, after = say["keep_days"].split("{days}")
    keep_days = f'{before}"&{ref["days_left"]}&"{after}'
    srm, sig, still, seq, days, uplift = (
        ref[c] for c in ("srm", "significant", "still_needed", "always_valid", "days_left", "uplift")
    )
    peeking = f"AND(ISNUMBER({still}),{still}>0,NOT(AND(ISNUMBER({seq}),{seq}<{ALPHA})))"
    winner = f"IF(ISNUMBER({uplift})*({uplift}>0),{say['b_wins']},{say['a_wins']})"
    more = f"IF(AND(ISNUMBER({still}),{still}>0),{say['keep']},{say['no_difference']})"
    waiting = f"IF(AND(ISNUMBER({days}),{days}>0),{keep_days},{more})"
    return (
        f'=IF({ref["n_a"]}="","",IF(AND(ISNUMBER({srm}),{srm}<{SRM_ALARM}),{say["srm"]},'
        f"IF({sig}=TRUE,IF({peeking},{say['peeking']},{winner}),{waiting})))"
    )
