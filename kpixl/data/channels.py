"""One channel vocabulary for every platform: GA4's default channel groups.

Rows of an ad, email or search platform are given the group GA4 would give their traffic: Google Ads campaign
types become Paid Search, Display, Paid Video, Paid Shopping or Cross-network (Performance Max, Demand Gen);
Microsoft Advertising is Paid Search; Meta, LinkedIn, TikTok, Pinterest, Snapchat and X are Paid Social;
Mailchimp and Klaviyo are Email; Search Console is Organic Search. HubSpot's and Universal Analytics' sources
become the groups they stand for. A file with a channel column of its own keeps its names, and a channel
map (``--channel-map``) overrides all of it by platform and campaign name.
"""

from __future__ import annotations

import csv
import fnmatch
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..words import fold

GROUPS = (
    "Paid Search",
    "Paid Social",
    "Paid Video",
    "Paid Shopping",
    "Paid Other",
    "Display",
    "Cross-network",
    "Email",
    "SMS",
    "Organic Search",
    "Organic Social",
    "Organic Video",
    "Organic Shopping",
    "Direct",
    "Referral",
    "Affiliates",
    "Audio",
    "Mobile Push Notifications",
    "Unassigned",
)


def _table(pairs: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(name): group for group, names in pairs.items() for name in names}


GOOGLE_ADS_TYPES = _table(
    {
        "Paid Search": (
            "Search",
            "Réseau de Recherche",
            "Recherche",
            "Red de Búsqueda",
            "Búsqueda",
            "Suchnetzwerk",
            "Suche",
            "Rete di ricerca",
            "Ricerca",
            "Rede de pesquisa",
            "Pesquisa",
            "Zoeknetwerk",
            "Zoeken",
            "Hotel",
        ),
        "Display": (
            "Display",
            "Réseau Display",
            "Red de Display",
            "Displaynetzwerk",
            "Rete Display",
            "Rede de Display",
        ),
        "Paid Video": ("Video", "Vidéo", "Vídeo", "YouTube"),
        "Paid Shopping": ("Shopping", "Achats"),
        "Cross-network": (
            "Performance Max",
            "Demand Gen",
            "Génération de la demande",
            "Generación de demanda",
            "Discovery",
            "App",
            "Application",
            "Applications",
            "Aplicación",
            "Smart",
            "Intelligente",
            "Local",
            "Multi-channel",
            "Multichannel",
        ),
    }
)
SOURCES = _table(  # HubSpot's original sources and Universal Analytics' default channel grouping
    {
        "Organic Search": ("Organic Search", "Recherche organique", "Búsqueda orgánica", "Organische Suche"),
        "Paid Search": ("Paid Search", "Recherche payante", "Búsqueda de pago", "Bezahlte Suche"),
        "Email": (
            "Email Marketing",
            "Email",
            "E-mail",
            "Marketing par e-mail",
            "Marketing par email",
            "E-Mail-Marketing",
        ),
        "Organic Social": ("Social Media", "Social", "Organic Social", "Réseaux sociaux", "Social media"),
        "Paid Social": ("Paid Social", "Réseaux sociaux payants"),
        "Referral": ("Referrals", "Referral", "Sites référents", "AI Referrals", "Références"),
        "Direct": ("Direct Traffic", "Direct", "Trafic direct", "Accès direct"),
        "Display": ("Display",),
        "Affiliates": ("Affiliates", "Affiliation"),
        "Paid Other": ("Other Advertising", "Other Campaigns", "Autres campagnes"),
        "Unassigned": ("Offline Sources", "Sources hors ligne", "(Other)", "(none)", "Unassigned", "Non attribué"),
    }
)
GROUP_NAMES = {fold(g): g for g in GROUPS}
BY_PLATFORM = {  # platform -> the table its channel column's values are read through
    "google_ads": GOOGLE_ADS_TYPES,
    "hubspot_deals": SOURCES,
    "hubspot_contacts": SOURCES,
    "universal_analytics": SOURCES,
    "ga4": GROUP_NAMES,
    "klaviyo": _table({"Email": ("Email", "E-mail"), "SMS": ("SMS",), "Mobile Push Notifications": ("Push",)}),
}


def group(platform: str | None, value: str) -> str | None:
    """The channel group of a platform's own channel value ("Performance Max" -> "Cross-network"), or None
    when the platform has no table or the value is not in it (the value is then kept as it is)."""
    table = BY_PLATFORM.get(platform or "")
    if table is None:
        return None
    return table.get(fold(value))


@dataclass(frozen=True)
class Rule:
    platform: str  # a platform name, or "" for any
    campaign: str  # a pattern: * and ? as in file names, compared ignoring case
    channel: str


def read_map(path: str | Path) -> list[Rule]:
    """A channel map: a CSV file with the columns platform, campaign and channel; the first rule that matches
    a row gives its channel (``google_ads,Brand*,Brand Search``; an empty platform matches any)."""
    file = Path(path)
    try:
        with open(file, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise DataError(f"{file}: the channel map cannot be read ({exc.strerror})") from None
    if not rows or not {"campaign", "channel"} <= {fold(k) for k in rows[0]}:
        raise DataError(f"{file}: a channel map needs the columns platform, campaign and channel")
    rules = []
    for line, row in enumerate(rows, start=2):
        row = {fold(k): (v or "").strip() for k, v in row.items() if k}
        if not row.get("channel"):
            raise DataError(f"{file}, line {line}: no channel; every rule names the channel it gives")
        rules.append(Rule(fold(row.get("platform", "")).replace(" ", "_"), row.get("campaign") or "*", row["channel"]))
    return rules


def mapped(rules: list[Rule], platform: str | None, campaign: str) -> str | None:
    """The channel the first matching rule gives a campaign of ``platform``, or None."""
    name = campaign.casefold()
    for rule in rules:
        if rule.platform in ("", platform or "") and fnmatch.fnmatchcase(name, rule.campaign.casefold()):
            return rule.channel
    return None
