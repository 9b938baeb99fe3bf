"""Numbers written as people and platforms write them: ``1,234.5``, ``1 234,5 €``, ``5.12%``, ``--``.

Whether ``,`` and ``.`` are thousands or decimal marks is decided per column from all its
values; a column whose values cannot tell (``1,234`` only) takes the mark the rest of the
file shows, or the ``decimal`` option; otherwise it is refused, never guessed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

MISSING = {"", "-", "--", "n/a", "na", "nan", "null", "none", "—", "–", "(not set)", "non défini", "n.d.", "n.v."}
_CODES = "EUR|USD|GBP|CHF|CAD|AUD|NZD|JPY|CNY|SEK|NOK|DKK|PLN|BRL|MXN|INR|ZAR|SGD|HKD|TRY|KRW|ILS|THB|VND|CZK|HUF"
_CURRENCY = re.compile(rf"(R\$|Rs\.?|kr\.?|zł|[€$£¥₹₩₺₽₪฿₫]|\b(?:{_CODES})\b)", re.I)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009'’]")  # thousands marks that can never be decimal marks
_SPACE_GROUPS = re.compile(r"[-+]?\d{1,3}(?:[\s\u00a0\u202f\u2009'’]\d{3})+(?:[.,]\d+)?")  # 1 234 567,89
_GROUPED_COMMA = re.compile(r"^[-+]?\d{1,3}(,\d{3})+$")
_GROUPED_DOT = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
_NUMBER = {
    ",": re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"),
    ".": re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"),
}


class Marks:
    """What a column's values say about the decimal mark: ``,``, ``.``, both (a conflict) or nothing."""

    def __init__(self, comma: int = 0, dot: int = 0, ambiguous: int = 0, example: str = ""):
        self.comma, self.dot, self.ambiguous, self.example = comma, dot, ambiguous, example

    @property
    def decided(self) -> str | None:
        if self.comma and not self.dot:
            return ","
        if self.dot and not self.comma:
            return "."
        return None


def clean(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Strip currency, thousands spaces and percent signs: (bare text, missing mask, percent mask).

    Spaces (and apostrophes) group thousands only in threes: ``1 718 40`` is no number, not 171 840.
    """
    t = text.str.strip()
    missing = t.str.lower().isin(MISSING)
    percent = t.str.endswith("%")
    t = t.str.replace(_CURRENCY, "", regex=True).str.strip().str.rstrip("%").str.strip()
    spaced = t.str.contains(_SPACES)
    if spaced.any():
        wrong = spaced & ~t.str.fullmatch(_SPACE_GROUPS)
        t = t.str.replace(_SPACES, "", regex=True).where(~wrong, "?")  # "?" is no number
    return t, missing, percent


def signs(text: pd.Series) -> set[str]:
    """The currency signs and codes written in a column's cells (``Rs.201.68``, ``1 234 €``)."""
    found = text.str.extract(_CURRENCY, expand=False).dropna()
    return {str(v) for v in found.unique()}


def marks(bare: pd.Series) -> Marks:
    """Evidence of the decimal mark in the bare texts of one column."""
    has_comma, has_dot = bare.str.contains(",", regex=False), bare.str.contains(".", regex=False)
    both = has_comma & has_dot
    last_comma = bare[both].str.rfind(",") > bare[both].str.rfind(".")
    comma = int(last_comma.sum())
    dot = int((~last_comma).sum())
    only_comma, only_dot = bare[has_comma & ~has_dot], bare[has_dot & ~has_comma]
    grouped_comma = only_comma.str.match(_GROUPED_COMMA)
    grouped_dot = only_dot.str.match(_GROUPED_DOT)
    single_comma = only_comma.str.count(",") == 1  # count takes a regex
    single_dot = only_dot.str.count(r"\.") == 1
    comma += int((~grouped_comma & single_comma).sum())  # 0,50 or 1234,5: a decimal comma
    dot += int((~grouped_dot & single_dot).sum())
    dot += int((grouped_comma & ~single_comma).sum())  # 1,234,567: commas group thousands
    comma += int((grouped_dot & ~single_dot).sum())
    ambiguous = bare[
        (has_comma & ~has_dot & grouped_comma & single_comma) | (has_dot & ~has_comma & grouped_dot & single_dot)
    ]
    return Marks(comma, dot, len(ambiguous), ambiguous.iloc[0] if len(ambiguous) else "")


def parse(bare: pd.Series, missing: pd.Series, percent: pd.Series, decimal: str) -> tuple[np.ndarray, pd.Series]:
    """The numbers (NaN where missing) and the mask of texts that are no number with this decimal mark."""
    ok = bare.str.match(_NUMBER[decimal]) | missing
    thousands = "." if decimal == "," else ","
    text = bare.str.replace(thousands, "", regex=False)
    if decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    values = pd.to_numeric(text.where(ok & ~missing), errors="coerce").to_numpy(dtype=float)
    values = np.where(percent.to_numpy(), values / 100, values)
    return values, ~ok
