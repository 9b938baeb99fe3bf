"""The demo data set: 18 months of daily campaign rows, and targets that suit it."""

from __future__ import annotations

import numpy as np
import pandas as pd

SAMPLE_TARGETS = {  # monthly targets that suit the demo data
    "spend": 30_000,
    "revenue": 90_000,
    "ROI": 1.5,
    "ROAS": 2.5,
    "CPA": 35,
    "CAC": 55,
    "CTR": 0.015,
    "CPC": 0.8,
    "CONVERSION_RATE": 0.025,
    "CPL": 20,
    "AOV": 90,
    "FREQUENCY": 3,
    "CPM": 5,
    "LEAD_CONVERSION_RATE": 0.04,
    "LEAD_TO_CUSTOMER_RATE": 0.35,
}


SAMPLE_BUDGETS = {  # monthly budgets per channel that suit the demo data
    "Search": 18_500,
    "Social": 4_500,
    "Display": 2_800,
    "Email": 1_300,
    "Affiliation": 2_500,
    "Video": 2_200,
}


WEEKDAYS = (1.10, 1.12, 1.06, 1.02, 0.96, 0.84, 0.90)  # Monday to Sunday: people search and buy less at weekends


def sample_data(months: int = 18, seed: int = 7) -> pd.DataFrame:
    """A realistic, deterministic demo: daily rows from 1 January 2025, 6 channels, 2-3 campaigns each.

    Weekdays are busier than weekends; seasonality peaks in November-December; search converts best,
    display is cheap reach.
    """
    rng = np.random.default_rng(seed)
    channels = {  # impressions/day, ctr, cost per click, visit rate, lead rate, order rate, order value
        "Search": (8_600, 0.045, 1.20, 0.92, 0.060, 0.035, 95.0),
        "Social": (21_400, 0.012, 0.55, 0.85, 0.025, 0.015, 70.0),
        "Display": (57_000, 0.004, 0.40, 0.80, 0.012, 0.008, 65.0),
        "Email": (5_700, 0.030, 0.25, 0.95, 0.080, 0.040, 85.0),
        "Affiliation": (4_300, 0.020, 0.90, 0.90, 0.050, 0.030, 110.0),
        "Video": (17_100, 0.006, 0.70, 0.80, 0.015, 0.009, 75.0),
    }
    campaigns = {
        "Search": ["Brand", "Generic", "Competitors"],
        "Social": ["Prospecting", "Retargeting"],
        "Display": ["Awareness", "Retargeting"],
        "Email": ["Newsletter", "Win-back"],
        "Affiliation": ["Partners", "Cashback"],
        "Video": ["Launch", "Tutorials"],
    }
    start = pd.Timestamp("2025-01-01")
    days = pd.date_range(start, start + pd.DateOffset(months=months) - pd.Timedelta(days=1), freq="D")
    shares = {(c, n): rng.uniform(0.25, 0.6) for c, names in campaigns.items() for n in names}
    rows = []
    for day in days:
        season = 1.0 + 0.35 * np.exp(-((day.month + day.day / 31 - 12.0) ** 2) / 2) + 0.03 * (day.year - 2025)
        weekday = WEEKDAYS[day.day_of_week]
        for channel, (imp, ctr, cpc, visit, lead, order, aov) in channels.items():
            for name in campaigns[channel]:
                impressions = int(imp * shares[channel, name] * season * weekday * rng.uniform(0.85, 1.15))
                reach = int(impressions / rng.uniform(1.4, 2.2))
                clicks = int(rng.binomial(impressions, ctr * rng.uniform(0.85, 1.15)))
                sessions = int(rng.binomial(clicks, visit))
                leads = int(rng.binomial(sessions, lead * rng.uniform(0.8, 1.2)))
                orders = int(rng.binomial(sessions, order * rng.uniform(0.8, 1.2)))
                customers = int(rng.binomial(orders, 0.6))
                revenue = round(orders * aov * rng.uniform(0.85, 1.15) * season, 2)
                cost = round(clicks * cpc * rng.uniform(0.9, 1.1), 2)
                rows.append(
                    (
                        day.date(),
                        channel,
                        f"{channel} - {name}",
                        impressions,
                        reach,
                        clicks,
                        sessions,
                        leads,
                        customers,
                        orders,
                        revenue,
                        cost,
                    )
                )
    return pd.DataFrame(
        rows,
        columns=[
            "date",
            "channel",
            "campaign",
            "impressions",
            "reach",
            "clicks",
            "sessions",
            "leads",
            "new_customers",
            "orders",
            "revenue",
            "cost",
        ],
    )
