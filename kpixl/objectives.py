"""The business objectives a dashboard can show (article 002 of the sources), one table.

An objective's dashboard tiles are the KPIs whose catalog entry names it (``Dashboard.objectives``);
here are its code, its labels and the KPIs a SMART goal for it would track. The table loads no
numpy, so that the command line's help can list it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .words import lang_index


@dataclass(frozen=True)
class Objective:
    labels: tuple[str, str]  # English, French
    goals: tuple[str, ...]  # the catalog KPIs a SMART goal for this objective would track

    def label_in(self, lang: str) -> str:
        return self.labels[lang_index(lang)]


OBJECTIVES: dict[str, Objective] = {
    "awareness": Objective(("Awareness", "Notoriété"), ("FREQUENCY", "TRAFFIC_SHARE", "NET_SENTIMENT", "CTR")),
    "leads": Objective(("Leads", "Leads"), ("CTR", "CPC", "LEAD_CONVERSION_RATE", "CPL", "MQL_TO_SQL_RATE")),
    "conversion": Objective(
        ("Conversion and sales", "Conversion et ventes"),
        ("CONVERSION_RATE", "CPA", "AOV", "ROI", "ROAS", "MARKETING_REVENUE_SHARE"),
    ),
    "loyalty": Objective(
        ("Loyalty", "Fidélisation"),
        ("CHURN_RATE", "RETENTION_RATE", "PURCHASE_FREQUENCY", "LTV", "LTV_CAC", "NPS", "CSAT"),
    ),
    "content": Objective(
        ("Content and SEO", "Contenu et SEO"),
        ("TRAFFIC_SHARE", "AVG_POSITION", "PAGES_PER_SESSION", "BOUNCE_RATE", "CONTENT_CONVERSION_RATE"),
    ),
    "email": Objective(
        ("Email", "E-mailing"),
        ("OPEN_RATE", "CLICK_RATE", "CLICK_TO_OPEN_RATE", "UNSUBSCRIBE_RATE", "EMAIL_BOUNCE_RATE"),
    ),
}
