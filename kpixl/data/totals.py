"""Summary rows, wherever an export puts them: recognised by their content, skipped and listed.

A total says so in its first text (``Total``, ``Total: Account``, ``Totaux``, ``Grand total``, ``Gesamt``,
``Totale``, ``Total general``, ``Totaal``...) on a row without a date; Meta's reports put one right under
the header with every field empty but the metrics; a report may end with rows that hold no number (a
copyright line, an empty date). A campaign named ``Total brand`` on a dated row is data.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from .distinct import Distinct, blank, holds_text

WORDS = (
    "total",
    "totals",
    "totaux",
    "total general",
    "total général",
    "grand total",
    "sous-total",
    "subtotal",
    "sub-total",
    "gesamt",
    "gesamtsumme",
    "gesamtergebnis",
    "summe",
    "insgesamt",
    "zwischensumme",
    "totale",
    "totale complessivo",
    "subtotale",
    "totales",
    "total geral",
    "totaal",
    "subtotaal",
    "eindtotaal",
)
SUMMARY = re.compile(
    r"(?i)^\s*(?:" + "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True)) + r")\s*(?::.*)?$"
)


def summary_rows(
    raw: pd.DataFrame, date: str, metrics: list[str], dimensions: list[str], distinct: Distinct
) -> np.ndarray:
    """The rows of ``raw`` that sum others or end the report (a mask): skipped, and listed by the caller.

    ``dimensions``: the columns that name what a row is about (campaign, channel, age, region...)."""
    n = len(raw)
    if holds_text(raw[date]):
        _, date_says_total, no_date = distinct.per_value(date, _words)
    else:
        date_says_total, no_date = np.zeros(n, dtype=bool), raw[date].isna().to_numpy()
    is_total = no_date | date_says_total
    if is_total.any():
        is_total &= _first_text_says_total(raw, distinct)
    if dimensions and n:  # Meta's totals row: every dimension empty, the metrics filled, first (or last)
        blank_names = np.ones(n, dtype=bool)
        for column in dimensions:
            values = raw[column]
            blank_names &= distinct.per_value(column, _words)[2] if holds_text(values) else values.isna().to_numpy()
        ends = np.zeros(n, dtype=bool)
        ends[[0, -1]] = True
        empty = blank_names & ends
        named = n > 2 and blank_names[1:-1].mean() < 0.5  # the other rows name what they are about
        if empty.any() and named:
            is_total |= empty & _has_number(raw, metrics, distinct)
    drop = is_total
    if n and metrics and (no_date[-1] or all(blank(raw[c].iloc[-1]) for c in metrics)):  # rows at the end
        no_number = ~_has_number(raw, metrics, distinct)
        drop = drop | (no_number | no_date)[::-1].cumprod()[::-1].astype(bool)
    return drop


def _has_number(raw: pd.DataFrame, metrics: list[str], distinct: Distinct) -> np.ndarray:
    filled = np.zeros(len(raw), dtype=bool)
    for column in metrics:
        if holds_text(raw[column]):
            filled |= ~distinct.per_value(column, _words)[2]
        else:
            filled |= raw[column].notna().to_numpy()
    return filled


def _first_text_says_total(raw: pd.DataFrame, distinct: Distinct) -> np.ndarray:
    """For each row, whether its first text (from the left) is a total's word."""
    says, decided = np.zeros(len(raw), dtype=bool), np.zeros(len(raw), dtype=bool)
    for column in raw.columns:
        if holds_text(raw[column]):
            no_text, total, _ = distinct.per_value(column, _words)
            says |= ~decided & ~no_text & total
            decided |= ~no_text
    return says


def _words(v: Any) -> tuple[bool, bool, bool]:
    """(no text, a total's word, blank) for one cell."""
    text = isinstance(v, str)
    return not text or not v.strip(), text and bool(SUMMARY.match(v)), blank(v)
