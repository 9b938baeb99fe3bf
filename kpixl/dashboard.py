"""The marketing KPI dashboard workbook, built from a campaign table.

Sheets: Read me, Dashboard (period and channel selectors, KPI tiles against targets with
traffic lights and trends, channel comparison, funnel, charts), Campaigns (the data as an
Excel table with per-row KPIs beside it), Glossary, and hidden helpers (Calc, Lists,
xlwings.conf). The same layout is written in ``udf`` mode (``KPI_*`` functions) and in
``native`` mode (plain Excel formulas): cell for cell, the same addresses and values.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .abtestsheet import write_abtest_sheet
from .campaigns import BY_KEY, METRICS, DataError, normalize
from .campaigns_sheet import write_campaigns
from .catalog import fold
from .entries import CATALOG
from .excel import excel_call
from .files import write_atomic
from .goalsheet import write_goals_sheet
from .reading import load_table
from .reference_sheets import write_benchmarks, write_glossary
from .texts import README_LINES, TEXTS
from .workbook import (
    NUMBER_FORMATS,
    Formulas,
    Sheet,
    cell,
    formats,
    new_workbook,
    plain,
    span,
)

# KPIs a campaign table can feed: the columns that give their arguments, in order.
FROM_COLUMNS: dict[str, tuple[str, ...]] = {
    "CTR": ("clicks", "impressions"), "CPC": ("cost", "clicks"), "CPM": ("cost", "impressions"),
    "FREQUENCY": ("impressions", "reach"), "LEAD_CONVERSION_RATE": ("leads", "sessions"), "CPL": ("cost", "leads"),
    "CONVERSION_RATE": ("orders", "sessions"), "CPA": ("cost", "orders"), "CAC": ("cost", "new_customers"),
    "LEAD_TO_CUSTOMER_RATE": ("new_customers", "leads"), "ROI": ("revenue", "cost"), "ROAS": ("revenue", "cost"),
    "AOV": ("revenue", "orders"), "PAGES_PER_SESSION": ("pageviews", "sessions"),
    "BOUNCE_RATE": ("bounces", "sessions"), "OPEN_RATE": ("opens", "delivered"),
    "CLICK_RATE": ("clicks", "delivered"), "CLICK_TO_OPEN_RATE": ("clicks", "opens"),
    "UNSUBSCRIBE_RATE": ("unsubscribes", "delivered"),
}
TILES = ("ROI", "ROAS", "CPA", "CAC", "CTR", "CPC", "CONVERSION_RATE", "CPL", "AOV")
OBJECTIVE_TILES = {  # 5 to 7 KPIs per objective (catalog presets, where campaign data can feed them)
    "awareness": ("FREQUENCY", "CTR", "CPM", "CPC", "ROAS"),
    "leads": ("CTR", "CPC", "LEAD_CONVERSION_RATE", "CPL", "LEAD_TO_CUSTOMER_RATE"),
    "conversion": ("CONVERSION_RATE", "CPA", "CAC", "AOV", "ROI", "ROAS"),
    "loyalty": ("CAC", "AOV", "ROI", "ROAS", "CONVERSION_RATE"),
    "content": ("PAGES_PER_SESSION", "BOUNCE_RATE", "LEAD_CONVERSION_RATE", "CONVERSION_RATE", "CTR"),
    "email": ("OPEN_RATE", "CLICK_RATE", "CLICK_TO_OPEN_RATE", "UNSUBSCRIBE_RATE", "CONVERSION_RATE"),
}
ROW_KPIS = ("CTR", "CPC", "CPL", "CONVERSION_RATE", "CPA", "ROI", "ROAS", "AOV")
CHANNEL_KPIS = ("ROI", "ROAS", "CPA", "CTR", "CONVERSION_RATE")
FUNNEL = ("impressions", "clicks", "leads", "new_customers")
TOLERANCE = 0.1  # amber within 10 % of the target


@dataclass
class Tile:
    """One dashboard tile: a KPI (or the spend / revenue sums) with its target."""

    name: str  # a catalog KPI name, or "spend" / "revenue"
    label: str
    unit: str
    direction: str
    target: float | None
    benchmark: float | None
    columns: tuple[str, ...] = ()

    @property
    def is_sum(self) -> bool:
        return self.name in ("spend", "revenue")


@dataclass
class Model:
    """Everything the workbook shows, computed in Python for the default selection."""

    df: pd.DataFrame
    lang: str
    metrics: list[str]
    months: list[int]
    channels: list[str]
    tiles: list[Tile]
    key: int
    previous: int
    channel: str | None = None  # None: all channels
    totals: dict[str, float] = field(default_factory=dict)
    previous_totals: dict[str, float] = field(default_factory=dict)

    def t(self, key: str) -> str:
        return TEXTS[self.lang][key]

    @property
    def selected(self) -> pd.DataFrame:
        """The rows of the selected channel (all rows when all channels are selected)."""
        return self.df if self.channel is None else self.df[self.df["channel"] == self.channel]

    @property
    def channel_label(self) -> str:
        return self.t("all") if self.channel is None else self.channel

    def label(self, column: str) -> str:
        """The header of a Campaigns column in the workbook's language."""
        if column == "month_col":
            return self.t("month")
        return BY_KEY[column].label[0 if self.lang == "en" else 1]


def month_label(key: int) -> str:
    return f"{key // 100}-{key % 100:02d}"


def build_model(df: pd.DataFrame, lang: str = "en", objective: str | None = None,
                targets: dict[str, float] | None = None, period: str | None = None,
                channel: str | None = None) -> Model:
    """What the dashboard shows for ``period`` ("2025-06", default the last month) and ``channel``."""
    metrics = [m for m in METRICS if m in df]
    months = sorted(int(m) for m in df["month"].unique())
    channels = list(dict.fromkeys(sorted(df["channel"], key=fold)))
    labels = [month_label(k) for k in months]
    if period is not None and period not in labels:
        raise DataError(f"period {period!r} is not in the data; choose from {labels[0]} to {labels[-1]}")
    if channel is not None and channel not in channels:
        raise DataError(f"channel {channel!r} is not in the data; choose from {', '.join(channels)}")
    at = labels.index(period) if period else len(months) - 1
    names = OBJECTIVE_TILES[objective] if objective else TILES
    wanted = _targets(targets)
    i = 0 if lang == "en" else 1
    tiles = [Tile(m, TEXTS[lang][label], "money", direction, wanted.get(m), None, (col,))
             for m, label, direction, col in (("spend", "spend", "lower", "cost"), ("revenue", "revenue", "higher",
                                                                                    "revenue"))
             if col in df]
    for name in names:
        if all(c in df for c in FROM_COLUMNS[name]):
            kpi = CATALOG[name]
            bench = kpi.benchmark.value if kpi.benchmark else None
            tiles.append(Tile(name, kpi.label[i], kpi.unit, kpi.direction, wanted.get(name, bench), bench,
                              FROM_COLUMNS[name]))
    key, previous = months[at], (months[at - 1] if at > 0 else 0)
    model = Model(df, lang, metrics, months, channels, tiles, key, previous, channel)
    rows = model.selected
    model.totals = _sums(rows[rows["month"] == key], metrics)
    model.previous_totals = _sums(rows[rows["month"] == previous], metrics)
    return model


def _sums(df: pd.DataFrame, metrics: list[str]) -> dict[str, float]:
    return {m: float(df[m].sum()) for m in metrics}


def _targets(targets: dict[str, float] | None) -> dict[str, float]:
    out = {}
    for name, value in (targets or {}).items():
        key = fold(name)
        if key in ("spend", "depenses", "cost", "budget"):
            out["spend"] = float(value)
        elif key in ("revenue", "chiffre d'affaires", "ca"):
            out["revenue"] = float(value)
        else:
            kpi = CATALOG.find(name)
            if kpi is None:
                raise DataError(f"target for unknown KPI {name!r}; `kpixl list` shows the names")
            out[kpi.name] = float(value)
    return out


# ------------------------------------------------------------------------------------------ building


def build_dashboard(data: pd.DataFrame | str | os.PathLike, path: str | os.PathLike, *, lang: str = "en",
                    formulas: str = "udf", objective: str | None = None, targets: dict[str, float] | None = None,
                    period: str | None = None, channel: str | None = None, force: bool = False,
                    as_of: dt.date | None = None, progress: Callable[[str], None] | None = None) -> Path:
    """Build the KPI dashboard workbook at ``path`` from a DataFrame or a .csv / .xlsx file.

    ``formulas``: "udf" (kpixl's Excel functions) or "native" (plain Excel, works anywhere).
    ``objective``: awareness, leads, conversion, loyalty, content or email (5-7 KPIs), or None.
    ``targets``: {KPI name: target}; KPIs without one are judged against their benchmark.
    ``period`` ("2025-06") and ``channel``: the selection the file opens on (default: last month, all).
    ``as_of``: the day the SMART goals are reviewed at (default today).
    Never replaces an existing file unless ``force``; writes a temporary file, then renames.
    """
    if lang not in TEXTS:
        raise ValueError(f"lang must be 'en' or 'fr', not {lang!r}")
    if objective is not None and objective not in OBJECTIVE_TILES:
        raise ValueError(f"objective must be one of {', '.join(OBJECTIVE_TILES)}, not {objective!r}")
    mode = Formulas(formulas)
    if Path(path).exists() and not force:
        raise FileExistsError(f"{path} exists; use --force to replace it")
    df = normalize(load_table(data))
    model = build_model(df, lang, objective, targets, period, channel)
    day = as_of or dt.date.today()
    return write_atomic(path, lambda tmp: _write(tmp, model, mode, objective, day, progress), force=force)


def _write(path: Path, m: Model, mode: Formulas, objective: str | None, as_of: dt.date,
           progress: Callable[[str], None] | None) -> None:
    wb = new_workbook(path)
    f = formats(wb)
    names = {k: m.t(f"sheet_{k}")
             for k in ("readme", "dashboard", "goals", "abtests", "campaigns", "benchmarks", "glossary", "calc",
                       "lists")}
    sheets = {k: Sheet(wb.add_worksheet(v)) for k, v in names.items()}
    conf = Sheet(wb.add_worksheet("xlwings.conf"))
    layout = Layout(m, names)
    write_readme(sheets["readme"], m, mode, f)
    write_lists(sheets["lists"], m, f)
    write_calc(sheets["calc"], m, mode, layout, f)
    write_dashboard(wb, sheets["dashboard"], m, mode, layout, objective, f)
    tiles = {t.label: (cell(layout.tiles_row + i, 1, names["dashboard"]), _tile_value(m, t))
             for i, t in enumerate(m.tiles)}
    write_goals_sheet(wb, sheets["goals"], sheets["lists"], m.lang, mode, f, as_of, current=tiles, list_col=5)
    write_abtest_sheet(sheets["abtests"], m.lang, mode, f)
    write_benchmarks(sheets["benchmarks"], m.lang, f)
    write_glossary(sheets["glossary"], m.lang, f)
    conf.write_string(0, 0, "UDF Modules")
    conf.write_string(0, 1, "kpixl.udfs")
    for sheet in (*sheets.values(), conf):
        sheet.flush()
    write_campaigns(sheets["campaigns"], m, mode, layout, f, FROM_COLUMNS, ROW_KPIS, progress)
    for key in ("calc", "lists"):
        sheets[key].ws.hide()
    conf.ws.hide()
    sheets["dashboard"].ws.activate()
    wb.close()


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
        self.kpi_series_row = {t.name: self.months_row + 3 + n_metrics + i
                               for i, t in enumerate(x for x in m.tiles if not x.is_sum)}
        self.channels_row = self.months_row + 3 + n_metrics + len(self.kpi_series_row) + 2  # header row
        self.channel_col = {mt: 1 + i for i, mt in enumerate(m.metrics)}
        # Dashboard
        self.tiles_row = 6
        self.chan_row = self.tiles_row + len(m.tiles) + 3  # header row of the channel table
        self.funnel_row = self.chan_row + len(m.channels) + 4  # header row of the funnel table
        self.trend_row = self.funnel_row + len([st for st in FUNNEL if st in m.df]) + 3  # forecasts

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
    mode_text = m.t("mode_udf" if mode.mode == "udf" else "mode_native")
    for i, line in enumerate(README_LINES[m.lang]):
        line = line.format(mode=mode_text)
        bold = line and i > 0 and README_LINES[m.lang][i - 1] == "" and len(line) < 40
        s.write_string(i, 0, line, f["title"] if i == 0 else f["h2"] if bold else f["wrap"])


def write_lists(s: Sheet, m: Model, f: dict) -> None:
    s.write_string(0, 0, m.t("period"), f["bold"])
    s.write_string(0, 1, "key", f["bold"])
    s.write_string(0, 2, m.t("channel"), f["bold"])
    for i, key in enumerate(m.months):
        s.write_string(1 + i, 0, month_label(key))
        s.write_number(1 + i, 1, key, f["key"])
    for i, name in enumerate([m.t("all"), *m.channels]):
        s.write_string(1 + i, 2, name)


def _sumifs(lay: Layout, m: Model, metric: str, key_ref: str, channel_ref: str) -> str:
    """SUMIFS of a metric for a month key, for one channel or all (the first item of the list)."""
    col, month, chan = (lay.column(m.label(x)) for x in (metric, "month_col", "channel"))
    return (f"IF({channel_ref}={cell(1, 2, lay.names['lists'])},SUMIFS({col},{month},{key_ref}),"
            f"SUMIFS({col},{month},{key_ref},{chan},{channel_ref}))")


def write_calc(s: Sheet, m: Model, mode: Formulas, lay: Layout, f: dict) -> None:
    lists, dash = lay.names["lists"], lay.names["dashboard"]
    n = len(m.months)
    labels, keys = span(1, 0, n, 0, lists), span(1, 1, n, 1, lists)
    s.set_column(0, 0, 28)
    s.write_string(0, 0, m.t("period"))
    s.write_formula(0, 1, f"={cell(2, 1, dash)}", None, month_label(m.key))
    s.write_string(1, 0, "key")
    s.write_formula(1, 1, f"=INDEX({keys},MATCH($B$1,{labels},0))", f["key"], m.key)
    s.write_string(2, 0, "previous key")
    s.write_formula(2, 1, f"=IFERROR(INDEX({keys},MATCH($B$1,{labels},0)-1),0)", f["key"], m.previous)
    s.write_string(3, 0, m.t("channel"))
    s.write_formula(3, 1, f"={cell(3, 1, dash)}", None, m.channel_label)
    # Totals of the selected and the previous period.
    s.write_row(lay.totals_row - 1, 0, [m.t("metric"), m.t("selected"), m.t("previous")], f["bold"])
    for mt, row in lay.metric_row.items():
        s.write_string(row, 0, m.label(mt))
        for col, key_ref, totals in ((1, "$B$2", m.totals), (2, "$B$3", m.previous_totals)):
            s.write_formula(row, col, "=" + _sumifs(lay, m, mt, key_ref, "$B$4"), None, totals[mt])
    # Month by month, for the selected channel: metrics, then each tile's KPI (sparklines, charts).
    r = lay.months_row
    s.write_string(r, 0, m.t("month"), f["bold"])
    s.write_string(r + 1, 0, "key", f["bold"])
    s.write_string(lay.index_row, 0, "#", f["bold"])
    monthly = m.selected.groupby("month")[m.metrics].sum().reindex(m.months, fill_value=0.0)
    for j, key in enumerate(m.months):
        s.write_string(r, 1 + j, month_label(key))
        s.write_number(r + 1, 1 + j, key, f["key"])
        s.write_number(lay.index_row, 1 + j, j + 1)
        for mt, row in lay.series_row.items():
            s.write_formula(row, 1 + j, "=" + _sumifs(lay, m, mt, cell(r + 1, 1 + j), "$B$4"), None,
                            float(monthly.at[key, mt]))
    for mt, row in lay.series_row.items():
        s.write_string(row, 0, m.label(mt))
    for tile in m.tiles:
        if tile.is_sum:
            continue
        row = lay.kpi_series_row[tile.name]
        s.write_string(row, 0, tile.label)
        args = [lay.series_row[c] for c in tile.columns]
        mode.write_many(s, row, 1, tile.name, [span(a, 1, a, n) for a in args],
                        [[cell(a, 1 + j) for a in args] for j in range(n)],
                        [monthly[c].tolist() for c in tile.columns], f[tile.unit], across=True)
    # Channel by channel, for the selected period.
    r = lay.channels_row
    s.write_string(r, 0, m.t("channel"), f["bold"])
    current = m.df[m.df["month"] == m.key].groupby("channel")[m.metrics].sum()
    for mt, col in lay.channel_col.items():
        s.write_string(r, col, m.label(mt), f["bold"])
    for i, name in enumerate(m.channels):
        row = r + 1 + i
        s.write_string(row, 0, name)
        for mt, col in lay.channel_col.items():
            value = float(current.at[name, mt]) if name in current.index else 0.0
            formula = (f"=SUMIFS({lay.column(m.label(mt))},{lay.column(m.label('month_col'))},$B$2,"
                       f"{lay.column(m.label('channel'))},$A${row + 1})")
            s.write_formula(row, col, formula, None, value)


def write_dashboard(wb: Any, s: Sheet, m: Model, mode: Formulas, lay: Layout, objective: str | None,
                    f: dict) -> None:
    lists = lay.names["lists"]
    n = len(m.months)
    s.set_column(0, 0, 30)
    s.set_column(1, 6, 15)
    s.set_column(7, 7, 18)
    s.write_string(0, 0, m.t("title"), f["title"])
    if objective:
        s.write_string(1, 0, f"{m.t('objective')}: {objective}", f["muted"])
    s.write_string(2, 0, m.t("period"), f["bold"])
    s.write_string(2, 1, month_label(m.key), f["input"])
    s.data_validation(2, 1, 2, 1, {"validate": "list", "source": f"={span(1, 0, n, 0, lists)}"})
    s.write_string(3, 0, m.t("channel"), f["bold"])
    s.write_string(3, 1, m.channel_label, f["input"])
    s.data_validation(3, 1, 3, 1, {"validate": "list", "source": f"={span(1, 2, len(m.channels) + 1, 2, lists)}"})
    s.write_string(2, 3, m.t("inputs"), f["muted"])
    s.set_landscape()
    s.fit_to_pages(1, 0)
    s.freeze_panes(5, 1)
    _write_tiles(s, m, mode, lay, f)
    _write_channels(s, m, mode, lay, f)
    _write_funnel(s, m, mode, lay, f)
    _write_trends(s, m, lay, f)
    _write_charts(wb, s, m, lay)


def _write_tiles(s: Sheet, m: Model, mode: Formulas, lay: Layout, f: dict) -> None:
    calc = lay.names["calc"]
    head = ["kpi", "value", "target", "benchmark", "previous", "change", "status", "trend"]
    r0 = lay.tiles_row
    s.write_row(r0 - 1, 0, [m.t(h) for h in head], f["head"])
    s.set_row(r0 - 1, 30)
    n = len(m.months)
    on, close, off = m.t("on_target"), m.t("close"), m.t("off_target")
    for i, tile in enumerate(m.tiles):
        r = r0 + i
        s.set_row(r, 22)
        s.write_string(r, 0, tile.label, f["bold"])
        if tile.is_sum:
            value = m.totals[tile.columns[0]]
            previous = m.previous_totals[tile.columns[0]]
            s.write_formula(r, 1, f"={lay.metric(tile.columns[0])}", f["big_money"], value)
            s.write_formula(r, 4, f"={lay.metric(tile.columns[0], 2)}", f["money"], previous)
            trend = span(lay.series_row[tile.columns[0]], 1, lay.series_row[tile.columns[0]], n, calc)
        else:
            value = mode.write_one(s, r, 1, tile.name, [lay.metric(c) for c in tile.columns],
                                   [m.totals[c] for c in tile.columns], f[f"big_{tile.unit}"])
            previous = mode.write_one(s, r, 4, tile.name, [lay.metric(c, 2) for c in tile.columns],
                                      [m.previous_totals[c] for c in tile.columns], f[tile.unit])
            row = lay.kpi_series_row[tile.name]
            trend = span(row, 1, row, n, calc)
        fmt = f[tile.unit] if tile.unit in NUMBER_FORMATS else None
        if tile.target is None:
            s.write_blank(r, 2, None, f[f"input_{tile.unit}"])
        else:
            s.write_number(r, 2, tile.target, f[f"input_{tile.unit}"])
        if tile.benchmark is None:
            s.write_blank(r, 3, None, f["grey"])
        else:
            s.write_number(r, 3, tile.benchmark, fmt)
        v, t, p = (cell(r, c, absolute=False) for c in (1, 2, 4))
        s.write_formula(r, 5, f'=IFERROR(({v}-{p})/ABS({p}),"")', f["change"], plain(_change(value, previous)))
        s.write_formula(r, 6, "=" + status_formula(tile.direction, v, t, on, close, off), None,
                        status_value(tile.direction, value, tile.target, on, close, off))
        s.add_sparkline(r, 7, {"range": trend, "markers": True, "high_point": True, "low_point": True})
        good, bad = ("good", "bad") if tile.direction != "lower" else ("bad", "good")
        s.conditional_format(r, 5, r, 5, {"type": "cell", "criteria": ">", "value": 0, "format": f[good]})
        s.conditional_format(r, 5, r, 5, {"type": "cell", "criteria": "<", "value": 0, "format": f[bad]})
    last = r0 + len(m.tiles) - 1
    for text_value, color in ((on, "green"), (close, "amber"), (off, "red")):
        s.conditional_format(r0, 6, last, 6, {"type": "cell", "criteria": "==", "value": f'"{text_value}"',
                                              "format": f[color]})
        s.conditional_format(r0, 1, last, 1, {"type": "formula", "criteria": f'=$G{r0 + 1}="{text_value}"',
                                              "format": f[color]})


def _tile_value(m: Model, tile: Tile) -> Any:
    """The value a tile shows, as the goals sheet links to it."""
    if tile.is_sum:
        return m.totals[tile.columns[0]]
    return excel_call(CATALOG[tile.name], tuple(m.totals[c] for c in tile.columns))


def _change(value: Any, previous: Any) -> Any:
    if not all(isinstance(x, float) for x in (value, previous)) or previous == 0:
        return None
    return (value - previous) / abs(previous)


def status_formula(direction: str, v: str, t: str, on: str, close: str, off: str) -> str:
    """Traffic light against the target, read with the KPI's direction (amber within 10 %)."""
    tests = {
        "higher": (f"{v}>={t}", f"{v}>={t}-ABS({t})*{TOLERANCE}"),
        "lower": (f"{v}<={t}", f"{v}<={t}+ABS({t})*{TOLERANCE}"),
        "target": (f"ABS({v}-{t})<=ABS({t})*{TOLERANCE / 2}", f"ABS({v}-{t})<=ABS({t})*{TOLERANCE * 2}"),
    }[direction]
    return f'IF(OR({t}="",NOT(ISNUMBER({v}))),"",IF({tests[0]},"{on}",IF({tests[1]},"{close}","{off}")))'


def status_value(direction: str, v: Any, t: float | None, on: str, close: str, off: str) -> str:
    if t is None or not isinstance(v, float):
        return ""
    a = abs(t)
    ok, near = {
        "higher": (v >= t, v >= t - a * TOLERANCE),
        "lower": (v <= t, v <= t + a * TOLERANCE),
        "target": (abs(v - t) <= a * TOLERANCE / 2, abs(v - t) <= a * TOLERANCE * 2),
    }[direction]
    return on if ok else close if near else off


def _write_channels(s: Sheet, m: Model, mode: Formulas, lay: Layout, f: dict) -> None:
    calc = lay.names["calc"]
    r0 = lay.chan_row
    s.write_string(r0 - 1, 0, m.t("by_channel"), f["h2"])
    kpis = [k for k in CHANNEL_KPIS if all(c in m.df for c in FROM_COLUMNS[k])]
    head = [m.t("channel"), m.t("spend"), m.t("revenue"), *(CATALOG[k].label_in(m.lang) for k in kpis)]
    s.write_row(r0, 0, head, f["head"])
    s.set_row(r0, 30)
    current = m.df[m.df["month"] == m.key].groupby("channel")[m.metrics].sum()
    current = current.reindex(m.channels, fill_value=0.0)
    first, last = lay.channels_row + 1, lay.channels_row + len(m.channels)
    for i, name in enumerate(m.channels):
        r = r0 + 1 + i
        s.write_formula(r, 0, f"={cell(first + i, 0, calc)}", f["bold"], name)
        for col, metric in ((1, "cost"), (2, "revenue")):
            if metric in m.df:
                s.write_formula(r, col, f"={cell(first + i, lay.channel_col[metric], calc)}", f["money"],
                                float(current.at[name, metric]))
    for j, k in enumerate(kpis):
        cols = [lay.channel_col[c] for c in FROM_COLUMNS[k]]
        mode.write_many(s, r0 + 1, 3 + j, k, [span(first, c, last, c, calc) for c in cols],
                        [[cell(first + i, c, calc) for c in cols] for i in range(len(m.channels))],
                        [current[c].tolist() for c in FROM_COLUMNS[k]], f[CATALOG[k].unit])


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
    if mode.mode == "udf":
        s.write_dynamic_array_formula(first, 2, last, 4, f"=KPI_FUNNEL({span(first, 1, last, 1)})", f["percent"],
                                      plain(result[0][0]))
        for i, row in enumerate(result):
            for j, v in enumerate(row):
                if i or j:
                    s.write(first + i, 2 + j, plain(v), f["percent"])
    else:
        for i, row in enumerate(result):
            for j, (formula, v) in enumerate(zip(funnel_formulas(first, i), row)):
                s.write_formula(first + i, 2 + j, formula, f["percent"], plain(v))
    # the biggest drop-off stands out
    s.conditional_format(first + 1, 3, last, 3, {"type": "top", "value": 1, "format": f["red"]})


def _write_trends(s: Sheet, m: Model, lay: Layout, f: dict) -> None:
    """Next month by the linear trend of the months so far (FORECAST), and how spend and revenue move
    together (CORREL): Excel's own functions, in every Excel since 2010 and in LibreOffice."""
    calc, n = lay.names["calc"], len(m.months)
    r0 = lay.trend_row
    s.write_string(r0 - 1, 0, m.t("trends"), f["h2"])
    monthly = m.selected.groupby("month")[m.metrics].sum().reindex(m.months, fill_value=0.0)
    index = span(lay.index_row, 1, lay.index_row, n, calc)
    row = r0
    for metric in ("revenue", "leads"):
        if metric in m.df:
            series = span(lay.series_row[metric], 1, lay.series_row[metric], n, calc)
            s.write_string(row, 0, f"{m.label(metric)}: {m.t('next_month')}", f["bold"])
            s.write_formula(row, 1, f"=FORECAST({n + 1},{series},{index})", f["big_money" if metric == "revenue"
                                                                              else "big_count"],
                            plain(forecast(monthly[metric].tolist(), n + 1)))
            row += 1
    if "revenue" in m.df:
        spend, revenue = (span(lay.series_row[c], 1, lay.series_row[c], n, calc) for c in ("cost", "revenue"))
        s.write_string(row, 0, m.t("correlation"), f["bold"])
        s.write_formula(row, 1, f"=CORREL({spend},{revenue})", f["ratio"],
                        plain(correlation(monthly["cost"].tolist(), monthly["revenue"].tolist())))


def forecast(y: list[float], x_new: float) -> Any:
    """Excel's FORECAST(x_new, y, 1..n): least squares line through the points (i, y_i)."""
    x = np.arange(1, len(y) + 1, dtype=float)
    yv = np.asarray(y, dtype=float)
    sxx = float(((x - x.mean()) ** 2).sum())
    if len(y) < 2 or sxx == 0:
        return "#DIV/0!"
    slope = float(((x - x.mean()) * (yv - yv.mean())).sum()) / sxx
    return float(yv.mean() + slope * (x_new - x.mean()))


def correlation(a: list[float], b: list[float]) -> Any:
    """Excel's CORREL: Pearson's r; #DIV/0! when either series is flat."""
    av, bv = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    da, db = av - av.mean(), bv - bv.mean()
    denominator = float(np.sqrt((da**2).sum() * (db**2).sum()))
    return "#DIV/0!" if denominator == 0 else float((da * db).sum()) / denominator


def funnel_formulas(first: int, i: int) -> list[str]:
    """Native step conversion, drop-off and from-first for stage ``i`` (KPI_FUNNEL's twin)."""
    vol = cell(first + i, 1, absolute=False)
    step = "=1" if i == 0 else f"={vol}/{cell(first + i - 1, 1, absolute=False)}"
    return [step, f"=1-{cell(first + i, 2, absolute=False)}", f"={vol}/{cell(first, 1)}"]


def _excel_table(name: str, volumes: list[list[float]]) -> list[list[Any]]:
    out = excel_call(CATALOG[name], (volumes,))
    return out if isinstance(out, list) else [[out]]


def _write_charts(wb: Any, s: Sheet, m: Model, lay: Layout) -> None:
    calc, dash = lay.names["calc"], lay.names["dashboard"]
    n = len(m.months)
    money = wb.add_chart({"type": "column"})
    for metric, color in (("revenue", "#2E75B6"), ("cost", "#C55A11")):
        if metric in m.df:
            row = lay.series_row[metric]
            money.add_series({"name": m.label(metric), "categories": [calc, lay.months_row, 1, lay.months_row, n],
                              "values": [calc, row, 1, row, n], "fill": {"color": color}})
    money.set_title({"name": m.t("chart_money")})
    money.set_legend({"position": "bottom"})
    s.insert_chart(5, 9, money, {"x_scale": 1.5, "y_scale": 1.1})
    kpis = [k for k in CHANNEL_KPIS if all(c in m.df for c in FROM_COLUMNS[k])]
    if "ROI" in kpis:
        roi = wb.add_chart({"type": "bar"})
        first, last = lay.chan_row + 1, lay.chan_row + len(m.channels)
        roi.add_series({"name": "ROI", "categories": [dash, first, 0, last, 0],
                        "values": [dash, first, 3 + kpis.index("ROI"), last, 3 + kpis.index("ROI")],
                        "fill": {"color": "#548235"}})
        roi.set_title({"name": m.t("chart_channel")})
        roi.set_legend({"none": True})
        roi.set_y_axis({"reverse": True})
        s.insert_chart(23, 9, roi, {"x_scale": 1.5, "y_scale": 1.0})
    stages = [st for st in FUNNEL if st in m.df]
    funnel = wb.add_chart({"type": "bar"})
    first = lay.funnel_row + 1
    funnel.add_series({"name": m.t("volume"), "categories": [dash, first, 0, first + len(stages) - 1, 0],
                       "values": [dash, first, 1, first + len(stages) - 1, 1], "fill": {"color": "#7030A0"},
                       "data_labels": {"value": True, "num_format": "#,##0"}})
    funnel.set_title({"name": m.t("chart_funnel")})
    funnel.set_legend({"none": True})
    funnel.set_y_axis({"reverse": True})
    funnel.set_x_axis({"log_base": 10})
    s.insert_chart(39, 9, funnel, {"x_scale": 1.5, "y_scale": 1.0})


def print_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


