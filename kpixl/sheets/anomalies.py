"""Anomalies: days (or weeks) whose KPI falls outside the band its own history draws.

For each channel and for all channels together, each KPI of the tiles is computed day by day.
A day is compared with the same weekday of the weeks before it (the 8 before, at least 4): the
expected band is their median plus or minus 3 scaled median absolute deviations (a robust band
that one odd week in the history does not widen), and at least 10 % of the median either way
(a KPI that hardly moves is not flagged for a rounding). A KPI fed by a figure that was zero on half
the days of its history (a channel that sells now and then) has no band: its ROI is -100 % most
days. Weekly data (one date per week) compares each week with the weeks before it, since every date
falls on the same weekday. The days of the last
4 weeks of the data are scanned; the 10 furthest out of their band are listed, latest first.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..api import call
from ..catalog import CATALOG

HISTORY = 8  # weeks of the same weekday the band is drawn from
MIN_HISTORY = 4
WIDTH = 3.0  # band half-width, in scaled MADs
SCALE = 1.4826  # MAD to standard deviation, for normal data
FLOOR = 0.10  # the band is at least 10 % of the median either way
SCANNED_DAYS = 28
SHOWN = 10


@dataclass(frozen=True)
class Anomaly:
    day: pd.Timestamp
    channel: str | None  # None: all channels
    kpi: str  # a catalog name, or "spend" / "revenue"
    value: float
    low: float
    high: float
    severity: float  # how far out of the band, in half-widths of the band

    @property
    def direction(self) -> int:
        return 1 if self.value > self.high else -1


def band(history: np.ndarray) -> tuple[float, float] | None:
    """The expected band of a value from its history (None when too short)."""
    low, high = bands(history[None, :])
    return None if np.isnan(low[0]) else (float(low[0]), float(high[0]))


def bands(history: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The band of each row of ``history`` (NaN where there is none): median ± 3 scaled MADs, at least
    ± 10 % of the median, never below 0 for a figure whose history never was."""
    finite = np.isfinite(history)
    enough = finite.sum(axis=1) >= MIN_HISTORY
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN row: no band
        median = np.nanmedian(history, axis=1)
        spread = np.maximum(
            WIDTH * SCALE * np.nanmedian(np.abs(history - median[:, None]), axis=1), FLOOR * np.abs(median)
        )
    ok = enough & (spread > 0)  # mostly zero (a sale now and then): no band to speak of
    never_negative = np.all(~finite | (history >= 0), axis=1)
    low = np.where(never_negative, np.maximum(median - spread, 0.0), median - spread)
    return np.where(ok, low, np.nan), np.where(ok, median + spread, np.nan)


def find(df: pd.DataFrame, tiles: list[tuple[str, tuple[str, ...]]]) -> list[Anomaly]:
    """The anomalies of the last weeks, most recent first, at most ``SHOWN``: one vectorised pass per channel
    and KPI over a calendar of the data's days.

    ``tiles``: (KPI name or "spend"/"revenue", the columns that feed it).
    """
    columns = sorted({c for _, feeds in tiles for c in feeds})
    dates = pd.to_datetime(df["date"]).to_numpy(dtype="datetime64[D]")
    first = dates.min()
    day = (dates - first).astype(np.int64)
    n = int(day.max()) + 1
    scan = np.arange(max(n - SCANNED_DAYS, 0), n)
    back = scan[:, None] - 7 * np.arange(1, HISTORY + 1)[None, :]
    inside = back >= 0
    values = {c: df[c].to_numpy(dtype=float) for c in columns}
    back = np.clip(back, 0, None)
    series_of = []  # (channel, KPI, its daily series, where its history is too sparse for a band)
    for channel, rows in _frames(df["channel"], day):
        present = np.bincount(day[rows], minlength=n) > 0
        sums = {c: np.bincount(day[rows], weights=values[c][rows], minlength=n) for c in columns}
        for name, feeds in tiles:
            series = sums[feeds[0]] if name in ("spend", "revenue") else _kpi(name, [sums[c] for c in feeds])
            sparse = np.zeros(len(scan), dtype=bool)  # a sale now and then: a ratio of it has no band either
            for c in feeds:
                past = np.where(inside & present[back], sums[c][back], np.nan)
                sparse |= np.sum(past == 0, axis=1) * 2 >= np.maximum(np.sum(np.isfinite(past), axis=1), 1)
            series_of.append((channel, name, np.where(present, series, np.nan), sparse))
    if not series_of:
        return []
    histories = np.concatenate([np.where(inside, series[back], np.nan) for _, _, series, _ in series_of])
    lows, highs = bands(histories)  # every channel and KPI in one pass
    found = []
    for i, (channel, name, series, sparse) in enumerate(series_of):
        part = slice(i * len(scan), (i + 1) * len(scan))
        low, high = np.where(sparse, np.nan, lows[part]), np.where(sparse, np.nan, highs[part])
        value = series[scan]
        out = np.isfinite(value) & np.isfinite(low) & ((value < low) | (value > high))
        for k in np.flatnonzero(out):
            half = max((high[k] - low[k]) / 2, 1e-12)
            severity = float((value[k] - high[k] if value[k] > high[k] else low[k] - value[k]) / half)
            at = pd.Timestamp(first + np.timedelta64(int(scan[k]), "D"))
            found.append(Anomaly(at, channel, name, float(value[k]), float(low[k]), float(high[k]), severity))
    worst = sorted(found, key=lambda a: a.severity, reverse=True)[:SHOWN]
    return sorted(worst, key=lambda a: (a.day, a.channel is None, a.severity), reverse=True)


def _frames(channels: pd.Series, day: np.ndarray) -> list[tuple[str | None, np.ndarray]]:
    """All rows (channel None), then the rows of each channel that has days enough for a band: a
    channel seen on fewer days can hold no anomaly (one sort, whatever the number of channels)."""
    codes, names = pd.factorize(channels.to_numpy(dtype=object))
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    frames: list[tuple[str | None, np.ndarray]] = [(None, np.arange(len(day)))]
    for i, name in enumerate(names):
        rows = order[bounds[i] : bounds[i + 1]]
        if len(rows) > MIN_HISTORY and len(np.unique(day[rows])) > MIN_HISTORY:
            frames.append((name, rows))
    return frames


def _kpi(name: str, feeds: list[np.ndarray]) -> np.ndarray:
    """The KPI of each day, NaN where it is undefined (as its Excel error would be)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(call(CATALOG[name], feeds), dtype=float)
