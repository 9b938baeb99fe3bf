"""The columns of kpixl's campaign table: what each means, its kind and who may supply it.

One row is one campaign of one source on one day (or over ``days`` days from its date): date, channel,
campaign, the source it came from, and the volumes and money of that row. Headers, in any language and as
each platform writes them, are mapped to these keys by :mod:`kpixl.data.vocabulary`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DataError
from ..words import lang_index

__all__ = ["BY_KEY", "COLUMNS", "METRICS", "MAX_ROWS", "Column", "DataError"]


@dataclass(frozen=True)
class Column:
    key: str
    label: tuple[str, str]  # English, French
    kind: str  # "time", "text", "count", "money" or "rate"
    role: str  # who supplies it: "time", "dimension", "exposure", "traffic", "outcome", "platform", "check", "aside"

    def label_in(self, lang: str) -> str:
        return self.label[lang_index(lang)]


def _c(key: str, en: str, fr: str, kind: str, role: str) -> Column:
    return Column(key, (en, fr), kind, role)


COLUMNS = (
    _c("date", "Date", "Date", "time", "time"),
    _c("date_hour", "Date and hour", "Date et heure", "time", "time"),
    _c("week", "Week", "Semaine", "time", "time"),
    _c("month", "Month", "Mois", "time", "time"),
    _c("date_end", "End date", "Date de fin", "time", "time"),
    _c("days", "Days", "Jours", "count", "span"),  # the days a row covers, from its date
    _c("source", "Source", "Source", "text", "origin"),  # the export a row came from
    _c("channel", "Channel", "Canal", "text", "dimension"),
    _c("campaign", "Campaign", "Campagne", "text", "dimension"),
    _c("account", "Account", "Compte", "text", "dimension"),
    _c("currency", "Currency", "Devise", "text", "dimension"),
    _c("stage", "Stage", "Étape", "text", "dimension"),
    # The metrics, in the order the workbooks show them.
    _c("impressions", "Impressions", "Impressions", "count", "exposure"),
    _c("reach", "Reach", "Portée", "count", "exposure"),
    _c("clicks", "Clicks", "Clics", "count", "exposure"),
    _c("sessions", "Sessions", "Sessions", "count", "traffic"),
    _c("leads", "Leads", "Leads", "count", "outcome"),
    _c("new_customers", "New customers", "Nouveaux clients", "count", "outcome"),
    _c("orders", "Orders", "Commandes", "count", "outcome"),
    _c("revenue", "Revenue", "Chiffre d'affaires", "money", "outcome"),
    _c("cost", "Cost", "Coût", "money", "exposure"),
    _c("pageviews", "Page views", "Pages vues", "count", "traffic"),
    _c("bounces", "Single-page sessions", "Sessions à une page", "count", "traffic"),
    _c("delivered", "Emails delivered", "E-mails délivrés", "count", "exposure"),
    _c("opens", "Opens", "Ouvertures", "count", "exposure"),
    _c("unsubscribes", "Unsubscribes", "Désinscriptions", "count", "exposure"),
    _c("clicks_all", "All clicks", "Tous les clics", "count", "exposure"),
    _c("video_views", "Video views", "Vues de vidéos", "count", "exposure"),
    _c("platform_conversions", "Platform conversions", "Conversions (plateformes)", "count", "platform"),
    _c(
        "platform_conversion_value",
        "Platform conversion value",
        "Valeur de conversion (plateformes)",
        "money",
        "platform",
    ),
    # Rates a file may carry beside its sums: checked against them; and what kpixl knows and does not use.
    _c("ctr", "CTR", "CTR", "rate", "check"),
    _c("cpc", "CPC", "CPC", "rate", "check"),
    _c("cpm", "CPM", "CPM", "rate", "check"),
    _c("views", "Views", "Vues", "rate", "ambiguous"),  # page views (GA4) or video views (YouTube, TikTok)
    _c("aside", "Known, not used", "Connue, non utilisée", "rate", "aside"),
)
BY_KEY = {c.key: c for c in COLUMNS}
METRICS = [c.key for c in COLUMNS if c.role in ("exposure", "traffic", "outcome", "platform")]
TIME = [c.key for c in COLUMNS if c.role == "time"]
MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header: more is refused before any work
