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
from .writer import Formulas, Sheet, cell, column_letter, page_setup, plain

FIRST_ROW = 3  # header on row 3 (index 2)
ROWS = 20
INPUTS = {"name": 0, "n_a": 1, "conv_a": 2, "n_b": 3, "conv_b": 4, "effect": 10, "days": 13}  # typed columns (0-based)
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


def write_abtest_sheet(s: Sheet, lang: str, mode: Formulas, f: dict, tests: list[Test] | None = None) -> None:
    """The A/B tests sheet with ``tests`` in its rows (default: examples to edit)."""
    tests = example_tests(lang) if tests is None else tests[:ROWS]
    s.write_string(0, 0, AB_WORDS[lang]["title"], f["title"])
    note(s, 1, 0, 4, AB_WORDS[lang]["note"], f, 30 + 4 * 13)
    s.write_row(FIRST_ROW - 1, 0, AB_HEADERS[lang], f["head"])
    s.set_row(FIRST_ROW - 1, 32)
    s.set_column(0, 0, 30)
    s.set_column(1, 18, 13)
    s.set_column(19, 19, 50)
    last = FIRST_ROW + ROWS - 1
    for k, t in enumerate(tests + [None] * (ROWS - len(tests))):
        r = FIRST_ROW + k
        ref = {c: cell(r, c, absolute=False) for c in range(20)}
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
        guard = ref[1]  # no visitors in A: the row is empty
        cells = (  # column, KPI, argument references, argument values, format
            (5, "CONVERSION_RATE", [ref[2], ref[1]], v["a"], f["percent"]),
            (6, "CONVERSION_RATE", [ref[4], ref[3]], v["b"], f["percent"]),
            (7, "AB_UPLIFT", [ref[2], ref[1], ref[4], ref[3]], v["ab"], f["change"]),
            (8, "AB_PVALUE", [ref[2], ref[1], ref[4], ref[3]], v["ab"], f["pvalue"]),
            (9, "AB_SIGNIFICANT", [ref[2], ref[1], ref[4], ref[3]], v["ab"], f[f"yes_no_{lang}"]),
            (11, "AB_SAMPLE_SIZE", [ref[5], ref[10]], v["size"], f["count"]),
        )
        got = {
            col: mode.write_one(s, r, col, name, refs, args, fmt, guard=guard, blank=t is None)
            for col, name, refs, args, fmt in cells
        }
        counts = [ref[2], ref[1], ref[4], ref[3]]
        trust = (  # column, KPI, argument references, argument values, format
            (15, "AB_SRM", [ref[1], ref[3]], v["n"], f["pvalue"]),
            (16, "AB_UPLIFT_LOWER", counts, v["ab"], f["change"]),
            (17, "AB_UPLIFT_UPPER", counts, v["ab"], f["change"]),
            (18, "AB_SEQUENTIAL_PVALUE", [*counts, ref[10]], [*v["ab"], t.effect if t else None], f["pvalue"]),
        )
        for col, name, refs, args, fmt in trust:
            got[col] = mode.write_one(s, r, col, name, refs, args, fmt, guard=guard, blank=t is None)
        days = [*v["n"], t.days if t else None, got[11]]
        got[14] = mode.write_one(
            s,
            r,
            14,
            "AB_DAYS_NEEDED",
            [ref[1], ref[3], ref[13], ref[11]],
            days,
            f["count"],
            guard=ref[13],
            blank=t is None or not isinstance(got[11], float),
        )
        still = _still_needed(v) if t else None
        got[12] = still
        s.write_formula(
            r,
            12,
            f'=IF(OR({guard}="",NOT(ISNUMBER({ref[11]}))),"",MAX(0,{ref[11]}-MIN({ref[1]},{ref[3]})))',
            f["count"],
            plain(still),
        )
        words = AB_VERDICTS[lang]
        s.write_formula(r, 19, _verdict_formula(ref, words), f["bold_middle_wrap"], _verdict(got, words) if t else "")
        s.set_row(r, 30)  # verdicts run on two lines
    b, j, m, p = (f"${column_letter(c)}{FIRST_ROW + 1}" for c in (1, 9, 12, 15))  # an empty row is never coloured
    for col, test, fmt in (
        (9, f'AND({b}<>"",{j}=TRUE)', "green"),
        (9, f'AND({b}<>"",{j}=FALSE)', "amber"),
        (12, f"AND(ISNUMBER({m}),{m}>0)", "amber"),
        (15, f"AND(ISNUMBER({p}),{p}<{SRM_ALARM})", "red"),
    ):
        s.conditional_format(FIRST_ROW, col, last, col, {"type": "formula", "criteria": "=" + test, "format": f[fmt]})
    first = cell(FIRST_ROW, 19, absolute=False)
    for word, fmt in (("srm", "red"), ("peeking", "amber"), ("b_wins", "green"), ("a_wins", "green")):
        text = AB_VERDICTS[lang][word].replace('"', '""')
        s.conditional_format(
            FIRST_ROW, 19, last, 19, {"type": "formula", "criteria": f'={first}="{text}"', "format": f[fmt]}
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


def _verdict(v: dict[int, Any], words: dict[str, str]) -> str:
    """The verdict of one row, as its formula gives it: the split first, then peeking, then the winner."""
    number = lambda x: isinstance(x, float)  # noqa: E731
    if number(v[15]) and v[15] < SRM_ALARM:
        return words["srm"]
    if v[9] is True:
        if number(v[12]) and v[12] > 0 and not (number(v[18]) and v[18] < ALPHA):
            return words["peeking"]
        return words["b_wins"] if number(v[7]) and v[7] > 0 else words["a_wins"]
    if number(v[14]) and v[14] > 0:
        return words["keep_days"].format(days=f"{v[14]:g}")
    if number(v[12]) and v[12] > 0:
        return words["keep"]
    return words["no_difference"]


def _verdict_formula(ref: dict[int, str], words: dict[str, str]) -> str:
    """The same verdict as a native formula, in every host: plain IFs over the row's cells."""
    say = {k: '"' + w.replace('"', '""') + '"' for k, w in words.items()}
    before, after = say["keep_days"].split("{days}")
    keep_days = f'{before}"&{ref[14]}&"{after}'
    srm, sig, still, seq, days, uplift = ref[15], ref[9], ref[12], ref[18], ref[14], ref[7]
    peeking = f"AND(ISNUMBER({still}),{still}>0,NOT(AND(ISNUMBER({seq}),{seq}<{ALPHA})))"
    winner = f"IF(ISNUMBER({uplift})*({uplift}>0),{say['b_wins']},{say['a_wins']})"
    more = f"IF(AND(ISNUMBER({still}),{still}>0),{say['keep']},{say['no_difference']})"
    waiting = f"IF(AND(ISNUMBER({days}),{days}>0),{keep_days},{more})"
    return (
        f'=IF({ref[1]}="","",IF(AND(ISNUMBER({srm}),{srm}<{SRM_ALARM}),{say["srm"]},'
        f"IF({sig}=TRUE,IF({peeking},{say['peeking']},{winner}),{waiting})))"
    )
