"""The platforms whose exports kpixl knows: what kind of source each is, the channel its rows belong to, and
how its rows count. Their column names, in seven languages, are in ``vocabulary.csv``.

A file is recognised by the names that only its platform writes (``Reporting starts``, ``Impr.``,
``Session default channel group``...). Sources of each format are cited in ``tests/data``, beside the
fixtures and the real exports built from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..words import fold
from .vocabulary import bare, vocabulary

KINDS = ("ads", "email", "search", "analytics", "shop", "crm", "table")  # "table": a file no platform wrote


@dataclass(frozen=True)
class Platform:
    name: str
    label: str
    kind: str
    channel: str  # the channel of every row when the file has none (a GA4 default channel group)
    ones: tuple[str, ...] = ()  # columns worth 1 on every kept row (a deal is one customer)
    keep: tuple[str, tuple[str, ...]] | None = None  # (column, values): only these rows count (won deals)
    by_day: str = ""  # how to export it day by day, for a file without dates
    account_from: str = ""  # a line of the file's preamble that names the account ("Account:", "Compte :")


PLATFORMS = (
    Platform("google_ads", "Google Ads", "ads", "Paid Search", by_day="Segment > Time > Day"),
    Platform("microsoft_ads", "Microsoft Advertising", "ads", "Paid Search", by_day="Time unit: Daily"),
    Platform("meta_ads", "Meta Ads", "ads", "Paid Social", by_day="Breakdown > By time > Day"),
    Platform("linkedin_ads", "LinkedIn Ads", "ads", "Paid Social", by_day="Time breakdown: Daily"),
    Platform("tiktok_ads", "TikTok Ads", "ads", "Paid Social", by_day="Custom report, dimension Day"),
    Platform("pinterest_ads", "Pinterest Ads", "ads", "Paid Social", by_day="Granularity: Day"),
    Platform("snapchat_ads", "Snapchat Ads", "ads", "Paid Social", by_day="Breakdown: Day"),
    Platform("x_ads", "X Ads", "ads", "Paid Social", by_day="Time period: Daily"),
    Platform("amazon_ads", "Amazon Ads", "ads", "Paid Shopping", by_day="Time unit: Daily"),
    Platform("mailchimp", "Mailchimp", "email", "Email"),
    Platform("klaviyo", "Klaviyo", "email", "Email", by_day="Group by: Day"),
    Platform("search_console", "Google Search Console", "search", "Organic Search", by_day="its Dates (or Chart) file"),
    Platform("ga4", "Google Analytics 4", "analytics", "Unassigned", by_day="add the dimension Date"),
    Platform(
        "universal_analytics", "Universal Analytics", "analytics", "Unassigned", by_day="Secondary dimension Date"
    ),
    Platform("shopify", "Shopify", "shop", "Shopify", by_day="Group by: Day"),
    Platform(
        "hubspot_deals",
        "HubSpot (deals)",
        "crm",
        "Unassigned",
        ones=("new_customers", "orders"),
        keep=("stage", ("closed won", "conclue gagnee", "fermee gagnee", "gagnee", "won")),
    ),
    Platform("hubspot_contacts", "HubSpot (contacts)", "crm", "Unassigned", ones=("leads",)),
)
BY_NAME = {p.name: p for p in PLATFORMS}


def detect(headers: list[str]) -> Platform | None:
    """The platform most of whose own names are among ``headers`` (at least one name that tells it), or None."""
    words = vocabulary()
    found = {bare(h) for h in headers}
    best: tuple[int, int, Platform] | None = None
    for p in PLATFORMS:
        told = len(found & words.tells.get(p.name, frozenset()))
        if told:
            mapped = len(found & set(words.own.get(p.name, {})))
            if best is None or (told, mapped) > best[:2]:
                best = (told, mapped, p)
    return best[2] if best else None


def by_name(name: str) -> Platform:
    key = fold(name).replace(" ", "_").replace("-", "_")
    if key not in BY_NAME:
        raise KeyError(name)
    return BY_NAME[key]
