"""The campaign table: its columns, their many names, and the checks of their values.

One row is one campaign on one day (or week, or month): date, channel, campaign and
the volumes and money of that row. Headers may be English or French, in any case,
with or without accents, and common synonyms are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..words import fold


@dataclass(frozen=True)
class Column:
    key: str
    label: tuple[str, str]
    synonyms: tuple[str, ...]
    kind: str  # "date", "text", "count" or "money"
    required: bool = False


COLUMNS = (
    Column("date", ("Date", "Date"), ("day", "jour", "period", "periode", "week", "semaine"), "date", True),
    Column("channel", ("Channel", "Canal"), ("canal", "source", "medium", "media"), "text", True),
    Column("campaign", ("Campaign", "Campagne"), ("campagne", "campaign name", "nom de campagne"), "text", True),
    Column("impressions", ("Impressions", "Impressions"), ("impr", "impr.", "views", "vues", "affichages"), "count"),
    Column("reach", ("Reach", "Portée"), ("portee", "couverture", "unique reach"), "count"),
    Column("clicks", ("Clicks", "Clics"), ("clics", "clic", "click"), "count"),
    Column("sessions", ("Sessions", "Sessions"), ("visits", "visites", "visitors", "visiteurs"), "count"),
    Column("leads", ("Leads", "Leads"), ("prospects", "contacts", "lead"), "count"),
    Column("new_customers", ("New customers", "Nouveaux clients"),
           ("customers", "clients", "nouveaux clients", "acquisitions", "new clients"), "count"),
    Column("orders", ("Orders", "Commandes"), ("commandes", "purchases", "achats", "transactions", "ventes"), "count"),
    Column("revenue", ("Revenue", "Chiffre d'affaires"),
           ("chiffre d'affaires", "ca", "sales", "revenu", "revenus", "turnover", "income"), "money"),
    Column("cost", ("Cost", "Coût"), ("cout", "couts", "spend", "ad spend", "depenses", "depense", "budget depense",
                                      "amount spent", "montant depense"), "money", True),
    Column("pageviews", ("Page views", "Pages vues"), ("pages vues", "pageviews", "page views"), "count"),
    Column("bounces", ("Single-page sessions", "Sessions à une page"), ("bounces", "rebonds"), "count"),
    Column("delivered", ("Emails delivered", "E-mails délivrés"), ("delivered", "delivres", "emails delivres"),
           "count"),
    Column("opens", ("Opens", "Ouvertures"), ("ouvertures", "unique opens", "ouvertures uniques"), "count"),
    Column("unsubscribes", ("Unsubscribes", "Désinscriptions"), ("desinscriptions", "desabonnements"), "count"),
)
BY_KEY = {c.key: c for c in COLUMNS}
METRICS = [c.key for c in COLUMNS if c.kind in ("count", "money")]
MAX_ROWS = 2_000_000


class DataError(ValueError):
    """The campaign data cannot be used; the message says where and how to fix it."""


def _header_index() -> dict[str, str]:
    index = {}
    for c in COLUMNS:
        for name in (c.key, *c.label, *c.synonyms):
            index.setdefault(fold(name), c.key)
    return index


HEADERS = _header_index()


def normalize(raw: pd.DataFrame) -> pd.DataFrame:
    """Canonical columns, types checked: dates as datetimes, numbers as floats >= 0.

    Raises DataError naming the column and the (1-based, header = 1) row of the first problem.
    """
    rename, seen = {}, {}
    for col in raw.columns:
        key = HEADERS.get(fold(col))
        if key is None:
            continue
        if key in seen:
            raise DataError(f"columns {seen[key]!r} and {col!r} both mean {BY_KEY[key].label[0]!r}; keep one")
        seen[key] = col
        rename[col] = key
    missing = [c for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        c = missing[0]
        raise DataError(f"missing column {c.label[0]!r} (also accepted: {c.label[1]!r}, "
                        f"{', '.join(repr(s) for s in c.synonyms[:3])}); found: {', '.join(map(str, raw.columns))}")
    if len(raw) == 0:
        raise DataError("the data has a header but no rows")
    if len(raw) > MAX_ROWS:
        raise DataError(f"{len(raw):,} rows is more than kpixl handles ({MAX_ROWS:,}); split the data by year")
    df = raw[list(rename)].rename(columns=rename)
    out = pd.DataFrame(index=range(len(df)))
    for c in COLUMNS:
        if c.key not in df:
            continue
        values = df[c.key].reset_index(drop=True)
        if c.kind == "date":
            out[c.key] = _dates(values, seen[c.key])
        elif c.kind == "text":
            out[c.key] = values.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
            out[c.key] = out[c.key].str.strip()
            blank = out[c.key] == ""
            if blank.any():
                raise DataError(f"column {seen[c.key]!r}, row {_row(blank)}: empty; every row needs a {c.key}")
        else:
            out[c.key] = _numbers(values, seen[c.key])
    out["month"] = out["date"].dt.year * 100 + out["date"].dt.month
    return out


def _row(mask: pd.Series) -> int:
    return int(np.flatnonzero(mask.to_numpy())[0]) + 2  # +1 for 1-based, +1 for the header line


def _numbers(values: pd.Series, name: str) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        raise DataError(f"column {name!r}, row 2: {values.iloc[0]!r} is not a number")
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype(float)
    else:  # text: "1 234,5" or "1234.5"; anything else is an error, not a silent zero
        cleaned = values.map(_number_text)
        numbers = pd.to_numeric(cleaned, errors="coerce")
        bad = numbers.isna() & cleaned.map(lambda v: v is not None and v != "")
        if bad.any():
            i = _row(bad)
            raise DataError(f"column {name!r}, row {i}: {values.iloc[i - 2]!r} is not a number")
        numbers = numbers.astype(float)
    if (numbers < 0).any():
        i = _row(numbers < 0)
        raise DataError(f"column {name!r}, row {i}: {numbers.iloc[i - 2]:g} is negative")
    if np.isinf(numbers).any():
        raise DataError(f"column {name!r}, row {_row(np.isinf(numbers))}: not a finite number")
    return numbers.fillna(0.0)


def _number_text(v: object) -> object:
    if isinstance(v, bool):
        return "not a number"
    if isinstance(v, str):
        v = v.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        if "," in v and "." in v:  # 1,234.5 or 1.234,5: the last one is the decimal mark
            v = v.replace(".", "").replace(",", ".") if v.rfind(",") > v.rfind(".") else v.replace(",", "")
        return v.replace(",", ".")
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return v


def _dates(values: pd.Series, name: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
    else:
        text = values.map(lambda v: v.strip() if isinstance(v, str) else v)
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
        retry = parsed.isna() & text.notna()
        if retry.any():  # 31/12/2025, the French way
            parsed[retry] = pd.to_datetime(text[retry], errors="coerce", dayfirst=True, format="mixed")
    bad = parsed.isna()
    if bad.any():
        i = _row(bad)
        raise DataError(f"column {name!r}, row {i}: {values.iloc[i - 2]!r} is not a date "
                        "(use 2025-12-31 or 31/12/2025)")
    parsed = pd.to_datetime(parsed)
    if parsed.dt.tz is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.dt.normalize()
