"""The Dashboard sheet: selectors, tiles against targets, channels, funnel, trends and anomalies; its budget
pacing (``budgets``) and charts (``charts``), from the dashboard model and the workbook's layout.

The same layout is written in ``udf`` mode (``KPI_*`` functions) and in ``native`` mode
(plain Excel formulas): cell for cell, the same addresses and values.
"""

from __future__ import annotations

from typing import Any

from ..catalog import CATALOG
from ..catalog.native_templates import excel_text
from ..excel.values import excel_call
from ..objectives import OBJECTIVES
from ..words import excel_key
from .budgets import write_pacing
from .charts import write_charts
from .formats import DASH, NUMBER_FORMATS
from .layout import (
    ALL_CHANNELS_AT,
    CHANNEL_AT,
    INCOMPLETE_AT,
    PERIOD_AT,
    TARGETS_FOR_AT,
    TILE,
    TILE_COLUMNS,
    Layout,
    selected,
)
from .model import (
    FUNNEL,
    Model,
    Tile,
    correlation,
    feeds,
    forecast,
)
from .rules import status_formula, status_value
from .writer import Host, Sheet, cell, page_setup, plain, span


def write_dashboard(wb: Any, s: Sheet, m: Model, host: Host, lay: Layout, objective: str | None, f: dict) -> None:
    lists = lay.names["lists"]
    n = len(m.period_keys)
    s.set_column(0, 0, 30)
    s.set_column(1, 6, 15)
    s.set_column(7, 7, 18)
    s.set_column(8, 9, 14)
    s.write_string(0, 0, m.t("title"), f["title"])
    if objective:
        s.write_string(1, 0, m.t("objective").format(name=OBJECTIVES[objective].label_in(m.lang)), f["muted"])
    s.write_string(2, 0, m.t("period"), f["bold"])
    s.write_string(*PERIOD_AT, m.period_label(m.key), f["input"])
    s.data_validation(*PERIOD_AT, *PERIOD_AT, {"validate": "list", "source": f"={span(1, 0, n, 0, lists)}"})
    s.write_string(3, 0, m.t("channel"), f["bold"])
    (first, col), last = ALL_CHANNELS_AT, ALL_CHANNELS_AT[0] + len(m.channels)
    channel_list = span(first, col, last, col, lists)
    s.write_string(*CHANNEL_AT, m.channel_label, f["input"])
    s.data_validation(
        *CHANNEL_AT,
        *CHANNEL_AT,
        {
            "validate": "list",
            "source": f"={channel_list}",
        },
    )
    s.write_string(2, 3, m.t("inputs"), f["muted"])
    if lay.pacing:  # the period to date: say so when the data does not cover all of it
        days, elapsed = m.period_days()
        fields = {"date": f'TEXT({lay.last_date},"yyyy-mm-dd")', "elapsed": lay.elapsed, "days": lay.days}
        note = m.t("incomplete").format(date=f"{m.last_date:%Y-%m-%d}", elapsed=elapsed, days=days)
        s.write_formula(
            *INCOMPLETE_AT,
            f'=IF({lay.elapsed}<{lay.days},{excel_text(m.t("incomplete"), fields)},"")',
            f["amber_text"],
            note if elapsed < days else "",
        )
    s.freeze_panes(5, 1)
    page_setup(s.ws, one_page=True, header=f"{m.t('period')}: {m.period_label(m.key)} · {m.channel_label}")
    _write_tiles(s, m, host, lay, f)
    _write_channels(s, m, host, lay, f)
    _write_funnel(s, m, host, lay, f)
    _write_trends(s, m, lay, f)
    if lay.pacing:
        write_pacing(s, m, host, lay, f)
    _write_anomalies(s, m, lay, f)
    write_charts(wb, s, m, lay)


def _write_tiles(s: Sheet, m: Model, host: Host, lay: Layout, f: dict) -> None:
    calc = lay.names["calc"]
    r0 = lay.tiles_row
    s.write_row(r0 - 1, 0, [m.t(h) for h in TILE_COLUMNS], f["head"])
    scope, chosen = cell(*TARGETS_FOR_AT, calc), selected("channel", calc)
    for_whom = f'"{m.t("target")} ("&{scope}&")"'  # the header says whose targets they are when not the selection
    judged = excel_key(m.targets_label) == excel_key(m.channel_label)  # as Excel compares them
    header = m.t("target") if judged else f"{m.t('target')} ({m.targets_label})"
    s.write_formula(r0 - 1, TILE["target"], f'=IF({scope}={chosen},"{m.t("target")}",{for_whom})', f["head"], header)
    s.set_row(r0 - 1, 30)
    n = len(m.period_keys)
    on, close, off = m.t("on_target"), m.t("close"), m.t("off_target")
    for i, tile in enumerate(m.tiles):
        r = r0 + i
        s.set_row(r, 22)
        s.write_string(r, TILE["kpi"], tile.label, f["bold"])
        previous_key, ly_key = selected("previous", calc), selected("last_year", calc)  # "" when there is none
        if tile.is_sum:
            value = m.totals[tile.columns[0]]
            previous = m.previous_totals[tile.columns[0]] if m.previous else DASH
            last_year = m.last_year_totals.get(tile.columns[0], DASH)
            s.write_formula(r, TILE["value"], f"={lay.metric(tile.columns[0])}", f["big_money"], value)
            for col, key, total, was in (
                (TILE["previous"], previous_key, 2, previous),
                (TILE["last_year"], ly_key, 3, last_year),
            ):
                formula = f'=IF({key}="","{DASH}",{lay.metric(tile.columns[0], total)})'
                s.write_formula(r, col, formula, f["money"], was)
            trend = span(lay.series_row[tile.columns[0]], 1, lay.series_row[tile.columns[0]], n, calc)
        else:
            value = host.write_one(
                s,
                r,
                TILE["value"],
                tile.name,
                [lay.metric(c) for c in tile.columns],
                [m.totals[c] for c in tile.columns],
                f[f"big_{tile.unit}"],
            )
            previous = host.write_one(
                s,
                r,
                TILE["previous"],
                tile.name,
                [lay.metric(c, 2) for c in tile.columns],
                [m.previous_totals[c] for c in tile.columns],
                f[tile.unit],
                guard=previous_key,
                blank=not m.previous,
                otherwise=DASH,
            )
            last_year = host.write_one(
                s,
                r,
                TILE["last_year"],
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
            s.write_formula(r, TILE["target"], tile.formula, f[f"input_{tile.unit}"], plain(tile.target))
        elif tile.target is None:
            s.write_blank(r, TILE["target"], None, f[f"input_{tile.unit}"])
        else:
            s.write_number(r, TILE["target"], tile.target, f[f"input_{tile.unit}"])
        if tile.benchmark is None:
            s.write_blank(r, TILE["benchmark"], None, f["grey"])
        else:
            s.write_number(r, TILE["benchmark"], tile.benchmark, fmt)
        v, t, p, y = (cell(r, TILE[c], absolute=False) for c in ("value", "target", "previous", "last_year"))
        for column, was, then in (("change", p, previous), ("vs_last_year", y, last_year)):
            formula = f'=IFERROR(({v}-{was})/ABS({was}),"")'
            s.write_formula(r, TILE[column], formula, f["change"], plain(_change(value, then)))
        s.write_formula(
            r,
            TILE["status"],
            f'=IF({scope}<>{chosen},"{DASH}",{status_formula(tile.direction, v, t, on, close, off)})',
            None,
            status_value(tile.direction, value, tile.target, on, close, off) if judged else DASH,
        )
        s.add_sparkline(r, TILE["trend"], {"range": trend, "markers": True, "high_point": True, "low_point": True})
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


def _write_channels(s: Sheet, m: Model, host: Host, lay: Layout, f: dict) -> None:
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
                host.write_one(s, r, 3 + j, k, refs, [current.at[name, c] for c in feeds(k)], f[CATALOG[k].unit])
                continue
            s.write_blank(r, 3 + j, None, f["muted"])
            sources = sorted({x for c in feeds(k) for x in given[c].get(name, ())})
            note = m.t("no_side").format(metric=m.label(missing[0]).lower(), channel=name)
            if sources:
                note += " " + m.t("from_sources").format(sources=", ".join(sources))
            s.write_comment(r, 3 + j, note, {"x_scale": 1.5})


def _write_funnel(s: Sheet, m: Model, host: Host, lay: Layout, f: dict) -> None:
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
    if host.calls("FUNNEL"):  # one formula per cell, as in write_many: no spill for twelve cells
        funnel = host.call("KPI_FUNNEL", [span(first, 1, last, 1)])
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
    """The next period by the linear trend of the periods so far (FORECAST), and how spend and revenue move
    together (CORREL): Excel's own functions, in every Excel since 2010 and in LibreOffice."""
    calc, n = lay.names["calc"], len(m.period_keys)
    r0 = lay.trend_row
    s.write_string(r0 - 1, 0, m.t("trends"), f["h2"])
    by_period = m.by_period
    index = span(lay.index_row, 1, lay.index_row, n, calc)
    row = r0
    for metric in ("revenue", "leads"):
        if metric in m.df:
            series = span(lay.series_row[metric], 1, lay.series_row[metric], n, calc)
            _label(s, row, f"{m.label(metric)}: {m.t('next_' + m.grain)}", f)
            value = forecast(by_period[metric].tolist(), n + 1) if n >= TREND_PERIODS else DASH
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
        r = correlation(by_period["cost"].tolist(), by_period["revenue"].tolist()) if n >= TREND_PERIODS else DASH
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
