"""The hidden sheets every Dashboard formula reads: Lists (the periods, channels and keys the selectors
offer) and Calc (the totals of the selection, period by period and channel by channel, by SUMIFS)."""

from __future__ import annotations

import datetime as dt

from ..compute.engine import to_serial
from . import periods
from .layout import (
    ALL_CHANNELS_AT,
    CHANNEL_AT,
    PACING,
    PERIOD_AT,
    PERIOD_COLS,
    SELECTION,
    TARGETS_FOR_AT,
    Layout,
    pace,
    selected,
)
from .model import RECENT_DAYS, Model, recent_window
from .writer import Host, Sheet, cell, exactly, plain, span


def write_lists(s: Sheet, m: Model, f: dict) -> None:
    s.write_string(0, 0, m.t("period"), f["bold"])
    s.write_string(0, 1, "key", f["bold"])
    s.write_string(0, 2, m.t("channel"), f["bold"])
    for j, head in enumerate(("start", "days", "last year key")):
        s.write_string(0, PERIOD_COLS + j, head, f["bold"])
    for i, key in enumerate(m.period_keys):
        s.write_string(1 + i, 0, m.period_label(key))
        s.write_number(1 + i, 1, key, f["key"])
        s.write_datetime(1 + i, PERIOD_COLS, dt.datetime.combine(periods.start(key, m.grain), dt.time()), f["date"])
        s.write_number(1 + i, PERIOD_COLS + 1, periods.length(key, m.grain))
        ly = periods.last_year(key, m.grain)
        s.write(1 + i, PERIOD_COLS + 2, ly if ly in m.period_keys else "", f["key"])
    row, col = ALL_CHANNELS_AT
    for i, name in enumerate([m.all_label, *m.channels]):
        s.write_string(row + i, col, name)


def _sumifs(lay: Layout, m: Model, metric: str, key_ref: str, channel_ref: str) -> str:
    """SUMIFS of a metric for a period key, for one channel or all (the first item of the list)."""
    col, period, chan = (lay.column(m.label(x)) for x in (metric, "period", "channel"))
    return (
        f"IF({channel_ref}={cell(*ALL_CHANNELS_AT, lay.names['lists'])},SUMIFS({col},{period},{key_ref}),"
        f"SUMIFS({col},{period},{key_ref},{chan},{exactly(channel_ref)}))"
    )


def write_calc(s: Sheet, m: Model, host: Host, lay: Layout, f: dict) -> None:
    lists, dash = lay.names["lists"], lay.names["dashboard"]
    n = len(m.period_keys)
    labels, keys = span(1, 0, n, 0, lists), span(1, 1, n, 1, lists)
    s.set_column(0, 0, 28)
    period, key_ref, previous, channel, last_year = (selected(name) for name in SELECTION)
    at = f"MATCH({period},{labels},0)"  # the first period has no previous one: 0, never INDEX(..., 0)
    ly_keys = span(1, PERIOD_COLS + 2, n, PERIOD_COLS + 2, lists)
    for r, (word, formula, fmt, value) in enumerate(
        (
            (m.t("period"), f"={cell(*PERIOD_AT, dash)}", None, m.period_label(m.key)),
            ("key", f"=INDEX({keys},{at})", f["key"], m.key),
            ("previous key", f'=IFERROR(IF({at}=1,"",INDEX({keys},{at}-1)),"")', f["key"], m.previous or ""),
            (m.t("channel"), f"={cell(*CHANNEL_AT, dash)}", None, m.channel_label),
            ("last year key", f'=IFERROR(INDEX({ly_keys},{at})&"","")', None, str(m.last_year or "")),  # "" if none
        )
    ):
        s.write_string(r, 0, word)
        s.write_formula(r, 1, formula, fmt, value)
    row, col = TARGETS_FOR_AT  # the selection the targets were set for: another one shows no status
    s.write_string(row, col - 1, "targets for")
    s.write_string(row, col, m.targets_label)
    # Totals of the selected and the previous period, and of the same period last year.
    heads = [m.t("metric"), m.t("selected"), m.t("previous"), m.t("last_year")]
    s.write_row(lay.totals_row - 1, 0, heads, f["bold"])
    for mt, row in lay.metric_row.items():
        s.write_string(row, 0, m.label(mt))
        s.write_formula(row, 1, "=" + _sumifs(lay, m, mt, key_ref, channel), None, m.totals[mt])
        before = m.previous_totals[mt] if m.previous else ""
        s.write_formula(row, 2, f'=IF({previous}="","",{_sumifs(lay, m, mt, previous, channel)})', None, before)
        ly = m.last_year_totals.get(mt)
        ly_sum = _sumifs(lay, m, mt, f"VALUE({last_year})", channel)
        s.write_formula(row, 3, f'=IF({last_year}="","",{ly_sum})', None, plain(ly))
    # Period by period, for the selected channel: metrics, then each tile's KPI (sparklines, charts).
    r = lay.periods_row
    s.write_string(r, 0, m.t(m.grain), f["bold"])
    s.write_string(r + 1, 0, "key", f["bold"])
    s.write_string(lay.index_row, 0, "#", f["bold"])
    by_period = m.by_period
    for j, key in enumerate(m.period_keys):
        s.write_string(r, 1 + j, m.period_label(key))
        s.write_number(r + 1, 1 + j, key, f["key"])
        s.write_number(lay.index_row, 1 + j, j + 1)
        for mt, row in lay.series_row.items():
            s.write_formula(
                row, 1 + j, "=" + _sumifs(lay, m, mt, cell(r + 1, 1 + j), channel), None, float(by_period.at[key, mt])
            )
    for mt, row in lay.series_row.items():
        s.write_string(row, 0, m.label(mt))
    for tile in m.tiles:
        if tile.is_sum:
            continue
        row = lay.kpi_series_row[tile.name]
        s.write_string(row, 0, tile.label)
        args = [lay.series_row[c] for c in tile.columns]
        host.write_many(
            s,
            row,
            1,
            tile.name,
            [[cell(a, 1 + j) for a in args] for j in range(n)],
            [by_period[c].tolist() for c in tile.columns],
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
                f"=SUMIFS({lay.column(m.label(mt))},{lay.column(m.label('period'))},{key_ref},"
                f"{lay.column(m.label('channel'))},{exactly(cell(row, 0))})"
            )
            s.write_formula(row, col, formula, None, value)
    if lay.pacing:
        _write_pacing_inputs(s, m, lay, f)


def _write_pacing_inputs(s: Sheet, m: Model, lay: Layout, f: dict) -> None:
    """Calc's last day of the data, days of the selected period and days gone by (D1:E3), the first
    day of the period (D5:E5), and each channel's average daily spend over the last days."""
    days, elapsed = m.period_days()
    lists = lay.names["lists"]
    n = len(m.period_keys)
    at = f"MATCH({selected('period')},{span(1, 0, n, 0, lists)},0)"
    last, days_in, gone, recent, start = (pace(name) for name in PACING)
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
            ("days elapsed", f"=MIN(MAX({last}-{start}+1,0),{days_in})", elapsed, None),
            (
                "recent days",
                f"=MAX(IF({gone}=0,{RECENT_DAYS},MIN({RECENT_DAYS},{gone})),{m.spacing})",
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
            f'=SUMIFS({cost},{chan},{exactly(cell(row, 0))},{date},">"&({last}-{recent}),{date},"<="&{last})/{recent}',
            None,
            m.recent.get(name, 0.0),
        )
