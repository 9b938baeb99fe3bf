"""What the exports of each ad and analytics platform look like: their headers, in English and French.

A preset maps a platform's own column names to kpixl's columns, says which channel its
rows belong to when the file has no channel column, and how its rows count (a HubSpot
deal row is one customer). A file is recognised by its ``signature`` headers. Sources of
each format are cited in ``tests/test_exports.py`` beside the fixtures built from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..words import fold


@dataclass(frozen=True)
class Platform:
    name: str
    label: str
    channel: str  # the channel of every row when the file has none ("Search", "Social"...)
    signatures: tuple[tuple[str, ...], ...]  # header sets (en, fr) that, all present, tell the platform
    headers: dict[str, tuple[str, ...]]  # kpixl column -> the platform's names for it (en and fr)
    ones: tuple[str, ...] = ()  # columns worth 1 on every kept row (a deal is one customer)
    keep: tuple[str, tuple[str, ...]] | None = None  # (header, values): only these rows count (won deals)
    ignored: tuple[str, ...] = field(default=())  # headers deliberately not read, with the reason in the docs

    def mapping(self) -> dict[str, str]:
        return {fold(name): key for key, names in self.headers.items() for name in names}


PLATFORMS = (
    Platform(
        "google_ads",
        "Google Ads",
        "Search",
        (("campaign", "impr.", "cost"), ("campagne", "impr.", "cout")),
        {
            "date": ("Day", "Jour", "Week", "Semaine", "Month", "Mois", "Date"),
            "campaign": ("Campaign", "Campagne"),
            "channel": ("Campaign type", "Type de campagne"),
            "impressions": ("Impr.", "Impressions"),
            "clicks": ("Clicks", "Clics"),
            "cost": ("Cost", "Coût"),
            "orders": ("Conversions",),
            "revenue": ("Conv. value", "Valeur de conv.", "Conversion value", "Valeur de conversion"),
            "currency": ("Currency code", "Code de la devise", "Currency", "Devise"),
        },
    ),
    Platform(
        "microsoft_ads",
        "Microsoft Advertising",
        "Search",
        (("gregorian date", "campaign name", "spend"),),
        {
            "date": ("Gregorian date", "Date grégorienne", "Date"),
            "campaign": ("Campaign name", "Nom de la campagne"),
            "impressions": ("Impressions",),
            "clicks": ("Clicks", "Clics"),
            "cost": ("Spend", "Dépense", "Dépenses"),
            "orders": ("Conversions",),
            "revenue": ("Revenue", "Revenus", "Chiffre d'affaires"),
            "currency": ("Currency code", "Code de la devise"),
        },
    ),
    Platform(
        "meta_ads",
        "Meta Ads Manager",
        "Social",
        (("reporting starts", "campaign name"), ("debut des rapports", "nom de la campagne")),
        {
            "date": ("Reporting starts", "Début des rapports", "Day", "Jour"),
            "date_end": ("Reporting ends", "Fin des rapports"),
            "campaign": ("Campaign name", "Nom de la campagne"),
            "reach": ("Reach", "Couverture"),
            "impressions": ("Impressions",),
            "clicks": ("Link clicks", "Clics sur un lien"),
            "cost": ("Amount spent", "Montant dépensé"),
            "orders": ("Purchases", "Achats"),
            "revenue": ("Purchases conversion value", "Valeur de conversion des achats"),
            "leads": ("Leads", "Prospects"),
        },
        ignored=("Results", "Résultats"),
    ),  # a different event per campaign: never summed
    Platform(
        "linkedin_ads",
        "LinkedIn Campaign Manager",
        "Social",
        (("campaign name", "total spent"),),
        {
            "date": ("Start Date (in UTC)", "Date de début (UTC)", "Start Date"),
            "campaign": ("Campaign Name", "Nom de la campagne"),
            "impressions": ("Impressions",),
            "clicks": ("Clicks", "Clics"),
            "cost": ("Total Spent", "Total dépensé", "Montant total dépensé"),
            "leads": ("Leads",),
            "orders": ("Conversions",),
            "currency": ("Currency", "Devise"),
        },
    ),
    Platform(
        "tiktok_ads",
        "TikTok Ads Manager",
        "Social",
        (("campaign name", "clicks (destination)"),),
        {
            "date": ("By Day", "Par jour", "Date"),
            "campaign": ("Campaign name", "Nom de la campagne"),
            "cost": ("Cost", "Coût"),
            "impressions": ("Impressions",),
            "reach": ("Reach", "Couverture"),
            "clicks": ("Clicks (destination)", "Clics (destination)"),
            "orders": ("Conversions",),
            "revenue": ("Total complete payment value", "Valeur totale des paiements effectués"),
            "currency": ("Currency", "Devise"),
        },
    ),
    Platform(
        "ga4",
        "Google Analytics 4",
        "Web",
        (("session default channel group", "sessions"), ("groupe de canaux par defaut de la session", "sessions")),
        {
            "date": ("Date",),
            "channel": ("Session default channel group", "Groupe de canaux par défaut de la session"),
            "sessions": ("Sessions",),
            "leads": ("Key events", "Conversions", "Événements clés"),
            "revenue": ("Total revenue", "Revenu total"),
            "pageviews": ("Views", "Screen page views", "Vues"),
            "orders": ("Transactions", "Ecommerce purchases", "Achats e-commerce"),
        },
        ignored=("Engaged sessions", "Engagement rate", "Sessions avec engagement", "Taux d'engagement"),
    ),
    Platform(
        "mailchimp",
        "Mailchimp",
        "Email",
        (("send date", "successful deliveries"),),
        {
            "date": ("Send Date", "Date d'envoi"),
            "campaign": ("Title", "Titre"),
            "delivered": ("Successful Deliveries", "Envois réussis"),
            "opens": ("Unique Opens", "Ouvertures uniques"),
            "clicks": ("Unique Clicks", "Clics uniques"),
            "unsubscribes": ("Unsubscribes", "Désabonnements"),
            "orders": ("Total Orders", "Commandes totales"),
            "revenue": ("Total Revenue", "Revenu total"),
        },
        ignored=("Total Opens", "Total Clicks", "Open Rate", "Click Rate"),
    ),
    Platform(
        "hubspot_deals",
        "HubSpot (deals)",
        "CRM",
        (("deal name", "deal stage", "close date"),),
        {
            "date": ("Close Date", "Date de fermeture"),
            "revenue": ("Amount", "Montant"),
            "channel": ("Original Source Type", "Original Traffic Source", "Source d'origine"),
            "stage": ("Deal Stage", "Phase de la transaction"),
        },
        ones=("new_customers", "orders"),
        keep=("stage", ("closed won", "conclue gagnee", "fermee gagnee")),
    ),
    Platform(
        "hubspot_contacts",
        "HubSpot (contacts)",
        "CRM",
        (("create date", "lifecycle stage"),),
        {"date": ("Create Date", "Date de création"), "channel": ("Original Source", "Source d'origine")},
        ones=("leads",),
    ),
)
_BY_NAME = {p.name: p for p in PLATFORMS}


def detect(headers: list[str]) -> Platform | None:
    """The platform one of whose signature header sets is all in ``headers`` (the most specific), or None."""
    folded = {bare(h) for h in headers}
    found = [(len(sig), p) for p in PLATFORMS for sig in p.signatures if all(s in folded for s in sig)]
    return max(found, key=lambda x: x[0])[1] if found else None


def by_name(name: str) -> Platform:
    key = fold(name).replace(" ", "_").replace("-", "_")
    if key not in _BY_NAME:
        raise KeyError(name)
    return _BY_NAME[key]


def bare(header: str) -> str:
    """A header folded, without a trailing currency such as " (EUR)" and curly apostrophes straightened."""
    text = fold(str(header).replace("\u2019", "'").replace("\xa0", " "))
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1].strip()
        if len(inner) == 3 and inner.isalpha():
            text = text[: text.rindex("(")].strip()
    return text


def header_currency(header: str) -> str | None:
    """The currency a header names: ``"Cost (EUR)"`` -> ``"EUR"``."""
    text = str(header).strip()
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1].strip()
        if len(inner) == 3 and inner.isalpha() and inner.isupper():
            return inner
    return None
