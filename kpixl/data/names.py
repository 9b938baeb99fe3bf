"""The names of each row: its channel, campaign and account.

A platform's channel column is read through the channel vocabulary (a Google Ads campaign type becomes its
GA4 channel group); a file without one takes its platform's channel, or ``--channel-name``, or its own
file name; a channel map gives a channel by platform and campaign name. Names are stripped of spaces, and
of characters no workbook can hold (shown as U+FFFD, and said).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import channels
from .distinct import Distinct, blank

if TYPE_CHECKING:
    from .understand import Context

MAX_TEXT = 32_767  # characters in an Excel cell
MAX_MATCHED = 254  # characters of a channel name SUMIFS matches: 255 with its "=", each ~ * ? escaped by a ~
ILLEGAL_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"  # no XML 1.0 document may hold them


def read_names(c: Context, df: pd.DataFrame, out: pd.DataFrame) -> None:
    """Put the channel and campaign of each row into ``out``; record the account and the channels used."""
    platform = c.platform
    fallback = c.options.channel or (platform.channel if platform else None)
    if fallback is None and "channel" not in df:
        fallback = Path(c.reading.source).stem or c.reading.source
        c.reading.channel_from = "file"
    elif "channel" not in df:
        c.reading.channel_from = "option" if c.options.channel else "platform"
    else:
        c.reading.channel_from = "column"
    blanks: dict[str, np.ndarray] = {}
    for key in ("channel", "campaign", "account"):
        if key not in df:
            continue
        codes, names = _names(c, key, c.distinct)
        if key == "channel":
            mapped = [channels.group(platform.name if platform else None, v) for v in names]
            names = pd.Series([m or v for m, v in zip(mapped, names)], dtype=object)
            if fallback:
                names = names.where(names != "", fallback)
        if key == "account":
            used = np.bincount(codes, minlength=len(names)) > 0
            c.reading.accounts = sorted({str(v) for v in names[used] if v})
            continue
        text = pd.Series(names.to_numpy()[codes], index=df.index, dtype=object, copy=False)
        limit, problem = (MAX_MATCHED, "channel_long") if key == "channel" else (MAX_TEXT, "too_long")
        too_long = names.str.len() + (names.str.count(r"[~*?]") if key == "channel" else 0) > limit
        if too_long.any():
            for line in c.problems.at(pd.Series(too_long.to_numpy()[codes], index=df.index)):
                c.problems.add(problem, row=line, column=c.header(key), n=len(text[line]), max=limit)
        out[key] = text
        is_blank = (names == "").to_numpy()
        blanks[key] = is_blank[codes] if is_blank.any() else np.zeros(len(codes), dtype=bool)
    if "channel" not in out:
        out["channel"] = fallback
        blanks["channel"] = np.zeros(len(out), dtype=bool)
    if "campaign" not in out:
        out["campaign"] = out["channel"]
        blanks["campaign"] = blanks["channel"]
    if c.options.channel_map:
        _apply_map(c, out)
    for key in ("channel", "campaign"):
        if blanks[key].any():
            for line in c.problems.at(pd.Series(blanks[key], index=out.index)):
                c.problems.add("empty", row=line, column=c.header(key) or key, what=c.word(key))
    c.reading.channels = list(dict.fromkeys(pd.unique(out["channel"])))


def _names(c: Context, key: str, distinct: Distinct) -> tuple[np.ndarray, pd.Series]:
    """Each row's index into the column's distinct names, and the names, cleaned once each."""
    header = c.header(key)
    assert header is not None
    codes, uniques = distinct.codes(header)
    names = pd.Series(["" if blank(v) and not isinstance(v, str) else str(v).strip() for v in uniques], dtype=object)
    illegal = names.str.contains(ILLEGAL_XML)
    if illegal.any():  # a workbook cannot hold them: shown as U+FFFD, and said
        names = names.str.replace(ILLEGAL_XML, "\ufffd", regex=True)
        c.note("control", n=int(illegal.to_numpy()[codes].sum()), column=header)
    return codes, names


def _apply_map(c: Context, out: pd.DataFrame) -> None:
    """The channel map's channel for each campaign it names."""
    platform = c.platform.name if c.platform else None
    codes, campaigns = pd.factorize(out["campaign"])
    given = [channels.mapped(c.options.channel_map, platform, str(name)) for name in campaigns]
    if any(given):
        chosen = np.array([g or "" for g in given], dtype=object)[codes]
        out["channel"] = np.where(chosen != "", chosen, out["channel"].to_numpy(dtype=object))
        c.note("mapped", n=int((chosen != "").sum()))
