"""The numbers of each row, as people and platforms write them, and the currency they are in.

Whether ``,`` and ``.`` are thousands or decimal marks is decided per column from all its values, then
from the rest of the file, then by ``--decimal``; otherwise the column is refused. Counts and costs are
never negative; revenue may be (refunds). A rate a file carries beside its sums (CTR, CPC, CPM) is
compared with the rate of those sums on each row: far apart, a column was misread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import numbers
from .columns import BY_KEY, METRICS
from .dates import kinds_of
from .vocabulary import currency_of, header_currency

if TYPE_CHECKING:
    from .understand import Context

REFUNDS = ("revenue", "platform_conversion_value")  # money that goes back: a day of refunds is negative
LIMIT = 1e15
CHECKS = {  # rate: (numerator, denominator, scale, relative tolerance, absolute tolerance)
    "ctr": ("clicks", "impressions", 1.0, 0.05, 0.0005),
    "cpc": ("cost", "clicks", 1.0, 0.03, 0.01),
    "cpm": ("cost", "impressions", 1000.0, 0.03, 0.01),
}


def plain_numbers(column: pd.Series) -> bool:
    """True for a column pandas read as numbers (booleans are no numbers here)."""
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def read_numbers(c: Context, df: pd.DataFrame, out: pd.DataFrame, keys: list[str]) -> None:
    """Put the numbers of the ``keys`` columns of ``df`` into ``out``; every problem into ``c.problems``."""
    texts: dict[str, tuple[pd.Series, pd.Series, pd.Series, pd.Series]] = {}
    evidence: dict[str, numbers.Marks] = {}
    for key in keys:
        col, header = df[key], c.header(key)
        if pd.api.types.is_bool_dtype(col):
            c.problems.add("not_number", row=int(col.index[0]), column=header, value=str(col.iloc[0]))
            continue
        if plain_numbers(col):
            floats = c.distinct.floats(header) if header else None
            out[key] = col.astype(float) if floats is None else pd.Series(floats, index=out.index, copy=False)
            continue
        kinds = kinds_of(col)
        is_text, is_bool = kinds == "text", kinds == "bool"
        for line in c.problems.at(is_bool | (kinds == "other")):  # TRUE/FALSE, a date or a time in a number cell
            c.problems.add("not_number", row=line, column=header, value=str(col[line]))
        if not is_text.any():  # numbers and blanks only (an .xlsx column): nothing to clean or decide
            out[key] = pd.to_numeric(col.where(kinds == "number"), errors="coerce").astype(float)
            continue
        text = col.where(is_text, "").astype(str)
        bare, missing, percent = numbers.clean(text)
        if BY_KEY[key].kind == "money":
            c.signs[key] = numbers.signs(text[is_text])
        if BY_KEY[key].role != "check":
            for line in c.problems.at(percent & is_text):  # counts and amounts are no percentages
                c.problems.add("percent", row=line, column=header, value=str(col[line]))
        texts[key] = (bare, missing, percent, is_text)
        evidence[key] = numbers.marks(bare[is_text & ~missing])
    file_marks = {m.decided for m in evidence.values() if m.decided}
    for key, (bare, missing, percent, is_text) in texts.items():
        marks, header = evidence[key], c.header(key)
        if marks.comma and marks.dot:
            c.problems.add("marks_mixed", column=header)
            continue
        decimal = marks.decided or c.options.decimal
        if decimal is None and marks.ambiguous:
            decimal = next(iter(file_marks)) if len(file_marks) == 1 else None
            if decimal is None:
                c.problems.add("marks_undecided", column=header, example=marks.example)
                continue
        decimal = decimal or "."
        if marks.ambiguous or marks.comma or marks.dot:
            c.reading.decimal[header or key] = decimal
        values, bad = numbers.parse(bare, missing, percent, decimal)
        col = df[key]
        plain = ~is_text & col.notna()
        values = np.where(plain.to_numpy(), pd.to_numeric(col.where(plain), errors="coerce"), values)
        for line in c.problems.at(bad & is_text):
            c.problems.add("not_number", row=line, column=header, value=str(col[line])[:40])
        out[key] = values
    for key in keys:
        if key in out and key in METRICS:
            _in_range(c, df, out, key)


def _in_range(c: Context, df: pd.DataFrame, out: pd.DataFrame, key: str) -> None:
    """Counts and costs are never negative (revenue may be: refunds); nothing is beyond 10^15."""
    v = np.asarray(out[key], dtype=float)
    if len(v) and v.min() >= 0 and v.max() <= LIMIT:  # two quick passes prove most columns clean
        return
    with np.errstate(invalid="ignore"):
        negative = (v < 0) if key not in REFUNDS else np.zeros(len(v), dtype=bool)
        large = ~(np.abs(v) <= LIMIT) & ~np.isnan(v)
    for mask, what in ((negative, "negative"), (large, "too_large")):
        if mask.any():
            for line in c.problems.at(pd.Series(mask, index=out.index)):
                value = f"{out[key][line]:g}" if what == "negative" else str(df[key][line])[:40]
                c.problems.add(what, row=line, column=c.header(key), value=value)
    if key in REFUNDS and (v < 0).any():
        c.note("refunds", n=int((v < 0).sum()), column=c.header(key))
    if np.isnan(v).any():
        out[key] = np.nan_to_num(v, nan=0.0, posinf=np.inf, neginf=-np.inf)


def check_rates(c: Context, out: pd.DataFrame, rates: pd.DataFrame) -> None:
    """Each rate column against the rate of the row's sums: a misread column is refused, a few rows
    apart (the platform's own rounding or definition) are said."""
    for rate, (top, bottom, scale, relative, absolute) in CHECKS.items():
        if rate not in rates or top not in out or bottom not in out:
            continue
        given = np.asarray(rates[rate], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            computed = scale * np.asarray(out[top], dtype=float) / np.asarray(out[bottom], dtype=float)
        fair = np.isfinite(given) & np.isfinite(computed) & (np.asarray(out[bottom], dtype=float) > 0)
        if not fair.any():
            continue
        gap = np.abs(given - computed)
        apart = fair & (gap > np.maximum(relative * np.abs(computed), absolute))
        if not apart.any():
            continue
        line = int(out.index[np.flatnonzero(apart)[0]])
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.abs(given[apart]) / np.abs(computed[apart])
        column = c.header(rate)
        fields: dict[str, Any] = {
            "line": line,
            "given": f"{given[apart][0]:.6g}",
            "computed": f"{computed[apart][0]:.6g}",
            "n": int(apart.sum()),
            "of": int(fair.sum()),
            "top": c.header(top),
            "bottom": c.header(bottom),
        }
        far = (factor >= 5) | (factor <= 0.2)
        if apart.sum() > 0.5 * fair.sum() and far.mean() > 0.5:
            c.problems.add("rate_misread", column=column, **fields)
        else:
            c.note("rate_apart", column=column, **fields)


def read_currency(c: Context, df: pd.DataFrame, headers: list[str]) -> str | None:
    """The one currency of the file: from a header (``Cost (EUR)``), a currency column, or the signs in its
    money cells (``Rs.201.68``); several are refused."""
    codes = {code for h in headers if (code := header_currency(h))}
    if "currency" in df:
        codes |= {str(v).strip().upper() for v in pd.unique(df["currency"].dropna()) if str(v).strip()}
    for signs in c.signs.values():
        codes |= {code for s in signs if (code := currency_of(s))}
    codes = _same_currency(codes)
    if len(codes) > 1:
        c.problems.add("currencies", codes=", ".join(sorted(codes)))
        return None
    return next(iter(codes), None)


def _same_currency(codes: set[str]) -> set[str]:
    """A sign several currencies share (``$``) is the code it stands beside (``USD``), when there is one."""
    from .vocabulary import SHARED_SIGNS

    out = set(codes)
    for sign, family in SHARED_SIGNS.items():
        if sign in out and len(out & set(family)) == 1:
            out.discard(sign)
    return out
