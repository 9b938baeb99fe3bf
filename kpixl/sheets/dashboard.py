"""The Dashboard sheet and its hidden helpers (Calc, Lists), rendered from the dashboard model.

The same layout is written in ``udf`` mode (``KPI_*`` functions) and in ``native`` mode
(plain Excel formulas): cell for cell, the same addresses and values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..catalog import CATALOG
from ..catalog.native_templates import excel_text, no_wildcards
from ..compute.engine import to_serial
from ..excel.values import excel_call
from ..words import README_LINES, excel_key
from . import periods
from .model import (
    FUNNEL,
    RECENT_DAYS,
    Model,
    Tile,
    correlation,
    feeds,
    forecast,
    pace_status,
    pace_status_formula,
    recent_window,
    status_formula,
    status_value,
)
from .writer import (
    DASH,
    NUMBER_FORMATS,
    Formulas,
    Sheet,
    cell,
    exactly,
    money_format,
    page_setup,
    plain,
    span,
)


class Layout:
    """Where things are: the rows and columns every sheet refers to."""

    def __init__(self, m: Model, names: dict[str, str]):
        self.names = names
        self.table = "Campaigns" if m.lang == "en" else "Campagnes"
        n_metrics = len(m.metrics)
        # Calc: selection in B1:B4, totals from row 6, monthly block, channel block.
        self.totals_row = 6
        self.metric_row = {mt: self.totals_row + i for i, mt in enumerate(m.metrics)}
        self.months_row = self.totals_row + n_metrics + 2  # month labels; keys, then 1..n, below
        self.index_row = self.months_row + 2
        self.series_row = {mt: self.months_row + 3 + i for i, mt in enumerate(m.metrics)}
        self.kpi_series_row = {
            t.name: self.months_row + 3 + n_metrics + i for i, t in enumerate(x for x in m.tiles if not x.is_sum)
        }
        self.channels_row = self.months_row + 3 + n_metrics + len(self.kpi_series_row) + 2  # header row
        self.channel_col = {mt: 1 + i for i, mt in enumerate(m.metrics)}
        self.recent_col = 1 + n_metrics  # the channel's average daily spend of the last days
        self.pacing = "cost" in m.df  # budgets are paced against the spend
        # Dashboard
        self.tiles_row = 6
        self.chan_row = self.tiles_row + len(m.tiles) + 3  # header row of the channel table
        self.funnel_row = self.chan_row + len(m.channels) + 4  # header row of the funnel table
        self.trend_row = self.funnel_row + len([st for st in FUNNEL if st in m.df]) + 3  # forecasts
        self.pacing_row = self.trend_row + 5  # header row of the budget pacing table
        self.anomalies_row = self.pacing_row + (len(m.channels) + 3 if self.pacing else 0)
        self.last_date, self.days, self.elapsed = (cell(r, 4, names["calc"]) for r in range(3))

    def metric(self, m: str, column: int = 1) -> str:
        """Calc cell of a metric's total for the selected (column 1) or previous (2) period."""
        return cell(self.metric_row[m], column, self.names["calc"])

    def column(self, header: str) -> str:
        """A structured reference: Excel wants ' [ ] # in a column name escaped with a '."""
        escaped = "".join("'" + ch if ch in "'[]#" else ch for ch in header)
        return f"{self.table}[{escaped}]"


# ------------------------------------------------------------------------------------------ sheets


def write_readme(s: Sheet, m: Model, mode: Formulas, f: dict) -> None:
    s.set_column(0, 0, 120, f["wrap"])
    page_setup(s.ws)
    mode_text = m.t(f"mode_{mode.mode}")
    for i, line in enumerate(README_LINES[m.lang]):
        line = line.format(mode=mode_text)
        bold = line and i > 0 and README_LINES[m.lang][i - 1] == "" and len(line) < 40
        s.write_string(i, 0, line, f["title"] if i == 0 else f["h2"] if bold else f["wrap"])


CHART_COL = 11  # the charts stand right of the tiles (columns A to J)
MONEY_SERIES = (("revenue", "revenue", "#2E75B6"), ("cost", "spend", "#C55A11"))  # the tiles' words
PERIOD_COLS = 14  # Lists: each period's first day, days and last year's key, from column O


def write_lists(s: Sheet, m: Model, f: dict) -> None:
    s.write_string(0, 0, m.t("period"), f["bold"])
    s.write_string(0, 1, "key", f["bold"])
    s.write_string(0, 2, m.t("channel"), f["bold"])
    for j, head in enumerate(("start", "days", "last year key")):
        s.write_string(0, PERIOD_COLS + j, head, f["bold"])
    for i, key in enumerate(m.months):
        s.write_string(1 + i, 0, m.period_label(key))
        s.write_number(1 + i, 1, key, f["key"])
        s.write_datetime(1 + i, PERIOD_COLS, dt.datetime.combine(periods.start(key, m.grain), dt.time()), f["date"])
        s.write_number(1 + i, PERIOD_COLS + 1, periods.length(key, m.grain))
        ly = periods.last_year(key, m.grain)
        s.write(1 + i, PERIOD_COLS + 2, ly if ly in m.months else "", f["key"])
    for i, name in enumerate([m.all_label, *m.channels]):
        s.write_string(1 + i, 2, name)


def _sumifs(lay: Layout, m: Model, metric: str, key_ref: str, channel_ref: str) -> str:
    """SUMIFS of a metric for a month key, for one channel or all (the first item of the list)."""
    col, month, chan = (lay.column(m.label(x)) for x in (metric, "month_col", "channel"))
    return (
        f"IF({channel_ref}={cell(1, 2, lay.names['lists'])},SUMIFS({col},{month},{key_ref}),"
        f"SUMIFS({col},{month},{key_ref},{chan},{exactly(channel_ref)}))"
    )


def write_calc(s: Sheet, m: Model, mode: Formulas, lay: Layout, f: dict) -> None:
    lists, dash = lay.names["lists"], lay.names["dashboard"]
    n = len(m.months)
    labels, keys = span(1, 0, n, 0, lists), span(1, 1, n, 1, lists)
    s.set_column(0, 0, 28)
    s.write_string(0, 0, m.t("period"))
    s.write_formula(0, 1, f"={cell(2, 1, dash)}", None, m.period_label(m.key))
    s.write_string(1, 0, "key")
    s.write_formula(1, 1, f"=INDEX({keys},MATCH($B$1,{labels},0))", f["key"], m.key)
    s.write_string(2, 0, "previous key")
    at = f"MATCH($B$1,{labels},0)"  # the first month has no previous one: 0, never INDEX(..., 0)
    s.write_formula(2, 1, f'=IFERROR(IF({at}=1,"",INDEX({keys},{at}-1)),"")', f["key"], m.previous or "")
    s.write_string(3, 0, m.t("channel"))
    s.write_formula(3, 1, f"={cell(3, 1, dash)}", None, m.channel_label)
    s.write_string(4, 0, "last year key")  # "" when the data has no such period
    ly_keys = span(1, PERIOD_COLS + 2, n, PERIOD_COLS + 2, lists)
    s.write_formula(4, 1, f'=IFERROR(INDEX({ly_keys},{at})&"","")', None, str(m.last_year or ""))
    s.write_string(3, 6, "targets for")  # the selection the targets were set for: another one shows no status
    s.write_string(3, 7, m.targets_label)
    # Totals of the selected and the previous period, and of the same period last year.
    heads = [m.t("metric"), m.t("selected"), m.t("previous"), m.t("last_year")]
    s.write_row(lay.totals_row - 1, 0, heads, f["bold"])
    for mt, row in lay.metric_row.items():
        s.write_string(row, 0, m.label(mt))
        s.write_formula(row, 1, "=" + _sumifs(lay, m, mt, "$B$2", "$B$4"), None, m.totals[mt])
        previous = m.previous_totals[mt] if m.previous else ""
        s.write_formula(row, 2, f'=IF($B$3="","",{_sumifs(lay, m, mt, "$B$3", "$B$4")})', None, previous)
        ly = m.last_year_totals.get(mt)
        s.write_formula(row, 3, f'=IF($B$5="","",{_sumifs(lay, m, mt, "VALUE($B$5)", "$B$4")})', None, plain(ly))
    # Period by period, for the selected channel: metrics, then each tile's KPI (sparklines, charts).
    r = lay.months_row
    s.write_string(r, 0, m.t(m.grain), f["bold"])
    s.write_string(r + 1, 0, "key", f["bold"])
    s.write_string(lay.index_row, 0, "#", f["bold"])
    monthly = m.monthly
    for j, key in enumerate(m.months):
        s.write_string(r, 1 + j, m.period_label(key))
        s.write_number(r + 1, 1 + j, key, f["key"])
        s.write_number(lay.index_row, 1 + j, j + 1)
        for mt, row in lay.series_row.items():
            s.write_formula(
                row, 1 + j, "=" + _sumifs(lay, m, mt, cell(r + 1, 1 + j), "$B$4"), None, float(monthly.at[key, mt])
            )
    for mt, row in lay.series_row.items():
        s.write_string(row, 0, m.label(mt))
    for tile in m.tiles:
        if tile.is_sum:
            continue
        row = lay.kpi_series_row[tile.name]
        s.write_string(row, 0, tile.label)
        args = [lay.series_row[c] for c in tile.columns]
        mode.write_many(
            s,
            row,
            1,
            tile.name,
            [[cell(a, 1 + j) for a in args] for j in range(n)],
            [monthly[c].tolist() for c in tile.columns],
            f[tile.unit],
            across=True,
        )
    # Channel by channel, for the selected period.
    r = lay.channels_row
    s.write_string(r, 0, m.t("channel"), f["bold"])
    for mt, col in lay.channel_col.items():
        s.write_string(r, col, m.label(mt), f["bold"])
    for i, name in enumerate(m.channels):
        row = r + 1 + i
        s.write_string(row, 0, name)
        for mt, col in lay.channel_col.items():
            value = float(m.by_channel.at[name, mt])
            formula = (
                f"=SUMIFS({lay.column(m.label(mt))},{lay.column(m.label('month_col'))},$B$2,"
                f"{lay.column(m.label('channel'))},{exactly(f'$A${row + 1}')})"
            )
            s.write_formula(row, col, formula, None, value)
    if lay.pacing:
        _write_pacing_inputs(s, m, lay, f)


def _write_pacing_inputs(s: Sheet, m: Model, lay: Layout, f: dict) -> None:
    """Calc's last day of the data, days of the selected period and days gone by (D1:E3), the first
    day of the period (D5:E5), and each channel's average daily spend over the last days."""
    days, elapsed = m.period_days()
    lists = lay.names["lists"]
    n = len(m.months)
    at = f"MATCH($B$1,{span(1, 0, n, 0, lists)},0)"
    first = to_serial(periods.start(m.key, m.grain))
    for r, (word, formula, value, fmt) in enumerate(
        (
            (
                "last day covered",
                (
                    f"=SUMPRODUCT(MAX({lay.column(m.label('date'))}+{lay.column(m.label('days'))}))-1"
                    if "days" in m.campaign_columns()
                    else f"=MAX({lay.column(m.label('date'))})"
                ),
                to_serial(m.last_date),
                f["date"],
            ),
            ("days in period", f"=INDEX({span(1, PERIOD_COLS + 1, n, PERIOD_COLS + 1, lists)},{at})", days, None),
            ("days elapsed", "=MIN(MAX($E$1-$E$5+1,0),$E$2)", elapsed, None),
            (
                "recent days",
                f"=MAX(IF($E$3=0,{RECENT_DAYS},MIN({RECENT_DAYS},$E$3)),{m.spacing})",
                recent_window(elapsed, m.spacing),
                None,
            ),
            ("period start", f"=INDEX({span(1, PERIOD_COLS, n, PERIOD_COLS, lists)},{at})", first, f["date"]),
        )
    ):
        s.write_string(r, 3, word)
        s.write_formula(r, 4, formula, fmt, value)
    r = lay.channels_row
    s.write_string(r, lay.recent_col, "recent daily spend", f["bold"])
    cost, date, chan = (lay.column(m.label(c)) for c in ("cost", "date", "channel"))
    for i, name in enumerate(m.channels):
        row = r + 1 + i
        s.write_formula(
            row,
            lay.recent_col,
            f'=SUMIFS({cost},{chan},{exactly(f"$A${row + 1}")},{date},">"&($E$1-$E$4),{date},"<="&$E$1)/$E$4',
            None,
            m.recent.get(name, 0.0),
        )


def write_dashboard(wb: Any, s: Sheet, m: Model, mode: Formulas, lay: Layout, objective: str | None, f: dict) -> None:
    lists = lay.names["lists"]
    n = len(m.months)
    s.set_column(0, 0, 30)
    s.set_column(1, 6, 15)
    s.set_column(7, 7, 18)
    s.set_column(8, 9, 14)
    s.write_string(0, 0, m.t("title"), f["title"])
    if objective:
        s.write_string(1, 0, f"{m.t('objective')}: {objective}", f["muted"])
    s.write_string(2, 0, m.t("period"), f["bold"])
    s.write_string(2, 1, m.period_label(m.key), f["input"])
    s.data_validation(2, 1, 2, 1, {"validate": "list", "source": f"={span(1, 0, n, 0, lists)}"})
    s.write_string(3, 0, m.t("channel"), f["bold"])
    s.write_string(3, 1, m.channel_label, f["input"])
    s.data_validation(3, 1, 3, 1, {"validate": "list", "source": f"={span(1, 2, len(m.channels) + 1, 2, lists)}"})
    s.write_string(2, 3, m.t("inputs"), f["muted"])
    if lay.pacing:  # the period to date: say so when the data does not cover all of it
        days, elapsed = m.period_days()
        fields = {"date": f'TEXT({lay.last_date},"yyyy-mm-dd")', "elapsed": lay.elapsed, "days": lay.days}
        note = m.t("incomplete").format(date=f"{m.last_date:%Y-%m-%d}", elapsed=elapsed, days=days)
        s.write_formula(
            3,
            3,
            f'=IF({lay.elapsed}<{lay.days},{excel_text(m.t("incomplete"), fields)},"")',
            f["amber_text"],
            note if elapsed < days else "",
        )
    s.freeze_panes(5, 1)
    page_setup(s.ws, one_page=True, header=f"{m.t('period')}: {m.period_label(m.key)} · {m.channel_label}")
    _write_tiles(s, m, mode, lay, f)
    _write_channels(s, m, mode, lay, f)
    _write_funnel(s, m, mode, lay, f)
    _write_trends(s, m, lay, f)
    if lay.pacing:
        _write_pacing(s, m, mode, lay, f)
    _write_anomalies(s, m, lay, f)
    _write_charts(wb, s, m, lay)


def _write_tiles(s: Sheet, m: Model, mode: Formulas, lay: Layout, f: dict) -> None:
    calc = lay.names["calc"]
    head = ["kpi", "value", "target", "benchmark", "previous", "change", "status", "trend", "last_year", "vs_last_year"]
    r0 = lay.tiles_row
    s.write_row(r0 - 1, 0, [m.t(h) for h in head], f["head"])
    scope, selected = cell(3, 7, calc), cell(3, 1, calc)
    for_whom = f'"{m.t("target")} ("&{scope}&")"'  # the header says whose targets they are when not the selection
    judged = excel_key(m.targets_label) == excel_key(m.channel_label)  # as Excel compares them
    header = m.t("target") if judged else f"{m.t('target')} ({m.targets_label})"
    s.write_formula(r0 - 1, 2, f'=IF({scope}={selected},"{m.t("target")}",{for_whom})', f["head"], header)
    s.set_row(r0 - 1, 30)
    n = len(m.months)
    on, close, off = m.t("on_target"), m.t("close"), m.t("off_target")
    for i, tile in enumerate(m.tiles):
        r = r0 + i
        s.set_row(r, 22)
        s.write_string(r, 0, tile.label, f["bold"])
        previous_key, ly_key = cell(2, 1, calc), cell(4, 1, calc)  # "" when the data has no such period
        if tile.is_sum:
            value = m.totals[tile.columns[0]]
            previous = m.previous_totals[tile.columns[0]] if m.previous else DASH
            last_year = m.last_year_totals.get(tile.columns[0], DASH)
            s.write_formula(r, 1, f"={lay.metric(tile.columns[0])}", f["big_money"], value)
            for col, key, total, was in ((4, previous_key, 2, previous), (8, ly_key, 3, last_year)):
                formula = f'=IF({key}="","{DASH}",{lay.metric(tile.columns[0], total)})'
                s.write_formula(r, col, formula, f["money"], was)
            trend = span(lay.series_row[tile.columns[0]], 1, lay.series_row[tile.columns[0]], n, calc)
        else:
            value = mode.write_one(
                s,
                r,
                1,
                tile.name,
                [lay.metric(c) for c in tile.columns],
                [m.totals[c] for c in tile.columns],
                f[f"big_{tile.unit}"],
            )
            previous = mode.write_one(
                s,
                r,
                4,
                tile.name,
                [lay.metric(c, 2) for c in tile.columns],
                [m.previous_totals[c] for c in tile.columns],
                f[tile.unit],
                guard=previous_key,
                blank=not m.previous,
                otherwise=DASH,
            )
            last_year = mode.write_one(
                s,
                r,
                8,
                tile.name,
                [lay.metric(c, 3) for c in tile.columns],
                [m.last_year_totals.get(c) for c in tile.columns],
                f[tile.unit],
                guard=ly_key,
                blank=m.last_year is None,
                otherwise=DASH,
            )
            row = lay.kpi_series_row[tile.name]
            trend = span(row, 1, row, n, calc)
        fmt = f[tile.unit] if tile.unit in NUMBER_FORMATS else None
        if tile.formula:  # the user's formula stays a formula
            s.write_formula(r, 2, tile.formula, f[f"input_{tile.unit}"], plain(tile.target))
        elif tile.target is None:
            s.write_blank(r, 2, None, f[f"input_{tile.unit}"])
        else:
            s.write_number(r, 2, tile.target, f[f"input_{tile.unit}"])
        if tile.benchmark is None:
            s.write_blank(r, 3, None, f["grey"])
        else:
            s.write_number(r, 3, tile.benchmark, fmt)
        v, t, p, y = (cell(r, c, absolute=False) for c in (1, 2, 4, 8))
        s.write_formula(r, 5, f'=IFERROR(({v}-{p})/ABS({p}),"")', f["change"], plain(_change(value, previous)))
        s.write_formula(r, 9, f'=IFERROR(({v}-{y})/ABS({y}),"")', f["change"], plain(_change(value, last_year)))
        s.write_formula(
            r,
            6,
            f'=IF({scope}<>{selected},"{DASH}",{status_formula(tile.direction, v, t, on, close, off)})',
            None,
            status_value(tile.direction, value, tile.target, on, close, off) if judged else DASH,
        )
        s.add_sparkline(r, 7, {"range": trend, "markers": True, "high_point": True, "low_point": True})
        good, bad = ("good", "bad") if tile.direction != "lower" else ("bad", "good")
        for c in (5, 9):
            s.conditional_format(r, c, r, c, {"type": "cell", "criteria": ">", "value": 0, "format": f[good]})
            s.conditional_format(r, c, r, c, {"type": "cell", "criteria": "<", "value": 0, "format": f[bad]})
    last = r0 + len(m.tiles) - 1
    for text_value, color in ((on, "green"), (close, "amber"), (off, "red")):
        s.conditional_format(
            r0, 6, last, 6, {"type": "cell", "criteria": "==", "value": f'"{text_value}"', "format": f[color]}
        )
        s.conditional_format(
            r0, 1, last, 1, {"type": "formula", "criteria": f'=$G{r0 + 1}="{text_value}"', "format": f[color]}
        )


def tile_value(m: Model, tile: Tile) -> Any:
    """The value a tile shows, as the goals sheet links to it."""
    if tile.is_sum:
        return m.totals[tile.columns[0]]
    return excel_call(CATALOG[tile.name], tuple(m.totals[c] for c in tile.columns))


def _change(value: Any, previous: Any) -> Any:
    if not all(isinstance(x, float) for x in (value, previous)) or previous == 0:
        return None
    return (value - previous) / abs(previous)


def _write_channels(s: Sheet, m: Model, mode: Formulas, lay: Layout, f: dict) -> None:
    calc = lay.names["calc"]
    r0 = lay.chan_row
    s.write_string(r0 - 1, 0, m.t("by_channel"), f["h2"])
    kpis = m.kpis("channel")
    head = [m.t("channel"), m.t("spend"), m.t("revenue"), *(CATALOG[k].label_in(m.lang) for k in kpis)]
    s.write_row(r0, 0, head, f["head"])
    s.set_row(r0, 30)
    current = m.by_channel
    first = lay.channels_row + 1
    for i, name in enumerate(m.channels):
        r = r0 + 1 + i
        s.write_formula(r, 0, f"={cell(first + i, 0, calc)}", f["bold"], name)
        for col, metric in ((1, "cost"), (2, "revenue")):
            if metric in m.df:
                s.write_formula(
                    r,
                    col,
                    f"={cell(first + i, lay.channel_col[metric], calc)}",
                    f["money"],
                    float(current.at[name, metric]),
                )
            else:  # no source gives it: a dash, and the note says so once
                s.write_string(r, col, DASH, f["muted"])
                if i == 0:
                    s.write_comment(r, col, m.t("no_metric").format(metric=m.label(metric).lower()))
    given = m.given_by_channel()
    for j, k in enumerate(kpis):
        cols = [lay.channel_col[c] for c in feeds(k)]
        for i, name in enumerate(m.channels):
            r = r0 + 1 + i
            missing = [c for c in feeds(k) if not given[c].get(name)]
            if not missing:
                refs = [cell(first + i, c, calc) for c in cols]
                mode.write_one(s, r, 3 + j, k, refs, [current.at[name, c] for c in feeds(k)], f[CATALOG[k].unit])
                continue
            s.write_blank(r, 3 + j, None, f["muted"])
            sources = sorted({x for c in feeds(k) for x in given[c].get(name, ())})
            note = m.t("no_side").format(metric=m.label(missing[0]).lower(), channel=name)
            if sources:
                note += " " + m.t("from_sources").format(sources=", ".join(sources))
            s.write_comment(r, 3 + j, note, {"x_scale": 1.5})


def _write_funnel(s: Sheet, m: Model, mode: Formulas, lay: Layout, f: dict) -> None:
    stages = [st for st in FUNNEL if st in m.df]
    r0 = lay.funnel_row
    s.write_string(r0 - 1, 0, m.t("funnel"), f["h2"])
    s.write_row(r0, 0, [m.t(h) for h in ("stage", "volume", "step", "drop", "from_first")], f["head"])
    for i, st in enumerate(stages):
        s.write_string(r0 + 1 + i, 0, m.label(st), f["bold"])
        s.write_formula(r0 + 1 + i, 1, f"={lay.metric(st)}", f["count"], m.totals[st])
    first, last = r0 + 1, r0 + len(stages)
    volumes = [[m.totals[st]] for st in stages]
    result = _excel_table("FUNNEL", volumes)
    if mode.calls("FUNNEL"):  # one formula per cell, as in write_many: no spill for twelve cells
        funnel = mode.call("KPI_FUNNEL", [span(first, 1, last, 1)])
        for i, row in enumerate(result):
            for j, v in enumerate(row):
                s.write_formula(first + i, 2 + j, f"=INDEX({funnel},{i + 1},{j + 1})", f["percent"], plain(v))
    else:
        native_cells = CATALOG["FUNNEL"].native_cells
        assert native_cells is not None
        refs = [cell(first + i, 1, absolute=False) for i in range(len(stages))]
        for i, (row, formulas) in enumerate(zip(result, native_cells(refs))):
            for j, (formula, v) in enumerate(zip(formulas, row)):
                s.write_formula(first + i, 2 + j, "=" + formula, f["percent"], plain(v))
    # the biggest drop-off stands out
    s.conditional_format(first + 1, 3, last, 3, {"type": "top", "value": 1, "format": f["red"]})


TREND_PERIODS = 3  # a trend line and a correlation need three periods at least


def _write_trends(s: Sheet, m: Model, lay: Layout, f: dict) -> None:
    """Next month by the linear trend of the months so far (FORECAST), and how spend and revenue move
    together (CORREL): Excel's own functions, in every Excel since 2010 and in LibreOffice."""
    calc, n = lay.names["calc"], len(m.months)
    r0 = lay.trend_row
    s.write_string(r0 - 1, 0, m.t("trends"), f["h2"])
    monthly = m.monthly
    index = span(lay.index_row, 1, lay.index_row, n, calc)
    row = r0
    for metric in ("revenue", "leads"):
        if metric in m.df:
            series = span(lay.series_row[metric], 1, lay.series_row[metric], n, calc)
            _label(s, row, f"{m.label(metric)}: {m.t('next_' + m.grain)}", f)
            value = forecast(monthly[metric].tolist(), n + 1) if n >= TREND_PERIODS else DASH
            s.write_formula(
                row,
                1,
                f'=IF(COUNT({series})<{TREND_PERIODS},"{DASH}",FORECAST({n + 1},{series},{index}))',
                f["big_middle_money" if metric == "revenue" else "big_middle_count"],
                plain(value),
            )
            row += 1
    if not any(m.has(c) for c in ("revenue", "leads", "cost")):
        s.write_string(row, 0, m.t("no_money"), f["muted"])
    if m.has("revenue", "cost"):
        spend, revenue = (span(lay.series_row[c], 1, lay.series_row[c], n, calc) for c in ("cost", "revenue"))
        _label(s, row, m.t("correlation"), f)
        r = correlation(monthly["cost"].tolist(), monthly["revenue"].tolist()) if n >= TREND_PERIODS else DASH
        s.write_formula(
            row,
            1,
            f'=IF(COUNT({spend})<{TREND_PERIODS},"{DASH}",IFERROR(CORREL({spend},{revenue}),"{DASH}"))',
            f["middle_ratio"],
            r if isinstance(r, float) else DASH,
        )


def _label(s: Sheet, row: int, text: str, f: dict) -> None:
    """A row's label in column A, on two lines when it is longer than the column."""
    if len(text) > 32:
        s.write_string(row, 0, text, f["bold_middle_wrap"])
        s.set_row(row, 30)
    else:
        s.write_string(row, 0, text, f["bold"])


BUDGETS_FIRST_ROW = 4  # the Budgets sheet: header on row 4 (index 3), one channel per row below


def write_budgets(s: Sheet, m: Model, f: dict) -> None:
    """One row per channel, one column per month: the budgets the Dashboard paces (blue cells)."""
    s.write_string(0, 0, m.t("sheet_budgets"), f["title"])
    s.write_string(1, 0, m.t("budgets_note"), f["muted"])
    s.set_column(0, 0, 24)
    s.set_column(1, len(m.months), 11)
    s.write_row(BUDGETS_FIRST_ROW - 1, 0, [m.t("channel"), *map(m.period_label, m.months)], f["head"])
    for i, name in enumerate(m.channels):
        r = BUDGETS_FIRST_ROW + i
        s.write_string(r, 0, name, f["bold"])
        for j, key in enumerate(m.months):
            typed = m.budget_formulas.get((name, key))
            if typed:  # the user's formula stays a formula
                s.write_formula(r, 1 + j, typed, f["input_money"], plain(m.budgets.get((name, key))))
            else:
                s.write(r, 1 + j, m.budgets.get((name, key)), f["input_money"])
    s.freeze_panes(BUDGETS_FIRST_ROW, 1)
    page_setup(s.ws, BUDGETS_FIRST_ROW)


def _write_pacing(s: Sheet, m: Model, mode: Formulas, lay: Layout, f: dict) -> None:
    """Each channel's budget for the selected month against its spend to date, projected spend and
    what is needed per day to use it, with a status: native formulas and KPI_* functions."""
    calc, budgets = lay.names["calc"], lay.names["budgets"]
    r0, n, k = lay.pacing_row, len(m.months), len(m.channels)
    days, elapsed = m.period_days()
    note = m.t("data_to").format(date=f"{m.last_date:%Y-%m-%d}", elapsed=elapsed, days=days)
    s.write_string(r0 - 1, 0, m.t("pacing"), f["h2"])
    fields = {"date": f'TEXT({lay.last_date},"yyyy-mm-dd")', "elapsed": lay.elapsed, "days": lay.days}
    s.write_formula(r0 - 1, 2, "=" + excel_text(m.t("data_to"), fields), f["muted"], note)
    head = ("channel", "budget", "spend_to_date", "expected_to_date", "pace", "projected", "per_day", "status")
    s.write_row(r0, 0, [m.t(h) for h in head], f["head"])
    s.set_row(r0, 30)
    table = span(BUDGETS_FIRST_ROW, 1, BUDGETS_FIRST_ROW + k - 1, n, budgets)
    rows = span(BUDGETS_FIRST_ROW, 0, BUDGETS_FIRST_ROW + k - 1, 0, budgets)
    columns = span(BUDGETS_FIRST_ROW - 1, 1, BUDGETS_FIRST_ROW - 1, n, budgets)
    words = {w: m.t(w) for w in ("on_pace", "ahead", "behind", "over_budget", "under_budget")}
    for i, name in enumerate(m.channels):
        r = r0 + 1 + i
        A, B, C, F = (cell(r, c, absolute=False) for c in (0, 1, 2, 5))
        budget = m.budgets.get((name, m.key))
        spend = float(m.by_channel.at[name, "cost"])
        recent = cell(lay.channels_row + 1 + i, lay.recent_col, calc)
        s.write_formula(r, 0, f"={cell(lay.channels_row + 1 + i, 0, calc)}", f["bold"], name)
        found = f"INDEX({table},MATCH({no_wildcards(A)},{rows},0),MATCH($B$3,{columns},0))"
        s.write_formula(r, 1, f'=IFERROR(IF({found}="","",{found}),"")', f["money"], plain(budget))
        s.write_formula(r, 2, f"={cell(lay.channels_row + 1 + i, lay.channel_col['cost'], calc)}", f["money"], spend)
        expected = None if budget is None else budget * elapsed / days
        s.write_formula(r, 3, f'=IF({B}="","",{B}*{lay.elapsed}/{lay.days})', f["money"], plain(expected))
        mode.write_one(
            s,
            r,
            4,
            "BUDGET_PACE",
            [C, B, lay.elapsed, lay.days],
            [spend, budget, elapsed, days],
            f["ratio"],
            guard=B,
            blank=budget is None,
        )
        projected = mode.write_one(
            s,
            r,
            5,
            "PROJECTED_SPEND",
            [C, lay.elapsed, lay.days, recent],
            [spend, elapsed, days, m.recent[name]],
            f["money"],
            guard=B,
            blank=budget is None,
        )
        kpi = CATALOG["REQUIRED_DAILY_SPEND"]
        call = mode.text(kpi, [B, C, lay.elapsed, lay.days])[1:]
        needed = None if budget is None or elapsed >= days else excel_call(kpi, (budget, spend, elapsed, days))
        s.write_formula(r, 6, f'=IF(OR({B}="",{lay.elapsed}>={lay.days}),"",{call})', f["money"], plain(needed))
        s.write_formula(r, 7, "=" + pace_status_formula(F, B, words), None, pace_status(projected, budget, words))
    last = r0 + k
    for word, color in (
        ("on_pace", "green"),
        ("ahead", "amber"),
        ("behind", "amber"),
        ("over_budget", "red"),
        ("under_budget", "red"),
    ):
        s.conditional_format(
            r0 + 1, 7, last, 7, {"type": "cell", "criteria": "==", "value": f'"{words[word]}"', "format": f[color]}
        )


def _write_anomalies(s: Sheet, m: Model, lay: Layout, f: dict) -> None:
    """The most recent anomalies (kpixl.sheets.anomalies), as values: the band needs the history. Each value
    in its KPI's unit, green or red by the KPI's direction (amber when neither is better)."""
    r0 = lay.anomalies_row
    s.write_string(r0 - 1, 0, m.t("anomalies"), f["h2"])
    s.write_string(r0 - 1, 2, m.t("anomalies_note"), f["muted"])
    head = ("kpi", "day", "channel", "value", "expected_low", "expected_high")
    s.write_row(r0, 0, [m.t(h) for h in head], f["head"])
    if not m.anomalies:
        s.write_string(r0 + 1, 0, m.t("no_anomaly"), f["muted"])
    for i, a in enumerate(m.anomalies):
        r = r0 + 1 + i
        tile = next(t for t in m.tiles if t.name == a.kpi)
        unit = tile.unit if tile.unit in NUMBER_FORMATS else "value"
        good = {"higher": a.direction > 0, "lower": a.direction < 0}.get(tile.direction)
        color = "amber" if good is None else "green" if good else "red"
        s.write_string(r, 0, tile.label, f["bold"])
        s.write_datetime(r, 1, a.day.to_pydatetime(), f["date"])
        s.write_string(r, 2, a.channel or m.all_label)
        s.write_number(r, 3, a.value, f[f"{color}_{unit}"])
        s.write_number(r, 4, a.low, f[unit])
        s.write_number(r, 5, a.high, f[unit])


def _excel_table(name: str, volumes: list[list[float]]) -> list[list[Any]]:
    out = excel_call(CATALOG[name], (volumes,))
    return out if isinstance(out, list) else [[out]]


def _write_charts(wb: Any, s: Sheet, m: Model, lay: Layout) -> None:
    calc, dash = lay.names["calc"], lay.names["dashboard"]
    n = len(m.months)
    sums = [(metric, word, color) for metric, word, color in MONEY_SERIES if metric in m.df]
    if sums:  # no cost and no revenue (Search Console alone): no chart of them
        money = wb.add_chart({"type": "column"})
        money.show_hidden_data()  # a printed copy hides columns; its charts stay whole
        for metric, word, color in sums:
            row = lay.series_row[metric]
            money.add_series(
                {
                    "name": m.t(word),
                    "categories": [calc, lay.months_row, 1, lay.months_row, n],
                    "values": [calc, row, 1, row, n],
                    "fill": {"color": color},
                }
            )
        title = m.t("chart_money").format(period=m.t(f"per_{m.grain}"))
        money.set_title({"name": title})
        money.set_legend({"position": "bottom"})
        money.set_y_axis({"num_format": money_format(m.currency, m.lang).replace(".00", ""), "min": 0})
        money.set_x_axis({"num_font": {"rotation": -45}})
        s.insert_chart(5, CHART_COL, money, {"x_scale": 1.5, "y_scale": 1.1})
    kpis = m.kpis("channel")
    if "ROI" in kpis:
        roi = wb.add_chart({"type": "bar"})
        roi.show_hidden_data()  # a printed copy hides columns; its charts stay whole
        first, last = lay.chan_row + 1, lay.chan_row + len(m.channels)
        roi.add_series(
            {
                "name": CATALOG["ROI"].label_in(m.lang),
                "categories": [dash, first, 0, last, 0],
                "values": [dash, first, 3 + kpis.index("ROI"), last, 3 + kpis.index("ROI")],
                "fill": {"color": "#548235"},
            }
        )
        roi.set_title({"name": m.t("chart_channel")})
        roi.set_legend({"none": True})
        roi.set_y_axis({"reverse": True})
        lowest = _lowest_roi(m)  # bars start at zero, unless some channel lost money in some period
        roi.set_x_axis({"num_format": "#,##0%", **({"min": 0} if lowest >= 0 else {})})
        s.insert_chart(23, CHART_COL, roi, {"x_scale": 1.5, "y_scale": 1.0})
    stages = [st for st in FUNNEL if st in m.df]
    if len(stages) < 2:  # a funnel needs two stages
        return
    funnel = wb.add_chart({"type": "bar"})
    funnel.show_hidden_data()  # a printed copy hides columns; its charts stay whole
    first = lay.funnel_row + 1
    funnel.add_series(
        {
            "name": m.t("volume"),
            "categories": [dash, first, 0, first + len(stages) - 1, 0],
            "values": [dash, first, 1, first + len(stages) - 1, 1],
            "fill": {"color": "#7030A0"},
            "data_labels": {"value": True, "num_format": "#,##0"},
        }
    )
    funnel.set_title({"name": m.t("chart_funnel")})
    funnel.set_legend({"none": True})
    funnel.set_y_axis({"reverse": True})
    funnel.set_x_axis({"log_base": 10, "num_format": "#,##0"})
    s.insert_chart(39, CHART_COL, funnel, {"x_scale": 1.5, "y_scale": 1.0})


def _lowest_roi(m: Model) -> float:
    """The lowest ROI of any channel in any period: the ROI chart's axis starts at zero when it is not negative."""
    sums = m.df.groupby(["month", "channel"])[["revenue", "cost"]].sum()
    roi = (sums["revenue"] - sums["cost"]) / sums["cost"].where(sums["cost"] > 0)
    return float(roi.min()) if roi.notna().any() else 0.0
