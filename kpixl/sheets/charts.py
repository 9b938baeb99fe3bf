"""The Dashboard's charts: revenue and spend by period, ROI by channel, the funnel."""

from __future__ import annotations

from typing import Any

from ..catalog import CATALOG
from .formats import money_format
from .layout import Layout
from .model import (
    FUNNEL,
    Model,
)
from .writer import Sheet

CHART_COL = 11  # the charts stand right of the tiles (columns A to J)
MONEY_SERIES = (("revenue", "revenue", "#2E75B6"), ("cost", "spend", "#C55A11"))  # the tiles' words


def write_charts(wb: Any, s: Sheet, m: Model, lay: Layout) -> None:
    calc, dash = lay.names["calc"], lay.names["dashboard"]
    n = len(m.period_keys)
    sums = [(metric, word, color) for metric, word, color in MONEY_SERIES if metric in m.df]
    if sums:  # no cost and no revenue (Search Console alone): no chart of them
        money = wb.add_chart({"type": "column"})
        money.show_hidden_data()  # a printed copy hides columns; its charts stay whole
        for metric, word, color in sums:
            row = lay.series_row[metric]
            money.add_series(
                {
                    "name": m.t(word),
                    "categories": [calc, lay.periods_row, 1, lay.periods_row, n],
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
    sums = m.df.groupby(["period", "channel"])[["revenue", "cost"]].sum()
    roi = (sums["revenue"] - sums["cost"]) / sums["cost"].where(sums["cost"] > 0)
    return float(roi.min()) if roi.notna().any() else 0.0
