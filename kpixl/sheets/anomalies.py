"""Anomalies: days (or weeks) whose KPI falls outside the band its own history draws.

For each channel and for all channels together, each KPI of the tiles is computed day by day.
A day is compared with the same weekday of the weeks before it (the 8 before, at least 4): the
expected band is their median plus or minus 3 scaled median absolute deviations (a robust band
that one odd week in the history does not widen), and at least 10 % of the median either way
(a KPI that hardly moves is not flagged for a rounding). Weekly data (one date per week) compares each
week with the weeks before it, since every date falls on the same weekday. The days of the last
4 weeks of the data are scanned; the 10 furthest out of their band are listed, latest first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..catalog import CATALOG
from ..excel.values import excel_call

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
    history = history[np.isfinite(history)]
    if len(history) < MIN_HISTORY:
        return None
    median = float(np.median(history))
    spread = max(WIDTH * SCALE * float(np.median(np.abs(history - median))), FLOOR * abs(median))
    if spread == 0:  # mostly zero (a sale now and then): no band to speak of
        return None
    low = median - spread
    return (max(low, 0.0) if (history >= 0).all() else low), median + spread  # a cost is never below 0


def find(df: pd.DataFrame, tiles: list[tuple[str, tuple[str, ...]]]) -> list[Anomaly]:
    """The anomalies of the last weeks, most recent first, at most ``SHOWN``.

    ``tiles``: (KPI name or "spend"/"revenue", the columns that feed it).
    """
    columns = sorted({c for _, feeds in tiles for c in feeds})
    dates = pd.to_datetime(df["date"])
    last = dates.max()
    frames = [(None, df.assign(date=dates))] + [(c, g.assign(date=dates[g.index])) for c, g in df.groupby("channel")]
    found = []
    for channel, rows in frames:
        daily = rows.groupby("date")[columns].sum().sort_index()
        for name, feeds in tiles:
            series = daily[feeds[0]] if name in ("spend", "revenue") else _kpi(name, daily, feeds)
            for day, value in series[series.index > last - pd.Timedelta(days=SCANNED_DAYS)].items():
                before = [day - pd.Timedelta(weeks=w) for w in range(1, HISTORY + 1)]
                expected = band(series.reindex(before).to_numpy(dtype=float))
                if expected and np.isfinite(value) and not expected[0] <= value <= expected[1]:
                    low, high = expected
                    half = max((high - low) / 2, 1e-12)
                    severity = (value - high if value > high else low - value) / half
                    found.append(Anomaly(day, channel, name, float(value), low, high, severity))
    worst = sorted(found, key=lambda a: a.severity, reverse=True)[:SHOWN]
    return sorted(worst, key=lambda a: (a.day, a.channel is None, a.severity), reverse=True)


def _kpi(name: str, daily: pd.DataFrame, feeds: tuple[str, ...]) -> pd.Series:
    out = excel_call(CATALOG[name], tuple([[v] for v in daily[c].tolist()] for c in feeds))
    rows = out if isinstance(out, list) else [[out]]
    values = [r[0] if isinstance(r[0], float) else np.nan for r in rows]
    return pd.Series(values, index=daily.index, dtype=float)
