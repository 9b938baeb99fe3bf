"""SMART goals: progress, expected pace, status, required rate and the SMART check.

Dates are Excel serials (days since 1899-12-30); the engine converts dates to serials.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import KpiInputError
from ..words import SMART_MESSAGES, STATUSES, fold, lang_code

EPS = 1e-12  # rounding slack when comparing progress with pace
PERIOD_DAYS = {
    "day": 1.0,
    "week": 7.0,
    "month": 365.25 / 12,
    "quarter": 365.25 / 4,
    "jour": 1.0,
    "semaine": 7.0,
    "mois": 365.25 / 12,
    "trimestre": 365.25 / 4,
}


def elapsed_share(start: np.ndarray, deadline: np.ndarray, as_of: np.ndarray) -> np.ndarray:
    """Share of the goal period elapsed at ``as_of``, in 0..1 (NaN if deadline < start)."""
    span = deadline - start
    with np.errstate(all="ignore"):
        share = np.clip((as_of - start) / span, 0.0, 1.0)
    share = np.where(span == 0, np.where(as_of >= deadline, 1.0, 0.0), share)
    return np.where(span < 0, np.nan, share)


def goal_expected(target, baseline, start_date, deadline, as_of) -> np.ndarray:
    """Where the KPI should be today on a straight line from baseline to target."""
    return baseline + (target - baseline) * elapsed_share(start_date, deadline, as_of)


def goal_status(actual, target, baseline, start_date, deadline, as_of, tolerance, lang):
    """Achieved / On track / At risk / Off track / Missed / Not started, per goal."""
    achieved, on_track, at_risk, off_track, missed, not_started = STATUSES[lang_code(lang)]
    with np.errstate(all="ignore"):
        progress = (actual - baseline) / (target - baseline)
    share = elapsed_share(start_date, deadline, as_of)
    status = np.select(
        [
            progress >= 1 - EPS,
            as_of > deadline,
            as_of < start_date,
            progress >= share - EPS,
            progress >= share - tolerance - EPS,
        ],
        [achieved, missed, not_started, on_track, at_risk],
        off_track,
    ).astype(object)
    undefined = ~np.isfinite(progress) | np.isnan(share) | np.isnan(tolerance)
    status[np.broadcast_to(undefined, status.shape)] = None
    return status


def goal_required_rate(actual, target, deadline, as_of, per) -> np.ndarray:
    """Gain still needed per period to reach the target by the deadline (signed)."""
    days = PERIOD_DAYS.get(fold(per or "month"))
    if days is None:
        raise KpiInputError("per", f"one of {', '.join(PERIOD_DAYS)}, not {per!r}")
    left = deadline - as_of
    with np.errstate(all="ignore"):
        rate = (target - actual) / (left / days)
    return np.where(left < 0, np.nan, rate)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and np.isfinite(value):
        return float(value)
    return None


def _smart_one(
    find: Callable[[str], Any], goal_text, kpi_name, baseline, target, start, deadline, objective, max_change, *, lang
) -> str:
    msg = SMART_MESSAGES[lang]
    fails = []
    if not str(goal_text or "").strip():
        fails.append(msg["S"])
    kpi = find(str(kpi_name or ""))
    t, b = _number(target), _number(baseline)
    if kpi is None:
        fails.append(msg["M_kpi"].format(kpi=str(kpi_name or "")))
    if t is None:
        fails.append(msg["M_target"])
    elif b is None:
        fails.append(msg["A_base"])
    else:
        change = abs(t - b) / abs(b) if b else (0.0 if t == b else float("inf"))
        if change > max_change + EPS:
            fails.append(msg["A"].format(change=change, limit=max_change).replace("inf%", "∞"))
    if not str(objective or "").strip():
        fails.append(msg["R"])
    if kpi is not None and kpi.vanity:
        fails.append(msg["R_vanity"].format(kpi=kpi.label_in(lang)))
    if np.isnan(deadline):
        fails.append(msg["T"])
    elif not np.isnan(start) and not deadline > start:
        fails.append(msg["T_order"])
    return "OK" if not fails else "; ".join(fails)


def smart_check(
    find: Callable[[str], Any],
    goal_text,
    kpi_name,
    baseline,
    target,
    start_date,
    deadline,
    business_objective,
    max_change,
    lang,
) -> np.ndarray:
    """For each goal, "OK" or which of S/M/A/R/T fail and why.

    ``find(name)``: the KPI or metric called ``name`` (with ``vanity`` and ``label_in``), or None.
    """
    code = lang_code(lang)
    arrays = np.broadcast_arrays(
        goal_text, kpi_name, baseline, target, start_date, deadline, business_objective, max_change
    )
    out = np.empty(arrays[0].shape, dtype=object)
    for idx in np.ndindex(out.shape):
        out[idx] = _smart_one(find, *(a[idx] for a in arrays), lang=code)
    return out
