"""KPIs computed over a whole range of answers or deals: NPS, CSAT, position, cycle."""

from __future__ import annotations

import numpy as np

from ..errors import KpiInputError


def _present(x: np.ndarray) -> np.ndarray:
    x = np.ravel(x)
    return x[~np.isnan(x)]


def nps(scores: np.ndarray) -> float:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6), -100..100."""
    s = _present(scores)
    if s.size == 0:
        return np.nan
    return float((np.count_nonzero(s >= 9) - np.count_nonzero(s <= 6)) / s.size * 100)


def csat(scores: np.ndarray, scale: np.ndarray) -> float:
    """Share of answers in the top two boxes of the scale (4-5 of 5, 9-10 of 10)."""
    s = _present(scores)
    if isinstance(scale, bool) or not isinstance(scale, (int, float, np.number)):
        raise KpiInputError("scale", f"the top of the scale is a number such as 5 or 10, not {scale!r}")
    if s.size == 0:
        return np.nan
    return float(np.count_nonzero(s >= float(scale) - 1) / s.size)  # a scale out of 2..100: answers_above_scale


def avg_position(positions: np.ndarray, impressions: np.ndarray) -> float:
    """Mean search position, weighted by impressions when they are given."""
    p = np.ravel(positions)
    w = np.ravel(impressions)
    if w.size == 1 and np.isnan(w[0]):
        return float(np.mean(_present(p))) if _present(p).size else np.nan
    if w.shape != p.shape:
        raise KpiInputError("impressions", f"{w.size} impressions for {p.size} positions; give one per position")
    keep = ~(np.isnan(p) | np.isnan(w))
    total = w[keep].sum()
    return float(p[keep] @ w[keep] / total) if total > 0 else np.nan


def sales_cycle(first_contact_dates: np.ndarray, close_dates: np.ndarray) -> float:
    """Mean days from first contact to close, over won deals (those with a close date)."""
    start, close = np.ravel(first_contact_dates), np.ravel(close_dates)
    if start.shape != close.shape:
        raise KpiInputError("close_dates", f"{close.size} close dates for {start.size} deals; give one per deal")
    won = ~np.isnan(close) & ~np.isnan(start)
    days = close[won] - start[won]
    return float(days.mean()) if days.size else np.nan  # closes before contact: closes_before_contact


def closes_before_contact(first_contact_dates: np.ndarray, close_dates: np.ndarray) -> bool:
    """True when a deal closes before its first contact: out of domain (``#NUM!``)."""
    start, close = np.ravel(first_contact_dates), np.ravel(close_dates)
    with np.errstate(invalid="ignore"):
        return start.shape == close.shape and bool(np.any(close < start))


def answers_above_scale(scores: np.ndarray, scale: object) -> bool:
    """True when the scale is no scale (2..100) or an answer lies above it: ``#NUM!``."""
    if not isinstance(scale, (int, float)) or not 2 <= scale <= 100:
        return True
    with np.errstate(invalid="ignore"):
        return bool(np.any(np.ravel(scores) > scale))
