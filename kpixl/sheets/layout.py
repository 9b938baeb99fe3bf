"""Where things are in a dashboard workbook: the rows and columns every sheet writes and refresh reads."""

from __future__ import annotations

from .model import FUNNEL, Model
from .writer import cell

PERIOD_AT, CHANNEL_AT = (2, 1), (3, 1)  # the Dashboard's selectors (row, column from 0): what it opens on
PERIOD_CELL, CHANNEL_CELL = (cell(*at, absolute=False) for at in (PERIOD_AT, CHANNEL_AT))  # B3, B4
TILES_FIRST_ROW = 7  # the Dashboard's first tile (1-based), below its header
BUDGETS_FIRST_ROW = 4  # the Budgets sheet: header on row 4 (index 3), one channel per row below
PERIOD_COLS = 14  # Lists: each period's first day, days and last year's key, from column O
INCOMPLETE_AT = (3, 3)  # the Dashboard's note that the data ends before the selected period does
ALL_CHANNELS_AT = (1, 2)  # Lists: the all-channels label, first of the channel list below it
GOALS_LISTS_AT = 5  # Lists: the SMART goals' look-up lists, from column F
TILE_COLUMNS: tuple[str, ...] = (  # the Dashboard's tile columns, each by the word of its header
    *("kpi", "value", "target", "benchmark", "previous"),
    *("change", "status", "trend", "last_year", "vs_last_year"),
)
TILE = {name: i for i, name in enumerate(TILE_COLUMNS)}
SELECTION = ("period", "key", "previous", "channel", "last_year")  # Calc: the selection, in column B from B1
PACING = ("last_date", "days", "elapsed", "recent", "start")  # Calc: what pacing needs, in column E (words in D)
TARGETS_FOR_AT = (3, 7)  # Calc: the selection the targets were set for (its word one column left)


def selected(name: str, sheet: str | None = None) -> str:
    """Calc's cell of one part of the Dashboard's selection (``SELECTION``), from ``sheet`` if named."""
    return cell(SELECTION.index(name), 1, sheet)


def pace(name: str, sheet: str | None = None) -> str:
    """Calc's cell of one input of budget pacing (``PACING``), from ``sheet`` if named."""
    return cell(PACING.index(name), 4, sheet)


class Layout:
    """Where things are: the rows and columns every sheet refers to."""

    def __init__(self, m: Model, names: dict[str, str]):
        self.names = names
        self.table = "Campaigns" if m.lang == "en" else "Campagnes"
        n_metrics = len(m.metrics)
        # Calc: the selection (SELECTION), totals from row 6, the period-by-period block, the channel block.
        self.totals_row = 6
        self.metric_row = {mt: self.totals_row + i for i, mt in enumerate(m.metrics)}
        self.periods_row = self.totals_row + n_metrics + 2  # period labels; keys, then 1..n, below
        self.index_row = self.periods_row + 2
        self.series_row = {mt: self.periods_row + 3 + i for i, mt in enumerate(m.metrics)}
        self.kpi_series_row = {
            t.name: self.periods_row + 3 + n_metrics + i for i, t in enumerate(x for x in m.tiles if not x.is_sum)
        }
        self.channels_row = self.periods_row + 3 + n_metrics + len(self.kpi_series_row) + 2  # header row
        self.channel_col = {mt: 1 + i for i, mt in enumerate(m.metrics)}
        self.recent_col = 1 + n_metrics  # the channel's average daily spend of the last days
        self.pacing = "cost" in m.df  # budgets are paced against the spend
        # Dashboard
        self.tiles_row = TILES_FIRST_ROW - 1
        self.chan_row = self.tiles_row + len(m.tiles) + 3  # header row of the channel table
        self.funnel_row = self.chan_row + len(m.channels) + 4  # header row of the funnel table
        self.trend_row = self.funnel_row + len([st for st in FUNNEL if st in m.df]) + 3  # forecasts
        self.pacing_row = self.trend_row + 5  # header row of the budget pacing table
        self.anomalies_row = self.pacing_row + (len(m.channels) + 3 if self.pacing else 0)
        self.last_date, self.days, self.elapsed = (pace(p, names["calc"]) for p in PACING[:3])

    def metric(self, m: str, column: int = 1) -> str:
        """Calc cell of a metric's total for the selected (column 1) or previous (2) period."""
        return cell(self.metric_row[m], column, self.names["calc"])

    def column(self, header: str) -> str:
        """A structured reference: Excel wants ' [ ] # in a column name escaped with a '."""
        escaped = "".join("'" + ch if ch in "'[]#" else ch for ch in header)
        return f"{self.table}[{escaped}]"
