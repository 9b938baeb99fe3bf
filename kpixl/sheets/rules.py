"""The Dashboard's traffic lights, each rule twice: as the Excel formula a cell holds, and in Python for the
value cached in that cell. LibreOffice recalculates the native dashboards and finds the two agree
(``tests/oracles/test_libreoffice.py``)."""

from __future__ import annotations

from typing import Any

PACE_BANDS = (0.05, 0.15)  # projected spend within 5 % of the budget: green; within 15 %: amber; beyond: red
TOLERANCE = 0.1  # amber within 10 % of the target


def status_formula(direction: str, v: str, t: str, on: str, close: str, off: str) -> str:
    """Traffic light against the target, read with the KPI's direction (amber within 10 %)."""
    tests = {
        "higher": (f"{v}>={t}", f"{v}>={t}-ABS({t})*{TOLERANCE}"),
        "lower": (f"{v}<={t}", f"{v}<={t}+ABS({t})*{TOLERANCE}"),
        "target": (f"ABS({v}-{t})<=ABS({t})*{TOLERANCE / 2}", f"ABS({v}-{t})<=ABS({t})*{TOLERANCE * 2}"),
    }[direction]
    return f'IF(OR({t}="",NOT(ISNUMBER({v}))),"",IF({tests[0]},"{on}",IF({tests[1]},"{close}","{off}")))'


def status_value(direction: str, v: Any, t: float | None, on: str, close: str, off: str) -> str:
    """The same traffic light in Python: what ``status_formula`` gives for value ``v`` and target ``t``."""
    if t is None or not isinstance(v, float):
        return ""
    a = abs(t)
    ok, near = {
        "higher": (v >= t, v >= t - a * TOLERANCE),
        "lower": (v <= t, v <= t + a * TOLERANCE),
        "target": (abs(v - t) <= a * TOLERANCE / 2, abs(v - t) <= a * TOLERANCE * 2),
    }[direction]
    return on if ok else close if near else off


def pace_status(projected: Any, budget: Any, words: dict[str, str]) -> str:
    """How the projected spend stands against the budget (the status column of the pacing block)."""
    if not isinstance(projected, float) or not isinstance(budget, (int, float)) or budget <= 0:
        return ""
    r = projected / budget
    near, far = PACE_BANDS
    if abs(r - 1) <= near:
        return words["on_pace"]
    if r > 1:
        return words["ahead"] if r - 1 <= far else words["over_budget"]
    return words["behind"] if 1 - r <= far else words["under_budget"]


def pace_status_formula(projected: str, budget: str, words: dict[str, str]) -> str:
    """The same pacing status as an Excel formula over the projected spend's and the budget's cells."""
    near, far = PACE_BANDS
    r = f"{projected}/{budget}"
    say = {k: '"' + words[k] + '"' for k in ("on_pace", "ahead", "over_budget", "behind", "under_budget")}
    return (
        f'IF(OR({budget}="",NOT(ISNUMBER({projected})),NOT({budget}>0)),"",IF(ABS({r}-1)<={near},{say["on_pace"]},'
        f"IF({r}>1,IF({r}-1<={far},{say['ahead']},{say['over_budget']}),"
        f"IF(1-{r}<={far},{say['behind']},{say['under_budget']}))))"
    )
