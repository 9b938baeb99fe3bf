"""The campaign table: its columns, their many names, and the checks of their values.

One row is one campaign on one day (or week, or month): date, channel, campaign and
the volumes and money of that row. Headers may be English or French, in any case,
with or without accents, and common synonyms are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..words import fold


@dataclass(frozen=True)
class Column:
    key: str
    label: tuple[str, str]
    synonyms: tuple[str, ...]
    kind: str  # "date", "text", "count" or "money"
    required: bool = False


COLUMNS = (
    Column(
        "date", ("Date", "Date"), ("day", "jour", "period", "periode", "week", "semaine", "month", "mois"), "date", True
    ),
    Column("channel", ("Channel", "Canal"), ("canal", "source", "medium", "media"), "text"),
    Column("campaign", ("Campaign", "Campagne"), ("campagne", "campaign name", "nom de campagne"), "text"),
    Column("impressions", ("Impressions", "Impressions"), ("impr", "impr.", "views", "vues", "affichages"), "count"),
    Column("reach", ("Reach", "Portée"), ("portee", "couverture", "unique reach"), "count"),
    Column("clicks", ("Clicks", "Clics"), ("clics", "clic", "click"), "count"),
    Column("sessions", ("Sessions", "Sessions"), ("visits", "visites", "visitors", "visiteurs"), "count"),
    Column("leads", ("Leads", "Leads"), ("prospects", "contacts", "lead"), "count"),
    Column(
        "new_customers",
        ("New customers", "Nouveaux clients"),
        ("customers", "clients", "nouveaux clients", "acquisitions", "new clients"),
        "count",
    ),
    Column(
        "orders",
        ("Orders", "Commandes"),
        ("commandes", "purchases", "achats", "transactions", "ventes", "conversions"),
        "count",
    ),
    Column(
        "revenue",
        ("Revenue", "Chiffre d'affaires"),
        ("chiffre d'affaires", "ca", "sales", "revenu", "revenus", "turnover", "income"),
        "money",
    ),
    Column(
        "cost",
        ("Cost", "Coût"),
        (
            "cout",
            "couts",
            "spend",
            "ad spend",
            "depenses",
            "depense",
            "budget depense",
            "amount spent",
            "montant depense",
        ),
        "money",
    ),
    Column("pageviews", ("Page views", "Pages vues"), ("pages vues", "pageviews", "page views"), "count"),
    Column("bounces", ("Single-page sessions", "Sessions à une page"), ("bounces", "rebonds"), "count"),
    Column(
        "delivered", ("Emails delivered", "E-mails délivrés"), ("delivered", "delivres", "emails delivres"), "count"
    ),
    Column("opens", ("Opens", "Ouvertures"), ("ouvertures", "unique opens", "ouvertures uniques"), "count"),
    Column("unsubscribes", ("Unsubscribes", "Désinscriptions"), ("desinscriptions", "desabonnements"), "count"),
)
BY_KEY = {c.key: c for c in COLUMNS}
METRICS = [c.key for c in COLUMNS if c.kind in ("count", "money")]
MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header: more is refused before any work


class DataError(ValueError):
    """The campaign data cannot be used; the message says where and how to fix it."""


def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in COLUMNS:
        for name in (c.key, *c.label, *c.synonyms):
            index.setdefault(fold(name), c.key)
    return index


HEADERS = _header_index() | {
    "currency": "currency",
    "currency code": "currency",
    "devise": "currency",
    "code devise": "currency",
    "code de la devise": "currency",
}
