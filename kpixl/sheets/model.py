"""The dashboard's model: every number the dashboard workbook shows, computed once from the data.

The sheet writers only render it: the selection (period and channel), the tiles with their
targets, the totals of the period and the previous one, the periods of the selected channel,
the channels of the selected period, the forecasts and the correlation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..catalog import CATALOG, fold
from ..data.columns import BY_KEY, MAX_ROWS, METRICS, DataError
from ..messages import say
from ..objectives import OBJECTIVES
from ..words import TEXTS, excel_key, lang_index
from . import anomalies, periods

FUNNEL = ("impressions", "clicks", "leads", "new_customers")
RECENT_DAYS = 7  # the projected spend goes on at the average daily spend of the last 7 days
SUMS = (("spend", "spend", "lower", "cost"), ("revenue", "revenue", "higher", "revenue"))  # name, word, better, column


def feeds(name: str) -> tuple[str, ...]:
    """The campaign columns that give the arguments of a dashboard KPI."""
    dashboard = CATALOG[name].dashboard
    assert dashboard is not None, f"{name} is not on the dashboard"
    return dashboard.feeds


def dashboard_kpis(where: str, objective: str | None = None) -> list[str]:
    """The KPIs shown by default as tiles ("tile"), per row ("row") or per channel ("channel"),
    or the tiles of one business objective, in catalog order."""
    return [
        k.name
        for k in CATALOG.values()
        if k.dashboard is not None
        and (objective in k.dashboard.objectives if objective else where in k.dashboard.shown)
    ]


OBJECTIVE_NAMES = tuple(OBJECTIVES)


@dataclass
class Typed:
    """A formula a user typed where kpixl expects a number (a target, a budget), and the value it last had: a
    refresh writes it back as the formula, never as that number."""

    formula: str
    value: float | None

    def __float__(self) -> float:
        return float("nan") if self.value is None else float(self.value)


def number_of(value: Any) -> float | None:
    """A target's or a budget's number: the value of a typed formula, else the number itself."""
    if isinstance(value, Typed):
        return value.value
    return None if value is None else float(value)


def formula_of(value: Any) -> str | None:
    return value.formula if isinstance(value, Typed) else None


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
    formula: str | None = None  # the target as the user typed it, when a formula

    @property
    def is_sum(self) -> bool:
        return self.name in ("spend", "revenue")


@dataclass
class Model:
    """Everything the workbook shows, computed in Python for the default selection."""

    df: pd.DataFrame
    lang: str
    metrics: list[str]
    period_keys: list[int]  # every period of the data, by key (yyyymm, yyyyww, yyyyq)
    channels: list[str]
    tiles: list[Tile]
    key: int
    previous: int
    channel: str | None = None  # None: all channels
    totals: dict[str, float] = field(default_factory=dict)
    previous_totals: dict[str, float] = field(default_factory=dict)
    by_period: pd.DataFrame = field(default_factory=pd.DataFrame)  # selected channel: period x metric
    by_channel: pd.DataFrame = field(default_factory=pd.DataFrame)  # selected period: channel x metric
    budgets: dict[tuple[str, int], float] = field(default_factory=dict)  # (channel, period key): budget
    budget_formulas: dict[tuple[str, int], str] = field(default_factory=dict)  # the budgets typed as formulas
    grain: str = "month"  # the periods: "month", "week" or "quarter"
    last_year: int | None = None  # the key of the same period a year before, when the data has it
    last_year_totals: dict[str, float] = field(default_factory=dict)
    anomalies: list[anomalies.Anomaly] = field(default_factory=list)
    last_date: Any = None  # the last day the data covers: its last row's date and that row's span
    spacing: int = 1  # days one row stands for
    recent: dict[str, float] = field(default_factory=dict)  # channel: average daily spend of the last days
    currency: str = ""  # the data's currency code ("EUR"), when the files name one
    targets_for: str | None = None  # the channel the targets were set for (None: all channels)

    def has(self, *columns: str) -> bool:
        return all(c in self.df for c in columns)

    def given_by_channel(self) -> dict[str, dict[str, list[str]]]:
        """{metric: {channel: the sources that give it there}}: a channel's KPI needs every input from some source."""
        out: dict[str, dict[str, list[str]]] = {}
        for metric in self.metrics:
            rows = self.df[self.df[metric] != 0]
            out[metric] = {c: list(pd.unique(g)) for c, g in rows.groupby("channel")["source"]}
        return out

    def campaign_columns(self) -> list[str]:
        """The Campaigns sheet's columns: a Days column only when some row covers more than one day."""
        days = ["days"] if int(self.df["days"].max()) > 1 else []
        return ["date", *days, "period", "channel", "campaign", "source", *self.metrics]

    def kpis(self, where: str) -> list[str]:
        """The KPIs of the rows ("row") or of the channel table ("channel") that the data can feed."""
        return [k for k in dashboard_kpis(where) if self.has(*feeds(k))]

    def t(self, key: str) -> str:
        return TEXTS[self.lang][key]

    @property
    def selected(self) -> pd.DataFrame:
        """The rows of the selected channel (all rows when all channels are selected)."""
        return self.df if self.channel is None else self.df[self.df["channel"] == self.channel]

    @property
    def all_label(self) -> str:
        """The selector's entry for all channels: "All", or "(All)" when a channel is named "All" (Excel
        compares text ignoring case), and so on."""
        label, taken = self.t("all"), {excel_key(c) for c in self.channels}
        while excel_key(label) in taken:
            label = f"({label})"
        return label

    @property
    def channel_label(self) -> str:
        return self.all_label if self.channel is None else self.channel

    @property
    def targets_label(self) -> str:
        """The selector's entry the targets are judged for: the tiles of another selection show no status."""
        return self.all_label if self.targets_for is None else self.targets_for

    def label(self, column: str) -> str:
        """The header of a Campaigns column in the workbook's language."""
        if column == "period":
            return self.t(self.grain)
        return BY_KEY[column].label[lang_index(self.lang)]

    def period_label(self, key: int) -> str:
        return periods.label(key, self.grain)

    def period_days(self) -> tuple[int, int]:
        """Days in the selected period, and how many of them the data covers."""
        return periods.days(self.key, self.grain, self.last_date)


def recent_window(elapsed: int, spacing: int = 1) -> int:
    """Days the recent daily spend is averaged over: the last 7 (fewer early in a period), and at
    least one row's span (a weekly row is a week of spend, a monthly row a month)."""
    return max(min(RECENT_DAYS, elapsed) if elapsed else RECENT_DAYS, spacing)


def build_model(
    df: pd.DataFrame,
    lang: str = "en",
    objective: str | None = None,
    targets: Mapping[str, float | None] | None = None,
    period: str | None = None,
    channel: str | None = None,
    budgets: Mapping[Any, float | None] | None = None,
    grain: str = "month",
) -> Model:
    """What the dashboard shows for ``period`` ("2025-06", "2025-W23", "2025-Q2"; default the last
    one) and ``channel``, by ``grain`` ("month", "week" or "quarter").

    ``budgets``: {channel: budget} for every period, or {(channel, "2025-06"): budget}.
    """
    if grain not in periods.GRAINS:
        raise DataError(say(lang, "grain", grain=grain))
    metrics = [m for m in METRICS if m in df]
    df = df.assign(**{k: v for k, v in (("days", 1), ("source", "data")) if k not in df})
    df = periods.spread(df, grain, metrics)  # a week across two months: its days in each
    if len(df) > MAX_ROWS:
        raise DataError(say(lang, "cut_rows", n=len(df), limit=MAX_ROWS))
    df = df.assign(period=periods.keys(df["date"], grain))
    period_keys = sorted(int(m) for m in df["period"].unique())
    channels = sorted(pd.unique(df["channel"]), key=fold)
    labels = [periods.label(k, grain) for k in period_keys]
    if period is not None and period not in labels:
        its = periods.grain_of(period)
        if its and its != grain:
            raise DataError(
                say(lang, "period_grain", period=period, its=its, grain=grain, first=labels[0], last=labels[-1])
            )
        raise DataError(say(lang, "period", period=period, first=labels[0], last=labels[-1]))
    if channel is not None:
        channel = _channel(channel, channels, lang, "channel_absent")
    at = labels.index(period) if period else len(period_keys) - 1
    names = dashboard_kpis("tile", objective)
    wanted = _targets(targets, lang)
    i = lang_index(lang)
    tiles = [
        Tile(
            m, TEXTS[lang][label], "money", direction, number_of(wanted.get(m)), None, (col,), formula_of(wanted.get(m))
        )
        for m, label, direction, col in SUMS
        if col in df
    ]
    for name in names:
        if all(c in df for c in feeds(name)):
            kpi = CATALOG[name]
            bench = kpi.benchmark.value if kpi.benchmark else None
            given = wanted.get(name, bench)  # None in ``targets``: no target
            target, typed = number_of(given), formula_of(given)
            tiles.append(Tile(name, kpi.label[i], kpi.unit, kpi.direction, target, bench, feeds(name), typed))
    shown = {t.name for t in tiles}
    strays = [name for name in wanted if name not in shown]
    if strays:
        raise DataError(say(lang, "target_not_tile", name=strays[0], tiles=", ".join(t.name for t in tiles)))
    key, previous = period_keys[at], (period_keys[at - 1] if at > 0 else 0)
    model = Model(df, lang, metrics, period_keys, channels, tiles, key, previous, channel, grain=grain)
    rows = model.selected
    model.totals = _sums(rows[rows["period"] == key], metrics)
    model.previous_totals = _sums(rows[rows["period"] == previous], metrics)
    ly = periods.last_year(key, grain)
    if ly in period_keys:
        model.last_year = ly
        model.last_year_totals = _sums(rows[rows["period"] == ly], metrics)
    model.by_period = rows.groupby("period")[metrics].sum().reindex(period_keys, fill_value=0.0)
    current = df[df["period"] == key].groupby("channel")[metrics].sum()
    model.by_channel = current.reindex(channels, fill_value=0.0)
    model.budgets = _budgets(budgets, channels, period_keys, grain, lang)
    model.budget_formulas = _budgets(budgets, channels, period_keys, grain, lang, formulas=True)
    model.anomalies = anomalies.find(df, [(t.name, t.columns) for t in tiles])
    dates = pd.to_datetime(df["date"])
    ends = dates + pd.to_timedelta(df["days"] - 1, unit="D")
    model.last_date = ends.max()
    model.spacing = int(df["days"][ends == model.last_date].max())  # the last rows' span: a week of spend
    if "cost" in df:
        window = recent_window(model.period_days()[1], model.spacing)
        since = model.last_date - pd.Timedelta(days=window)
        spent = df[(dates > since) & (dates <= model.last_date)].groupby("channel")["cost"].sum()
        model.recent = {c: float(spent.get(c, 0.0)) / window for c in channels}
    return model


def _channel(name: Any, channels: list[str], lang: str, missing: str) -> str:
    """The data's spelling of channel ``name``, found as Excel finds it (case aside), or message ``missing``."""
    found = [c for c in channels if excel_key(c) == excel_key(name)]
    if not found:
        raise DataError(say(lang, missing, name=name, channels=", ".join(channels)))
    return found[0]


def _budgets(
    budgets: Mapping[Any, Any] | None,
    channels: list[str],
    period_keys: list[int],
    grain: str,
    lang: str,
    formulas: bool = False,
) -> dict:
    """{(channel, period key): budget} (or, with ``formulas``, the budgets typed as formulas)."""
    out: dict[tuple[str, int], Any] = {}
    keys = {periods.label(k, grain): k for k in period_keys}
    given: dict[tuple[str, str | None], Any] = {}
    for where, amount in (budgets or {}).items():
        if amount is None:
            continue
        name, period = where if isinstance(where, tuple) else (where, None)
        channel = _channel(name, channels, lang, "budget_absent")
        if given.setdefault((channel, period), name) != name:
            raise DataError(say(lang, "budgets_twice", first=given[channel, period], second=name, channel=channel))
        if period is not None and period not in keys:
            continue  # a month the data does not reach (yet)
        for key in [keys[period]] if period else period_keys:
            if not formulas:
                out[(channel, key)] = number_of(amount)
            elif isinstance(amount, Typed):
                out[(channel, key)] = amount.formula
    return {k: v for k, v in out.items() if v is not None}


def _sums(df: pd.DataFrame, metrics: list[str]) -> dict[str, float]:
    return {m: float(df[m].sum()) for m in metrics}


def _targets(targets: Mapping[str, Any] | None, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in (targets or {}).items():
        key = fold(name)
        number = value if value is None or isinstance(value, Typed) else float(value)
        if key in ("spend", "depenses", "cost", "budget"):
            out["spend"] = number
        elif key in ("revenue", "chiffre d'affaires", "ca"):
            out["revenue"] = number
        else:
            kpi = CATALOG.find(name)
            if kpi is None:
                raise DataError(say(lang, "target_unknown", name=name))
            out[kpi.name] = number
    return out


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
