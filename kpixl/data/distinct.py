"""The distinct values of a table's columns, found once: every test on text runs once per distinct value.

A million rows of a few hundred names cost a few hundred calls. For large tables the text columns are
hashed by Arrow on other cores (pandas 3 keeps text in Arrow) while this one makes floats of the numbers.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from . import numbers

LARGE = 1 << 16  # rows from which text is hashed by Arrow, on two cores while numbers become floats


def holds_text(column: pd.Series) -> bool:
    """True for a column of Python objects or of strings (pandas 3 reads text as its own string type)."""
    return column.dtype == object or pd.api.types.is_string_dtype(column.dtype)


def blank(v: Any) -> bool:
    """True for an empty cell, or text that means no value (``--``, ``n/a``...)."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return True
    return isinstance(v, str) and v.strip().lower() in numbers.MISSING


def factorize(column: pd.Series) -> tuple[np.ndarray, Any]:
    """(each value's index into the distinct values, the distinct values), blanks included: Arrow hashes
    the text pandas keeps in Arrow (pandas 3) without holding Python's lock; the rest ``pd.factorize``."""
    dtype = column.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or len(column) < LARGE:
        return pd.factorize(column, use_na_sentinel=False)
    encoded = column.array.__arrow_array__().dictionary_encode(null_encoding="encode").combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_numpy(zero_copy_only=False)


class Distinct:
    """The distinct values of a table's columns, each found once (``factorize``), and, for large tables,
    the number columns as floats (``find``). Rows left out later (``keep_only``) are left out of the answers."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.found: dict[str, tuple[np.ndarray, Any]] = {}
        self.as_floats: dict[str, np.ndarray] = {}
        self.kept: np.ndarray | None = None  # the rows of ``frame`` still in the table

    def keep_only(self, rows: np.ndarray) -> None:
        """Keep the ``rows`` (a mask over the rows still kept)."""
        if self.kept is None:
            self.kept = rows.copy()
        else:
            self.kept[self.kept] = rows

    def find(self, text: list[str], numbers: list[str]) -> None:
        """Factorize the ``text`` columns on other cores while this one makes floats of the ``numbers``
        (for large tables; small ones are done as asked)."""
        if len(self.frame) < LARGE:
            return
        todo = [c for c in dict.fromkeys(text) if c not in self.found]
        with ThreadPoolExecutor(2) as pool:
            found = pool.map(factorize, [self.frame[c] for c in todo])
            self.as_floats.update((c, self.frame[c].astype(float).to_numpy()) for c in numbers)
            self.found.update(zip(todo, found))

    def floats(self, column: str) -> np.ndarray | None:
        """The column's numbers as floats, for the rows kept, when ``find`` made them."""
        values = self.as_floats.get(column)
        return values if values is None or self.kept is None else values[self.kept]

    def codes(self, column: str) -> tuple[np.ndarray, Any]:
        """(each row's index into the distinct values, the distinct values), blanks included."""
        if column not in self.found:
            self.found[column] = factorize(self.frame[column])
        codes, uniques = self.found[column]
        return (codes if self.kept is None else codes[self.kept]), uniques

    def per_value(self, column: str, test: Any) -> tuple[np.ndarray, ...]:
        """``test`` (a function of one value giving a tuple of booleans), for each row."""
        codes, uniques = self.codes(column)
        width = len(test(None))
        answers = np.array([test(v) for v in uniques], dtype=bool).reshape(len(uniques), width)
        return tuple(
            answers[codes, k]
            if answers[:, k].any() and not answers[:, k].all()
            else np.full(len(codes), answers[:, k].any())
            for k in range(width)
        )
