"""The A/B tests sheet: visitors and conversions of each variant in, verdicts out.

Per test: conversion rates, uplift of B over A, p-value (pooled two-proportion z-test),
significant yes/no, and the visitors per variant the test needs to detect the minimum
effect its owner cares about, with how many are still missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalog import CATALOG
from ..excel.values import excel_call
from ..words import AB_HEADERS, AB_WORDS
from .writer import Formulas, Sheet, cell, page_setup, plain

FIRST_ROW = 3  # header on row 3 (index 2)
ROWS = 20


@dataclass
class Test:
    name: str
    n_a: float
    conv_a: float
    n_b: float
    conv_b: float
    effect: float


def example_tests(lang: str) -> list[Test]:
    en = lang == "en"
    return [
        Test("Email subject line" if en else "Objet de l'e-mail", 5200, 520, 5150, 600, 0.10),
        Test("Landing page hero" if en else "Visuel de la page d'atterrissage", 2400, 72, 2380, 95, 0.20),
        Test("Button colour" if en else "Couleur du bouton", 1800, 54, 1830, 57, 0.10),
        Test("Pricing page" if en else "Page tarifs", 900, 27, 880, 41, 0.25),
    ]


def write_abtest_sheet(s: Sheet, lang: str, mode: Formulas, f: dict) -> None:
    tests = example_tests(lang)
    s.write_string(0, 0, AB_WORDS[lang]["title"], f["title"])
    s.write_string(1, 0, AB_WORDS[lang]["note"], f["muted"])
    s.write_row(FIRST_ROW - 1, 0, AB_HEADERS[lang], f["head"])
    s.set_row(FIRST_ROW - 1, 32)
    s.set_column(0, 0, 30)
    s.set_column(1, 12, 13)
    last = FIRST_ROW + ROWS - 1
    for k, t in enumerate(tests + [None] * (ROWS - len(tests))):
        r = FIRST_ROW + k
        ref = {c: cell(r, c, absolute=False) for c in range(13)}
        if t is None:
            for c in range(5):
                s.write_blank(r, c, None, f["input"])
            s.write_blank(r, 10, None, f["input_percent"])
        else:
            s.write_string(r, 0, t.name, f["input"])
            for c, count in ((1, t.n_a), (2, t.conv_a), (3, t.n_b), (4, t.conv_b)):
                s.write_number(r, c, count, f["input_count"])
            s.write_number(r, 10, t.effect, f["input_percent"])
        v = _values(t)
        guard = ref[1]  # no visitors in A: the row is empty
        cells = (  # column, KPI, argument references, argument values, format
            (5, "CONVERSION_RATE", [ref[2], ref[1]], v["a"], f["percent"]),
            (6, "CONVERSION_RATE", [ref[4], ref[3]], v["b"], f["percent"]),
            (7, "AB_UPLIFT", [ref[2], ref[1], ref[4], ref[3]], v["ab"], f["change"]),
            (8, "AB_PVALUE", [ref[2], ref[1], ref[4], ref[3]], v["ab"], f["pvalue"]),
            (9, "AB_SIGNIFICANT", [ref[2], ref[1], ref[4], ref[3]], v["ab"], f["bold"]),
            (11, "AB_SAMPLE_SIZE", [ref[5], ref[10]], v["size"], f["count"]),
        )
        for col, name, refs, args, fmt in cells:
            mode.write_one(s, r, col, name, refs, args, fmt, guard=guard, blank=t is None)
        still = _still_needed(v) if t else None
        s.write_formula(
            r,
            12,
            f'=IF(OR({guard}="",NOT(ISNUMBER({ref[11]}))),"",MAX(0,{ref[11]}-MIN({ref[1]},{ref[3]})))',
            f["count"],
            plain(still),
        )
    s.conditional_format(
        FIRST_ROW, 9, last, 9, {"type": "cell", "criteria": "==", "value": "TRUE", "format": f["green"]}
    )
    s.conditional_format(
        FIRST_ROW, 9, last, 9, {"type": "cell", "criteria": "==", "value": "FALSE", "format": f["amber"]}
    )
    s.conditional_format(FIRST_ROW, 12, last, 12, {"type": "cell", "criteria": ">", "value": 0, "format": f["amber"]})
    s.freeze_panes(FIRST_ROW, 1)
    page_setup(s.ws, FIRST_ROW)


def _values(t: Test | None) -> dict[str, list[Any]]:
    if t is None:
        return {"a": [], "b": [], "ab": [], "size": []}
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
